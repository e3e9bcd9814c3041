"""Where a converted body is written: ordinary HTML, and the pieces built by hand.

The converter writes two kinds of piece, in order. Ordinary HTML (``raw``: an author's
markup, or markup made from it) is kept to the allowlist by ``markup.ordinary`` a piece
at a time, so that an unclosed tag in one block cannot swallow the next; its pictures
(``<img>``) become references and leave the paragraphs that held them. Picture
references and galleries (``trusted``) are built here from escaped values, since
``sanitise`` would refuse them (``image:`` is no web address). ``html`` then runs each
stretch of ordinary pieces through ``content.text.sanitise``::

    writer = Writer(pictures)
    writer.raw("<p>Hi <img class='wp-image-9' src='a.jpg'></p>")
    writer.html()     # '<p>Hi </p>\\n<img src="image:12" alt="" title="">'

Pictures come from ``Pictures``, by attachment id first, then by address; those it does
not know are left out and listed in ``missing``. What is left out or kept only as a link
is counted in ``unconverted``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from html import escape
from typing import Protocol
from urllib.parse import unquote, urlsplit

from thepost.wordpress.convert import dom, markup

_CLASS_ID = re.compile(r"\bwp-image-(\d{1,18})\b")
_DIGITS = re.compile(r"\d{1,18}")

PROVIDERS = {
    "youtube": "YouTube", "vimeo": "Vimeo", "twitter": "Twitter", "facebook": "Facebook",
    "instagram": "Instagram", "wordpress-tv": "WordPress.tv", "soundcloud": "SoundCloud",
    "spotify": "Spotify", "flickr": "Flickr", "tiktok": "TikTok", "dailymotion": "Dailymotion",
    "reddit": "Reddit", "tumblr": "Tumblr", "ted": "TED", "slideshare": "SlideShare",
    "mixcloud": "Mixcloud", "videopress": "VideoPress", "wordpress": "WordPress",
}  # fmt: skip
_HOSTS = {
    "youtube.com": "youtube", "youtu.be": "youtube", "vimeo.com": "vimeo",
    "twitter.com": "twitter", "x.com": "twitter", "facebook.com": "facebook",
    "instagram.com": "instagram", "wordpress.tv": "wordpress-tv", "flickr.com": "flickr",
    "soundcloud.com": "soundcloud", "spotify.com": "spotify", "tiktok.com": "tiktok",
}  # fmt: skip


class Pictures(Protocol):
    """The importer's pictures: WordPress attachments already stored as images."""

    def by_id(self, wp_id: int) -> int | None:
        """The image id of a WordPress attachment."""

    def by_url(self, url: str) -> int | None:
        """The image id of an upload, from any of its addresses (sizes, ``-scaled``)."""


def integer(value: object) -> int | None:
    """An id from a block's attributes or markup, which may hold anything."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        return int(value)
    return None


def ids(listed: str) -> list[int]:
    return [int(i) for i in _DIGITS.findall(listed)]


def is_web(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def image_id(img: dom.Element | None) -> int | None:
    """The attachment id WordPress writes on an image (``wp-image-611``, ``data-id``)."""
    if img is None:
        return None
    found = _CLASS_ID.search(img.get("class"))
    return int(found.group(1)) if found else integer(img.get("data-id"))


def _file_name(url: str) -> str:
    return unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]) or url


def _provider(slug: str, url: str) -> str:
    if not slug:
        host = (urlsplit(url).hostname or "").removeprefix("www.").removeprefix("m.")
        slug = _HOSTS.get(host, "")
        if not slug:
            return host or "Embed"
    return PROVIDERS.get(slug, slug.replace("-", " ").title())


def _figure_captions(root: dom.Element) -> tuple[dict[dom.Element, str], set[dom.Element]]:
    """For each figure of classic HTML holding a picture: the picture's caption (the
    figure's ``<figcaption>``, which is then left out)."""
    captions: dict[dom.Element, str] = {}
    figcaptions: set[dom.Element] = set()
    for figure in (e for e in dom.elements(root) if e.tag == "figure"):
        img = dom.first(figure, "img")
        kids = [c for c in figure.children if isinstance(c, dom.Element)]
        figcaption = next((c for c in kids if c.tag == "figcaption"), None)
        if img is not None and figcaption is not None and img not in captions:
            captions[img] = markup.collapse(dom.text(figcaption))
            figcaptions.add(figcaption)
    return captions, figcaptions


