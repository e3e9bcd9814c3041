"""Reads on newsletters, for the reader's forms, the newsroom and the API alike."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from thepost.newsletters.models import (
    Issue,
    IssueStatus,
    Newsletter,
    Recipient,
    Subscriber,
    Subscription,
    SubscriptionStatus,
    Suppression,
)


@dataclass(frozen=True)
class Offered:
    """A newsletter as the sign-up forms offer it (shared by every page: immutable)."""

    id: int
    slug: str
    name: str
    description: str
    cadence: str


def offered(session: Session) -> tuple[Offered, ...]:
    rows = session.scalars(
        select(Newsletter)
        .where(Newsletter.visible.is_(True))
        .order_by(Newsletter.position, Newsletter.id)
    )
    return tuple(Offered(n.id, n.slug, n.name, n.description, n.cadence) for n in rows)


def newsletters(session: Session) -> list[tuple[Newsletter, int, int]]:
    """Every newsletter with its active and pending subscribers."""
    counts: dict[tuple[int, str], int] = {
        (n, status): count
        for n, status, count in session.execute(
            select(Subscription.newsletter_id, Subscription.status, func.count())
            .join(Subscriber, Subscriber.id == Subscription.subscriber_id)
            .group_by(Subscription.newsletter_id, Subscription.status)
        )
    }
    listed = session.scalars(select(Newsletter).order_by(Newsletter.position, Newsletter.id))
    return [(n, counts.get((n.id, "active"), 0), counts.get((n.id, "pending"), 0)) for n in listed]


def subscriptions(session: Session, subscriber_id: int) -> dict[int, str]:
    """A subscriber's newsletters and where each stands (pending, active, left)."""
    rows = session.execute(
        select(Subscription.newsletter_id, Subscription.status).where(
            Subscription.subscriber_id == subscriber_id
        )
    )
    return dict(rows.all())


@dataclass(frozen=True)
class SubscriberRow:
    id: int
    email: str
    confirmed_at: datetime | None
    created_at: datetime
    newsletters: str  # names, comma-separated, of the active ones
    suppressed: str  # the reason, or ""


def _subscribers(query: str, newsletter_id: int | None, status: str) -> Select[Any]:
    chosen = select(Subscriber.id)
    if query:
        chosen = chosen.where(Subscriber.email.contains(query.lower(), autoescape=True))
    if newsletter_id is not None or status in ("active", "pending", "left"):
        conditions = [Subscription.subscriber_id == Subscriber.id]
        if newsletter_id is not None:
            conditions.append(Subscription.newsletter_id == newsletter_id)
        if status in ("active", "pending", "left"):
            conditions.append(Subscription.status == status)
        chosen = chosen.where(select(Subscription.subscriber_id).where(*conditions).exists())
    if status == "unconfirmed":
        chosen = chosen.where(Subscriber.confirmed_at.is_(None))
    elif status == "suppressed":
        chosen = chosen.where(Subscriber.email.in_(select(Suppression.email)))
    return chosen


def subscribers(
    session: Session,
    *,
    query: str = "",
    newsletter_id: int | None = None,
    status: str = "",
    offset: int = 0,
    limit: int = 50,
) -> tuple[list[SubscriberRow], int]:
    """The newsroom's list: addresses containing ``query``, of one newsletter, in one
    state (active, pending, left, unconfirmed, suppressed); newest first."""
    chosen = _subscribers(query, newsletter_id, status)
    total = session.scalar(select(func.count()).select_from(chosen.subquery())) or 0
    ids = session.scalars(chosen.order_by(Subscriber.id.desc()).offset(offset).limit(limit)).all()
    if not ids:
        return [], total
    names = {n.id: n.name for n in session.scalars(select(Newsletter))}
    active = _active(session, list(ids), names)
    rows = session.execute(
        select(
            Subscriber.id,
            Subscriber.email,
            Subscriber.confirmed_at,
            Subscriber.created_at,
            Suppression.reason,
        )
        .outerjoin(Suppression, Suppression.email == Subscriber.email)
        .where(Subscriber.id.in_(ids))
        .order_by(Subscriber.id.desc())
    ).all()
    return [
        SubscriberRow(
            r.id,
            r.email,
            r.confirmed_at,
            r.created_at,
            ", ".join(active.get(r.id, [])),
            r.reason or "",
        )
        for r in rows
    ], total


def _active(session: Session, ids: list[int], names: dict[int, str]) -> dict[int, list[str]]:
    """The names of the newsletters each of these subscribers gets."""
    found: dict[int, list[str]] = {}
    for subscriber_id, newsletter_id in session.execute(
        select(Subscription.subscriber_id, Subscription.newsletter_id).where(
            Subscription.subscriber_id.in_(ids),
            Subscription.status == SubscriptionStatus.ACTIVE.value,
        )
    ):
        found.setdefault(subscriber_id, []).append(names.get(newsletter_id, "?"))
    return found


def issues(session: Session, *, limit: int = 50) -> list[tuple[Issue, str]]:
    rows = session.execute(
        select(Issue, Newsletter.name)
        .join(Newsletter, Newsletter.id == Issue.newsletter_id)
        .order_by(Issue.id.desc())
        .limit(limit)
    )
    return [(issue, name) for issue, name in rows]


