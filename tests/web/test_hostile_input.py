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
    "live_updates": "/liveblog/1/updates?t=1",
    "live_older": "/liveblog/1/older?after=1",
    "live_feed": "/liveblog/1/feed/rss",
    "comments_mine": "/comments/mine?article=1",
    "comment_received": "/comments/received?c=abc",
    "comments_unsubscribe": "/comments/unsubscribe?token=abc",
    "comments_confirm_replies": "/comments/confirm-replies?token=eyJjIjoxfQ.abc",
    "newsletters": "/newsletters",
    "newsletters_check": "/newsletters/check",
    "newsletter_confirm": "/newsletters/confirm?token=WzEsImsiLCJlIl0.abc",
    "newsletter_preferences": "/newsletters/preferences?token=WzEsImsiXQ.abc",
    "newsletter_unsubscribe": "/newsletters/unsubscribe?token=WzEsImsiLDFd.abc",
    "newsletter_opened": "/newsletters/o/WzFd.abc.gif",
    "newsletter_clicked": "/newsletters/c/WzFd.abc/0",
    "account": "/account",
    "account_sign_in": "/account/sign-in?next=/news",
    "account_check": "/account/check",
    "account_link": "/account/link?token=abc",
    # The API and the translations of Ghost's and WordPress's: each with its parameters.
    "api_articles": "/api/v1/articles?limit=5&section=news&fields=id,title&include=tags",
    "api_article": "/api/v1/articles/1?include=authors",
    "api_article_by_slug": "/api/v1/articles/slug/the-bridge-reopens",
    "api_article_comments": "/api/v1/articles/1/comments",
    "api_article_live": "/api/v1/articles/1/live?after=2",
    "api_pages": "/api/v1/pages?limit=5",
    "api_page": "/api/v1/pages/1",
    "api_sections": "/api/v1/sections",
    "api_section": "/api/v1/sections/news",
    "api_tags": "/api/v1/tags?page=1",
    "api_tag": "/api/v1/tags/harbour",
    "api_authors": "/api/v1/authors",
    "api_author": "/api/v1/authors/layla-haddad",
    "api_search": "/api/v1/search?q=bridge&sort=newest",
    "api_menus": "/api/v1/menus",
    "api_newsletters": "/api/v1/newsletters",
    "api_admin_subscribers": "/api/v1/admin/subscribers?q=a&status=active",
    "api_settings": "/api/v1/settings",
    "api_admin_article_revisions": "/api/v1/admin/articles/1/revisions",
    "api_admin_pages_list": "/api/v1/admin/pages",
    "api_admin_comments": "/api/v1/admin/comments?status=pending",
    "api_openapi": "/api/v1/openapi.json",
    "api_docs": "/api/docs",
    **{
        f"ghost_{kind}{suffix}": f"/ghost/api/content/{kind}/{tail}?key="
        + "0" * 26
        + "&limit=2&filter=tag:harbour"
        for kind in ("posts", "pages", "authors", "tags")
        for suffix, tail in (("", ""), ("_one", "1/"), ("_slug", "slug/harbour/"))
    },
    "ghost_settings": "/ghost/api/content/settings/?key=" + "0" * 26,
    "ghost_tiers": "/ghost/api/content/tiers/?key=" + "0" * 26,
    "ghost_newsletters": "/ghost/api/content/newsletters/?key=" + "0" * 26,
    **{
        f"wp_{kind}{suffix}": f"/wp-json/wp/v2/{kind}{tail}?per_page=2&_fields=id"
        for kind in ("posts", "pages", "categories", "tags", "users", "media")
        for suffix, tail in (("", ""), ("_one", "/1"))
    },
    "wp_search": "/wp-json/wp/v2/search?search=bridge",
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
        own = [
            key
            for route in routes.table()
            if getattr(route, "name", "") == name
            for key in getattr(route, "query_reads", {})
        ]
        reads = [
            *routes.QUERY.get(name, {}), *own, *(p.split("=")[0] for p in query.split("&") if p)
        ]  # fmt: skip
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


def test_a_nul_is_refused(client, site) -> None:
    """Every route and parameter on one site (the refusal comes before any view, so no
    request changes what the next one sees): every failure is listed."""
    refused = [(name, url) for name, url in nul_urls() if client.get(url).status_code != 400]
    assert not refused


def test_the_pages_themselves_answer(client, site) -> None:
    for name, url in PAGES.items():
        assert client.get(url).status_code < 500, name
