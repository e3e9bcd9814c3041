"""Turning an outbox row into an email and handing it to an SMTP server.

``build_message`` makes a standards-abiding ``EmailMessage`` from a row: UTF-8 text
(7-bit-safe transfer encoding, so any relay takes it), a ``Date`` from the row's
``created_at`` and a ``Message-ID`` derived from the row, so every retry of the same row
carries the same ID and a receiver can drop a duplicate. ``SmtpSender`` delivers it with
``smtplib``, one short connection per message (a failure never poisons the next one)::

    sender = SmtpSender(settings.smtp_host, settings.smtp_port,
                        mail_from=settings.mail_from, username=settings.smtp_username,
                        password=settings.smtp_password, starttls=settings.smtp_starttls)
    sender.send(build_message(row, sender.mail_from))

There is deliberately no "null" sender: without ``smtp_host`` the assembly simply does
not run the outbox worker, and mail waits in the outbox until a host is configured.
Anything with ``mail_from`` and ``send`` is a ``Sender`` (tests use fakes).
"""

from __future__ import annotations

import smtplib
import ssl
from datetime import datetime
from email import policy
from email.headerregistry import HeaderRegistry, UnstructuredHeader
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import Protocol

# SMTP line endings, and non-ASCII bodies as quoted-printable/base64 rather than 8bit.


class _UrlListHeader(UnstructuredHeader):
    """List-* headers hold <URL>s (RFC 2369): never wrap them as RFC 2047 encoded text,
    which mail clients do not decode there (one-click unsubscribe would break)."""

    def fold(self, *, policy: policy.Policy) -> str:  # type: ignore[override]
        return super().fold(policy=policy.clone(max_line_length=998))  # type: ignore[misc]


_headers = HeaderRegistry()  # a private registry: the default one is shared process-wide
for _name in ("list-unsubscribe", "list-unsubscribe-post"):
    _headers.map_to_type(_name, _UrlListHeader)  # type: ignore[arg-type]
POLICY = policy.SMTP.clone(cte_type="7bit", header_factory=_headers)


class Sender(Protocol):
    """Sends one finished message; raises on any failure (the outbox retries)."""

    @property
    def mail_from(self) -> str: ...

    def send(self, message: EmailMessage) -> None: ...


class MessageRow(Protocol):
    """What ``build_message`` reads: an ``OutboxMessage`` or a snapshot of one."""

    @property
    def id(self) -> int: ...
    @property
    def to_address(self) -> str: ...
    @property
    def subject(self) -> str: ...
    @property
    def body(self) -> str: ...
    @property
    def headers(self) -> str: ...
    @property
    def created_at(self) -> datetime: ...


def parse_headers(text: str) -> list[tuple[str, str]]:
    """The row's extra headers: one ``Name: value`` per ``\\n``-separated line."""
    pairs = []
    for line in text.split("\n"):
        if line.strip():
            name, _, value = line.partition(":")
            pairs.append((name.strip(), value.strip()))
    return pairs


def build_message(row: MessageRow, mail_from: str) -> EmailMessage:
    message = EmailMessage(policy=POLICY)
    message["From"] = mail_from
    message["To"] = row.to_address
    message["Subject"] = row.subject
    message["Date"] = format_datetime(row.created_at)
    domain = parseaddr(mail_from)[1].rpartition("@")[2] or "localhost"
    stamp = int(row.created_at.timestamp() * 1_000_000)
    message["Message-ID"] = f"<outbox.{row.id}.{stamp}@{domain}>"
    for name, value in parse_headers(row.headers):
        message[name] = value
    message.set_content(row.body, charset="utf-8")
    return message


class SmtpSender:
    def __init__(
        self,
        host: str,
        port: int,
        *,
        mail_from: str,
        username: str = "",
        password: str = "",
        starttls: bool = False,
        timeout: float = 10,
    ) -> None:
        self.host = host
        self.port = port
        self.mail_from = mail_from
        self.username = username
        self.password = password
        self.starttls = starttls
        self.timeout = timeout

    def send(self, message: EmailMessage) -> None:
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            if self.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if self.username:
                smtp.login(self.username, self.password)
            refused = smtp.send_message(message)
        if refused:  # some recipients accepted, some not; ours is one address
            raise smtplib.SMTPRecipientsRefused(refused)

    def __repr__(self) -> str:
        return f"SmtpSender({self.host!r}, {self.port})"


class NotSent(Exception):
    """The message surely did not go: the server refused it before its text was sent, or
    could not be reached. ``permanent`` when the server's answer was a 5xx (trying again
    would not help)."""

    def __init__(self, answer: str, *, permanent: bool) -> None:
        super().__init__(answer)
        self.answer = answer
        self.permanent = permanent


class Unknown(Exception):
    """The message's text was handed over but no acceptance came back: it may have gone.
    Sending it again could deliver it twice."""


def _answer(code: int, text: bytes | str) -> str:
    words = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return f"{code} {' '.join(words.split())}"[:1000]


class SmtpConnection:
    """One SMTP conversation kept open for many messages (a newsletter's batch), each
    sent step by step so that a failure says whether the message may have gone: refused
    at MAIL or RCPT, or unreachable, it surely did not (``NotSent``); lost during DATA,
    it may have (``Unknown``). Reconnects when the server closed the conversation."""

    def __init__(
        self, host: str, port: int, *, username: str = "", password: str = "",
        starttls: bool = False, tls: bool = False, timeout: float = 10,
    ) -> None:  # fmt: skip
        self.host, self.port, self.timeout = host, port, timeout
        self.username, self.password = username, password
        self.starttls, self.tls = starttls, tls
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpConnection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                smtp.close()

    def open(self) -> smtplib.SMTP:
        if self._smtp is not None:
            return self._smtp
        try:
            conn: smtplib.SMTP
            if self.tls:
                context = ssl.create_default_context()
                conn = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
            else:
                conn = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            conn.ehlo_or_helo_if_needed()
            if self.starttls:
                conn.starttls(context=ssl.create_default_context())
            if self.username:
                conn.login(self.username, self.password)
        except smtplib.SMTPResponseException as exc:
            raise NotSent(_answer(exc.smtp_code, exc.smtp_error), permanent=False) from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise NotSent(f"{type(exc).__name__}: {exc}", permanent=False) from exc
        self._smtp = conn
        return conn

    def send(self, message: EmailMessage | bytes, *, envelope_from: str, to: str) -> None:
        conn = self.open()
        try:
            code, text = conn.mail(envelope_from)
            if code != 250:
                raise NotSent(_answer(code, text), permanent=code >= 500)
            code, text = conn.rcpt(to)
            if code not in (250, 251):
                conn.rset()
                raise NotSent(_answer(code, text), permanent=code >= 500)
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            self._smtp = None
            raise NotSent(f"{type(exc).__name__}: {exc}", permanent=False) from exc
        try:
            text_of = message if isinstance(message, bytes) else message.as_bytes(policy=POLICY)
            code, text = conn.data(text_of)
        except smtplib.SMTPDataError as exc:  # refused at DATA, before the text went
            answer = _answer(exc.smtp_code, exc.smtp_error)
            raise NotSent(answer, permanent=exc.smtp_code >= 500) from exc
        except (smtplib.SMTPException, OSError) as exc:
            self._smtp = None
            raise Unknown(f"{type(exc).__name__}: {exc}") from exc
        if code != 250:
            raise NotSent(_answer(code, text), permanent=code >= 500)
