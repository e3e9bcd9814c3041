"""Every state-changing admin route, found in the routes table, refuses a request without
the CSRF token, with a wrong one, or from a foreign origin, and changes nothing."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select
from starlette.routing import Route

import factories as f
from admin.conftest import csrf_token, sign_in
from media import samples
from thepost.accounts import tokens
from thepost.comments import actions as comment_actions
from thepost.content import actions as content
from thepost.content import editorial, live, page_actions
from thepost.content.actions import ArticleInput
from thepost.content.models import PageRevision, Revision, Tag
from thepost.content.page_actions import PageInput
from thepost.db.base import Base
from thepost.newsletters.models import Newsletter
from thepost.permissions import SYSTEM
from thepost.web import routes
from thepost.wordpress import runs

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def _admin_routes() -> list[Route]:
    found = [r for r in routes.table() if isinstance(r, Route)]
    return [r for r in found if r.path.startswith("/admin")]


def _state_changing() -> list[tuple[str, str]]:
    return [(r.path, m) for r in _admin_routes() for m in sorted((r.methods or set()) & UNSAFE)]


def test_every_admin_route_is_behind_the_guard() -> None:
    admin = _admin_routes()
    assert len(admin) >= 10
    for route in admin:
        assert getattr(route.endpoint, "admin_guarded", False), route.path
    assert ("/admin/logout", "POST") in _state_changing()
    assert ("/admin/users/{user_id:int}/role", "POST") in _state_changing()
    assert ("/admin/articles/{article_id:int}/trash", "POST") in _state_changing()


# What the webhook worker changes by itself, between requests: when it last looked for
# stories going live, its attempts, and where each delivery stands (which deliveries
# there are is still compared: a view that made one would show).
_WORKER_KEPT = {
    "webhook_clock": None,
    "webhook_attempts": None,
    "webhook_deliveries": ("id", "event_id", "endpoint_id", "subject", "created_at"),
}


def _snapshot(services) -> dict[str, list[Any]]:
    """Every table's rows but who has an editor open (showing the editor holds its
    lock: presence, not a change to anything) and the webhook worker's own progress."""
    found = {}
    with services.reads() as session:
        for table in Base.metadata.sorted_tables:
            if table.name == "edit_locks" or (
                table.name in _WORKER_KEPT and _WORKER_KEPT[table.name] is None
            ):
                continue
            columns = _WORKER_KEPT.get(table.name)
            read = select(*(table.c[c] for c in columns)) if columns else select(table)
            found[table.name] = sorted(map(repr, session.execute(read).all()))
    return found


def _url(path: str, ids: dict[str, int]) -> str:
    return re.sub(r"\{(\w+)[^}]*\}", lambda m: str(ids[m.group(1)]), path)


def _page_targets(services, path: str) -> dict[str, int]:
    """A page in the state the route needs, and its first revision."""
    bus, now = services.bus, services.clock()
    with services.writes.begin() as session:
        made = page_actions.save_page(
            session,
            bus,
            services.media_urls,
            PageInput("Target page", "First."),
            actor=SYSTEM,
            now=now,
        )
        if path.endswith("/unpublish"):
            page_actions.publish_page(session, bus, made.id, actor=SYSTEM, now=now)
        first = session.scalar(select(PageRevision.id).where(PageRevision.page_id == made.id))
        page_actions.save_page(
            session, bus, services.media_urls, PageInput("Target page", "Second."),
            actor=SYSTEM, now=now, page_id=made.id,
        )  # fmt: skip
        if path.endswith(("/restore", "/delete")) and "revisions" not in path:
            page_actions.set_page_status(session, bus, made.id, "trashed", actor=SYSTEM, now=now)
    return {"page_id": made.id, "revision_id": first}


def _newsletter_targets(services) -> dict[str, int]:
    """A newsletter (the first: id 1 on a fresh site) and a draft issue of it."""
    from thepost.newsletters import actions as newsletters

    with services.writes.begin() as session:
        made = session.scalar(select(Newsletter).order_by(Newsletter.id).limit(1))
        if made is None:
            made = newsletters.save_newsletter(
                session, services.bus, {"name": "Target letter"}, actor=SYSTEM,
                now=services.clock(),
            )  # fmt: skip
        issue = newsletters.save_issue(
            session, actor=SYSTEM, newsletter_id=made.id, subject="Target issue",
            note="A note.", article_ids=[], now=services.clock(),
        )  # fmt: skip
        newsletters.set_rendering(session, issue.id, "<p>A note.</p>", "A note.")
    return {"newsletter_id": made.id, "issue_id": issue.id}


