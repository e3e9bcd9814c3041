"""Block-editor blocks, each kind written its way.

``write`` walks the blocks with a stack of its own (a post nested 10,000 deep is walked
like a flat one). A block is one of:

- a *leaf* (``LEAVES``), written whole from its markup and attributes: a heading, an
  image (a picture reference), a gallery, an embed (a link, never an iframe), a video,
  audio or file (a link to it), a table, buttons (links), custom HTML (kept, cleaned);
- *flat* (``FLAT``): columns, groups, covers, media and text, whose wrappers go and whose
  inner blocks are written one after the other (a cover's or media block's picture
  first), each a piece of its own;
- *kept* (``KEPT``): paragraphs, lists, quotes, preformatted text, written as their HTML
  with their inner blocks' in place, in one piece;
- *dynamic* (``is_dynamic``): latest posts, archives, a search form, a query loop, drawn
  by WordPress when shown: dropped, with all they hold, and counted;
- any other: its HTML kept, cleaned, and counted.

More blocks, page breaks and spacers are dropped as having nothing to show.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import escape
from typing import Any

from thepost.wordpress.convert import classic, dom, markup
from thepost.wordpress.convert.blocks import Block
from thepost.wordpress.convert.writer import Writer, image_id, integer

_WEB_ADDRESS = re.compile(r"https?://[^\s<>\"]+")
DYNAMIC = {
    "archives", "avatar", "block", "calendar", "categories", "footnotes", "home-link",
    "latest-comments", "latest-posts", "legacy-widget", "loginout", "navigation",
    "navigation-link", "navigation-submenu", "page-list", "page-list-item", "pattern",
    "read-more", "rss", "search", "social-link", "social-links", "tag-cloud",
    "template-part", "term-description", "widget-group",
}  # fmt: skip
_DYNAMIC_FAMILIES = ("query", "post-", "site-", "comment", "navigation-")
_PULLQUOTE = frozenset({"figure", "figcaption"})
_MEDIA = frozenset({"img", "figure", "figcaption"})


@dataclass
class _Frame:
    """A block whose own HTML and inner blocks are written in turn."""

    block: Block
    kept: bool  # all in one piece (a list and its items); else each inner block alone
    dropped: frozenset[str] = frozenset()  # tags left out of its own HTML
    index: int = 0
    child: int = 0


def is_dynamic(name: str) -> bool:
    """Whether a block is drawn by the site when shown (archives, a query loop ...) and so
    stores nothing of its own."""
    namespace, _, short = name.partition("/")
    return namespace == "core" and (short in DYNAMIC or short.startswith(_DYNAMIC_FAMILIES))


def converts(name: str) -> bool:
    """Whether a block is written as The Post's own HTML (not dropped, nor kept as it is)."""
    short = name.removeprefix("core/")
    return name.startswith("core-embed/") or (
        name.startswith("core/") and (short in LEAVES or short in FLAT or short in KEPT)
    )


def write(writer: Writer, top: list[Block]) -> None:
    frames = [_Frame(Block("", inner_blocks=top, inner_content=[None] * len(top)), False)]
    kept = 0  # open frames writing one piece
    while frames:
        frame = frames[-1]
        if frame.index == len(frame.block.inner_content):
            frames.pop()
            kept -= frame.kept
            if not kept:
                writer.flush()
            continue
        part = frame.block.inner_content[frame.index]
        frame.index += 1
        if part is not None:
            writer.raw(markup.without(part, frame.dropped) if frame.dropped else part)
            continue
        block = frame.block.inner_blocks[frame.child]
        frame.child += 1
        if not kept:
            writer.flush()
        if (inner := _block(writer, block)) is not None:
            frames.append(inner)
            kept += inner.kept


def _block(writer: Writer, block: Block) -> _Frame | None:
    """Writes a block, or gives the frame its HTML and inner blocks are written in."""
    name = block.name
    short = name.removeprefix("core/") if name.startswith("core/") else ""
    if not name:
        classic.write(writer, block.inner_html)
    elif name.startswith("core-embed/"):
        _embed(writer, block)
    elif short in LEAVES:
        LEAVES[short](writer, block)
    elif short in FLAT:
        return FLAT[short](writer, block)
    elif short in KEPT:
        return _Frame(block, True)
    else:
        writer.unconverted[f"block:{name}"] += 1
        if not is_dynamic(name):
            writer.raw("", loose=True)
            return _Frame(block, True)
    return None


