"""'You May Also Like': scored once when an article is published or changed, then stored.

Candidates are published or scheduled articles that share a tag, sit in the same section,
or are recent. Scheduled ones are stored too (with a few spare places) and filtered out
at read time until they are due, so a story appears beside its neighbours the moment its
publish time passes, with no job to run then.
Each is scored by shared tags, same section, text similarity (cosine over the distinctive
words of headline, standfirst and body) and closeness in time. Too few candidates are
filled from the same section's latest. Pages read the stored rows; nothing is computed
per request.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from thepost.content.models import LIVE_STATUSES, Article, RelatedArticle, article_tags

W_TAG, W_SECTION, W_TEXT, W_RECENCY = 2.0, 1.0, 6.0, 0.5
POOL = 150
_WORD = re.compile(r"[a-zà-ÿ]{3,}")
STOPWORDS = frozenset(
    """
    the and for that with this from have has had was were are but not you they their his
    her its our who what when where which while will would could should about after before
    into over more most than then them there these those also just like been being said
    says one two new very such only other some any all can may might must out off per via
    year years week weeks day days time first last many much made make each both between
    under again through during because since whose how why she him yet own same too here
    now well even still
    """.split()
)


SPARE = 2  # extra places for scheduled stories that readers cannot see yet


def _candidate():  # type: ignore[no-untyped-def]
    """Published, or scheduled for any time: reads drop those not yet due."""
    return Article.status.in_(LIVE_STATUSES)


def terms(text: str) -> Counter[str]:
    words = [w for w in _WORD.findall(text.lower()) if w not in STOPWORDS]
    return Counter(w[:-1] if w.endswith("s") and len(w) > 4 else w for w in words)


def keywords(title: str, standfirst: str, body: str, size: int = 40) -> dict[str, float]:
    """The article's most frequent words as a unit vector; stored at save time."""
    counts = terms(body)
    for word, n in terms(f"{title} {standfirst}").items():
        counts[word] += 3 * n  # headline and standfirst words say most about the topic
    top = dict(counts.most_common(size))
    norm = math.sqrt(sum(v * v for v in top.values())) or 1.0
    return {w: round(v / norm, 4) for w, v in top.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def compute(session: Session, article_id: int, *, now: datetime, count: int = 4) -> list[int]:
    """Ranked ids of related live articles; never the article itself, never twice."""
    article = session.get(Article, article_id)
    if article is None:
        return []
    tag_ids = set(
        session.scalars(
            select(article_tags.c.tag_id).where(article_tags.c.article_id == article_id)
        )
    )
    live = _candidate() & (Article.id != article_id)
    candidates: set[int] = set()
    if tag_ids:
        candidates.update(
            session.scalars(
                select(Article.id)
                .join(article_tags, article_tags.c.article_id == Article.id)
                .where(live, article_tags.c.tag_id.in_(tag_ids))
                .order_by(Article.published_at.desc())
                .limit(POOL)
            )
        )
    if article.section_id is not None:
        candidates.update(
            session.scalars(
                select(Article.id)
                .where(live, Article.section_id == article.section_id)
                .order_by(Article.published_at.desc())
                .limit(POOL // 3)
            )
        )
    candidates.update(
        session.scalars(
            select(Article.id).where(live).order_by(Article.published_at.desc()).limit(POOL // 3)
        )
    )
    if not candidates:
        return []
    rows = session.execute(
        select(Article.id, Article.keywords, Article.section_id, Article.published_at).where(
            Article.id.in_(candidates)
        )
    ).all()
    shared: Counter[int] = Counter(
        session.scalars(
            select(article_tags.c.article_id).where(
                article_tags.c.article_id.in_(candidates), article_tags.c.tag_id.in_(tag_ids)
            )
        )
    )
    mine = article.keywords or {}
    anchor = article.published_at or now
    scored = []
    for row in rows:
        similarity = _cosine(mine, row.keywords or {})
        days = abs((anchor - row.published_at).total_seconds()) / 86400 if row.published_at else 365
        score = (
            W_TAG * min(shared[row.id], 5)
            + W_SECTION * (row.section_id is not None and row.section_id == article.section_id)
            + W_TEXT * similarity
            + W_RECENCY / (1 + days / 30)
        )
        scored.append((score, row.published_at, row.id))
    scored.sort(reverse=True)
    return [row_id for _score, _when, row_id in scored[:count]]


def store(session: Session, article_id: int, *, now: datetime, count: int = 4) -> list[int]:
    ids = compute(session, article_id, now=now, count=count + SPARE)
    session.execute(delete(RelatedArticle).where(RelatedArticle.article_id == article_id))
    session.add_all(
        RelatedArticle(article_id=article_id, position=i, related_id=rid)
        for i, rid in enumerate(ids)
    )
    session.flush()
    return ids


def refresh_around(session: Session, article_id: int, *, now: datetime, count: int = 4) -> None:
    """After a publish, edit or unpublish: this article's list, and the lists that show it
    or that it now shows, so a new story appears beside its neighbours and a withdrawn
    one disappears."""
    neighbours = set(
        session.scalars(
            select(RelatedArticle.article_id).where(RelatedArticle.related_id == article_id)
        )
    )
    mine = store(session, article_id, now=now, count=count)
    for other in (neighbours | set(mine)) - {article_id}:
        store(session, other, now=now, count=count)


def refresh_many(
    session: Session, article_ids: Iterable[int], *, now: datetime, count: int = 4
) -> None:
    """After many articles changed at once (an import, the demo content): each one's
    neighbourhood in turn, or every list in one pass when that is less work (the
    neighbourhoods would cover about the whole archive)."""
    ids = list(dict.fromkeys(article_ids))
    if len(ids) > 1:  # one (a single save, the usual case) is never worth a count
        live = session.scalar(select(func.count()).select_from(Article).where(_candidate()))
        if len(ids) * (count + SPARE + 1) >= (live or 0):
            rebuild_all(session, now=now, count=count)
            return
    for article_id in ids:
        refresh_around(session, article_id, now=now, count=count)


def rebuild_all(session: Session, *, now: datetime, count: int = 4) -> int:
    """Recompute every published or scheduled article's list (after a bulk import)."""
    ids = list(session.scalars(select(Article.id).where(_candidate())))
    for article_id in ids:
        store(session, article_id, now=now, count=count)
    return len(ids)
