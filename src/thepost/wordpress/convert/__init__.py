"""A WordPress post's content as the HTML body of a story: ``convert``.

WordPress stores a post as it was typed: block-editor markup (HTML between
``<!-- wp:name {attrs} -->`` comments), classic-editor text (paragraphs left to blank
lines, ``[caption]`` and ``[gallery]`` shortcodes), or both. ``convert`` reads either and
writes what an imported body holds (``body_format="html"``): plain HTML within
``content.text``'s allowlist, and a *picture reference* for each picture, standing alone
between blocks, which ``content.bodies.render`` turns into a responsive figure::

    <img src="image:12" alt="A bell on the wharf" title="Bell on wharf in San Francisco">
    <figure class="gallery"><img src="image:12" ...><img src="image:13" ...></figure>
    <figure class="embed"><a href="https://youtu.be/x">YouTube: https://youtu.be/x</a></figure>

Pictures are found by the importer, through ``Pictures``: a WordPress attachment id or
any address of an upload (a size such as ``-300x225``, ``-scaled``) to The Post's image
id. What cannot come across is said, not hidden::

    result = convert(item.content, pictures, attached=[611, 612])
    result.html          # safe: its HTML has passed content.text.sanitise
    result.unconverted   # Counter({"block:core/search": 2, "shortcode:contact-form": 1})
    result.missing       # ["https://example.com/wp-content/uploads/gone.jpg", "attachment 9"]
    result.pictures      # [12, 13]: the images the body shows, in order

Dynamic blocks (latest posts, archives, a search form: drawn by WordPress when shown)
are dropped; unknown blocks and shortcodes keep their text; audio, video and files
become links; embeds never become iframes.

The parts: ``blocks`` reads the block comments, ``gutenberg`` writes each kind of block,
``classic`` the freeform text (``shortcodes``, then ``autop``'s paragraphs), ``writer``
holds what is written and the pictures, ``markup`` and ``dom`` clean and read HTML. Each
reads in time linear in its input and none recurses on a post's nesting.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from thepost.wordpress.convert import gutenberg
from thepost.wordpress.convert.autop import autop
from thepost.wordpress.convert.blocks import parse
from thepost.wordpress.convert.writer import Pictures, Writer

__all__ = ["Converted", "Pictures", "autop", "convert"]


@dataclass
class Converted:
    html: str
    unconverted: Counter[str] = field(default_factory=Counter)  # "block:core/search": 2
    missing: list[str] = field(default_factory=list)  # pictures not found: URL or "attachment 9"
    pictures: list[int] = field(default_factory=list)  # image ids shown, in order


def convert(content: str, pictures: Pictures, attached: Sequence[int] = ()) -> Converted:
    """A post's content as a body. ``attached`` are the WordPress ids of the images
    attached to the post, which a ``[gallery]`` without ``ids`` shows."""
    writer = Writer(pictures, attached)
    gutenberg.write(writer, parse(content))
    return Converted(outline(writer.html()), writer.unconverted, writer.missing, writer.ids)


_HEADING = re.compile(r"<(/?)h([1-6])\b", re.I)


def outline(html: str) -> str:
    """Headings renumbered from ``h2`` with no level skipped, their order kept: the
    story's headline is the page's ``h1``, and a body that used ``h3`` then ``h6`` (for
    their size, as WordPress themes invite) reads ``h2`` then ``h3``."""
    used = sorted({int(level) for _, level in _HEADING.findall(html)})
    levels = {level: min(6, 2 + n) for n, level in enumerate(used)}
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{levels[int(m.group(2))]}", html)
