"""Prepared statements read what ``session.execute`` reads, on both backends."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import bindparam, event, literal, select

import factories as f
from thepost.content.models import Article, Section
from thepost.db.prepared import Prepared

_A = Article.__table__.c
STATEMENT = (
    select(_A.id, _A.title, _A.comments_open, _A.published_at, Section.__table__.c.slug)
    .select_from(Article.__table__)
    .outerjoin(Section.__table__, Section.__table__.c.id == _A.section_id)
    .where(_A.status == literal("published"), _A.published_at <= bindparam("now"))
    .order_by(_A.published_at.desc(), _A.id.desc())
    .limit(bindparam("limit"))
)


def test_rows_are_those_of_session_execute(services) -> None:
    with services.writes.begin() as session:
        politics = f.section(session, "Politics")
        for i in range(3):
            f.article(services, session, title=f"Story {i} – “quoted”", section=politics)
        f.article(services, session, title="No section")
    prepared = Prepared(STATEMENT)
    now = services.clock() + timedelta(minutes=1)
    with services.writes() as session:
        expected = session.execute(STATEMENT, {"now": now, "limit": 3}).all()
        got = prepared.all(session, now=now, limit=3)
        assert [tuple(row) for row in got] == [tuple(row) for row in expected]
        assert len(got) == 3 and got[0].published_at.tzinfo is not None
        assert all(row.comments_open is True for row in got)
        assert prepared.first(session, now=now, limit=1) == got[0]
        assert prepared.first(session, now=now - timedelta(days=3650), limit=1) is None


def test_listeners_see_the_statements(services) -> None:
    seen = []

    def record(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(services.engine, "before_cursor_execute", record)
    try:
        with services.writes() as session:
            Prepared(STATEMENT).all(session, now=services.clock(), limit=1)
    finally:
        event.remove(services.engine, "before_cursor_execute", record)
    assert any("FROM articles" in statement for statement in seen)


def test_parameters_rewritten_per_execution_are_refused(services) -> None:
    expanding = select(_A.id).where(_A.id.in_(bindparam("ids", expanding=True)))
    with services.writes() as session, pytest.raises(ValueError, match="plain bound"):
        Prepared(expanding).all(session, ids=[1, 2])
