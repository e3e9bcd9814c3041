"""The newsroom's writes on webhook endpoints (admins: ``settings.manage``); each is
audited. An endpoint's address is checked when it is saved (and at every delivery)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from thepost.audit import log as audit
from thepost.errors import NotFound, ValidationError
from thepost.i18n import N_
from thepost.permissions import Action, Principal, require
from thepost.webhooks import outbox, sender, signing
from thepost.webhooks.models import WebhookEndpoint

ROTATION = timedelta(hours=24)  # the old secret keeps signing this long after a rotation
MAX_ENDPOINTS = 50


def _checked(url: str, events: list[str], description: str, allow_private: bool) -> str:
    errors: dict[str, str] = {}
    url = url.strip()
    if len(url) > 500:
        errors["url"] = N_("At most %(limit)s characters.", limit=500)
    else:
        try:
            _, host, port, _ = sender.check_url(url)
            sender.resolve(host, port, allow_private=allow_private)
        except sender.Unresolved:
            pass  # perhaps not yet in the DNS: checked again at every delivery
        except sender.Refused as exc:
            errors["url"] = exc.args[0]  # its message as made, translatable
    if unknown := [e for e in events if e not in outbox.EVENTS]:
        errors["events"] = N_("Unknown events: %(events)s.", events=", ".join(unknown))
    if len(description) > 200:
        errors["description"] = N_("At most %(limit)s characters.", limit=200)
    if errors:
        raise ValidationError(errors)
    return url


def _get(session: Session, endpoint_id: int) -> WebhookEndpoint:
    endpoint = session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None:
        raise NotFound(f"webhook endpoint {endpoint_id}")
    return endpoint


def _audit(session: Session, actor: Principal, endpoint_id: int, what: str, now: datetime) -> None:
    audit.record(
        session, audit.WEBHOOK_CHANGE, now=now, user_id=actor.id,
        obj=("webhook", endpoint_id), detail={"change": what},
    )  # fmt: skip


def create_endpoint(
    session: Session,
    *,
    actor: Principal,
    url: str,
    events: list[str],
    description: str = "",
    now: datetime,
    allow_private: bool,
) -> WebhookEndpoint:
    """A new endpoint (``events`` empty: every event), with its signing secret."""
    require(actor, Action.SETTINGS_MANAGE)
    if session.query(WebhookEndpoint).count() >= MAX_ENDPOINTS:
        raise ValidationError(
            {"url": N_("A site has at most %(limit)s endpoints.", limit=MAX_ENDPOINTS)}
        )
    url = _checked(url, events, description, allow_private)
    endpoint = WebhookEndpoint(
        url=url, description=" ".join(description.split()), secret=signing.new_secret(),
        events=list(dict.fromkeys(events)), enabled=True, created_at=now, created_by=actor.id,
    )  # fmt: skip
    session.add(endpoint)
    session.flush()
    _audit(session, actor, endpoint.id, "create", now)
    return endpoint


def update_endpoint(
    session: Session,
    endpoint_id: int,
    *,
    actor: Principal,
    url: str,
    events: list[str],
    description: str,
    enabled: bool,
    now: datetime,
    allow_private: bool,
) -> WebhookEndpoint:
    require(actor, Action.SETTINGS_MANAGE)
    endpoint = _get(session, endpoint_id)
    endpoint.url = _checked(url, events, description, allow_private)
    endpoint.events = list(dict.fromkeys(events))
    endpoint.description = " ".join(description.split())
    if enabled and not endpoint.enabled:
        endpoint.disabled_reason = ""
    endpoint.enabled = enabled
    session.flush()
    _audit(session, actor, endpoint.id, "update", now)
    return endpoint


def rotate_secret(
    session: Session, endpoint_id: int, *, actor: Principal, now: datetime
) -> WebhookEndpoint:
    """A new secret; the old one signs too for ``ROTATION`` (messages carry both)."""
    require(actor, Action.SETTINGS_MANAGE)
    endpoint = _get(session, endpoint_id)
    endpoint.previous_secret, endpoint.previous_until = endpoint.secret, now + ROTATION
    endpoint.secret = signing.new_secret()
    session.flush()
    _audit(session, actor, endpoint.id, "rotate", now)
    return endpoint


def delete_endpoint(session: Session, endpoint_id: int, *, actor: Principal, now: datetime) -> None:
    require(actor, Action.SETTINGS_MANAGE)
    session.delete(_get(session, endpoint_id))
    session.flush()
    _audit(session, actor, endpoint_id, "delete", now)


def replay(session: Session, delivery_id: int, *, actor: Principal, now: datetime) -> None:
    require(actor, Action.SETTINGS_MANAGE)
    outbox.replay(session, delivery_id, now=now)