def _string(attrs: Mapping[str, Any], key: str) -> str:
    value = attrs.get(key)
    return value.strip() if isinstance(value, str) else ""


def _heading(writer: Writer, block: Block) -> None:
    level = min(max(integer(block.attrs.get("level")) or 2, 2), 6)
    if content := markup.inline(block.inner_html):
        writer.raw(f"<h{level}>{content}</h{level}>\n")


def _image_reference(writer: Writer, block: Block) -> str | None:
    root = markup.read(block.inner_html)
    img = dom.first(root, "img")
    wp_id = integer(block.attrs.get("id"))
    wp_id = image_id(img) if wp_id is None else wp_id
    url = img.get("src") if img else _string(block.attrs, "url")
    if wp_id is None and not url:
        return None
    alt = img.get("alt") if img else _string(block.attrs, "alt")
    caption = markup.collapse(dom.text(dom.first(root, "figcaption")))
    return writer.picture(wp_id, url, alt, caption)


def _image(writer: Writer, block: Block) -> None:
    if reference := _image_reference(writer, block):
        writer.trusted(reference)


def _gallery(writer: Writer, block: Block) -> None:
    root = markup.read(block.inner_html)
    if not block.inner_blocks:
        _old_gallery(writer, root)
        return
    references = []
    for child in block.inner_blocks:
        if child.name != "core/image":
            writer.unconverted[f"block:{child.name}"] += 1
        elif reference := _image_reference(writer, child):
            references.append(reference)
    writer.gallery(references, dom.inner_html(dom.first(root, "figcaption")))


def _old_gallery(writer: Writer, root: dom.Element) -> None:
    """A gallery saved before WordPress 5.9: a list of figures, not image blocks."""
    outer = dom.first(root, "figure")
    caption = ""
    references = []
    for element in dom.elements(root):
        if element.tag == "figcaption" and element.parent is outer:
            caption = dom.inner_html(element)
        elif element.tag == "img":
            words = markup.collapse(dom.text(_item_caption(element, outer)))
            alt = element.get("alt")
            if reference := writer.picture(image_id(element), element.get("src"), alt, words):
                references.append(reference)
    writer.gallery(references, caption)


def _item_caption(img: dom.Element, outer: dom.Element | None) -> dom.Element | None:
    """The ``<figcaption>`` of the figure holding ``img`` (not the gallery's own)."""
    item = img.parent
    while item is not None and item.tag != "figure":
        item = item.parent
    if item is None or item is outer:
        return None
    kids = (c for c in item.children if isinstance(c, dom.Element))
    return next((c for c in kids if c.tag == "figcaption"), None)


def _embed(writer: Writer, block: Block) -> None:
    root = markup.read(block.inner_html)
    url = _string(block.attrs, "url")
    if not url and (found := _WEB_ADDRESS.search(dom.text(root))):
        url = found.group(0)
    slug = _string(block.attrs, "providerNameSlug") or block.name.partition("/")[2]
    caption = dom.inner_html(dom.first(root, "figcaption"))
    if not writer.embed(url, "" if slug == "embed" else slug, caption):
        writer.unconverted[f"block:{block.name}"] += 1


def _media(writer: Writer, block: Block) -> None:
    root = markup.read(block.inner_html)
    kind = block.name.removeprefix("core/")
    if kind == "file":
        anchor = dom.first(root, "a")
        url = _string(block.attrs, "href") or (anchor.get("href") if anchor else "")
        writer.link(url, dom.text(anchor), f"block:{block.name}")
        return
    player = dom.first(root, kind)
    source = dom.first(player, "source")
    url = (player.get("src") if player else "") or (source.get("src") if source else "")
    writer.link(url, "", f"block:{block.name}")
    if caption := markup.inline(dom.inner_html(dom.first(root, "figcaption"))):
        writer.raw(f"<p>{caption}</p>\n")


