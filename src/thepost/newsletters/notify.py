"""The confirmation email of the double opt-in. It carries nothing a stranger typed (no
name, no text: only the newsletters' own names), so the sign-up form cannot be used to
send anyone's words to any address; an address gets at most
``actions.CONFIRMATIONS_PER_DAY`` of them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from thepost.mail.outbox import Message
from thepost.newsletters.models import Newsletter, Subscription, SubscriptionStatus
from thepost.newsletters.tokens import CONFIRM_DAYS


def confirmation(
    session: Session, subscriber_id: int, to: str, link: str, site_name: str, *, new_address: bool
) -> Message:
    if new_address:
        subject = f"Confirm your new address for {site_name}'s newsletters"
        body = (
            f"Someone asked for {site_name}'s newsletters to come to this address from now "
            f"on.\n\nIf it was you, confirm here:\n{link}\n\n"
        )
    else:
        names = session.scalars(
            select(Newsletter.name)
            .join(Subscription, Subscription.newsletter_id == Newsletter.id)
            .where(
                Subscription.subscriber_id == subscriber_id,
                Subscription.status == SubscriptionStatus.PENDING.value,
            )
            .order_by(Newsletter.position, Newsletter.id)
        ).all()
        listed = "".join(f"  - {name}\n" for name in names)
        subject = f"Confirm your subscription to {site_name}"
        body = (
            f"This address was given to sign up for {site_name}'s newsletters:\n\n{listed}\n"
            f"To get them, confirm here:\n{link}\n\n"
        )
    body += (
        f"The link works for {CONFIRM_DAYS} days. If you did not ask for this, ignore this "
        "message: nothing more will be sent to you.\n"
    )
    return Message(to, subject, body)
