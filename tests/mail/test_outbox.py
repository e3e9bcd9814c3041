"""The outbox against a real SMTP server (aiosmtpd on loopback) and both databases."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from email.message import EmailMessage

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from mailserver import FROM
from thepost.errors import ValidationError
from thepost.mail.models import MailStatus, OutboxMessage
from thepost.mail.outbox import LEASE, RETRY_DELAYS, deliver_due, enqueue
from thepost.mail.smtp import build_message
from thepost.mail.worker import OutboxWorker


def queue(services, to: str = "reader@example.org", **kwargs) -> int:
    kwargs.setdefault("subject", "Hello")
    kwargs.setdefault("body", "Text")
    with services.writes.begin() as session:
        return enqueue(session, to=to, now=services.clock(), **kwargs).id


def row(services, message_id: int) -> OutboxMessage:
    with services.writes() as session:
        found = session.get(OutboxMessage, message_id)
        assert found is not None
        return found


def count(services) -> int:
    with services.writes() as session:
        return session.scalar(select(func.count()).select_from(OutboxMessage)) or 0


def wait_for(predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return predicate()


def test_a_queued_message_is_delivered_with_its_headers(services, smtp, clock) -> None:
    message_id = queue(
        services,
        subject="Breaking: the café reopens 🎉",
        body="Grüße from the newsroom ☕\nSecond line.\n",
        headers={"List-Unsubscribe": "<https://thepost.test/unsubscribe/abc>"},
    )

    report = deliver_due(services.writes, smtp.sender(), now=clock())

    assert report.sent == (message_id,) and report.claimed == 1
    [envelope] = smtp.envelopes
    assert envelope.mail_from == "newsroom@thepost.test"
    assert envelope.rcpt_tos == ["reader@example.org"]
    [mail] = smtp.messages()
    assert mail["From"] == FROM
    assert mail["To"] == "reader@example.org"
    assert mail["Subject"] == "Breaking: the café reopens 🎉"
    assert mail["List-Unsubscribe"] == "<https://thepost.test/unsubscribe/abc>"
    assert mail["Date"].datetime == clock()
    assert mail["Message-ID"].endswith("@thepost.test>")
    assert mail.get_content_charset() == "utf-8"
    # MIME text is CRLF-terminated in canonical form; readers show it as plain lines.
    assert mail.get_content().replace("\r\n", "\n") == "Grüße from the newsroom ☕\nSecond line.\n"
    assert envelope.content.isascii()  # 7-bit safe for any relay

    sent = row(services, message_id)
    assert (sent.status, sent.sent_at, sent.attempts) == (MailStatus.SENT, clock(), 0)
    assert deliver_due(services.writes, smtp.sender(), now=clock()).claimed == 0
    assert len(smtp.envelopes) == 1


def test_message_id_is_stable_across_retries(services, clock) -> None:
    message_id = queue(services)
    stored = row(services, message_id)
    first, again = build_message(stored, FROM), build_message(stored, FROM)
    assert first["Message-ID"] == again["Message-ID"]
    assert first["Date"] == again["Date"]


def test_nothing_is_sent_before_the_queuing_transaction_commits(services, smtp, clock) -> None:
    with services.writes() as session:
        enqueue(session, to="reader@example.org", subject="Hi", body="x", now=clock())
        session.flush()
        # The row exists only inside this open transaction: no worker can see it.
        assert deliver_due(services.writes, smtp.sender(), now=clock()).claimed == 0
        session.rollback()
    assert deliver_due(services.writes, smtp.sender(), now=clock()).claimed == 0
    assert count(services) == 0
    assert smtp.envelopes == []


def test_smtp_down_retries_after_a_minute(services, mail_server, clock) -> None:
    message_id = queue(services)
    start = clock()

    report = deliver_due(services.writes, mail_server.sender(), now=clock())

    assert report.retrying == (message_id,) and report.sent == ()
    failed = row(services, message_id)
    assert (failed.status, failed.attempts) == (MailStatus.QUEUED, 1)
    assert failed.next_attempt_at == start + timedelta(minutes=1)
    assert "Connection" in failed.last_error
    assert deliver_due(services.writes, mail_server.sender(), now=clock()).claimed == 0

    mail_server.start()
    clock.advance(seconds=59)
    assert deliver_due(services.writes, mail_server.sender(), now=clock()).claimed == 0
    clock.advance(seconds=1)
    assert deliver_due(services.writes, mail_server.sender(), now=clock()).sent == (message_id,)
    delivered = row(services, message_id)
    assert (delivered.status, delivered.attempts) == (MailStatus.SENT, 1)
    assert len(mail_server.envelopes) == 1


def test_gives_up_after_the_last_retry(services, mail_server, clock) -> None:
    message_id = queue(services)
    sender = mail_server.sender()  # nothing listens on its port

    for attempt, delay in enumerate(RETRY_DELAYS, start=1):
        assert deliver_due(services.writes, sender, now=clock()).retrying == (message_id,)
        waiting = row(services, message_id)
        assert waiting.attempts == attempt
        assert waiting.next_attempt_at == clock() + delay
        clock.advance(seconds=delay.total_seconds() - 1)
        assert deliver_due(services.writes, sender, now=clock()).claimed == 0
        clock.advance(seconds=1)

    assert deliver_due(services.writes, sender, now=clock()).failed == (message_id,)
    given_up = row(services, message_id)
    assert (given_up.status, given_up.attempts) == (MailStatus.FAILED, len(RETRY_DELAYS) + 1)
    assert given_up.last_error
    clock.advance(days=30)
    assert deliver_due(services.writes, sender, now=clock()).claimed == 0


def test_concurrent_workers_deliver_each_message_exactly_once(services, smtp, clock) -> None:
    with services.writes.begin() as session:
        for n in range(30):
            enqueue(session, to=f"reader{n}@example.org", subject=f"No. {n}", body="x", now=clock())
    real = smtp.sender()

    class Slow:
        """Interleaves the two workers: each send takes a moment."""

        mail_from = real.mail_from

        def send(self, message: EmailMessage) -> None:
            time.sleep(0.005)
            real.send(message)

    barrier = threading.Barrier(2)
    sent: dict[int, list[int]] = {0: [], 1: []}
    errors: list[BaseException] = []

    def work(me: int) -> None:
        try:
            barrier.wait(timeout=5)
            while (report := deliver_due(services.writes, Slow(), now=clock(), batch=5)).claimed:
                sent[me].extend(report.sent)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(me,)) for me in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(t.is_alive() for t in threads)
    assert errors == []
    both = sent[0] + sent[1]
    assert len(both) == len(set(both)) == 30
    assert sent[0] and sent[1], "both workers should have had a share"
    assert len(smtp.envelopes) == 30
    assert sorted(r for e in smtp.envelopes for r in e.rcpt_tos) == sorted(
        f"reader{n}@example.org" for n in range(30)
    )
    assert len({m["Message-ID"] for m in smtp.messages()}) == 30
    with services.writes() as session:
        statuses = session.scalars(select(OutboxMessage.status)).all()
    assert set(statuses) == {MailStatus.SENT}


class Crash(BaseException):
    """The process dies mid-batch (nothing catches a BaseException)."""


def test_a_claim_never_finished_is_retried_after_the_lease(services, smtp, clock) -> None:
    ids = [queue(services, subject=f"No. {n}") for n in range(3)]

    class Dying:
        mail_from = FROM

        def send(self, message: EmailMessage) -> None:
            raise Crash

    start = clock()
    with pytest.raises(Crash):
        deliver_due(services.writes, Dying(), now=clock())
    for message_id in ids:
        claimed = row(services, message_id)
        assert (claimed.status, claimed.attempts) == (MailStatus.QUEUED, 0)
        assert claimed.next_attempt_at == start + LEASE

    assert deliver_due(services.writes, smtp.sender(), now=clock()).claimed == 0
    clock.advance(seconds=LEASE.total_seconds() - 1)
    assert deliver_due(services.writes, smtp.sender(), now=clock()).claimed == 0
    clock.advance(seconds=1)
    assert deliver_due(services.writes, smtp.sender(), now=clock()).sent == tuple(ids)
    assert len(smtp.envelopes) == 3


INJECTIONS = [
    ("to", {"to": "x@y\r\nBcc: z@w"}),
    ("to", {"to": "x@y\nBcc: z@w"}),
    ("to", {"to": "a@b, c@d"}),
    ("to", {"to": "a@b@c"}),
    ("to", {"to": "nobody"}),
    ("to", {"to": "@example.org"}),
    ("subject", {"subject": "Hello\r\nBcc: z@w"}),
    ("subject", {"subject": "Hello\nthere"}),
    ("subject", {"subject": "Hello\u2028Bcc: z@w"}),
    ("subject", {"subject": "x" * 301}),
    ("headers", {"headers": {"List-Unsubscribe": "<x>\r\nBcc: z@w"}}),
    ("headers", {"headers": {"X-Note": "a\u2028Bcc: z@w"}}),
    ("headers", {"headers": {"X-Evil\r\nBcc": "z@w"}}),
    ("headers", {"headers": {"X Space": "v"}}),
    ("headers", {"headers": {"Bcc": "z@w"}}),
    ("headers", {"headers": {"from": "boss@example.org"}}),
]


def test_header_injection_is_refused(services, clock) -> None:
    for field, kwargs in INJECTIONS:
        values = {"to": "reader@example.org", "subject": "Hi", "body": "x", **kwargs}
        with services.writes.begin() as session, pytest.raises(ValidationError) as caught:
            enqueue(session, now=clock(), **values)
        assert field in caught.value.errors, kwargs
    assert count(services) == 0


def test_the_worker_delivers_in_the_background_and_stops_promptly(services, smtp, clock) -> None:
    worker = OutboxWorker(services.writes, smtp.sender(), clock, interval=0.05)
    worker.start()
    try:
        assert worker.running
        queue(services)
        assert wait_for(lambda: len(smtp.envelopes) == 1)
    finally:
        thread = worker._thread
        worker.stop()
    assert not worker.running
    assert thread is not None and not thread.is_alive()


def test_stopping_wakes_the_worker_from_its_wait(services, smtp, clock) -> None:
    """An hour between ticks: the thread has ended when ``stop`` returns only if stopping
    woke it from its wait (``stop`` gives up waiting long before the hour is over)."""
    worker = OutboxWorker(services.writes, smtp.sender(), clock, interval=3600)
    worker.start()
    thread = worker._thread
    time.sleep(0.05)  # let it reach its wait
    worker.stop(timeout=30)
    assert thread is not None and not thread.is_alive()
    assert not worker.running


def test_the_worker_logs_errors_and_carries_on(services, smtp, clock, caplog) -> None:
    class Flaky:
        """A session factory whose database is down for the first call."""

        def __init__(self) -> None:
            self.calls = 0

        def __call__(self):
            self.calls += 1
            if self.calls == 1:
                raise OperationalError("SELECT 1", {}, Exception("database is down"))
            return services.writes()

        def begin(self):
            return services.writes.begin()

    queue(services)
    worker = OutboxWorker(Flaky(), smtp.sender(), clock, interval=0.05)
    with caplog.at_level(logging.ERROR, logger="thepost.mail.worker"):
        worker.start()
        try:
            assert wait_for(lambda: len(smtp.envelopes) == 1)
        finally:
            worker.stop()
    assert "thepost-outbox failed" in caplog.text
    assert "database is down" in caplog.text


def test_run_once_reports(services, smtp, clock) -> None:
    message_id = queue(services)
    worker = OutboxWorker(services.writes, smtp.sender(), clock)
    assert worker.deliver().sent == (message_id,)
    assert worker.deliver().claimed == 0
