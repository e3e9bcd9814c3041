"""Writes to comments. The public form, moderation in the admin and the CLI call these."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from thepost.comments import text
from thepost.comments.models import Comment, CommentStatus
from thepost.errors import NotFound, ValidationError
from thepost.events import CommentApproved, EventBus

LIMITS = {"author_name": 245, "author_email": 100, "author_url": 200, "body": 65_525}


def add_comment(
    session: Session,
    *,
    article_id: int,
    name: str,
    email: str,
    body: str,
    url: str = "",
    parent_id: int | None = None,
    now: datetime,
    status: CommentStatus = CommentStatus.PENDING,
    ip_hash: str = "",
) -> Comment:
    values = {"author_name": name.strip(), "author_email": email.strip(), "author_url": url.strip(),
              "body": body.strip()}  # fmt: skip
    errors = {k: f"At most {n} characters." for k, n in LIMITS.items() if len(values[k]) > n}
    for required in ("author_name", "author_email", "body"):
        if not values[required]:
            errors[required] = "This field is required."
    if values["author_url"] and not values["author_url"].lower().startswith(
        ("http://", "https://")
    ):
        errors["author_url"] = "The website must start with http:// or https://."
    if parent_id is not None:
        parent = session.get(Comment, parent_id)
        if parent is None or parent.article_id != article_id:
            errors["parent_id"] = "That comment cannot be replied to."
    if errors:
        raise ValidationError(errors)
    comment = Comment(
        article_id=article_id,
        parent_id=parent_id,
        body_html=text.render(values["body"]),
        status=status.value,
        ip_hash=ip_hash,
        created_at=now,
        **values,
    )
    session.add(comment)
    session.flush()
    return comment


def approve_comment(session: Session, bus: EventBus, comment_id: int) -> Comment:
    comment = session.get(Comment, comment_id)
    if comment is None:
        raise NotFound(f"comment {comment_id}")
    comment.status = CommentStatus.APPROVED.value
    session.flush()
    bus.emit(session, CommentApproved(comment.id, comment.article_id))
    return comment
