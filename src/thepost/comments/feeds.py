"""Reads for an article's comments feed: approved comments only, newest first."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from thepost.comments.models import Comment, CommentStatus

FEED_ITEMS = 50


def approved_latest(session: Session, article_id: int, limit: int = FEED_ITEMS) -> list[Comment]:
    return list(
        session.scalars(
            select(Comment)
            .where(Comment.article_id == article_id, Comment.status == CommentStatus.APPROVED.value)
            .order_by(Comment.created_at.desc(), Comment.id.desc())
            .limit(limit)
        )
    )
