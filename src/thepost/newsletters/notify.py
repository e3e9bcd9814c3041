"""The confirmation email of the double opt-in. It carries nothing a stranger typed (no
name, no text: only the newsletters' own names), so the sign-up form cannot be used to
send anyone's words to any address; an address gets at most
``actions.CONFIRMATIONS_PER_DAY`` of them. It is written in the site's ``language`` (a
BCP 47 tag) the caller gives."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from thepost.i18n import translations
from thepost.mail.outbox import Message
from thepost.newsletters.models import Newsletter, Subscription, SubscriptionStatus
from thepost.newsletters.tokens import CONFIRM_DAYS


def confirmation(
    session: Session,
    subscriber_id: int,
    to: str,
    link: str,
    site_name: str,
    *,
    new_address: bool,
    language: str,
) -> Message:
    speech = translations(language)
    _ = speech.gettext
    site = {"site": site_name}
    if new_address:
        subject = _("Confirm your new address for %(site)s's newsletters") % site
        body = (
            _("Someone asked for %(site)s's newsletters to come to this address from now on.")
            % site
            + "\n\n"
            + _("If it was you, confirm here:")
            + f"\n{link}\n\n"
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
        subject = _("Confirm your subscription to %(site)s") % site
        body = (
            _("This address was given to sign up for %(site)s's newsletters:") % site
            + f"\n\n{listed}\n"
            + _("To get them, confirm here:")
            + f"\n{link}\n\n"
        )
    body += (
        speech.ngettext(
            "The link works for %(days)s day. If you did not ask for this, ignore this "
            "message: nothing more will be sent to you.",
            "The link works for %(days)s days. If you did not ask for this, ignore this "
            "message: nothing more will be sent to you.",
            CONFIRM_DAYS,
        )
        % {"days": CONFIRM_DAYS}
        + "\n"
    )
    return Message(to, subject, body)
