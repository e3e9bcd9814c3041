"""Bounces and complaints, on SQLite and PostgreSQL: delivery reports (RFC 3464) and
complaint reports (RFC 5965) from the bounce mailbox, and the webhooks of Amazon SES
(signed by SNS), Postmark and Mailgun with their documented payloads. Hard bounces and
complaints suppress the address; nothing unsigned or forged does."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID
from sqlalchemy import select

from newsletters.conftest import confirmed, make_newsletter
from newsletters.test_sending import issue_of, send
from thepost.newsletters import bounces, providers
from thepost.newsletters.models import Recipient, Subscription, Suppression
from thepost.newsletters.sending import verp_token

TOPIC = "arn:aws:sns:eu-west-1:123456789012:ses-bounces"
CERT_URL = "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0000.pem"
MAILGUN_KEY = "key-3ax6xnjp29jd6fds4gc373sgvjxteol0"


@pytest.fixture
def settings(settings):
    return settings.model_copy(update={"ses_topics": TOPIC, "mailgun_signing_key": MAILGUN_KEY})


@pytest.fixture(scope="module")
def sns_key() -> tuple[rsa.RSAPrivateKey, bytes]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sns.amazonaws.com")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(1)
        .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=30))
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    return key, cert.public_bytes(serialization.Encoding.PEM)


@pytest.fixture
def fetched(services, sns_key) -> list[str]:
    """The site's fetches of Amazon SNS, answered here: the certificate, confirmations."""
    seen: list[str] = []

    def fetch(url: str) -> bytes:
        seen.append(url)
        return sns_key[1] if url == CERT_URL else b"<ConfirmSubscriptionResponse/>"

    services.fetch = fetch
    return seen


def sns(key: rsa.RSAPrivateKey, kind: str, message: str, version: str = "1", **more) -> dict:
    body = {
        "Type": kind, "MessageId": "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324", "TopicArn": TOPIC,
        "Message": message, "Timestamp": "2026-11-20T12:00:00.000Z",
        "SignatureVersion": version, "SigningCertURL": CERT_URL, **more,
    }  # fmt: skip
    fields = providers._SIGNED[kind]
    signed = "".join(f"{k}\n{body[k]}\n" for k in fields if k in body).encode()
    digest = hashes.SHA1() if version == "1" else hashes.SHA256()
    body["Signature"] = base64.b64encode(key.sign(signed, padding.PKCS1v15(), digest)).decode()
    return body


def ses_bounce(email: str, kind: str = "Permanent") -> str:
    """The shape of SES's documented bounce notification."""
    return json.dumps({
        "notificationType": "Bounce",
        "bounce": {
            "bounceType": kind, "bounceSubType": "General",
            "bouncedRecipients": [{"emailAddress": email, "action": "failed", "status": "5.1.1",
                                   "diagnosticCode": "smtp; 550 5.1.1 user unknown"}],
            "timestamp": "2026-11-20T11:05:06.477Z",
            "feedbackId": "0102015fd91a6479-ae22395c-1f7d-4423-a9e5-e0715bffc731-000000",
            "reportingMTA": "dsn; a4-8.smtp-out.eu-west-1.amazonses.com",
        },
        "mail": {"timestamp": "2026-11-20T11:05:04.000Z", "source": "newsroom@thepost.test",
                 "messageId": "0102015fd91a5ca3-93c245fe", "destination": [email]},
    })  # fmt: skip


def ses_complaint(email: str) -> str:
    return json.dumps({
        "notificationType": "Complaint",
        "complaint": {"complainedRecipients": [{"emailAddress": email}],
                      "timestamp": "2026-11-20T12:00:00.000Z", "feedbackId": "0000013",
                      "complaintFeedbackType": "abuse", "userAgent": "ExampleCorp Feedback"},
        "mail": {"timestamp": "2026-11-20T11:59:00.000Z", "source": "newsroom@thepost.test",
                 "messageId": "000001378603177f-7a5433e7", "destination": [email]},
    })  # fmt: skip


