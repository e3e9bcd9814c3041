"""WordPress's ``wpautop``: the paragraphs a classic-editor post never wrote down.

The classic editor stores a blank line where a paragraph ends and a newline where a line
breaks; WordPress adds the ``<p>`` and ``<br />`` when it shows the post. ``autop`` does
the same, with WordPress's rules: block-level tags (``div``, ``ul``, ``table``,
``blockquote``, ``h2`` ...) stand on their own, text after an opening block tag on the
same line is not wrapped, a blockquote's text is, ``<pre>`` and ``<script>`` are left as
they are, and two ``<br>`` in a row end a paragraph::

    >>> autop("One\\nline\\n\\nTwo<hr>Three")
    '<p>One<br />\\nline</p>\\n<p>Two</p>\\n<hr>\\n<p>Three</p>\\n'

Unlike WordPress's twenty regular expressions it reads the text once, in time linear in
its length whatever it holds (unclosed comments, runs of spaces, thousands of ``<p``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

BLOCKS = {
    "table", "thead", "tfoot", "caption", "col", "colgroup", "tbody", "tr", "td", "th",
    "div", "dl", "dd", "dt", "ul", "ol", "li", "pre", "form", "map", "area", "blockquote",
    "address", "math", "style", "p", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "fieldset",
    "legend", "section", "article", "aside", "hgroup", "header", "footer", "nav", "figure",
    "figcaption", "details", "menu", "summary",
}  # fmt: skip
_RAW = {"pre", "script", "style", "svg", "math", "textarea"}  # kept exactly as written
_HUGGED = {"figcaption", "option", "source", "track", "param", "embed"}  # no space around
_WHITESPACE = " \t\n\r\f\v"
_SPACES = " \t\r\f\v"

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*+)[^<>]*+>")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")


@dataclass(slots=True)
class _Token:
    kind: str  # "text", "tag", "open", "close" (of a block) or "raw"
    value: str
    name: str = ""
    is_block: bool = False
    is_break: bool = False


class _Closers:
    """Where each raw element ends, searched for once per name at most."""

    def __init__(self, text: str) -> None:
        self.lower = text.lower()
        self.found: dict[str, int] = {}

    def after(self, name: str, position: int) -> int:
        """The end of ``</name>`` after ``position``; -1 when there is none."""
        known = self.found.get(name)
        if known is None or (known != -1 and known < position):
            at = self.lower.find(f"</{name}", position)
            known = -1 if at == -1 else self.lower.find(">", at)
            known = known + 1 if known != -1 else -1
            self.found[name] = known
        return known


def _tokens(text: str) -> Iterator[_Token]:
    closers = _Closers(text)
    at = 0
    start = 0
    while (at := text.find("<", at)) != -1:
        if text.startswith("<!--", at) or text.startswith("<![CDATA[", at):
            ending = "-->" if text[at + 2] == "-" else "]]>"
            end = text.find(ending, at + 4)
            end = len(text) if end == -1 else end + len(ending)
            token = _Token("tag", text[at:end], "!")
        elif (tag := _TAG.match(text, at)) is None:
            at += 1
            continue
        else:
            end = tag.end()
            closing, name = tag.group(1, 2)
            name = name.lower()
            if not closing and name in _RAW and (close := closers.after(name, end)) != -1:
                token, end = _Token("raw", text[at:close], name, name in BLOCKS), close
            elif name in BLOCKS:
                token = _Token("close" if closing else "open", tag.group(0), name, True)
            else:
                token = _Token("tag", tag.group(0), name, False, name == "br")
        if at > start:
            yield _Token("text", text[start:at])
        yield token
        at = start = end
    if start < len(text):
        yield _Token("text", text[start:])


def _chunks(tokens: Iterator[_Token]) -> Iterator[list[_Token]]:
    """Runs of tokens between blank lines (or two ``<br>``), each block tag starting a run
    (an opening one) or ending it (a closing one)."""
    chunk: list[_Token] = []
    breaks = 0  # where the last <br> stands in ``chunk``, plus one; 0 after other content
    for token in tokens:
        if token.kind == "text":
            lines = _BLANK_LINE.split(token.value)
            for line in lines[:-1]:
                chunk.append(_Token("text", line))
                yield chunk
                chunk, breaks = [], 0
            chunk.append(_Token("text", lines[-1]))
            if lines[-1].strip(_WHITESPACE):
                breaks = 0
        elif token.is_break and breaks:
            yield chunk[: breaks - 1]
            chunk, breaks = [], 0
        elif token.is_block and token.name not in _HUGGED:
            if token.kind != "close" and chunk:
                yield chunk
                chunk = []
            chunk.append(token)
            if token.kind != "open" or token.name == "hr":
                yield chunk
                chunk = []
            breaks = 0
        else:
            chunk.append(token)
            breaks = len(chunk) if token.is_break else 0
    yield chunk


def _hug(chunk: list[_Token]) -> list[_Token]:
    """Without the spaces around the tags that must touch their neighbours."""
    kept: list[_Token] = []
    for token in chunk:
        blank = token.kind == "text" and not token.value.strip(_WHITESPACE)
        if blank and kept and kept[-1].name in _HUGGED:
            continue
        if (
            token.name in _HUGGED
            and kept
            and kept[-1].kind == "text"
            and not kept[-1].value.strip(_WHITESPACE)
        ):
            kept.pop()
        kept.append(token)
    return kept


def _paragraph(chunk: list[_Token]) -> str:
    if len(chunk) == 1 and chunk[0].is_block:
        return chunk[0].value
    if len(chunk) == 1 and chunk[0].kind == "text" and "\n" not in chunk[0].value.strip("\n"):
        words = chunk[0].value.strip("\n")
        return f"<p>{words}</p>" if words.strip(_WHITESPACE) else ""
    tokens = [t for t in _hug(chunk) if t.kind != "text" or t.value]
    if tokens and tokens[0].kind == "text":
        tokens[0] = _Token("text", tokens[0].value.lstrip("\n"))
    if tokens and tokens[-1].kind == "text":
        last = tokens[-1].value.rstrip("\n")
        if last.strip(_WHITESPACE):
            tokens[-1] = _Token("text", last)
        else:
            tokens.pop()  # what stands between a block tag and the next is not a line
    out: list[str] = []
    start = 0
    while start < len(tokens) and tokens[start].kind == "open":
        if tokens[start].name != "blockquote":
            break
        out.append(tokens[start].value)
        start += 1
    body = tokens[start:]
    shown = [t for t in body if t.kind != "text" or t.value.strip(_WHITESPACE)]
    if not shown:
        return "".join(out)
    is_open = not shown[0].is_block
    if is_open:
        out.append("<p>")
    for index, token in enumerate(body):
        if token.kind == "text":
            before = body[index - 1] if index else None
            after = body[index + 1] if index + 1 < len(body) else None
            out.append(_breaks(token.value, before, after))
            continue
        if token.is_block and is_open:
            out.append("</p>")
            is_open = False
        out.append("<br />" if token.is_break and token.value in ("<br>", "<br/>") else token.value)
    if is_open:
        out.append("</p>")
    return "".join(out)


def _breaks(text: str, before: _Token | None, after: _Token | None) -> str:
    """``text`` with each newline made a ``<br />``, except where only spaces stand
    between it and a block tag or a ``<br>``."""
    lines = text.split("\n")
    if len(lines) == 1:
        return text
    quiet_before = before is None or before.is_block or before.is_break
    quiet_after = after is None or after.is_block
    words = [bool(line.strip(_WHITESPACE)) for line in lines]
    first_words = words.index(True) if True in words else len(lines)
    last_words = len(lines) - 1 - words[::-1].index(True) if True in words else -1
    out = [lines[0]]
    for number, line in enumerate(lines[1:], start=1):
        quiet = (number <= first_words and quiet_before) or (number > last_words and quiet_after)
        if quiet:
            out.append("\n" + line)
        else:
            out[-1] = out[-1].rstrip(_SPACES)
            out.append("<br />\n" + line)
    return "".join(out)


def autop(text: str) -> str:
    """Paragraphs from blank lines and ``<br />`` from single newlines, as WordPress shows
    a classic post."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip(_WHITESPACE):
        return ""
    paragraphs = (_paragraph(chunk) for chunk in _chunks(_tokens(text)))
    return "".join(p + "\n" for p in paragraphs if p)
