"""The webhook outbox: an event is a row written with the change (``record``, called by an
in-transaction reaction, so a rolled-back write fires nothing and a committed one is
never lost), and one delivery row per endpoint that wants it.

``deliver_due`` (the worker's tick) claims due deliveries in a short transaction (``FOR
UPDATE SKIP LOCKED`` on PostgreSQL; SQLite's write lock elsewhere), moving them a lease
ahead (``LEASE_STEP`` per place in the batch), then posts each outside any transaction
and records the attempt: a 2xx delivers it; ``410 Gone`` disables the endpoint, fails
what it still owes and tells the admins by mail; anything else is tried again after
``RETRY_DELAYS`` (about three days in all, each delay jittered, or later when the
receiver's ``Retry-After`` says so), then fails. A delivery waits while an earlier one
of the same endpoint and subject (an article, a page) is still owed, so a receiver hears
of a story's changes in order. A process killed between the post and the record leaves
the lease to run out and posts again with the same ``webhook-id``: receivers drop the
repeat.

``watch_schedule`` notices stories and pages whose scheduled time has come (readers see
them by the read-time rule; no write marks the moment), from a watermark kept in the
database, so a restart misses none and repeats none.
"""

from __future__ import annotations

import json
import logging
import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, exists, select, update
from sqlalchemy.orm import Session, aliased, sessionmaker

from thepost.accounts.models import User
from thepost.content.models import Article, Page, Status
from thepost.errors import ValidationError
from thepost.i18n import N_
from thepost.mail import outbox as mail
from thepost.permissions import Role
from thepost.webhooks import sender, signing
from thepost.webhooks.models import (
    DeliveryStatus,
    WebhookAttempt,
    WebhookClock,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)

log = logging.getLogger(__name__)

RETRY_DELAYS = tuple(
    timedelta(seconds=s) for s in (5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 72000)
)  # 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 20 h: about three days
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
# A claimed delivery is left alone this long per place in its batch: as long as the posts
# before it and its own can take (each is bounded by ``sender.TIMEOUT``). A process killed
# mid-batch leaves its claims to run out that soon.
LEASE_STEP = timedelta(seconds=sender.TIMEOUT + 5)
LONGEST_WAIT = timedelta(hours=24)  # a Retry-After asks for at most this
DEBOUNCED = {"settings.changed": timedelta(seconds=10)}

EVENTS = (
    "article.published", "article.updated", "article.scheduled", "article.rescheduled",
    "article.went_live", "article.unpublished", "article.trashed", "article.restored",
    "article.deleted",
    "page.published", "page.updated", "page.scheduled", "page.went_live", "page.unpublished",
    "page.deleted",
    "comment.posted", "comment.approved",
    "live.started", "live.ended", "live_entry.posted", "live_entry.updated", "live_entry.deleted",
    "section.changed", "tag.changed", "author.changed", "menu.changed",
    "settings.changed",
)  # fmt: skip


def listening(session: Session) -> bool:
    """Whether any endpoint is on (else no event is worth describing)."""
    return (
        session.scalar(select(WebhookEndpoint.id).where(WebhookEndpoint.enabled.is_(True)).limit(1))
        is not None
    )


def due(session: Session, *, now: datetime) -> bool:
    """Whether a tick has anything to do: a delivery due, or a scheduled story or page
    whose time came since the watermark (read only: an idle site writes nothing)."""
    if not listening(session):
        return False
    clock = session.get(WebhookClock, WENT_LIVE)
    if clock is None:
        return True
    pending = select(WebhookDelivery.id).where(
        WebhookDelivery.status == DeliveryStatus.PENDING.value,
        WebhookDelivery.next_attempt_at <= now,
    )
    if session.scalar(pending.limit(1)) is not None:
        return True
    for model in (Article, Page):
        came = select(model.id).where(
            model.status == Status.SCHEDULED.value,
            model.published_at > clock.until,
            model.published_at <= now,
        )
        if session.scalar(came.limit(1)) is not None:
            return True
    return False


def _wants(endpoint: WebhookEndpoint, kind: str) -> bool:
    return endpoint.enabled and (not endpoint.events or kind in endpoint.events)