def suppressed(services) -> dict[str, str]:
    with services.reads() as session:
        return dict(session.execute(select(Suppression.email, Suppression.reason)).all())


def test_ses_notifications_signed_by_sns(client, services, fetched, sns_key) -> None:
    key = sns_key[0]
    morning = make_newsletter(services)
    confirmed(services, morning, ["angry@example.org"])
    url = "/newsletters/bounces/ses"
    confirm = sns(key, "SubscriptionConfirmation", "You have chosen to subscribe...",
                  Token="2336412f37", SubscribeURL="https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=2336412f37")  # fmt: skip
    assert client.post(url, json=confirm).json() == {"confirmed": True}
    assert fetched[-1].startswith("https://sns.eu-west-1.amazonaws.com/?Action=Confirm")

    answer = client.post(url, json=sns(key, "Notification", ses_bounce("gone@example.org")))
    assert answer.status_code == 200 and answer.json()["suppressed"] == 1
    soft = sns(key, "Notification", ses_bounce("full@example.org", "Transient"), version="2")
    assert client.post(url, json=soft).json()["soft"] == 1
    complaint = sns(key, "Notification", ses_complaint("angry@example.org"))
    assert client.post(url, json=complaint).json()["complaint"] == 1
    assert suppressed(services) == {"gone@example.org": "bounce", "angry@example.org": "complaint"}
    with services.reads() as session:
        assert session.scalar(select(Subscription.status)) == "left"

    # Forged: another signature, another topic, another certificate host.
    forged = sns(key, "Notification", ses_bounce("victim@example.org"))
    forged["Message"] = ses_bounce("other@example.org")
    assert client.post(url, json=forged).status_code == 403
    other = sns(rsa.generate_private_key(public_exponent=65537, key_size=2048), "Notification",
                ses_bounce("victim@example.org"))  # fmt: skip
    assert client.post(url, json=other).status_code == 403
    elsewhere = sns(key, "Notification", ses_bounce("victim@example.org"), TopicArn="arn:x")
    assert (
        client.post(url, json={**elsewhere, "TopicArn": "arn:aws:sns:us-east-1:9:x"}).status_code
        == 403
    )
    evil = {**sns(key, "Notification", ses_bounce("victim@example.org")),
            "SigningCertURL": "https://evil.example/cert.pem"}  # fmt: skip
    assert client.post(url, json=evil).status_code == 403
    assert "victim@example.org" not in suppressed(services)
    assert all(u.startswith("https://sns.") for u in fetched)
    assert client.post(url, content=b"not json").status_code == 400
    assert client.post(url, content=b"[1]").status_code == 400
    assert client.post(url, content=b"{" * 300_000).status_code == 413


def test_postmark_bounces_need_the_secret_address(client, services) -> None:
    token = providers.postmark_token(services.keys)
    sample = {  # the shape of Postmark's documented bounce webhook
        "RecordType": "Bounce", "ID": 4323372036854775807, "Type": "HardBounce",
        "TypeCode": 1, "Name": "Hard bounce", "Tag": "Newsletter", "MessageID": "883953f4-6105",
        "ServerID": 23, "MessageStream": "broadcast", "Description": "The server was unable "
        "to deliver your message (ex: unknown user, mailbox not found).",
        "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
        "Email": "john@example.com", "From": "sender@example.com",
        "BouncedAt": "2026-11-20T12:00:00Z", "DumpAvailable": True, "Inactive": True,
        "CanActivate": True, "Subject": "Test subject",
    }  # fmt: skip
    assert client.post("/newsletters/bounces/postmark/guess", json=sample).status_code == 403
    answer = client.post(f"/newsletters/bounces/postmark/{token}", json=sample)
    assert answer.status_code == 200 and answer.json()["suppressed"] == 1
    complaint = {
        "RecordType": "SpamComplaint",
        "Email": "spam@example.com",
        "Type": "SpamComplaint",
    }
    client.post(f"/newsletters/bounces/postmark/{token}", json=complaint)
    soft = {**sample, "Type": "SoftBounce", "Email": "later@example.com"}
    assert client.post(f"/newsletters/bounces/postmark/{token}", json=soft).json()["soft"] == 1
    assert suppressed(services) == {"john@example.com": "bounce", "spam@example.com": "complaint"}


