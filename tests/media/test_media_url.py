"""Every place a picture's URL appears links it through the one builder, ``MediaUrls``: at
``THEPOST_MEDIA_URL`` when it is set (a CDN), never at the site's own ``/media/`` route
then; at ``/media/`` otherwise, made absolute with the site's base URL wherever a reader
outside the page needs it (Open Graph, JSON-LD, feeds, sitemaps). Pages of each kind,
each feed format, the sitemaps and the newsroom's pages, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re

import pytest
from starlette.testclient import TestClient

import factories as f
from admin.conftest import make_user, sign_in
from thepost.app import create_app
from thepost.content import actions, editorial
from thepost.permissions import SYSTEM

CDN = "https://cdn.example/m"
# A rendition's URL anywhere in a document (also inside escaped HTML or JSON strings), with
# what stands before its key: the base it is linked at.
RENDITION = re.compile(r"([^\s\"'<>,;=(]*)img/[0-9a-f]{2}/[0-9a-f]{64}/\d+\.(?:webp|jpg)")
OUR_ROUTE = re.compile(r"(?<!/admin)/media/")
IMG_TAG = re.compile(r"<(?:img|source)\b[^>]*>")
ATTRIBUTE = re.compile(r'\s(src|srcset)="([^"]*)"')
META_IMAGE = re.compile(r'<meta (?:property="og:image"|name="twitter:image") content="([^"]*)"')
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture(params=["cdn", "own route"])
def settings(settings, request):
    if request.param == "cdn":
        return settings.model_copy(update={"media_url": CDN})
    return settings


def bases(settings) -> tuple[str, str]:
    """Where pages link pictures, and where readers outside them find them."""
    if settings.media_url:
        return CDN + "/", CDN + "/"
    return "/media/", settings.base_url.rstrip("/") + "/media/"


@pytest.fixture
def site(services):
    with services.writes.begin() as session:
        harbour = f.section(session, "Harbour")
        jane = f.author(session, "Jane Smith", photo_id=f.image(services, session).id)
        featured = f.image(services, session, caption="The quay at dawn")
        figure = f.image(services, session, caption="Cranes at work")
        logo = f.image(services, session)
        actions.update_site_settings(session, services.bus, actor=SYSTEM, logo_id=logo.id)
        body = f"The cranes came back.\n\n![A crane](image:{figure.id})\n\nWork starts Monday."
        story = f.article(
            services,
            session,
            title="Cranes return to the harbour",
            section=harbour,
            authors=[jane],
            tags=["Cranes"],
            featured_image_id=featured.id,
            body=body,
        )
        f.article(
            services,
            session,
            title="Ferry timetable changes",
            section=harbour,
            authors=[jane],
            tags=["Cranes"],
            featured_image_id=featured.id,
        )
        draft = f.article(
            services,
            session,
            title="Draft about cranes",
            section=harbour,
            featured_image_id=featured.id,
            body=body,
            publish=False,
        )
        token, _ = editorial.preview_token(
            session, services.keys, draft.id, actor=SYSTEM, now=services.clock()
        )
        return {
            "story": story.id,
            "path": f"/harbour/{story.slug}",
            "figure": figure.id,
            "preview": token,
        }


def _prefixes(document: str) -> set[str]:
    found = {m.group(1) for m in RENDITION.finditer(document)}
    assert found, "no picture in the document"
    return found


def _check_html(page: str, settings, *, figure: bool = False) -> None:
    """Every ``<img>``/``<source>`` URL at the pages' base; nothing at our own route
    when a CDN is set; the article's inline figure there too when asked."""
    shown, outside = bases(settings)
    urls = []
    for tag in IMG_TAG.findall(page):
        for name, value in ATTRIBUTE.findall(tag):
            urls += [part.split()[0] for part in value.split(",")] if name == "srcset" else [value]
    pictures = [u for u in urls if "/img/" in u]
    assert pictures and all(u.startswith(shown) for u in pictures), pictures
    assert any(" srcset=" in tag for tag in IMG_TAG.findall(page))
    assert _prefixes(page) <= {shown, outside}
    if settings.media_url:
        assert not OUR_ROUTE.search(page), OUR_ROUTE.search(page)
    if figure:
        assert re.search(
            r'<figure class="inline"><picture><source type="image/webp" srcset="'
            + re.escape(shown),
            page,
        )


