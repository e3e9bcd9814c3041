"""Bounces and complaints: read from a bounce mailbox (delivery status notifications,
RFC 3464, and complaint reports, RFC 5965) or from the webhooks of Amazon SES (through
SNS), Postmark and Mailgun, and written down: a hard bounce or a complaint puts the
address on the suppression list (a complaint also ends its subscriptions); a soft bounce
is only noted on the recipient. A bounce addressed to a VERP return path
(``bounces+r<id>-<check>@...``, ``sending.verp_token``) names the very recipient, whose
outcome becomes failed with the bounce's words.

Nothing here trusts its input: a message or payload that is not a bounce or complaint
gives no ``Event``; the web layer checks each provider's signature or secret first."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from email import message_from_bytes, policy
from email.message import Message
from email.utils import getaddresses
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from thepost.keys import Keys
from thepost.newsletters import actions
from thepost.newsletters.models import Recipient, RecipientStatus, Subscriber, Subscription
from thepost.newsletters.sending import read_verp

MAX_MESSAGE = 2 * 1024 * 1024  # a bounce with the whole message attached, at most
MAX_EVENTS = 500  # recipients one notification may name


@dataclass(frozen=True)
class Event:
    """One address's bounce or complaint."""

    email: str
    kind: str  # "hard", "soft" or "complaint"
    detail: str
    recipient_id: int | None = None  # from a VERP return path


def record(session: Session, events: list[Event], *, now: datetime) -> dict[str, int]:
    """Write bounces and complaints down; returns how many of each were new news."""
    counts = {"suppressed": 0, "soft": 0, "complaint": 0}
    for event in events[:MAX_EVENTS]:
        email = event.email.strip().lower()
        if event.recipient_id is not None:  # the signed return path says whose it is
            found = session.get(Recipient, event.recipient_id)
            email = found.email if found is not None else ""
        if event.recipient_id is not None and event.kind != "complaint":
            session.execute(
                update(Recipient)
                .where(Recipient.id == event.recipient_id)
                .values(status=RecipientStatus.FAILED.value, answer=event.detail[:1000])
                .execution_options(synchronize_session=False)
            )
        if event.kind == "soft" or not email:
            counts["soft"] += event.kind == "soft"
            continue
        reason = "complaint" if event.kind == "complaint" else "bounce"
        if actions.suppress(session, email, reason, event.detail, now=now):
            counts["suppressed"] += 1
        if event.kind == "complaint":
            counts["complaint"] += 1
            subscriber = session.scalar(select(Subscriber.id).where(Subscriber.email == email))
            if subscriber is not None:
                session.execute(
                    update(Subscription)
                    .where(Subscription.subscriber_id == subscriber, Subscription.status != "left")
                    .values(status="left", left_at=now)
                )
    return counts


# -- a bounce mailbox --------------------------------------------------------------------

_STATUS = re.compile(r"^\s*([245])\.\d{1,3}\.\d{1,3}")


def _fields(part: Message) -> list[Message]:
    """The field groups of a message/delivery-status part: the per-message group first,
    then one per recipient (the email package gives them as sub-messages)."""
    payload = part.get_payload()
    return [p for p in payload if isinstance(p, Message)] if isinstance(payload, list) else []


def _address(value: str | None) -> str:
    """``rfc822; someone@example.org`` -> the address."""
    if not value:
        return ""
    _, _, address = value.partition(";")
    return (address or value).strip().strip("<>").lower()


def _verp_id(keys: Keys, message: Message, bounce_local: str) -> int | None:
    """The recipient named by the VERP address the bounce was delivered to."""
    for header in ("Delivered-To", "X-Original-To", "Envelope-To", "To"):
        for _, address in getaddresses(message.get_all(header) or []):
            local = address.partition("@")[0].lower()
            if bounce_local and local.startswith(bounce_local + "+"):
                found = read_verp(keys, local)
                if found is not None:
                    return found
    return None


