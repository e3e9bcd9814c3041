"""The Content API: what the site shows, as JSON, read through the site's own queries
(``content.queries``, ``page_queries``, the search the results page runs).

Anyone may read what readers see (unless the site asks for a content key). A token with
the ``content:read`` scope reads the rest too (``status=``, an unpublished story by id),
within what its person's role may open in the newsroom.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from thepost.comments import queries as comment_queries
from thepost.content import live, menus, page_queries, queries, site
from thepost.content.actions import owned
from thepost.content.models import LIVE_STATUSES, Article, ArticleAuthor, Author, Section, Tag
from thepost.permissions import Action, can
from thepost.search.backends.base import MARK_END, MARK_START
from thepost.search.query import parse
from thepost.services import Services
from thepost.web import urls
from thepost.web.api import formats, schemas
from thepost.web.api.base import iso
from thepost.web.api.framework import Answer, ApiError, ApiRequest
from thepost.web.site import rendering
from thepost.web.site import search as site_search

READ, WRITE = "content:read", "articles:write"


def links(req: ApiRequest) -> formats.Links:
    return links_of(req.services)


def links_of(services: Services) -> formats.Links:
    return formats.Links(services.settings.base_url.rstrip("/"), services.media_urls)


def checked_limit(limit: int, most: int = schemas.MAX_LIMIT) -> int:
    if limit > most:
        raise ApiError(400, "limit_too_high", f"limit may be at most {most}.", "limit")
    return limit


# -- articles ------------------------------------------------------------------------------


def articles(req: ApiRequest) -> Answer:
    q: schemas.ArticleQuery = req.query
    limit = checked_limit(q.limit)
    shown = formats.Shown.parse(
        q.fields, q.include, known=formats.ARTICLE_FIELDS, default=formats.LIST_FIELDS
    )
    if q.cursor and q.page:
        raise ApiError(400, "invalid", "Ask by cursor or by page, not both.", "cursor")
    with req.services.reads() as session:
        listing = _listing(req, session, q, shown)
        if listing is None:  # an unknown section, tag or author: nothing, not an error
            return Answer(_list_body([], meta(q, limit, total=0)))
        after = _cursor(q.cursor, listing.order) if q.cursor else None
        offset = (q.page - 1) * limit if q.page else 0
        rows = queries.listing_rows(
            session, listing, now=req.now, limit=limit + 1, offset=offset, after=after,
            bodies=any(name in shown.fields for name in formats.BODY),
        )  # fmt: skip
        more, rows = len(rows) > limit, rows[:limit]
        data = _articles(req, session, rows, shown, listing)
        if q.page:
            total = queries.listing_count(session, listing, now=req.now)
            shape = meta(q, limit, total=total, page=numbered(rows, q.page, limit, total))
        else:
            cursor = None
            if more and rows:
                last = rows[-1]
                when = last.updated_at if listing.order == "updated_at" else last.published_at
                cursor = _next_cursor(listing.order, when, last.id)
            shape = meta(q, limit, cursor=cursor, path=req.request.url.path)
    return Answer(_list_body(data, shape), public=not listing.statuses)


def _articles(
    req: ApiRequest,
    session: Session,
    rows: list[Any],
    shown: formats.Shown,
    listing: queries.Listing,
) -> list[Any]:
    """The articles of ``rows`` (``queries.listing_rows``) in their order: from what is
    stored with their pages, the others (not live, or stored with other templates or
    settings) formatted from the articles, read in one more statement."""
    stamp = rendering.page_stamp(req.request, session)
    done: dict[int, Any] = {
        row.id: formats.from_stored(row.api, row, shown, req.now)
        for row in rows
        if row.api and row.stamp == stamp and row.status in LIVE_STATUSES
        and row.published_at <= req.now
    }  # fmt: skip
    rest = [row.id for row in rows if row.id not in done]
    for a in queries.listing_by_ids(
        session, rest, now=req.now, tags="tags" in shown.include, bodies=shown.heavy,
        statuses=listing.statuses,
    ):  # fmt: skip
        done[a.id] = formats.article(links(req), a, shown, now=req.now)
    return [done[row.id] for row in rows if row.id in done]


def _list_body(items: list[dict[str, Any]], meta: dict[str, Any]) -> dict[str, Any]:
    return {"articles": items, "meta": meta}


def _listing(
    req: ApiRequest, session: Session, q: schemas.ArticleQuery, shown: formats.Shown
) -> queries.Listing | None:
    statuses = _statuses(req, q.status)
    section_id, tag_id, author_id = queries.lookup_ids(
        session, section=q.section or "", tag=q.tag or "", author=q.author or ""
    )
    if (
        (q.section and section_id is None)
        or (q.tag and tag_id is None)
        or (q.author and author_id is None)
    ):
        return None
    owner = None
    if statuses and not can(req.actor, Action.ARTICLE_EDIT_ANY):
        owner = req.actor.id  # a contributor or author reads their own unpublished work
    return queries.Listing(
        section_id=section_id,
        tag_id=tag_id,
        author_id=author_id,
        published_after=_utc(q.published_after),
        published_before=_utc(q.published_before),
        updated_since=_utc(q.updated_since),
        statuses=statuses,
        owner_id=owner,
        language=None
        if q.language is None
        else (
            ""
            if q.language == rendering.site_settings(req.services, session).main_language
            else q.language
        ),  # fmt: skip
        order=q.order or ("updated_at" if statuses else "published_at"),
        tags="tags" in shown.include,
        bodies=shown.heavy,
    )


def _statuses(req: ApiRequest, raw: str | None) -> tuple[str, ...]:
    if not raw:
        return ()
    wanted = [s.strip() for s in raw.split(",") if s.strip()]
    if wanted == ["all"]:
        wanted = list(schemas.STATUSES)
    if unknown := [s for s in wanted if s not in schemas.STATUSES]:
        raise ApiError(
            400, "invalid", f"Unknown status: {', '.join(unknown)}. One of: "
            + ", ".join(schemas.STATUSES) + ", all.", "status",
        )  # fmt: skip
    if wanted == ["published"]:
        return ()  # what anyone reads
    if not req.allows(READ):
        raise ApiError(
            403, "insufficient_scope", f"Reading by status needs a token with {READ}.", "status"
        )
    return tuple(dict.fromkeys(wanted))


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _next_cursor(order: str, when: datetime, last_id: int) -> str:
    raw = json.dumps([order, when.isoformat(), last_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _cursor(raw: str, order: str) -> tuple[datetime, int]:
    try:
        kind, when, last_id = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
        moment = datetime.fromisoformat(when)
        if kind != order or not isinstance(last_id, int) or moment.tzinfo is None:
            raise ValueError(kind)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as exc:
        raise ApiError(
            400, "invalid", "This cursor is damaged, or from a list in another order.", "cursor"
        ) from exc
    return moment, last_id


def meta(
    q: Any,
    limit: int,
    *,
    total: int | None = None,
    page: queries.Page[Any] | None = None,
    cursor: str | None = None,
    path: str = "",
) -> dict[str, Any]:
    following = None
    if cursor:
        params = {k: v for k, v in q.model_dump(exclude={"cursor", "page"}).items() if v}
        following = path + "?" + urlencode({**_texts(params), "cursor": cursor})
    elif page is not None and page.has_next:
        params = {k: v for k, v in q.model_dump(exclude={"cursor"}).items() if v}
        following = "?" + urlencode({**_texts(params), "page": page.number + 1})
    return {
        "pagination": {
            "limit": limit,
            "page": page.number if page else None,
            "pages": page.pages if page else None,
            "total": total,
            "next_cursor": cursor,
            "next": following,
        }
    }


def _texts(params: dict[str, Any]) -> dict[str, str]:
    return {
        k: v.isoformat() if isinstance(v, datetime) else str(v)
        for k, v in params.items()
        if k != "key"
    }


def article(req: ApiRequest) -> Answer:
    q: schemas.OneQuery = req.query
    shown = _one_shown(q)
    with req.services.reads() as session:
        if req.public:  # what readers see, from what is stored with its page
            row = queries.stored_api(session, [req.path["article_id"]], now=req.now).get(
                req.path["article_id"]
            )
            if (
                row is not None
                and row.api
                and row.stamp == rendering.page_stamp(req.request, session)
            ):
                return Answer({"article": formats.from_stored(row.api, row, shown, req.now)})
        found = (
            session.scalars(one_article().where(Article.id == req.path["article_id"]))
            .unique()
            .first()
        )
        return _answer_one(req, session, found, shown)


def article_by_slug(req: ApiRequest) -> Answer:
    q: schemas.OneQuery = req.query
    shown = _one_shown(q)
    with req.services.reads() as session:
        found = (
            session.scalars(one_article().where(Article.slug == req.path["slug"])).unique().first()
        )
        return _answer_one(req, session, found, shown)


def _one_shown(q: schemas.OneQuery) -> formats.Shown:
    return formats.Shown.parse(
        q.fields, q.include, known=formats.ARTICLE_FIELDS, default=formats.ARTICLE_FIELDS
    )


def one_article() -> Any:
    return select(Article).options(
        joinedload(Article.section),
        joinedload(Article.featured_image),
        joinedload(Article.corrections),
        selectinload(Article.bylines).joinedload(ArticleAuthor.author).joinedload(Author.photo),
        selectinload(Article.tags),
    )


def version(a: Article) -> str:
    """The article's version, the first part of its ``ETag`` (``"<version>.<digest>"``):
    what ``If-Match`` is checked against, whatever fields an answer chose."""
    stamp = a.updated_at.astimezone(UTC).strftime("%Y%m%d%H%M%S%f")
    return f"a{a.id}-{stamp}-{a.status}"


def require_readable(req: ApiRequest, session: Session, a: Article) -> None:
    """A story readers cannot see is read with a token that reads or writes stories, by
    someone whose role may open it in the newsroom; else it is not there (404)."""
    if a.live_at(req.now):
        return
    if (req.allows(READ) or req.allows(WRITE)) and can(
        req.actor, Action.ARTICLE_EDIT_OWN, owned(session, a)
    ):
        return
    raise ApiError(404, "not_found", "There is no such article.")


def numbered(items: list[Any], number: int, size: int, total: int) -> queries.Page[Any]:
    return queries.Page(items, number, size, total)


def _answer_one(
    req: ApiRequest, session: Session, found: Article | None, shown: formats.Shown
) -> Answer:
    if found is None:
        raise ApiError(404, "not_found", "There is no such article.")
    require_readable(req, session, found)
    data = formats.article(links(req), found, shown, now=req.now)
    # Anyone's answer is kept by the page cache, which makes its own ETag; a token's
    # carries the version its updates name in If-Match.
    return Answer(
        {"article": data},
        public=found.live_at(req.now),
        version=None if req.public else version(found),
    )


# -- pages -------------------------------------------------------------------------------


def pages(req: ApiRequest) -> Answer:
    q: schemas.PagedQuery = req.query
    limit = checked_limit(q.limit)
    number = q.page or 1
    with req.services.reads() as session:
        found = page_queries.listed(session, now=req.now)
        chosen = found[(number - 1) * limit : number * limit]
        data = [formats.page(links(req), p, path, now=req.now) for p, path in chosen]
    listed = numbered(chosen, number, limit, len(found))
    return Answer({"pages": data, "meta": meta(q, limit, total=len(found), page=listed)})


def page(req: ApiRequest) -> Answer:
    with req.services.reads() as session:
        for found, path in page_queries.listed(session, now=req.now):
            if found.id == req.path["page_id"]:
                return Answer({"page": formats.page(links(req), found, path, now=req.now)})
    raise ApiError(404, "not_found", "There is no such page.")


# -- sections, tags, authors -----------------------------------------------------------------


def sections(req: ApiRequest) -> Answer:
    with req.services.reads() as session:
        found = queries.sections(session)
        return Answer({"sections": [formats.section(links(req), s) for s in found]})


def _one_by_slug(req: ApiRequest, model: Any, shape: Any, key: str, *options: Any) -> Answer:
    """``/<kind>/{slug}``: the row as ``shape`` gives it, or a 404."""
    with req.services.reads() as session:
        found = session.scalar(
            select(model).where(model.slug == req.path["slug"]).options(*options)
        )
        if found is None:
            raise ApiError(404, "not_found", f"There is no such {key}.")
        return Answer({key: shape(links(req), found)})


def _by_name(req: ApiRequest, model: Any, shape: Any, key: str, *options: Any) -> Answer:
    """A numbered page of all the rows of ``model``, by name, with the total."""
    q: schemas.PagedQuery = req.query
    limit, number = checked_limit(q.limit), q.page or 1
    with req.services.reads() as session:
        total = queries.count_of(session, model)
        found = session.scalars(
            select(model)
            .options(*options)
            .order_by(model.name, model.id)
            .limit(limit)
            .offset((number - 1) * limit)
        )
        data = [shape(links(req), row) for row in found]
    listed = numbered(data, number, limit, total)
    return Answer({key: data, "meta": meta(q, limit, total=total, page=listed)})


def section(req: ApiRequest) -> Answer:
    return _one_by_slug(req, Section, formats.section, "section")


def tags(req: ApiRequest) -> Answer:
    return _by_name(req, Tag, formats.tag, "tags")


def tag(req: ApiRequest) -> Answer:
    return _one_by_slug(req, Tag, formats.tag, "tag")


def authors(req: ApiRequest) -> Answer:
    return _by_name(req, Author, formats.author, "authors", joinedload(Author.photo))


def author(req: ApiRequest) -> Answer:
    return _one_by_slug(req, Author, formats.author, "author", joinedload(Author.photo))


# -- comments, search, settings ----------------------------------------------------------------


def comments(req: ApiRequest) -> Answer:
    with req.services.reads() as session:
        found = session.get(Article, req.path["article_id"])
        if found is None or not found.live_at(req.now):
            raise ApiError(404, "not_found", "There is no such article.")
        nodes, total = comment_queries.approved_thread(session, found.id)
    flat: list[dict[str, Any]] = []
    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        c = node.comment
        flat.append(
            {
                "id": c.id,
                "parent_id": c.parent_id,
                "author_name": c.author_name,
                "author_url": c.author_url,
                "staff": c.user_id is not None,
                "body_html": c.body_html,
                "created_at": formats.iso(c.created_at),
            }
        )
        stack.extend(reversed(node.replies))
    return Answer({"comments": flat, "total": total})


def live_blog(req: ApiRequest) -> Answer:
    """A live blog's first page of entries (the pinned one apart), or the page after an
    entry (``after``): what its page shows, read through the same queries."""
    after = req.query.after
    with req.services.reads() as session:
        article = live.readers_blog(session, req.path["article_id"], now=req.now)
        if article is None:
            raise ApiError(404, "not_found", "There is no such live blog.")
        return Answer({"live": live_blog_data(links(req), session, article, after)})


def live_blog_data(
    to: formats.Links, session: Session, article: Article, after: int | None = None
) -> dict[str, Any]:
    """A live blog as the API shows it (``after``: the page after that entry)."""
    blog = live.page(session, article, size=0 if after is not None else live.PAGE)
    assert blog is not None  # a live blog's article
    entries, more = (
        live.older(session, article, after) if after is not None else (blog.entries, blog.more)
    )
    shown = [formats.live_entry(to, e, article) for e in entries]
    follows = urls.live_blog_api(article.id, entries[-1].id) if more and entries else None
    pinned = blog.pinned if after is None else None
    return {
        "article_id": article.id,
        "status": blog.status,
        "started_at": iso(blog.started_at),
        "ended_at": iso(blog.ended_at),
        "order": "oldest" if blog.oldest_first else "newest",
        "count": blog.count,
        "pinned": formats.live_entry(to, pinned, article) if pinned else None,
        "key_events": [e.id for e in blog.key_events],
        "entries": shown,
        "next": to.page(follows) if follows else None,
    }


def search(req: ApiRequest) -> Answer:
    q: schemas.SearchQuery = req.query
    limit = checked_limit(q.limit, 50)
    shown = formats.Shown.parse(
        q.fields, q.include, known=formats.ARTICLE_FIELDS, default=formats.LIST_FIELDS
    )
    if (q.page - 1) * limit >= site_search.MAX_RESULTS:
        raise ApiError(400, "invalid", f"Results stop at {site_search.MAX_RESULTS}.", "page")
    if req.grant is None and site_search.too_often(req.request, "search"):
        raise ApiError(
            429, "too_many_requests", "Too many searches from here this minute.",
            headers=site_search.RETRY,
        )  # fmt: skip
    chosen = {"section": q.section or "", "tag": q.tag or "", "author": q.author or ""}
    with req.services.reads() as session:
        words = parse(site_search.clean(q.q))
        language = rendering.site_settings(req.services, session).language
        run = site_search.run(
            req.services, session, words, chosen, language=language, sort=q.sort,
            number=q.page, size=limit, now=req.now,
        )  # fmt: skip
        hits = run.found.hits if run.found else []
        articles_by_id = {
            a.id: a
            for a in queries.listing_by_ids(
                session,
                [h.article_id for h in hits],
                now=req.now,
                tags="tags" in shown.include,
                bodies=shown.heavy,
            )  # fmt: skip
        }
        results = [
            {
                "article": formats.article(
                    links(req), articles_by_id[h.article_id], shown, now=req.now
                ),
                "snippet": h.snippet.replace(MARK_START, "[[").replace(MARK_END, "]]"),
            }
            for h in hits
            if h.article_id in articles_by_id
        ]
    total = run.found.total if run.found else 0
    listed = queries.Page(results, q.page, limit, total)
    found = run.found
    return Answer(
        {
            "query": q.q,
            "corrected": found.corrected.text() if found and found.corrected else None,
            "suggestion": found.suggestion.text() if found and found.suggestion else None,
            "total": total,
            "pages": [
                {"title": h.title, "url": links(req).page("/" + h.path), "excerpt": h.excerpt}
                for h in run.page_hits
            ],
            "results": results,
            "meta": meta(q, limit, total=total, page=listed),
        }
    )


def settings(req: ApiRequest) -> Answer:
    with req.services.reads() as session:
        shown = site.load(session)
        logo = site.logo(session, shown)
        banner = shown.banner(req.now)
        return Answer(
            {
                "settings": {
                    "name": shown.name,
                    "tagline": shown.tagline,
                    "description": shown.description,
                    "language": shown.language,
                    "url": links(req).base + "/",
                    "logo": formats.picture(links(req), logo),
                    "social": [{"name": n, "url": u} for n, u in shown.social],
                    "lead_ids": list(shown.lead_ids),
                    "banner": banner
                    and {
                        "text": banner.text,
                        "url": links(req).page(banner.url)
                        if banner.url.startswith("/")
                        else banner.url,
                        "until": iso(banner.until),
                    },
                }
            }
        )


def menu_item(links: formats.Links, entry: menus.MenuEntry) -> dict[str, Any]:
    href = urls.menu_link(entry.kind, entry.target)
    return {
        "kind": entry.kind,
        "label": entry.label,
        "url": links.page(href) if href.startswith("/") else href,
        "children": [menu_item(links, child) for child in entry.children],
    }


def menu_list(req: ApiRequest) -> Answer:
    """The menus as the site shows them (the defaults until an editor saves one)."""
    with req.services.reads() as session:
        found = menu_list_of(req.services, session, req.now, links(req))
    return Answer({"menus": [{"slug": slug, "items": items} for slug, items in found.items()]})


def menu_list_of(
    services: Services, session: Session, now: datetime, made: formats.Links
) -> dict[str, list[dict[str, Any]]]:
    found = menus.menus(session, now=now, sections=queries.sections(session))
    return {slug: [menu_item(made, e) for e in entries] for slug, entries in found.items()}
