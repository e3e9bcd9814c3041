"""Sending an issue: its recipient rows worked through over SMTP, each ending sent,
failed (with the server's answer) or suppressed, none ever sent twice.

``deliver_due`` claims a batch of due recipients (a lease, as the mail outbox does:
``FOR UPDATE SKIP LOCKED`` on PostgreSQL, the write lock on SQLite), then for each one
writes, in one transaction, the outcome of the one before and this one's ``sending``
mark, and only then hands it to the SMTP server. A process killed at any point leaves at
most one recipient ``sending``: the next run, once the lease is over, writes it failed
("interrupted") rather than send it again, and sends the queued rest. A refusal before
the text went (at MAIL or RCPT, or no connection at all) is retried later, a 5xx refusal
fails at once; a connection lost during the text fails, as it may have been delivered.

Every message is the issue's rendering with the recipient's own links put in (their
preferences page and the one-click unsubscribe of RFC 8058; in an issue with open and
click counting, the token of its picture and redirected links, ``newsletters.counting``),
and a return path that names the recipient when a bounce address is set (VERP). Each is
put in by replacing a mark in the text made once per issue: no message is parsed::

    deliver_due(services.writes, connect, composer, now=clock(), batch=100, pace=Pace(50))
"""

from __future__ import annotations

import binascii
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, parseaddr
from html import escape
from typing import NamedTuple

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from thepost.db.base import table
from thepost.keys import Keys
from thepost.mail import outbox
from thepost.mail.outbox import RETRY_DELAYS  # the same patience as the site's own mail
from thepost.mail.smtp import POLICY, NotSent, SmtpConnection, Unknown
from thepost.mail.worker import Poller
from thepost.newsletters import actions, tokens
from thepost.newsletters.models import (
    Issue,
    IssueStatus,
    Newsletter,
    Recipient,
    RecipientStatus,
    Subscriber,
    Suppression,
)

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=10)
INTERRUPTED = "interrupted while it was being sent: not sent again, so that it cannot arrive twice"
UNKNOWN = "the connection was lost while the message was being sent (it may have arrived): "
# Replaced in each message by the recipient's own links.
MANAGE_MARK = "https://preferences.newsletter.invalid/"
LEAVE_MARK = "https://unsubscribe.newsletter.invalid/"
# Replaced in each message of a counted issue by the recipient's counting token.
COUNT_MARK = "count.newsletter.invalid"


class Due(NamedTuple):
    id: int
    issue_id: int
    subscriber_id: int | None
    email: str
    attempts: int
    proof: bool
    key: str = "-"  # the subscriber's (a test send has none: its links lead nowhere)


class Letter(NamedTuple):
    """What every recipient of an issue gets, before their own links are put in."""

    issue_id: int
    newsletter_id: int
    subject: str
    html: str
    text: str
    list_id: str  # the newsletter's slug
    list_name: str
    sender: str  # "Name <address>"
    reply_to: str
    server: str  # which configured SMTP server
    counted: bool = False  # open and click counting: its picture and links carry COUNT_MARK


@dataclass
class Report:
    sent: int = 0
    failed: int = 0
    retrying: int = 0
    suppressed: int = 0
    interrupted: int = 0
    claimed: int = 0
    finished: list[int] = field(default_factory=list)  # issues that got their last outcome


class Pace:
    """At most ``rate`` messages a second (0: no limit)."""

    def __init__(self, rate: float, sleep: Callable[[float], None] = time.sleep) -> None:
        self.gap = 1 / rate if rate > 0 else 0.0
        self.sleep = sleep
        self._next = 0.0

    def wait(self) -> None:
        if not self.gap:
            return
        now = time.monotonic()
        if self._next > now:
            self.sleep(self._next - now)
        self._next = max(now, self._next) + self.gap


class _Prepared(NamedTuple):
    """What every message of a letter shares: its fixed header lines, and the address
    domain of its Message-IDs."""

    head: bytes
    domain: str


