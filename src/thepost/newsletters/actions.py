"""Every write on newsletters, the same from the reader's forms, the newsroom, the API
and the command line.

Double opt-in on every path: ``subscribe`` records what was asked for (pending) and
asks for a confirmation email (``SubscriptionRequested``); nothing else is ever mailed to
an address until ``confirm`` (the owner's click, a POST) makes its subscriptions active.
Links in emails carry the subscriber's ``key``: a changed address gets a new one, so old
links stop working.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, func, insert, literal, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from thepost.content.models import Article
from thepost.db.base import UTCDateTime
from thepost.errors import NotFound, ValidationError
from thepost.events import EventBus, NewslettersChanged, SubscriptionRequested
from thepost.i18n import N_
from thepost.mail.outbox import address_error
from thepost.newsletters.models import (
    Issue,
    IssueStatus,
    Newsletter,
    Recipient,
    RecipientStatus,
    Subscriber,
    Subscription,
    SubscriptionStatus,
    Suppression,
)
from thepost.permissions import Action, Principal, require

# What the sign-up form says beside its button, recorded with each subscription it asks for.
CONSENT = N_(
    "We email you a link to confirm: nothing is sent until you do. Every email has a link "
    "to leave, and your address is used for nothing else."
)
CONFIRMATIONS_PER_DAY = 3  # an address gets at most this many confirmation emails a day
LIMITS = {
    "name": 120,
    "description": 1000,
    "cadence": 120,
    "sender_name": 120,
    "subject": 200,
    "note": 5000,
}
MAX_STORIES = 12
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
DIGEST_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
SUPPRESSION_REASONS = ("bounce", "complaint", "manual")


def clean_email(raw: str, field: str = "email") -> str:
    """An address as kept: lower case, its domain in ASCII (IDNA). A local part outside
    ASCII is refused: few mail servers on the way would take it."""
    email = raw.strip().lower()
    if not email:
        raise ValidationError({field: N_("Enter your email address.")})
    if problem := address_error(email):
        raise ValidationError({field: problem})
    local, _, domain = email.rpartition("@")
    if not local.isascii():
        raise ValidationError({field: N_("Use an address made of Latin letters, digits and dots.")})
    try:
        email = f"{local}@{domain.encode('idna').decode('ascii')}"
    except UnicodeError:
        raise ValidationError({field: N_("The address's domain is not a valid name.")}) from None
    if problem := address_error(email):
        raise ValidationError({field: problem})
    return email


def _choices(session: Session, newsletter_ids: Iterable[int]) -> list[int]:
    wanted = set(newsletter_ids)
    found = session.scalars(
        select(Newsletter.id)
        .where(Newsletter.id.in_(wanted), Newsletter.visible.is_(True))
        .order_by(Newsletter.position, Newsletter.id)
    ).all()
    if not found:
        raise ValidationError({"newsletters": N_("Choose at least one newsletter.")})
    return list(found)


def _subscriptions(session: Session, subscriber_id: int) -> dict[int, Subscription]:
    rows = session.scalars(select(Subscription).where(Subscription.subscriber_id == subscriber_id))
    return {row.newsletter_id: row for row in rows}


def suppressed(session: Session, email: str) -> bool:
    return session.get(Suppression, email.lower()) is not None


def _ask(
    session: Session,
    bus: EventBus,
    subscriber: Subscriber,
    now: datetime,
    *,
    new_address: bool = False,
) -> None:
    """A confirmation email, unless the address had its share today or is suppressed."""
    address = subscriber.new_email if new_address else subscriber.email
    if suppressed(session, address):
        return
    today = now.date().isoformat()
    if subscriber.asked_on != today:
        subscriber.asked_on, subscriber.asked_count = today, 0
    if subscriber.asked_count >= CONFIRMATIONS_PER_DAY:
        return
    subscriber.asked_count += 1
    bus.emit(session, SubscriptionRequested(subscriber.id, new_address))


def subscribe(
    session: Session,
    bus: EventBus,
    *,
    email: str,
    newsletter_ids: Iterable[int],
    source: str,
    consent_text: str,
    now: datetime,
) -> Subscriber:
    """``email`` asks for these newsletters (from ``source``: a page's path, "newsroom",
    "import", "api", having been shown ``consent_text``). They stay pending until the
    address's owner confirms by the emailed link; a newsletter already active stays so.
    What the caller shows is the same whether the address was known or not."""
    email = clean_email(email)
    chosen = _choices(session, newsletter_ids)
    subscriber, _ = _subscriber_for(session, email, now)
    asked = _ask_for(session, subscriber, chosen, source, consent_text, now, confirmed=False)
    if asked:
        _ask(session, bus, subscriber, now)
    return subscriber


def _subscriber_for(session: Session, email: str, now: datetime) -> tuple[Subscriber, bool]:
    """The subscriber of ``email``, made when new (and whether it was). Two sign-ups of
    the same new address at once: the second finds the first's row."""
    found = session.scalar(select(Subscriber).where(Subscriber.email == email))
    if found is not None:
        return found, False
    try:
        with session.begin_nested():
            made = Subscriber(email=email, key=secrets.token_hex(16), created_at=now)
            session.add(made)
            session.flush()
        return made, True
    except IntegrityError:
        return session.scalars(select(Subscriber).where(Subscriber.email == email)).one(), False


