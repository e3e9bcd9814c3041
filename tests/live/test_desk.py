"""The live desk in the newsroom: start a blog, post from the composer, change, pin,
mark and delete entries, end it; a contributor's entries wait; the form comes back with
the text kept when something is wrong."""

from __future__ import annotations

import re

import factories as f
from admin.conftest import sign_in
from thepost.content import live
from thepost.content.models import LiveEntry

DESK = re.compile(r'action="(/admin/articles/\d+/live/entries/(\d+)/(\w+))"')


def _entry_ids(services) -> list[int]:
    with services.reads() as session:
        return [e.id for e in session.query(LiveEntry).order_by(LiveEntry.id)]


def test_an_author_runs_a_live_blog_from_the_desk(services, client, staff) -> None:
    with services.writes.begin() as session:
        byline = f.author(session, "Rania Haddad", user_id=staff.author.id)
        story = f.article(services, session, title="Storm hits the coast", authors=[byline])
    desk = f"/admin/articles/{story.id}/live"
    token = sign_in(client, staff.author)
    assert "Make it a live blog" in client.get(f"/admin/articles/{story.id}").text
    assert "Start the live blog" in client.get(desk).text
    started = client.post(f"{desk}/start", data={"csrf_token": token})
    assert started.status_code == 303 and started.headers["location"] == f"{desk}?done=started"
    page = client.get(desk)
    assert "New entry" in page.text and "Ctrl+Enter" in page.text and "live-desk.js" in page.text
    posted = client.post(desk, data={"csrf_token": token, "headline": "Landfall",
                                     "body": "The storm made **landfall** at 6am.", "intent": "post"})  # fmt: skip
    assert posted.headers["location"] == f"{desk}?done=posted"
    draft = client.post(desk, data={"csrf_token": token, "body": "Power cuts?", "intent": "draft"})
    assert draft.headers["location"] == f"{desk}?done=saved"
    first, second = _entry_ids(services)
    reader = client.get(f"/news/{story.slug}")
    assert "landfall" in reader.text.lower()
    assert "Power cuts?" not in reader.text  # a draft is its writer's alone
    # Change it, pin it, mark it, post the draft, delete it.
    edit = client.get(f"{desk}?edit={first}")
    assert "Change the entry" in edit.text and "The storm made **landfall** at 6am." in edit.text
    client.post(desk, data={"csrf_token": token, "entry_id": str(first), "headline": "Landfall",
                            "body": "The storm made landfall at 5am.", "intent": "post"})  # fmt: skip
    for what in ("pinned", "key_event"):
        marked = client.post(f"{desk}/entries/{first}/mark",
                             data={"csrf_token": token, "what": what, "on": "1"})  # fmt: skip
        assert marked.status_code == 303
    assert (
        client.post(f"{desk}/entries/{second}/post", data={"csrf_token": token}).status_code == 303
    )
    with services.reads() as session:
        entry = session.get(LiveEntry, first)
        assert (entry.pinned, entry.key_event, entry.edited_at is not None) == (True, True, True)
        assert session.get(LiveEntry, second).status == "posted"
    assert (
        client.post(f"{desk}/entries/{second}/delete", data={"csrf_token": token}).status_code
        == 303
    )
    reader = client.get(f"/news/{story.slug}").text
    assert "5am" in reader and "Power cuts?" not in reader and "Edited" in reader
    ended = client.post(f"{desk}/end", data={"csrf_token": token, "order": "oldest"})
    assert ended.headers["location"] == f"{desk}?done=ended"
    assert "This live coverage has ended" in client.get(f"/news/{story.slug}").text


def test_the_composer_keeps_the_text_beside_the_error(services, client, staff) -> None:
    with services.writes.begin() as session:
        story = f.article(services, session, title="Floods")
        live.start(session, services.bus, story.id, actor=staff.editor, now=services.clock())
    token = sign_in(client, staff.editor)
    typed = "x" * (live.BODY_LIMIT + 1)
    answer = client.post(f"/admin/articles/{story.id}/live",
                         data={"csrf_token": token, "headline": "Kept <headline>", "body": typed,
                               "intent": "post"})  # fmt: skip
    assert answer.status_code == 400
    assert "At most 20,000 characters" in answer.text  # numbers as the language writes them
    assert "Kept &lt;headline&gt;" in answer.text and typed[:100] in answer.text
    assert _entry_ids(services) == []


def test_a_contributor_sends_entries_to_be_posted(services, client, staff) -> None:
    with services.writes.begin() as session:
        story = f.article(services, session, title="Election night")
        live.start(session, services.bus, story.id, actor=staff.editor, now=services.clock())
    desk = f"/admin/articles/{story.id}/live"
    token = sign_in(client, staff.contributor)
    page = client.get(desk)
    assert "Send to be posted" in page.text and "Start the live blog" not in page.text
    sent = client.post(
        desk, data={"csrf_token": token, "body": "Turnout is high.", "intent": "post"}
    )
    assert sent.headers["location"] == f"{desk}?done=waiting"
    (entry_id,) = _entry_ids(services)
    assert (
        client.post(f"{desk}/entries/{entry_id}/post", data={"csrf_token": token}).status_code
        == 403
    )
    assert client.post(f"{desk}/end", data={"csrf_token": token}).status_code == 403
    assert "Turnout is high." not in client.get(f"/news/{story.slug}").text


def test_an_editor_credits_a_reporter_and_a_change_keeps_the_byline(
    services, client, staff
) -> None:
    with services.writes.begin() as session:
        field = f.author(session, "Omar Khalil")
        story = f.article(services, session, title="Port strike")
        live.start(session, services.bus, story.id, actor=staff.editor, now=services.clock())
    desk = f"/admin/articles/{story.id}/live"
    token = sign_in(client, staff.editor)
    assert "Byline" in client.get(desk).text
    client.post(desk, data={"csrf_token": token, "body": "Filed by phone.", "byline": str(field.id),
                            "intent": "post"})  # fmt: skip
    (entry_id,) = _entry_ids(services)
    assert f'<option value="{field.id}" selected>' in client.get(f"{desk}?edit={entry_id}").text
    client.post(desk, data={"csrf_token": token, "entry_id": str(entry_id), "body": "Filed by phone, 9am.",
                            "intent": "post"})  # fmt: skip
    with services.reads() as session:
        assert session.get(LiveEntry, entry_id).author_ids == [field.id]
    assert (
        'By <a href="/author/omar-khalil">Omar Khalil</a>' in client.get(f"/news/{story.slug}").text
    )
    wrong = client.post(
        desk, data={"csrf_token": token, "body": "x", "byline": "999999", "intent": "post"}
    )
    assert wrong.status_code == 400 and "No such author" in wrong.text
    sign_in(client, staff.author)
    assert 'name="byline"' not in client.get(desk).text  # theirs only, as on a story


def test_a_story_not_live_is_its_own_peoples_desk(services, client, staff) -> None:
    with services.writes.begin() as session:
        draft = f.article(services, session, title="Embargoed until noon", publish=False)
    sign_in(client, staff.contributor)
    refused = client.get(f"/admin/articles/{draft.id}/live")
    assert refused.status_code == 403 and "Embargoed" not in refused.text
    sign_in(client, staff.editor)
    assert "Start the live blog" in client.get(f"/admin/articles/{draft.id}/live").text
