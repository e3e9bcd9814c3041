"""Text helpers for content: slugs, excerpts, Markdown rendering and the HTML allowlist.

Bodies are rendered once, when an article is saved, and stored; pages never render
Markdown. Every stored or shown HTML passes through ``sanitise``.

A paragraph holding only ``![alt](image:ID "caption")`` becomes a ``<figure>`` with
responsive renditions of image ``ID``; a web address alone on its line, an embed
(``content.embeds``: a player the reader starts, or a link card)::

    >>> render_body("Hello *world*", {})
    '<p>Hello <em>world</em></p>\\n'
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Mapping
from html import unescape
from typing import TYPE_CHECKING

from thepost.content import embeds

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "figcaption", "figure", "h2",
    "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "li", "ol", "p", "picture", "pre", "q",
    "s", "small", "source", "span", "strong", "sub", "sup", "table", "tbody", "td", "th",
    "thead", "tr", "u", "ul", "cite", "mark", "time", "dl", "dt", "dd",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding", "title"},
    "source": {"srcset", "sizes", "type"},
    "figure": {"class", "data-player"},  # an embed's player: ``embeds.checked``
    "span": {"class"},
    "figcaption": {"class"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "time": {"datetime"},
    "ol": {"start"},
    "abbr": {"title"},
}
URL_SCHEMES = {"http", "https", "mailto"}


# markdown-it and nh3 are imported on the first body saved or comment cleaned, not with
# this module: the reader's pages read stored HTML and never need them, and a worker
# that only serves readers is spared their megabytes (bench/README.md, "Many processes").
@functools.cache
def _markdown() -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    return md.enable("table").enable("strikethrough")


# A figure renderer: (image id, alt, caption) -> HTML, or None when the image is unknown.
FigureRenderer = Callable[[int, str, str], str | None]


def newlines(source: str) -> str:
    """Lines ended by ``\n``, however they came: a browser sends a textarea's as ``\r\n``,
    and a body saved untouched must stay the same to the byte."""
    return source.replace("\r\n", "\n").replace("\r", "\n")


def sanitise(html: str) -> str:
    import nh3

    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return embeds.checked(clean)


def render_body(source: str, figure: FigureRenderer | Mapping[int, str]) -> str:
    """Markdown to safe HTML; paragraphs that are a lone ``image:ID`` become figures, and
    web addresses alone on their line embeds."""
    render = figure if callable(figure) else (lambda i, a, c: figure.get(i))
    from markdown_it.utils import OptionsDict

    md = _markdown()
    tokens = md.parse(source)
    lines = source.split("\n") if "://" in source else []
    _pull_quotes(tokens)
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "paragraph_open" and i + 2 < len(tokens):
            inline = tokens[i + 1]
            if lines and (embed := _embed(token, inline, lines)):
                out.append(_html(embed + "\n"))
                i += 3
                continue
            if (figures := _figures(inline, render)) is not None:
                out.append(_html(figures + "\n"))
                i += 3
                continue
        out.append(token)
        i += 1
    # HTML on only for our own figure blocks: the parser already escaped the author's HTML.
    options = OptionsDict({**md.options, "html": True})  # type: ignore[typeddict-item]
    html = md.renderer.render(out, options, {})
    return sanitise(html)


def _figures(inline: Token, render: FigureRenderer) -> str | None:
    """The figure a paragraph holding only ``![alt](image:ID "caption")`` is, or the
    gallery of figures one holding only several such is (one per line, or spaced);
    None for any other paragraph. An unknown picture shows nothing."""
    children = [
        c for c in (inline.children or [])
        if c.type != "softbreak" and not (c.type == "text" and not c.content.strip())
    ]  # fmt: skip
    shown: list[str] = []
    for child in children:
        match = re.fullmatch(r"image:(\d+)", str(child.attrs.get("src", "")))
        if child.type != "image" or match is None:
            return None
        caption = str(child.attrs.get("title", "") or "")
        shown.append(render(int(match.group(1)), child.content, caption) or "")
    if len(shown) < 2:
        return shown[0] if shown else None
    figures = "".join(shown)
    return f'<figure class="gallery">{figures}</figure>' if figures else ""


PULL_QUOTE = "[!pullquote]"


def _html(content: str) -> Token:
    from markdown_it.token import Token

    block = Token("html_block", "", 0)
    block.content = content
    return block


def _pull_quotes(tokens: list[Token]) -> None:
    """Each top-level quote whose first line is ``[!pullquote]`` made a pull quote (a
    line of the story set large), the marker dropped::

        > [!pullquote]
        > We will rebuild the bridge.
    """
    for i, token in enumerate(tokens):
        if token.type != "blockquote_open" or token.level != 0 or i + 3 >= len(tokens):
            continue
        inline = tokens[i + 2]
        children = inline.children or []
        if tokens[i + 1].type != "paragraph_open" or not children:
            continue
        if children[0].type != "text" or children[0].content != PULL_QUOTE:
            continue
        end = next(j for j in range(i + 1, len(tokens)) if tokens[j].type == "blockquote_close"
                   and tokens[j].level == 0)  # fmt: skip
        rest = children[2:] if len(children) > 1 and children[1].type == "softbreak" else []
        tokens[i] = _html('<figure class="pullquote"><blockquote>\n')
        tokens[end] = _html("</blockquote></figure>\n")
        if rest:
            inline.children = rest
        else:  # the marker alone in its paragraph: the paragraph goes
            for j in (i + 1, i + 2, i + 3):
                tokens[j] = _html("")


def _embed(paragraph: Token, inline: Token, lines: list[str]) -> str | None:
    """The embed a paragraph is: a web address alone on one line, at the top level, with
    a blank line or the end after it (the editor reads the same rule)."""
    start, end = paragraph.map or (0, 0)
    if paragraph.level != 0 or end - start != 1 or not embeds.is_address(inline.content):
        return None
    if end < len(lines) and lines[end].strip():
        return None
    return embeds.figure(inline.content)


def clean_imported_html(html: str) -> str:
    return sanitise(html)


# Every expression here runs in time linear in its input, whatever the input (a tag never
# spans another "<", so a run of unclosed "<a <a <a" is read once, not once per "<").
_TAG = re.compile(r"<[^<>]+>")
# Tags inside a line of text: dropped without a space ("won <em>7</em>." is "won 7."),
# where any other tag parts words.
_INLINE_TAG = re.compile(
    r"</?(?:a|abbr|b|bdi|bdo|cite|code|data|del|dfn|em|i|ins|kbd|mark|q|s|samp|small|span"
    r"|strong|sub|sup|time|u|var)(?:\s[^<>]*)?>",
    re.I,
)
_SPACE = re.compile(r"\s+")
_BLOCK_END = re.compile(r"</(?:p|h\d|li|blockquote|pre|tr)>", re.I)
_FIGURE = re.compile(r"<figure\b", re.I)
_FIGURE_END = "</figure>"


def _without_figures(html: str) -> str:
    """``html`` with each ``<figure ...>...</figure>`` made a space, in one pass (a lazy
    ``<figure.*?</figure>`` scans to the end once per unclosed figure)."""
    lower, parts, at = html.lower(), [], 0
    while (found := _FIGURE.search(html, at)) is not None:
        end = lower.find(_FIGURE_END, found.end())
        if end == -1:
            break
        parts += [html[at : found.start()], " "]
        at = end + len(_FIGURE_END)
    parts.append(html[at:])
    return "".join(parts)


def html_to_text(html: str) -> str:
    """Visible text of a body, for excerpts, word counts and similarity; figures dropped."""
    return " ".join(html_to_paragraphs(html))


def html_to_paragraphs(html: str) -> list[str]:
    """The visible text of a body, a string for each paragraph, heading, list item,
    quotation or table row (as a plain-text email shows them); figures dropped."""
    html = _INLINE_TAG.sub("", _BLOCK_END.sub("\n", _without_figures(html)))
    lines = unescape(_TAG.sub(" ", html)).split("\n")
    return [text for line in lines if (text := _SPACE.sub(" ", line).strip())]


def excerpt(text: str, limit: int = 160, ellipsis: str = "...") -> str:
    """Cut at a word boundary at or before ``limit`` characters and add ``...``."""
    text = _SPACE.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit + 1]
    space = cut.rfind(" ")
    cut = cut[:space] if space > limit // 3 else text[:limit]
    return cut.rstrip(" ,;:.-–—") + ellipsis


def word_count(text: str) -> int:
    return len(text.split())


# Latin letters without an ASCII base to fold to.
_LATIN = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d",
                        "þ": "th", "ł": "l", "ı": "i", "ħ": "h"})  # fmt: skip


def slugify(value: str, max_length: int = 80) -> str:
    """Lower case and hyphenated, for an address. Latin letters are folded to ASCII
    ("Café Müller" -> "cafe-muller", "Straße" -> "strasse"); other scripts keep their
    letters, as browsers show them ("انتخابات البلدية" -> "انتخابات-البلدية"), with the
    marks that belong to them (a Devanagari vowel sign stays; Arabic short-vowel marks,
    which headlines rarely carry and readers never type, go). Empty input gives
    ``"item"``."""
    value = re.sub(r"['’‘]", "", value).lower().translate(_LATIN)
    kept: list[str] = []
    base = ""
    for char in unicodedata.normalize("NFKD", value):
        if unicodedata.combining(char) or unicodedata.category(char) == "Mn":
            if base.isascii() or "\u064b" <= char <= "\u065f" or char == "\u0670":
                continue  # an accent of a Latin letter, or an Arabic vowel mark
            kept.append(char)
            continue
        base = char
        kept.append(char if char.isalnum() or unicodedata.category(char) == "Mc" else "-")
    value = re.sub(r"-+", "-", unicodedata.normalize("NFC", "".join(kept))).strip("-")
    if len(value) > max_length:
        value = value[:max_length].rsplit("-", 1)[0] or value[:max_length]
    return value or "item"
