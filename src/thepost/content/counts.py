"""How many stories a reader's list holds, read from what the database keeps.

``story_counts`` (migration 0032) holds, per list and language, the stories published
or scheduled with a publish time; triggers keep it whatever writes the stories. What
readers see now is that less the stories whose time has not come yet: a scheduled story
goes live by the clock, with no write to count it. Those are few and found along the
publish-time index, so a list of any length costs two short reads::

    live(session, "section", section.id, language="", now=now)
    live(session, "all", 0, language="es", now=now)

``recount`` counts the same from the stories themselves (the checks compare the two).
"""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Integer, String, bindparam, func, literal, select, union_all
from sqlalchemy.orm import Session

from thepost.content.models import (
    LIVE_STATUSES,
    Article,
    ArticleAuthor,
    StoryCount,
    article_tags,
)
from thepost.db.prepared import Prepared

LISTS = ("all", "section", "tag", "author")


# One bound parameter per status (a prepared statement takes no expanding list).
_LIVE = [literal(status, String) for status in LIVE_STATUSES]
_KEY, _LANGUAGE = bindparam("key", type_=Integer()), bindparam("language", type_=String())


def _in_list(kind: str) -> ColumnElement[bool] | None:
    """Which articles belong to the list (None: every one)."""
    if kind == "section":
        return Article.section_id == _KEY
    if kind == "tag":
        tagged = article_tags.c
        return (
            select(tagged.article_id)
            .where(tagged.article_id == Article.id, tagged.tag_id == _KEY)
            .exists()
        )
    if kind == "author":
        return (
            select(ArticleAuthor.article_id)
            .where(ArticleAuthor.article_id == Article.id, ArticleAuthor.author_id == _KEY)
            .exists()
        )
    return None


@functools.cache
def _live(kind: str) -> Prepared:
    kept = select(StoryCount.stories).where(
        StoryCount.list == literal(kind, String), StoryCount.key == _KEY,
        StoryCount.language == _LANGUAGE,
    )  # fmt: skip
    # (the status index, from now on: the few stories still to come)
    to_come = select(func.count()).where(
        Article.status.in_(_LIVE),
        Article.published_at > bindparam("now", type_=Article.__table__.c.published_at.type),
        Article.language == _LANGUAGE,
    )
    belongs = _in_list(kind)
    if belongs is not None:
        to_come = to_come.where(belongs)
    return Prepared(
        select(kept.scalar_subquery().label("kept"), to_come.scalar_subquery().label("to_come"))
    )


def live(session: Session, kind: str, key: int, *, language: str, now: datetime) -> int:
    """How many stories of the list (``kind`` one of ``LISTS``; ``key`` the section's,
    tag's or author's id, 0 for all) in ``language`` readers can see at ``now``."""
    found = _live(kind).first(session, key=key, language=language, now=now)
    return max(0, (found.kept or 0) - found.to_come)


def every(session: Session, kind: str, *, now: datetime) -> dict[int, int]:
    """How many stories readers can see at ``now`` in each list of ``kind`` ("section" or
    "tag"), in every language, by key (those with at least one)."""
    kept = session.execute(
        select(StoryCount.key, func.sum(StoryCount.stories))
        .where(StoryCount.list == kind)
        .group_by(StoryCount.key)
    )
    found = {key: int(n) for key, n in kept}
    to_come = select(Article.id).where(Article.status.in_(_LIVE), Article.published_at > now)
    if kind == "section":
        later = select(Article.section_id, func.count()).where(
            Article.id.in_(to_come), Article.section_id.is_not(None)
        )
        later = later.group_by(Article.section_id)
    else:
        tagged = article_tags.c
        later = (
            select(tagged.tag_id, func.count())
            .where(tagged.article_id.in_(to_come))
            .group_by(tagged.tag_id)
        )
    rows: Any = session.execute(later)
    for key, n in rows:
        found[key] = found.get(key, 0) - n
    return {key: n for key, n in found.items() if n > 0}


def recount(session: Session) -> dict[tuple[str, int, str], int]:
    """The counts ``story_counts`` should hold, counted from the stories: by (list, key,
    language), the lists with at least one."""
    counted = Article.status.in_(LIVE_STATUSES) & Article.published_at.is_not(None)
    lists: Any = union_all(
        select(Article.id.label("article_id"), literal("all").label("list"), literal(0).label("n")),
        select(Article.id, literal("section"), Article.section_id).where(
            Article.section_id.is_not(None)
        ),
        select(article_tags.c.article_id, literal("tag"), article_tags.c.tag_id),
        select(ArticleAuthor.article_id, literal("author"), ArticleAuthor.author_id),
    ).subquery()  # fmt: skip
    rows = session.execute(
        select(lists.c.list, lists.c.n, Article.language, func.count())
        .join(Article, Article.id == lists.c.article_id)
        .where(counted)
        .group_by(lists.c.list, lists.c.n, Article.language)
    )
    return {(kind, key, language): n for kind, key, language, n in rows}


def kept(session: Session) -> dict[tuple[str, int, str], int]:
    """What ``story_counts`` holds, the lists with at least one story."""
    rows = session.execute(
        select(StoryCount.list, StoryCount.key, StoryCount.language, StoryCount.stories).where(
            StoryCount.stories != 0
        )
    )
    return {(kind, key, language): n for kind, key, language, n in rows}
