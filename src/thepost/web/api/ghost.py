"""Ghost's Content API, translated: ``/ghost/api/content/{posts,pages,authors,tags,settings}/``
in Ghost's shapes, so ``@tryghost/content-api`` and the front ends built on it read The
Post unchanged. A thin layer over the same queries as the site and ``/api/v1``.

What maps: ``key`` (a content key, required as in Ghost), ``limit`` (a number up to 100,
or ``all`` up to ``ALL`` items, beyond which it is a 400, never a silent cut), ``page``,
``fields``, ``include`` (``authors``, ``tags``, ``count.posts``), ``formats`` (``html``,
``plaintext``), ``order`` (``published_at``/``updated_at`` ``asc``/``desc``) and ``filter``
in NQL for ``tag``/``tags``/``primary_tag``, ``author``/``authors``/``primary_author``,
``slug``, ``id``, ``featured`` and ``published_at`` comparisons, joined with ``+``.
Anything else Ghost has and The Post does not (members, tiers, newsletters' content,
code injection, ``,`` for OR in filters) is documented in ``docs/api.md``; filters that do
not map are a 400 saying so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload
from starlette.requests import Request
from starlette.routing import Route

from thepost.accounts import tokens
from thepost.content import page_queries, queries, site
from thepost.content.models import Article, Author, Section, Tag
from thepost.services import Services
from thepost.web import urls
from thepost.web.api import compat, content, formats
from thepost.web.api.base import iso
from thepost.web.api.compat import CompatError

BASE = "/ghost/api/content"
MAX_LIMIT = 100
ALL = 1000  # limit=all gives every item up to this many; more is a 400


GhostError = CompatError


class Ask(compat.Ask):
    def limit(self) -> int:
        raw = self.params.get("limit", "15")
        if raw == "all":
            return ALL
        if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
            raise GhostError(
                400, "ValidationError",
                f"limit must be a number from 1 to {MAX_LIMIT}, or all (up to {ALL} items).",
                "limit",
            )  # fmt: skip
        return int(raw)

    def page(self) -> int:
        return self.number("page", 1, 1, 10_000, "ValidationError")


# The parameters a kept answer is keyed by; the key too: each key's answers are kept apart,
# so a wrong one is never answered from another's (a revoked one's go: ``KeyRevoked``).
READS = ("key", "limit", "page", "fields", "include", "formats", "order", "filter")


def route(path: str, view: Callable[[Ask], dict[str, Any]], name: str) -> Route:
    def as_ghost(ask: compat.Ask) -> dict[str, Any]:
        return view(Ask(ask.services, ask.now, ask.links, ask.params, ask.path))

    as_ghost.__name__ = view.__name__
    return compat.route(path, as_ghost, name, reads=READS, problem=_error, check=_key)


def _key(request: Request, services: Services) -> None:
    """Ghost's Content API takes a content key, always (``?key=``)."""
    secret = request.query_params.get("key", "")
    with services.reads() as session:
        grant = tokens.resolve(session, secret, now=services.clock()) if secret else None
    if grant is None or grant.kind != tokens.CONTENT:
        raise GhostError(
            401, "UnauthorizedError", "Unknown Content API Key", "Pass a content key as key=."
        )


def _error(exc: CompatError) -> dict[str, Any]:
    return {
        "errors": [
            {
                "message": exc.message, "context": exc.context or None, "type": exc.kind,
                "details": None, "property": None, "help": None, "code": None, "id": None,
            }
        ]
    }  # fmt: skip


