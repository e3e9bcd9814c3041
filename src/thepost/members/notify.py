"""The sign-in email. It carries nothing a stranger typed (the address aside), so the
form cannot be used to send anyone's words to any address."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from thepost.mail import outbox
from thepost.mail.outbox import Message
from thepost.members.actions import LINK_LIFETIME


def sign_in(to: str, link: str, code: str, site_name: str) -> Message:
    minutes = int(LINK_LIFETIME.total_seconds() // 60)
    body = (
        f"To sign in to {site_name}, open this link in the browser where you asked for "
        f"it:\n{link}\n\n"
        f"Or type this code on that browser's page: {code}\n\n"
        f"The link and the code work once, for {minutes} minutes. If you did not ask to "
        "sign in, ignore this message: nothing happens without it.\n"
    )
    return Message(to, f"Sign in to {site_name}", body)


def send_sign_in(
    session: Session, to: str, link: str, code: str, site_name: str, *, now: datetime
) -> None:
    """Queue the sign-in email in the caller's transaction (sent once it commits)."""
    message = sign_in(to, link, code, site_name)
    outbox.enqueue(session, to=message.to, subject=message.subject, body=message.body, now=now)
