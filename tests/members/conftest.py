"""Members fixtures: the site at http://testserver (its cookies go back to the test
client), mail to a real SMTP server on loopback, and a reader signing in through it."""

from __future__ import annotations

import re
from email.message import EmailMessage

import pytest
from starlette.testclient import TestClient

from admin.conftest import staff  # noqa: F401  (a fixture)
from mailserver import MailServer
from thepost.config import Settings
from thepost.mail.outbox import deliver_due

ORIGIN = {"origin": "http://testserver"}
LINK = re.compile(r"https?://\S+/account/link\?token=\S+")
CODE = re.compile(r"code on that browser's page: (\d{6})")


@pytest.fixture
def settings(tmp_path, database_url: str, mail_server: MailServer) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        database_url=database_url,
        smtp_host="127.0.0.1",
        smtp_port=mail_server.port,
        mail_from="The Post <newsroom@thepost.test>",
        base_url="http://testserver",
        send_mail=False,  # the tests send, when they choose
    )


@pytest.fixture
def smtp(mail_server: MailServer) -> MailServer:
    mail_server.start()
    return mail_server


def ask(client: TestClient, email: str, next_path: str = "/account"):
    return client.post("/account/sign-in", data={"email": email, "next": next_path}, headers=ORIGIN)


def mailed(services, smtp: MailServer) -> list[EmailMessage]:
    """Send what the outbox holds; the messages the server got since."""
    before = len(smtp.messages())
    deliver_due(services.writes, smtp.sender(), now=services.clock(), batch=100)
    return smtp.messages()[before:]


def link_and_code(message: EmailMessage) -> tuple[str, str]:
    body = message.get_body(("plain",))
    assert body is not None
    text = body.get_content()
    link, code = LINK.search(text), CODE.search(text)
    assert link is not None and code is not None, text
    return link.group(0).removeprefix("http://testserver"), code.group(1)


def sign_in(client: TestClient, services, smtp: MailServer, email: str) -> None:
    """A reader signs in, from the link mailed to them, in this client's browser."""
    assert ask(client, email).status_code == 303
    (message,) = mailed(services, smtp)
    link, _ = link_and_code(message)
    answer = client.get(link)
    assert answer.status_code == 303, answer.text