def _ask_for(
    session: Session, subscriber: Subscriber, newsletter_ids: list[int], source: str,
    consent_text: str, now: datetime, *, confirmed: bool,
) -> bool:  # fmt: skip
    """Subscriptions to these newsletters, with their consent: pending (or active, when
    the owner's consent is already known), those active left as they are. Whether any
    was asked for."""
    have = _subscriptions(session, subscriber.id)
    asked = False
    for newsletter_id in newsletter_ids:
        row = have.get(newsletter_id)
        if row is not None and row.status == SubscriptionStatus.ACTIVE:
            continue
        if row is None:
            row = Subscription(subscriber_id=subscriber.id, newsletter_id=newsletter_id)
            session.add(row)
        status = SubscriptionStatus.ACTIVE if confirmed else SubscriptionStatus.PENDING
        row.status, row.created_at, row.left_at = status.value, now, None
        row.confirmed_at = now if confirmed else None
        row.source, row.consent_text = source[:300], consent_text
        asked = True
    session.flush()
    return asked


def _subscriber(session: Session, subscriber_id: int, key: str) -> Subscriber:
    subscriber = session.get(Subscriber, subscriber_id)
    if subscriber is None or not secrets.compare_digest(subscriber.key, key):
        raise NotFound("subscriber")
    return subscriber


def confirm(
    session: Session, subscriber_id: int, key: str, email: str, *, now: datetime
) -> Subscriber:
    """The owner of ``email`` said yes (the confirmation link's button): the address is
    confirmed, and what it asked for is active. For a new address, it replaces the old
    one (and the links mailed to the old one stop working)."""
    subscriber = _subscriber(session, subscriber_id, key)
    if subscriber.new_email and email == subscriber.new_email:
        taken = session.scalar(select(Subscriber.id).where(Subscriber.email == email))
        if taken is not None and taken != subscriber.id:
            raise ValidationError({"email": N_("That address already has its own subscriptions.")})
        subscriber.email, subscriber.new_email = email, ""
        subscriber.key = secrets.token_hex(16)
    elif email != subscriber.email:
        raise NotFound("subscriber")
    subscriber.confirmed_at = subscriber.confirmed_at or now
    session.execute(
        update(Subscription)
        .where(
            Subscription.subscriber_id == subscriber.id,
            Subscription.status == SubscriptionStatus.PENDING.value,
        )
        .values(status=SubscriptionStatus.ACTIVE.value, confirmed_at=now)
    )
    return subscriber


def choose(
    session: Session, subscriber_id: int, key: str, newsletter_ids: Iterable[int], *, now: datetime
) -> None:
    """The preferences page: exactly these newsletters from now on (none: leave all). The
    link proved the address, so a choice is active at once."""
    subscriber = _subscriber(session, subscriber_id, key)
    wanted = set(newsletter_ids)
    have = _subscriptions(session, subscriber.id)
    offered = session.scalars(select(Newsletter.id).where(Newsletter.visible.is_(True))).all()
    for newsletter_id in offered:
        row = have.get(newsletter_id)
        if newsletter_id in wanted and (row is None or row.status != SubscriptionStatus.ACTIVE):
            if row is None:
                row = Subscription(
                    subscriber_id=subscriber.id, newsletter_id=newsletter_id, created_at=now
                )
                session.add(row)
            row.status, row.confirmed_at, row.left_at = SubscriptionStatus.ACTIVE.value, now, None
            row.source, row.consent_text = "preferences", "Chosen on the preferences page."
        elif newsletter_id not in wanted and row is not None and row.status != "left":
            row.status, row.left_at = SubscriptionStatus.LEFT.value, now
    subscriber.confirmed_at = subscriber.confirmed_at or now
    session.flush()


