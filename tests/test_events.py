"""Events reach subscribers after the commit, once, and never after a rollback."""

import threading

import pytest
from sqlalchemy import text

from thepost import events
from thepost.events import ArticleChanged, ArticlePublished, EventBus


def _bus():
    bus, seen = EventBus(), []
    bus.subscribe(ArticleChanged, seen.append)
    return bus, seen


def test_delivered_after_commit_only(services) -> None:
    bus, seen = _bus()
    with services.writes() as session:
        bus.emit(session, ArticleChanged(1))
        assert seen == []
        session.commit()
    assert seen == [ArticleChanged(1)]


def test_a_released_savepoint_is_not_the_commit(services) -> None:
    bus, seen = _bus()
    with services.writes() as session:
        session.begin()
        bus.emit(session, ArticleChanged(1))
        with session.begin_nested():
            bus.emit(session, ArticleChanged(2))
        assert seen == []
        session.commit()
    assert seen == [ArticleChanged(1), ArticleChanged(2)]


def test_rollback_discards(services) -> None:
    bus, seen = _bus()
    with services.writes() as session:
        session.execute(text("SELECT 1"))  # actions emit inside the transaction they write in
        bus.emit(session, ArticleChanged(1))
        session.rollback()
        session.commit()
    assert seen == []


def test_a_failing_subscriber_does_not_stop_the_others(services, caplog) -> None:
    bus, seen = _bus()
    bus.subscribe(ArticleChanged, lambda event: 1 / 0)
    bus.subscribe(ArticleChanged, seen.append)
    with services.writes() as session:
        bus.emit(session, ArticleChanged(3))
        session.commit()
    assert seen == [ArticleChanged(3), ArticleChanged(3)]
    assert "failed" in caplog.text


def _batching_bus():
    bus, calls = EventBus(), []
    bus.subscribe_many_in_transaction(
        ArticleChanged, lambda s, events: calls.append(("many", [e.article_id for e in events]))
    )
    bus.subscribe_in_transaction(
        ArticlePublished, lambda s, e: calls.append(("each", e.article_id))
    )
    bus.subscribe_many(
        ArticleChanged, lambda events: calls.append(("after", [e.article_id for e in events]))
    )
    return bus, calls


def test_outside_a_batch_every_reaction_runs_per_event(services) -> None:
    bus, calls = _batching_bus()
    with services.writes.begin() as session:
        bus.emit(session, ArticlePublished(1))
        assert calls == [("many", [1]), ("each", 1)]  # at once, in the transaction
        bus.emit(session, ArticleChanged(2))
        assert calls[2:] == [("many", [2])]
    assert calls[3:] == [("after", [1]), ("after", [2])]


def test_a_batch_runs_each_reaction_once_for_all_its_events(services) -> None:
    bus, calls = _batching_bus()
    with services.writes.begin() as session:
        with bus.batch(session):
            bus.emit(session, ArticlePublished(1))
            bus.emit(session, ArticleChanged(2))
            with bus.batch(session):  # nested: the outer block decides
                bus.emit(session, ArticlePublished(3))
            assert calls == []
        assert calls == [("many", [1, 2, 3]), ("each", 1), ("each", 3)]
    assert calls[3:] == [("after", [1, 2, 3])]


def test_a_failed_batch_runs_nothing(services) -> None:
    bus, calls = _batching_bus()
    with services.writes() as session:
        session.begin()
        try:
            with bus.batch(session):
                bus.emit(session, ArticlePublished(1))
                raise RuntimeError("the import failed")
        except RuntimeError:
            session.rollback()
    assert calls == []


def test_a_commit_inside_a_batch_is_refused(services) -> None:
    """Committing before the batch ends would skip its reactions: refused, nothing kept."""
    bus, calls = _batching_bus()
    with services.writes() as session, bus.batch(session):
        session.execute(text("SELECT 1"))  # a transaction is open
        bus.emit(session, ArticlePublished(1))
        with pytest.raises(RuntimeError, match="must end before"):
            session.commit()
        session.rollback()
    assert calls == []


def _many_bus():
    bus, calls = EventBus(), []
    bus.subscribe_many(ArticleChanged, lambda events: calls.append([e.article_id for e in events]))
    return bus, calls


def _commit(services, bus, *article_ids) -> None:
    with services.writes() as session:
        for article_id in article_ids:
            bus.emit(session, ArticleChanged(article_id))
        session.commit()


def test_a_hold_runs_the_reactions_of_many_commits_together(services, monkeypatch) -> None:
    monkeypatch.setattr(events, "HELD", 4)
    bus, calls = _many_bus()
    with bus.held():
        _commit(services, bus, 1, 2)
        _commit(services, bus, 3)
        assert calls == []
        _commit(services, bus, 4, 5)  # five held: more than HELD, they run now
        assert calls == [[1, 2, 3, 4, 5]]
        _commit(services, bus, 6)
        with services.writes() as session:  # a rollback holds nothing
            bus.emit(session, ArticleChanged(7))
            session.rollback()
    assert calls == [[1, 2, 3, 4, 5], [6]]


def test_a_failed_hold_still_runs_what_was_committed(services) -> None:
    bus, calls = _many_bus()
    with pytest.raises(RuntimeError), bus.held():
        _commit(services, bus, 1)
        raise RuntimeError("the import stopped")
    assert calls == [[1]]


def test_a_hold_keeps_only_its_own_threads_commits(services) -> None:
    bus, calls = _many_bus()
    with bus.held():
        other = threading.Thread(target=_commit, args=(services, bus, 2))
        other.start()
        other.join()
        assert calls == [[2]]
        _commit(services, bus, 1)
    assert calls == [[2], [1]]
