"""Automatic digests, on SQLite and PostgreSQL: made at their local time in the site's
time zone, once, across restarts of the sender and the nights the clocks change."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from factories import article
from newsletters.conftest import confirmed, make_newsletter
from thepost.app import newsletter_worker
from thepost.content import actions as content
from thepost.newsletters.digests import moment
from thepost.newsletters.models import Issue
from thepost.permissions import SYSTEM

BERLIN = ZoneInfo("Europe/Berlin")


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def in_berlin(services) -> None:
    with services.writes.begin() as session:
        content.update_site_settings(session, services.bus, actor=SYSTEM, time_zone="Europe/Berlin")


def digests(services) -> list[Issue]:
    with services.reads() as session:
        return list(
            session.scalars(select(Issue).where(Issue.digest_for.is_not(None)).order_by(Issue.id))
        )


def publish(services, clock, title: str, at: datetime) -> int:
    with services.writes.begin() as session:
        return article(services, session, title=title, published=at).id


def test_a_digest_goes_out_at_its_local_time_once_across_restarts(services, smtp, clock) -> None:
    in_berlin(services)
    clock.now = utc(2026, 11, 18, 12)
    morning = make_newsletter(services, digest_time="07:00", digest_days="1234567")
    confirmed(services, morning, ["a@example.org", "b@example.org"])
    first = publish(services, clock, "The budget passes", utc(2026, 11, 20, 13))
    second = publish(services, clock, "The bridge reopens", utc(2026, 11, 20, 18))

    clock.now = utc(2026, 11, 21, 5, 59)  # 06:59 in Berlin
    newsletter_worker(services).deliver()
    assert digests(services) == []

    clock.now = utc(2026, 11, 21, 6, 1)  # a sender started again after 07:00
    report = newsletter_worker(services).deliver()
    (made,) = digests(services)
    assert made.digest_for == utc(2026, 11, 21, 6)
    assert made.article_ids == [second, first] and made.layout == "digest"
    assert made.subject == "The Morning Briefing: Saturday 21 November"
    assert report.sent == 2 and made.status == "sent"
    for _ in range(2):  # again, and in yet another sender: nothing more
        clock.advance(minutes=5)
        newsletter_worker(services).deliver()
    assert len(digests(services)) == 1
    assert len(smtp.envelopes) == 2

    # The next morning has nothing new: no email; the one after, the new story alone.
    clock.now = utc(2026, 11, 22, 6, 0, 30)
    newsletter_worker(services).deliver()
    assert len(digests(services)) == 1
    third = publish(services, clock, "The harbour floods", utc(2026, 11, 22, 10))
    clock.now = utc(2026, 11, 23, 9)  # down at 07:00: made when the sender is back
    newsletter_worker(services).deliver()
    latest = digests(services)[-1]
    assert latest.article_ids == [third] and latest.digest_for == utc(2026, 11, 23, 6)


def test_weekdays_and_a_digest_made_once(services, smtp, clock) -> None:
    in_berlin(services)
    clock.now = utc(2026, 11, 18, 12)
    weekdays = make_newsletter(services, digest_time="07:00", digest_days="12345")
    confirmed(services, weekdays, ["a@example.org"])
    publish(services, clock, "Friday news", utc(2026, 11, 20, 13))
    clock.now = utc(2026, 11, 22, 10)  # Sunday: the newest weekday moment was Friday's
    newsletter_worker(services).deliver()
    assert [d.digest_for for d in digests(services)] == []  # Friday 07:00 had no story yet
    clock.now = utc(2026, 11, 23, 6, 30)  # Monday
    newsletter_worker(services).deliver()
    (made,) = digests(services)
    assert made.digest_for == utc(2026, 11, 23, 6)
    with pytest.raises(IntegrityError), services.writes.begin() as session:
        session.add(Issue(newsletter_id=weekdays, subject="Again", digest_for=made.digest_for))
        session.flush()


@pytest.mark.parametrize(
    "now, expected",
    [
        # Clocks go forward at 02:00 on 29 March 2026: 02:30 does not happen; 03:30 CEST.
        (utc(2026, 3, 29, 1, 0), utc(2026, 3, 28, 1, 30)),
        (utc(2026, 3, 29, 1, 30), utc(2026, 3, 29, 1, 30)),
        # Clocks go back at 03:00 on 25 October 2026: 02:30 happens twice; the first counts.
        (utc(2026, 10, 25, 0, 29), utc(2026, 10, 24, 0, 30)),
        (utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 0, 30)),
        (utc(2026, 10, 25, 1, 45), utc(2026, 10, 25, 0, 30)),  # the second 02:30 passed
    ],
)
def test_the_nights_the_clocks_change(now, expected) -> None:
    assert moment(now, BERLIN, time(2, 30), "1234567") == expected


def test_a_digest_on_the_night_the_clocks_go_back_is_made_once(services, smtp, clock) -> None:
    in_berlin(services)
    clock.now = utc(2026, 10, 20, 12)
    night = make_newsletter(services, digest_time="02:30")
    confirmed(services, night, ["a@example.org"])
    publish(services, clock, "Late story", utc(2026, 10, 24, 22))
    for now in (utc(2026, 10, 25, 0, 31), utc(2026, 10, 25, 1, 31), utc(2026, 10, 25, 2, 0)):
        clock.now = now
        newsletter_worker(services).deliver()
    assert [d.digest_for for d in digests(services)] == [utc(2026, 10, 25, 0, 30)]
