"""Feed views: the site, each section, tag and author, and each article's comments, as
RSS (``/feed/rss``), Atom (``.../feed/atom``) or JSON Feed (``.../feed/json``).

Each answers with ``ETag`` (a hash of the bytes) and ``Last-Modified`` (the newest item),
and ``304 Not Modified`` to a reader that already has them. Unknown slugs and kinds are 404.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from thepost.comments import feeds as comment_feeds
from thepost.comments.models import Comment
from thepost.content import feeds, live, queries, site, text
from thepost.content.models import Article, Author, Section, Tag
from thepost.i18n import N_, translate
from thepost.web import deps, urls
from thepost.web.site import params, rendering, syndication
from thepost.web.site.syndication import Channel, Item

KINDS = tuple(syndication.MEDIA_TYPES)


def conditional(
    request: Request, body: bytes, media_type: str, last_modified: datetime | None
) -> Response:
    """``body`` with a strong ``ETag`` and ``Last-Modified``, or 304 when the reader has it.
    ``If-None-Match`` wins over ``If-Modified-Since`` (RFC 9110, 13.2.2)."""
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {"ETag": etag, "Cache-Control": rendering.CACHE_CONTROL}
    if last_modified is not None:
        headers["Last-Modified"] = format_datetime(last_modified.replace(microsecond=0), True)
    if _not_modified(request, etag, last_modified):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


def _not_modified(request: Request, etag: str, last_modified: datetime | None) -> bool:
    match = request.headers.get("if-none-match")
    if match is not None:
        tags = [t.strip().removeprefix("W/") for t in match.split(",")]
        return "*" in tags or etag in tags
    since = request.headers.get("if-modified-since")
    if since is None or last_modified is None:
        return False
    try:
        when = parsedate_to_datetime(since)
    except (TypeError, ValueError, IndexError):
        return False
    if when.tzinfo is None:
        return False
    return last_modified.replace(microsecond=0) <= when


def _kind(request: Request) -> str:
    kind: str = request.path_params["kind"]
    if kind not in KINDS:
        raise HTTPException(404)
    return kind


def _absolute(request: Request, path: str) -> str:
    return deps.services(request).settings.base_url.rstrip("/") + path


def _feed_urls(request: Request, build: Callable[[str], str]) -> dict[str, str]:
    return {kind: _absolute(request, build(kind)) for kind in KINDS}


def _items(
    request: Request, session: Session, rows: list[Any], settings: site.SiteSettings
) -> list[Item]:
    """The feed items of ``rows`` (``content.feeds.articles``) in their order: each as
    stored with its story's page, or made from the story now when that is out of date;
    the text left out when the site's feeds give excerpts."""
    services = deps.services(request)
    stamp = rendering.page_stamp(request, session)
    stale = [row.id for row in rows if row.stamp != stamp or not row.feed]
    made = {
        article.id: syndication.article_item(
            services.settings.base_url, services.media_urls, article, language=settings.language
        )
        for article in queries.listing_by_ids(
            session, stale, now=services.clock(), tags=True, bodies=True
        )
    }
    base_url, full = services.settings.base_url, settings.feed_full_text

    def stored(row: Any) -> Item:
        # The body is left out of the stored item: the story's row has it.
        return Item.of_json(row.feed, row.body_html if full else "", base_url)

    items = [made.get(row.id) or stored(row) for row in rows if row.id in made or row.feed]
    if not full:
        for item in items:
            item.content_html = None
    return items


def _respond(request: Request, channel: Channel, kind: str) -> Response:
    body = syndication.render(channel, kind)
    return conditional(request, body, syndication.MEDIA_TYPES[kind], channel.last_modified)


def _newest(session: Session, items: list[Item], now: datetime) -> datetime:
    if items:
        return max(i.updated for i in items)
    return feeds.newest_change(session, now=now) or syndication.EPOCH


def _article_feed(
    request: Request,
    *,
    section: str = "",
    tag: str = "",
    author: str = "",
) -> Response:
    kind = _kind(request)
    services = deps.services(request)
    now = services.clock()
    with services.reads() as session:
        settings = rendering.edition(request, session)
        found = feeds.articles(
            session, now=now, section=section, tag=tag, author=author, language=settings.edition
        )
        if found is None:
            raise HTTPException(404)
        items = _items(request, session, found.rows, settings)
        title, description, home, build = _describe(found.subject, settings)
        channel = Channel(
            title=title,
            description=description,
            home_url=_absolute(request, home),
            feed_urls=_feed_urls(request, build),
            language=settings.language,
            publisher=settings.name,
            items=items,
            updated=_newest(session, items, now),
        )
    return _respond(request, channel, kind)


