"""The editorial actions tell the rest of the site (events after commit, audit rows in
the same transaction), and a trashed story leaves every public list and the search."""

from __future__ import annotations

from sqlalchemy import select

import factories as f
from thepost.audit.models import AuditEntry
from thepost.content import editorial, queries
from thepost.content.actions import ArticleInput
from thepost.events import ArticleChanged, ArticleCorrected, ArticleRestored, ArticleTrashed
from thepost.permissions import SYSTEM
from thepost.search.query import parse


def test_trash_restore_and_corrections_reach_subscribers_and_the_audit_log(services) -> None:
    seen: list[object] = []
    services.bus.subscribe(ArticleChanged, seen.append)
    now = services.clock()
    with services.writes.begin() as session:
        article = f.article(services, session, title="Harbour dredging starts")
    seen.clear()
    with services.reads() as session:
        assert services.search.search(session, parse("harbour"), now=now).total == 1
    with services.writes.begin() as session:
        editorial.add_correction(
            session,
            services.bus,
            article.id,
            kind="update",
            body="Work paused for the tide.",
            actor=SYSTEM,
            now=now,
        )
        editorial.trash_article(session, services.bus, article.id, actor=SYSTEM, now=now)
        assert seen == []  # nothing before the commit
    assert [type(e) for e in seen] == [ArticleCorrected, ArticleTrashed]
    with services.reads() as session:
        assert (
            queries.listing_page(
                session, queries.Listing(language=""), now=now, page=1, size=10
            ).total
            == 0
        )
        assert services.search.search(session, parse("harbour"), now=now).total == 0
    with services.writes.begin() as session:
        editorial.restore_article(session, services.bus, article.id, actor=SYSTEM, now=now)
    assert type(seen[-1]) is ArticleRestored
    with services.reads() as session:
        actions = list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions[-3:] == ["article.correct", "article.trash", "article.restore"]


def test_a_restored_revision_drops_what_was_deleted_since(services) -> None:
    now = services.clock()
    with services.writes.begin() as session:
        section = f.section(session, "Gone soon")
        writer = f.author(session, "Old Byline")
        article = f.article(services, session, section=section, authors=[writer], publish=False)
        first = queries.revisions(session, article.id)[0].id
        session.delete(section)
        session.delete(writer)
    with services.writes.begin() as session:
        restored = editorial.restore_revision(
            session, services.bus, services.media_urls, article.id, first, actor=SYSTEM, now=now
        )
        assert restored.section_id is None and restored.bylines == []
        assert len(queries.revisions(session, article.id)) == 2


def test_unsaved_article_for_the_live_preview_is_never_stored(services) -> None:
    now = services.clock()
    with services.writes.begin() as session:
        f.section(session, "Weather")
    with services.writes() as session:
        data = ArticleInput(title="Storm", body="**Wind** and rain.", tags=["Weather", "New tag"])
        article = editorial.unsaved_article(session, services.media_urls, data, now=now)
        assert article.body_html == "<p><strong>Wind</strong> and rain.</p>\n"
        assert [t.name for t in article.tags] == ["Weather", "New tag"]
        assert article not in session
        session.flush()
        assert queries.article_for_editor(session, 1) is None