def _targets(services, staff, path: str, objects: dict[str, int] | None = None) -> dict[str, int]:
    """The objects a route acts on, made (as the system) in the state it needs
    (``objects``: those of ``_objects``, made already)."""
    ids = {"user_id": staff.contributor.id}
    if path.endswith(("/translate", "/names")):  # the site publishes in Spanish too
        with services.writes.begin() as session:
            content.update_site_settings(session, services.bus, actor=SYSTEM, languages=["es"])
    if "newsletters" in path or "subscribers" in path:
        return ids | _newsletter_targets(services)
    if "{endpoint_id" in path:
        from thepost.webhooks import actions as hooks
        from thepost.webhooks.models import WebhookDelivery, WebhookEvent

        with services.writes.begin() as session:
            made = hooks.create_endpoint(
                session, actor=staff.admin, url="https://hooks.example.org/a", events=[],
                now=services.clock(), allow_private=True,
            )  # fmt: skip
            event = WebhookEvent(uid=f"msg_{made.id}", type="tag.changed", data={})
            session.add(event)
            session.flush()
            delivery = WebhookDelivery(event_id=event.id, endpoint_id=made.id)
            session.add(delivery)
            session.flush()
        return ids | {"endpoint_id": made.id, "delivery_id": delivery.id}
    if "{token_id" in path:
        with services.writes.begin() as session:
            made, _ = tokens.create(
                session, actor=staff.admin, name="Script", scopes=["articles:write"],
                now=services.clock(),
            )  # fmt: skip
        return ids | {"token_id": made.id}
    if "{page_id" in path:
        return ids | _page_targets(services, path)
    if "{article_id" not in path:
        return ids | (objects or _objects(services))
    bus, now = services.bus, services.clock()
    with services.writes.begin() as session:
        data = ArticleInput(title="Target story", body="First words.")
        article = content.save_article(
            session, bus, services.media_urls, data, actor=SYSTEM, now=now
        )
        if path.endswith(("/unpublish", "/corrections")):
            content.publish_article(session, bus, article.id, actor=SYSTEM, now=now)
        first = session.scalar(select(Revision.id).where(Revision.article_id == article.id))
        data = ArticleInput(title="Target story", body="Second words.")
        content.save_article(
            session, bus, services.media_urls, data, actor=SYSTEM, now=now, article_id=article.id
        )
        if path.endswith("/restore") and "revisions" not in path:
            editorial.trash_article(session, bus, article.id, actor=SYSTEM, now=now)
        entry = None
        if "/live" in path and not path.endswith("/start"):
            content.publish_article(session, bus, article.id, actor=SYSTEM, now=now)
            live.start(session, bus, article.id, actor=SYSTEM, now=now)
            entry = live.write_entry(
                session, bus, services.media_urls, article.id, live.EntryInput(body="Waiting."),
                actor=staff.contributor, now=now, post=True,
            )  # fmt: skip
            if not path.endswith("/post"):
                live.post_entry(session, bus, entry.id, actor=SYSTEM, now=now)
    found = {"article_id": article.id, "revision_id": first}
    return ids | found | ({"entry_id": entry.id} if entry is not None else {})


