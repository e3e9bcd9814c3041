"""Reads for the newsroom's webhook pages: endpoints with what they are owed, and an
endpoint's recent deliveries with their attempts."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from thepost.webhooks.models import (
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)


@dataclass(frozen=True)
class Listed:
    endpoint: WebhookEndpoint
    pending: int
    failed: int


def endpoints(session: Session) -> list[Listed]:
    counts: dict[tuple[int, str], int] = {
        (endpoint_id, status): count
        for endpoint_id, status, count in session.execute(
            select(WebhookDelivery.endpoint_id, WebhookDelivery.status, func.count())
            .where(WebhookDelivery.status != DeliveryStatus.DELIVERED.value)
            .group_by(WebhookDelivery.endpoint_id, WebhookDelivery.status)
        )
    }
    found = session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id))
    return [
        Listed(e, counts.get((e.id, "pending"), 0), counts.get((e.id, "failed"), 0)) for e in found
    ]


@dataclass(frozen=True)
class Logged:
    delivery: WebhookDelivery
    event: WebhookEvent
    attempts: list[WebhookAttempt]


def deliveries(session: Session, endpoint_id: int, *, limit: int = 50) -> list[Logged]:
    rows = session.execute(
        select(WebhookDelivery, WebhookEvent)
        .join(WebhookEvent, WebhookEvent.id == WebhookDelivery.event_id)
        .where(WebhookDelivery.endpoint_id == endpoint_id)
        .order_by(WebhookDelivery.id.desc())
        .limit(limit)
    ).all()
    ids = [delivery.id for delivery, _ in rows]
    attempts: dict[int, list[WebhookAttempt]] = {}
    for attempt in session.scalars(
        select(WebhookAttempt)
        .where(WebhookAttempt.delivery_id.in_(ids))
        .order_by(WebhookAttempt.id)
    ):
        attempts.setdefault(attempt.delivery_id, []).append(attempt)
    return [Logged(d, e, attempts.get(d.id, [])) for d, e in rows]
