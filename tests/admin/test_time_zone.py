"""The site's time zone, on SQLite and PostgreSQL: the newsroom schedules in it (across
the nights clocks change), and readers' pages show local dates with the zone's
abbreviation and ``<time datetime>`` carrying the UTC offset."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

import factories as f
from admin.conftest import sign_in
from admin.test_editor import _create, _form, _post
from thepost.content import actions
from thepost.content.models import Article, Status
from thepost.permissions import SYSTEM
from thepost.web import urls


@pytest.fixture
def madrid(services) -> None:
    with services.writes.begin() as session:
        actions.update_site_settings(
            session, services.bus, actor=SYSTEM, time_zone="Europe/Madrid", language="es"
        )


@pytest.mark.parametrize(
    ("typed", "stored", "shown"),
    [
        # An ordinary winter evening: CET, an hour ahead of UTC.
        ("2026-12-05T20:15", datetime(2026, 12, 5, 19, 15, tzinfo=UTC), "2026-12-05T20:15"),
        # Clocks go forward at 02:00: 02:30 does not exist and is read as 03:30 CEST.
        ("2027-03-28T02:30", datetime(2027, 3, 28, 1, 30, tzinfo=UTC), "2027-03-28T03:30"),
        # Clocks go back at 03:00: 02:30 comes twice and is read as the first (CEST).
        ("2027-10-31T02:30", datetime(2027, 10, 31, 0, 30, tzinfo=UTC), "2027-10-31T02:30"),
    ],
)
def test_scheduling_reads_the_site_zone_across_dst(
    services, client, staff, madrid, typed, stored, shown
) -> None:
    token = sign_in(client, staff.editor)
    article_id = _create(client, token)
    editor = client.get(urls.admin_article(article_id)).text
    assert "Publicar el (Europe/Madrid)" in editor  # the newsroom speaks the site's Spanish
    answer = _post(
        client, urls.admin_article(article_id), token, _form(intent="schedule", publish_at=typed)
    )
    assert answer.status_code == 303, answer.text
    with services.reads() as session:
        article = session.get(Article, article_id)
        assert article.status == Status.SCHEDULED and article.published_at == stored
    # The newsroom reads it back in local time, as it was meant.
    assert f'value="{shown}"' in client.get(urls.admin_article(article_id)).text


def test_readers_see_local_times_with_the_zone(services, client, madrid, clock) -> None:
    with services.writes.begin() as session:
        news = f.section(session, "News")
        f.article(
            services, session, title="Late vote", section=news,
            published=datetime(2026, 11, 19, 23, 30, tzinfo=UTC),
        )  # fmt: skip
    page = client.get("/news/late-vote").text
    # 23:30 UTC on the 19th is half past midnight on the 20th in Madrid.
    assert '<time datetime="2026-11-20T00:30:00+01:00">' in page
    assert "20 de noviembre de 2026, 0:30 CET" in page
    section = client.get("/news").text
    assert re.search(r'datetime="2026-11-20T00:30:00\+01:00"', section)
    clock.advance(days=200)  # summer: the same story still shows its winter time
    assert "0:30 CET" in client.get("/news/late-vote").text


def test_changing_the_zone_renders_stored_pages_again(services, client, clock) -> None:
    with services.writes.begin() as session:
        news = f.section(session, "News")
        f.article(
            services, session, title="Noon story", section=news,
            published=clock.now - timedelta(hours=2),
        )  # fmt: skip
    assert "10:00 UTC" in client.get("/news/noon-story").text
    with services.writes.begin() as session:
        actions.update_site_settings(
            session, services.bus, actor=SYSTEM, time_zone="America/Chicago"
        )
    page = client.get("/news/noon-story").text
    assert "04:00 CST" in page
    assert "10:00 UTC" not in page
