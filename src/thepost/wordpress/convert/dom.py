"""A small element tree of HTML that a cleaner has already made well-formed.

The converter reads blocks' markup (an image block's ``<img>`` and ``<figcaption>``, a
gallery's items) and moves pictures out of paragraphs; both are easier on a tree than on
text. ``parse`` only ever sees the output of ``markup``'s cleaners (tags balanced, no
comments, attributes quoted), and every walk here keeps its own stack, so a deep tree
costs no recursion::

    root = parse('<p>Hi <img src="a.jpg" alt="A"></p>')
    first(root, "img").attrs["alt"]                 # 'A'
    text(root).strip()                              # 'Hi'
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

VOID = {"area", "br", "col", "embed", "hr", "img", "input", "param", "source", "track", "wbr"}
KEPT_EMPTY = {"td", "th", "tr", "thead", "tbody", "table"}  # an empty cell still counts
INLINE = {
    "a", "abbr", "b", "cite", "code", "del", "em", "i", "ins", "mark", "q", "s", "small",
    "span", "strong", "sub", "sup", "time", "u",
}  # fmt: skip


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Element | str] = field(default_factory=list)
    parent: Element | None = None

    def get(self, name: str) -> str:
        return self.attrs.get(name, "")


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("")
        self.open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, parent=self.open[-1])
        self.open[-1].children.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.open[-1].children.append(data)


def parse(html: str) -> Element:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def elements(root: Element) -> Iterator[Element]:
    """Every element under ``root`` in document order (``root`` not included)."""
    pending: list[Element | str] = list(reversed(root.children))
    while pending:
        node = pending.pop()
        if isinstance(node, Element):
            yield node
            pending.extend(reversed(node.children))


def first(root: Element | None, tag: str) -> Element | None:
    if root is None:
        return None
    return next((e for e in elements(root) if e.tag == tag), None)


def text(root: Element | None) -> str:
    """The text under ``root``, a space where a block (a paragraph, a cell ...) ends."""
    if root is None:
        return ""
    pending: list[Element | str] = list(reversed(root.children))
    parts = []
    while pending:
        node = pending.pop()
        if isinstance(node, str):
            parts.append(node)
        else:
            if node.tag not in INLINE:
                pending.append(" ")
            pending.extend(reversed(node.children))
    return "".join(parts)


def start_tag(element: Element) -> str:
    attrs = "".join(f' {k}="{escape(v)}"' for k, v in element.attrs.items())
    return f"<{element.tag}{attrs}>"


def loose_runs(root: Element) -> Element:
    """``root`` with each run of text and inline elements standing among blocks put in a
    paragraph of its own (the shape of a custom HTML block's ``<div>`` once undone)."""
    wrapped = Element(root.tag, root.attrs)
    run: list[Element | str] = []

    def end_run() -> None:
        if any(isinstance(n, Element) or n.strip() for n in run):
            if isinstance(run[0], str):
                run[0] = run[0].lstrip()
            if isinstance(run[-1], str):
                run[-1] = run[-1].rstrip()
            wrapped.children.append(Element("p", parent=wrapped, children=list(run)))
        run.clear()

    for node in root.children:
        if isinstance(node, str) or node.tag in INLINE or node.tag in ("br", "img"):
            run.append(node)
        else:
            end_run()
            wrapped.children.append(node)
    end_run()
    return wrapped


def inner_html(root: Element | None, skip: Callable[[Element], bool] = lambda e: False) -> str:
    """The HTML of what is under ``root``, leaving out the elements ``skip`` names."""
    if root is None:
        return ""
    return "".join(part for part, _ in _serialise(root, skip, None))


def split(
    root: Element,
    picture: Callable[[Element], str | None],
    skip: Callable[[Element], bool] = lambda e: False,
) -> list[tuple[str, bool]]:
    """The HTML under ``root`` cut at each ``<img>`` that ``picture`` makes a reference of,
    as ``(html, is_reference)`` pieces: the elements around a picture are closed before it
    and opened again after it, and any left empty are dropped (empty cells excepted).
    Images ``picture`` has no reference for are left out."""
    pieces: list[tuple[str, bool]] = []
    buffer: list[str] = []
    for part, is_reference in _serialise(root, skip, picture):
        if is_reference:
            if buffer:
                pieces.append(("".join(buffer), False))
                buffer = []
            pieces.append((part, True))
        else:
            buffer.append(part)
    if buffer:
        pieces.append(("".join(buffer), False))
    return [(html, ref) for html, ref in pieces if ref or html.strip()]


def _serialise(
    root: Element,
    skip: Callable[[Element], bool],
    picture: Callable[[Element], str | None] | None,
) -> Iterator[tuple[str, bool]]:
    previous = ""
    for part, is_reference in _parts(root, skip, picture):
        if not (part == previous == "\n"):  # an element left out between two line breaks
            yield part, is_reference
        previous = part


def _parts(
    root: Element,
    skip: Callable[[Element], bool],
    picture: Callable[[Element], str | None] | None,
) -> Iterator[tuple[str, bool]]:
    """Start tags wait until something shows inside them, so that an element emptied by a
    picture moved out of it is never written."""
    opened: list[Element] = []
    shown = 0  # opened[:shown] have their start tags written since the last picture
    after_picture = False  # the words after a picture lose their leading spaces

    def show() -> Iterator[tuple[str, bool]]:
        nonlocal shown
        for element in opened[shown:]:
            yield start_tag(element), False
        shown = len(opened)

    pending: list[Element | str | None] = list(reversed(root.children))
    while pending:
        node = pending.pop()
        if node is None:
            if shown < len(opened) and opened[-1].tag in KEPT_EMPTY:
                yield from show()
            if shown == len(opened):
                yield f"</{opened[-1].tag}>", False
                shown -= 1
            opened.pop()
        elif isinstance(node, str):
            if after_picture:
                node = node.lstrip()
            if not opened and not node.strip():
                node = "\n" if node else ""  # between blocks, one line break is enough
            if node.strip() or (node and shown == len(opened)):
                yield from show()
                yield escape(node, quote=False), False
                after_picture = False
        elif skip(node):
            continue
        elif node.tag == "img" and picture is not None:
            reference = picture(node)
            if reference is not None:
                for element in reversed(opened[:shown]):
                    yield f"</{element.tag}>", False
                shown = 0
                after_picture = True
                yield reference, True
        elif node.tag in VOID:
            yield from show()
            yield start_tag(node), False
            after_picture = False
        else:
            opened.append(node)
            pending.append(None)
            pending.extend(reversed(node.children))
