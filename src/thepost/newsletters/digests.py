"""Automatic digests: a newsletter set to go out at a local time (the site's time zone)
on chosen weekdays gets an issue of the newest stories since its last digest, made and
sent by the newsletter sender as it passes.

Whether one is due is decided from the database, as a scheduled story's visibility is:
the newest moment of the schedule at or before now, against the moment of the last
digest made (``Newsletter.digest_last_at``). A sender that was down at the moment makes
the digest when it comes back (one, with everything since the last); two senders at the
same moment make it once (an issue names its moment, once per newsletter). A moment with
no new story is passed without an email.

Clock changes: a local time the clocks skip (02:30 on the night they go forward) is
taken at the same distance from midnight in the old offset, i.e. an hour later on the
new clock (03:30); a local time that happens twice (the night they go back) is taken
the first time only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from thepost import localtime
from thepost.content import site
from thepost.content.models import Article
from thepost.content.queries import live
from thepost.newsletters import actions
from thepost.newsletters.models import Issue, Newsletter
from thepost.permissions import SYSTEM

log = logging.getLogger(__name__)

# (session, issue) -> (html, text): the issue rendered as an email (``web.newsletter_mail``).
Render = Callable[[Session, Issue], tuple[str, str]]


def moment(now: datetime, zone: ZoneInfo, at: time, days: str) -> datetime | None:
    """The newest moment of the schedule (``at`` local time on ISO weekdays ``days``) at
    or before ``now``, in UTC; None when no weekday is chosen."""
    local = now.astimezone(zone)
    for back in range(8):
        day = local.date() - timedelta(days=back)
        if str(day.isoweekday()) not in days:
            continue
        found = datetime.combine(day, at, tzinfo=zone).astimezone(UTC)
        if found <= now:
            return found
    return None


def parse_time(value: str) -> time | None:
    try:
        hours, minutes = value.split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        return None


def _stories(
    session: Session, newsletter: Newsletter, since: datetime, until: datetime,
    leads: tuple[int, ...],
) -> list[int]:  # fmt: skip
    """The newest live stories published in (since, until], the home page's leads first."""
    found = list(
        session.scalars(
            select(Article.id)
            .where(live(until), Article.published_at > since)
            .order_by(Article.published_at.desc(), Article.id.desc())
            .limit(newsletter.digest_count + len(leads))
        )
    )
    first = [i for i in leads if i in found]
    return (first + [i for i in found if i not in first])[: newsletter.digest_count]


def make_due(sessions: sessionmaker[Session], render: Render, *, now: datetime) -> list[int]:
    """Make and send the digests due at ``now``; returns the issues made."""
    with sessions() as session:
        settings = site.load(session)
        due = session.scalars(select(Newsletter.id).where(Newsletter.digest_time != "")).all()
    zone = localtime.zone(settings.time_zone)
    made = []
    for newsletter_id in due:
        try:
            with sessions.begin() as session:
                issue = _digest(session, newsletter_id, zone, settings, render, now)
                if issue is not None:
                    made.append(issue)
        except IntegrityError:  # another sender made this one at the same moment
            log.info("digest of newsletter %s made elsewhere", newsletter_id)
    return made


def _digest(
    session: Session, newsletter_id: int, zone: ZoneInfo, settings: site.SiteSettings,
    render: Render, now: datetime,
) -> int | None:  # fmt: skip
    newsletter = session.get(Newsletter, newsletter_id)
    at = parse_time(newsletter.digest_time) if newsletter is not None else None
    if newsletter is None or at is None:
        return None
    when = moment(now, zone, at, newsletter.digest_days)
    last = newsletter.digest_last_at
    if when is None or when < newsletter.created_at or (last is not None and when <= last):
        return None
    since = last or when - timedelta(days=1)
    newsletter.digest_last_at = when
    ids = _stories(session, newsletter, since, when, settings.lead_ids)
    if not ids:
        return None
    local = when.astimezone(zone)
    subject = f"{newsletter.name}: {local:%A} {local.day} {local:%B}"
    issue = Issue(
        newsletter_id=newsletter.id, subject=subject, note="", article_ids=ids,
        layout="digest", created_at=now, digest_for=when,
    )  # fmt: skip
    session.add(issue)
    session.flush()
    issue.html, issue.text = render(session, issue)
    actions.send_issue(session, issue.id, actor=SYSTEM, now=now)
    return issue.id