@dataclass(frozen=True)
class Reach:
    """Where an issue's recipients stand, test sends left out: by status (queued,
    sending, sent, failed, suppressed) and, when the issue was counted, how many opened
    it and clicked a link (each recipient once), and the clicks in all."""

    issue_id: int
    subject: str
    sent_at: datetime | None
    counted: bool
    statuses: dict[str, int]
    opened: int = 0
    clicked: int = 0
    clicks: int = 0

    @property
    def sent(self) -> int:
        return self.statuses.get("sent", 0)

    @property
    def failed(self) -> int:
        return self.statuses.get("failed", 0)

    @property
    def suppressed(self) -> int:
        return self.statuses.get("suppressed", 0)

    @property
    def open_rate(self) -> float | None:
        """Opens among the messages sent (None: not counted, or none sent)."""
        return self.opened / self.sent if self.counted and self.sent else None

    @property
    def click_rate(self) -> float | None:
        return self.clicked / self.sent if self.counted and self.sent else None


def reach(session: Session, issue_ids: Sequence[int]) -> list[Reach]:
    """These issues' reach, in the order given (an unknown id left out). Counted by the
    database from the recipients as they stand now, one statement for all: bounces that
    come in after sending, and opens and clicks, keep changing them."""
    if not issue_ids:
        return []
    r = Recipient
    numbers: dict[int, dict[str, int]] = {}
    engaged: dict[int, tuple[int, int, int]] = {}
    for issue_id, status, count, opened, clicked, clicks in session.execute(
        select(
            r.issue_id,
            r.status,
            func.count(),
            func.count(r.opened_at),
            func.count(r.clicked_at),
            func.coalesce(func.sum(r.clicks), 0),
        )
        .where(r.issue_id.in_(issue_ids), r.proof.is_(False))
        .group_by(r.issue_id, r.status)
    ):
        numbers.setdefault(issue_id, {})[status] = count
        before = engaged.get(issue_id, (0, 0, 0))
        engaged[issue_id] = (before[0] + opened, before[1] + clicked, before[2] + clicks)
    issues = {
        row.id: row
        for row in session.execute(
            select(Issue.id, Issue.subject, Issue.sent_at, Issue.counted).where(
                Issue.id.in_(issue_ids)
            )
        )
    }
    found = []
    for issue_id in issue_ids:
        if (issue := issues.get(issue_id)) is None:
            continue
        opened, clicked, clicks = engaged.get(issue_id, (0, 0, 0)) if issue.counted else (0, 0, 0)
        found.append(
            Reach(issue_id, issue.subject, issue.sent_at, issue.counted,
                  numbers.get(issue_id, {}), opened, clicked, clicks)
        )  # fmt: skip
    return found


def newsletter_reach(session: Session, newsletter_id: int, *, limit: int = 20) -> list[Reach]:
    """The reach of a newsletter's issues sent (or going out), newest first."""
    ids = session.scalars(
        select(Issue.id)
        .where(Issue.newsletter_id == newsletter_id, Issue.status != IssueStatus.DRAFT.value)
        .order_by(Issue.sent_at.desc(), Issue.id.desc())
        .limit(limit)
    ).all()
    return reach(session, list(ids))


def failures(session: Session, issue_id: int, *, limit: int = 50) -> list[tuple[str, str]]:
    """The addresses an issue could not reach, with the server's answers."""
    rows = session.execute(
        select(Recipient.email, Recipient.answer)
        .where(Recipient.issue_id == issue_id, Recipient.status == "failed")
        .order_by(Recipient.id)
        .limit(limit)
    )
    return [(email, answer) for email, answer in rows]


def growth(session: Session, newsletter_id: int | None = None) -> list[tuple[str, int]]:
    """Confirmed subscriptions over time: (day, active at that day's end, UTC), one point
    per day that changed anything. Counted by the database, a day at a time."""
    s = Subscription
    where = [s.newsletter_id == newsletter_id] if newsletter_id is not None else []
    changes: dict[str, int] = {}
    for column, sign in ((s.confirmed_at, 1), (s.left_at, -1)):
        day = func.date(column)
        rows = session.execute(
            select(day, func.count())
            .where(column.is_not(None), s.confirmed_at.is_not(None), *where)
            .group_by(day)
        )
        for when, count in rows:
            key = str(when)[:10]
            changes[key] = changes.get(key, 0) + sign * count
    total, points = 0, []
    for date in sorted(changes):
        total += changes[date]
        points.append((date, total))
    return points


EXPORT_COLUMNS = ("email", "confirmed", "confirmed_at", "signed_up_at", "newsletters", "suppressed")


def export(session: Session, *, newsletter_id: int | None = None, status: str = "",
           query: str = "") -> Iterator[tuple[str, ...]]:  # fmt: skip
    """The subscribers the newsroom's list shows for these filters, as CSV rows (the
    header first), read a thousand at a time."""
    yield EXPORT_COLUMNS
    names = {n.id: n.name for n in session.scalars(select(Newsletter))}
    chosen = _subscribers(query, newsletter_id, status)
    rows = session.execute(
        select(Subscriber.id, Subscriber.email, Subscriber.confirmed_at, Subscriber.created_at,
               Suppression.reason)
        .outerjoin(Suppression, Suppression.email == Subscriber.email)
        .where(Subscriber.id.in_(chosen))
        .order_by(Subscriber.id)
        .execution_options(yield_per=1000)
    )  # fmt: skip
    for part in rows.partitions():
        active = _active(session, [r.id for r in part], names)
        for r in part:
            yield (
                r.email, "yes" if r.confirmed_at else "no",
                r.confirmed_at.isoformat() if r.confirmed_at else "", r.created_at.isoformat(),
                "; ".join(active.get(r.id, [])), r.reason or "",
            )  # fmt: skip