def leave(
    session: Session,
    subscriber_id: int,
    key: str,
    newsletter_id: int | None = None,
    *,
    now: datetime,
) -> None:
    """Unsubscribe: from one newsletter (an email's one-click link), or from all."""
    subscriber = _subscriber(session, subscriber_id, key)
    which = [
        Subscription.subscriber_id == subscriber.id,
        Subscription.status != SubscriptionStatus.LEFT.value,
    ]
    if newsletter_id is not None:
        which.append(Subscription.newsletter_id == newsletter_id)
    session.execute(
        update(Subscription).where(*which).values(status=SubscriptionStatus.LEFT.value, left_at=now)
    )


def change_address(
    session: Session, bus: EventBus, subscriber_id: int, key: str, new_email: str, *, now: datetime
) -> None:
    """A new address, used once its owner confirms it (the old one until then)."""
    subscriber = _subscriber(session, subscriber_id, key)
    email = clean_email(new_email)
    if email == subscriber.email:
        raise ValidationError({"email": N_("That is the address the newsletters go to now.")})
    subscriber.new_email = email
    session.flush()
    _ask(session, bus, subscriber, now, new_address=True)


def suppress(session: Session, email: str, reason: str, detail: str = "", *, now: datetime) -> bool:
    """Put ``email`` on the suppression list (a hard bounce, a complaint, the newsroom's
    say): nothing is mailed to it again, and mail already queued for it is not sent.
    False when it was there already."""
    email = email.strip().lower()
    if reason not in SUPPRESSION_REASONS:
        raise ValueError(reason)
    if suppressed(session, email):
        return False
    session.add(Suppression(email=email, reason=reason, detail=detail[:2000], created_at=now))
    session.flush()
    return True


def unsuppress(session: Session, email: str, *, actor: Principal) -> None:
    require(actor, Action.NEWSLETTER_MANAGE)
    session.execute(delete(Suppression).where(Suppression.email == email.strip().lower()))


# The newsroom: newsletters themselves (admins).


def _newsletter_values(
    session: Session, values: dict[str, object], newsletter_id: int | None
) -> dict[str, object]:
    errors: dict[str, str] = {}
    out: dict[str, object] = {}
    for key, limit in LIMITS.items():
        if key in values and key not in ("subject", "note"):
            text = " ".join(str(values[key]).split())
            if len(text) > limit:
                errors[key] = N_("At most %(limit)s characters.", limit=limit)
            out[key] = text
    if not out.get("name"):
        errors["name"] = N_("A newsletter needs a name.")
    slug = (
        str(values.get("slug") or "").strip().lower()
        or re.sub(r"[^a-z0-9]+", "-", str(out.get("name", "")).lower()).strip("-")[:80]
    )
    if not SLUG.fullmatch(slug) or len(slug) > 80:
        errors["slug"] = N_("Lower-case letters, digits and hyphens.")
    else:
        taken = session.scalar(select(Newsletter.id).where(Newsletter.slug == slug))
        if taken is not None and taken != newsletter_id:
            errors["slug"] = N_("Another newsletter has this address.")
    out["slug"] = slug
    for key in ("sender_address", "reply_to"):
        address = str(values.get(key) or "").strip()
        if address and (problem := address_error(address)):
            errors[key] = problem
        out[key] = address
    out["server"] = str(values.get("server") or "").strip()
    digest = str(values.get("digest_time") or "").strip()
    if digest and not DIGEST_TIME.fullmatch(digest):
        errors["digest_time"] = N_("A time of day such as 07:00, or nothing for no digest.")
    out["digest_time"] = digest
    days = "".join(sorted(set(str(values.get("digest_days", "1234567"))) & set("1234567")))
    if digest and not days:
        errors["digest_days"] = N_("Choose at least one day.")
    out["digest_days"] = days or "1234567"
    count = str(values.get("digest_count") or "8")
    out["digest_count"] = int(count) if count.isdigit() and 1 <= int(count) <= MAX_STORIES else 8
    out["visible"] = bool(values.get("visible", True))
    out["count_opens"] = bool(values.get("count_opens", False))
    out["position"] = int(values.get("position") or 0)  # type: ignore[call-overload]
    if errors:
        raise ValidationError(errors)
    return out