class Writer:
    def __init__(self, pictures: Pictures, attached: Sequence[int] = ()) -> None:
        self.pictures = pictures
        self.attached = attached  # the post's pictures, for a [gallery] naming none
        self.unconverted: Counter[str] = Counter()
        self.missing: list[str] = []
        self.ids: list[int] = []
        self._pieces: list[tuple[str, bool]] = []  # (HTML, is built here)
        self._buffer: list[str] = []
        self._loose = False  # the buffer may hold bare text among blocks

    def raw(self, html: str, loose: bool = False) -> None:
        """Ordinary HTML, cleaned when its piece ends. ``loose`` HTML (a custom HTML block)
        may have bare text among its blocks, which is then put in paragraphs."""
        self._buffer.append(html)
        self._loose = self._loose or loose

    def trusted(self, html: str) -> None:
        self.flush()
        self._pieces.append((html, True))

    def flush(self) -> None:
        """Ends the piece of ordinary HTML being written."""
        if not self._buffer:
            return
        html = markup.ordinary("".join(self._buffer))
        loose, self._buffer, self._loose = self._loose, [], False
        if "<img" not in html and not loose:
            if html.strip():
                self._pieces.append((html, False))
            return
        root = dom.loose_runs(dom.parse(html)) if loose else dom.parse(html)
        captions, figcaptions = _figure_captions(root)

        def picture(img: dom.Element) -> str | None:
            caption = captions.get(img, "")
            return self.picture(image_id(img), img.get("src"), img.get("alt"), caption)

        self._pieces += dom.split(root, picture, skip=figcaptions.__contains__)

    def html(self) -> str:
        """What was written: each run of ordinary pieces through ``sanitise`` at once (each
        piece is balanced, so none can reach into the next), the rest as built."""
        self.flush()
        out: list[str] = []
        run: list[str] = []
        for html, is_built in [*self._pieces, ("", True)]:
            if not is_built:
                run.append(html.strip())
                continue
            if run and (cleaned := markup.safe("\n".join(run)).strip()):
                out.append(cleaned)
            run = []
            out.append(html)
        return "\n".join(piece for piece in out if piece)

    def picture(self, wp_id: int | None, url: str, alt: str, caption: str) -> str | None:
        """A reference to the picture, or ``None`` (and the picture listed as missing)."""
        found = self.pictures.by_id(wp_id) if wp_id is not None else None
        if found is None and url:
            found = self.pictures.by_url(url)
        if found is None:
            if url or wp_id is not None:
                self.missing.append(url or f"attachment {wp_id}")
            return None
        self.ids.append(found)
        return markup.reference(found, markup.collapse(alt), markup.collapse(caption))

    def gallery(self, references: list[str], caption_html: str) -> None:
        """The pictures as a gallery; a picture alone as itself."""
        if not references:
            return
        caption = markup.safe(markup.inline(caption_html)) if caption_html.strip() else ""
        if len(references) == 1:
            self.trusted(references[0])
            if caption:
                self.raw(f"<p>{caption}</p>\n")
        else:
            figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
            self.trusted(f'<figure class="gallery">{"".join(references)}{figcaption}</figure>')

    def embed(self, url: str, slug: str, caption_html: str) -> bool:
        """A link to what WordPress would have embedded (a video, a post): ``False`` when
        ``url`` is no web address."""
        if not is_web(url):
            return False
        caption = markup.inline(caption_html)
        figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
        link = f"{escape(_provider(slug, url))}: {escape(url)}"
        self.flush()
        self.raw(f'<figure class="embed"><a href="{escape(url)}">{link}</a>{figcaption}</figure>')
        self.flush()
        return True

    def link(self, url: str, name: str, counted: str) -> None:
        """A paragraph linking to a file The Post does not show (a video, a PDF)."""
        if is_web(url):
            name = markup.collapse(name) or _file_name(url)
            self.raw(f'<p><a href="{escape(url)}">{escape(name)}</a></p>\n')
            self.unconverted[f"{counted} (kept as a link)"] += 1
        else:
            self.unconverted[counted] += 1
