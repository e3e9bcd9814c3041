"""Post content from WordPress (Gutenberg blocks, classic HTML, shortcodes) as the HTML
body The Post renders: its own figures for pictures, plain allowed HTML for the rest.

Pictures the import knows become picture references (``<img src="image:ID" ...>`` on
their own, which ``content.bodies`` renders as responsive figures); a gallery is a
``<figure class="gallery">`` of them; an embed is a link in a ``<figure class="embed">``
(no frames, no scripts). What has no equivalent is kept as sanitised HTML, or dropped
when it only showed WordPress's own lists (latest posts, archives, a search box), and
counted by name for the report. Everything is sanitised (``content.text.sanitise``)::

    converted = convert('<!-- wp:paragraph --><p>Hi</p><!-- /wp:paragraph -->', pictures)
    converted.html         # '<p>Hi</p>'
    converted.unconverted  # Counter() ; converted.missing: pictures not found

Every pass is linear in the input, whatever it holds: blocks are found with ``str.find``
and nested with an explicit stack (bounded in depth), shortcodes' closing tags are looked
up in an index built once.
"""

from __future__ import annotations

import bisect
import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape, unescape
from typing import Any, Protocol

from thepost.content.text import sanitise

MAX_DEPTH = 40  # deeper blocks are read as content of the one at this depth


class Pictures(Protocol):
    def by_id(self, wp_id: int) -> int | None: ...

    def by_url(self, url: str) -> int | None: ...


@dataclass
class Converted:
    html: str
    unconverted: Counter[str] = field(default_factory=Counter)
    missing: list[str] = field(default_factory=list)
    pictures: list[int] = field(default_factory=list)


@dataclass
class _Block:
    name: str
    attrs: dict[str, Any]
    parts: list[str | _Block] = field(default_factory=list)

    def inner(self) -> str:
        return "".join(p for p in self.parts if isinstance(p, str))

    def blocks(self) -> list[str | _Block]:
        return [p for p in self.parts if isinstance(p, _Block)]