def test_mailgun_webhooks_are_signed(client, services) -> None:
    def signed(event: dict, *, at: float | None = None, key: str = MAILGUN_KEY) -> dict:
        timestamp, token = (
            str(int(at or time.time())),
            "a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0",
        )
        mac = hmac.new(key.encode(), (timestamp + token).encode(), hashlib.sha256).hexdigest()
        return {"signature": {"timestamp": timestamp, "token": token, "signature": mac},
                "event-data": event}  # fmt: skip

    failed = {  # the shape of Mailgun's documented "failed" event
        "event": "failed", "severity": "permanent", "reason": "bounce",
        "recipient": "alice@example.com", "id": "G9Bn5sl1TC6nu79C8C0bwg",
        "delivery-status": {"code": 550, "message": "No such user here",
                            "description": "", "attempt-no": 1},
        "timestamp": 1521233195.375624,
    }  # fmt: skip
    url = "/newsletters/bounces/mailgun"
    assert client.post(url, json=signed(failed, key="wrong")).status_code == 403
    assert client.post(url, json=signed(failed, at=time.time() - 3600)).status_code == 403
    assert client.post(url, json={"event-data": failed}).status_code == 403
    answer = client.post(url, json=signed(failed))
    assert answer.status_code == 200 and answer.json()["suppressed"] == 1
    temporary = {**failed, "severity": "temporary", "recipient": "bob@example.com"}
    assert client.post(url, json=signed(temporary)).json()["soft"] == 1
    client.post(url, json=signed({"event": "complained", "recipient": "carol@example.com"}))
    assert suppressed(services) == {"alice@example.com": "bounce", "carol@example.com": "complaint"}


def dsn(to: str, recipient: str, action: str = "failed", status: str = "5.1.1") -> bytes:
    """A delivery status notification as Postfix writes one (RFC 3464)."""
    return (
        f"Return-Path: <>\r\nDelivered-To: {to}\r\nFrom: MAILER-DAEMON@mx.example.org\r\n"
        f"To: {to}\r\nSubject: Undelivered Mail Returned to Sender\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
        "--B\r\nContent-Type: text/plain\r\n\r\nI'm sorry to have to inform you...\r\n"
        "--B\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.example.org\r\nArrival-Date: Fri, 20 Nov 2026 12:00:00 +0000\r\n\r\n"
        f"Final-Recipient: rfc822; {recipient}\r\nOriginal-Recipient: rfc822;{recipient}\r\n"
        f"Action: {action}\r\nStatus: {status}\r\n"
        f"Diagnostic-Code: smtp; 550 {status} <{recipient}>: Recipient address rejected\r\n\r\n"
        "--B\r\nContent-Type: text/rfc822-headers\r\n\r\nSubject: Tonight's vote\r\n--B--\r\n"
    ).encode()


def arf(to: str, original_to: str) -> bytes:
    """A complaint report (RFC 5965) as a feedback loop sends one."""
    return (
        f"From: feedback@mail.example\r\nTo: {to}\r\nSubject: FW: Tonight's vote\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=feedback-report; boundary="F"\r\n\r\n'
        "--F\r\nContent-Type: text/plain\r\n\r\nThis is an email abuse report.\r\n"
        "--F\r\nContent-Type: message/feedback-report\r\n\r\n"
        "Feedback-Type: abuse\r\nUser-Agent: SomeGenerator/1.0\r\nVersion: 1\r\n\r\n"
        "--F\r\nContent-Type: message/rfc822\r\n\r\n"
        f"From: newsroom@thepost.test\r\nTo: {original_to}\r\nSubject: Tonight's vote\r\n\r\n"
        "The text.\r\n--F--\r\n"
    ).encode()