# A plausible body for each route, so only the CSRF check can stop it.
BODIES = {
    "/admin/import": {"dry_run": "1"},
    "/admin/banner": {"banner_text": "Bridge closed after the storm"},
    "/admin/login": {"email": "editor@thepost.test", "password": "correct horse battery staple"},
    "/admin/password": {"current_password": "correct horse battery staple",
                        "new_password": "an entirely new passphrase"},
    "/admin/language": {"language": "de"},
    "/admin/users/new": {"email": "new@thepost.test", "password": "pale blue teapot orbit",
                         "role": "author"},
    "/admin/users/{user_id:int}/role": {"role": "editor"},
    "/admin/users/{user_id:int}/active": {"active": "0"},
    "/admin/articles/new": {"title": "A forged story", "body": "Text."},
    "/admin/articles/preview": {"title": "A previewed story", "body": "Text."},
    "/admin/articles/{article_id:int}": {"title": "Forged headline", "body": "Text."},
    "/admin/articles/{article_id:int}/autosave": {"title": "Autosaved", "body": "Typing."},
    "/admin/articles/{article_id:int}/corrections": {"kind": "correction", "note": "Fixed."},
    "/admin/articles/{article_id:int}/live": {"body": "Sirens heard.", "intent": "post"},
    "/admin/articles/{article_id:int}/live/entries/{entry_id:int}/mark": {"what": "pinned", "on": "1"},
    "/admin/media/{image_id:int}": {"alt": "A new description"},
    "/admin/comments/bulk": {"action": "approve", "ids": "1"},
    "/admin/sections/new": {"name": "Climate"},
    "/admin/sections/{section_id:int}": {"name": "Renamed"},
    "/admin/sections/{section_id:int}/move": {"direction": "down"},
    "/admin/sections/{section_id:int}/names": {"name_es": "Deportes"},
    "/admin/articles/{article_id:int}/translate": {"language": "es"},
    "/admin/pages/{page_id:int}/translate": {"language": "es"},
    "/admin/tags/new": {"name": "Fresh"},
    "/admin/tags/{tag_id:int}": {"name": "Renamed"},
    "/admin/tags/{tag_id:int}/merge": {"into": "Second"},
    "/admin/settings": {"name": "Renamed", "language": "en", "max_links": "2", "close_after_days": "0",
                        "max_depth": "5", "min_seconds_to_write": "3", "flood_seconds": "15",
                        "spam_threshold": "0.95", "hold_threshold": "0.5"},
    "/admin/comments/{comment_id:int}/moderate": {"action": "spam"},
    "/admin/comments/{comment_id:int}/edit": {"body": "An edited comment."},
    "/admin/comments/{comment_id:int}/reply": {"reply": "Thanks for writing."},
    "/admin/pages/new": {"title": "A forged page", "body": "Text."},
    "/admin/pages/preview": {"title": "A previewed page", "body": "Text."},
    "/admin/pages/{page_id:int}": {"title": "Forged title", "body": "Text."},
    "/admin/menus": {"menu": "footer", "items-0-target": "latest", "items-0-label": "All"},
    "/admin/tokens": {"name": "A forged token", "scopes": "articles:write"},
    "/admin/webhooks": {"url": "https://hooks.example.org/in"},
    "/admin/webhooks/{endpoint_id:int}": {"url": "https://hooks.example.org/b", "enabled": "1"},
    "/admin/newsletters/new": {"name": "The Evening Edition"},
    "/admin/newsletters/{newsletter_id:int}": {"name": "Renamed letter"},
    "/admin/newsletters/issues/new": {"newsletter_id": "1", "subject": "Forged", "note": "Text."},
    "/admin/newsletters/issues/{issue_id:int}": {"newsletter_id": "1", "subject": "Forged",
                                                 "note": "Changed."},
    "/admin/subscribers": {"email": "forged@example.org", "newsletter": "1"},
    "/admin/subscribers/import": {"newsletter": "1"},
}  # fmt: skip
# POST routes that store nothing (the live preview; a preview link is a signed token, not a
# row): still refused without the token.
READ_ONLY = {
    "/admin/articles/preview",
    "/admin/articles/{article_id:int}/preview-link",
    "/admin/pages/preview",
    "/admin/articles/{article_id:int}/lock",  # holds the editor's lock: not in the snapshot
}
WXR = (
    b'<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
    b"<wp:wxr_version>1.2</wp:wxr_version></channel></rss>"
)
FILES = {
    "/admin/media": {"file": ("photo.png", samples.encoded("PNG"), "image/png")},
    "/admin/media/upload": {"file": ("drop.png", samples.encoded("PNG"), "image/png")},
    "/admin/import": {"file": ("site.xml", WXR, "text/xml")},
    "/admin/subscribers/import": {"file": ("readers.csv", b"email\nnew@example.org\n", "text/csv")},
}


