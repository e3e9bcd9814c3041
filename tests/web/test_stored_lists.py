"""The reader's lists (home, section, tag, author, latest, search, feeds) from what is
stored with each story (``web/site/tiles.py``, ``ArticlePage.card``, ``lead``, ``feed``)
and the counts the database keeps (``content.counts``): the same bytes as rendering every
story afresh, a fixed number of statements however many stories a list holds, and page
counts that take in a scheduled story when its time comes."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select, update

import factories as f
from thepost.content import queries
from thepost.content.models import ArticlePage, Section
from web import test_pages as web_pages

LISTS = [
    "/",
    "/politics",
    "/politics?page=2",
    "/tag/budget",
    "/author/jane-smith",
    "/latest",
    "/search?q=budget",
    "/feed/rss",
    "/feed/atom",
    "/feed/json",
    "/politics/feed/rss",
    "/tag/budget/feed/atom",
]


def _stories(services, count: int, *, picture: bool = True) -> None:
    now = services.clock()
    with services.writes.begin() as session:
        politics = f.section(session, "Politics")
        sport = f.section(session, "Sport")
        jane = f.author(session, "Jane Smith")
        image = f.image(services, session, caption="The council chamber") if picture else None
        for i in range(count):
            f.article(
                services,
                session,
                title=f"Budget story {i}",
                section=(politics, sport)[i % 3 == 2],
                authors=[jane],
                tags=["Budget"],
                published=now - timedelta(hours=i + 1),
                featured_image_id=image.id if image and i % 2 == 0 else None,
            )


def _pages(client) -> dict[str, str]:
    client.app.page_cache.store.clear()
    found = {}
    for path in LISTS:
        answer = client.get(path)
        assert answer.status_code == 200, path
        found[path] = answer.text
    return found


def test_the_stored_parts_give_what_rendering_afresh_gives(client, services) -> None:
    _stories(services, 30)
    stored = _pages(client)
    assert 'class="card-title"' in stored["/politics"] and "<picture" in stored["/"]
    with services.writes.begin() as session:  # as if rendered by another version
        session.execute(update(ArticlePage).values(stamp="older", card="x", lead="x", feed="x"))
    afresh = _pages(client)
    for path in LISTS:
        assert afresh[path] == stored[path], path


@pytest.mark.parametrize("path", ["/", "/politics", "/tag/budget", "/latest", "/feed/rss"])
def test_a_list_runs_the_same_statements_however_long(client, services, path) -> None:
    _stories(services, 6)
    client.app.page_cache.store.clear()
    few = web_pages.statements(services, client, path)
    _stories_more(services, 40)
    client.app.page_cache.store.clear()
    many = web_pages.statements(services, client, path)
    assert len(many) == len(few), "\n".join(many)


def _stories_more(services, count: int) -> None:
    now = services.clock()
    with services.writes.begin() as session:
        politics = session.scalar(select(Section).where(Section.slug == "politics"))
        for i in range(count):
            f.article(services, session, title=f"More {i}", section=politics, tags=["Budget"],
                      published=now - timedelta(days=2, minutes=i))  # fmt: skip


def test_a_scheduled_story_counts_once_its_time_comes(client, services, clock) -> None:
    page_size = services.settings.page_size
    _stories(services, page_size)  # one page's worth of live stories
    with services.writes.begin() as session:
        f.article(services, session, title="Tomorrow's story", tags=["Budget"],
                  published=clock.now + timedelta(days=1))  # fmt: skip
    client.app.page_cache.store.clear()
    assert client.get("/latest?page=2").status_code == 404
    assert "Tomorrow" not in client.get("/tag/budget").text
    clock.now += timedelta(days=2)
    client.app.page_cache.store.clear()
    second = client.get("/latest?page=2")
    assert second.status_code == 200 and "Budget story" in second.text
    assert "Tomorrow" in client.get("/tag/budget").text


@pytest.mark.parametrize("path", ["/", "/politics", "/tag/budget", "/latest", "/feed/rss"])
def test_a_list_runs_on_the_event_loop_on_sqlite_only(client, services, monkeypatch, path) -> None:
    """On SQLite a list's reads never wait: it is made on the event loop, without the hop
    to a worker thread; on PostgreSQL a round trip would stall the loop."""
    _stories(services, 3)
    threads = []
    real = queries.listing_rows

    def listing_rows(*args, **kwargs):
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(queries, "listing_rows", listing_rows)
    client.app.page_cache.store.clear()
    assert client.get(path).status_code == 200
    in_pool = [name.startswith("AnyIO worker") for name in threads]
    assert in_pool and set(in_pool) == {services.engine.dialect.name == "postgresql"}
