"""A live blog's entries through the actions: who may draft, post, change and delete
them, what readers are shown at each step, and ending the blog."""

from __future__ import annotations

import pytest
from sqlalchemy import select

import factories as f
from live.conftest import post
from thepost.content import live
from thepost.content.models import Article, EntryStatus, LiveEntry
from thepost.errors import NotFound, PermissionDenied, ValidationError


def _status(services, entry_id: int) -> str:
    with services.reads() as session:
        return session.get(LiveEntry, entry_id).status


def _page(services, blog: Article) -> live.Blog:
    with services.reads() as session:
        return live.page(session, session.get(Article, blog.id))


def test_contributors_draft_authors_post_to_their_own_and_editors_to_any(
    services, staff, blog
) -> None:
    # A contributor's entry waits for someone who may post it; their draft is theirs.
    waiting = post(services, blog, staff.contributor, "Smoke over the old city.")
    assert _status(services, waiting) == EntryStatus.PENDING
    draft = post(services, blog, staff.contributor, "Unconfirmed reports.", post=False)
    assert _status(services, draft) == EntryStatus.DRAFT
    assert _page(services, blog).count == 0
    with services.writes.begin() as session:
        with pytest.raises(PermissionDenied):
            live.post_entry(
                session, services.bus, waiting, actor=staff.contributor, now=services.clock()
            )
        with pytest.raises(NotFound):  # another's draft is not there to them
            live.post_entry(session, services.bus, draft, actor=staff.editor, now=services.clock())
        desk = live.desk(session, session.get(Article, blog.id), staff.author)
        assert [e.id for e in desk.waiting] == [waiting] and desk.drafts == []
    # The blog's author posts the waiting one; editors post to any blog.
    with services.writes.begin() as session:
        live.post_entry(session, services.bus, waiting, actor=staff.author, now=services.clock())
    editors = post(services, blog, staff.editor, "Editors post to any blog.")
    authors = post(services, blog, staff.author, "The author posts to their own.")
    shown = _page(services, blog)
    assert [e.id for e in shown.entries] == [authors, editors, waiting]  # newest first
    assert shown.count == 3
    # Another's story is not theirs to start or post to: their entry waits there.
    with services.writes.begin() as session:
        stranger = f.article(services, session, title="Elsewhere")
        live.start(session, services.bus, stranger.id, actor=staff.editor, now=services.clock())
        stranger_id = stranger.id
    with pytest.raises(PermissionDenied), services.writes.begin() as session:
        live.start(session, services.bus, stranger_id, actor=staff.author, now=services.clock())
    waiting_elsewhere = post(services, stranger, staff.author, "Seen from the border.")
    assert _status(services, waiting_elsewhere) == EntryStatus.PENDING


def test_edits_pins_key_events_and_deletions_show_to_readers_in_place(
    services, staff, blog
) -> None:
    first = post(services, blog, staff.author, "Shelling began at dawn.", headline="Dawn")
    second = post(services, blog, staff.author, "Hospitals report casualties.")
    third = post(services, blog, staff.author, "A ceasefire is proposed.")
    services.clock.advance(minutes=1)
    with services.writes.begin() as session:
        live.write_entry(
            session, services.bus, services.media_urls, blog.id,
            live.EntryInput(body="Shelling began before dawn.", headline="Dawn"),
            actor=staff.editor, now=services.clock(), entry_id=first,
        )  # fmt: skip
        live.mark_entry(session, services.bus, second, actor=staff.author,
                        now=services.clock(), pinned=True)  # fmt: skip
        live.mark_entry(session, services.bus, third, actor=staff.author,
                        now=services.clock(), key_event=True)  # fmt: skip
    shown = _page(services, blog)
    assert shown.pinned.id == second and [e.id for e in shown.entries] == [third, first]
    assert [e.id for e in shown.key_events] == [third]
    edited = next(e for e in shown.entries if e.id == first)
    assert edited.edited_at == services.clock() and "before dawn" in edited.html
    # Pinning another takes the first one down.
    with services.writes.begin() as session:
        live.mark_entry(session, services.bus, third, actor=staff.editor,
                        now=services.clock(), pinned=True)  # fmt: skip
    assert _page(services, blog).pinned.id == third
    services.clock.advance(seconds=5)
    with services.writes.begin() as session:
        live.delete_entry(session, services.bus, second, actor=staff.editor, now=services.clock())
        changes = live.updates(session, blog.id)
    assert (changes[0].id, changes[0].status, changes[0].html) == (second, "deleted", "")
    assert [e.id for e in _page(services, blog).entries] == [first]
    with pytest.raises(PermissionDenied), services.writes.begin() as session:
        # A contributor changes no posted entry.
        live.delete_entry(
            session, services.bus, first, actor=staff.contributor, now=services.clock()
        )


def test_what_an_entry_must_be(services, staff, blog) -> None:
    for data, field in (
        (live.EntryInput(body="   "), "body"),
        (live.EntryInput(body="x" * (live.BODY_LIMIT + 1)), "body"),
        (live.EntryInput(body="x", headline="h" * 201), "headline"),
        (live.EntryInput(body="x", author_ids=[999_999]), "author_ids"),
    ):
        with pytest.raises(ValidationError) as caught, services.writes.begin() as session:
            live.write_entry(session, services.bus, services.media_urls, blog.id, data,
                             actor=staff.editor, now=services.clock(), post=True)  # fmt: skip
        assert field in caught.value.errors
    # Bodies are sanitised like a story's.
    hostile = post(
        services,
        blog,
        staff.author,
        "<script>alert(1)</script>**Bold** <img src=x onerror=alert(1)>",
    )
    with services.reads() as session:
        html = session.get(LiveEntry, hostile).body_html
    assert "<script" not in html and "<img" not in html and "<strong>Bold</strong>" in html


def test_ending_keeps_the_entries_and_takes_no_new_ones(services, staff, blog) -> None:
    a = post(services, blog, staff.author, "First.")
    b = post(services, blog, staff.author, "Second.")
    with services.writes.begin() as session:
        live.end(session, services.bus, blog.id, actor=staff.author, now=services.clock(),
                 oldest_first=True)  # fmt: skip
    shown = _page(services, blog)
    assert (shown.running, shown.ended_at) == (False, services.clock())
    assert [e.id for e in shown.entries] == [a, b]  # oldest first, as chosen
    with pytest.raises(ValidationError):
        post(services, blog, staff.author, "Too late.")
    with services.writes.begin() as session:  # a posted entry may still be corrected
        live.write_entry(session, services.bus, services.media_urls, blog.id,
                         live.EntryInput(body="First, corrected."), actor=staff.author,
                         now=services.clock(), entry_id=a)  # fmt: skip
        assert session.scalar(select(Article.live_status).where(Article.id == blog.id)) == "ended"