def from_message(keys: Keys, raw: bytes, bounce_address: str = "") -> list[Event]:
    """A message that came to the bounce mailbox, as bounce or complaint events (none
    for anything else: an auto-reply, a stray message). With a bounce address set, a
    delivery report counts only when it came back to a signed return path (VERP): anyone
    can write a report naming any address, nobody can forge the path's check."""
    if len(raw) > MAX_MESSAGE:
        raw = raw[:MAX_MESSAGE]
    message = message_from_bytes(raw, policy=policy.compat32)
    recipient_id = _verp_id(keys, message, bounce_address.partition("@")[0].lower())
    if message.get_content_type() != "multipart/report":
        return []
    report = message.get_param("report-type", "") or ""
    events: list[Event] = []
    if str(report).lower() == "delivery-status" and bounce_address and recipient_id is None:
        return []
    for part in message.walk():
        kind = part.get_content_type()
        if str(report).lower() == "delivery-status" and kind == "message/delivery-status":
            for group in _fields(part)[1:]:
                action = (group.get("Action") or "").strip().lower()
                status = _STATUS.match(group.get("Status") or "")
                if action not in ("failed", "delayed") or status is None:
                    continue
                hard = action == "failed" and status.group(1) == "5"
                detail = " ".join(str(group.get("Diagnostic-Code") or group.get("Status")).split())
                events.append(
                    Event(
                        _address(group.get("Final-Recipient") or group.get("Original-Recipient")),
                        "hard" if hard else "soft",
                        detail[:1000],
                        recipient_id,
                    )  # fmt: skip
                )
        elif str(report).lower() == "feedback-report" and kind == "message/feedback-report":
            text = part.as_string()
            found = re.search(r"^Original-Rcpt-To:\s*(\S+)", text, re.M | re.I)
            feedback = re.search(r"^Feedback-Type:\s*(\S+)", text, re.M | re.I)
            email = _address(found.group(1)) if found else _original_to(message)
            what = feedback.group(1).lower() if feedback else "abuse"
            events.append(Event(email, "complaint", f"complaint ({what})", recipient_id))
    return events[:MAX_EVENTS]


def _original_to(report: Message) -> str:
    """The To of the message a complaint report carries (its third part)."""
    for part in report.walk():
        if part.get_content_type() in ("message/rfc822", "text/rfc822-headers"):
            inner = part.get_payload()
            if isinstance(inner, list) and inner:
                inner = inner[0]
            headers = inner if isinstance(inner, Message) else message_from_bytes(
                str(inner).encode("utf-8", "replace"), policy=policy.compat32
            )  # fmt: skip
            addresses = getaddresses(headers.get_all("To") or [])
            if addresses:
                return addresses[0][1].lower()
    return ""


# -- the providers' webhooks -------------------------------------------------------------


def from_ses(payload: dict[str, Any]) -> list[Event]:
    """An Amazon SES notification (the ``Message`` of an SNS notification, decoded)."""
    kind = payload.get("notificationType") or payload.get("eventType")
    events: list[Event] = []
    if kind == "Bounce" and isinstance(payload.get("bounce"), dict):
        bounce = payload["bounce"]
        hard = bounce.get("bounceType") == "Permanent"
        for r in _list(bounce.get("bouncedRecipients")):
            detail = str(r.get("diagnosticCode") or bounce.get("bounceSubType") or "bounce")
            events.append(Event(str(r.get("emailAddress", "")), "hard" if hard else "soft", detail))
    elif kind == "Complaint" and isinstance(payload.get("complaint"), dict):
        complaint = payload["complaint"]
        detail = f"complaint ({complaint.get('complaintFeedbackType') or 'abuse'})"
        for r in _list(complaint.get("complainedRecipients")):
            events.append(Event(str(r.get("emailAddress", "")), "complaint", detail))
    return events[:MAX_EVENTS]


def from_postmark(payload: dict[str, Any]) -> list[Event]:
    """A Postmark bounce or spam complaint webhook."""
    record_type = payload.get("RecordType")
    email = str(payload.get("Email") or "")
    detail = " ".join(str(payload.get("Details") or payload.get("Description") or "").split())
    if record_type == "SpamComplaint":
        return [Event(email, "complaint", "complaint (spam)")]
    if record_type != "Bounce":
        return []
    # Postmark's hard kinds; the others (soft bounces, auto-replies, delays) are soft.
    hard = payload.get("Type") in ("HardBounce", "BadEmailAddress", "ManuallyDeactivated",
                                   "SpamNotification", "Blocked")  # fmt: skip
    return [Event(email, "hard" if hard else "soft", f"{payload.get('Type')}: {detail}"[:1000])]


def from_mailgun(payload: dict[str, Any]) -> list[Event]:
    """A Mailgun webhook's ``event-data`` (failed or complained)."""
    data = payload.get("event-data")
    if not isinstance(data, dict):
        return []
    email = str(data.get("recipient") or "")
    if data.get("event") == "complained":
        return [Event(email, "complaint", "complaint")]
    if data.get("event") != "failed":
        return []
    status = data.get("delivery-status")
    status = status if isinstance(status, dict) else {}
    words = status.get("message") or status.get("description") or data.get("reason") or ""
    detail = " ".join(f"{status.get('code', '')} {words}".split())
    return [Event(email, "hard" if data.get("severity") == "permanent" else "soft", detail[:1000])]


def _list(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)][:MAX_EVENTS] if isinstance(value, list) else []


def loads(body: bytes) -> dict[str, Any] | None:
    """A webhook's JSON body, or None when it is not a JSON object."""
    try:
        found = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    return found if isinstance(found, dict) else None
