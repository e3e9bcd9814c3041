"""The cleaners the converter reads and writes HTML through, and the picture reference.

Everything a post holds is a stranger's HTML. It is read only after ``nh3`` has made it
well-formed (``read`` keeps what the converter looks at: classes, ``data-id``, media
sources) and written only after ``ordinary`` has kept The Post's allowlist, with no
classes but the ``embed`` figure's; ``thepost.content.text.sanitise`` runs last on all of
it. A picture reference is the one piece written by hand::

    reference(12, "A bell", "On the wharf")
    # '<img src="image:12" alt="A bell" title="On the wharf">'

``nh3`` (html5ever) takes time in proportion to the square of the nesting for some tags
(100,000 unclosed ``<div>`` take half a minute), so ``shallow`` first drops the start and
end tags of elements nested deeper than ``MAX_DEPTH``, keeping their text.
"""

from __future__ import annotations

import re
from html import escape

import nh3

from thepost.content import text
from thepost.content.text import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES
from thepost.wordpress.convert import dom

MAX_DEPTH = 100

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*+)[^<>]*+>")
_SPACE = re.compile(r"\s+")
# An element left with nothing in it once its classes and styles are gone (a cover's
# overlay <span>, an empty paragraph): removed, three levels deep at most.
_EMPTY = re.compile(
    r"<(p|span|a|b|i|u|s|em|strong|small|mark|code|sub|sup|q|cite|abbr|del|ins|time"
    r"|figure|figcaption|blockquote|ul|ol|li|dl|dt|dd|pre|h[2-6])\b[^<>]*>\s*</\1>"
)
_H1 = re.compile(r"<(/?)h1(?=[\s/>])", re.IGNORECASE)
# Closed by the next of their kind, or by their parent, without an end tag: not nesting.
_SELF_ENDING = {"p", "li", "dt", "dd", "tr", "td", "th", "tbody", "thead", "tfoot", "option"}

_NO_CLASS = {tag: names - {"class"} for tag, names in ALLOWED_ATTRIBUTES.items()}
_INLINE = dom.INLINE | {"br"}
_READ_TAGS = ALLOWED_TAGS | {"audio", "video", "div"}
_READ_ATTRIBUTES = {
    **ALLOWED_ATTRIBUTES,
    "img": ALLOWED_ATTRIBUTES["img"] | {"class", "data-id"},
    "figcaption": {"class"},
    "figure": {"class"},
    "audio": {"src"},
    "video": {"src", "poster"},
    "source": ALLOWED_ATTRIBUTES["source"] | {"src"},
    "div": {"class"},
    "li": {"class"},
}

_ordinary = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes={**_NO_CLASS, "img": _NO_CLASS["img"] | {"class", "data-id"}},
    tag_attribute_values={"figure": {"class": {"embed"}}},
    url_schemes=URL_SCHEMES,
    link_rel=None,
    strip_comments=True,
)
_read = nh3.Cleaner(
    tags=_READ_TAGS,
    attributes=_READ_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel=None,
    strip_comments=True,
)
_inline = nh3.Cleaner(
    tags=_INLINE,
    attributes={tag: _NO_CLASS[tag] for tag in _INLINE if tag in _NO_CLASS},
    url_schemes=URL_SCHEMES,
    link_rel=None,
    strip_comments=True,
)
_without = {
    dropped: nh3.Cleaner(
        tags=ALLOWED_TAGS - dropped,
        attributes=_NO_CLASS,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    for dropped in (frozenset({"figure", "figcaption"}), frozenset({"img", "figure", "figcaption"}))
}


def shallow(html: str, limit: int = MAX_DEPTH) -> str:
    """``html`` without the tags of elements nested more than ``limit`` deep."""
    if html.count("<") <= limit:
        return html
    open_names: list[str] = []
    counts: dict[str, int] = {}
    dropped: dict[str, int] = {}
    keep: list[str] = []
    at = 0
    for tag in _TAG.finditer(html):
        closing, name = tag.group(1), tag.group(2).lower()
        if name in dom.VOID or name in _SELF_ENDING:
            continue
        if not closing:
            if len(open_names) < limit:
                open_names.append(name)
                counts[name] = counts.get(name, 0) + 1
                continue
            dropped[name] = dropped.get(name, 0) + 1
        elif counts.get(name):
            while (last := open_names.pop()) != name:
                counts[last] -= 1
            counts[name] -= 1
            continue
        elif dropped.get(name):
            dropped[name] -= 1
        else:
            continue
        keep.append(html[at : tag.start()])
        at = tag.end()
    keep.append(html[at:])
    return "".join(keep)


def ordinary(html: str) -> str:
    """An author's HTML kept to the allowlist, without classes (images keep theirs and
    ``data-id``, for finding them: ``sanitise`` removes both). An ``<h1>`` becomes an
    ``<h2>``: a story's page has one ``<h1>``, its headline."""
    html = _ordinary.clean(_H1.sub(r"<\1h2", shallow(html)))
    for _ in range(3):
        html, emptied = _EMPTY.subn("", html)
        if not emptied:
            break
    return html


def read(html: str) -> dom.Element:
    """A tree of ``html`` for looking into: classes, ``data-id`` and media sources kept."""
    return dom.parse(_read.clean(shallow(html)))


def inline(html: str) -> str:
    """Only the inline markup of ``html`` (links, emphasis, code ...), its blocks undone."""
    return _inline.clean(shallow(html)).strip()


def without(html: str, tags: frozenset[str]) -> str:
    return _without[tags].clean(shallow(html))


def plain(html: str) -> str:
    """The visible text of ``html`` on one line."""
    return collapse(dom.text(read(html)))


def collapse(value: str) -> str:
    return _SPACE.sub(" ", value).strip()


def safe(html: str) -> str:
    return text.sanitise(html)


def reference(image_id: int, alt: str, caption: str) -> str:
    return f'<img src="image:{image_id}" alt="{escape(alt)}" title="{escape(caption)}">'
