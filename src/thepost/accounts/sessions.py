"""Server-side login sessions: revocable, with idle and absolute timeouts.

The browser holds a random 32-byte token; the table holds only its keyed hash
(``keys.hash("session", token)``), so a copy of the database signs nobody in. Each
session also yields its CSRF token, a second keyed hash of the same secret::

    token = start(session, keys, user.id, now=now)
    found = resolve(session, keys, token, now=now, timeouts=Timeouts(idle, absolute))
    end_all(session, user.id)  # password changed, account deactivated
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from thepost.accounts.models import LoginSession, User
from thepost.keys import Keys

# last_seen_at is written at most this often: a page view is not worth a write each time.
TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class Timeouts:
    idle: timedelta
    absolute: timedelta


def session_id(keys: Keys, token: str) -> str:
    return keys.hash("session", token)


def csrf_token(keys: Keys, token: str) -> str:
    """The CSRF token of the session (or pre-login cookie) holding ``token``."""
    return keys.hash("csrf", token)


def start(
    session: Session,
    keys: Keys,
    user_id: int,
    *,
    now: datetime,
    ip_hash: str = "",
    user_agent: str = "",
) -> str:
    """A new session for the user; returns the token for the cookie (shown once)."""
    token = secrets.token_urlsafe(32)
    session.add(
        LoginSession(
            id=session_id(keys, token),
            user_id=user_id,
            created_at=now,
            last_seen_at=now,
            ip_hash=ip_hash,
            user_agent=user_agent[:300],
        )
    )
    session.flush()
    return token


def resolve(
    session: Session, keys: Keys, token: str, *, now: datetime, timeouts: Timeouts
) -> tuple[User, LoginSession] | None:
    """The signed-in user and their session, or None when the token is unknown, timed
    out (the row is then removed) or its account deactivated."""
    if not token or len(token) > 100:
        return None
    row = session.get(LoginSession, session_id(keys, token))
    if row is None:
        return None
    expired = now - row.last_seen_at > timeouts.idle or now - row.created_at > timeouts.absolute
    user = session.get(User, row.user_id)
    if expired or user is None or not user.is_active:
        session.delete(row)
        session.flush()
        return None
    if now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now
        session.flush()
    return user, row


def end(session: Session, keys: Keys, token: str) -> None:
    session.execute(delete(LoginSession).where(LoginSession.id == session_id(keys, token)))


def end_all(session: Session, user_id: int) -> int:
    """End every session of the user; returns how many there were."""
    result = session.execute(delete(LoginSession).where(LoginSession.user_id == user_id))
    return int(getattr(result, "rowcount", 0) or 0)


def of_user(session: Session, user_id: int) -> list[LoginSession]:
    query = select(LoginSession).where(LoginSession.user_id == user_id)
    return list(session.scalars(query.order_by(LoginSession.last_seen_at.desc())))
