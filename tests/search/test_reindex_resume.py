"""``SearchBackend.reindex`` (``thepost reindex``): the index rebuilt a batch per
transaction, newest stories first; a rebuild stopped half-way carries on where it stopped
and ends with the same index as one run to the end, on both backends."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta

import pytest
from sqlalchemy import text

import factories as f
from search.steps import edit, found, publish, vocabulary
from thepost.content.models import Article
from thepost.search import state


class Stopped(Exception):
    """Stands for the process killed between two batches."""


def index_state(services) -> tuple[list[tuple], ...]:
    """Everything the index holds, token by token where the table keeps no text."""
    if services.engine.dialect.name == "postgresql":
        with services.reads() as session:
            documents = session.execute(
                text(
                    "SELECT article_id, language, published_at, section_id, document::text, "
                    "pairs::text, body FROM search_documents ORDER BY article_id"
                )
            )
            return ([tuple(row) for row in documents],)
    with services.writes.begin() as session:
        found: list[list[tuple]] = []
        for table in ("search_fts", "search_pairs"):
            session.execute(
                text(
                    f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{table}_tokens "
                    f"USING fts5vocab(main, {table}, instance)"
                )
            )
            tokens = session.execute(text(f'SELECT term, doc, col, "offset" FROM {table}_tokens'))
            found.append(sorted(tuple(row) for row in tokens))
        texts = session.execute(text("SELECT * FROM search_fts_texts ORDER BY article_id"))
        trigrams = session.execute(text("SELECT rowid, term FROM search_trigrams ORDER BY rowid"))
        return (*found, [tuple(row) for row in texts], [tuple(row) for row in trigrams])


def stopping_after(batches: int, seen: list[int]) -> Callable[[int], None]:
    """A progress hook that records the counts and stops the rebuild after ``batches``."""

    def progress(done: int) -> None:
        seen.append(done)
        if len(seen) == batches:
            raise Stopped

    return progress


def indexed_ids(services, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The ids the backend's ``index`` is given from now on."""
    given: list[int] = []
    index = services.search.index

    def recording(session, article_ids: Sequence[int]) -> None:
        given.extend(article_ids)
        index(session, article_ids)

    monkeypatch.setattr(services.search, "index", recording)
    return given


@pytest.fixture
def stories(services, clock) -> list[int]:
    """Nine live stories (one scheduled) and a draft, tagged and bylined."""
    with services.writes.begin() as session:
        world = f.section(session, "World")
        writer = f.author(session, "Layla Haddad")
    ids = [
        publish(
            services,
            title=f"{place} water supply, day {k}",
            tags=[place, "Water"],
            authors=[writer] if k % 2 else [],
            section=world if k % 3 else None,
            published=clock.now - timedelta(days=10 - k),
        ).id
        for k, place in enumerate(["Aleppo", "Damascus", "Homs", "Beirut", "Amman"] * 2)
    ]
    publish(services, title="A draft about Aleppo", publish=False)
    publish(services, title="Scheduled Aleppo story", published=clock.now + timedelta(days=1))
    return ids


def test_reindex_equals_a_rebuild(services, stories) -> None:
    with services.writes.begin() as session:
        services.search.rebuild(session)
    rebuilt, terms = index_state(services), vocabulary(services)
    seen: list[int] = []
    assert services.search.reindex(services.writes, progress=seen.append, batch=4) == 11
    assert seen == [4, 8, 11]
    assert index_state(services) == rebuilt
    assert vocabulary(services) == terms
    with services.reads() as session:
        assert state.rebuilding(session) is None


def test_a_stopped_reindex_carries_on(services, stories, monkeypatch) -> None:
    services.search.reindex(services.writes, batch=3)
    whole, terms = index_state(services), vocabulary(services)

    seen: list[int] = []
    given = indexed_ids(services, monkeypatch)
    with pytest.raises(Stopped):
        services.search.reindex(services.writes, progress=stopping_after(2, seen), batch=3)
    first = list(given)
    assert seen == [3, 6]
    with services.reads() as session:
        assert state.rebuilding(session) == min(first)
    # Meanwhile searches find the stories indexed so far: the newest.
    assert found(services, "aleppo") == [stories[5]]
    assert sorted(found(services, "water")) == sorted(first[1:])  # the first is scheduled

    seen.clear()
    second = indexed_ids(services, monkeypatch)
    assert services.search.reindex(services.writes, progress=seen.append, batch=3) == 11
    assert seen == [9, 11]  # counting on from the batches already done
    assert not set(first) & set(second)
    assert sorted(first + second) == sorted([*stories, first[0]])
    assert index_state(services) == whole
    assert vocabulary(services) == terms
    with services.reads() as session:
        assert state.rebuilding(session) is None


def test_stories_saved_during_a_stopped_reindex(services, stories) -> None:
    """A story saved between two runs indexes itself, wherever the rebuild stands, and
    the rebuild's later batches neither lose nor double it."""
    with pytest.raises(Stopped):
        services.search.reindex(services.writes, progress=stopping_after(1, []), batch=4)
    old = stories[0]  # below the rebuild's position: not indexed again yet
    with services.reads() as session:
        assert state.rebuilding(session) > old
    with services.writes.begin() as session:
        article = session.get(Article, old)
        session.expunge(article)
    edit(services, article, title="Quokka sighted near the supply")
    new = publish(services, title="Another quokka").id
    assert sorted(found(services, "quokka")) == [old, new]

    services.search.reindex(services.writes, batch=4)
    assert sorted(found(services, "quokka")) == [old, new]
    incremental, terms = index_state(services), vocabulary(services)
    with services.writes.begin() as session:
        services.search.rebuild(session)
    assert index_state(services) == incremental
    assert vocabulary(services) == terms


def test_a_whole_rebuild_ends_a_stopped_reindex(services, stories) -> None:
    """A rebuild in one transaction (the site's language changed) leaves nothing for the
    stopped one to carry on with."""
    with pytest.raises(Stopped):
        services.search.reindex(services.writes, progress=stopping_after(1, []), batch=4)
    with services.writes.begin() as session:
        assert services.search.rebuild(session) == 11
        assert state.rebuilding(session) is None
    assert sorted(found(services, "aleppo")) == [stories[0], stories[5]]
