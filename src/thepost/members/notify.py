"""The sign-in email. It carries nothing a stranger typed (the address aside), so the
form cannot be used to send anyone's words to any address. It is written in the site's
``language`` (a BCP 47 tag) the caller gives."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from thepost.i18n import translations
from thepost.mail import outbox
from thepost.mail.outbox import Message
from thepost.members.actions import LINK_LIFETIME


def sign_in(to: str, link: str, code: str, site_name: str, *, language: str) -> Message:
    minutes = int(LINK_LIFETIME.total_seconds() // 60)
    speech = translations(language)
    _ = speech.gettext
    site = {"site": site_name}
    paragraphs = (
        _("To sign in to %(site)s, open this link in the browser where you asked for it:") % site
        + "\n"
        + link,
        _("Or type this code on that browser's page: %(code)s") % {"code": code},
        speech.ngettext(
            "The link and the code work once, for %(minutes)s minute. If you did not ask to "
            "sign in, ignore this message: nothing happens without it.",
            "The link and the code work once, for %(minutes)s minutes. If you did not ask to "
            "sign in, ignore this message: nothing happens without it.",
            minutes,
        )
        % {"minutes": minutes},
    )
    return Message(to, _("Sign in to %(site)s") % site, "\n\n".join(paragraphs) + "\n")


def send_sign_in(
    session: Session,
    to: str,
    link: str,
    code: str,
    site_name: str,
    *,
    now: datetime,
    language: str,
) -> None:
    """Queue the sign-in email in the caller's transaction (sent once it commits)."""
    message = sign_in(to, link, code, site_name, language=language)
    outbox.enqueue(session, to=message.to, subject=message.subject, body=message.body, now=now)
