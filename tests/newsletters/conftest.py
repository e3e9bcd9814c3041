"""Newsletter fixtures: newsletters, confirmed subscribers made in bulk, an SMTP server
on loopback that refuses some addresses, and the senders of the outbox and of issues."""

from __future__ import annotations

import re
from collections.abc import Iterator
from email.message import EmailMessage

import pytest
from sqlalchemy import insert

from admin.conftest import staff  # noqa: F401  (a fixture)
from factories import article
from mailserver import MailServer
from thepost.app import newsletter_worker
from thepost.config import Settings
from thepost.db.base import table
from thepost.mail.outbox import deliver_due as deliver_outbox
from thepost.newsletters import actions
from thepost.newsletters.models import Newsletter, Subscriber, Subscription
from thepost.newsletters.sending import NewsletterWorker
from thepost.permissions import SYSTEM
from thepost.web import newsletter_mail

LINK = re.compile(r"https?://\S+")


class Refusing:
    """An aiosmtpd handler: ``nobody@`` addresses refused for good (550), ``busy@``
    addresses refused for now (451) the first ``busy_times`` times, the rest kept."""

    def __init__(self, busy_times: int = 1) -> None:
        self.envelopes: list = []
        self.busy_times = busy_times
        self.busy_seen: dict[str, int] = {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        if address.startswith("nobody"):
            return "550 5.1.1 No such mailbox here"
        if address.startswith("busy"):
            seen = self.busy_seen.get(address, 0)
            self.busy_seen[address] = seen + 1
            if seen < self.busy_times:
                return "451 4.3.0 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        self.envelopes.append(envelope)
        return "250 OK"


@pytest.fixture
def settings(tmp_path, database_url: str, mail_server: MailServer) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        database_url=database_url,
        smtp_host="127.0.0.1",
        smtp_port=mail_server.port,
        mail_from="The Post <newsroom@thepost.test>",
        base_url="https://thepost.test",
        newsletter_rate=0,
        bounce_address="bounces@thepost.test",
        send_mail=False,  # the tests send, when they choose
    )


@pytest.fixture
def smtp(mail_server: MailServer) -> Iterator[MailServer]:
    mail_server.collector = Refusing()  # type: ignore[assignment]
    mail_server.start()
    yield mail_server


@pytest.fixture
def sender(services) -> NewsletterWorker:
    worker = newsletter_worker(services)
    assert worker is not None
    return worker


def make_newsletter(services, name: str = "The Morning Briefing", **values) -> int:
    with services.writes.begin() as session:
        return actions.save_newsletter(
            session, services.bus, {"name": name, "cadence": "Every weekday at 7:00", **values},
            actor=SYSTEM, now=services.clock(),
        ).id  # fmt: skip


def confirmed(services, newsletter_id: int, emails: list[str]) -> None:
    """Subscribers who confirmed, written in bulk (as an import of consenting readers)."""
    now = services.clock()
    with services.writes.begin() as session:
        ids = []
        for start in range(0, len(emails), 1000):
            part = emails[start : start + 1000]
            ids += session.scalars(
                insert(table(Subscriber)).returning(table(Subscriber).c.id),
                [{"email": e, "new_email": "", "key": f"k{e}"[:32], "confirmed_at": now,
                  "asked_on": "", "asked_count": 0, "created_at": now} for e in part],
            ).all()  # fmt: skip
        session.execute(
            insert(table(Subscription)),
            [{"subscriber_id": i, "newsletter_id": newsletter_id, "status": "active",
              "source": "test", "consent_text": "", "created_at": now, "confirmed_at": now}
             for i in ids],
        )  # fmt: skip


def issue_of(
    services, newsletter_id: int, *, layout: str = "story", stories: int = 1,
    body: str = "The council voted **yes**.\n\nA second paragraph, with a [link](/x).",
) -> int:  # fmt: skip
    """A draft issue of new stories, rendered as it would be sent."""
    with services.writes.begin() as session:
        ids = [
            article(services, session, title=f"Story {n}: the council's vote", body=body).id
            for n in range(stories)
        ]
        issue = actions.save_issue(
            session, actor=SYSTEM, newsletter_id=newsletter_id, subject="Tonight's vote",
            note="Good evening.\n\nA busy day.", article_ids=ids, layout=layout,
            now=services.clock(),
        )  # fmt: skip
        html, text = newsletter_mail.render(session, services, issue, now=services.clock())
        actions.set_rendering(session, issue.id, html, text)
        return issue.id


def send(services, issue_id: int) -> int:
    with services.writes.begin() as session:
        return actions.send_issue(session, issue_id, actor=SYSTEM, now=services.clock())


def deliver_mail(services, smtp: MailServer) -> list[EmailMessage]:
    """Send what the outbox holds (confirmation emails); the messages the server got."""
    before = len(smtp.envelopes)
    deliver_outbox(services.writes, smtp.sender(), now=services.clock(), batch=100)
    return smtp.messages()[before:]


def links(message: EmailMessage) -> list[str]:
    body = message.get_body(("plain",))
    assert body is not None
    return LINK.findall(body.get_content())


def newsletter_row(services, newsletter_id: int) -> Newsletter:
    with services.reads() as session:
        found = session.get(Newsletter, newsletter_id)
        assert found is not None
        return found
