"""Write and read audit rows::

record(session, "article.publish", now=now, user_id=3, obj=("article", 12))
entries(session, limit=50)  # newest first
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from thepost.audit.models import AuditEntry

# What the log records; other strings work too, these are the ones the code writes.
LOGIN = "login"
LOGIN_FAILED = "login.failed"
LOGIN_THROTTLED = "login.throttled"
LOGOUT = "logout"
PASSWORD_CHANGE = "password.change"
USER_CREATE = "user.create"
USER_ROLE = "user.role"
USER_DEACTIVATE = "user.deactivate"
USER_ACTIVATE = "user.activate"
USER_LANGUAGE = "user.language"
ARTICLE_PUBLISH = "article.publish"
ARTICLE_UNPUBLISH = "article.unpublish"
ARTICLE_DELETE = "article.delete"
ARTICLE_TRASH = "article.trash"
ARTICLE_RESTORE = "article.restore"
ARTICLE_CORRECT = "article.correct"
ARTICLE_REVOKE_PREVIEWS = "article.revoke-previews"
PAGE_PUBLISH = "page.publish"
PAGE_UNPUBLISH = "page.unpublish"
PAGE_DELETE = "page.delete"
MENU_CHANGE = "menu.change"
EDITING_TAKE_OVER = "editing.take-over"
SETTINGS_CHANGE = "settings.change"
COMMENT_MODERATE = "comment.moderate"
MEDIA_DELETE = "media.delete"
TOKEN_CREATE = "token.create"
TOKEN_REVOKE = "token.revoke"
WEBHOOK_CHANGE = "webhook.change"


def record(
    session: Session,
    action: str,
    *,
    now: datetime,
    user_id: int | None = None,
    obj: tuple[str, object] | None = None,
    detail: dict[str, Any] | None = None,
    ip_hash: str = "",
    flush: bool = True,
) -> AuditEntry:
    """Add an entry (``flush`` False: written with the session's next flush, as many
    entries recorded together are)."""
    object_type, object_id = obj if obj else ("", "")
    entry = AuditEntry(
        at=now,
        user_id=user_id,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        detail=detail or {},
        ip_hash=ip_hash,
    )
    session.add(entry)
    if flush:
        session.flush()
    return entry


def entries(
    session: Session, *, action: str = "", limit: int = 50, offset: int = 0
) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if action:
        query = query.where(AuditEntry.action == action)
    return list(session.scalars(query.limit(limit).offset(offset)))