def save_newsletter(
    session: Session,
    bus: EventBus,
    values: dict[str, object],
    *,
    actor: Principal,
    now: datetime,
    newsletter_id: int | None = None,
) -> Newsletter:
    require(actor, Action.NEWSLETTER_MANAGE)
    clean = _newsletter_values(session, values, newsletter_id)
    if newsletter_id is None:
        newsletter = Newsletter(created_at=now)
        session.add(newsletter)
    else:
        found = session.get(Newsletter, newsletter_id)
        if found is None:
            raise NotFound(f"newsletter {newsletter_id}")
        newsletter = found
    for key, value in clean.items():
        setattr(newsletter, key, value)
    session.flush()
    bus.emit(session, NewslettersChanged(newsletter.id))
    return newsletter


# Issues (editors).


def _issue_values(
    session: Session, subject: str, note: str, article_ids: Sequence[int], layout: str
) -> tuple[str, str, list[int]]:
    errors: dict[str, str] = {}
    subject = " ".join(subject.split())
    if not subject:
        errors["subject"] = N_("An issue needs a subject line.")
    elif len(subject) > LIMITS["subject"]:
        errors["subject"] = N_("At most %(limit)s characters.", limit=LIMITS["subject"])
    note = note.replace("\r\n", "\n").strip()
    if len(note) > LIMITS["note"]:
        errors["note"] = N_("At most %(limit)s characters.", limit=LIMITS["note"])
    ids = list(dict.fromkeys(article_ids))[:MAX_STORIES]
    known = set(session.scalars(select(Article.id).where(Article.id.in_(ids))))
    ids = [i for i in ids if i in known]
    if not ids and not note:
        errors["article_ids"] = N_("Choose a story, or write a note.")
    if layout not in ("story", "digest"):
        errors["layout"] = N_("A story sent whole, or stories as a list.")
    if errors:
        raise ValidationError(errors)
    return subject, note, ids


def save_issue(
    session: Session,
    *,
    actor: Principal,
    newsletter_id: int,
    subject: str,
    note: str,
    article_ids: Sequence[int],
    layout: str = "story",
    now: datetime,
    issue_id: int | None = None,
) -> Issue:
    """A draft issue, new or changed (one sent cannot change)."""
    require(actor, Action.NEWSLETTER_SEND)
    if session.get(Newsletter, newsletter_id) is None:
        raise ValidationError({"newsletter_id": N_("Choose a newsletter.")})
    subject, note, ids = _issue_values(session, subject, note, article_ids, layout)
    if issue_id is None:
        issue = Issue(newsletter_id=newsletter_id, created_by=actor.id, created_at=now)
        session.add(issue)
    else:
        issue = _draft(session, issue_id)
    issue.newsletter_id, issue.subject, issue.note = newsletter_id, subject, note
    issue.article_ids, issue.layout = ids, layout
    session.flush()
    return issue


def _draft(session: Session, issue_id: int) -> Issue:
    issue = session.get(Issue, issue_id)
    if issue is None:
        raise NotFound(f"issue {issue_id}")
    if issue.status != IssueStatus.DRAFT:
        raise ValidationError({"issue": N_("This issue has gone out already.")})
    return issue


def set_rendering(session: Session, issue_id: int, html: str, text: str) -> None:
    """The email as it reads now (a draft's preview; what a send freezes)."""
    issue = _draft(session, issue_id)
    issue.html, issue.text = html, text


def proof(session: Session, issue_id: int, *, actor: Principal, to: str, now: datetime) -> None:
    """A test send of the draft to the newsroom's own address."""
    require(actor, Action.NEWSLETTER_SEND)
    _draft(session, issue_id)
    session.add(
        Recipient(
            issue_id=issue_id,
            email=clean_email(to),
            proof=True,
            status=RecipientStatus.QUEUED.value,
            next_attempt_at=now,
        )
    )
    session.flush()


def send_issue(session: Session, issue_id: int, *, actor: Principal, now: datetime) -> int:
    """Send the issue to every confirmed subscriber of its newsletter: a recipient row for
    each, written in this transaction (two statements however many), an address on the
    suppression list written as suppressed. Returns how many will be mailed."""
    require(actor, Action.NEWSLETTER_SEND)
    issue = _draft(session, issue_id)
    if not issue.html:
        raise ValidationError({"issue": N_("The issue has not been rendered.")})
    issue.status, issue.sent_at = IssueStatus.SENDING.value, now
    s, sub, listed = Subscriber, Subscription, select(Suppression.email)
    for status in (RecipientStatus.QUEUED, RecipientStatus.SUPPRESSED):
        audience = (
            select(
                literal(issue.id),
                s.id,
                s.email,
                literal(status.value),
                literal(0),
                literal(now, UTCDateTime()),
                literal(""),
                literal(False),
            )
            .join(sub, sub.subscriber_id == s.id)
            .where(
                sub.newsletter_id == issue.newsletter_id,
                sub.status == SubscriptionStatus.ACTIVE.value,
                s.confirmed_at.is_not(None),
                s.email.in_(listed)
                if status == RecipientStatus.SUPPRESSED
                else s.email.not_in(listed),
            )
        )
        session.execute(
            insert(Recipient).from_select(
                [
                    "issue_id",
                    "subscriber_id",
                    "email",
                    "status",
                    "attempts",
                    "next_attempt_at",
                    "answer",
                    "proof",
                ],
                audience,
            )
        )
    return (
        session.scalar(
            select(func.count()).where(
                Recipient.issue_id == issue.id,
                Recipient.status == RecipientStatus.QUEUED.value,
                Recipient.proof.is_(False),
            )
        )
        or 0
    )


