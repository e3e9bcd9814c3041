"""Open and click counting, for a newsletter that turns it on (``Newsletter.count_opens``,
off by default: then an email has no picture of ours and its links are the stories' own).

A counted issue is rendered with a 1x1 transparent picture at the site and with every
link of its content (not the preferences and unsubscribe links, and never in the
plain-text part) made a redirect through the site. Both name the recipient by a signed
token (``tokens.count_token``) that the sender puts in per message in place of
``sending.COUNT_MARK``, as it puts in the recipient's own links; a redirect also names
its link by its place in ``Issue.links``, kept with the issue when it is rendered, so it
can only ever lead to a link the issue contained::

    html, links = counted_links(html, lambda i: f"{base}/newsletters/c/{COUNT_MARK}/{i}")

Recording is one UPDATE of the recipient's row, the same however often it is asked:
the first open's time; a click's count, and its first time, and the first open's too (a
reader who clicked opened it, even with pictures off).

What it counts is what it can see, no more: an open is a fetch of the picture, whoever
fetches it. A mail client that shows no pictures opens nothing; an image proxy fetches
it for the reader (Gmail's, when the mail is first shown), and Apple Mail's privacy
protection fetches every picture as the mail arrives, read or not, so such an address
counts as opened. A mail scanner that follows links clicks. The numbers are trends
across issues, not who read what.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from html import escape, unescape

from sqlalchemy import func, literal, select, update
from sqlalchemy.orm import Session

from thepost.db.base import UTCDateTime, table
from thepost.newsletters.models import Issue, Recipient
from thepost.newsletters.sending import LEAVE_MARK, MANAGE_MARK

# An <a> tag's href, quoted as HTML writers quote it (the email's HTML comes from MJML
# and the sanitiser, both of which quote every attribute). No part of it can run past a
# "<", so each try stops at the next tag: linear on any input.
HREF = re.compile(r"""(<a\s[^<>]*?\bhref\s*=\s*)(?:"([^"<>]*)"|'([^'<>]*)')""", re.IGNORECASE)
WEB = re.compile(r"https?://[^\s/?#]+", re.IGNORECASE)
MAX_LINKS = 500  # more than any issue has; past it, links are left as they are
MAX_URL = 2000

recipients = table(Recipient)


def counted_links(html: str, click_url: Callable[[int], str]) -> tuple[str, list[str]]:
    """``html`` with each web link of its content replaced by ``click_url(index)``, and
    the links in index order (a link that comes twice has one index)."""
    links: list[str] = []
    places: dict[str, int] = {}

    def redirect(found: re.Match[str]) -> str:
        quote = '"' if found.group(2) is not None else "'"
        url = unescape(found.group(2) if found.group(2) is not None else found.group(3)).strip()
        if (
            not WEB.match(url)
            or url.startswith((MANAGE_MARK, LEAVE_MARK))
            or len(url) > MAX_URL
            or (url not in places and len(links) >= MAX_LINKS)
        ):
            return found.group(0)
        if url not in places:
            places[url] = len(links)
            links.append(url)
        return f"{found.group(1)}{quote}{escape(click_url(places[url]))}{quote}"

    return HREF.sub(redirect, html), links


def link(session: Session, recipient_id: int, index: int) -> str | None:
    """The link a recipient's redirect leads to, when the issue had one at ``index``."""
    links = session.scalar(
        select(Issue.links)
        .join(Recipient, Recipient.issue_id == Issue.id)
        .where(Recipient.id == recipient_id, Issue.counted.is_(True))
    )
    if not isinstance(links, list) or not 0 <= index < len(links):
        return None
    found = links[index]
    return found if isinstance(found, str) and WEB.match(found) else None


def record_open(session: Session, recipient_id: int, *, now: datetime) -> bool:
    """The first open of the recipient's email; False when it was opened already."""
    done = session.execute(
        update(recipients)
        .where(recipients.c.id == recipient_id, recipients.c.opened_at.is_(None))
        .values(opened_at=now)
    )
    return bool(getattr(done, "rowcount", 0))


def record_click(session: Session, recipient_id: int, *, now: datetime) -> None:
    """A click: counted, its time kept if it is the first, and an open if none was."""
    r, at = recipients.c, literal(now, UTCDateTime())
    session.execute(
        update(recipients)
        .where(r.id == recipient_id)
        .values(
            clicks=r.clicks + 1,
            clicked_at=func.coalesce(r.clicked_at, at),
            opened_at=func.coalesce(r.opened_at, at),
        )
    )
