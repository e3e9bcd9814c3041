"""Keys to the API: who made them, what they may do, when they were last used.

Two kinds. An **admin token** (``tp_`` and 43 random characters) acts as the person who
made it, narrowed by its scopes: every API write calls the same action as the newsroom,
which checks the person's role, and the API checks the scope first. A **content key**
(26 hexadecimal characters, the shape Ghost's clients expect) reads only what readers
may see, so it may sit in a public front end's code; admins make them.

Only the SHA-256 of a secret is stored (a 256-bit random secret needs no slow hash, and
a plain digest survives a change of the site's secret key); the secret is shown once::

    token, secret = create(session, actor=user, name="Mobile app",
                           scopes=["articles:write"], now=now)
    found = resolve(session, secret, now=now)  # -> Grant, or None
    revoke(session, bus, token.id, actor=user, now=now)
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from thepost.accounts.models import ApiToken, User
from thepost.audit import log as audit
from thepost.errors import NotFound, ValidationError
from thepost.events import EventBus, KeyRevoked
from thepost.i18n import N_
from thepost.permissions import Action, Principal, can, require

ADMIN, CONTENT = "admin", "content"
ADMIN_PREFIX = "tp_"
CONTENT_KEY = re.compile(r"[0-9a-f]{26}")
# last_used_at is written at most this often: a request is not worth a write each time.
TOUCH_EVERY = timedelta(minutes=1)
MAX_TOKENS = 50  # live tokens per person
NAME_LIMIT = 100


@dataclass(frozen=True)
class Scope:
    name: str
    label: str  # an ``N_`` message: the newsroom shows it in its language
    needs: Action  # a scope is offered to, and works for, those whose role has this


SCOPES = {
    scope.name: scope
    for scope in (
        Scope("content:read", N_("Read unpublished stories"), Action.ARTICLE_CREATE),
        Scope("articles:write", N_("Write, publish and trash stories"), Action.ARTICLE_CREATE),
        Scope("pages:write", N_("Write and publish pages"), Action.PAGE_EDIT),
        Scope("media:write", N_("Upload pictures"), Action.MEDIA_UPLOAD),
        Scope("taxonomy:write", N_("Manage sections and tags"), Action.TAXONOMY_MANAGE),
        Scope("menus:write", N_("Edit the menus"), Action.MENU_MANAGE),
        Scope("authors:write", N_("Manage author profiles"), Action.AUTHOR_MANAGE),
        Scope("comments:moderate", N_("Moderate comments"), Action.COMMENT_MODERATE),
        Scope("subscribers:manage", N_("Read and add newsletter subscribers"),
              Action.NEWSLETTER_MANAGE),
    )
}  # fmt: skip


@dataclass(frozen=True)
class Grant:
    """What a presented secret allows: its token, and for an admin token, the person."""

    token_id: int
    kind: str
    user: User | None
    scopes: frozenset[str]
    stale: bool = False  # its last use is to be written (``touch``)

    def allows(self, scope: str) -> bool:
        return (
            self.kind == ADMIN
            and self.user is not None
            and scope in self.scopes
            and can(self.user, SCOPES[scope].needs)
        )


def offered(actor: Principal) -> list[Scope]:
    """The scopes this person's role can use."""
    return [scope for scope in SCOPES.values() if can(actor, scope.needs)]


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create(
    session: Session,
    *,
    actor: Principal,
    name: str,
    scopes: list[str],
    now: datetime,
    kind: str = ADMIN,
    expires_at: datetime | None = None,
    secret: str = "",
) -> tuple[ApiToken, str]:
    """A new token of ``actor`` (content keys: admins only); returns it and its secret.
    ``secret`` is for the demo alone, whose token is published like its passwords."""
    require(actor, Action.ARTICLE_CREATE)  # staff only (every role has it)
    if kind == CONTENT:
        require(actor, Action.SETTINGS_MANAGE)
    errors: dict[str, str] = {}
    name = " ".join(name.split())
    if not name:
        errors["name"] = N_("Give the token a name, to know it again (the app or script using it).")
    elif len(name) > NAME_LIMIT:
        errors["name"] = N_("At most %(limit)s characters.", limit=NAME_LIMIT)
    if kind not in (ADMIN, CONTENT):
        errors["kind"] = N_("A token is an admin token or a content key.")
    allowed = {scope.name for scope in offered(actor)}
    wanted = list(dict.fromkeys(scopes)) if kind == ADMIN else []
    if kind == ADMIN and not wanted:
        errors["scopes"] = N_("Choose at least one thing the token may do.")
    elif unknown := [s for s in wanted if s not in allowed]:
        errors["scopes"] = N_("Your role cannot grant: %(scopes)s.", scopes=", ".join(unknown))
    if expires_at is not None and expires_at <= now:
        errors["expires_at"] = N_("The expiry must be in the future.")
    live = session.scalars(
        select(ApiToken.id).where(ApiToken.user_id == actor.id, ApiToken.revoked_at.is_(None))
    ).all()
    if len(live) >= MAX_TOKENS:
        errors["name"] = N_(
            "You have %(count)s tokens already: revoke one first.", count=MAX_TOKENS
        )
    if errors:
        raise ValidationError(errors)
    if secret and not looks_like(secret):
        raise ValueError("not a token's shape")
    if not secret:
        secret = (
            secrets.token_hex(13) if kind == CONTENT else ADMIN_PREFIX + secrets.token_urlsafe(32)
        )
    assert actor.id is not None
    token = ApiToken(
        kind=kind,
        name=name,
        user_id=actor.id,
        secret_hash=digest(secret),
        hint=secret[: len(ADMIN_PREFIX) + 4] if kind == ADMIN else secret[:4],
        scopes=wanted,
        created_at=now,
        expires_at=expires_at,
    )
    session.add(token)
    session.flush()
    audit.record(
        session, audit.TOKEN_CREATE, now=now, user_id=actor.id, obj=("token", token.id),
        detail={"kind": kind, "scopes": wanted},
    )  # fmt: skip
    return token, secret


