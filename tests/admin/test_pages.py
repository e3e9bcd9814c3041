"""The article list (filters, pagination, contributors' own view), users management, nav."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

from sqlalchemy import select

import factories as f
from admin.conftest import PASSWORD, login, sign_in
from thepost.accounts.models import LoginSession, User
from thepost.audit.models import AuditEntry
from thepost.content import actions
from thepost.permissions import SYSTEM


def _titles(html: str) -> list[str]:
    return [
        unescape(t)
        for t in re.findall(
            r'<td class="title-cell"><a href="/admin/articles/\d+">([^<]+)</a>', html
        )
    ]


def _newsroom(services, staff):
    with services.writes.begin() as session:
        politics = f.section(session, "Politics")
        sport = f.section(session, "Sport")
        jane = f.author(session, "Jane Reporter", user_id=staff.contributor.id)
        lee = f.author(session, "Lee Writer")
        made = {}
        for title, section, author, publish in [
            ("Budget vote delayed", politics, lee, True),
            ("Council budget & the 50% rule", politics, jane, False),
            ("Cup final tonight", sport, lee, True),
            ("Transfer window opens", sport, lee, False),
        ]:
            made[title] = f.article(
                services, session, title=title, section=section, authors=[author], publish=publish
            )
            services.clock.advance(minutes=5)
        # A draft the contributor wrote without a byline is theirs too.
        data = actions.ArticleInput(title="Contributor pitch", body="Idea.")
        actions.save_article(
            session,
            services.bus,
            services.media_urls,
            data,
            actor=staff.contributor,
            now=services.clock(),
        )
        actions.submit_article(
            session,
            services.bus,
            made["Transfer window opens"].id,
            actor=SYSTEM,
            now=services.clock() - timedelta(minutes=1),
        )
    return {"politics": politics, "sport": sport, "jane": jane, "lee": lee, **made}


def test_article_list_filters(services, client, clock, staff) -> None:
    site = _newsroom(services, staff)
    sign_in(client, staff.editor)
    page = client.get("/admin/articles")
    assert page.status_code == 200
    assert _titles(page.text)[0] == "Contributor pitch"  # most recently changed first
    assert len(_titles(page.text)) == 5
    assert 'class="status status-pending">pending' in page.text
    assert "Jane Reporter" in page.text and "Politics" in page.text

    def titles(**params: object) -> set[str]:
        response = client.get("/admin/articles", params=params)
        assert response.status_code == 200
        return set(_titles(response.text))

    assert titles(status="published") == {"Budget vote delayed", "Cup final tonight"}
    assert titles(status="pending") == {"Transfer window opens"}
    assert titles(section=site["sport"].id) == {"Cup final tonight", "Transfer window opens"}
    assert titles(author=site["jane"].id) == {"Council budget & the 50% rule"}
    assert titles(q="BUDGET") == {"Budget vote delayed", "Council budget & the 50% rule"}
    assert titles(q="50%") == {"Council budget & the 50% rule"}  # % is text, not a wildcard
    assert titles(q="budget", status="draft", section=site["politics"].id) == {
        "Council budget & the 50% rule"
    }
    assert titles(status="nonsense", section="x", author="-1") == titles()  # junk filters nothing
    assert "No articles match" in client.get("/admin/articles?q=zebra").text
    assert (
        client.get("/admin/articles", params={"q": "<script>alert(1)</script>"}).status_code == 200
    )
    assert "<script>alert(1)" not in client.get("/admin/articles?q=<script>alert(1)</script>").text


def _tiles(html: str) -> dict[str, int]:
    found = re.findall(r'tile-count">(\d+)</span> <span class="status status-(\w+)"', html)
    return {status: int(count) for count, status in found}


def test_dashboard_counts_stories_as_readers_see_them(services, client, clock, staff) -> None:
    _newsroom(services, staff)
    with services.writes.begin() as session:
        f.article(
            services, session, title="Embargoed report", published=clock.now + timedelta(hours=1)
        )
    sign_in(client, staff.editor)
    before = _tiles(client.get("/admin/").text)
    assert (before["published"], before["scheduled"], before["pending"]) == (2, 1, 1)
    clock.advance(hours=3)  # the embargo lifts; nothing runs
    sign_in(client, staff.editor)  # (the sign-in has timed out meanwhile)
    page = client.get("/admin/").text
    assert (_tiles(page)["published"], _tiles(page)["scheduled"]) == (3, 0)
    assert 'Embargoed report</a> <span class="status status-published">' in page


def test_contributors_see_only_their_own(services, client, staff) -> None:
    _newsroom(services, staff)
    sign_in(client, staff.contributor)
    page = client.get("/admin/articles")
    assert set(_titles(page.text)) == {"Council budget & the 50% rule", "Contributor pitch"}
    assert "of yours" in page.text
    sign_in(client, staff.author)  # an author with no stories sees none
    assert _titles(client.get("/admin/articles").text) == []


def test_article_list_pagination(services, client, staff) -> None:
    with services.writes.begin() as session:
        for n in range(30):
            f.article(services, session, title=f"Story {n:02d}", publish=False)
            services.clock.advance(minutes=1)
    sign_in(client, staff.admin)
    first = client.get("/admin/articles")
    assert _titles(first.text)[:2] == ["Story 29", "Story 28"] and len(_titles(first.text)) == 25
    assert "Page 1 of 2" in first.text and 'href="/admin/articles?page=2"' in first.text
    second = client.get("/admin/articles?page=2")
    assert _titles(second.text) == [f"Story {n:02d}" for n in range(4, -1, -1)]
    filtered = client.get("/admin/articles?q=story&page=2")
    assert len(_titles(filtered.text)) == 5
    assert 'href="/admin/articles?q=story"' in filtered.text  # filters kept when paging
    assert client.get("/admin/articles?page=3").status_code == 404
    assert client.get("/admin/articles?page=-1").status_code == 404
    assert client.get("/admin/articles?page=abc").status_code == 200


def test_nav_shows_what_the_role_may_do(services, client, staff) -> None:
    sign_in(client, staff.author)
    page = client.get("/admin/").text
    assert 'href="/admin/articles"' in page
    assert 'href="/admin/users"' not in page and 'href="/admin/audit"' not in page
    assert client.get("/admin/users").status_code == 403
    assert client.get("/admin/audit").status_code == 403
    sign_in(client, staff.admin)
    page = client.get("/admin/").text
    assert 'href="/admin/users"' in page and 'href="/admin/audit"' in page


def test_users_are_managed_by_admins(services, client, staff) -> None:
    token = sign_in(client, staff.admin)
    listing = client.get("/admin/users")
    assert listing.status_code == 200 and staff.contributor.email in listing.text

    bad = client.post(
        "/admin/users/new",
        data={
            "csrf_token": token,
            "email": "not-an-email",
            "display_name": "Sam <b>Lee</b>",
            "password": "password1234",
            "role": "overlord",
        },
    )
    assert bad.status_code == 400
    assert 'value="Sam &lt;b&gt;Lee&lt;/b&gt;"' in bad.text  # text kept, escaped
    for field in ("email", "password", "role"):
        assert f'id="f-{field}-error"' in bad.text, field
    assert "too common" in bad.text

    made = client.post(
        "/admin/users/new",
        data={
            "csrf_token": token,
            "email": "Sam@ThePost.test",
            "display_name": "Sam Lee",
            "password": "quartz meadow lantern",
            "role": "author",
        },
    )
    assert made.status_code == 303
    with services.reads() as session:
        sam = session.scalar(select(User).where(User.email == "sam@thepost.test"))
    assert sam is not None and sam.role == "author"

    role = client.post(f"/admin/users/{sam.id}/role", data={"csrf_token": token, "role": "editor"})
    assert role.status_code == 303
    junk = client.post(f"/admin/users/{sam.id}/role", data={"csrf_token": token, "role": "root"})
    assert junk.status_code == 400 and "Role must be one of" in junk.text
    assert (
        client.post(
            "/admin/users/99999/role", data={"csrf_token": token, "role": "editor"}
        ).status_code
        == 404
    )

    # Deactivating signs the person out everywhere.
    from starlette.testclient import TestClient

    from thepost.app import create_app

    with TestClient(
        create_app(services.settings, services=services), follow_redirects=False
    ) as sams:
        assert login(sams, "sam@thepost.test", "quartz meadow lantern").status_code == 303
        off = client.post(
            f"/admin/users/{sam.id}/active", data={"csrf_token": token, "active": "0"}
        )
        assert off.status_code == 303
        assert sams.get("/admin/").status_code == 303
    with services.reads() as session:
        assert session.scalar(select(LoginSession.id).where(LoginSession.user_id == sam.id)) is None
        logged = list(
            session.scalars(select(AuditEntry.action).where(AuditEntry.user_id == staff.admin.id))
        )
    assert {"user.create", "user.role", "user.deactivate"} <= set(logged)

    # The last admin can neither leave nor be demoted.
    self_off = client.post(
        f"/admin/users/{staff.admin.id}/active", data={"csrf_token": token, "active": "0"}
    )
    assert self_off.status_code == 400 and "your own account" in self_off.text
    demote = client.post(
        f"/admin/users/{staff.admin.id}/role", data={"csrf_token": token, "role": "editor"}
    )
    assert demote.status_code == 400 and "at least one active admin" in demote.text


def test_non_admins_cannot_manage_users_over_http(services, client, staff) -> None:
    token = sign_in(client, staff.editor)
    response = client.post(
        f"/admin/users/{staff.author.id}/role", data={"csrf_token": token, "role": "admin"}
    )
    assert response.status_code == 403
    with services.reads() as session:
        assert session.get(User, staff.author.id).role == "author"


def test_login_next_stays_inside_the_admin(services, client, staff) -> None:
    for target in ("https://evil.example/", "//evil.example/admin/", "/admin/\\evil"):
        response = login(client, staff.editor.email, PASSWORD, next=target)
        assert response.headers["location"] == "/admin/", target


def test_admin_redirects_and_headers(services, client, staff) -> None:
    assert client.get("/admin").headers["location"].startswith("/admin/login")
    login_page = client.get("/admin/login")
    assert login_page.headers["cache-control"] == "private, no-store"
    assert "thepost_login" in client.cookies  # the seed of the login form's CSRF token
    sign_in(client, staff.editor)
    assert client.get("/admin").headers["location"] == "/admin/"
    assert client.get("/admin/nothing-here").status_code == 404