def record(
    session: Session, kind: str, data: dict[str, Any], *, subject: str = "", now: datetime
) -> WebhookEvent | None:
    """An event for every enabled endpoint that wants ``kind`` (none: nothing written)."""
    endpoints = [e for e in session.scalars(select(WebhookEndpoint)) if _wants(e, kind)]
    if not endpoints:
        return None
    wait = DEBOUNCED.get(kind)
    if wait is not None:  # a burst of changes goes out once, the last, after a pause
        stale = (
            select(WebhookDelivery.id)
            .join(WebhookEvent, WebhookEvent.id == WebhookDelivery.event_id)
            .where(
                WebhookEvent.type == kind,
                WebhookDelivery.status == DeliveryStatus.PENDING.value,
                WebhookDelivery.attempts == 0,
            )
        )
        session.execute(delete(WebhookDelivery).where(WebhookDelivery.id.in_(stale)))
    event = WebhookEvent(
        uid="msg_" + secrets.token_urlsafe(18), type=kind, subject=subject, data=data,
        created_at=now,
    )  # fmt: skip
    session.add(event)
    session.flush()
    for endpoint in endpoints:
        session.add(
            WebhookDelivery(
                event_id=event.id,
                endpoint_id=endpoint.id,
                subject=subject,
                next_attempt_at=now + (wait or timedelta()),
                created_at=now,
            )  # fmt: skip
        )
    session.flush()
    return event


def body(event: WebhookEvent) -> bytes:
    """The payload: ``{type, timestamp, data}``."""
    payload = {
        "type": event.type,
        "timestamp": event.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "data": event.data,
    }
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def signing_secrets(endpoint: WebhookEndpoint, now: datetime) -> list[str]:
    rotating = (
        endpoint.previous_secret and endpoint.previous_until and endpoint.previous_until > now
    )
    return [endpoint.secret, endpoint.previous_secret] if rotating else [endpoint.secret]


# -- delivering ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Claimed:
    delivery_id: int
    endpoint_id: int
    url: str
    secrets: list[str]
    event_uid: str
    body: bytes


@dataclass
class Report:
    claimed: int = 0
    delivered: int = 0
    failed: int = 0
    retried: int = 0
    disabled: list[int] = field(default_factory=list)

    def add(self, other: Report) -> None:
        self.claimed += other.claimed
        self.delivered += other.delivered
        self.failed += other.failed
        self.retried += other.retried
        self.disabled += other.disabled


Post = Callable[[str, bytes, dict[str, str]], sender.Answer]


def claim(session: Session, *, now: datetime, batch: int) -> list[Claimed]:
    earlier = aliased(WebhookDelivery)
    blocked = exists().where(
        earlier.endpoint_id == WebhookDelivery.endpoint_id,
        earlier.subject == WebhookDelivery.subject,
        earlier.subject != "",
        earlier.event_id < WebhookDelivery.event_id,
        earlier.status == DeliveryStatus.PENDING.value,
    )
    query = (
        select(WebhookDelivery)
        .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
        .where(
            WebhookDelivery.status == DeliveryStatus.PENDING.value,
            WebhookDelivery.next_attempt_at <= now,
            WebhookEndpoint.enabled.is_(True),
            ~blocked,
        )
        .order_by(WebhookDelivery.event_id)
        .limit(batch)
    )
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True, of=WebhookDelivery)
    found = []
    for place, delivery in enumerate(session.scalars(query), start=1):
        delivery.next_attempt_at = now + LEASE_STEP * place
        endpoint = session.get(WebhookEndpoint, delivery.endpoint_id)
        event = session.get(WebhookEvent, delivery.event_id)
        assert endpoint is not None and event is not None
        found.append(
            Claimed(
                delivery.id,
                endpoint.id,
                endpoint.url,
                signing_secrets(endpoint, now),
                event.uid,
                body(event),
            )  # fmt: skip
        )
    session.flush()
    return found


def deliver_due(
    sessions: sessionmaker[Session],
    post: Post,
    *,
    clock: Callable[[], datetime],
    batch: int = 20,
) -> Report:
    report = Report()
    with sessions.begin() as session:
        claimed = claim(session, now=clock(), batch=batch)
    report.claimed = len(claimed)
    for item in claimed:
        now = clock()
        timestamp = int(now.timestamp())
        headers = signing.headers(item.secrets, item.event_uid, timestamp, item.body)
        answer = post(item.url, item.body, headers)
        with sessions.begin() as session:
            _outcome(session, item, answer, now=clock(), report=report)
    return report


