"""What of an article is searchable, gathered in one query set for any number of them.

Tag and author names stay apart (tuples): a backend puts a gap between them, so a
phrase never runs from one name into the next ("budget council" does not match the
tags Budget and Council)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from thepost.content.models import LIVE_STATUSES, Article, ArticleAuthor
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

    def vocabulary(self) -> set[str]:
        """Words offered as corrections: the prominent fields, where names live."""
        names = " ".join((*self.tags, *self.authors))
        text = f"{self.title} {self.standfirst} {names} {self.section}"
        return {w for w in words(text) if len(w) >= 3 and not w.isdigit()}


def load(session: Session, article_ids: Sequence[int]) -> list[Document]:
    """Documents for those of ``article_ids`` that are published or scheduled; the others
    (drafts, unpublished, deleted) must leave the index."""
    if not article_ids:
        return []
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
    return [_document(a) for a in articles]


def _document(article: Article) -> Document:
    return Document(
        article_id=article.id,
        title=article.title,
        standfirst=article.standfirst,
        tags=tuple(sorted(t.name for t in article.tags)),
        authors=tuple(a.name for a in article.authors),
        section=article.section.name if article.section else "",
        body=article.body_text,
        section_id=article.section_id,
        published_at=article.published_at,
    )


def vocabulary_counts(documents: Iterable[Document]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for document in documents:
        counts.update(document.vocabulary())
    return counts


def every(session: Session, batch: int) -> Iterator[list[Document]]:
    """Every published or scheduled article's document, by id, ``batch`` at a time (for
    a rebuild)."""
    live = select(Article.id).where(Article.status.in_(LIVE_STATUSES)).order_by(Article.id)
    ids = list(session.scalars(live))
    for start in range(0, len(ids), max(1, batch)):
        yield load(session, ids[start : start + max(1, batch)])
