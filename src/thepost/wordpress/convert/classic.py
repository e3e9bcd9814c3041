"""Classic-editor content: shortcodes, web addresses alone on a line, and paragraphs.

Freeform text (a classic post, the HTML between blocks, a shortcode block) is read as
WordPress shows it: ``[caption]`` becomes a picture with its caption, ``[gallery]`` a
gallery (of the post's attached pictures when it names none), ``[embed]`` and an address
alone on its line a link to what would have been embedded, ``[audio]`` and ``[video]``
links to their files. Other shortcodes lose their tags and keep their text. The text
between gets its paragraphs from ``autop``::

    write(writer, 'Intro\\n\\n[caption id="attachment_9"]<img src="a.jpg"> A bell[/caption]')
"""

from __future__ import annotations

import re
from collections.abc import Callable

from thepost.wordpress.convert import dom, markup, shortcodes
from thepost.wordpress.convert.autop import autop
from thepost.wordpress.convert.shortcodes import Shortcode
from thepost.wordpress.convert.writer import Writer, ids, image_id, is_web

_ATTACHMENT_ID = re.compile(r"attachment_(\d{1,18})")
_WEB_ADDRESS = re.compile(r"https?://[^\s<>\"]+")
_MEDIA_SOURCES = {
    "audio": ("src", "mp3", "ogg", "oga", "m4a", "wav", "wma", "flac", "aac"),
    "video": ("src", "mp4", "m4v", "webm", "ogv", "wmv", "flv", "mov"),
}


def write(writer: Writer, text: str) -> None:
    segment: list[str] = []
    for part in shortcodes.scan(text):
        if isinstance(part, str):
            segment.append(part)
        elif part.closing:
            continue
        elif part.name in _SHORTCODES:
            _lines(writer, "".join(segment))
            segment = []
            _SHORTCODES[part.name](writer, part)
        else:
            writer.unconverted[f"shortcode:{part.name}"] += 1
    _lines(writer, "".join(segment))


def _lines(writer: Writer, text: str) -> None:
    """Text with each web address standing alone on a line made an embed, as WordPress's
    auto-embeds do, and the rest given paragraphs."""
    if not text.strip():
        return
    run: list[str] = []
    for line in text.splitlines(keepends=True):
        address = line.strip()
        if _WEB_ADDRESS.fullmatch(address):
            _paragraphs(writer, "".join(run))
            run = []
            if writer.embed(address, "", ""):
                continue
        run.append(line)
    _paragraphs(writer, "".join(run))


def _paragraphs(writer: Writer, text: str) -> None:
    if text.strip():
        writer.raw(autop(text))
        writer.flush()


def _caption(writer: Writer, shortcode: Shortcode) -> None:
    content = shortcode.content or ""
    root = markup.read(content)
    img = dom.first(root, "img")
    if img is None:
        _paragraphs(writer, content)
        return
    link = img.parent if img.parent is not None and img.parent.tag == "a" else None
    if link is not None and dom.text(link).strip():
        link = None  # the caption's own words are in the link: keep it
    caption = shortcode.attrs.get("caption")
    if caption is None:
        caption = dom.inner_html(root, skip=lambda e: e is img or e is link)
    found = _ATTACHMENT_ID.fullmatch(shortcode.attrs.get("id", ""))
    wp_id = int(found.group(1)) if found else image_id(img)
    reference = writer.picture(wp_id, img.get("src"), img.get("alt"), markup.plain(caption))
    if reference:
        writer.trusted(reference)


def _gallery(writer: Writer, shortcode: Shortcode) -> None:
    listed = ids(shortcode.attrs.get("ids") or shortcode.attrs.get("include") or "")
    listed = listed or list(writer.attached)
    if not listed:
        writer.unconverted["shortcode:gallery"] += 1
    references = [writer.picture(i, "", "", "") for i in listed]
    writer.gallery([r for r in references if r], "")


def _embed(writer: Writer, shortcode: Shortcode) -> None:
    url = (shortcode.content or "").strip() or shortcode.attrs.get("src", "")
    if not writer.embed(markup.plain(url), "", ""):
        writer.unconverted["shortcode:embed"] += 1


def _media(writer: Writer, shortcode: Shortcode) -> None:
    names = _MEDIA_SOURCES.get(shortcode.name, ())
    url = next((shortcode.attrs[n] for n in names if shortcode.attrs.get(n)), "")
    url = url or next((p for p in shortcode.positional if is_web(p)), "")
    writer.link(url.strip(), "", f"shortcode:{shortcode.name}")


def _playlist(writer: Writer, shortcode: Shortcode) -> None:
    writer.unconverted["shortcode:playlist"] += 1  # attachments by id: no address to link


_SHORTCODES: dict[str, Callable[[Writer, Shortcode], None]] = {
    "caption": _caption,
    "wp_caption": _caption,
    "gallery": _gallery,
    "embed": _embed,
    "audio": _media,
    "video": _media,
    "playlist": _playlist,
}
