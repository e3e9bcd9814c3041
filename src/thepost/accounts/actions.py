"""Writes to accounts, shared by the CLI and the admin. Each checks the actor's
permission, writes, and records an audit row in the same transaction; the caller commits.

    result = login(session, keys, limiter, email=e, password=p, now=now, ip_hash=h)
    if result.ok: set_cookie(result.token)
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from thepost import i18n
from thepost.accounts import passwords, queries, sessions
from thepost.accounts.models import Role, User
from thepost.audit import log as audit
from thepost.db.base import utcnow
from thepost.errors import NotFound, ValidationError
from thepost.i18n import N_
from thepost.keys import Keys
from thepost.mail.outbox import address_error
from thepost.permissions import Action, Principal, require
from thepost.ratelimit import RateLimiter

# The sixth failure within ten minutes, for one account or from one address, is refused.
LOGIN_FAILURES_ALLOWED = 5
LOGIN_WINDOW_SECONDS = 600
DEVICE = "login-device"  # what a device token is signed for
DEVICE_DAYS = 365
LAST_ADMIN = N_("The site needs at least one active admin.")


def _role_error(role: str) -> str | None:
    if role in {r.value for r in Role}:
        return None
    return N_("Role must be one of: %(roles)s.", roles=", ".join(r.value for r in Role))


def create_user(
    session: Session,
    *,
    actor: Principal,
    email: str,
    password: str,
    display_name: str = "",
    role: str = "contributor",
    now: datetime | None = None,
    ip_hash: str = "",
) -> User:
    require(actor, Action.USER_MANAGE)
    now = now or utcnow()
    email = email.strip().lower()
    errors = {}
    problem = address_error(email)
    if problem:
        errors["email"] = problem
    elif session.scalar(select(User.id).where(func.lower(User.email) == email)):
        errors["email"] = N_("An account with this email exists.")
    problem = passwords.problem(password)
    if problem:
        errors["password"] = problem
    problem = _role_error(role)
    if problem:
        errors["role"] = problem
    if len(display_name) > 200:
        errors["display_name"] = N_("At most %(limit)s characters.", limit=200)
    if errors:
        raise ValidationError(errors)
    user = User(
        email=email,
        display_name=display_name.strip() or email.split("@")[0],
        password_hash=passwords.hash_password(password),
        role=role,
        created_at=now,
    )
    session.add(user)
    session.flush()
    audit.record(
        session,
        audit.USER_CREATE,
        now=now,
        user_id=actor.id,
        obj=("user", user.id),
        detail={"email": email, "role": role},
        ip_hash=ip_hash,
    )
    return user


# -- signing in and out ----------------------------------------------------------------


@dataclass
class LoginResult:
    user: User | None = None
    token: str = ""
    throttled: bool = False
    # After a success: the browser's new device token (a signed, long-lived cookie).
    device: str = ""

    @property
    def ok(self) -> bool:
        return self.user is not None


def login(
    session: Session,
    keys: Keys,
    limiter: RateLimiter,
    *,
    email: str,
    password: str,
    now: datetime,
    ip_hash: str = "",
    user_agent: str = "",
    device: str = "",
) -> LoginResult:
    """Check the password and start a session. An unknown email and a wrong password get
    the same answer after the same work (a hash is verified either way). Past
    ``LOGIN_FAILURES_ALLOWED`` failures the attempt is refused without looking at the
    password. Failures count per account and per address, except from a browser that
    signed in to this account before (its ``device`` token, OWASP's device cookies):
    those count for that browser alone, so strangers guessing a password lock out other
    strangers, never the account's owner at their own desk. Every outcome is in the
    audit log."""
    email = email.strip().lower()[:254]
    account = keys.hash("login", email)
    known_device = _device(keys, device, account, now)
    limits = (
        [("login-device", known_device)]
        if known_device
        else [("login-account", account), ("login-ip", ip_hash or "-")]
    )
    window = {"per_seconds": LOGIN_WINDOW_SECONDS, "amount": LOGIN_FAILURES_ALLOWED}
    user = queries.by_email(session, email)
    known = user.id if user is not None else None
    if not all(limiter.test(scope, key, **window) for scope, key in limits):
        audit.record(session, audit.LOGIN_THROTTLED, now=now, user_id=known, ip_hash=ip_hash)
        return LoginResult(throttled=True)
    password = password[: passwords.MAX_LENGTH + 1]
    if user is not None and user.is_active:
        ok = passwords.verify(user.password_hash, password)
    else:
        passwords.verify(passwords.DUMMY_HASH, password)
        ok = False
    if not ok or user is None:
        for scope, key in limits:
            limiter.hit(scope, key, **window)
        audit.record(session, audit.LOGIN_FAILED, now=now, user_id=known, ip_hash=ip_hash)
        return LoginResult()
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    user.last_login_at = now
    token = sessions.start(session, keys, user.id, now=now, ip_hash=ip_hash, user_agent=user_agent)
    audit.record(session, audit.LOGIN, now=now, user_id=user.id, ip_hash=ip_hash)
    fresh = {"a": account, "n": secrets.token_urlsafe(12), "t": int(now.timestamp())}
    return LoginResult(user=user, token=token, device=keys.sign(DEVICE, fresh, timed=False))


def _device(keys: Keys, device: str, account: str, now: datetime) -> str:
    """The id of a browser that signed in to ``account`` within ``DEVICE_DAYS`` (from its
    device token), or ''."""
    found = keys.unsign(DEVICE, device, timed=False) if device else None
    if not isinstance(found, dict) or found.get("a") != account:
        return ""
    signed_at, nonce = found.get("t"), found.get("n")
    if not isinstance(signed_at, int) or not isinstance(nonce, str):
        return ""
    if now.timestamp() - signed_at > DEVICE_DAYS * 86_400:
        return ""
    return nonce


def logout(
    session: Session, keys: Keys, token: str, user_id: int, *, now: datetime, ip_hash: str = ""
) -> None:
    sessions.end(session, keys, token)
    audit.record(session, audit.LOGOUT, now=now, user_id=user_id, ip_hash=ip_hash)


def change_password(
    session: Session,
    keys: Keys,
    user: User,
    *,
    current: str,
    new: str,
    now: datetime,
    ip_hash: str = "",
    user_agent: str = "",
) -> str:
    """Change one's own password. Every session of the account ends (a thief's too);
    returns the token of a fresh one for the browser that made the change."""
    if not passwords.verify(user.password_hash, current[: passwords.MAX_LENGTH + 1]):
        raise ValidationError({"current_password": N_("This is not your current password.")})
    problem = passwords.problem(new)
    if problem is None and new == current:
        problem = N_("Choose a password different from the current one.")
    if problem:
        raise ValidationError({"new_password": problem})
    user.password_hash = passwords.hash_password(new)
    sessions.end_all(session, user.id)
    audit.record(
        session,
        audit.PASSWORD_CHANGE,
        now=now,
        user_id=user.id,
        obj=("user", user.id),
        ip_hash=ip_hash,
    )
    return sessions.start(session, keys, user.id, now=now, ip_hash=ip_hash, user_agent=user_agent)


def set_language(
    session: Session, user: User, language: str, *, now: datetime, ip_hash: str = ""
) -> User:
    """Choose the newsroom's language for one's own account: one of ``i18n.LANGUAGES``,
    or "" for the site's (which then follows the site's setting)."""
    if language and language not in i18n.LANGUAGES:
        raise ValidationError({"language": N_("Choose one of the languages in the list.")})
    if user.language == language:
        return user
    before, user.language = user.language, language
    session.flush()
    audit.record(
        session,
        audit.USER_LANGUAGE,
        now=now,
        user_id=user.id,
        obj=("user", user.id),
        detail={"from": before, "to": language},
        ip_hash=ip_hash,
    )
    return user


# -- managing people ---------------------------------------------------------------------


def _user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"user {user_id}")
    return user


def _other_active_admins(session: Session, user_id: int) -> int:
    query = select(func.count(User.id)).where(
        User.role == Role.ADMIN.value, User.is_active.is_(True), User.id != user_id
    )
    return session.scalar(query) or 0


def set_role(
    session: Session,
    actor: Principal,
    user_id: int,
    role: str,
    *,
    now: datetime,
    ip_hash: str = "",
) -> User:
    require(actor, Action.USER_MANAGE)
    problem = _role_error(role)
    if problem:
        raise ValidationError({"role": problem})
    user = _user(session, user_id)
    if user.role == role:
        return user
    if user.role == Role.ADMIN and user.is_active and not _other_active_admins(session, user.id):
        raise ValidationError({"role": LAST_ADMIN})
    before, user.role = user.role, role
    session.flush()
    audit.record(
        session,
        audit.USER_ROLE,
        now=now,
        user_id=actor.id,
        obj=("user", user.id),
        detail={"from": before, "to": role},
        ip_hash=ip_hash,
    )
    return user


def set_active(
    session: Session,
    actor: Principal,
    user_id: int,
    active: bool,
    *,
    now: datetime,
    ip_hash: str = "",
) -> User:
    """Deactivate (sign out everywhere, no more logins) or reactivate an account."""
    require(actor, Action.USER_MANAGE)
    user = _user(session, user_id)
    if user.is_active == active:
        return user
    if not active:
        if user.id == actor.id:
            raise ValidationError({"active": N_("You cannot deactivate your own account.")})
        if user.role == Role.ADMIN and not _other_active_admins(session, user.id):
            raise ValidationError({"active": LAST_ADMIN})
        sessions.end_all(session, user.id)
    user.is_active = active
    session.flush()
    action = audit.USER_ACTIVATE if active else audit.USER_DEACTIVATE
    audit.record(session, action, now=now, user_id=actor.id, obj=("user", user.id), ip_hash=ip_hash)
    return user