def _check_social(page: str, settings) -> None:
    """og:image and twitter:image, absolute, at the readers' base."""
    _, outside = bases(settings)
    found = META_IMAGE.findall(page)
    assert len(found) == 2 and all(u.startswith(outside) for u in found), found


def _json_ld_images(page: str) -> list[str]:
    objects = [json.loads(text) for text in JSON_LD.findall(page)]
    article = next(o for o in objects if o["@type"] == "NewsArticle")
    return [i["url"] for i in article["image"]] + [article["thumbnailUrl"]]


def test_each_page_links_pictures_at_the_media_base(client, settings, site) -> None:
    _, outside = bases(settings)
    article = client.get(site["path"])
    assert article.status_code == 200
    _check_html(article.text, settings, figure=True)
    _check_social(article.text, settings)
    images = _json_ld_images(article.text)
    assert len(images) == 2 and all(u.startswith(outside) for u in images), images
    assert 'class="brand-logo"' in article.text  # the site's logo, linked the same way

    for listing in ("/", "/harbour", "/tag/cranes", "/latest", "/search?q=cranes"):
        page = client.get(listing)
        assert page.status_code == 200, listing
        _check_html(page.text, settings)
    author = client.get("/author/jane-smith").text
    _check_html(author, settings)
    assert 'class="author-photo"' in author
    _check_social(author, settings)

    preview = client.get(f"/preview/{site['preview']}")
    assert preview.status_code == 200
    _check_html(preview.text, settings, figure=True)


@pytest.mark.parametrize(
    "path",
    [
        "/feed/{kind}",
        "/harbour/feed/{kind}",
        "/tag/cranes/feed/{kind}",
        "/author/jane-smith/feed/{kind}",
    ],
)
def test_each_feed_links_pictures_absolutely(client, settings, site, path) -> None:
    _, outside = bases(settings)
    for kind in ("rss", "atom", "json"):
        feed = client.get(path.format(kind=kind))
        assert feed.status_code == 200
        assert _prefixes(feed.text) == {outside}, kind
        if settings.media_url:
            assert not OUR_ROUTE.search(feed.text), kind
        if kind == "json":
            items = json.loads(feed.text)["items"]
            story = next(i for i in items if i["title"] == "Cranes return to the harbour")
            assert story["image"].startswith(outside)
            assert story["attachments"][0]["url"].startswith(outside)
            assert f'srcset="{outside}' in story["content_html"]  # the inline figure
            continue
        assert re.search(r'<media:content [^>]*url="' + re.escape(outside), feed.text), kind
        if kind == "rss":
            assert re.search(r'<enclosure [^>]*url="' + re.escape(outside), feed.text)
        # the figure, in the story's HTML (a CDATA section)
        assert '<source type="image/webp" srcset="' + outside in feed.text


def test_the_sitemaps_link_pictures_absolutely(client, settings, site) -> None:
    _, outside = bases(settings)
    index = client.get("/sitemap.xml").text
    articles = client.get("/sitemap-articles-1.xml").text
    locs = re.findall(r"<image:loc>([^<]*)</image:loc>", articles)
    assert len(locs) == 2 and all(u.startswith(outside) for u in locs), locs
    assert _prefixes(articles) == {outside}
    for document in (
        index,
        articles,
        client.get("/sitemap-pages.xml").text,
        client.get("/sitemap-news.xml").text,
    ):
        if settings.media_url:
            assert not OUR_ROUTE.search(document)


def test_the_newsroom_shows_pictures_at_the_media_base(settings, services, site) -> None:
    admin = make_user(services, "admin")
    with TestClient(create_app(settings, services=services), follow_redirects=False) as client:
        sign_in(client, admin)
        for path in (
            "/admin/media",
            f"/admin/media/{site['figure']}",
            f"/admin/articles/{site['story']}",
        ):
            page = client.get(path)
            assert page.status_code == 200, path
            _check_html(page.text, settings)
