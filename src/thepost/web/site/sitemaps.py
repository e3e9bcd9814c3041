"""Sitemaps (sitemaps.org 0.9 with Google's image and news extensions) and robots.txt.

``/sitemap.xml`` is an index of ``/sitemap-pages.xml`` (home, pages such as About, and
the sections, authors and tags),
``/sitemap-news.xml`` (articles of the last 48 hours) and ``/sitemap-articles-N.xml``
(every live article, ``THEPOST_SITEMAP_PAGE_SIZE`` a page, in id order so a page's
contents change little as the archive grows). Article pages are streamed from a database
cursor: a page of 50,000 URLs is written out as it is read, never held whole in memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse

from thepost.content import feeds, page_queries, site
from thepost.content.feeds import SitemapRow
from thepost.media.urls import MediaUrls
from thepost.web import deps, urls
from thepost.web.site import rendering
from thepost.web.site.feeds import conditional
from thepost.web.site.syndication import clean

XML_TYPE = "application/xml; charset=utf-8"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
IMAGE_NS = "http://www.google.com/schemas/sitemap-image/1.1"
XHTML_NS = "http://www.w3.org/1999/xhtml"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
CHUNK = 64 * 1024


def _text(value: str) -> str:
    return escape(clean(value), quote=False)


def _w3c(value: datetime) -> str:
    return value.astimezone(UTC).replace(microsecond=0).isoformat()


def _url(loc: str, lastmod: datetime | None, extra: str = "") -> str:
    modified = f"<lastmod>{_w3c(lastmod)}</lastmod>" if lastmod is not None else ""
    return f"<url><loc>{_text(loc)}</loc>{modified}{extra}</url>\n"


def _image(media_urls: MediaUrls, row: SitemapRow) -> str:
    return _picture(media_urls, row.image_sha256, row.image_widths)


def _picture(media_urls: MediaUrls, sha256: str | None, widths: tuple[int, ...]) -> str:
    if not sha256 or not widths:
        return ""
    loc = media_urls.jpeg(sha256, max(widths))
    return f"<image:image><image:loc>{_text(loc)}</image:loc></image:image>"


def _article_loc(base: str, row: SitemapRow) -> str:
    return base + urls.article_path(row.section_slug, row.slug, row.language)


def _alternates(shown: site.SiteSettings, versions: list[tuple[str, str]]) -> str:
    """``xhtml:link`` alternates of a URL's versions, (language as kept, absolute URL)
    each, itself among them; the site's own language's is also the x-default."""
    if len(versions) < 2:
        return ""
    links = [(language or shown.main_language, url) for language, url in versions] + [
        ("x-default", url) for language, url in versions if not language
    ]
    return "".join(
        f'<xhtml:link rel="alternate" hreflang="{_text(tag)}" href="{_text(url)}"/>'
        for tag, url in links
    )


def _story_versions(
    base: str, groups: dict[int, list[tuple[str, str, str]]], row: SitemapRow
) -> list[tuple[str, str]]:
    versions = groups.get(row.translation_of_id or row.article_id, [])
    return [(lang, base + urls.article_path(sec, slug, lang)) for lang, sec, slug in versions]


def _chunks(parts: Iterable[str]) -> Iterator[bytes]:
    """Join small strings into writes of about 64 KiB."""
    buffer: list[str] = []
    size = 0
    for part in parts:
        buffer.append(part)
        size += len(part)
        if size >= CHUNK:
            yield "".join(buffer).encode()
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer).encode()


def _http_date(value: datetime) -> str:
    return format_datetime(value.astimezone(UTC).replace(microsecond=0), usegmt=True)


def _document(
    request: Request, root: str, parts: list[str], last_modified: datetime | None
) -> Response:
    """A small sitemap built whole (index, listings, news), with ETag and Last-Modified."""
    closing = "</" + root[1:].split()[0].rstrip(">") + ">\n"
    document = f"{HEAD}{root}\n{''.join(parts)}{closing}"
    return conditional(request, document.encode(), XML_TYPE, last_modified)


def index(request: Request) -> Response:
    services = deps.services(request)
    now = services.clock()
    base = rendering.base_url(request)
    with services.reads() as session:
        pages = feeds.sitemap_pages(session, now=now, size=services.settings.sitemap_page_size)
        news = feeds.news_rows(session, now=now)
        newest = feeds.newest_change(session, now=now)
        listed = _newest(newest, page_queries.newest_change(session, now=now))
    entries = [(urls.sitemap_listings(), listed)]
    if news:
        entries.append((urls.sitemap_news(), max(r.updated_at for r in news)))
    entries += [(urls.sitemap_articles(n), lastmod) for n, lastmod in enumerate(pages, 1)]
    parts = [
        f"<sitemap><loc>{_text(base + path)}</loc>"
        + (f"<lastmod>{_w3c(lastmod)}</lastmod>" if lastmod else "")
        + "</sitemap>\n"
        for path, lastmod in entries
    ]
    return _document(request, f'<sitemapindex xmlns="{SITEMAP_NS}">', parts, newest)


def _newest(*values: datetime | None) -> datetime | None:
    return max((v for v in values if v is not None), default=None)


def listings(request: Request) -> Response:
    """The home page, the latest list, every live page (About, ...), and every section,
    author and tag page with stories."""
    services = deps.services(request)
    now = services.clock()
    base = rendering.base_url(request)
    size = services.settings.sitemap_page_size
    with services.reads() as session:
        settings = rendering.site_settings(services, session)
        newest = feeds.newest_change(session, now=now)
        shown = page_queries.sitemap_rows(session, now=now)[: max(0, size - 2)]
        found = feeds.listings(session, now=now, limit=max(0, size - 2 - len(shown)))
        for language in settings.languages:  # each other language's sections with stories
            found += feeds.listings(session, now=now, limit=size, language=language)
    editions = ["", *settings.languages]
    parts = []
    for listing in (urls.home, urls.latest)[: min(2, size)]:
        versions = [(e, base + listing(e)) for e in editions]
        parts += [_url(url, newest, _alternates(settings, versions)) for _, url in versions]
    groups: dict[int, list[tuple[str, str]]] = {}
    for row in shown:
        groups.setdefault(row.group, []).append((row.language, base + urls.page_path(row.path)))
    parts += [
        _url(
            base + urls.page_path(row.path),
            row.lastmod,
            _picture(services.media_urls, row.image_sha256, row.image_widths)
            + _alternates(settings, groups[row.group]),
        )
        for row in shown
    ]
    parts += [_url(base + urls.listing(i.kind, i.slug, i.language), i.lastmod) for i in found]
    del parts[size:]  # (the other languages' lists, past a page's worth)
    changed = _newest(newest, *(row.lastmod for row in shown))
    root = f'<urlset xmlns="{SITEMAP_NS}" xmlns:image="{IMAGE_NS}" xmlns:xhtml="{XHTML_NS}">'
    return _document(request, root, parts, changed)


def news(request: Request) -> Response:
    """Google News: articles published in the last 48 hours (at most 1,000)."""
    services = deps.services(request)
    now = services.clock()
    base = rendering.base_url(request)
    with services.reads() as session:
        rows = feeds.news_rows(session, now=now)
        settings = site.load(session)
    if not rows:
        raise HTTPException(404)  # an empty urlset is not a valid sitemap

    def publication(language: str) -> str:
        return (
            f"<news:publication><news:name>{_text(settings.name)}</news:name>"
            f"<news:language>{_text(language or settings.language)}</news:language>"
            "</news:publication>"
        )

    parts = [
        _url(
            _article_loc(base, row),
            max(row.updated_at, row.published_at),
            f"<news:news>{publication(row.language)}"
            f"<news:publication_date>{_w3c(row.published_at)}</news:publication_date>"
            f"<news:title>{_text(row.title)}</news:title></news:news>",
        )
        for row in rows
    ]
    newest = max(max(r.updated_at, r.published_at) for r in rows)
    return _document(
        request, f'<urlset xmlns="{SITEMAP_NS}" xmlns:news="{NEWS_NS}">', parts, newest
    )


def articles(request: Request) -> Response:
    """One page of the article sitemap, streamed as the rows arrive."""
    services = deps.services(request)
    number: int = request.path_params["number"]
    size = services.settings.sitemap_page_size
    base = rendering.base_url(request)
    now = services.clock()
    with services.reads() as session:
        pages = feeds.sitemap_pages(session, now=now, size=size)
        settings = rendering.site_settings(services, session)
        groups = feeds.translated(session, now=now) if settings.languages else {}
    if not 1 <= number <= len(pages):
        raise HTTPException(404)

    def document() -> Iterator[str]:
        yield (
            f'{HEAD}<urlset xmlns="{SITEMAP_NS}" xmlns:image="{IMAGE_NS}" '
            f'xmlns:xhtml="{XHTML_NS}">\n'
        )
        with services.reads() as session:
            for row in feeds.sitemap_rows(session, now=now, page=number, size=size):
                lastmod = max(row.updated_at, row.published_at)
                versions = _alternates(settings, _story_versions(base, groups, row))
                yield _url(
                    _article_loc(base, row), lastmod, _image(services.media_urls, row) + versions
                )
        yield "</urlset>\n"

    return StreamingResponse(
        _chunks(document()),
        media_type=XML_TYPE,
        headers={
            "Cache-Control": rendering.CACHE_CONTROL,
            "Last-Modified": _http_date(pages[number - 1]),
        },
    )


def robots(request: Request) -> Response:
    services = deps.services(request)
    base = rendering.base_url(request)
    with services.reads() as session:
        editions = rendering.site_settings(services, session).languages
    searches = "".join(f"Disallow: {urls.search_page(e)}\n" for e in ("", *editions))
    text = (
        "User-agent: *\n"
        "Disallow: /admin\n"
        f"{searches}"
        "Disallow: /comments/\n"
        "\n"
        f"Sitemap: {base}{urls.sitemap_index()}\n"
    )
    return PlainTextResponse(text, headers={"Cache-Control": rendering.CACHE_CONTROL})