def _describe(
    subject: Section | Tag | Author | Article | None, settings: site.SiteSettings
) -> tuple[str, str, str, Callable[[str], str]]:
    """Title, description, HTML page and feed URL builder of a feed's subject."""
    language, edition = settings.language, settings.edition
    if isinstance(subject, Section):
        name, description = settings.section_name(subject.id, subject.name, subject.description)
        description = description or translate(
            N_("%(section)s news from %(site)s", section=name, site=settings.name), language
        )
        return (
            f"{name} | {settings.name}",
            description,
            urls.section(subject, edition),
            lambda k: urls.section_feed(subject, k, edition),
        )
    if isinstance(subject, Tag):
        return (
            f"{subject.name} | {settings.name}",
            translate(
                N_("Stories tagged %(tag)s on %(name)s", tag=subject.name, name=settings.name),
                language,
            ),
            urls.tag(subject),
            lambda k: urls.tag_feed(subject, k),
        )
    if isinstance(subject, Author):
        return (
            f"{subject.name} | {settings.name}",
            subject.job_title
            or translate(
                N_("Stories by %(name)s on %(site)s", name=subject.name, site=settings.name),
                language,
            ),
            urls.author(subject),
            lambda k: urls.author_feed(subject, k),
        )
    return (
        settings.name,
        settings.description or settings.tagline,
        urls.home(edition),
        lambda k: urls.feed(k, edition),
    )


def site_feed(request: Request) -> Response:
    return _article_feed(request)


def section_feed(request: Request) -> Response:
    return _article_feed(request, section=params.slug(request, "section"))


def tag_feed(request: Request) -> Response:
    return _article_feed(request, tag=params.slug(request))


def author_feed(request: Request) -> Response:
    return _article_feed(request, author=params.slug(request))


def live_feed(request: Request) -> Response:
    """A live blog's entries as they are posted, newest first."""
    kind = _kind(request)
    services = deps.services(request)
    article_id = request.path_params["article_id"]
    with services.reads() as session:
        article = live.readers_blog(session, article_id, now=services.clock())
        if article is None:
            raise HTTPException(404)
        settings = site.load(session)
        base_url, page = services.settings.base_url, _absolute(request, urls.article(article))
        items = [
            Item(
                id=syndication.tag_uri(base_url, e.posted_at, f"live-entry:{e.id}"),
                url=f"{page}?entry={e.id}#{e.anchor}",
                title=e.headline or text.excerpt(e.text, 80),
                summary=text.excerpt(e.text, 300),
                content_html=syndication.absolute_html(e.html, base_url),
                published=e.posted_at,
                updated=e.edited_at or e.posted_at,
                authors=[(a.name, _absolute(request, urls.author(a))) for a in e.authors],
            )
            for e in live.latest(session, article.id)
        ]
        published = article.published_at or article.created_at
        channel = Channel(
            title=f"{article.title} | {settings.name}",
            description=translate(
                N_("Live updates: %(title)s", title=article.title), settings.language
            ),
            home_url=page,
            feed_urls=_feed_urls(request, lambda k: urls.live_feed(article.id, k)),
            language=settings.language,
            publisher=settings.name,
            items=items,
            updated=max([published, *(i.updated for i in items)]),
        )
    return _respond(request, channel, kind)


def _comment_item(request: Request, article: Article, comment: Comment, language: str) -> Item:
    base_url = deps.services(request).settings.base_url
    page = _absolute(request, urls.article(article))
    return Item(
        id=syndication.tag_uri(base_url, comment.created_at, f"comment:{comment.id}"),
        url=f"{page}#comment-{comment.id}",
        title=translate(N_("Comment by %(name)s", name=comment.author_name), language),
        summary=comment.body,
        content_html=comment.body_html,
        published=comment.created_at,
        updated=comment.created_at,
        authors=[(comment.author_name, "")],
    )


def comments_feed(request: Request) -> Response:
    """An article's approved comments, newest first."""
    kind = _kind(request)
    section_slug, slug = params.slug(request, "section"), params.slug(request)
    services = deps.services(request)
    now = services.clock()
    with services.reads() as session:
        article = queries.article_by_slug(session, slug, now=now)
        if article is None or (article.section.slug if article.section else "news") != section_slug:
            raise HTTPException(404)
        settings = rendering.edition(request, session)
        comments = comment_feeds.approved_latest(session, article.id)
        items = [_comment_item(request, article, c, settings.language) for c in comments]
        published = article.published_at or article.created_at
        channel = Channel(
            title=translate(N_("Comments on “%(title)s”", title=article.title), settings.language)
            + f" | {settings.name}",
            description=translate(
                N_("Readers' comments on “%(title)s”", title=article.title), settings.language
            ),
            home_url=_absolute(request, urls.article(article)) + "#comments",
            feed_urls=_feed_urls(request, lambda k: urls.comments_feed(article, k)),
            language=settings.language,
            publisher=settings.name,
            items=items,
            updated=max([published, *(i.updated for i in items)]),
        )
    return _respond(request, channel, kind)