def finish_issues(session: Session, *, now: datetime) -> list[int]:
    """Issues every recipient of which has an outcome: marked sent, with their counts."""
    busy = select(Recipient.issue_id).where(
        Recipient.status.in_((RecipientStatus.QUEUED.value, RecipientStatus.SENDING.value))
    )
    done = session.scalars(
        select(Issue).where(Issue.status == IssueStatus.SENDING.value, Issue.id.not_in(busy))
    ).all()
    for issue in done:
        rows = session.execute(
            select(Recipient.status, func.count())
            .where(Recipient.issue_id == issue.id, Recipient.proof.is_(False))
            .group_by(Recipient.status)
        ).all()
        issue.status, issue.finished_at = IssueStatus.SENT.value, now
        issue.counts = {status: n for status, n in rows}
    return [issue.id for issue in done]


# Subscribers in bulk (admins): a CSV file in, a CSV file out.

MAX_IMPORT_ROWS = 100_000
TRUE = frozenset({"1", "yes", "y", "true", "confirmed", "x"})


@dataclass
class Imported:
    added: int = 0  # new to the list
    confirmed: int = 0  # active at once: the file said so and the admin vouched for it
    asked: int = 0  # pending, each asked to confirm by email
    unchanged: int = 0  # active already
    refused: list[tuple[int, str]] = field(default_factory=list)  # (line, why)


def import_subscribers(
    session: Session,
    bus: EventBus,
    rows: Iterable[dict[str, str]],
    *,
    newsletter_ids: Iterable[int],
    vouched: bool,
    source: str,
    actor: Principal,
    now: datetime,
) -> Imported:
    """Addresses from a file (``rows``: its lines as dicts, headers lower-cased; the
    first data line is line 2). A line whose ``confirmed`` column says yes is active at
    once only when the admin ``vouched`` that those readers consented; every other
    address is asked to confirm, as from the sign-up form. A bad line is reported by
    number and the others go on."""
    require(actor, Action.NEWSLETTER_MANAGE)
    chosen = _choices(session, newsletter_ids)
    report = Imported()
    seen: set[str] = set()
    for line, row in enumerate(rows, start=2):
        if line - 1 > MAX_IMPORT_ROWS:
            report.refused.append(
                (line, N_("more than %(limit)s lines: the rest was left", limit=MAX_IMPORT_ROWS))
            )
            break
        try:
            email = clean_email(row.get("email", ""))
        except ValidationError as exc:
            report.refused.append((line, exc.errors["email"]))
            continue
        if email in seen:
            report.refused.append((line, N_("the same address again")))
            continue
        seen.add(email)
        said = row.get("consent", "").strip()[:500]
        trusted = vouched and row.get("confirmed", "").strip().lower() in TRUE
        subscriber, new = _subscriber_for(session, email, now)
        report.added += new
        text = f"Imported by {getattr(actor, 'email', 'the newsroom')} from {source}" + (
            f"; the file says: {said}" if said else ""
        )
        if not _ask_for(session, subscriber, chosen, f"import:{source}", text, now,
                        confirmed=trusted):  # fmt: skip
            report.unchanged += 1  # every one active already
        elif trusted:
            subscriber.confirmed_at = subscriber.confirmed_at or now
            report.confirmed += 1
        else:
            _ask(session, bus, subscriber, now)
            report.asked += 1
    session.flush()
    return report


def choose_for_address(
    session: Session, email: str, newsletter_ids: Iterable[int], *, now: datetime
) -> None:
    """``choose`` for an address its owner has just proven otherwise (a member signed in
    by a mailed link): exactly these newsletters, active at once."""
    subscriber, _ = _subscriber_for(session, email, now)
    choose(session, subscriber.id, subscriber.key, newsletter_ids, now=now)
