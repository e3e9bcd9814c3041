"""The Admin API: the newsroom's writes for a token acting as its person, through the
same actions (permissions, events, revisions, audit) as the newsroom's pages."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

import factories
from api.conftest import Newsroom, bearer, make_token
from thepost.accounts import actions as account_actions
from thepost.audit.models import AuditEntry
from thepost.comments.models import Comment, CommentStatus
from thepost.content import actions
from thepost.content.models import Article, Revision, Section, Tag
from thepost.permissions import SYSTEM
from thepost.web.api import schemas

ADMIN = "/api/v1/admin"


@pytest.fixture
def editor_token(services, staff) -> dict[str, str]:
    return bearer(
        make_token(
            services, staff.editor, "articles:write", "content:read", "pages:write",
            "media:write", "taxonomy:write", "comments:moderate",
        )
    )  # fmt: skip


def _create(client, headers, **fields) -> dict:
    response = client.post(
        f"{ADMIN}/articles", json={"title": "Council approves the budget", **fields},
        headers=headers,
    )  # fmt: skip
    assert response.status_code == 201, response.text
    return response


def test_create_publish_and_read_back_as_readers_do(client, services, staff, editor_token):
    created = _create(client, editor_token, body="The vote was **7 to 2**.", tags=["Budget"])
    schemas.ArticleOne.model_validate(created.json())
    article = created.json()["article"]
    assert article["status"] == "draft" and article["tags"][0]["name"] == "Budget"
    assert created.headers["location"].endswith(f"/api/v1/articles/{article['id']}")
    assert client.get(f"/api/v1/articles/{article['id']}").status_code == 404  # a draft
    published = client.post(f"{ADMIN}/articles/{article['id']}/publish", headers=editor_token)
    assert published.status_code == 200, published.text
    assert published.json()["article"]["status"] == "published"
    public = client.get(f"/api/v1/articles/{article['id']}").json()["article"]
    assert "<strong>7 to 2</strong>" in public["body_html"]
    assert client.get(public["url"].removeprefix("http://testserver")).status_code == 200
    with services.reads() as session:
        audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "article.publish"))
        assert [(e.user_id, e.object_id) for e in audit] == [(staff.editor.id, str(article["id"]))]
        assert (
            session.scalar(select(Revision.user_id).where(Revision.article_id == article["id"]))
            == staff.editor.id
        )


def test_an_update_names_the_version_it_changes(client, services, staff, editor_token):
    article_id = _create(client, editor_token, standfirst="First.").json()["article"]["id"]
    read = client.get(f"/api/v1/articles/{article_id}", headers=editor_token)
    etag = read.headers["etag"]
    missing = client.patch(
        f"{ADMIN}/articles/{article_id}", json={"standfirst": "x"}, headers=editor_token
    )
    assert missing.status_code == 428
    changed = client.patch(
        f"{ADMIN}/articles/{article_id}", json={"standfirst": "Seven votes to two."},
        headers={**editor_token, "If-Match": etag},
    )  # fmt: skip
    assert changed.status_code == 200, changed.text
    assert changed.json()["article"]["standfirst"] == "Seven votes to two."
    assert changed.json()["article"]["title"] == "Council approves the budget"  # kept
    # Someone saves in the newsroom meanwhile: the old ETag no longer matches.
    with services.writes.begin() as session:
        data = actions.ArticleInput(title="Budget passes", body="Edited in the newsroom.")
        actions.save_article(
            session, services.bus, services.media_urls, data, actor=SYSTEM,
            now=services.clock() + timedelta(seconds=1), article_id=article_id,
        )  # fmt: skip
    stale = client.patch(
        f"{ADMIN}/articles/{article_id}", json={"title": "Mine"},
        headers={**editor_token, "If-Match": changed.headers["etag"]},
    )  # fmt: skip
    assert stale.status_code == 412
    with services.reads() as session:
        assert session.get(Article, article_id).title == "Budget passes"


def test_schedule_unpublish_trash_restore_delete(client, services, editor_token):
    article_id = _create(client, editor_token).json()["article"]["id"]
    url = f"{ADMIN}/articles/{article_id}"
    past = (services.clock() - timedelta(hours=1)).isoformat()
    assert (
        client.post(f"{url}/schedule", json={"at": past}, headers=editor_token).status_code == 422
    )
    assert client.post(f"{url}/schedule", headers=editor_token).status_code == 422
    future = (services.clock() + timedelta(days=1)).isoformat()
    scheduled = client.post(f"{url}/schedule", json={"at": future}, headers=editor_token)
    assert scheduled.json()["article"]["status"] == "scheduled"
    assert (
        client.post(f"{url}/publish", headers=editor_token).json()["article"]["status"]
        == "published"
    )
    assert (
        client.post(f"{url}/unpublish", headers=editor_token).json()["article"]["status"]
        == "unpublished"
    )
    assert (
        client.post(f"{url}/trash", headers=editor_token).json()["article"]["status"] == "trashed"
    )
    assert client.post(f"{url}/trash", headers=editor_token).status_code == 422
    assert (
        client.post(f"{url}/restore", headers=editor_token).json()["article"]["status"] == "draft"
    )
    revisions = client.get(f"{url}/revisions", headers=editor_token)
    schemas.RevisionList.model_validate(revisions.json())
    assert client.delete(url, headers=editor_token).status_code == 204
    assert client.delete(url, headers=editor_token).status_code == 404


@pytest.mark.parametrize(
    "body, status, fields",
    [
        (b'{"title": 12, "section_id": "one", "extra": 1}', 422, {"title", "section_id", "extra"}),
        (b"{}", 422, {"title"}),
        (b'{"title": "x", "body": "a\\u0000b"}', 422, {"body"}),
        (b'{"title": "x", "tags": ' + b'["t"' + b', "t"' * 60 + b"]}", 422, {"tags"}),
        (b'{"title": "x", "section_id": 99999}', 422, {"section_id"}),
        (b'{"title": "' + b"x" * 400 + b'"}', 422, {"title"}),
        (b'{"title": ', 400, {None}),
        (b"[" * 5000 + b"]" * 5000, 400, {None}),
        (b'{"title": "x", "tags": ' + b"[" * 300 + b"]" * 300 + b"}", 400, {None}),
        (b"\xff\xfe", 400, {None}),
    ],
)  # fmt: skip
def test_bad_bodies_are_4xx_naming_every_field(client, editor_token, body, status, fields):
    response = client.post(
        f"{ADMIN}/articles", content=body,
        headers={**editor_token, "Content-Type": "application/json"},
    )  # fmt: skip
    assert response.status_code == status, response.text
    errors = response.json()["errors"]
    assert {e["field"] for e in errors} >= fields or None in fields, errors


def test_bodies_too_large_or_of_the_wrong_type(client, editor_token):
    big = json.dumps({"title": "x", "body": "y" * 2_100_000})
    response = client.post(
        f"{ADMIN}/articles",
        content=big,
        headers={**editor_token, "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    form = client.post(f"{ADMIN}/articles", data={"title": "x"}, headers=editor_token)
    assert form.status_code == 415
    assert form.json()["errors"][0]["code"] == "unsupported_media_type"


def test_writes_need_a_token_with_the_scope(client, services, staff):
    assert client.post(f"{ADMIN}/articles", json={"title": "x"}).status_code == 401
    reader = bearer(make_token(services, staff.editor, "content:read"))
    response = client.post(f"{ADMIN}/articles", json={"title": "x"}, headers=reader)
    assert response.status_code == 403
    assert response.json()["errors"][0]["code"] == "insufficient_scope"


def test_a_scope_the_role_lacks_cannot_be_granted_or_used(client, services, staff):
    from thepost.accounts import tokens
    from thepost.errors import ValidationError

    with services.writes.begin() as session, pytest.raises(ValidationError):
        tokens.create(
            session, actor=staff.author, name="x", scopes=["taxonomy:write"], now=services.clock()
        )
    secret = make_token(services, staff.editor, "taxonomy:write")
    assert (
        client.post(f"{ADMIN}/tags", json={"name": "Floods"}, headers=bearer(secret)).status_code
        == 201
    )
    with services.writes.begin() as session:  # the editor becomes an author
        account_actions.set_role(
            session, staff.admin, staff.editor.id, "author", now=services.clock()
        )
    response = client.post(f"{ADMIN}/tags", json={"name": "Storms"}, headers=bearer(secret))
    assert response.status_code == 403


def test_a_contributors_token_writes_drafts_but_cannot_publish(client, services, staff):
    token = bearer(make_token(services, staff.contributor, "articles:write"))
    article_id = _create(client, token).json()["article"]["id"]
    assert client.post(f"{ADMIN}/articles/{article_id}/publish", headers=token).status_code == 403
    submitted = client.post(f"{ADMIN}/articles/{article_id}/submit", headers=token)
    assert submitted.json()["article"]["status"] == "pending"


def test_pictures_are_uploaded_and_checked(client, editor_token):
    response = client.post(
        f"{ADMIN}/pictures", files={"file": ("p.jpg", factories.jpeg(), "image/jpeg")},
        data={"alt": "A street"}, headers=editor_token,
    )  # fmt: skip
    assert response.status_code == 201, response.text
    picture = schemas.PictureOne.model_validate(response.json()).picture
    assert picture.alt == "A street" and picture.renditions
    bad = client.post(
        f"{ADMIN}/pictures", files={"file": ("p.jpg", b"<svg onload=alert(1)>", "image/jpeg")},
        headers=editor_token,
    )  # fmt: skip
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "file"


def test_sections_and_tags(client, services, editor_token):
    made = client.post(f"{ADMIN}/sections", json={"name": "Climate"}, headers=editor_token)
    assert made.status_code == 201
    section_id = made.json()["section"]["id"]
    renamed = client.patch(
        f"{ADMIN}/sections/{section_id}",
        json={"description": "Heat and floods."},
        headers=editor_token,
    )
    assert (
        renamed.json()["section"].items()
        >= {"name": "Climate", "description": "Heat and floods."}.items()
    )
    assert (
        client.post(f"{ADMIN}/sections", json={"name": "admin"}, headers=editor_token).status_code
        == 422
    )
    a = client.post(f"{ADMIN}/tags", json={"name": "Floods"}, headers=editor_token).json()["tag"]
    b = client.post(f"{ADMIN}/tags", json={"name": "Flooding"}, headers=editor_token).json()["tag"]
    merged = client.post(
        f"{ADMIN}/tags/{b['id']}/merge", json={"into": a["id"]}, headers=editor_token
    )
    assert merged.json()["tag"]["name"] == "Floods"
    assert client.delete(f"{ADMIN}/tags/{a['id']}", headers=editor_token).status_code == 204
    with services.reads() as session:
        assert session.scalar(select(Section.name).where(Section.id == section_id)) == "Climate"
        assert session.scalars(select(Tag)).all() == []


def test_comments_are_moderated(client, services, editor_token, newsroom: Newsroom):
    with services.writes.begin() as session:
        story = session.get(Article, newsroom.stories[0].id)
        held = factories.comment(
            services, session, story, status=CommentStatus.PENDING, body="Held"
        )
        held_id = held.id
    queue = client.get(f"{ADMIN}/comments?status=pending", headers=editor_token)
    schemas.ModeratedList.model_validate(queue.json())
    assert [c["id"] for c in queue.json()["comments"]] == [held_id]
    approved = client.post(f"{ADMIN}/comments/{held_id}/approve", headers=editor_token)
    assert approved.json()["comment"]["status"] == "approved"
    assert client.post(f"{ADMIN}/comments/{held_id}/bless", headers=editor_token).status_code == 404
    public = client.get(f"/api/v1/articles/{story.id}/comments").json()
    assert [c["id"] for c in public["comments"]] == [held_id]
    with services.reads() as session:
        assert session.get(Comment, held_id).status == "approved"


def test_pages(client, editor_token):
    made = client.post(
        f"{ADMIN}/pages", json={"title": "About us", "body": "Who we are."}, headers=editor_token
    )
    assert made.status_code == 201, made.text
    page_id = made.json()["page"]["id"]
    assert client.get(f"/api/v1/pages/{page_id}").status_code == 404
    client.post(f"{ADMIN}/pages/{page_id}/publish", headers=editor_token)
    changed = client.patch(
        f"{ADMIN}/pages/{page_id}", json={"standfirst": "Since 1998."}, headers=editor_token
    )
    assert changed.json()["page"]["title"] == "About us"
    shown = client.get(f"/api/v1/pages/{page_id}").json()["page"]
    assert shown["path"] == "about-us" and shown["standfirst"] == "Since 1998."
    assert client.get("/about-us").status_code == 200
    listed = client.get(f"{ADMIN}/pages", headers=editor_token).json()
    assert [p["title"] for p in listed["pages"]] == ["About us"]
    trashed = client.post(f"{ADMIN}/pages/{page_id}/trash", headers=editor_token)
    assert trashed.json()["page"]["status"] == "trashed"
    assert client.get("/about-us").status_code == 404
    restored = client.post(f"{ADMIN}/pages/{page_id}/restore", headers=editor_token)
    assert restored.json()["page"]["status"] == "draft"
    assert client.delete(f"{ADMIN}/pages/{page_id}", headers=editor_token).status_code == 204


def test_menus_are_read_and_replaced(client, services, staff, newsroom: Newsroom):
    token = bearer(make_token(services, staff.editor, "menus:write"))
    menus = client.get("/api/v1/menus").json()
    schemas.MenuList.model_validate(menus)
    header = next(m for m in menus["menus"] if m["slug"] == "header")
    assert [i["label"] for i in header["items"]][:3] == ["Home", "News", "Sport"]
    saved = client.put(
        f"{ADMIN}/menus/footer",
        json={"items": [
            {"kind": "latest", "label": "All the news"},
            {"kind": "section", "target_id": newsroom.sport.id, "children": [
                {"kind": "url", "label": "Scores", "url": "https://scores.example/"}]},
        ]},
        headers=token,
    )  # fmt: skip
    assert saved.status_code == 200, saved.text
    items = saved.json()["menu"]["items"]
    assert [i["label"] for i in items] == ["All the news", "Sport"]
    assert items[1]["children"][0]["url"] == "https://scores.example/"
    bad = client.put(
        f"{ADMIN}/menus/footer",
        json={"items": [{"kind": "url", "url": "javascript:alert(1)"}]}, headers=token,
    )  # fmt: skip
    assert bad.status_code == 422
    assert (
        client.put(f"{ADMIN}/menus/sidebar", json={"items": []}, headers=token).status_code == 422
    )
    footer = next(m for m in client.get("/api/v1/menus").json()["menus"] if m["slug"] == "footer")
    assert [i["label"] for i in footer["items"]] == ["All the news", "Sport"]


def test_author_profiles(client, services, staff, newsroom: Newsroom):
    token = bearer(make_token(services, staff.editor, "authors:write"))
    made = client.post(
        f"{ADMIN}/authors", json={"name": "Wire Service", "job_title": "Agency"}, headers=token
    )
    assert made.status_code == 201, made.text
    author = made.json()["author"]
    assert author["slug"] == "wire-service"
    changed = client.patch(
        f"{ADMIN}/authors/{newsroom.reporter.id}", json={"bio": "Covers the north."}, headers=token
    )
    assert changed.json()["author"]["bio"] == "Covers the north."
    assert changed.json()["author"]["name"] == "Rana Haddad"
    assert (
        client.patch(
            f"{ADMIN}/authors/{author['id']}", json={"photo_id": 9999}, headers=token
        ).status_code
        == 422
    )
    story = client.get(f"/api/v1/articles/{newsroom.stories[0].id}?include=authors").json()
    assert story["article"]["authors"][0]["bio"] == "Covers the north."


def test_a_token_never_gets_an_answer_kept_for_anyone(client, editor_token, newsroom: Newsroom):
    story = newsroom.stories[0].id
    anyone = client.get(f"/api/v1/articles/{story}")
    assert client.get(f"/api/v1/articles/{story}").headers["etag"] == anyone.headers["etag"]
    mine = client.get(f"/api/v1/articles/{story}", headers=editor_token)
    assert mine.headers["etag"].startswith(f'"a{story}-')
    assert mine.headers["cache-control"] == "private, no-store"
    changed = client.patch(
        f"{ADMIN}/articles/{story}", json={"dateline": "ALEPPO"},
        headers={**editor_token, "If-Match": mine.headers["etag"]},
    )  # fmt: skip
    assert changed.status_code == 200, changed.text
    bad = client.get(
        f"/api/v1/articles/{story}", headers={"Authorization": "Bearer tp_" + "x" * 43}
    )
    assert bad.status_code == 401