def _outcome(
    session: Session, item: Claimed, answer: sender.Answer, *, now: datetime, report: Report
) -> None:
    delivery = session.get(WebhookDelivery, item.delivery_id)
    if delivery is None or delivery.status != DeliveryStatus.PENDING:
        return  # replayed, or its endpoint removed, meanwhile
    session.add(
        WebhookAttempt(
            delivery_id=delivery.id,
            at=now,
            status_code=answer.status,
            duration_ms=answer.duration_ms,
            response=answer.body,
            error=answer.error,
        )  # fmt: skip
    )
    delivery.attempts += 1
    if 200 <= answer.status < 300:
        delivery.status, delivery.finished_at = DeliveryStatus.DELIVERED.value, now
        report.delivered += 1
    elif answer.status == 410:
        disable(
            session,
            item.endpoint_id,
            now=now,
            reason=f"The receiver answered 410 Gone at {now:%Y-%m-%d %H:%M} UTC.",
        )
        report.disabled.append(item.endpoint_id)
        report.failed += 1
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status, delivery.finished_at = DeliveryStatus.FAILED.value, now
        report.failed += 1
    else:
        wait = RETRY_DELAYS[delivery.attempts - 1] * random.uniform(0.8, 1.2)
        if answer.retry_after is not None:
            wait = max(wait, min(timedelta(seconds=answer.retry_after), LONGEST_WAIT))
        delivery.next_attempt_at = now + wait
        report.retried += 1
    session.flush()


def disable(session: Session, endpoint_id: int, *, now: datetime, reason: str) -> None:
    """Stop an endpoint: what it is owed fails, and every admin is told by mail."""
    endpoint = session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None or not endpoint.enabled:
        return
    endpoint.enabled, endpoint.disabled_reason = False, reason
    session.execute(
        update(WebhookDelivery)
        .where(
            WebhookDelivery.endpoint_id == endpoint_id,
            WebhookDelivery.status == DeliveryStatus.PENDING.value,
        )
        .values(status=DeliveryStatus.FAILED.value, finished_at=now)
    )
    admins = session.scalars(
        select(User.email).where(User.role == Role.ADMIN.value, User.is_active.is_(True))
    )
    for address in admins:
        try:
            mail.enqueue(
                session,
                to=address,
                subject="A webhook endpoint was turned off",
                body=(
                    f"The webhook endpoint {endpoint.url} was turned off: {reason}\n\n"
                    "Nothing more is sent to it. Turn it on again in the newsroom "
                    "(Webhooks) once the receiver is back; deliveries it missed can be "
                    "replayed from its log.\n"
                ),
                now=now,
            )
        except ValidationError:
            log.warning("cannot tell %r about the disabled endpoint", address)
    log.warning("webhook endpoint %s disabled: %s", endpoint.url, reason)


def replay(session: Session, delivery_id: int, *, now: datetime) -> WebhookDelivery:
    """Send a delivery's event to its endpoint again, as a new delivery due now."""
    delivery = session.get(WebhookDelivery, delivery_id)
    if delivery is None:
        raise ValidationError({"delivery": N_("No such delivery.")})
    again = WebhookDelivery(
        event_id=delivery.event_id, endpoint_id=delivery.endpoint_id, subject="",
        next_attempt_at=now, created_at=now,
    )  # fmt: skip
    session.add(again)
    session.flush()
    return again


# -- the schedule --------------------------------------------------------------------------

WENT_LIVE = "schedule"
Describe = Callable[[Session, str, int], dict[str, Any]]


def watch_schedule(session: Session, *, now: datetime, describe: Describe) -> int:
    """Record ``went_live`` for each scheduled story and page whose time came since the
    watermark; returns how many. The first watch starts the watermark at ``now``."""
    clock = session.get(WebhookClock, WENT_LIVE, with_for_update=True)
    if clock is None:
        session.add(WebhookClock(name=WENT_LIVE, until=now))
        session.flush()
        return 0
    if now <= clock.until:
        return 0
    count = 0
    for kind, model in (("article", Article), ("page", Page)):
        due = session.execute(
            select(model.id, model.published_at)
            .where(
                model.status == Status.SCHEDULED.value,
                and_(model.published_at > clock.until, model.published_at <= now),
            )
            .order_by(model.published_at, model.id)
        ).all()
        for object_id, _ in due:
            record(
                session, f"{kind}.went_live", describe(session, kind, object_id),
                subject=f"{kind}:{object_id}", now=now,
            )  # fmt: skip
            count += 1
    clock.until = now
    session.flush()
    return count
