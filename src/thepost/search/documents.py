"""What of an article is searchable, gathered in one query set for any number of them.

Tag and author names stay apart (tuples): a backend puts a gap between them, so a
phrase never runs from one name into the next ("budget council" does not match the
tags Budget and Council). A document is in its story's language, or in ``own`` (the
index's, ``search.state``) for a story in the site's own language."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from thepost.content.models import LIVE_STATUSES, Article, ArticleAuthor, EntryStatus, LiveEntry
from thepost.search import state
from thepost.search.languages import tag
from thepost.search.query import words


@dataclass(frozen=True)
class Document:
    article_id: int
    title: str
    standfirst: str
    tags: tuple[str, ...]  # by name
    authors: tuple[str, ...]  # in byline order
    section: str
    body: str
    section_id: int | None = None
    published_at: datetime | None = None
    language: str = ""  # a tag (``languages.tag``), never "": the site's is resolved

    def vocabulary(self) -> set[str]:
        """Words offered as corrections: the prominent fields, where names live."""
        names = " ".join((*self.tags, *self.authors))
        text = f"{self.title} {self.standfirst} {names} {self.section}"
        return {w for w in words(text) if len(w) >= 3 and not w.isdigit()}


def load(session: Session, article_ids: Sequence[int], *, own: str | None = None) -> list[Document]:
    """Documents for those of ``article_ids`` that are published or scheduled; the others
    (drafts, unpublished, deleted) must leave the index. ``own``: the language of the
    stories in the site's own (None: the index's)."""
    if not article_ids:
        return []
    if own is None:
        own = state.own_language(session)
    articles = session.scalars(
        select(Article)
        .where(Article.id.in_(article_ids), Article.status.in_(LIVE_STATUSES))
        .options(
            joinedload(Article.section),
            selectinload(Article.tags),
            selectinload(Article.bylines).joinedload(ArticleAuthor.author),
        )
        .execution_options(populate_existing=True)
    ).unique()
    found = list(articles)
    entries = _entries(session, [a.id for a in found if a.live_status])
    return [_document(a, own, entries.get(a.id, ())) for a in found]


# A live blog is found by its entries too: the newest few hundred (a long-running blog's
# older ones have said their piece, and each post indexes the blog again).
ENTRIES_INDEXED = 200


def _entries(session: Session, blog_ids: list[int]) -> dict[int, list[str]]:
    """The text of each live blog's newest posted entries, headline and words."""
    found: dict[int, list[str]] = {}
    if not blog_ids:
        return found
    rank = func.row_number().over(
        partition_by=LiveEntry.article_id, order_by=LiveEntry.posted_at.desc()
    )
    newest = (
        select(LiveEntry.article_id, LiveEntry.headline, LiveEntry.body_text, rank.label("n"))
        .where(LiveEntry.article_id.in_(blog_ids), LiveEntry.status == EntryStatus.POSTED.value)
        .subquery()
    )
    for article_id, headline, body, _n in session.execute(
        select(newest).where(newest.c.n <= ENTRIES_INDEXED).order_by(newest.c.n.desc())
    ):
        found.setdefault(article_id, []).append(f"{headline}\n{body}" if headline else body)
    return found


def _document(article: Article, own: str, entries: Iterable[str] = ()) -> Document:
    return Document(
        article_id=article.id,
        title=article.title,
        standfirst=article.standfirst,
        tags=tuple(sorted(t.name for t in article.tags)),
        authors=tuple(a.name for a in article.authors),
        section=article.section.name if article.section else "",
        body="\n\n".join([article.body_text, *entries]),
        section_id=article.section_id,
        published_at=article.published_at,
        language=tag(article.language) or own,
    )


def vocabulary_counts(documents: Iterable[Document]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for document in documents:
        counts.update(document.vocabulary())
    return counts


def every(session: Session, batch: int, *, own: str | None = None) -> Iterator[list[Document]]:
    """Every published or scheduled article's document, by id, ``batch`` at a time (for
    a rebuild)."""
    live = select(Article.id).where(Article.status.in_(LIVE_STATUSES)).order_by(Article.id)
    ids = list(session.scalars(live))
    own = own if own is not None else state.own_language(session)
    for start in range(0, len(ids), max(1, batch)):
        yield load(session, ids[start : start + max(1, batch)], own=own)
