"""Members' writes: asking for a sign-in link, signing in with it (or its code), the
signed-in browser's session, a member's name, newsletters and leaving.

A sign-in link is single-use (its row is marked used by one conditional UPDATE, so two
clicks at once sign in once), short-lived (``LINK_LIFETIME``) and bound to the browser
that asked: the asking browser keeps a random value in a cookie, the link's row keeps
its keyed hash, and the link signs in only a browser that shows it. A mail scanner or a
link preview, which has no such cookie, learns nothing and uses nothing up. Mail opened
on another device: the code printed under the link, typed into the waiting page of the
asking browser, does the same (``CODE_ATTEMPTS`` tries). Asking for a link never says
whether the address has an account: the first sign-in makes it::

    asked = ask_link(session, keys, email=..., browser=cookie, next_path="/x", now=now)
    signed = use_link(session, keys, token=asked.token, browser=cookie, now=now)
    member = resolve(session, keys, signed.session_token, now=now)
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from thepost.errors import DomainError, ValidationError
from thepost.i18n import N_, N_plural
from thepost.keys import Keys
from thepost.members.models import Member, MemberLink, MemberSession, MemberTier
from thepost.newsletters import actions as newsletters

LINK_LIFETIME = timedelta(minutes=15)
LINKS_PER_HOUR = 5  # per address: the form cannot be used to flood an inbox
CODE_ATTEMPTS = 5
# A signed-in browser stays so while it comes back within IDLE, for at most LIFETIME.
IDLE = timedelta(days=60)
LIFETIME = timedelta(days=365)
TOUCH_EVERY = timedelta(hours=1)  # last_seen_at is written at most this often
MAX_NAME = 100
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


EXPIRED = N_("This sign-in link has expired or was used already.")


class LinkRefused(DomainError):
    """The link or code is unknown, used, expired or out of tries (HTTP 400)."""


class OtherBrowser(DomainError):
    """A genuine link opened in a browser that did not ask for it (HTTP 403): nothing
    is used up, the right browser can still follow it."""


@dataclass(frozen=True)
class Asked:
    token: str  # for the link (shown once: only its hash is kept)
    code: str  # six digits, printed under the link
    email: str


@dataclass(frozen=True)
class SignedIn:
    member: Member
    session_token: str  # for the browser's cookie
    next_path: str
    created: bool  # the first sign-in of this address: a new member


def _link_id(keys: Keys, token: str) -> str:
    return keys.hash("member-link", token)


def _browser(keys: Keys, value: str) -> str:
    return keys.hash("member-browser", value)


def _code(keys: Keys, link_id: str, code: str) -> str:
    return keys.hash("member-code", f"{link_id}:{code}")


def safe_next(path: str) -> str:
    """Where to go after signing in: a path on this site, never another site's address."""
    path = path.strip()[:300]
    if not path.startswith("/") or path.startswith(("//", "/\\")) or _CONTROL.search(path):
        return "/account"
    return path


def ask_link(
    session: Session, keys: Keys, *, email: str, browser: str, next_path: str, now: datetime
) -> Asked | None:
    """A sign-in link for ``email`` bound to the asking ``browser`` (its cookie's random
    value); None when the address had its share of links this hour (the caller shows the
    same page either way). Raises ValidationError for an address mail cannot go to."""
    address = newsletters.clean_email(email)
    if newsletters.suppressed(session, address):
        return None  # bounced or complained: mail to it is not sent at all
    session.execute(delete(MemberLink).where(MemberLink.expires_at < now - timedelta(days=1)))
    recent = session.scalar(
        select(func.count())
        .select_from(MemberLink)
        .where(MemberLink.email == address, MemberLink.created_at > now - timedelta(hours=1))
    )
    if (recent or 0) >= LINKS_PER_HOUR:
        return None
    token = secrets.token_urlsafe(32)
    code = f"{secrets.randbelow(1_000_000):06d}"
    link_id = _link_id(keys, token)
    session.add(
        MemberLink(
            id=link_id,
            email=address,
            browser=_browser(keys, browser),
            code=_code(keys, link_id, code),
            attempts=0,
            next_path=safe_next(next_path),
            created_at=now,
            expires_at=now + LINK_LIFETIME,
        )
    )
    session.flush()
    return Asked(token, code, address)


def use_link(session: Session, keys: Keys, *, token: str, browser: str, now: datetime) -> SignedIn:
    """Sign in the browser that asked, with the link's token. Raises LinkRefused or
    OtherBrowser."""
    if not token or len(token) > 100:
        raise LinkRefused(N_("This sign-in link is not valid."))
    link = session.get(MemberLink, _link_id(keys, token))
    if link is None or link.used_at is not None or link.expires_at <= now:
        raise LinkRefused(EXPIRED)
    if not browser or not secrets.compare_digest(link.browser, _browser(keys, browser)):
        raise OtherBrowser(
            N_(
                "Open the link in the browser where you asked for it, or type the code from "
                "the email on that browser's page."
            )
        )
    return _use(session, keys, link, now)