def test_the_bounce_mailbox_trusts_only_signed_return_paths(services, smtp, sender) -> None:
    morning = make_newsletter(services)
    confirmed(services, morning, ["gone@example.org", "full@example.org", "fine@example.org"])
    issue_id = issue_of(services, morning)
    send(services, issue_id)
    sender.deliver()
    with services.reads() as session:
        ids = dict(session.execute(select(Recipient.email, Recipient.id)).all())
    path = lambda email: f"bounces+{verp_token(services.keys, ids[email])}@thepost.test"  # noqa: E731
    address = services.settings.bounce_address
    events = bounces.from_message(
        services.keys, dsn(path("gone@example.org"), "gone@example.org"), address
    )
    soft = bounces.from_message(services.keys, dsn(path("full@example.org"), "full@example.org",
                                                   "delayed", "4.2.2"), address)  # fmt: skip
    # A report naming another address than its return path's: the path decides.
    lying = bounces.from_message(
        services.keys, dsn(path("fine@example.org"), "gone2@example.org"), address
    )
    forged = bounces.from_message(services.keys, dsn("bounces+r1-0123456789@thepost.test",
                                                     "fine@example.org"), address)  # fmt: skip
    assert forged == []
    assert (
        bounces.from_message(services.keys, b"Subject: Out of office\r\n\r\nAway.", address) == []
    )
    with services.writes.begin() as session:
        counts = bounces.record(session, events + soft + lying, now=services.clock())
    assert counts == {"suppressed": 2, "soft": 1, "complaint": 0}
    assert suppressed(services) == {"gone@example.org": "bounce", "fine@example.org": "bounce"}
    with services.reads() as session:
        answers = dict(session.execute(select(Recipient.email, Recipient.status)).all())
    assert answers["gone@example.org"] == "failed"
    complaint = bounces.from_message(
        services.keys, arf("abuse@thepost.test", "full@example.org"), address
    )
    with services.writes.begin() as session:
        assert bounces.record(session, complaint, now=services.clock())["complaint"] == 1
    assert suppressed(services)["full@example.org"] == "complaint"
    # The next issue skips them all.
    assert send(services, issue_of(services, morning)) == 0


def test_the_command_reads_a_maildir(services, tmp_path, settings) -> None:
    from typer.testing import CliRunner

    from thepost.cli import app

    morning = make_newsletter(services)
    confirmed(services, morning, ["gone@example.org"])
    with services.writes.begin() as session:
        from thepost.newsletters import actions
        from thepost.permissions import SYSTEM

        issue = actions.save_issue(session, actor=SYSTEM, newsletter_id=morning, subject="S",
                                   note="N", article_ids=[], now=services.clock())  # fmt: skip
        actions.set_rendering(session, issue.id, "<p>N</p>", "N")
        actions.send_issue(session, issue.id, actor=SYSTEM, now=services.clock())
        recipient = session.scalar(select(Recipient.id))
    box = tmp_path / "Maildir"
    for sub in ("new", "cur", "tmp"):
        (box / sub).mkdir(parents=True)
    to = f"bounces+{verp_token(services.keys, recipient)}@thepost.test"
    (box / "new" / "1.msg").write_bytes(dsn(to, "gone@example.org"))
    (box / "new" / "2.msg").write_bytes(b"Subject: hello\r\n\r\nnot a bounce")
    env = {
        f"THEPOST_{k.upper()}": str(v) for k, v in settings.model_dump(exclude_none=True).items()
    }
    result = CliRunner().invoke(app, ["newsletters", "bounces", "--maildir", str(box)], env=env)
    assert result.exit_code == 0, result.output
    assert "2 message(s): 1 address(es) suppressed" in result.output
    assert list((box / "new").iterdir()) == []
    assert suppressed(services) == {"gone@example.org": "bounce"}
