"""Events reach subscribers after the commit, once, and never after a rollback."""

from sqlalchemy import text

from thepost.events import ArticleChanged, EventBus


def _bus():
    bus, seen = EventBus(), []
    bus.subscribe(ArticleChanged, seen.append)
    return bus, seen


def test_delivered_after_commit_only(services) -> None:
    bus, seen = _bus()
    with services.sessions() as session:
        bus.emit(session, ArticleChanged(1))
        assert seen == []
        session.commit()
    assert seen == [ArticleChanged(1)]


def test_a_released_savepoint_is_not_the_commit(services) -> None:
    bus, seen = _bus()
    with services.sessions() as session:
        session.begin()
        bus.emit(session, ArticleChanged(1))
        with session.begin_nested():
            bus.emit(session, ArticleChanged(2))
        assert seen == []
        session.commit()
    assert seen == [ArticleChanged(1), ArticleChanged(2)]


def test_rollback_discards(services) -> None:
    bus, seen = _bus()
    with services.sessions() as session:
        session.execute(text("SELECT 1"))  # actions emit inside the transaction they write in
        bus.emit(session, ArticleChanged(1))
        session.rollback()
        session.commit()
    assert seen == []


def test_a_failing_subscriber_does_not_stop_the_others(services, caplog) -> None:
    bus, seen = _bus()
    bus.subscribe(ArticleChanged, lambda event: 1 / 0)
    bus.subscribe(ArticleChanged, seen.append)
    with services.sessions() as session:
        bus.emit(session, ArticleChanged(3))
        session.commit()
    assert seen == [ArticleChanged(3), ArticleChanged(3)]
    assert "failed" in caplog.text
