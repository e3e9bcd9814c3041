"""Sending issues, on SQLite and PostgreSQL, to a real SMTP server on loopback: every
recipient ends sent, failed with the server's answer, or suppressed, and none is sent
twice, even when the sending process is killed half-way."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from newsletters.conftest import confirmed, issue_of, make_newsletter, send
from thepost.config import to_environ
from thepost.newsletters import actions
from thepost.newsletters.models import Issue, Recipient
from thepost.newsletters.sending import LEASE, read_verp
from thepost.permissions import SYSTEM

TESTS = Path(__file__).resolve().parents[1]


def outcomes(services, issue_id: int) -> dict[str, str]:
    with services.reads() as session:
        rows = session.execute(
            select(Recipient.email, Recipient.status).where(Recipient.issue_id == issue_id)
        ).all()
    return dict(rows)


def test_an_issue_reaches_each_confirmed_subscriber_once(services, smtp, sender) -> None:
    morning = make_newsletter(
        services, sender_name="The Briefing", sender_address="brief@thepost.test"
    )
    other = make_newsletter(services, "Other")
    confirmed(services, morning, ["a@example.org", "b@example.org", "gone@example.org"])
    confirmed(services, other, ["other@example.org"])
    with services.writes.begin() as session:
        actions.suppress(session, "gone@example.org", "complaint", now=services.clock())
        actions.subscribe(session, services.bus, email="pending@example.org",
                          newsletter_ids=[morning], source="test", consent_text="",
                          now=services.clock())  # fmt: skip
    issue_id = issue_of(services, morning)
    assert send(services, issue_id) == 2
    before = len(smtp.envelopes)
    report = sender.deliver()
    assert (report.sent, report.failed, report.suppressed) == (2, 0, 0)
    assert outcomes(services, issue_id) == {
        "a@example.org": "sent", "b@example.org": "sent", "gone@example.org": "suppressed",
    }  # fmt: skip
    envelopes = smtp.envelopes[before:]
    assert sorted(e.rcpt_tos[0] for e in envelopes) == ["a@example.org", "b@example.org"]
    message: EmailMessage = smtp.messages()[before]
    assert message["From"] == "The Briefing <brief@thepost.test>"
    assert message["Subject"] == "Tonight's vote"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = message["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith("https://thepost.test/newsletters/unsubscribe?token=")
    assert "the-morning-briefing" in message["List-Id"]
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Good evening." in text and "STORY 0: THE COUNCIL'S VOTE" in text
    assert "<table" in html and "The council voted <strong>yes</strong>" in html
    assert 'href="https://thepost.test/x"' in html  # the body's links made absolute
    assert "newsletter.invalid" not in html + text
    assert "https://thepost.test/newsletters/preferences?token=" in html
    # The return path names the recipient (VERP), for bounces.
    local = envelopes[0].mail_from.partition("@")[0]
    assert local.startswith("bounces+")
    with services.reads() as session:
        recipient_id = session.scalar(
            select(Recipient.id).where(Recipient.email == envelopes[0].rcpt_tos[0])
        )
    assert read_verp(services.keys, local) == recipient_id
    assert (
        read_verp(services.keys, local[:-1] + "0") in (None, recipient_id)
        and read_verp(services.keys, "bounces+r1-0000000000") is None
    )
    with services.reads() as session:
        issue = session.get(Issue, issue_id)
        assert issue.status == "sent" and issue.counts == {"sent": 2, "suppressed": 1}


def test_the_unsubscribe_link_of_a_received_issue_works(client, services, smtp, sender) -> None:
    morning = make_newsletter(services)
    confirmed(services, morning, ["a@example.org"])
    send(services, issue_of(services, morning))
    sender.deliver()
    url = urlsplit(smtp.messages()[-1]["List-Unsubscribe"].strip("<>"))
    done = client.post(f"{url.path}?{url.query}", content=b"List-Unsubscribe=One-Click",
                       headers={"content-type": "application/x-www-form-urlencoded"})  # fmt: skip
    assert done.status_code == 200
    second = issue_of(services, morning)
    assert send(services, second) == 0


def test_refusals_fail_with_the_answer_or_wait_and_retry(services, smtp, sender, clock) -> None:
    morning = make_newsletter(services)
    confirmed(services, morning, ["a@example.org", "nobody@example.org", "busy@example.org"])
    issue_id = issue_of(services, morning)
    send(services, issue_id)
    report = sender.deliver()
    assert (report.sent, report.failed, report.retrying) == (1, 1, 1)
    with services.reads() as session:
        answers = dict(session.execute(select(Recipient.email, Recipient.answer)).all())
    assert answers["nobody@example.org"] == "550 5.1.1 No such mailbox here"
    assert answers["busy@example.org"].startswith("451 ")
    assert sender.deliver().claimed == 0  # not due yet
    clock.advance(minutes=2)
    assert sender.deliver().sent == 1
    assert outcomes(services, issue_id) == {
        "a@example.org": "sent", "nobody@example.org": "failed", "busy@example.org": "sent",
    }  # fmt: skip
    assert Counter(e.rcpt_tos[0] for e in smtp.envelopes)["busy@example.org"] == 1


def test_a_server_that_is_down_leaves_the_issue_waiting(
    services, mail_server, sender, clock
) -> None:
    morning = make_newsletter(services)
    confirmed(services, morning, ["a@example.org", "b@example.org"])
    issue_id = issue_of(services, morning)
    send(services, issue_id)
    report = sender.deliver()
    assert report.sent == 0 and report.retrying == 2
    assert outcomes(services, issue_id) == {"a@example.org": "queued", "b@example.org": "queued"}
    mail_server.start()
    clock.advance(minutes=2)
    assert sender.deliver().sent == 2


def test_a_test_send_goes_to_the_editor_only(services, smtp, sender) -> None:
    morning = make_newsletter(services)
    confirmed(services, morning, ["a@example.org"])
    issue_id = issue_of(services, morning)
    with services.writes.begin() as session:
        actions.proof(
            session, issue_id, actor=SYSTEM, to="editor@thepost.test", now=services.clock()
        )
    sender.deliver()
    (message,) = smtp.messages()
    assert message["To"] == "editor@thepost.test" and message["Subject"] == "[Test] Tonight's vote"
    with services.reads() as session:
        assert session.get(Issue, issue_id).status == "draft"


def test_a_digest_lists_the_stories_after_the_lead(services, smtp, sender) -> None:
    morning = make_newsletter(services)
    confirmed(services, morning, ["a@example.org"])
    send(services, issue_of(services, morning, layout="digest", stories=3))
    sender.deliver()
    text = smtp.messages()[0].get_body(("plain",)).get_content()
    assert "More stories" in text and "Story 2: the council's vote" in text
    assert "A second paragraph" not in text  # cards, not whole stories


@pytest.mark.slow
def test_a_sender_killed_mid_send_never_sends_anyone_twice(
    services, settings, smtp, sender, clock, database_url
) -> None:
    morning = make_newsletter(services)
    emails = [f"reader{n}@example.org" for n in range(300)]
    confirmed(services, morning, emails)
    issue_id = issue_of(services, morning)
    assert send(services, issue_id) == 300
    env = {**os.environ, **to_environ(settings), "PYTHONPATH": f"{TESTS}:{TESTS.parent / 'src'}"}
    child = subprocess.Popen([sys.executable, "-m", "newsletters.crash_sender"], env=env, cwd=TESTS)
    try:
        deadline = time.monotonic() + 60
        while len(smtp.envelopes) < 100 and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.005)
        assert child.poll() is None, "the sender finished before it could be killed"
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(10)
    got_before = len(smtp.envelopes)
    assert 100 <= got_before < 300
    # The next run, once the dead process's lease is over, finishes the issue.
    clock.now = clock.now.__class__.now(clock.now.tzinfo) + LEASE + timedelta(minutes=1)
    while sender.deliver().claimed:
        pass
    received = Counter(e.rcpt_tos[0] for e in smtp.envelopes)
    assert max(received.values()) == 1, "an address got the issue twice"
    found = outcomes(services, issue_id)
    assert set(found.values()) <= {"sent", "failed"}
    failed = [e for e, s in found.items() if s == "failed"]
    assert len(failed) <= 1  # at most the one being sent when the process died
    assert {e for e, s in found.items() if s == "sent"} == set(received) - set(failed)
    with services.reads() as session:
        assert session.get(Issue, issue_id).status == "sent"


@pytest.mark.slow
def test_ten_thousand_subscribers_with_failures(services, smtp, sender) -> None:
    morning = make_newsletter(services)
    emails = [
        f"{'nobody' if n % 500 == 0 else 'busy' if n % 777 == 0 else 'reader'}{n}@example.org"
        for n in range(10_000)
    ]
    confirmed(services, morning, emails)
    with services.writes.begin() as session:
        for n in range(1, 10_000, 1000):
            actions.suppress(session, f"reader{n}@example.org", "bounce", now=services.clock())
    issue_id = issue_of(services, morning)
    assert send(services, issue_id) == 10_000 - 10
    sender.batch = 1000
    while sender.deliver().claimed:
        pass
    found = Counter(outcomes(services, issue_id).values())
    refused, busy = 20, len([n for n in range(10_000) if n % 777 == 0 and n % 500])
    assert found == {"sent": 10_000 - 10 - refused - busy, "failed": refused, "queued": busy,
                     "suppressed": 10}  # fmt: skip
    assert len(smtp.envelopes) == found["sent"]
    with services.reads() as session:
        waiting = session.scalar(select(func.count()).where(Recipient.status == "queued"))
    assert waiting == busy


def test_the_send_command_sends_what_is_due_and_stops(services, smtp, settings) -> None:
    from typer.testing import CliRunner

    from thepost.cli import app

    morning = make_newsletter(services)
    confirmed(services, morning, ["a@example.org", "b@example.org"])
    send(services, issue_of(services, morning))
    with services.writes.begin() as session:  # and a confirmation of the site's own
        actions.subscribe(session, services.bus, email="new@example.org",
                          newsletter_ids=[morning], source="test", consent_text="",
                          now=services.clock())  # fmt: skip
    env = {
        f"THEPOST_{k.upper()}": str(v) for k, v in settings.model_dump(exclude_none=True).items()
    }
    result = CliRunner().invoke(app, ["newsletters", "send"], env=env)
    assert result.exit_code == 0, result.output
    assert "1 message(s) of the site's own; newsletters: 2 sent, 0 failed." in result.output
    assert sorted(e.rcpt_tos[0] for e in smtp.envelopes) == [
        "a@example.org", "b@example.org", "new@example.org",
    ]  # fmt: skip
