"""Every response carries the security headers: each route of the table, whatever it
answers (page, redirect, refusal, error), and the page cache's hits, 304s and HEADs."""

from __future__ import annotations

import re

import pytest
from starlette.routing import Route

import factories as f
from thepost.config import Settings
from thepost.web import routes
from thepost.web.security import content_security_policy

PATH = "/news/the-bridge-reopens"
SITE = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "cross-origin-opener-policy": "same-origin",
    "x-frame-options": "SAMEORIGIN",
}
ADMIN = {**SITE, "referrer-policy": "same-origin", "x-frame-options": "DENY"}


@pytest.fixture
def story(services):
    with services.writes.begin() as session:
        news = f.section(session, "News")
        return f.article(services, session, title="The bridge reopens", section=news)


def assert_secured(response, *, admin: bool = False) -> None:
    where = f"{response.request.method} {response.request.url} -> {response.status_code}"
    for name, value in (ADMIN if admin else SITE).items():
        assert response.headers.get(name) == value, (where, name)
    policy = response.headers.get("content-security-policy", "")
    for part in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ):
        assert part in policy, (where, part)
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert ("frame-ancestors 'none'" if admin else "frame-ancestors 'self'") in policy, where
    permissions = response.headers.get("permissions-policy", "")
    for feature in (
        "camera",
        "microphone",
        "geolocation",
        "payment",
        "usb",
        "interest-cohort",
        "browsing-topics",
    ):
        assert f"{feature}=()" in permissions, (where, feature)
    assert "strict-transport-security" not in response.headers, where  # plain http


def _url(path: str) -> str:
    return re.sub(
        r"\{(\w+)(:\w+)?\}",
        lambda m: "1" if m.group(2) == ":int" else ("a/b.jpg" if m.group(2) == ":path" else "x"),
        path,
    )


def _every_route() -> list[tuple[str, str]]:
    found = []
    for route in routes.table():
        if isinstance(route, Route):
            for method in sorted(route.methods or {"GET"}):
                found.append((_url(route.path), method))
        else:  # mounts: static files
            found.append((getattr(route, "path", "") + "/site.css", "GET"))
    return found


def test_every_route_answers_with_the_headers(client, story) -> None:
    checked = _every_route()
    assert len(checked) > 40
    for url, method in checked:
        response = client.request(method, url)
        assert_secured(response, admin=url.startswith("/admin"))


def test_pages_errors_and_redirects_carry_them(client, story) -> None:
    for url in (
        PATH,
        "/",
        "/static/site.css",
        "/feed/rss",
        "/sitemap.xml",
        "/no/such/page",
        "/admin/login",
        "/admin",
    ):
        assert_secured(client.get(url), admin=url.startswith("/admin"))
    assert client.get("/admin").status_code in (302, 303)


def test_cached_hits_heads_and_304s_carry_them(client, story) -> None:
    first = client.get(PATH, headers={"Accept-Encoding": "gzip"})
    hit = client.get(PATH, headers={"Accept-Encoding": "gzip"})
    assert len(client.app.page_cache.store) == 1
    head = client.head(PATH, headers={"Accept-Encoding": "gzip"})
    unchanged = client.get(
        PATH, headers={"Accept-Encoding": "gzip", "If-None-Match": first.headers["etag"]}
    )
    assert unchanged.status_code == 304
    for response in (first, hit, head, unchanged):
        assert_secured(response)
        # once: never stored with the page and added again on the way out
        assert response.headers.get_list("x-content-type-options") == ["nosniff"]


def test_hsts_only_over_https_when_set(tmp_path, services, story) -> None:
    from starlette.testclient import TestClient

    from thepost.app import create_app

    settings = Settings(
        data_dir=tmp_path / "d", database_url=services.settings.database_url, hsts_seconds=600
    )
    with TestClient(create_app(settings, services=services), follow_redirects=False) as plain:
        assert "strict-transport-security" not in plain.get(PATH).headers
    secure = TestClient(
        create_app(settings, services=services),
        base_url="https://testserver",
        follow_redirects=False,
    )
    with secure:
        for url in (PATH, PATH, "/admin/login"):
            answer = secure.get(url)
            assert answer.headers["strict-transport-security"] == "max-age=600; includeSubDomains"
    off = TestClient(
        create_app(services.settings, services=services), base_url="https://testserver"
    )
    with off:
        assert "strict-transport-security" not in off.get(PATH).headers


def test_pictures_may_come_from_the_media_host() -> None:
    policy = content_security_policy(media_url="https://cdn.example.com/pictures")
    assert "img-src 'self' https://cdn.example.com;" in policy
    assert "img-src 'self';" in content_security_policy(media_url="/media")
