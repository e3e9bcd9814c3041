"""WordPress's REST API reads, translated: ``/wp-json/wp/v2/{posts,pages,categories,tags,
users,media,search}`` in WordPress's shapes, so the npm package ``wpapi`` and WordPress
front ends read The Post. A thin layer over the same queries as the site and ``/api/v1``.

Sections are categories, tags are tags, author profiles are users; pictures are media
(only those live stories show: an unpublished story's pictures are not listed). What
maps: ``per_page`` (1 to 100; more is WordPress's own 400), ``page`` (past the last: its
400), ``search``, ``categories``, ``tags``, ``author``, ``slug``, ``include``, ``orderby``
(``date``, ``modified``), ``order``, ``_embed`` (authors, featured media, terms),
``_fields``; totals in ``X-WP-Total`` and ``X-WP-TotalPages``, with a ``Link`` header.
Reads only: writing goes through ``/api/v1``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from thepost.content import page_queries, queries
from thepost.content.models import Article, ArticleFigure, Author, Image, Section, Tag
from thepost.media.images import rendition_key
from thepost.search.backends.base import MARK_END, MARK_START
from thepost.search.query import parse
from thepost.web import urls
from thepost.web.api import compat, content, formats
from thepost.web.api.base import iso
from thepost.web.api.compat import Ask, CompatError
from thepost.web.site import rendering
from thepost.web.site import search as site_search

BASE = "/wp-json/wp/v2"
READS = (
    "per_page", "page", "search", "categories", "tags", "author", "slug", "include",
    "orderby", "order", "_embed", "_fields", "subtype", "type",
)  # fmt: skip


def _problem(exc: CompatError) -> dict[str, Any]:
    return {"code": exc.kind, "message": exc.message, "data": {"status": exc.status}}


def _paged(ask: Ask, items: list[Any], total: int, size: int, number: int) -> list[Any]:
    """The page, with WordPress's totals and links in the headers."""
    pages = max(1, -(-total // size)) if total else 0
    if total and number > pages:
        raise CompatError(
            400, "rest_post_invalid_page_number",
            "The page number requested is larger than the number of pages available.",
        )  # fmt: skip
    ask.headers["X-WP-Total"] = str(total)
    ask.headers["X-WP-TotalPages"] = str(pages)
    link = []
    params = {k: v for k, v in ask.params.items() if k in READS}
    for rel, to in (("prev", number - 1), ("next", number + 1)):
        if 1 <= to <= pages:
            query = urlencode({**params, "page": str(to)})
            link.append(f'<{ask.links.base}{ask.path.get("_path", "")}?{query}>; rel="{rel}"')
    if link:
        ask.headers["Link"] = ", ".join(link)
    return [_fields(ask, item) for item in items]


def _fields(ask: Ask, item: dict[str, Any]) -> dict[str, Any]:
    wanted = ask.names("_fields")
    return {k: v for k, v in item.items() if k in wanted} if wanted else item


def _size(ask: Ask) -> tuple[int, int]:
    size = ask.number("per_page", 10, 1, 100, "rest_invalid_param")
    return size, ask.number("page", 1, 1, 100_000, "rest_invalid_param")


def _ids(ask: Ask, key: str) -> list[int]:
    raw = ask.names(key)
    if not all(v.isdigit() and len(v) < 10 for v in raw):
        raise CompatError(400, "rest_invalid_param", f"Invalid parameter(s): {key}", key)
    return [int(v) for v in raw]


def _rendered(value: str) -> dict[str, Any]:
    return {"rendered": value}


# -- posts and pages -----------------------------------------------------------------------


def posts(ask: Ask) -> list[dict[str, Any]]:
    size, number = _size(ask)
    listing = queries.Listing(tags=True, bodies=True)
    if (orderby := ask.params.get("orderby", "date")) not in ("date", "modified"):
        raise CompatError(400, "rest_invalid_param", "orderby may be date or modified.", "orderby")
    listing = replace(
        listing,
        order="updated_at" if orderby == "modified" else "published_at",
        ascending=ask.params.get("order", "desc") == "asc",
    )
    with ask.services.reads() as session:
        if ask.params.get("search"):
            return _searched(ask, session, listing, size, number)
        sections, tags, authors = _ids(ask, "categories"), _ids(ask, "tags"), _ids(ask, "author")
        if len(sections) > 1 or len(tags) > 1 or len(authors) > 1:
            raise CompatError(
                400, "rest_invalid_param", "One category, tag or author at a time here."
            )
        listing = replace(
            listing,
            section_id=sections[0] if sections else None,
            tag_id=tags[0] if tags else None,
            author_id=authors[0] if authors else None,
        )
        if slugs := ask.names("slug"):
            found = session.scalars(select(Article.id).where(Article.slug.in_(slugs))).all()
            listing = replace(listing, ids=tuple(found) or (0,))
        if wanted := _ids(ask, "include"):
            listing = replace(listing, ids=tuple(wanted))
        page = queries.listing_page(session, listing, now=ask.now, page=number, size=size)
        items = [_post(ask, session, a) for a in page.items]
        return _paged(ask, items, page.total, size, number)


def _searched(
    ask: Ask, session: Session, listing: queries.Listing, size: int, number: int
) -> list[dict[str, Any]]:
    run = site_search.run(
        ask.services, session, parse(site_search.clean(ask.params["search"])), {},
        language=_language(ask, session), sort="relevance", number=number, size=size,
        now=ask.now,
    )  # fmt: skip
    hits = run.found.hits if run.found else []
    found = {
        a.id: a
        for a in queries.listing_by_ids(
            session, [h.article_id for h in hits], now=ask.now, tags=True, bodies=True
        )
    }
    items = [_post(ask, session, found[h.article_id]) for h in hits if h.article_id in found]
    return _paged(ask, items, run.found.total if run.found else 0, size, number)


def post(ask: Ask) -> dict[str, Any]:
    with ask.services.reads() as session:
        found = (
            session.scalars(content.one_article().where(Article.id == ask.path["id"]))
            .unique()
            .first()
        )
        if found is None or not found.live_at(ask.now):
            raise CompatError(404, "rest_post_invalid_id", "Invalid post ID.")
        return _fields(ask, _post(ask, session, found))


def _post(ask: Ask, session: Session, a: Article) -> dict[str, Any]:
    links = ask.links
    author = a.bylines[0].author if a.bylines else None
    item: dict[str, Any] = {
        "id": a.id,
        "date": iso(a.published_at),
        "date_gmt": iso(a.published_at),
        "guid": _rendered(f"{links.base}/?p={a.id}"),
        "modified": iso(a.updated_at),
        "modified_gmt": iso(a.updated_at),
        "slug": a.slug,
        "status": "publish",
        "type": "post",
        "link": links.page(urls.article(a)),
        "title": _rendered(a.title),
        "content": {"rendered": a.body_html, "protected": False},
        "excerpt": {"rendered": f"<p>{a.excerpt}</p>" if a.excerpt else "", "protected": False},
        "author": author.id if author else 0,
        "featured_media": a.featured_image_id or 0,
        "comment_status": "open" if a.comments_open else "closed",
        "ping_status": "closed",
        "sticky": False,
        "template": "",
        "format": "standard",
        "meta": [],
        "categories": [a.section_id] if a.section_id else [],
        "tags": [t.id for t in a.tags],
    }
    if "_embed" in ask.params:
        item["_embedded"] = {
            "author": [_user(links, b.author) for b in a.bylines],
            "wp:featuredmedia": [_media(ask, a.featured_image)] if a.featured_image else [],
            "wp:term": [
                [_category(links, a.section, None)] if a.section else [],
                [_tag(links, t, None) for t in a.tags],
            ],
        }
    return item


def pages(ask: Ask) -> list[dict[str, Any]]:
    size, number = _size(ask)
    with ask.services.reads() as session:
        found = page_queries.listed(session, now=ask.now)
        if slugs := ask.names("slug"):
            found = [(p, path) for p, path in found if p.slug in slugs]
        items = [_page(ask, p, path) for p, path in compat.page_of(found, number, size)]
    return _paged(ask, items, len(found), size, number)


def page(ask: Ask) -> dict[str, Any]:
    with ask.services.reads() as session:
        for found, path in page_queries.listed(session, now=ask.now):
            if found.id == ask.path["id"]:
                return _fields(ask, _page(ask, found, path))
    raise CompatError(404, "rest_post_invalid_id", "Invalid post ID.")


def _page(ask: Ask, p: Any, path: str) -> dict[str, Any]:
    return {
        "id": p.id,
        "date": iso(p.published_at),
        "date_gmt": iso(p.published_at),
        "modified": iso(p.updated_at),
        "modified_gmt": iso(p.updated_at),
        "slug": p.slug,
        "status": "publish",
        "type": "page",
        "link": ask.links.page(urls.page_path(path)),
        "title": _rendered(p.title),
        "content": {"rendered": p.body_html, "protected": False},
        "excerpt": {"rendered": f"<p>{p.excerpt}</p>" if p.excerpt else "", "protected": False},
        "author": 0,
        "featured_media": p.featured_image_id or 0,
        "parent": p.parent_id or 0,
        "menu_order": p.position,
        "comment_status": "closed",
        "ping_status": "closed",
        "template": "",
        "meta": [],
    }


# -- terms, users, media -------------------------------------------------------------------


def _category(links: formats.Links, s: Section, count: int | None) -> dict[str, Any]:
    return {
        "id": s.id, "count": count or 0, "description": s.description,
        "link": links.page(urls.section(s)), "name": s.name, "slug": s.slug,
        "taxonomy": "category", "parent": s.parent_id or 0, "meta": [],
    }  # fmt: skip


def _tag(links: formats.Links, t: Tag, count: int | None) -> dict[str, Any]:
    return {
        "id": t.id, "count": count or 0, "description": "", "link": links.page(urls.tag(t)),
        "name": t.name, "slug": t.slug, "taxonomy": "post_tag", "meta": [],
    }  # fmt: skip


def _terms(ask: Ask, model: Any, shape: Any, counted: int) -> list[dict[str, Any]]:
    size, number = _size(ask)
    with ask.services.reads() as session:
        counts = queries.live_counts(session, now=ask.now)[counted]
        query = select(model).order_by(model.name, model.id)
        if slugs := ask.names("slug"):
            query = query.where(model.slug.in_(slugs))
        if wanted := _ids(ask, "include"):
            query = query.where(model.id.in_(wanted))
        found = list(session.scalars(query))
        items = [shape(ask.links, t, counts.get(t.id)) for t in found]
    return _paged(ask, compat.page_of(items, number, size), len(items), size, number)


def categories(ask: Ask) -> list[dict[str, Any]]:
    return _terms(ask, Section, _category, 0)


def tags(ask: Ask) -> list[dict[str, Any]]:
    return _terms(ask, Tag, _tag, 1)


def _one_term(model: Any, shape: Any, counted: int, error: str) -> compat.View:
    def view(ask: Ask) -> dict[str, Any]:
        with ask.services.reads() as session:
            found = session.get(model, ask.path["id"])
            if found is None:
                raise CompatError(404, error, "Term does not exist.")
            count = queries.live_counts(session, now=ask.now)[counted].get(found.id)
            return _fields(ask, shape(ask.links, found, count))

    view.__name__ = f"one_{model.__name__.lower()}"
    return view


category = _one_term(Section, _category, 0, "rest_term_invalid")
tag = _one_term(Tag, _tag, 1, "rest_term_invalid")


def _user(links: formats.Links, a: Author) -> dict[str, Any]:
    return {
        "id": a.id, "name": a.name, "url": "", "description": a.bio,
        "link": links.page(urls.author(a)), "slug": a.slug, "avatar_urls": {}, "meta": [],
    }  # fmt: skip


def users(ask: Ask) -> list[dict[str, Any]]:
    size, number = _size(ask)
    with ask.services.reads() as session:
        query = select(Author).order_by(Author.name, Author.id)
        if slugs := ask.names("slug"):
            query = query.where(Author.slug.in_(slugs))
        found = list(session.scalars(query))
    items = [_user(ask.links, a) for a in compat.page_of(found, number, size)]
    return _paged(ask, items, len(found), size, number)


def user(ask: Ask) -> dict[str, Any]:
    with ask.services.reads() as session:
        found = session.get(Author, ask.path["id"])
        if found is None:
            raise CompatError(404, "rest_user_invalid_id", "Invalid user ID.")
        return _fields(ask, _user(ask.links, found))


def _shown_pictures(now: Any) -> Any:
    """Pictures live stories show: featured, or figures in their bodies."""
    live = queries.live(now)
    featured = select(Article.featured_image_id).where(live)
    figures = (
        select(ArticleFigure.image_id)
        .join(Article, Article.id == ArticleFigure.article_id)
        .where(live)
    )
    return or_(Image.id.in_(featured), Image.id.in_(figures))


def _media(ask: Ask, image: Image) -> dict[str, Any]:
    media = ask.links.media
    widths = sorted(image.renditions or [])
    sizes = {
        f"w{w}": {
            "file": f"{w}.jpg", "width": w, "height": round(image.height * w / image.width),
            "mime_type": "image/jpeg",
            "source_url": media.absolute(rendition_key(image.sha256, w, "jpg")),
        }
        for w in widths
    }  # fmt: skip
    largest = media.jpeg(image.sha256, widths[-1]) if widths else ""
    return {
        "id": image.id,
        "date": iso(image.created_at),
        "slug": f"picture-{image.id}",
        "type": "attachment",
        "link": largest,
        "title": _rendered(image.caption or image.alt),
        "author": 0,
        "caption": _rendered(f"<p>{image.caption}</p>" if image.caption else ""),
        "alt_text": image.alt,
        "media_type": "image",
        "mime_type": "image/jpeg",
        "media_details": {"width": image.width, "height": image.height, "sizes": sizes},
        "source_url": largest,
    }


def media_list(ask: Ask) -> list[dict[str, Any]]:
    size, number = _size(ask)
    with ask.services.reads() as session:
        query = select(Image).where(_shown_pictures(ask.now)).order_by(Image.id.desc())
        found = list(session.scalars(query))
    items = [_media(ask, i) for i in compat.page_of(found, number, size)]
    return _paged(ask, items, len(found), size, number)


def media_one(ask: Ask) -> dict[str, Any]:
    with ask.services.reads() as session:
        found = session.scalar(
            select(Image).where(Image.id == ask.path["id"], _shown_pictures(ask.now))
        )
        if found is None:
            raise CompatError(404, "rest_post_invalid_id", "Invalid post ID.")
        return _fields(ask, _media(ask, found))


def _language(ask: Ask, session: Session) -> str:
    """The language searched: the site's own (WordPress's API has no other)."""
    return rendering.site_settings(ask.services, session).language


def search(ask: Ask) -> list[dict[str, Any]]:
    size, number = _size(ask)
    text = site_search.clean(ask.params.get("search", ""))
    with ask.services.reads() as session:
        run = site_search.run(
            ask.services, session, parse(text), {}, language=_language(ask, session),
            sort="relevance", number=number, size=size, now=ask.now,
        )  # fmt: skip
        hits = run.found.hits if run.found else []
        found = {
            a.id: a
            for a in queries.listing_by_ids(session, [h.article_id for h in hits], now=ask.now)
        }
        items = [
            {
                "id": h.article_id,
                "title": found[h.article_id].title,
                "url": ask.links.page(urls.article(found[h.article_id])),
                "type": "post",
                "subtype": "post",
                "snippet": h.snippet.replace(MARK_START, "").replace(MARK_END, ""),
            }
            for h in hits
            if h.article_id in found
        ]
    return _paged(ask, items, run.found.total if run.found else 0, size, number)


def route(path: str, view: compat.View, name: str, *, listed: bool = False) -> Any:
    """A WordPress route; a ``listed`` one (a collection) also knows its own path, for the
    ``Link`` header of its pages."""
    if not listed:
        return compat.route(path, view, name, reads=READS, problem=_problem)

    def with_path(ask: Ask) -> Any:
        ask.path["_path"] = path
        return view(ask)

    with_path.__name__ = view.__name__
    return compat.route(path, with_path, name, reads=READS, problem=_problem)