def _objects(services) -> dict[str, int]:
    """One of each thing a media, moderation or taxonomy route may act on."""
    with services.writes.begin() as session:
        image = f.image(services, session)
        news = f.section(session, "News")
        article = f.article(services, session, section=news, tags=["Budget", "Second"])
        f.section(session, "Sport", position=1)
        comment = comment_actions.add_comment(
            session,
            services.keys,
            article_id=article.id,
            name="Reader",
            email="reader@example.org",
            body="A comment to moderate.",
            now=services.clock(),
        )
        tag = session.scalar(select(Tag).where(Tag.name == "Budget"))
        assert tag is not None
        run_id = runs.start(session, "site.xml", actor=SYSTEM, dry_run=True, now=services.clock())
        return {
            "run_id": run_id,
            "image_id": image.id,
            "comment_id": comment.id,
            "section_id": news.id,
            "tag_id": tag.id,
        }


@pytest.mark.parametrize("path, method", _state_changing())
def test_state_changing_route_refuses_forgery(services, client, staff, path, method) -> None:
    token = sign_in(client, staff.admin) if path != "/admin/login" else csrf_token(client)
    url = _url(path, _targets(services, staff, path))
    body = BODIES.get(path, {})
    before = _snapshot(services)
    attempts = [
        ({}, body),
        ({}, {**body, "csrf_token": "forged" + token[6:]}),
        ({"X-CSRF-Token": "0" * len(token)}, body),
        ({"Origin": "https://evil.example"}, {**body, "csrf_token": token}),
        ({"Origin": "null"}, {**body, "csrf_token": token}),
        ({"Referer": "https://evil.example/page"}, {**body, "csrf_token": token}),
        ({"Sec-Fetch-Site": "cross-site"}, {**body, "csrf_token": token}),
    ]
    for headers, data in attempts:
        response = client.request(method, url, data=data, headers=headers)
        assert response.status_code == 403, (headers, data, response.status_code)
        assert response.headers["cache-control"] == "private, no-store"
        assert _snapshot(services) == before, (headers, data)
    # The same request from the site itself, with the token, goes through.
    good = client.request(
        method,
        url,
        data={**body, "csrf_token": token},
        headers={"Origin": "http://testserver"},
        files=FILES.get(path),
    )
    assert good.status_code < 400, good.text
    assert (_snapshot(services) == before) is (path in READ_ONLY)


def test_the_header_token_works_for_scripts(services, client, staff) -> None:
    token = sign_in(client, staff.admin)
    response = client.post(
        f"/admin/users/{staff.author.id}/role",
        data={"role": "editor"},
        headers={"X-CSRF-Token": token},
    )
    assert response.status_code == 303


def test_a_state_changing_request_without_a_session_is_refused(services, client, staff) -> None:
    response = client.post(f"/admin/users/{staff.author.id}/active", data={"active": "0"})
    assert response.status_code == 403


def _readable() -> list[str]:
    """Admin routes a GET reaches: Starlette answers HEAD on each of them too."""
    return [r.path for r in _admin_routes() if "GET" in (r.methods or set())]


def test_head_is_answered_as_a_read(services, client, staff) -> None:
    """The guard treats HEAD as safe (no token checked), so a view must never treat it as
    a write: cross-site, with the form's fields in the query, nothing changes. Every
    route on one site, one after the other: none may change what the next one sees."""
    sign_in(client, staff.admin)
    objects = _objects(services)
    for path in _readable():
        url = _url(path, _targets(services, staff, path, objects))
        before = _snapshot(services)
        for headers in ({}, {"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}):
            response = client.head(url, params=BODIES.get(path, {}), headers=headers)
            assert response.status_code in (200, 303), (path, response.status_code)
            assert _snapshot(services) == before, path


def test_cross_site_heads_to_the_login_are_no_attempts(services, client, staff) -> None:
    evil = {"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}
    for _ in range(6):
        client.head(
            "/admin/login", params={"email": staff.editor.email, "password": "wrong"}, headers=evil
        )
    signed_in = sign_in(client, staff.editor)  # not throttled: those were no attempts
    assert signed_in
    assert client.get("/admin/").status_code == 200