def looks_like(secret: str) -> bool:
    return (secret.startswith(ADMIN_PREFIX) and 40 <= len(secret) <= 60) or CONTENT_KEY.fullmatch(
        secret
    ) is not None


def resolve(session: Session, secret: str, *, now: datetime) -> Grant | None:
    """The grant of a presented secret, or None: unknown, revoked, expired, or its
    person's account deactivated. It writes nothing (a read transaction will do)."""
    if not looks_like(secret):
        return None
    token = session.scalar(select(ApiToken).where(ApiToken.secret_hash == digest(secret)))
    if token is None or token.revoked_at is not None:
        return None
    if token.expires_at is not None and token.expires_at <= now:
        return None
    user = session.get(User, token.user_id)
    if user is None or not user.is_active:
        return None
    stale = token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY
    return Grant(
        token.id, token.kind, user if token.kind == ADMIN else None, frozenset(token.scopes),
        stale=stale,
    )  # fmt: skip


def touch(session: Session, token_id: int, *, now: datetime) -> None:
    """Write when a token was last used (``Grant.stale``: at most once a minute)."""
    session.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now))


def listed(session: Session, *, actor: Principal) -> list[tuple[ApiToken, User]]:
    """The tokens ``actor`` may see: their own; an admin's list holds everyone's."""
    query = select(ApiToken, User).join(User, User.id == ApiToken.user_id)
    if not can(actor, Action.USER_MANAGE):
        query = query.where(ApiToken.user_id == actor.id)
    query = query.order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc())
    return [(token, user) for token, user in session.execute(query)]


def revoke(
    session: Session, bus: EventBus, token_id: int, *, actor: Principal, now: datetime
) -> ApiToken:
    """Stop a token working, at once (its own or, for admins, anyone's): answers kept by
    the page cache for it go too (``KeyRevoked``)."""
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(f"token {token_id}")
    if token.user_id != actor.id:
        require(actor, Action.USER_MANAGE)
    if token.revoked_at is None:
        token.revoked_at = now
        session.flush()
        audit.record(
            session, audit.TOKEN_REVOKE, now=now, user_id=actor.id, obj=("token", token.id)
        )
        bus.emit(session, KeyRevoked(token.id, actor.id))
    return token


__all__ = ["ADMIN", "CONTENT", "SCOPES", "Grant", "create", "resolve", "revoke", "touch"]
