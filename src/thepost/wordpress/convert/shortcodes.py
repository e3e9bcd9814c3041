"""Classic shortcodes (``[gallery ids="1,2"]``, ``[caption]...[/caption]``) found in text.

WordPress only expands the shortcodes a plugin registered; the rest stay as typed. An
export does not say which were registered, so ``scan`` takes a bracketed name as a
shortcode when WordPress's own are meant (``KNOWN``), when it has a closing tag, is
self-closing or has ``name=value`` attributes, or when its name holds ``_`` or ``-`` as
plugins' names do (``[contact-form]``, ``[su_button]``); ``[simple boat]`` and ``[sic]``
stay text. ``[[gallery]]`` is the escape for a literal ``[gallery]``::

    >>> [p if isinstance(p, str) else p.name for p in scan('A [gallery ids="1,2"] [sic]')]
    ['A ', 'gallery', ' [sic]']

``scan`` gives text and shortcodes in order. A shortcode in ``ENCLOSING`` takes what
stands up to its closing tag as its content; any other shortcode's tags are given alone
(the text between them stays in the stream), closing tags as ``Shortcode`` with
``closing=True``. Every ``[`` is looked at once: closing tags are indexed in one pass
first, so unclosed shortcodes by the thousand cost no rescans.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field

KNOWN = {"caption", "wp_caption", "gallery", "embed", "audio", "video", "playlist"}
ENCLOSING = {"caption", "wp_caption", "embed", "audio", "video"}

_NAME = re.compile(r"\[([A-Za-z0-9_][A-Za-z0-9_-]*)(?=[\s/\]])")
_CLOSER = re.compile(r"\[/([A-Za-z0-9_][A-Za-z0-9_-]*)\]")
_ATTRIBUTE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)"""
    r"""|"([^"]*)"(?:\s|$)"""
    r"""|'([^']*)'(?:\s|$)"""
    r"""|(\S+)(?:\s|$)"""
)
_ODD_SPACE = re.compile("[\u00a0\u200b]+")


@dataclass
class Shortcode:
    name: str
    attrs: dict[str, str] = field(default_factory=dict)  # names lower-cased
    positional: list[str] = field(default_factory=list)
    content: str | None = None  # what stands between the tags, for ENCLOSING ones
    closing: bool = False  # a closing tag on its own, [/name]


def attributes(text: str) -> tuple[dict[str, str], list[str]]:
    """Named and positional attributes, in double, single or no quotes, as WordPress's
    ``shortcode_parse_atts`` reads them."""
    named: dict[str, str] = {}
    positional: list[str] = []
    for found in _ATTRIBUTE.finditer(_ODD_SPACE.sub(" ", text)):
        groups = found.groups()
        for key, value in ((groups[0], groups[1]), (groups[2], groups[3]), (groups[4], groups[5])):
            if key is not None and value is not None:
                named[key.lower()] = value
                break
        else:
            positional.append(next(g for g in groups[6:] if g is not None))
    return named, positional


class _Closers:
    def __init__(self, text: str) -> None:
        self.at: dict[str, list[int]] = {}
        for found in _CLOSER.finditer(text):
            self.at.setdefault(found.group(1), []).append(found.start())

    def after(self, name: str, position: int) -> int:
        """Where the first ``[/name]`` at or after ``position`` starts; -1 if none."""
        places = self.at.get(name, [])
        index = bisect_left(places, position)
        return places[index] if index < len(places) else -1


def _looks_like(name: str) -> bool:
    return name.lower() in KNOWN or "_" in name or "-" in name


def scan(text: str) -> Iterator[str | Shortcode]:
    closers = _Closers(text)
    opened: set[str] = set()  # names seen opening, whose closing tags are tags too
    bracket = -1  # the next "]", searched for again only once passed
    start = position = 0
    while (at := text.find("[", position)) != -1:
        position = at + 1
        if bracket < at and (bracket := text.find("]", at)) == -1:
            break  # no tag can end
        if (closing := _CLOSER.match(text, at)) is not None:
            if _looks_like(closing.group(1)) or closing.group(1) in opened:
                if at > start:
                    yield text[start:at]
                yield Shortcode(closing.group(1).lower(), closing=True)
                start = position = closing.end()
            continue
        tag_at = at + 1 if text.startswith("[", at + 1) else at
        if (found := _NAME.match(text, tag_at)) is None:
            continue
        name, attrs_text = found.group(1), text[found.end() : bracket]
        self_closing = attrs_text.rstrip().endswith("/")
        end = bracket + 1
        closer = -1 if self_closing else closers.after(name, end)
        if not (_looks_like(name) or self_closing or closer != -1 or "=" in attrs_text):
            continue
        if tag_at > at and (literal_end := _escape_end(text, end, name, closer)) != -1:
            if at > start:
                yield text[start:at]
            yield text[tag_at : literal_end - 1]
            start = position = literal_end
            continue
        if tag_at > start:
            yield text[start:tag_at]
        opened.add(name)
        named, positional = attributes(attrs_text.rstrip().removesuffix("/"))
        shortcode = Shortcode(name.lower(), named, positional)
        if shortcode.name in ENCLOSING and closer != -1:
            shortcode.content = text[end:closer]
            end = closer + len(name) + 3
        yield shortcode
        start = position = end
    if start < len(text):
        yield text[start:]


def _escape_end(text: str, end: int, name: str, closer: int) -> int:
    """Where ``[[name ...]]`` (or ``[[name]...[/name]]``) ends, just past its last
    ``]``; -1 when the escape is not closed."""
    if text.startswith("]", end):
        return end + 1
    if closer != -1 and text.startswith("]", closer + len(name) + 3):
        return closer + len(name) + 4
    return -1
