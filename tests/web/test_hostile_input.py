"""Strangers' URLs on both databases: a NUL in any path or in any parameter a page reads
is a 400 before a view sees it (PostgreSQL refuses NUL in text: it used to be a 500)."""

from __future__ import annotations

import pytest

import factories as f
from thepost.web import routes

# One real URL for each public route that reads the path or query.
PAGES = {
    "home": "/",
    "article": "/news/the-bridge-reopens",
    "section": "/news",
    "page": "/about/team/editors",
    "tag": "/tag/harbour",
    "author": "/author/layla-haddad",
    "latest": "/latest",
    "search": "/search?q=bridge",
    "search_suggest": "/search/suggest?q=bri",
    "feed": "/feed/rss",
    "section_feed": "/news/feed/rss",
    "tag_feed": "/tag/harbour/feed/atom",
    "author_feed": "/author/layla-haddad/feed/json",
    "comments_feed": "/news/the-bridge-reopens/comments/feed/rss",
    "preview": "/preview/abc",
    "comments_mine": "/comments/mine?article=1",
    "comment_received": "/comments/received?c=abc",
    "comments_unsubscribe": "/comments/unsubscribe?token=abc",
    "comments_confirm_replies": "/comments/confirm-replies?token=eyJjIjoxfQ.abc",
}


@pytest.fixture
def site(services):
    with services.writes.begin() as session:
        news = f.section(session, "News")
        author = f.author(session, "Layla Haddad")
        f.article(
            services,
            session,
            title="The bridge reopens",
            section=news,
            tags=["Harbour"],
            authors=[author],
        )


def nul_urls() -> list[tuple[str, str]]:
    urls = []
    for name, url in PAGES.items():
        path, _, query = url.partition("?")
        urls.append((name, path + "%00" + ("?" + query if query else "")))
        reads = [*routes.QUERY.get(name, {}), *(p.split("=")[0] for p in query.split("&") if p)]
        for param in dict.fromkeys(reads):
            sep = "&" if query else "?"
            urls.append((name, f"{url}{sep}{param}=a%00b"))
    return urls


def test_every_page_is_listed() -> None:
    public = {
        getattr(route, "name", "")
        for route in routes.table()
        if "GET" in (getattr(route, "methods", None) or ())
        and not str(getattr(route, "path", "")).startswith(("/admin", "/static", "/media"))
    }
    machine = {
        "robots",
        "sitemap_index",
        "sitemap_listings",
        "sitemap_news",
        "sitemap_articles",
        "healthz",
        "readyz",
    }
    assert public - machine <= set(PAGES)


@pytest.mark.parametrize(("name", "url"), nul_urls(), ids=lambda v: v)
def test_a_nul_is_refused(client, site, name, url) -> None:
    assert client.get(url).status_code == 400, (name, url)


def test_the_pages_themselves_answer(client, site) -> None:
    for name, url in PAGES.items():
        assert client.get(url).status_code < 500, name