def use_code(session: Session, keys: Keys, *, code: str, browser: str, now: datetime) -> SignedIn:
    """Sign in the asking browser with the code printed in the email (its newest link
    still open). Each wrong code counts; after ``CODE_ATTEMPTS`` the link is dead."""
    code = re.sub(r"\D", "", code)[:12]
    if not browser:
        raise LinkRefused(N_("Ask for a new sign-in link from this browser."))
    link = session.scalar(
        select(MemberLink)
        .where(
            MemberLink.browser == _browser(keys, browser),
            MemberLink.used_at.is_(None),
            MemberLink.expires_at > now,
        )
        .order_by(MemberLink.created_at.desc())
        .limit(1)
    )
    if link is None or link.attempts >= CODE_ATTEMPTS:
        raise LinkRefused(N_("This code has expired. Ask for a new sign-in link."))
    link.attempts += 1
    session.flush()
    if len(code) != 6 or not secrets.compare_digest(link.code, _code(keys, link.id, code)):
        left = CODE_ATTEMPTS - link.attempts
        raise ValidationError(
            {
                "code": N_plural(
                    "That is not the code in the email (%(left)s try left).",
                    "That is not the code in the email (%(left)s tries left).",
                    left,
                    left=left,
                )
            }
            if left
            else {"code": N_("Too many wrong codes. Ask for a new sign-in link.")}
        )
    return _use(session, keys, link, now)


def _use(session: Session, keys: Keys, link: MemberLink, now: datetime) -> SignedIn:
    used = session.execute(
        update(MemberLink)
        .where(MemberLink.id == link.id, MemberLink.used_at.is_(None))
        .values(used_at=now)
    )
    if getattr(used, "rowcount", 0) != 1:  # another request used it a moment ago
        raise LinkRefused(EXPIRED)
    member, created = _member_for(session, link.email, now)
    member.last_seen_at = now
    return SignedIn(member, start(session, keys, member.id, now=now), link.next_path, created)


def _member_for(session: Session, email: str, now: datetime) -> tuple[Member, bool]:
    """The member of ``email``, made (in the default tier) when new. Two first sign-ins
    of the same address at once: the second finds the first's row."""
    found = session.scalar(select(Member).where(Member.email == email))
    if found is not None:
        return found, False
    tier = session.scalar(
        select(MemberTier.id).order_by(MemberTier.is_default.desc(), MemberTier.position)
    )
    if tier is None:
        tier_row = MemberTier(slug="free", name="Free", is_default=True, created_at=now)
        session.add(tier_row)
        session.flush()
        tier = tier_row.id
    try:
        with session.begin_nested():
            made = Member(email=email, name="", tier_id=tier, created_at=now)
            session.add(made)
            session.flush()
        return made, True
    except IntegrityError:
        return session.scalars(select(Member).where(Member.email == email)).one(), False


def add_member(session: Session, email: str, *, name: str = "", now: datetime) -> Member:
    """A member made by the newsroom (an import, the demo): the address as the form
    would take it; an existing member is returned as it is."""
    member, created = _member_for(session, newsletters.clean_email(email), now)
    if created and name:
        rename(session, member.id, name)
    return member


def start(session: Session, keys: Keys, member_id: int, *, now: datetime) -> str:
    token = secrets.token_urlsafe(32)
    session.add(
        MemberSession(
            id=keys.hash("member-session", token),
            member_id=member_id,
            created_at=now,
            last_seen_at=now,
        )
    )
    session.flush()
    return token


def resolve(
    session: Session, keys: Keys, token: str, *, now: datetime, touch: bool = True
) -> Member | None:
    """The member a browser's session token signs in, or None (unknown or timed out).
    With ``touch`` (a session that writes) a timed-out row is removed and the last visit
    noted; a page view reads only."""
    if not token or len(token) > 100:
        return None
    row = session.get(MemberSession, keys.hash("member-session", token))
    if row is None:
        return None
    if now - row.last_seen_at > IDLE or now - row.created_at > LIFETIME:
        if touch:
            session.delete(row)
            session.flush()
        return None
    if touch and now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now
        session.flush()
    return session.get(Member, row.member_id)


def sign_out(session: Session, keys: Keys, token: str) -> None:
    session.execute(
        delete(MemberSession).where(MemberSession.id == keys.hash("member-session", token))
    )


def sign_out_everywhere(session: Session, member_id: int) -> None:
    session.execute(delete(MemberSession).where(MemberSession.member_id == member_id))


def rename(session: Session, member_id: int, name: str) -> Member:
    """The name a member's comments carry (empty: the part of their address before @)."""
    name = " ".join(_CONTROL.sub(" ", name).split())
    if len(name) > MAX_NAME:
        raise ValidationError(
            {
                "name": N_(
                    "At most %(limit)s characters (%(given)s given).",
                    limit=MAX_NAME,
                    given=len(name),
                )
            }
        )
    member = session.get(Member, member_id)
    if member is None:
        raise ValidationError({"name": N_("This account no longer exists.")})
    member.name = name
    session.flush()
    return member


def shown_name(member: Member) -> str:
    return member.name or member.email.partition("@")[0]


def choose_newsletters(
    session: Session, member: Member, newsletter_ids: Iterable[int], *, now: datetime
) -> None:
    """Exactly these newsletters for the member's address from now on: the sign-in link
    proved the address, so a choice made signed in is confirmed at once."""
    newsletters.choose_for_address(session, member.email, newsletter_ids, now=now)


def leave(session: Session, member_id: int) -> None:
    """Close the account: its sessions and links go; comments stay, without it.
    Newsletters are left as they are (each email has its own way out)."""
    member = session.get(Member, member_id)
    if member is None:
        return
    session.execute(delete(MemberLink).where(MemberLink.email == member.email))
    session.delete(member)
    session.flush()