@dataclass
class Composer:
    """Builds each recipient's message from the issue's ``Letter``: the header lines
    every recipient shares are made once per letter by the email package (RFC 2047 for
    a subject in any script); each message adds its own lines (To, Date, Message-ID,
    List-Unsubscribe) and its two parts, quoted-printable, with its links put in."""

    keys: Keys
    mail_from: str  # the site's own sender, when a newsletter names none
    manage_url: Callable[[str], str]  # token -> absolute URL of the preferences page
    leave_url: Callable[[str], str]  # token -> absolute URL of one-click unsubscribe
    bounce_address: str = ""
    _prepared: dict[tuple[int, bool, str, int], _Prepared] = field(default_factory=dict)

    def envelope_from(self, due: Due) -> str:
        if not self.bounce_address:
            return parseaddr(self.mail_from)[1]
        local, _, domain = self.bounce_address.partition("@")
        return f"{local}+{verp_token(self.keys, due.id)}@{domain}"

    def _prepare(self, letter: Letter, proof: bool) -> _Prepared:
        key = (letter.issue_id, proof, letter.subject, hash(letter.html))
        if (found := self._prepared.get(key)) is not None:
            return found
        sender = letter.sender or self.mail_from
        domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
        shared = EmailMessage(policy=POLICY)
        shared["From"] = sender
        shared["Subject"] = ("[Test] " if proof else "") + letter.subject
        if letter.reply_to:
            shared["Reply-To"] = letter.reply_to
        shared["List-Id"] = f"{letter.list_name} <{letter.list_id}.{domain}>"
        shared["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        shared["MIME-Version"] = "1.0"
        shared["Content-Type"] = f'multipart/alternative; boundary="{BOUNDARY}"'
        head = b"".join(POLICY.fold_binary(name, value) for name, value in shared.items())
        if len(self._prepared) > 16:
            self._prepared.clear()
        self._prepared[key] = prepared = _Prepared(head, domain)
        return prepared

    def __call__(self, due: Due, letter: Letter, now: datetime) -> bytes:
        prepared = self._prepare(letter, due.proof)
        subscriber = due.subscriber_id or 0
        manage = self.manage_url(tokens.manage_token(self.keys, subscriber, due.key))
        leave = self.leave_url(
            tokens.leave_token(self.keys, subscriber, due.key, letter.newsletter_id)
        )
        text = letter.text.replace(MANAGE_MARK, manage).replace(LEAVE_MARK, leave)
        html = letter.html.replace(MANAGE_MARK, escape(manage)).replace(LEAVE_MARK, escape(leave))
        if letter.counted:  # the token is URL-safe text: nothing to escape
            html = html.replace(COUNT_MARK, tokens.count_token(self.keys, due.id))
        own = (
            f"To: {due.email}\r\nDate: {format_datetime(now)}\r\n"
            f"Message-ID: <newsletter.{letter.issue_id}.{due.id}@{prepared.domain}>\r\n"
            f"List-Unsubscribe: <{leave}>\r\n"
        )
        return b"".join(
            (
                own.encode("ascii"),
                prepared.head,
                b"\r\n",
                _part("plain", text),
                _part("html", html),
                f"--{BOUNDARY}--\r\n".encode(),
            )
        )


# Never in a quoted-printable part ("=" is always encoded there).
BOUNDARY = "==thepost-newsletter=="


def _part(subtype: str, content: str) -> bytes:
    body = binascii.b2a_qp(content.replace("\r\n", "\n").encode("utf-8"), istext=True)
    return (
        (
            f'--{BOUNDARY}\r\nContent-Type: text/{subtype}; charset="utf-8"\r\n'
            "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        ).encode()
        + body.replace(b"\n", b"\r\n")
        + b"\r\n"
    )


def verp_token(keys: Keys, recipient_id: int) -> str:
    """``r<id>-<check>``: a bounce names its recipient, and nobody can forge one that
    suppresses an address they chose."""
    return f"r{recipient_id}-{keys.hash('newsletter-verp', str(recipient_id))[:10]}"


def read_verp(keys: Keys, local_part: str) -> int | None:
    """The recipient a bounce's address names (``bounces+r12-ab12cd34ef``), or None."""
    _, _, tag = local_part.partition("+")
    number, _, check = tag.removeprefix("r").partition("-")
    if not number.isdigit() or len(number) > 12:
        return None
    return int(number) if verp_token(keys, int(number)) == tag else None


def _due(now: datetime) -> list:
    return [Recipient.status == RecipientStatus.QUEUED.value, Recipient.next_attempt_at <= now]


def _interrupted(sessions: sessionmaker[Session], now: datetime) -> int:
    """Recipients left ``sending`` by a process that died (their lease is over). Looked
    for with a plain read first: a sender polling every few seconds must not take
    SQLite's write lock when there are none (nearly always)."""
    left = [Recipient.status == RecipientStatus.SENDING.value, Recipient.next_attempt_at <= now]
    with sessions() as session:
        session.connection(execution_options={"sqlite_immediate": False})
        if session.scalar(select(Recipient.id).where(*left).limit(1)) is None:
            return 0
    with sessions.begin() as session:
        done = session.execute(
            update(Recipient)
            .where(*left)
            .values(status=RecipientStatus.FAILED.value, answer=INTERRUPTED)
            .execution_options(synchronize_session=False)
        )
        return int(getattr(done, "rowcount", 0) or 0)


def _claim(
    sessions: sessionmaker[Session], now: datetime, batch: int
) -> tuple[list[Due], datetime]:
    lease, r = now + LEASE, Recipient
    rows = outbox.claim(
        sessions, r, _due(now), lease=lease, batch=batch,
        returning=(r.id, r.issue_id, r.subscriber_id, r.email, r.attempts, r.proof),
    )  # fmt: skip
    return [Due(*row) for row in rows], lease


def _letters(session: Session, issue_ids: set[int]) -> dict[int, Letter]:
    rows = session.execute(
        select(Issue, Newsletter)
        .join(Newsletter, Newsletter.id == Issue.newsletter_id)
        .where(Issue.id.in_(issue_ids))
    ).all()
    return {
        issue.id: Letter(
            issue.id,
            n.id,
            issue.subject,
            issue.html,
            issue.text,
            n.slug,
            n.name,
            formataddr((n.sender_name, n.sender_address)) if n.sender_address else "",
            n.reply_to,
            n.server,
            issue.counted,
        )
        for issue, n in rows
    }


def _with_keys(session: Session, claimed: list[Due]) -> list[Due]:
    ids = {d.subscriber_id for d in claimed if d.subscriber_id}
    found = dict(
        session.execute(select(Subscriber.id, Subscriber.key).where(Subscriber.id.in_(ids))).all()
    )
    return [d._replace(key=found.get(d.subscriber_id or 0, "-")) for d in claimed]


recipients = table(Recipient)  # Core statements: one per message, kept lean


class _Outcome(NamedTuple):
    recipient_id: int
    values: dict[str, object]


def _write(session: Session, outcome: _Outcome | None) -> None:
    if outcome is not None:
        session.execute(
            update(recipients)
            .where(
                recipients.c.id == outcome.recipient_id,
                recipients.c.status == RecipientStatus.SENDING.value,
            )
            .values(**outcome.values)
        )


def deliver_due(
    sessions: sessionmaker[Session],
    connect: Callable[[str], SmtpConnection],
    compose: Composer,
    *,
    now: datetime,
    batch: int = 100,
    pace: Pace | None = None,
) -> Report:
    """Send what is due, at most ``batch`` messages. ``connect(server)`` opens a
    conversation with a configured SMTP server by name ("" : the site's own)."""
    report = Report(interrupted=_interrupted(sessions, now))
    claimed, lease = _claim(sessions, now, batch)
    report.claimed = len(claimed)
    pace = pace or Pace(0)
    connections: dict[str, SmtpConnection] = {}
    outcome: _Outcome | None = None
    with sessions() as session:
        letters = _letters(session, {d.issue_id for d in claimed})
        claimed = _with_keys(session, claimed)
        # Looked up for the batch (seconds of sending): a bounce or complaint that comes
        # in meanwhile stops the next batch.
        listed = set(
            session.scalars(
                select(Suppression.email).where(Suppression.email.in_({d.email for d in claimed}))
            )
        )
    try:
        for index, due in enumerate(claimed):
            letter = letters.get(due.issue_id)
            if letter is None:
                continue  # deleted with its issue
            try:
                conn = connections.get(letter.server) or connect(letter.server)
                connections[letter.server] = conn
                conn.open()
            except NotSent as exc:
                # No server: the rest of the batch waits, not failed.
                _release(sessions, [d.id for d in claimed[index:]], lease, now)
                report.retrying += len(claimed) - index
                log.warning("newsletter mail waits: %s", exc.answer)
                break
            with sessions.begin() as session:
                _write(session, outcome)
                outcome = None
                if due.email in listed and not due.proof:
                    session.execute(
                        update(recipients)
                        .where(recipients.c.id == due.id)
                        .values(status=RecipientStatus.SUPPRESSED.value)
                    )
                    report.suppressed += 1
                    continue
                marked = session.execute(
                    update(recipients)
                    .where(
                        recipients.c.id == due.id,
                        recipients.c.next_attempt_at == lease,
                        recipients.c.status == RecipientStatus.QUEUED.value,
                    )
                    .values(status=RecipientStatus.SENDING.value)
                )
                if not getattr(marked, "rowcount", 0):
                    continue  # the lease ran out and another worker took it
            message = compose(due, letter, now)
            pace.wait()
            outcome = _send(conn, message, compose.envelope_from(due), due, now, report)
    finally:
        report.finished = _finish(sessions, outcome, now)
        for conn in connections.values():
            conn.close()
    return report


def _finish(sessions: sessionmaker[Session], outcome: _Outcome | None, now: datetime) -> list[int]:
    """The last outcome written, and the issues that have all theirs marked sent (one
    whose every recipient was suppressed has nothing to claim, and ends here too). With
    nothing to write and no issue going out, no write transaction at all."""
    if outcome is None:
        with sessions() as session:
            session.connection(execution_options={"sqlite_immediate": False})
            going = select(Issue.id).where(Issue.status == IssueStatus.SENDING.value).limit(1)
            if session.scalar(going) is None:
                return []
    with sessions.begin() as session:
        _write(session, outcome)
        return actions.finish_issues(session, now=now)


def _send(
    conn: SmtpConnection,
    message: bytes,
    envelope: str,
    due: Due,
    now: datetime,
    report: Report,
) -> _Outcome:
    attempts = due.attempts + 1
    try:
        conn.send(message, envelope_from=envelope, to=due.email)
    except NotSent as exc:
        if exc.permanent or attempts > len(RETRY_DELAYS):
            report.failed += 1
            return _Outcome(
                due.id,
                {
                    "status": RecipientStatus.FAILED.value,
                    "attempts": attempts,
                    "answer": exc.answer,
                },
            )
        report.retrying += 1
        return _Outcome(
            due.id,
            {
                "status": RecipientStatus.QUEUED.value,
                "attempts": attempts,
                "answer": exc.answer,
                "next_attempt_at": now + RETRY_DELAYS[attempts - 1],
            },
        )
    except Unknown as exc:
        report.failed += 1
        return _Outcome(
            due.id,
            {
                "status": RecipientStatus.FAILED.value,
                "attempts": attempts,
                "answer": (UNKNOWN + str(exc))[:1000],
            },
        )
    report.sent += 1
    return _Outcome(
        due.id,
        {"status": RecipientStatus.SENT.value, "attempts": attempts, "answer": "", "sent_at": now},
    )


def _release(
    sessions: sessionmaker[Session], ids: list[int], lease: datetime, now: datetime
) -> None:
    """Claimed recipients not tried (no server to send through): due again in a minute."""
    with sessions.begin() as session:
        session.execute(
            update(Recipient)
            .where(
                Recipient.id.in_(ids),
                Recipient.next_attempt_at == lease,
                Recipient.status == RecipientStatus.QUEUED.value,
            )
            .values(next_attempt_at=now + RETRY_DELAYS[0])
            .execution_options(synchronize_session=False)
        )


class NewsletterWorker(Poller):
    """Sends newsletters in the background of a serving process (or of ``thepost
    newsletters send``), at most ``rate`` messages a second, making each digest that
    falls due first (``digests``: called with the time)."""

    name = "thepost-newsletters"

    def __init__(
        self,
        sessions: sessionmaker[Session],
        connect: Callable[[str], SmtpConnection],
        compose: Composer,
        clock: Callable[[], datetime],
        *,
        rate: float,
        batch: int = 100,
        interval: float = 2.0,
        digests: Callable[[datetime], object] | None = None,
    ) -> None:
        super().__init__(interval, batch)
        self.sessions, self.connect, self.compose, self.clock = sessions, connect, compose, clock
        self.pace = Pace(rate)
        self.digests = digests

    def deliver(self) -> Report:
        now = self.clock()
        if self.digests is not None:
            self.digests(now)
        return deliver_due(
            self.sessions, self.connect, self.compose, now=now, batch=self.batch, pace=self.pace
        )

    def run_once(self) -> int:
        return self.deliver().claimed
