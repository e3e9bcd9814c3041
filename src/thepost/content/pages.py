"""Stored article pages (``ArticlePage``): writes and the list of those to render.

The HTML itself is rendered by the web layer (``web/site/pages.py``) when an article is
published or changed; this module only keeps the rows::

    store(session, {article_id: {"stamp": ..., "head": ..., "top": ..., "rest": ..., "body_at": ...,
                                 "card": ..., "thread": ..., "comment_count": ...,
                                 "reply_depth": ...}},
          dropped=[ids no longer live])
    store_threads(session, {article_id: {"thread": ..., "comment_count": ...}})
    stale(session, stamp, after=0, limit=500)   # live articles to render (again)
    store_home(session, "", {"stamp": ..., "until": ..., "top": ..., "blocks": ...})
    home_part(session, "")                      # -> the row (stamp, until, top, blocks) or None
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from thepost.content.models import LIVE_STATUSES, Article, ArticlePage, HomePart
from thepost.db.prepared import Prepared


def store(
    session: Session,
    rendered: Mapping[int, Mapping[str, str | int | None]],
    dropped: Iterable[int] = (),
) -> None:
    """Replace the rows of ``rendered`` and remove those of ``dropped``."""
    ids = [*rendered, *dropped]
    if not ids:
        return
    session.execute(delete(ArticlePage).where(ArticlePage.article_id.in_(ids)))
    if rendered:
        rows = [{"article_id": article_id, **parts} for article_id, parts in rendered.items()]
        session.execute(insert(ArticlePage), rows)


def thread_depths(session: Session, ids: Iterable[int]) -> dict[int, int]:
    """The stored pages among ``ids``, each with the depth its comments take replies to."""
    rows = session.execute(
        select(ArticlePage.article_id, ArticlePage.reply_depth).where(
            ArticlePage.article_id.in_(set(ids))
        )
    )
    return {article_id: depth for article_id, depth in rows}


def store_threads(session: Session, threads: Mapping[int, Mapping[str, str | int]]) -> None:
    """Replace the stored comments (``thread``, ``comment_count``) of stored pages."""
    if not threads:
        return
    session.execute(  # by primary key, one UPDATE for all
        update(ArticlePage),
        [{"article_id": article_id, **values} for article_id, values in threads.items()],
    )


def stale(session: Session, stamp: str, *, after: int = 0, limit: int = 500) -> list[int]:
    """Published or scheduled articles (ids above ``after``, ascending) whose stored page
    is missing or was rendered with other templates or settings than ``stamp``."""
    return list(
        session.scalars(
            select(Article.id)
            .outerjoin(ArticlePage, ArticlePage.article_id == Article.id)
            .where(
                Article.status.in_(LIVE_STATUSES),
                Article.id > after,
                (ArticlePage.stamp.is_(None)) | (ArticlePage.stamp != stamp),
            )
            .order_by(Article.id)
            .limit(limit)
        )
    )


def featuring(session: Session, image_id: int) -> list[int]:
    """Articles whose featured picture is ``image_id`` (their pages show its words)."""
    return list(session.scalars(select(Article.id).where(Article.featured_image_id == image_id)))


def store_home(session: Session, language: str, part: Mapping[str, Any]) -> None:
    """Replace the home page's stored part of the edition ``language``."""
    session.execute(delete(HomePart).where(HomePart.language == language))
    session.execute(insert(HomePart), [{"language": language, **part}])


_H = HomePart.__table__.c
_HOME_PART = Prepared(
    select(_H.stamp, _H.until, _H.top, _H.blocks).where(_H.language == bindparam("language"))
)


def home_part(session: Session, language: str) -> Any:
    """The stored home part of the edition ``language`` (``stamp``, ``until``, ``top``,
    ``blocks``), or None."""
    return _HOME_PART.first(session, language=language)


def next_out(session: Session, language: str, *, now: datetime) -> datetime | None:
    """When the next story scheduled in ``language`` comes out (None: none is)."""
    return session.scalar(
        select(func.min(Article.published_at)).where(
            Article.status.in_(LIVE_STATUSES),
            Article.published_at > now,
            Article.language == language,
        )
    )