_OPENER = re.compile(
    r"<!--\s+(/)?wp:([a-z][a-z0-9_-]*/)?([a-z][a-z0-9_-]*)\s*(\{.*\})?\s*(/)?\s*-->", re.S
)
_IMG = re.compile(r"<img\b[^<>]*>", re.I)
_ATTR = re.compile(r"""([a-zA-Z_:][-\w:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")
_FIGCAPTION = re.compile(r"<figcaption\b[^<>]*>(.*?)</figcaption>", re.I | re.S)
_HREF = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", re.I)
_H1 = re.compile(r"<(/?)h1\b", re.I)
_TAG = re.compile(r"<[^<>]*>")
_MARK = "\ue000"  # a picture reference's place while the HTML around it is sanitised
_REF = re.compile(_MARK + r"(\d+)" + _MARK)
_LONE_REF = re.compile(
    r"<p>(?:\s|<br\s*/?>)*(" + _MARK + r"\d+" + _MARK + r")(?:\s|<br\s*/?>)*</p>"
)
DROPPED = {
    "archives", "calendar", "categories", "latest-comments", "latest-posts", "page-list",
    "rss", "search", "tag-cloud", "loginout", "navigation", "template-part", "avatar",
    "social-links", "social-link", "comments", "read-more", "term-description", "spacer",
    "more", "nextpage", "home-link", "navigation-link", "pattern", "block",
}  # fmt: skip
DROPPED_PREFIXES = ("query", "post-", "site-", "comment")
CONTAINERS = {"columns", "column", "group", "row", "stack", "buttons", "button", "details",
              "list", "list-item", "quote"}  # fmt: skip
AS_LINKS = {"video", "audio", "file"}


def convert(content: str, pictures: Pictures, attached: Sequence[int] = ()) -> Converted:
    """``content`` (a post's ``content:encoded``) as a body The Post renders."""
    return _Converter(pictures, attached).run(content)


class _Converter:
    def __init__(self, pictures: Pictures, attached: Sequence[int]) -> None:
        self.pictures, self.attached = pictures, attached
        self.out = Converted("")
        self.refs: list[str] = []

    def run(self, content: str) -> Converted:
        html = "".join(self._render(part) for part in _parse(content))
        html = _LONE_REF.sub(r"\1", html)
        html = sanitise(_H1.sub(r"<\1h2", html))
        html = _REF.sub(lambda m: self.refs[int(m.group(1))], html)
        self.out.html = html.replace("<p></p>", "").strip()
        return self.out

    # -- pictures ---------------------------------------------------------------------

    def _ref(self, wp_id: int | None, url: str, alt: str, caption: str) -> str:
        image_id = (self.pictures.by_id(wp_id) if wp_id else None) or (
            self.pictures.by_url(url) if url else None
        )
        if image_id is None:
            self.out.missing.append(url or f"attachment {wp_id}")
            return ""
        self.out.pictures.append(image_id)
        self.refs.append(
            f'<img src="image:{image_id}" alt="{escape(alt)}" title="{escape(caption)}">'
        )
        return f"</p>{_MARK}{len(self.refs) - 1}{_MARK}<p>"

    def _img(self, tag: str, caption: str = "", wp_id: int | None = None) -> str:
        attrs = _attributes(tag)
        if wp_id is None:
            found = re.search(r"wp-image-(\d+)", attrs.get("class", ""))
            wp_id = int(found.group(1)) if found else _number(attrs.get("data-id", ""))
        return self._ref(wp_id, attrs.get("src", ""), attrs.get("alt", ""), caption)

    def _gallery(self, refs: list[str], caption: str = "") -> str:
        inner = "".join(r for r in refs if r).replace("</p>", "").replace("<p>", "")
        if not inner:
            return ""
        text = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
        return f'</p><figure class="gallery">{inner}{text}</figure><p>'

    # -- blocks -----------------------------------------------------------------------

    def _render(self, part: str | _Block) -> str:
        if isinstance(part, str):
            return self._classic(part)
        name, short = part.name, part.name.split("/")[-1]
        core = name.startswith("core/")
        if core and (short in DROPPED or short.startswith(DROPPED_PREFIXES)):
            if short not in ("spacer", "more", "nextpage"):
                self.out.unconverted[f"block:{name}"] += 1
            return ""
        method = getattr(self, f"_block_{short.replace('-', '_')}", None) if core else None
        if core and method is not None:
            return str(method(part))
        if core and short in CONTAINERS:
            return self._children(part)
        if core and short in AS_LINKS:
            self.out.unconverted[f"block:{name} (kept as a link)"] += 1
            return _link(part.inner())
        if name.startswith("core-embed/"):
            return self._block_embed(part)
        if not (core and short in ("paragraph", "heading", "table", "separator", "pullquote",
                                   "preformatted", "code", "verse")):  # fmt: skip
            self.out.unconverted[f"block:{name}"] += 1
        return self._children(part)

    def _children(self, block: _Block) -> str:
        return "".join(
            self._render(p) if isinstance(p, _Block) else self._classic(p, autop=False)
            for p in block.parts
        )

    def _block_html(self, block: _Block) -> str:
        self.out.unconverted["block:core/html"] += 1
        return self._classic(block.inner(), autop=False)

    def _block_shortcode(self, block: _Block) -> str:
        return self._classic(block.inner())

    def _block_freeform(self, block: _Block) -> str:
        return self._classic(block.inner())

    def _block_image(self, block: _Block) -> str:
        html = block.inner()
        tag = _IMG.search(html)
        caption = _text(m.group(1)) if (m := _FIGCAPTION.search(html)) else ""
        wp_id = _number(block.attrs.get("id"))
        if tag is None:
            return self._ref(wp_id, str(block.attrs.get("url", "")), "", caption)
        return self._img(tag.group(0), caption, wp_id)

    def _block_gallery(self, block: _Block) -> str:
        caption = ""
        if block.blocks():  # WordPress 5.9 and later: a gallery of image blocks
            refs = [
                self._block_image(b)
                for b in block.blocks()
                if isinstance(b, _Block) and b.name == "core/image"
            ]
            rest = block.inner()
        else:
            ids = [_number(i) for i in block.attrs.get("ids", []) if _number(i)]
            rest = block.inner()
            tags = _IMG.findall(rest)
            refs = (
                [self._ref(i, "", "", "") for i in ids]
                if ids and len(tags) != len(ids)
                else [
                    self._img(t, wp_id=i)
                    for t, i in zip(tags, ids or [None] * len(tags), strict=False)
                ]
            )
        found = re.findall(r"<figcaption\b[^<>]*>(.*?)</figcaption>", rest, re.I | re.S)
        if found:
            caption = _text(found[-1])
        return self._gallery(refs, caption)

    def _block_embed(self, block: _Block) -> str:
        url = str(block.attrs.get("url", "")) or _first_url(block.inner())
        provider = str(block.attrs.get("providerNameSlug", "") or block.name.split("/")[-1])
        caption = _text(m.group(1)) if (m := _FIGCAPTION.search(block.inner())) else ""
        return _embed(url, provider, caption)

    def _block_cover(self, block: _Block) -> str:
        url, wp_id = str(block.attrs.get("url", "")), _number(block.attrs.get("id"))
        picture = self._ref(wp_id, url, str(block.attrs.get("alt", "")), "") if url or wp_id else ""
        return picture + self._children(_Block(block.name, {}, block.blocks()))

    def _block_media_text(self, block: _Block) -> str:
        wp_id = _number(block.attrs.get("mediaId"))
        url = str(block.attrs.get("mediaLink", "") or block.attrs.get("mediaUrl", ""))
        tag = _IMG.search(block.inner())
        picture = self._img(tag.group(0), wp_id=wp_id) if tag else self._ref(wp_id, url, "", "")
        return picture + self._children(_Block(block.name, {}, block.blocks()))

    # -- classic content and shortcodes ----------------------------------------------

    def _classic(self, html: str, autop: bool = True) -> str:
        if not html.strip():
            return ""
        html = _shortcodes(html, self)
        html = _URL_LINE.sub(lambda m: _embed(m.group(1), "", ""), html)
        if autop:
            html = autop_html(html)
        return _IMG.sub(lambda m: self._img(m.group(0)), html)

    def shortcode(self, name: str, attrs: dict[str, str], inner: str) -> str:
        if name == "caption":
            tag = _IMG.search(inner)
            caption = attrs.get("caption", "") or _text(_IMG.sub("", inner))
            wp_id = _number(attrs.get("id", "").removeprefix("attachment_"))
            return self._img(tag.group(0), caption, wp_id) if tag else escape(caption)
        if name == "gallery":
            raw = attrs.get("ids", "") or attrs.get("include", "")
            ids = [_number(i) for i in raw.split(",") if _number(i)] or list(self.attached)
            if not ids:
                self.out.unconverted["shortcode:gallery (no pictures listed)"] += 1
            return self._gallery([self._ref(i, "", "", "") for i in ids])
        if name == "embed":
            return _embed(inner.strip() or attrs.get("src", ""), "", "")
        if name in ("audio", "video", "playlist"):
            self.out.unconverted[f"shortcode:{name} (kept as a link)"] += 1
            urls = [v for k, v in attrs.items() if k in ("src", "mp3", "mp4", "m4a", "ogg",
                                                          "ogv", "webm", "wav")]  # fmt: skip
            return "".join(_link_to(u) for u in urls) or _text(inner)
        self.out.unconverted[f"shortcode:{name}"] += 1
        return inner


# -- parsing ------------------------------------------------------------------------


def _parse(content: str) -> list[str | _Block]:
    """Blocks as WordPress's ``parse_blocks`` finds them; text outside any block stays a
    string (classic content)."""
    top: list[str | _Block] = []
    stack: list[_Block] = []
    at = 0

    def add(part: str | _Block) -> None:
        (stack[-1].parts if stack else top).append(part)

    while (start := content.find("<!--", at)) != -1:
        end = content.find("-->", start + 4)
        if end == -1:
            break
        found = _OPENER.fullmatch(content, start, end + 3)
        if found is None:
            add(content[at : end + 3])
            at = end + 3
            continue
        add(content[at:start])
        at = end + 3
        closing, space, short, raw, void = found.groups()
        name = f"{(space or 'core/')}{short}"
        if closing:
            while stack and stack[-1].name != name:  # an unclosed inner block ends here too
                _close(stack, top)
            if stack:
                _close(stack, top)
            continue
        block = _Block(name, _json(raw))
        if void or len(stack) >= MAX_DEPTH:
            add(block)
        else:
            stack.append(block)
    add(content[at:])
    while stack:
        _close(stack, top)
    return top


def _close(stack: list[_Block], top: list[str | _Block]) -> None:
    block = stack.pop()
    (stack[-1].parts if stack else top).append(block)


def _json(raw: str | None) -> dict[str, Any]:
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


# -- shortcodes ---------------------------------------------------------------------

_SHORTCODE = re.compile(r"\[(\[?)([a-zA-Z][\w-]*)((?:\s[^\[\]]*)?)(/?)\](\]?)")
_CLOSER = re.compile(r"\[/([a-zA-Z][\w-]*)\]")
_SC_ATTR = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"|([\w-]+)\s*=\s*'([^']*)'|([\w-]+)\s*=\s*([^\s'"]+)"""
)
ENCLOSING = {"caption", "embed", "wp_caption", "audio", "video"}


def _shortcodes(html: str, converter: _Converter) -> str:
    if "[" not in html:
        return html
    closers: dict[str, list[int]] = {}
    for m in _CLOSER.finditer(html):
        closers.setdefault(m.group(1).lower(), []).append(m.start())
    out, at = [], 0
    for m in _SHORTCODE.finditer(html):
        if m.start() < at:
            continue
        escaped, name, raw, void, escaped_end = m.groups()
        name = name.lower()
        out.append(html[at : m.start()])
        if escaped and escaped_end:
            out.append(escape(m.group(0)[1:-1]))
            at = m.end()
            continue
        attrs = _shortcode_attrs(raw)
        inner, at = "", m.end()
        positions = closers.get(name, [])
        i = bisect.bisect_left(positions, m.end())
        if not void and i < len(positions) and (name in ENCLOSING or name not in KNOWN_VOID):
            inner = html[m.end() : positions[i]]
            at = positions[i] + len(name) + 3
        out.append(converter.shortcode("caption" if name == "wp_caption" else name, attrs, inner))
    out.append(html[at:])
    return "".join(out)


KNOWN_VOID = {"gallery", "playlist"}


def _shortcode_attrs(raw: str) -> dict[str, str]:
    attrs = {}
    for m in _SC_ATTR.finditer(raw):
        key = m.group(1) or m.group(3) or m.group(5)
        attrs[key.lower()] = unescape(m.group(2) or m.group(4) or m.group(6) or "")
    return attrs


# -- classic formatting -------------------------------------------------------------

_BLOCK_TAGS = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|"
    "map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|"
    "aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary"
)
_STARTS_BLOCK = re.compile(rf"\s*(?:</?(?:{_BLOCK_TAGS})\b|{_MARK}|</p>)", re.I)
_PRE = re.compile(r"<pre\b.*?</pre>", re.I | re.S)
_URL_LINE = re.compile(r"^[ \t]*(https?://[^\s<>\"]+)[ \t]*$", re.M)


def autop_html(text: str) -> str:
    """WordPress's ``wpautop``, in short: blank lines make paragraphs, single newlines
    line breaks; block-level HTML and ``<pre>`` are left as they are."""
    kept: list[str] = []

    def keep(m: re.Match[str]) -> str:
        kept.append(m.group(0))
        return f"\n\n\ue001{len(kept) - 1}\ue001\n\n"

    text = _PRE.sub(keep, text.replace("\r\n", "\n").replace("\r", "\n"))
    chunks = [c.strip("\n") for c in re.split(r"\n\s*\n", text) if c.strip()]
    out = []
    for chunk in chunks:
        if chunk.startswith("\ue001") or _STARTS_BLOCK.match(chunk):
            out.append(chunk)
        else:
            out.append("<p>" + chunk.replace("\n", "<br>\n") + "</p>")
    html = "\n".join(out)
    return re.sub("\ue001(\\d+)\ue001", lambda m: kept[int(m.group(1))], html)


def _attributes(tag: str) -> dict[str, str]:
    return {
        m.group(1).lower(): unescape(m.group(2) or m.group(3) or m.group(4) or "")
        for m in _ATTR.finditer(tag)
    }


def _number(value: Any) -> int | None:
    text = str(value).strip() if value is not None else ""
    return int(text) if text.isdigit() and len(text) < 12 else None


def _text(html: str) -> str:
    return " ".join(unescape(_TAG.sub(" ", html)).split())


def _first_url(html: str) -> str:
    found = re.search(r"https?://[^\s<>\"']+", html)
    return found.group(0) if found else ""


def _embed(url: str, provider: str, caption: str) -> str:
    url = url.strip()
    if not url.startswith(("http://", "https://")):
        return escape(caption)
    label = f"{provider.replace('-', ' ').title()}: {url}" if provider else url
    text = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
    return (
        f'</p><figure class="embed"><a href="{escape(url)}">{escape(label)}</a>{text}</figure><p>'
    )


def _link_to(url: str) -> str:
    name = url.rstrip("/").rsplit("/", 1)[-1] or url
    return f'<p><a href="{escape(url)}">{escape(name)}</a></p>'


def _link(html: str) -> str:
    found = _HREF.search(html)
    return _link_to(unescape(found.group(1))) if found else ""
