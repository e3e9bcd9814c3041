"""Sitemaps and robots.txt, validated against the sitemaps.org and Google extension XSDs,
on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest
from sqlalchemy import insert, select
from starlette.testclient import TestClient

import factories as f
from feeds import validate
from thepost.app import build_services, create_app
from thepost.content.models import Article, Section

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
IMAGE = "{http://www.google.com/schemas/sitemap-image/1.1}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def locs(root) -> list[str]:
    return [e.text for e in root.iter(f"{SM}loc")]


@pytest.fixture
def site(services):
    with services.writes.begin() as session:
        politics = f.section(session, "Politics")
        f.section(session, "Empty")
        jane = f.author(session, "Jane Smith")
        picture = f.image(services, session)
        lead = f.article(
            services,
            session,
            title="Rates & <growth> 🎉 עברית",
            section=politics,
            authors=[jane],
            tags=["Budget"],
            featured_image_id=picture.id,
        )
        old = f.article(
            services,
            session,
            title="Last week",
            section=politics,
            published=services.clock() - timedelta(days=7),
        )
        f.article(
            services, session, title="Not yet", published=services.clock() + timedelta(hours=1)
        )
        f.article(services, session, title="A draft", publish=False)
    return {"lead": lead, "old": old}


def test_index_lists_every_sitemap_and_all_validate(client, site) -> None:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/xml")
    assert "public" in response.headers["cache-control"]
    index = validate.sitemap(response.content)
    listed = locs(index)
    assert listed == [
        "http://127.0.0.1:8000/sitemap-pages.xml",
        "http://127.0.0.1:8000/sitemap-news.xml",
        "http://127.0.0.1:8000/sitemap-articles-1.xml",
    ]
    assert all(e.text for e in index.iter(f"{SM}lastmod"))
    for url in listed:
        body = client.get(url.removeprefix("http://127.0.0.1:8000")).content
        validate.sitemap(body)


def test_article_sitemap_has_live_articles_images_and_lastmod(client, site) -> None:
    root = validate.sitemap(client.get("/sitemap-articles-1.xml").content)
    urls = locs(root)
    assert urls == [
        f"http://127.0.0.1:8000/politics/{quote(site['lead'].slug)}",
        f"http://127.0.0.1:8000/politics/{site['old'].slug}",
    ]
    first = root.find(f"{SM}url")
    assert first.findtext(f"{SM}lastmod") == "2026-11-20T12:00:00+00:00"
    assert first.find(f"{IMAGE}image/{IMAGE}loc").text.endswith("/640.jpg")
    assert client.get("/sitemap-articles-2.xml").status_code == 404
    assert client.get("/sitemap-articles-0.xml").status_code == 404


def test_news_sitemap_has_the_last_48_hours_only(client, services, site) -> None:
    root = validate.sitemap(client.get("/sitemap-news.xml").content)
    assert locs(root) == [f"http://127.0.0.1:8000/politics/{quote(site['lead'].slug)}"]
    news = root.find(f"{SM}url/{NEWS}news")
    assert news.findtext(f"{NEWS}title") == "Rates & <growth> 🎉 עברית"  # escaped, read back
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == "The Post"
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "en"
    assert news.findtext(f"{NEWS}publication_date") == "2026-11-20T11:00:00+00:00"
    services.clock.advance(days=3)
    assert client.get("/sitemap-news.xml").status_code == 404  # nothing recent: no empty urlset
    assert "sitemap-news" not in client.get("/sitemap.xml").text


def test_pages_sitemap_lists_home_sections_authors_and_tags_with_stories(client, site) -> None:
    root = validate.sitemap(client.get("/sitemap-pages.xml").content)
    assert locs(root) == [
        "http://127.0.0.1:8000/",
        "http://127.0.0.1:8000/latest",
        "http://127.0.0.1:8000/politics",
        "http://127.0.0.1:8000/author/jane-smith",
        "http://127.0.0.1:8000/tag/budget",
    ]


def test_robots_points_at_the_index_and_keeps_out_of_admin(client, site) -> None:
    response = client.get("/robots.txt")
    assert response.status_code == 200
    lines = response.text.splitlines()
    assert "User-agent: *" in lines and "Disallow: /admin" in lines
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in lines


def test_an_empty_site_has_a_valid_index(client) -> None:
    index = validate.sitemap(client.get("/sitemap.xml").content)
    assert locs(index) == ["http://127.0.0.1:8000/sitemap-pages.xml"]
    validate.sitemap(client.get("/sitemap-pages.xml").content)
    assert client.get("/sitemap-articles-1.xml").status_code == 404


def test_thousands_of_articles_are_paged_and_streamed(settings, clock, services) -> None:
    """2,500 articles at 1,000 a page: three pages, every URL once, each page streamed."""
    with services.writes.begin() as session:
        section = f.section(session, "World")
        start = datetime(2026, 1, 1, tzinfo=UTC)
        session.execute(
            insert(Article),
            [
                {
                    "slug": f"story-{n}",
                    "title": f"Story {n}",
                    "status": "published",
                    "published_at": start + timedelta(minutes=n),
                    "first_published_at": start + timedelta(minutes=n),
                    "updated_at": start + timedelta(minutes=n),
                    "section_id": section.id,
                }
                for n in range(2500)
            ],
        )
        assert session.scalar(select(Section.id).where(Section.slug == "world"))
    # The view's own streaming, seen without the page cache (which keeps pages whole).
    small = build_services(
        settings.model_copy(update={"sitemap_page_size": 1000, "page_cache": False}), clock=clock
    )
    with TestClient(create_app(small.settings, services=small)) as paged:
        index = validate.sitemap(paged.get("/sitemap.xml").content)
        pages = [u for u in locs(index) if "sitemap-articles-" in u]
        assert len(pages) == 3
        seen: list[str] = []
        for number in (1, 2, 3):
            with paged.stream("GET", f"/sitemap-articles-{number}.xml") as response:
                assert "content-length" not in response.headers  # streamed, not built whole
                chunks = list(response.iter_bytes())
            root = validate.sitemap(b"".join(chunks))
            seen += locs(root)
        assert len(seen) == len(set(seen)) == 2500
        assert seen[0].endswith("/world/story-0") and seen[-1].endswith("/world/story-2499")
        last = validate.sitemap(paged.get("/sitemap-articles-3.xml").content)
        assert last.findtext(f"{SM}url/{SM}lastmod").startswith("2026-01-02T")
        assert paged.get("/sitemap-articles-4.xml").status_code == 404
    small.engine.dispose()
