"""Who may read a story, and the part of a members' story everyone may read.

A story for members keeps its body in two columns: ``body_html`` holds its first
paragraphs, which anonymous readers, feeds, the API, search and newsletters show (the
plain text they read, ``Article.body_text``, is made from it), and ``gated_html`` the
rest, which only a signed-in member's page shows. Splitting at save time makes the safe
reading the default one: a surface that reads ``body_html`` cannot leak what lies
behind the wall, and only ``whole`` (the member's page, the editor's preview, an
export) puts the two back together::

    public, gated = split(body_html, paragraphs=3)
"""

from __future__ import annotations

from html.parser import HTMLParser

from thepost.content.models import MEMBERS, PUBLIC, Article
from thepost.content.text import html_to_text

ACCESS = (PUBLIC, MEMBERS)
MAX_PREVIEW = 20
# Top-level blocks that count as paragraphs of the story; pictures and headings above
# the cut stay public but do not count.
_TEXT_BLOCKS = frozenset({"p", "ul", "ol", "dl", "blockquote", "pre", "table"})
_VOID = frozenset({"br", "img", "hr", "source", "wbr", "col", "input", "meta", "link"})


class _Blocks(HTMLParser):
    """The offsets where each top-level text block of an HTML fragment ends."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=False)
        self._starts = [0]
        for line in html.splitlines(keepends=True):
            self._starts.append(self._starts[-1] + len(line))
        self._html = html
        self.depth = 0
        self.ends: list[int] = []
        self.feed(html)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag not in _VOID:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        self.depth = max(0, self.depth - 1)
        if self.depth == 0 and tag in _TEXT_BLOCKS:
            start = self._offset()
            end = self._html.find(">", start)
            self.ends.append(len(self._html) if end < 0 else end + 1)


def split(html: str, paragraphs: int) -> tuple[str, str]:
    """The first ``paragraphs`` text blocks of a body (with what comes before them), and
    the rest. At least one block stays behind the wall when the body has any: a story of
    three paragraphs shown three is not for members at all."""
    ends = _Blocks(html).ends
    count = min(max(paragraphs, 0), len(ends) - 1)
    if count <= 0:
        return "", html.strip()
    cut = ends[count - 1]
    return html[:cut].strip() + "\n", html[cut:].strip()


def whole(article: Article) -> str:
    """The whole body of a story: for the member's page, the editor and exports."""
    if not article.gated_html:
        return article.body_html
    return article.body_html + article.gated_html


def preview_paragraphs(raw: object) -> int:
    """The editor's number of public paragraphs, kept within 0..MAX_PREVIEW."""
    try:
        value = int(str(raw).strip() or 3)
    except ValueError:
        return 3
    return min(max(value, 0), MAX_PREVIEW)


def set_body(article: Article, html: str) -> str:
    """Keep a rendered body on the article, split at its wall when it is for members;
    returns the whole body's text (its words count, public or not)."""
    if article.access == MEMBERS:
        article.body_html, article.gated_html = split(html, article.preview_paragraphs)
    else:
        article.body_html, article.gated_html = html, ""
    return html_to_text(html)
