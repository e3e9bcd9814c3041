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
from collections.abc import Collection, Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import delete, func, insert, select
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


def _candidate(upto: int | None = None):  # type: ignore[no-untyped-def]
    """Published, or scheduled for any time: reads drop those not yet due. ``upto``:
    written no later than that article (``Newest``)."""
    live = Article.status.in_(LIVE_STATUSES)
    return live if upto is None else live & (Article.id <= upto)


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
    """Summed exactly (``fsum``), so that a pair scores the same from either side, to
    the last bit, whatever order the words come in (a bulk refresh relies on it)."""
    common = a.keys() & b.keys()
    return math.fsum([a[w] * b[w] for w in common]) if common else 0.0


def compute(session: Session, article_id: int, *, now: datetime, count: int = 4) -> list[int]:
    """Ranked ids of related live articles; never the article itself, never twice."""
    return [row_id for _score, row_id in _scored(session, article_id, now=now, count=count)]


def _scored(
    session: Session, article_id: int, *, now: datetime, count: int
) -> list[tuple[float, int]]:
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
        sharing = select(article_tags.c.article_id).where(article_tags.c.tag_id.in_(tag_ids))
        candidates.update(
            session.scalars(
                select(Article.id)
                .where(live, Article.id.in_(sharing))  # each once, however many it shares
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
    return _rank(article, map(_Row.of, rows), shared, now)[:count]


class _Row(NamedTuple):
    """A candidate as scoring reads it (plain values: read hundreds of thousands of times)."""

    id: int
    keywords: dict[str, float]
    section_id: int | None
    published_at: datetime | None
    at: float | None  # published_at as a timestamp

    @classmethod
    def of(cls, row: Any) -> _Row:
        when = row.published_at
        return cls(row.id, row.keywords or {}, row.section_id, when, when and when.timestamp())


def _rank(
    article: Any, rows: Iterable[_Row], shared: Mapping[int, int], now: datetime
) -> list[tuple[float, int]]:
    """Candidates best first (the newer first at equal scores). A candidate's score (the
    same both ways round): shared tags, same section, text similarity, closeness in
    time."""
    anchor = (article.published_at or now).timestamp()
    mine, section = article.keywords or {}, article.section_id
    scored = []
    for row_id, keywords, section_id, when, at in rows:
        days = abs(anchor - at) / 86400 if at is not None else 365
        score = (
            W_TAG * min(shared.get(row_id, 0), 5)
            + W_SECTION * (section is not None and section_id == section)
            + W_TEXT * _cosine(mine, keywords)
            + W_RECENCY / (1 + days / 30)
        )
        scored.append((score, when, row_id))
    scored.sort(reverse=True)
    return [(score, row_id) for score, _when, row_id in scored]


def store(session: Session, article_id: int, *, now: datetime, count: int = 4) -> list[int]:
    scored = _scored(session, article_id, now=now, count=count + SPARE)
    _store_lists(session, {article_id: scored})
    return [row_id for _score, row_id in scored]


def _store_lists(session: Session, lists: Mapping[int, list[tuple[float, int]]]) -> None:
    """Replace these articles' stored lists (scores kept: a newcomer is measured
    against them)."""
    if not lists:
        return
    session.execute(delete(RelatedArticle).where(RelatedArticle.article_id.in_(list(lists))))
    rows = [
        {"article_id": article_id, "position": i, "related_id": rid, "score": score}
        for article_id, scored in lists.items()
        for i, (score, rid) in enumerate(scored)
    ]
    if rows:
        session.execute(insert(RelatedArticle), rows)
    session.flush()


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


PART = 1000  # articles refreshed per transaction when many changed at once


def refresh_many(
    session: Session,
    article_ids: Iterable[int],
    *,
    now: datetime,
    count: int = 4,
    settled: Collection[int] = (),
    read: Newest | None = None,
) -> None:
    """After many articles changed at once (an import, the demo content), in a fixed
    number of queries per few hundred articles: their lists and the lists that showed
    them are scored again together, and each changed live article is offered to the
    lists of the articles it relates to, taking the place of a weaker entry. (The
    relation is scored the same both ways round, so no list is scored in full twice.)
    ``settled``: all the articles of a pass that scores them in parts (these among
    them, an import's thousands), whose lists are neither scored again for what they
    show nor offered to; ``read``: the pass's candidates, read by the parts before.
    The same as ``store_many(session, score_many(session, ...))``: the scoring only
    reads, so a caller may do it outside the transaction that stores."""
    ids = list(dict.fromkeys(article_ids))
    if len({*settled, *ids}) == 1:  # a single save, the usual case
        refresh_around(session, ids[0], now=now, count=count)
        return
    scored = score_many(session, ids, now=now, count=count, settled=settled, read=read)
    store_many(session, scored, now=now)


class Scored(NamedTuple):
    """Lists scored by ``score_many``, to be stored by ``store_many``."""

    pools: dict[int, list[tuple[float, int]]]  # every candidate of each, scored, best first
    done: set[int]  # articles whose lists are not offered to
    size: int  # places in a stored list


def score_many(
    session: Session,
    article_ids: Iterable[int],
    *,
    now: datetime,
    count: int = 4,
    settled: Collection[int] = (),
    read: Newest | None = None,
) -> Scored:
    """The scoring half of ``refresh_many``: reads, writes nothing."""
    ids = list(dict.fromkeys(article_ids))
    passing = {*settled, *ids}
    showing: set[int] = set()
    for part in _parts(ids):
        showing.update(
            session.scalars(
                select(RelatedArticle.article_id).where(RelatedArticle.related_id.in_(part))
            )
        )
    targets = list(dict.fromkeys([*ids, *showing.difference(passing)]))
    pools: dict[int, list[tuple[float, int]]] = {}
    read = read or Newest()
    for part in _parts(targets):
        pools.update(_pools(session, part, now=now, read=read))
    return Scored(pools, passing.union(targets), count + SPARE)


def store_many(session: Session, scored: Scored, *, now: datetime) -> None:
    """The storing half of ``refresh_many``: the lists, and the offers to neighbours."""
    pools, done, size = scored
    _store_lists(session, {a: pool[:size] for a, pool in pools.items()})
    _offer(session, pools, done, size, now=now)


def _offer(
    session: Session,
    pools: Mapping[int, list[tuple[float, int]]],
    done: set[int],
    size: int,
    *,
    now: datetime,
) -> None:
    """Put each newly scored article in the stored lists of its candidates where it
    beats their weakest entry. A list stored before scores were kept is scored afresh."""
    offers: dict[int, list[tuple[float, float, int]]] = {}
    when = _times(session, list(pools))
    for article_id, pool in pools.items():
        for score, other in pool:
            if other not in done:
                offers.setdefault(other, []).append((score, when.get(article_id, 0.0), article_id))
    if not offers:
        return
    stored: dict[int, list[tuple[float, float, int]]] = {a: [] for a in offers}
    for part in _parts(list(offers)):
        for row in session.execute(
            select(
                RelatedArticle.article_id,
                RelatedArticle.related_id,
                RelatedArticle.score,
                Article.published_at,
            )
            .join(Article, Article.id == RelatedArticle.related_id)
            .where(RelatedArticle.article_id.in_(part))
            .order_by(RelatedArticle.article_id, RelatedArticle.position)
        ):
            at = row.published_at.timestamp() if row.published_at else 0.0
            stored[row.article_id].append((row.score, at, row.related_id))
    changed: dict[int, list[tuple[float, int]]] = {}
    unscored = [a for a, rows in stored.items() if any(score <= 0 for score, _, _ in rows)]
    for article_id, offered in offers.items():
        if article_id in unscored:
            continue
        current = stored[article_id]
        shown = {rid for _, _, rid in current}
        # Ranked as ``_rank`` ranks: by score, the newer first at equal scores.
        merged = sorted(current + [o for o in offered if o[2] not in shown], reverse=True)
        if merged[:size] != current:
            changed[article_id] = [(score, rid) for score, _, rid in merged[:size]]
    for part in _parts(unscored):
        changed.update({a: pool[:size] for a, pool in _pools(session, part, now=now).items()})
    _store_lists(session, changed)


def _times(session: Session, ids: list[int]) -> dict[int, float]:
    found: dict[int, float] = {}
    for part in _parts(ids):
        for article_id, at in session.execute(
            select(Article.id, Article.published_at).where(Article.id.in_(part))
        ):
            found[article_id] = at.timestamp() if at else 0.0
    return found


def _parts(ids: list[int], size: int = 500) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


class Newest:
    """The newest live articles, as (published, id), of each tag, of each section and of
    all: a live article's candidates are among them (those sharing a tag, its section's
    newest, the newest of all, as ``compute`` takes them). Read as parts of a pass need
    them and kept for the next parts (a pass scores what was written before it began),
    up to ``KEPT`` pairs. Each list is one longer than the pool it fills: the article
    itself may be in it."""

    KEPT = 200_000

    def __init__(self, upto: int | None = None) -> None:
        # Candidates only among the articles written up to this one (a pass of an
        # import's: those the import wrote since, ahead of its passes, are scored in
        # their own pass and then offered to these lists, instead of being scored here
        # into lists that their pass would only have to score again).
        self.upto = upto
        self.tags: dict[int, list[tuple[Any, int]]] = {}
        self.sections: dict[int, list[tuple[Any, int]]] = {}
        self.all: list[tuple[Any, int]] | None = None
        self.kept = 0

    def of_tags(self, session: Session, tag_ids: set[int]) -> dict[int, list[tuple[Any, int]]]:
        return self._read(session, self.tags, tag_ids, article_tags.c.tag_id, POOL + 1)

    def of_sections(
        self, session: Session, section_ids: set[int | None]
    ) -> dict[int, list[tuple[Any, int]]]:
        wanted = {s for s in section_ids if s is not None}
        return self._read(session, self.sections, wanted, Article.section_id, POOL // 3 + 1)

    def of_all(self, session: Session) -> list[tuple[Any, int]]:
        if self.all is None:
            self.all = [
                (when, other)
                for when, other in session.execute(
                    select(Article.published_at, Article.id)
                    .where(_candidate(self.upto))
                    .order_by(Article.published_at.desc())
                    .limit(POOL // 3 + 1)
                )
            ]
        return self.all

    def _read(
        self, session: Session, kept: dict[int, list[tuple[Any, int]]], wanted: set[int],
        key: Any, limit: int,
    ) -> dict[int, list[tuple[Any, int]]]:  # fmt: skip
        missing = wanted - kept.keys()
        if missing and self.kept > self.KEPT:
            self.tags.clear()
            self.sections.clear()
            self.kept, missing = 0, wanted
        found = _newest_by(
            session, key, missing, limit, join=key is article_tags.c.tag_id, upto=self.upto
        )
        kept.update(found)
        self.kept += sum(map(len, found.values()))
        return kept


def _pools(
    session: Session, article_ids: list[int], *, now: datetime, read: Newest | None = None
) -> dict[int, list[tuple[float, int]]]:
    """Every candidate of each of these articles, scored, best first; read in six
    queries whatever their number (fewer when ``read`` holds what a part before read)."""
    columns = (Article.id, Article.keywords, Article.section_id, Article.published_at)
    articles = {
        row.id: row
        for row in session.execute(
            select(*columns).where(Article.id.in_(article_ids), _candidate())
        )
    }
    if not articles:
        return {}
    tags: dict[int, set[int]] = {}
    for article_id, tag_id in session.execute(
        select(article_tags.c.article_id, article_tags.c.tag_id).where(
            article_tags.c.article_id.in_(list(articles))
        )
    ):
        tags.setdefault(article_id, set()).add(tag_id)
    wanted_tags = set().union(*tags.values()) if tags else set()
    read = read or Newest()
    per_tag = read.of_tags(session, wanted_tags)
    per_section = read.of_sections(session, {a.section_id for a in articles.values()})
    newest = read.of_all(session)
    candidates = {}
    for article_id, a in articles.items():
        of_tags = [per_tag.get(t, []) for t in tags.get(article_id, ())]
        candidates[article_id] = (
            _newest(article_id, of_tags, POOL)
            | _newest(article_id, [per_section.get(a.section_id, [])], POOL // 3)
            | _newest(article_id, [newest], POOL // 3)
        )
    everyone = set().union(*candidates.values())
    rows: dict[int, _Row] = {}
    their_tags: dict[int, set[int]] = {}
    for part in _parts(sorted(everyone)):
        rows.update(
            (row.id, _Row.of(row))
            for row in session.execute(select(*columns).where(Article.id.in_(part)))
        )
        for other, tag_id in (
            session.execute(
                select(article_tags.c.article_id, article_tags.c.tag_id).where(
                    article_tags.c.article_id.in_(part), article_tags.c.tag_id.in_(wanted_tags)
                )
            )
            if wanted_tags
            else ()
        ):
            their_tags.setdefault(other, set()).add(tag_id)
    pools = {}
    for article_id, a in articles.items():
        mine = tags.get(article_id, set())
        shared = {o: len(their_tags[o] & mine) for o in candidates[article_id] if o in their_tags}
        pools[article_id] = _rank(a, (rows[o] for o in candidates[article_id] if o in rows),
                                  shared, now)  # fmt: skip
    return pools


def _newest(article_id: int, lists: list[list[tuple[Any, int]]], limit: int) -> set[int]:
    """The newest ``limit`` others in these lists of (published, id): what ``compute``
    reads for one article (the newest sharing one of its tags, of its section, of all)."""
    merged = sorted({pair for found in lists for pair in found if pair[1] != article_id},
                    key=lambda pair: pair[0], reverse=True)  # fmt: skip
    return {other for _when, other in merged[:limit]}


RECENT = (4000, 32000)  # how many of the newest live articles to look among, in turn


def _newest_by(
    session: Session,
    key: Any,
    values: set[int],
    limit: int,
    *,
    join: bool = False,
    upto: int | None = None,
) -> dict[int, list[tuple[Any, int]]]:
    """The newest ``limit`` live articles (published, id) for each of ``values`` of
    ``key`` (a tag, a section). Looked for among the newest few thousand live articles,
    then among more (``RECENT``), which fills the lists of all but rare tags whatever
    the archive's size; a list still short is completed from all the articles of its tag
    or section (a rare one's few). At most three queries, however many values."""
    if not values:
        return {}

    def query(*where: Any) -> Any:
        found = select(key, Article.id, Article.published_at).where(_candidate(upto), *where)
        if join:
            found = found.join(article_tags, article_tags.c.article_id == Article.id)
        return found

    found: dict[int, list[tuple[Any, int]]] = {}
    short = set(values)
    for size in RECENT:
        newest = (
            select(Article.id)
            .where(_candidate(upto))
            .order_by(Article.published_at.desc())
            .limit(size)
        )
        rows = query(Article.id.in_(newest.scalar_subquery()), key.in_(short))
        found.update({v: [] for v in short})
        for value, other, when in session.execute(rows.order_by(Article.published_at.desc())):
            if len(found[value]) < limit:
                found[value].append((when, other))
        short = {v for v in short if len(found[v]) < limit}
        if not short:
            return found
    rank = func.row_number().over(partition_by=key, order_by=Article.published_at.desc())
    ranked = query(key.in_(short)).add_columns(rank.label("rank")).subquery()
    value, article_id, published_at, position = ranked.c
    found.update({v: [] for v in short})
    for v, other, when in session.execute(
        select(value, article_id, published_at).where(position <= limit)
    ):
        found[v].append((when, other))
    return found


def unlisted(session: Session) -> list[int]:
    """Live articles with no stored list: one alone on its site, or one whose list was
    due when its process stopped (an import killed before its held reactions ran)."""
    listed = select(RelatedArticle.article_id).where(RelatedArticle.article_id == Article.id)
    unlisted = select(Article.id).where(_candidate(), ~listed.exists())
    return list(session.scalars(unlisted.order_by(Article.id)))