def _meta(number: int, limit: int, total: int) -> dict[str, Any]:
    pages = max(1, -(-total // limit))
    return {
        "pagination": {
            "page": number,
            "limit": "all" if limit == ALL else limit,
            "pages": pages,
            "total": total,
            "next": number + 1 if number < pages else None,
            "prev": number - 1 if number > 1 else None,
        }
    }


def _chosen(ask: Ask, item: dict[str, Any]) -> dict[str, Any]:
    fields = ask.names("fields")
    return {k: v for k, v in item.items() if k in fields} if fields else item


# -- posts ---------------------------------------------------------------------------------


def _listing(ask: Ask, session: Session) -> queries.Listing | None:
    listing = queries.Listing(tags=True, bodies=True)
    order = " ".join(ask.params.get("order", "published_at desc").split()).lower()
    column, _, direction = order.partition(" ")
    if column not in ("published_at", "updated_at") or direction not in ("", "asc", "desc"):
        raise GhostError(
            400, "BadRequestError", "order may be published_at or updated_at, asc or desc.",
            "order",
        )  # fmt: skip
    found: queries.Listing | None = replace(listing, order=column, ascending=direction == "asc")
    for field, value in _nql(ask.params.get("filter", "")):
        if found is not None:
            found = _filtered(session, found, field, value)
    return found


def _nql(raw: str) -> list[tuple[str, str]]:
    """``field:value`` pairs joined by ``+`` (AND), values bare, quoted or ``[a,b]``."""
    if not raw.strip():
        return []
    if len(raw) > 1000:
        raise GhostError(400, "BadRequestError", "The filter is too long.", "filter")
    pairs = []
    for part in raw.split("+"):
        field, colon, value = part.strip().partition(":")
        if not colon or not field or not value:
            raise GhostError(400, "BadRequestError", f"Cannot read the filter {part!r}.", "filter")
        pairs.append((field.strip(), value.strip()))
    return pairs


def _values(value: str) -> list[str]:
    if value.startswith("[") and value.endswith("]"):
        value = value[1:-1]
    return [v.strip().strip("'\"") for v in value.split(",") if v.strip()]


def _moment(value: str) -> datetime:
    text = value.strip().strip("'\"").replace(" ", "T")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise GhostError(400, "BadRequestError", f"Not a date: {value}.", "filter") from exc
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _filtered(
    session: Session, listing: queries.Listing, field: str, value: str
) -> queries.Listing | None:
    """The listing narrowed by one filter pair; None when it can find nothing."""
    if field in ("tag", "tags", "primary_tag"):
        slugs = _values(value)
        if len(slugs) != 1:
            raise GhostError(400, "BadRequestError", "Filter by one tag at a time.", "filter")
        section = session.scalar(select(Section.id).where(Section.slug == slugs[0]))
        tag = session.scalar(select(Tag.id).where(Tag.slug == slugs[0]))
        if field == "primary_tag" or (tag is None and section is not None):
            return replace(listing, section_id=section) if section is not None else None
        return replace(listing, tag_id=tag) if tag is not None else None
    if field in ("author", "authors", "primary_author"):
        slugs = _values(value)
        author = session.scalar(select(Author.id).where(Author.slug.in_(slugs[:1])))
        return replace(listing, author_id=author) if author is not None else None
    if field == "published_at" and value[:1] in (">", "<"):
        moment = _moment(value[2:] if value[1:2] == "=" else value[1:])
        if value[0] == ">":
            return replace(listing, published_after=moment)
        return replace(listing, published_before=moment)
    if field in ("slug", "id"):
        wanted = _values(value)
        column = Article.slug if field == "slug" else Article.id
        found = session.scalars(
            select(Article.id).where(
                column.in_([int(v) for v in wanted if v.isdigit()] if field == "id" else wanted)
            )
        ).all()
        return replace(listing, ids=tuple(found)) if found else None
    if field == "featured":
        lead = tuple(site.load(session).lead_ids)
        if value.strip("'\"") == "true":
            return replace(listing, ids=lead) if lead else None
        return replace(listing, excluded=lead)
    if field == "visibility" and value.strip("'\"") == "public":
        return listing
    raise GhostError(
        400, "BadRequestError", f"Filtering by {field} is not supported here.", "filter"
    )


def posts(ask: Ask) -> dict[str, Any]:
    limit, number = ask.limit(), ask.page()
    with ask.services.reads() as session:
        listing = _listing(ask, session)
        if listing is None:
            return {"posts": [], "meta": _meta(number, limit, 0)}
        found = queries.listing_page(session, listing, now=ask.now, page=number, size=limit)
        if limit == ALL and found.total > ALL:
            raise GhostError(
                400, "ValidationError",
                f"limit=all gives at most {ALL} posts; this list has {found.total}: walk it "
                "by page.", "limit",
            )  # fmt: skip
        lead = set(site.load(session).lead_ids)
        items = [_chosen(ask, _post(ask, a, lead)) for a in found.items]
    return {"posts": items, "meta": _meta(number, limit, found.total)}


def post(ask: Ask) -> dict[str, Any]:
    with ask.services.reads() as session:
        query = content.one_article()
        if "slug" in ask.path:
            query = query.where(Article.slug == ask.path["slug"])
        elif str(ask.path.get("id", "")).isdigit():
            query = query.where(Article.id == int(ask.path["id"]))
        else:
            raise GhostError(404, "NotFoundError", "Post not found.")
        found = session.scalars(query).unique().first()
        if found is None or not found.live_at(ask.now):
            raise GhostError(404, "NotFoundError", "Post not found.")
        lead = set(site.load(session).lead_ids)
        return {"posts": [_chosen(ask, _post(ask, found, lead))]}


def _post(ask: Ask, a: Article, lead: set[int]) -> dict[str, Any]:
    links = ask.links
    picture = formats.picture(links, a.featured_image)
    include = ask.names("include")
    body_formats = ask.names("formats") or ["html"]
    tags = []
    if a.section is not None:
        tags.append(_section_tag(links, a.section))
    tags += [_tag(links, t) for t in a.tags]
    authors = [_author(links, b.author) for b in a.bylines]
    item: dict[str, Any] = {
        "id": str(a.id),
        "uuid": f"thepost-article-{a.id}",
        "title": a.title,
        "slug": a.slug,
        "comment_id": str(a.id),
        "feature_image": picture["url"] if picture else None,
        "feature_image_alt": a.alt or None,
        "feature_image_caption": a.caption or None,
        "featured": a.id in lead,
        "visibility": a.access,
        "created_at": iso(a.created_at),
        "updated_at": iso(a.updated_at),
        "published_at": iso(a.published_at),
        "custom_excerpt": a.standfirst or None,
        "codeinjection_head": None,
        "codeinjection_foot": None,
        "custom_template": None,
        "canonical_url": a.canonical_url or None,
        "url": links.page(urls.article(a)),
        "excerpt": a.excerpt,
        "reading_time": max(1, round(a.word_count / 265)) if a.word_count else 0,
        "access": True,
        "comments": a.comments_open,
        "og_image": None,
        "og_title": None,
        "og_description": None,
        "twitter_image": None,
        "twitter_title": None,
        "twitter_description": None,
        "meta_title": a.seo_title or None,
        "meta_description": a.seo_description or None,
        "email_subject": None,
        "frontmatter": None,
        "primary_author": authors[0] if authors else None,
        "primary_tag": tags[0] if tags else None,
    }
    if "html" in body_formats:
        item["html"] = a.body_html
    if "plaintext" in body_formats:
        item["plaintext"] = a.body_text
    if "tags" in include:
        item["tags"] = tags
    if "authors" in include:
        item["authors"] = authors
    return item


# -- pages -------------------------------------------------------------------------------


def pages(ask: Ask) -> dict[str, Any]:
    limit, number = ask.limit(), ask.page()
    with ask.services.reads() as session:
        found = page_queries.listed(session, now=ask.now)
        if ask.params.get("filter"):
            wanted = {
                v for f, raw in _nql(ask.params["filter"]) if f == "slug" for v in _values(raw)
            }
            found = [(p, path) for p, path in found if p.slug in wanted]
        chosen = found[(number - 1) * limit : number * limit]
        items = [_chosen(ask, _page(ask, p, path)) for p, path in chosen]
    return {"pages": items, "meta": _meta(number, limit, len(found))}


def page(ask: Ask) -> dict[str, Any]:
    with ask.services.reads() as session:
        for found, path in page_queries.listed(session, now=ask.now):
            if ask.path.get("slug") == found.slug or ask.path.get("id") == str(found.id):
                return {"pages": [_chosen(ask, _page(ask, found, path))]}
    raise GhostError(404, "NotFoundError", "Page not found.")


def _page(ask: Ask, p: Any, path: str) -> dict[str, Any]:
    return {
        "id": str(p.id),
        "uuid": f"thepost-page-{p.id}",
        "title": p.title,
        "slug": p.slug,
        "html": p.body_html,
        "feature_image": None,
        "featured": False,
        "visibility": "public",
        "created_at": iso(p.created_at),
        "updated_at": iso(p.updated_at),
        "published_at": iso(p.published_at),
        "custom_excerpt": p.standfirst or None,
        "url": ask.links.page(urls.page_path(path)),
        "excerpt": p.excerpt,
        "meta_title": p.seo_title or None,
        "meta_description": p.seo_description or None,
        "tags": [],
        "authors": [],
    }


# -- tags, authors, settings ---------------------------------------------------------------


def _tag(links: formats.Links, t: Tag) -> dict[str, Any]:
    return {
        "id": f"tag-{t.id}", "name": t.name, "slug": t.slug, "description": None,
        "feature_image": None, "visibility": "public", "meta_title": None,
        "meta_description": None, "url": links.page(urls.tag(t)),
    }  # fmt: skip


def _section_tag(links: formats.Links, s: Section) -> dict[str, Any]:
    """A section, as Ghost would hold it: the story's first (primary) tag."""
    return {
        "id": f"section-{s.id}", "name": s.name, "slug": s.slug,
        "description": s.description or None, "feature_image": None, "visibility": "public",
        "meta_title": None, "meta_description": None, "url": links.page(urls.section(s)),
    }  # fmt: skip


def _author(links: formats.Links, a: Author) -> dict[str, Any]:
    return {
        "id": str(a.id), "name": a.name, "slug": a.slug, "profile_image": None,
        "cover_image": None, "bio": a.bio or None, "website": None, "location": None,
        "facebook": None, "twitter": None, "meta_title": None, "meta_description": None,
        "url": links.page(urls.author(a)),
    }  # fmt: skip


def tags(ask: Ask) -> dict[str, Any]:
    limit, number = ask.limit(), ask.page()
    with ask.services.reads() as session:
        found: list[dict[str, Any]] = [
            _section_tag(ask.links, s) for s in queries.sections(session)
        ]
        found += [_tag(ask.links, t) for t in session.scalars(select(Tag).order_by(Tag.name))]
        if "count.posts" in ask.names("include"):
            per_section, per_tag = queries.live_counts(session, now=ask.now)
            counts = {f"tag-{k}": n for k, n in per_tag.items()}
            counts |= {f"section-{k}": n for k, n in per_section.items()}
            for item in found:
                item["count"] = {"posts": counts.get(item["id"], 0)}
    chosen = found[(number - 1) * limit : number * limit]
    return {"tags": [_chosen(ask, t) for t in chosen], "meta": _meta(number, limit, len(found))}


def tag(ask: Ask) -> dict[str, Any]:
    wanted = ask.path.get("slug") or ask.path.get("id")
    for item in tags(Ask(ask.services, ask.now, ask.links, {"limit": "all"}, {}))["tags"]:
        if wanted in (item["slug"], item["id"]):
            return {"tags": [_chosen(ask, item)]}
    raise GhostError(404, "NotFoundError", "Tag not found.")


def authors(ask: Ask) -> dict[str, Any]:
    limit, number = ask.limit(), ask.page()
    with ask.services.reads() as session:
        found = [
            _author(ask.links, a)
            for a in session.scalars(
                select(Author).options(joinedload(Author.photo)).order_by(Author.name)
            )
        ]
    chosen = found[(number - 1) * limit : number * limit]
    return {
        "authors": [_chosen(ask, a) for a in chosen],
        "meta": _meta(number, limit, len(found)),
    }


def author(ask: Ask) -> dict[str, Any]:
    wanted = ask.path.get("slug") or ask.path.get("id")
    for item in authors(Ask(ask.services, ask.now, ask.links, {"limit": "all"}, {}))["authors"]:
        if wanted in (item["slug"], item["id"]):
            return {"authors": [_chosen(ask, item)]}
    raise GhostError(404, "NotFoundError", "Author not found.")


def settings(ask: Ask) -> dict[str, Any]:
    with ask.services.reads() as session:
        shown = site.load(session)
        logo = formats.picture(ask.links, site.logo(session, shown))
        header = content.menu_list_of(ask.services, session, ask.now, ask.links)
    social = {name.lower(): url for name, url in shown.social}

    def navigation(slug: str) -> list[dict[str, str]]:
        return [{"label": i["label"], "url": i["url"]} for i in header.get(slug, [])]

    return {
        "settings": {
            "title": shown.name,
            "description": shown.tagline,
            "logo": logo["url"] if logo else None,
            "icon": None,
            "accent_color": None,
            "cover_image": None,
            "facebook": social.get("facebook"),
            "twitter": social.get("x") or social.get("twitter"),
            "lang": shown.language,
            "locale": shown.language,
            "timezone": "Etc/UTC",
            "codeinjection_head": None,
            "codeinjection_foot": None,
            "navigation": navigation("header"),
            "secondary_navigation": navigation("footer"),
            "meta_title": None,
            "meta_description": shown.description,
            "url": ask.links.base + "/",
        },
        "meta": {},
    }


def nothing(kind: str) -> Callable[[Ask], dict[str, Any]]:
    """Ghost resources The Post has not (tiers, newsletters): an empty list."""

    def view(ask: Ask) -> dict[str, Any]:
        return {kind: [], "meta": _meta(1, 15, 0)}

    view.__name__ = kind
    return view
