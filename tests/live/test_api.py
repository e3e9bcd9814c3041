"""Live blogs through the API: the entries as the page shows them (the same queries),
and the newsroom's writes with a token: start, post, change, pin, delete, end, each the
live desk's own action with its permission rules."""

from __future__ import annotations

import factories as f
from api.conftest import bearer, make_token
from live.conftest import post
from thepost.content import live


def test_readers_read_the_entries_a_page_at_a_time(services, client, staff, blog) -> None:
    ids = [post(services, blog, staff.author, f"Entry {n}.", headline=f"H{n}") for n in range(25)]
    with services.writes.begin() as session:
        live.mark_entry(session, services.bus, ids[3], actor=staff.author,
                        now=services.clock(), pinned=True, key_event=True)  # fmt: skip
    first = client.get(f"/api/v1/articles/{blog.id}/live").json()["live"]
    assert (first["status"], first["order"], first["count"]) == ("live", "newest", 25)
    assert first["pinned"]["id"] == ids[3] and first["key_events"] == [ids[3]]
    assert [e["id"] for e in first["entries"]] == [i for i in reversed(ids) if i != ids[3]][:20]
    entry = first["entries"][0]
    assert entry["body_html"] == "<p>Entry 24.</p>\n" and entry["headline"] == "H24"
    assert entry["url"].endswith(f"/news/offensive-on-aleppo?entry={ids[24]}#entry-{ids[24]}")
    assert entry["status"] == "posted" and entry["author_ids"]
    second = client.get(first["next"].removeprefix("http://127.0.0.1:8000")).json()["live"]
    assert [e["id"] for e in second["entries"]] == [ids[4], ids[2], ids[1], ids[0]]
    assert second["next"] is None and second["pinned"] is None
    assert client.get("/api/v1/articles/999999/live").status_code == 404
    assert client.get(f"/api/v1/articles/{blog.id}/live?after=abc").status_code == 422
    assert client.get(f"/api/v1/articles/{blog.id}/live?after=99999").status_code == 404
    with services.writes.begin() as session:
        plain = f.article(services, session, title="Council meets")
    assert client.get(f"/api/v1/articles/{plain.id}/live").status_code == 404
    story = client.get(f"/api/v1/articles/{blog.id}").json()["article"]
    assert story["live_status"] == "live"


def test_a_token_runs_a_live_blog(services, client, staff) -> None:
    with services.writes.begin() as session:
        mine = f.author(session, "Sami Nasser", user_id=staff.author.id)
        story = f.article(services, session, title="Floods in the valley", authors=[mine])
    token = bearer(make_token(services, staff.author, "articles:write"))
    base = f"/api/v1/admin/articles/{story.id}/live"
    started = client.post(f"{base}/start", json={"oldest_first": False}, headers=token)
    assert started.status_code == 200 and started.json()["live"]["status"] == "live"
    made = client.post(f"{base}/entries", json={"body": "The river **rose** overnight.",
                                                "headline": "Overnight"}, headers=token)  # fmt: skip
    assert made.status_code == 201
    entry = made.json()["entry"]
    assert entry["status"] == "posted" and "<strong>rose</strong>" in entry["body_html"]
    assert entry["author_ids"] == [mine.id]
    changed = client.patch(f"/api/v1/admin/live-entries/{entry['id']}",
                           json={"body": "The river rose by a metre overnight.", "pinned": True},
                           headers=token)  # fmt: skip
    assert changed.status_code == 200
    assert changed.json()["entry"]["pinned"] and changed.json()["entry"]["edited_at"]
    page = client.get(f"/news/{story.slug}").text
    assert "by a metre" in page and "Edited" in page
    draft = client.post(f"{base}/entries", json={"body": "Maybe.", "post": False}, headers=token)
    assert draft.json()["entry"]["status"] == "draft"
    posted = client.patch(f"/api/v1/admin/live-entries/{draft.json()['entry']['id']}",
                          json={"post": True}, headers=token)  # fmt: skip
    assert posted.json()["entry"]["status"] == "posted"
    assert (
        client.delete(f"/api/v1/admin/live-entries/{entry['id']}", headers=token).status_code == 204
    )
    assert "by a metre" not in client.get(f"/news/{story.slug}").text
    assert (
        client.delete(f"/api/v1/admin/live-entries/{entry['id']}", headers=token).status_code == 404
    )
    ended = client.post(f"{base}/end", json={"oldest_first": True}, headers=token).json()["live"]
    assert (ended["status"], ended["order"]) == ("ended", "oldest")


def test_the_api_keeps_the_desks_rules(services, client, staff) -> None:
    with services.writes.begin() as session:
        story = f.article(services, session, title="Election night")
        live.start(session, services.bus, story.id, actor=staff.editor, now=services.clock())
    base = f"/api/v1/admin/articles/{story.id}/live"
    author = bearer(make_token(services, staff.author, "articles:write"))
    contributor = bearer(make_token(services, staff.contributor, "articles:write"))
    reader = bearer(make_token(services, staff.editor, "content:read"))
    assert client.post(f"{base}/end", json={}, headers=author).status_code == 403  # not theirs
    sent = client.post(f"{base}/entries", json={"body": "Turnout is high."}, headers=contributor)
    assert sent.status_code == 201 and sent.json()["entry"]["status"] == "pending"
    waiting = sent.json()["entry"]["id"]
    refused = client.patch(f"/api/v1/admin/live-entries/{waiting}", json={"post": True},
                           headers=contributor)  # fmt: skip
    assert refused.status_code == 403
    assert client.post(f"{base}/entries", json={"body": "x"}, headers=reader).status_code == 403
    for wrong in ({"body": ""}, {"body": "x" * 20_001}, {"body": "x", "headline": "h" * 201},
                  {"body": "x", "colour": "red"}, {"body": 5}, {"body": "a\x00b"}):  # fmt: skip
        answer = client.post(f"{base}/entries", json=wrong, headers=author)
        assert 400 <= answer.status_code < 500 and answer.status_code != 403, wrong


def test_webhooks_tell_of_the_blog_and_its_entries(services, staff, blog) -> None:
    from sqlalchemy import select

    from thepost.permissions import SYSTEM
    from thepost.webhooks import actions as hooks
    from thepost.webhooks.models import WebhookEvent

    with services.writes.begin() as session:
        hooks.create_endpoint(session, actor=SYSTEM, url="https://hooks.example.org/in",
                              events=[], now=services.clock(), allow_private=False)  # fmt: skip
    entry = post(services, blog, staff.author, "Sirens across the city.", headline="Sirens")
    with services.writes.begin() as session:
        live.mark_entry(session, services.bus, entry, actor=staff.author, now=services.clock(),
                        key_event=True)  # fmt: skip
        live.delete_entry(session, services.bus, entry, actor=staff.author, now=services.clock())
        live.end(session, services.bus, blog.id, actor=staff.author, now=services.clock())
    with services.reads() as session:
        told = [
            (e.type, e.data)
            for e in session.scalars(select(WebhookEvent).order_by(WebhookEvent.id))
        ]
    assert [kind for kind, _ in told] == [
        "live_entry.posted",
        "live_entry.updated",
        "live_entry.deleted",
        "live.ended",
    ]
    posted = told[0][1]
    assert (posted["id"], posted["headline"], posted["status"]) == (entry, "Sirens", "posted")
    assert posted["url"].endswith(f"?entry={entry}#entry-{entry}")
    assert told[2][1]["status"] == "deleted" and told[2][1]["body_html"] == ""
    assert told[3][1]["id"] == blog.id and told[3][1]["live_status"] == "ended"