def _table(writer: Writer, block: Block) -> None:
    root = markup.read(block.inner_html)
    if (table := dom.first(root, "table")) is not None:
        writer.raw(f"<table>{dom.inner_html(table)}</table>\n")
    if caption := markup.inline(dom.inner_html(dom.first(root, "figcaption"))):
        writer.raw(f"<p>{caption}</p>\n")


def _pullquote(writer: Writer, block: Block) -> None:
    writer.raw(markup.without(block.inner_html, _PULLQUOTE))


def _html(writer: Writer, block: Block) -> None:
    writer.raw(block.inner_html, loose=True)
    writer.unconverted[f"block:{block.name}"] += 1


def _button_link(block: Block) -> str:
    anchor = dom.first(markup.read(block.inner_html), "a")
    if anchor is None:
        return markup.inline(block.inner_html)
    label = markup.inline(dom.inner_html(anchor))
    href = anchor.get("href")
    return f'<a href="{escape(href)}">{label}</a>' if href and label else label


def _button(writer: Writer, block: Block) -> None:
    if link := _button_link(block):
        writer.raw(f"<p>{link}</p>\n")


def _buttons(writer: Writer, block: Block) -> None:
    links = [_button_link(child) for child in block.inner_blocks if child.name == "core/button"]
    if links := [link for link in links if link]:
        writer.raw(f"<p>{' '.join(links)}</p>\n")


def _picture_first(writer: Writer, wp_id: int | None, url: str, alt: str) -> None:
    if (url or wp_id is not None) and (reference := writer.picture(wp_id, url, alt, "")):
        writer.trusted(reference)


def _cover(writer: Writer, block: Block) -> _Frame:
    if _string(block.attrs, "backgroundType") == "video":
        writer.unconverted[f"block:{block.name} (video background dropped)"] += 1
    else:
        img = dom.first(markup.read(block.inner_html), "img")
        alt = _string(block.attrs, "alt") or (img.get("alt") if img else "")
        _picture_first(writer, integer(block.attrs.get("id")), _string(block.attrs, "url"), alt)
    return _Frame(block, False, _MEDIA)


def _media_text(writer: Writer, block: Block) -> _Frame:
    root = markup.read(block.inner_html)
    if _string(block.attrs, "mediaType") == "video":
        video = dom.first(root, "video")
        url = _string(block.attrs, "mediaUrl") or (video.get("src") if video else "")
        writer.link(url, "", f"block:{block.name}")
    else:
        img = dom.first(root, "img")
        url = _string(block.attrs, "mediaUrl") or (img.get("src") if img else "")
        alt = _string(block.attrs, "mediaAlt") or (img.get("alt") if img else "")
        _picture_first(writer, integer(block.attrs.get("mediaId")), url, alt)
    return _Frame(block, False, _MEDIA)


def _nothing(writer: Writer, block: Block) -> None:
    return None


LEAVES: dict[str, Callable[[Writer, Block], None]] = {
    "heading": _heading,
    "image": _image,
    "gallery": _gallery,
    "embed": _embed,
    "video": _media,
    "audio": _media,
    "file": _media,
    "table": _table,
    "pullquote": _pullquote,
    "html": _html,
    "button": _button,
    "buttons": _buttons,
    "shortcode": lambda writer, block: classic.write(writer, block.inner_html),
    "freeform": lambda writer, block: classic.write(writer, block.inner_html),
    "separator": lambda writer, block: writer.raw("<hr>\n"),
    "spacer": _nothing,
    "more": _nothing,
    "nextpage": _nothing,
}
FLAT: dict[str, Callable[[Writer, Block], _Frame]] = {
    "group": lambda writer, block: _Frame(block, False),
    "columns": lambda writer, block: _Frame(block, False),
    "column": lambda writer, block: _Frame(block, False),
    "text-columns": lambda writer, block: _Frame(block, False),
    "cover": _cover,
    "media-text": _media_text,
}
KEPT = {"paragraph", "list", "list-item", "quote", "preformatted", "code", "verse", "subhead"}
