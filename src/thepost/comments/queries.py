"""Reads of comments: for public pages, approved ones only, as a thread, in one query;
for moderators, the queue by status."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from thepost.comments.models import Comment, CommentStatus
from thepost.content.models import Article, Section


@dataclass
class Node:
    comment: Any  # a row with the columns of ``_THREAD``
    replies: list[Node] = field(default_factory=list)


# What the public thread shows of a comment (never the email address), built once and
# read as plain rows.
_C = Comment.__table__.c
_THREAD = (
    select(
        _C.id,
        _C.article_id,
        _C.parent_id,
        _C.author_name,
        _C.author_url,
        _C.email_key,
        _C.user_id,
        _C.created_at,
        _C.body_html,
    )
    .where(
        _C.article_id.in_(bindparam("ids", expanding=True)),
        _C.status == CommentStatus.APPROVED.value,
    )
    .order_by(_C.created_at, _C.id)
)

Thread = tuple[list[Node], int]


def approved_thread(session: Session, article_id: int) -> Thread:
    """Top-level approved comments, oldest first, each with its approved replies, and how
    many are shown. A reply whose parent is not approved is not shown (its context is
    hidden)."""
    return approved_threads(session, [article_id])[article_id]


def approved_threads(session: Session, article_ids: list[int]) -> dict[int, Thread]:
    """``approved_thread`` of each of ``article_ids``, in one statement."""
    rows: dict[int, list[Any]] = {article_id: [] for article_id in article_ids}
    for row in session.execute(_THREAD, {"ids": article_ids}):
        rows[row.article_id].append(row)
    return {article_id: _thread(found) for article_id, found in rows.items()}


def _thread(rows: list[Any]) -> Thread:
    nodes = {c.id: Node(c) for c in rows}
    roots: list[Node] = []
    shown = 0
    for comment in rows:
        node = nodes[comment.id]
        if comment.parent_id is None:
            roots.append(node)
        elif comment.parent_id in nodes:
            nodes[comment.parent_id].replies.append(node)
    stack = list(roots)
    while stack:
        node = stack.pop()
        shown += 1
        stack.extend(node.replies)
    return roots, shown


def status_counts(session: Session) -> dict[str, int]:
    rows = session.execute(select(Comment.status, func.count()).group_by(Comment.status))
    return {status: count for status, count in rows}


def moderation_list(
    session: Session, status: str, *, limit: int = 50, offset: int = 0
) -> list[tuple[Comment, str]]:
    """Comments with one status, newest first, each with its article's headline."""
    rows = session.execute(
        select(Comment, Article.title)
        .join(Article, Article.id == Comment.article_id)
        .where(Comment.status == status)
        .order_by(Comment.created_at.desc(), Comment.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return [(comment, title) for comment, title in rows]


@dataclass
class Held:
    """A comment in the moderation queue, with the article it is on."""

    comment: Comment
    article_title: str
    section_slug: str
    article_slug: str


def moderation_page(
    session: Session, status: str, *, page: int = 1, size: int = 20
) -> tuple[list[Held], int]:
    """One page of comments with a status, newest first, and how many have that status."""
    total = session.scalar(select(func.count()).where(Comment.status == status)) or 0
    rows = session.execute(
        select(Comment, Article.title, Section.slug, Article.slug)
        .join(Article, Article.id == Comment.article_id)
        .outerjoin(Section, Section.id == Article.section_id)
        .where(Comment.status == status)
        .order_by(Comment.created_at.desc(), Comment.id.desc())
        .limit(size)
        .offset((page - 1) * size)
    )
    return [Held(c, title, section or "", slug) for c, title, section, slug in rows], total


def of_member(session: Session, member_id: int, email_key: str, *, limit: int = 50) -> list[Any]:
    """A member's own comments, newest first, with their story's title and address
    parts: those written signed in, and those written before under the same address
    (the sign-in link proved it is theirs). Every status but spam: a member sees what
    awaits moderation, not how the filter judged them."""
    query = (
        select(
            Comment.id,
            Comment.status,
            Comment.created_at,
            Comment.body_html,
            Article.title,
            Article.slug,
            Section.slug.label("section_slug"),
        )
        .join(Article, Article.id == Comment.article_id)
        .outerjoin(Section, Section.id == Article.section_id)
        .where(
            (Comment.member_id == member_id) | (Comment.email_key == email_key),
            Comment.status.in_([CommentStatus.APPROVED.value, CommentStatus.PENDING.value]),
        )
        .order_by(Comment.created_at.desc(), Comment.id.desc())
        .limit(limit)
    )
    return list(session.execute(query))
