"""Gutenberg's block comments read as WordPress's own ``parse_blocks`` reads them.

A post written in the block editor is HTML with its blocks marked by comments::

    <!-- wp:paragraph {"align":"right"} --><p>Hi</p><!-- /wp:paragraph -->
    <!-- wp:jetpack/map {"zoom":5} /-->

``parse`` turns a post into its top-level blocks; each holds its name (``core/`` when the
comment names no namespace), its attributes (the JSON, ``{}`` when it is not an object),
its inner blocks and its inner content: the HTML around them, with ``None`` where each
inner block stands. HTML outside any block comes as a freeform block (name ``""``)::

    >>> [b.name for b in parse("<p>Classic</p><!-- wp:separator /-->")]
    ['', 'core/separator']

Posts are strangers' text: the scan looks at each ``<!--`` once and nesting is kept on a
list, so 100,000 unclosed openers or 10,000 nested blocks take time in proportion to
their length and never reach Python's recursion limit. As in WordPress, a closer closes
the innermost open block whatever its name, blocks still open at the end close there,
and attributes end at the first ``}`` followed by spaces and ``-->`` (the editor writes
``--`` inside them as ``\\u002d\\u002d``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

_DELIMITER = re.compile(r"<!--\s+(/)?wp:([a-z][a-z0-9_-]*/)?([a-z][a-z0-9_-]*)\s+")
_ATTRS_END = re.compile(r"\}\s+(/)?-->")


@dataclass
class Block:
    name: str  # "core/paragraph", "jetpack/map"; "" for freeform HTML
    attrs: dict[str, Any] = field(default_factory=dict)
    inner_blocks: list[Block] = field(default_factory=list)
    inner_content: list[str | None] = field(default_factory=list)

    @property
    def inner_html(self) -> str:
        """The block's own HTML, without its inner blocks'."""
        return "".join(part for part in self.inner_content if part is not None)

    def add_html(self, html: str) -> None:
        if html:
            self.inner_content.append(html)

    def add_block(self, block: Block) -> None:
        self.inner_blocks.append(block)
        self.inner_content.append(None)


@dataclass
class _Token:
    kind: str  # "open", "close" or "void"
    name: str
    attrs: dict[str, Any]
    start: int
    end: int


class _AttrEnds:
    """Where attributes may end (each ``} -->``), found in one pass and walked forwards."""

    def __init__(self, document: str) -> None:
        self.ends = [
            (m.start(), m.group(1) is not None, m.end()) for m in _ATTRS_END.finditer(document)
        ]
        self.at = 0

    def after(self, position: int) -> tuple[int, bool, int] | None:
        while self.at < len(self.ends) and self.ends[self.at][0] <= position:
            self.at += 1
        return self.ends[self.at] if self.at < len(self.ends) else None


def _attributes(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return {}
    return value if isinstance(value, dict) else {}


def _tokens(document: str) -> Iterator[_Token]:
    attr_ends: _AttrEnds | None = None
    position = 0
    while (start := document.find("<!--", position)) != -1:
        position = start + 4
        found = _DELIMITER.match(document, start)
        if found is None:
            continue
        closer, namespace, name = found.groups()
        at = found.end()
        attrs: dict[str, Any] = {}
        if document.startswith("-->", at):
            void, end = False, at + 3
        elif document.startswith("/-->", at):
            void, end = True, at + 4
        elif document.startswith("{", at):
            attr_ends = attr_ends or _AttrEnds(document)
            ending = attr_ends.after(at)
            if ending is None:
                continue
            brace, void, end = ending
            attrs = _attributes(document[at : brace + 1])
        else:
            continue
        kind = "close" if closer else "void" if void else "open"
        yield _Token(kind, (namespace or "core/") + name, attrs, start, end)
        position = end


@dataclass
class _Open:
    block: Block
    since: int  # where the block's HTML not yet added starts


def parse(document: str) -> list[Block]:
    """The top-level blocks of a post, freeform HTML between them included."""
    output: list[Block] = []
    stack: list[_Open] = []
    position = 0  # where top-level HTML not yet added starts
    for token in _tokens(document):
        if token.kind == "close" and not stack:
            continue  # a closer with nothing open stays an HTML comment
        if stack:
            stack[-1].block.add_html(document[stack[-1].since : token.start])
            stack[-1].since = token.end
        else:
            _freeform(output, document[position : token.start])
            position = token.end
        if token.kind == "open":
            stack.append(_Open(Block(token.name, token.attrs), token.end))
        elif token.kind == "void":
            _attach(Block(token.name, token.attrs), stack, output)
        else:
            _attach(stack.pop().block, stack, output)
            if stack:
                stack[-1].since = token.end
            else:
                position = token.end
    if not stack:
        _freeform(output, document[position:])
    else:
        stack[-1].block.add_html(document[stack[-1].since :])
        while stack:
            _attach(stack.pop().block, stack, output)
    return output


def _freeform(output: list[Block], html: str) -> None:
    if html:
        output.append(Block("", inner_content=[html]))


def _attach(block: Block, stack: list[_Open], output: list[Block]) -> None:
    if stack:
        stack[-1].block.add_block(block)
    else:
        output.append(block)


def walk(blocks: list[Block]) -> Iterator[Block]:
    """Every block, inner ones after their parent, in document order."""
    pending = list(reversed(blocks))
    while pending:
        block = pending.pop()
        yield block
        pending.extend(reversed(block.inner_blocks))
