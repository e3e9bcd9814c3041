"""Pages (About, Contact, ...) through their actions, on SQLite and PostgreSQL: who may
write them, where they live, what happens to their addresses, and when readers see them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

import factories as f
from thepost.content import media, page_actions, page_queries, revisions, taxonomy
from thepost.content.models import Page, PageRevision, PageSlug, Status
from thepost.content.page_actions import PageInput
from thepost.errors import PermissionDenied, ValidationError
from thepost.events import PageChanged, PageDeleted, PagePublished, PageUnpublished
from thepost.permissions import SYSTEM, Actor, Role

EDITOR = Actor(id=None, role=Role.EDITOR)


def save(services, session, title: str, body: str = "Words.", *, page_id=None, **kw):
    return page_actions.save_page(
        session,
        services.bus,
        services.media_urls,
        PageInput(title, body, **kw),
        actor=EDITOR,
        now=services.clock(),
        page_id=page_id,
    )


def publish(services, session, page, **kw):
    return page_actions.publish_page(
        session, services.bus, page.id, actor=EDITOR, now=services.clock(), **kw
    )


def test_editors_and_admins_write_pages_authors_and_contributors_do_not(services) -> None:
    with services.writes.begin() as session:
        for role in (Role.EDITOR, Role.ADMIN):
            made = page_actions.save_page(
                session,
                services.bus,
                services.media_urls,
                PageInput(f"Made by an {role}"),
                actor=Actor(id=None, role=role),
                now=services.clock(),
            )
            assert made.status == Status.DRAFT
        about = save(services, session, "About us")
        for role in (Role.AUTHOR, Role.CONTRIBUTOR):
            actor = Actor(id=None, role=role)
            with pytest.raises(PermissionDenied):
                page_actions.save_page(
                    session,
                    services.bus,
                    services.media_urls,
                    PageInput("Not mine to write"),
                    actor=actor,
                    now=services.clock(),
                )
            with pytest.raises(PermissionDenied):
                page_actions.publish_page(
                    session, services.bus, about.id, actor=actor, now=services.clock()
                )
            with pytest.raises(PermissionDenied):
                page_actions.delete_page(
                    session, services.bus, about.id, actor=actor, now=services.clock()
                )


def test_a_page_is_saved_rendered_and_revised_like_an_article(services) -> None:
    with services.writes.begin() as session:
        picture = f.image(services, session)
        about = save(
            services,
            session,
            "About us",
            f'We *report*.\n\n![The newsroom](image:{picture.id} "Our desks")\n\n<script>x</script>',
            standfirst="  Who we are.  ",
            featured_image_id=picture.id,
            seo_title="About The Post",
        )
        assert about.slug == "about-us"
        assert "<em>report</em>" in about.body_html and "<script" not in about.body_html
        assert 'class="inline"' in about.body_html and "Our desks" in about.body_html
        assert about.standfirst == "Who we are." and about.excerpt == "Who we are."
        assert about.featured_image_id == picture.id
        save(services, session, "About The Post", "New words.", page_id=about.id, slug="about-us")
        history = revisions.history(session, PageRevision, about.id)
        assert [r.snapshot["title"] for r in history] == ["About The Post", "About us"]
        restored = page_actions.restore_page_revision(
            session,
            services.bus,
            services.media_urls,
            about.id,
            history[1].id,
            actor=EDITOR,
            now=services.clock(),
        )
        assert restored.title == "About us" and "<em>report</em>" in restored.body_html
        assert len(revisions.history(session, PageRevision, about.id)) == 3


def test_bad_input_is_refused_field_by_field(services) -> None:
    with services.writes.begin() as session:
        with pytest.raises(ValidationError) as refused:
            save(services, session, " ", body_format="rtf", position=-1, slug="x" * 201)
        assert set(refused.value.errors) == {"title", "body_format", "position", "slug"}
        with pytest.raises(ValidationError) as refused:
            save(services, session, "Pictured", featured_image_id=999)
        assert "featured_image_id" in refused.value.errors
        with pytest.raises(ValidationError) as refused:
            save(services, session, "Orphan", parent_id=999)
        assert "parent_id" in refused.value.errors


def test_addresses_nest_and_may_not_take_a_sections_or_the_sites_own(services) -> None:
    with services.writes.begin() as session:
        taxonomy.add_section(session, services.bus, actor=SYSTEM, name="Politics")
        for slug in ("politics", "search", "tag", "admin", "feed"):
            with pytest.raises(ValidationError) as refused:
                save(services, session, "Clash", slug=slug)
            assert "slug" in refused.value.errors, slug
        about = save(services, session, "About us", slug="about")
        team = save(services, session, "Team", parent_id=about.id)
        # Below the top level, a section's slug is free; the routes' own words are not.
        assert save(services, session, "Politics", parent_id=about.id).slug == "politics"
        for slug in ("feed", "comments"):
            with pytest.raises(ValidationError):
                save(services, session, "Clash", slug=slug, parent_id=about.id)
        # A typed slug a sibling has is refused; one made from the title gets a number.
        with pytest.raises(ValidationError):
            save(services, session, "Another", slug="team", parent_id=about.id)
        assert save(services, session, "Team", parent_id=about.id).slug == "team-2"
        assert save(services, session, "Team").slug == "team"  # another level: free
        # A section may not take a top-level page's address.
        with pytest.raises(ValidationError) as refused:
            taxonomy.add_section(session, services.bus, actor=SYSTEM, name="About")
        assert "page" in refused.value.errors["slug"]
        # No page sits inside itself, nor deeper than MAX_DEPTH.
        with pytest.raises(ValidationError) as refused:
            save(services, session, "About us", slug="about", parent_id=team.id, page_id=about.id)
        assert "itself" in refused.value.errors["parent_id"]
        parent = team
        for level in range(page_actions.MAX_DEPTH - 2):
            parent = save(services, session, f"Level {level}", parent_id=parent.id)
        with pytest.raises(ValidationError) as refused:
            save(services, session, "Too deep", parent_id=parent.id)
        assert "deep" in refused.value.errors["parent_id"]
        paths = page_queries.paths(session)
        assert paths[team.id] == "about/team"
        assert paths[parent.id] == "about/team/level-0/level-1"


def test_the_database_keeps_top_level_slugs_unique_too(services) -> None:
    """The actions check first; the partial index holds even for a write around them."""
    now = services.clock()
    row = {"title": "About", "slug": "about", "created_at": now, "updated_at": now}
    with services.writes.begin() as session:
        session.add(Page(**row))
    with pytest.raises(IntegrityError), services.writes.begin() as session:
        session.add(Page(**row))
        session.flush()


def test_moving_a_page_keeps_every_old_address(services, clock) -> None:
    with services.writes.begin() as session:
        about = save(services, session, "About us", slug="about")
        team = save(services, session, "Our team", parent_id=about.id, slug="team")
        for page in (about, team):
            publish(services, session, page)
        save(services, session, "Who we are", slug="who-we-are", page_id=about.id)
    with services.reads() as session:
        assert page_queries.moved(session, "about", now=clock.now) == "who-we-are"
        assert page_queries.moved(session, "about/team", now=clock.now) == "who-we-are/team"
        assert page_queries.live_page(session, "about/team", now=clock.now) is None
    with services.writes.begin() as session:  # back again: no redirect to itself
        save(services, session, "About us", slug="about", page_id=about.id)
        kept = set(session.scalars(select(PageSlug.path)))
    assert kept == {"who-we-are", "who-we-are/team"}


def test_deleting_a_page_moves_its_children_up(services, clock) -> None:
    with services.writes.begin() as session:
        taxonomy.add_section(session, services.bus, actor=SYSTEM, name="Politics")
        about = save(services, session, "About us", slug="about")
        team = save(services, session, "Team", parent_id=about.id, slug="team")
        politics = save(services, session, "Politics desk", parent_id=about.id, slug="politics")
        for page in (about, team, politics):
            publish(services, session, page)
        page_actions.delete_page(session, services.bus, about.id, actor=EDITOR, now=clock.now)
    with services.reads() as session:
        paths = page_queries.paths(session)
        assert paths == {team.id: "team", politics.id: "about-politics"}  # a section's slug
        assert page_queries.moved(session, "about/team", now=clock.now) == "team"
        assert session.get(Page, about.id) is None
        assert not revisions.history(session, PageRevision, about.id)


def test_readers_see_published_pages_and_scheduled_ones_once_due(services, clock) -> None:
    with services.writes.begin() as session:
        draft = save(services, session, "Draft")
        private = save(services, session, "Private")
        later = save(services, session, "Later")
        now = save(services, session, "Now")
        page_actions.set_page_status(
            session, services.bus, private.id, "private", actor=EDITOR, now=clock.now
        )
        publish(services, session, later, at=clock.now + timedelta(hours=2))
        publish(services, session, now)
        assert later.status == Status.SCHEDULED

    def shown() -> set[str]:
        with services.reads() as session:
            found = [
                page_queries.live_page(session, slug, now=clock.now)
                for slug in ("draft", "private", "later", "now")
            ]
        return {view.page.title for view in found if view is not None}

    assert shown() == {"Now"}
    clock.advance(hours=2, minutes=1)
    assert shown() == {"Now", "Later"}
    with services.writes.begin() as session:
        page_actions.unpublish_page(session, services.bus, later.id, actor=EDITOR, now=clock.now)
        page_actions.set_page_status(
            session, services.bus, now.id, "trashed", actor=EDITOR, now=clock.now
        )
        with pytest.raises(ValidationError):
            publish(services, session, now)  # out of the trash first
        with pytest.raises(ValidationError):
            page_actions.set_page_status(
                session, services.bus, draft.id, "published", actor=EDITOR, now=clock.now
            )
    assert shown() == set()


def test_changes_readers_see_are_announced(services, clock) -> None:
    heard: list[object] = []
    services.bus.subscribe(PageChanged, heard.append)
    with services.writes.begin() as session:
        draft = save(services, session, "Draft")
    assert heard == []  # nobody sees a draft
    with services.writes.begin() as session:
        publish(services, session, draft)
        save(services, session, "Draft, edited", page_id=draft.id)
        page_actions.unpublish_page(session, services.bus, draft.id, actor=EDITOR, now=clock.now)
        page_actions.delete_page(session, services.bus, draft.id, actor=EDITOR, now=clock.now)
    assert [type(e) for e in heard] == [PagePublished, PageChanged, PageUnpublished, PageDeleted]


def test_a_picture_described_anew_renders_the_pages_that_show_it(services, clock) -> None:
    with services.writes.begin() as session:
        picture = f.image(services, session)
        about = save(services, session, "About", f'![Desks](image:{picture.id} "Old words")')
        publish(services, session, about)
    with services.writes.begin() as session:
        media.describe_image(
            session,
            services.bus,
            picture.id,
            actor=SYSTEM,
            alt="Desks",
            caption="",
            credit="Photo: New Credit",
        )
    with services.reads() as session:
        assert "New Credit" in session.get(Page, about.id).body_html
