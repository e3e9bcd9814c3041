"""The outbox: mail is a row first, an SMTP conversation later.

``enqueue`` adds a row in the caller's transaction, so a message is queued exactly when
the write that caused it commits (a rolled-back signup sends no welcome mail), and it
refuses addresses, subjects and headers that could smuggle in extra header lines::

    with services.writes.begin() as session:
        user = create_user(session, ...)
        enqueue(session, to=user.email, subject="Welcome", body=text, now=services.clock())

``deliver_due`` (run by ``OutboxWorker``, only when an SMTP host is configured) sends
what is due. It first *claims* a batch in one short transaction that selects due rows
(``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so concurrent workers skip each other's rows;
on SQLite the transaction holds the database write lock) and moves their
``next_attempt_at`` to a lease ``LEASE`` ahead, so another worker passes them by. Then
it sends each message outside any transaction and records the outcome at once: SENT,
or a retry after ``RETRY_DELAYS`` (1 min, 5 min, 30 min, 2 h, 12 h), then FAILED. A
process that dies between claim and record leaves the row queued with its lease; when
the lease runs out the row is due again, so a crash can repeat a message (same
Message-ID) but never lose one.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, select, update
from sqlalchemy.orm import Session, sessionmaker

from thepost.errors import ValidationError
from thepost.i18n import N_
from thepost.mail.models import MailStatus, OutboxMessage
from thepost.mail.smtp import Sender, build_message

log = logging.getLogger(__name__)

RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
# Longer than a batch can take (20 messages x 10 s SMTP timeout, with room to spare).
LEASE = timedelta(minutes=10)
ERROR_LIMIT = 1000

# Headers the outbox sets itself; extra headers may not replace or add to them.
RESERVED = frozenset(
    "from to cc bcc subject date message-id sender return-path mime-version "
    "content-type content-transfer-encoding".split()
)
_HEADER_NAME = re.compile(r"^[!-9;-~]+$")  # printable ASCII except ':' (RFC 5322)
# Control characters but tab, and what Python's str.splitlines() also takes for a line end.
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f\x85\u2028\u2029]")
_ADDRESS_BAD = re.compile(r"[\s\x00-\x1f\x7f<>(),;:\"\[\]\\]")


@dataclass(frozen=True)
class Message:
    """A message a part of the site wants sent (``enqueue`` queues it)."""

    to: str
    subject: str
    body: str
    headers: dict[str, str] = field(default_factory=dict)


def address_error(address: str) -> str | None:
    """Why mail cannot go to ``address``, or None. Forms that take an email use it too."""
    local, _, domain = address.partition("@")
    if address.count("@") != 1 or not local or not domain:
        return N_("Use a single address like name@example.org.")
    if _ADDRESS_BAD.search(address):
        return N_('The address may not contain spaces, line breaks or <>(),;:"[]\\.')
    if len(address) > 254:
        return N_("The address is too long (at most %(limit)s characters).", limit=254)
    if "." not in domain.strip("."):
        return N_("The address needs a full domain, like name@example.org.")
    return None


def enqueue(
    session: Session,
    *,
    to: str,
    subject: str,
    body: str,
    headers: dict[str, str] | None = None,
    now: datetime,
) -> OutboxMessage:
    errors: dict[str, str] = {}
    if problem := address_error(to):
        errors["to"] = problem
    if _CONTROL.search(subject):
        errors["subject"] = "The subject may not contain line breaks or control characters."
    elif len(subject) > 300:
        errors["subject"] = "The subject is too long (at most 300 characters)."
    lines = []
    for name, value in (headers or {}).items():
        if not _HEADER_NAME.match(name):
            errors["headers"] = f"Invalid header name {name!r}."
        elif name.lower() in RESERVED:
            errors["headers"] = f"The {name} header is set by the outbox."
        elif _CONTROL.search(value):
            errors["headers"] = f"The {name} header may not contain line breaks."
        else:
            lines.append(f"{name}: {value.strip()}")
    if errors:
        raise ValidationError(errors)
    message = OutboxMessage(
        to_address=to,
        subject=subject,
        body=body,
        headers="\n".join(lines),
        status=MailStatus.QUEUED.value,
        attempts=0,
        last_error="",
        created_at=now,
        next_attempt_at=now,
    )
    session.add(message)
    session.flush()
    return message


@dataclass(frozen=True)
class Claimed:
    """A snapshot of a claimed row; ``lease`` proves the claim is still ours."""

    id: int
    to_address: str
    subject: str
    body: str
    headers: str
    created_at: datetime
    attempts: int
    lease: datetime


@dataclass(frozen=True)
class DeliveryReport:
    sent: tuple[int, ...] = ()
    retrying: tuple[int, ...] = ()  # failed this time, scheduled again
    failed: tuple[int, ...] = ()  # failed for the last time

    @property
    def claimed(self) -> int:
        return len(self.sent) + len(self.retrying) + len(self.failed)


def _due(now: datetime) -> list[ColumnElement[bool]]:
    return [
        OutboxMessage.status == MailStatus.QUEUED.value,
        OutboxMessage.next_attempt_at <= now,
    ]


def claim(
    sessions: sessionmaker[Session],
    model: Any,
    due: list[ColumnElement[bool]],
    *,
    lease: datetime,
    batch: int,
    returning: Sequence[Any],
) -> list[Any]:
    """Lease up to ``batch`` rows of ``model`` meeting ``due`` (oldest due first) by
    moving their ``next_attempt_at`` to ``lease``, so that another worker passes them by;
    the ``returning`` columns of each, in id order. Shared by every queue worked this way
    (this outbox, newsletter recipients)."""
    # A plain read first: polling an empty queue must not take SQLite's write lock
    # (the engine begins SQLite transactions IMMEDIATE unless told otherwise).
    with sessions() as session:
        session.connection(execution_options={"sqlite_immediate": False})
        if session.scalar(select(model.id).where(*due).limit(1)) is None:
            return []
    pick = (
        select(model.id)
        .where(*due)
        .order_by(model.next_attempt_at, model.id)
        .limit(batch)
        .with_for_update(skip_locked=True)  # PostgreSQL; SQLite renders nothing
    )
    with sessions.begin() as session:  # on SQLite this holds the write lock throughout
        ids = session.scalars(pick).all()
        if not ids:
            return []
        # Two statements, not UPDATE ... WHERE id IN (SELECT ... LIMIT ... SKIP LOCKED):
        # PostgreSQL may re-run such a subquery per row and lock far more than the batch.
        # The due test is repeated, so a row another worker leased after our read (an
        # SQLite engine that begins transactions lazily) is never taken a second time.
        leased = (
            update(model)
            .where(model.id.in_(ids), *due)
            .values(next_attempt_at=lease)
            .returning(*returning)
            .execution_options(synchronize_session=False)
        )
        return sorted(session.execute(leased).all(), key=lambda row: row[0])


def _claim(sessions: sessionmaker[Session], *, now: datetime, batch: int) -> list[Claimed]:
    lease, m = now + LEASE, OutboxMessage
    rows = claim(
        sessions, m, _due(now), lease=lease, batch=batch,
        returning=(m.id, m.to_address, m.subject, m.body, m.headers, m.created_at, m.attempts),
    )  # fmt: skip
    return [Claimed(**row._mapping, lease=lease) for row in rows]


def _record(
    sessions: sessionmaker[Session], claimed: Claimed, values: dict[str, object], *, sent: bool
) -> bool:
    """Write an outcome to a still-queued row. A failure is written only while the claim
    is ours (nobody re-leased the row after our lease ran out); a success always is."""
    m = OutboxMessage
    mine = and_(m.id == claimed.id, m.status == MailStatus.QUEUED.value)
    if not sent:
        mine = and_(mine, m.next_attempt_at == claimed.lease)
    with sessions.begin() as session:
        result = session.execute(
            update(m).where(mine).values(**values).execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0))


def deliver_due(
    sessions: sessionmaker[Session], sender: Sender, *, now: datetime, batch: int = 20
) -> DeliveryReport:
    sent: list[int] = []
    retrying: list[int] = []
    failed: list[int] = []
    for claimed in _claim(sessions, now=now, batch=batch):
        try:
            sender.send(build_message(claimed, sender.mail_from))
        except Exception as exc:  # any failure is this message's failure; the batch goes on
            attempts = claimed.attempts + 1
            error = f"{type(exc).__name__}: {exc}"[:ERROR_LIMIT]
            if attempts >= MAX_ATTEMPTS:
                values: dict[str, object] = {"status": MailStatus.FAILED.value}
                failed.append(claimed.id)
                log.error("mail %s failed for good: %s", claimed.id, error)
            else:
                values = {"next_attempt_at": now + RETRY_DELAYS[attempts - 1]}
                retrying.append(claimed.id)
                log.warning("mail %s attempt %s failed: %s", claimed.id, attempts, error)
            values.update(attempts=attempts, last_error=error)
            _record(sessions, claimed, values, sent=False)
        else:
            values = {"status": MailStatus.SENT.value, "sent_at": now, "last_error": ""}
            if not _record(sessions, claimed, values, sent=True):
                log.warning("mail %s was already finished by another worker", claimed.id)
            sent.append(claimed.id)
    return DeliveryReport(tuple(sent), tuple(retrying), tuple(failed))


def waiting(session: Session, *, limit: int = 10) -> list[OutboxMessage]:
    """The newest messages not sent yet, newest first: what a site with no SMTP server
    (the demo) would have mailed."""
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.status == MailStatus.QUEUED.value)
        .order_by(OutboxMessage.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))
