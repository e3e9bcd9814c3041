"""Reader-facing pages. Each view: parse and bound the input, run one query set, render.

Bad input never reaches the database unbounded: over-long slugs and queries and junk
page numbers answer 404 or the first page.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from markupsafe import Markup
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from thepost.comments import queries as comment_queries
from thepost.content import live, queries, redirects
from thepost.content.models import Article
from thepost.i18n import N_
from thepost.keys import Keys
from thepost.members import actions as members
from thepost.members.models import Member
from thepost.web import deps, urls
from thepost.web.site import (
    account,
    alternates,
    home_parts,
    legacy,
    meta,
    pages,
    params,
    rendering,
    tiles,
)

FORM_STAMP = "comment-form"


def home(request: Request) -> Response:
    if any(request.query_params.get(name) for name in redirects.QUERY_KEYS):
        # An old plain permalink (``/?p=12``): one 301 to where it lives now.
        moved = legacy.redirect(request)
        if moved is None:
            raise HTTPException(404)
        return moved
    services = deps.services(request)
    with services.page_reads() as session:
        shown = rendering.edition(request, session)
        now = services.clock()
        stored = home_parts.current(request, session, shown)
        if stored is not None:  # the top stories and section blocks as last stored
            latest = queries.latest_rows(session, now=now, language=shown.edition)
            data = queries.Home(None, [], tiles.of_rows(request, session, latest), [])
        else:
            found = queries.home(
                session,
                now=now,
                pinned=shown.lead_ids,
                language=shown.edition,
                shelves=rendering.sections_of(services, session),
            )
            data = tiles.of_home(request, session, found)
        return rendering.render(
            request,
            session,
            "site/home.html",
            home=data,
            stored=stored,
            meta=meta.home(rendering.base_url(request), shown.edition),
            alternates=alternates.editions(request, shown, urls.home),
        )


def _listed(request: Request, session: Session, listing: queries.Listing) -> queries.Page[Any]:
    """The page of the list the request asks for (404 past its last)."""
    services = deps.services(request)
    number = params.page_number(request)
    page = tiles.listed(request, session, listing, page=number, size=services.settings.page_size)
    params.check_range(page)
    return page


def section(request: Request) -> Response:
    services = deps.services(request)
    slug = params.slug(request, "section")
    with services.page_reads() as session:
        shown = rendering.edition(request, session)
        section = rendering.section_of(services, session, slug)
        if section is None:
            raise HTTPException(404)
        page = _listed(
            request, session, queries.Listing(section_id=section.id, language=shown.edition)
        )
        name, description = shown.section_name(section.id, section.name, section.description)
        description = description or N_("%(section)s news", section=name)
        head = meta.listing(
            rendering.base_url(request),
            services.media_urls,
            section,
            params.paged(request),
            description,
            name=name,
            edition=shown.edition,
        )
        return rendering.render(
            request,
            session,
            "site/section.html",
            section=section,
            page=page,
            meta=head,
            alternates=alternates.editions(request, shown, lambda e: urls.section(section, e)),
        )


def tag(request: Request) -> Response:
    services = deps.services(request)
    slug = params.slug(request)
    with services.page_reads() as session:
        edition = rendering.edition(request, session).edition
        found = queries.tag_list(session, slug, language=edition)
        if found is None:
            raise HTTPException(404)
        tag, listing = found
        page = _listed(request, session, listing)
        head = meta.listing(
            rendering.base_url(request),
            services.media_urls,
            tag,
            params.paged(request),
            N_("Stories tagged %(tag)s", tag=tag.name),
            edition=edition,
        )
        return rendering.render(request, session, "site/tag.html", tag=tag, page=page, meta=head)


def author(request: Request) -> Response:
    services = deps.services(request)
    slug = params.slug(request)
    with services.page_reads() as session:
        edition = rendering.edition(request, session).edition
        found = queries.author_list(session, slug, language=edition)
        if found is None:
            raise HTTPException(404)
        author, listing = found
        page = _listed(request, session, listing)
        description = author.job_title or N_("Stories by %(name)s", name=author.name)
        head = meta.listing(
            rendering.base_url(request),
            services.media_urls,
            author,
            params.paged(request),
            description,
            edition=edition,
        )
        return rendering.render(
            request, session, "site/author.html", author=author, page=page, meta=head
        )


def latest(request: Request) -> Response:
    services = deps.services(request)
    with services.page_reads() as session:
        shown = rendering.edition(request, session)
        page = _listed(request, session, queries.Listing(language=shown.edition))
        head = meta.plain(rendering.base_url(request), params.paged(request), shown.edition)
        return rendering.render(
            request,
            session,
            "site/latest.html",
            page=page,
            meta=head,
            alternates=alternates.editions(request, shown, urls.latest),
        )


async def article(request: Request) -> Response:
    """On SQLite, runs on the event loop: a page whose parts are stored costs one indexed
    read of a local file and a short template, less than the hop to a worker thread and
    back. On PostgreSQL the read goes to the thread pool, since a network round trip or a
    wait for a pooled connection on the loop would stall every request of the worker. A
    page that must be rendered from the article (its stored parts missing or out of date)
    goes to the thread pool on both."""
    params.slug(request, "section")  # bounded like the slug; the canonical check below uses it
    slug = params.slug(request)
    if params.entry(request) is not None or account.has_member_cookie(request):
        # opened through a live blog entry's link, or by a member: rendered for them
        return await run_in_threadpool(_article_rendered, request)
    if deps.services(request).reads_on_loop:
        response = _article_stored(request, slug)
    else:
        response = await run_in_threadpool(_article_stored, request, slug)
    if response is None:
        response = await run_in_threadpool(_article_rendered, request)
    return response


def _article_stored(request: Request, slug: str) -> Response | None:
    """The page from its stored parts, a redirect, or None when it must be rendered."""
    services = deps.services(request)
    with services.page_reads() as session:
        found = queries.stored_page(
            session, slug, now=services.clock(), related=services.settings.related_count
        )
        if found is None:  # not live under this slug: perhaps under a new one
            return _moved(session, slug, services.clock())
        row, related = found
        if row.stamp != rendering.page_stamp(request, session):
            return None
        canonical = urls.article_path(row.section_slug or "", row.slug, row.language)
        if canonical != params.here(request):
            return RedirectResponse(canonical, status_code=301)
        return _stored_article(request, session, row, related)


def _moved(session: Session, slug: str, now: datetime) -> Response:
    """A 301 to the story's address now, when ``slug`` was one of its old ones; else 404."""
    moved = queries.current_slug(session, slug, now=now)
    if moved is None:
        raise HTTPException(404)
    return RedirectResponse(urls.article_path(*moved), status_code=301)  # (section, slug, language)


def _article_rendered(request: Request) -> Response:
    services = deps.services(request)
    with services.page_reads() as session:
        found = queries.article_by_slug(session, params.slug(request), now=services.clock())
        if found is None:  # not live (any more) under this slug: perhaps under a new one
            return _moved(session, params.slug(request), services.clock())
        canonical = urls.article(found)
        if canonical != params.here(request):
            return RedirectResponse(canonical, status_code=301)
        member = account.member(request, session, touch=False)
        return article_page(request, session, found, member=member)


@functools.lru_cache(maxsize=4)
def _form_stamp(keys: Keys, second: int) -> str:
    """The comment form's signed render time: the same for every page of that second."""
    return keys.sign(FORM_STAMP, second, timed=False)


@dataclass(frozen=True)
class _Shelf:
    slug: str


@dataclass(frozen=True)
class _Story:
    """What the article page reads of an article whose parts are stored (the fields of
    ``Article`` its template and ``urls`` use)."""

    id: int
    slug: str
    title: str
    seo_title: str
    seo_description: str
    excerpt: str
    section: _Shelf | None
    language: str
    translation_of_id: int | None


def _stored_article(request: Request, session: Session, row: Any, cards: list[Any]) -> Response:
    """The article page from its stored parts: the row, the related cards, the thread."""
    related = tiles.of_rows(request, session, cards)
    shelf = _Shelf(row.section_slug) if row.section_slug else None
    story = _Story(
        row.id, row.slug, row.title, row.seo_title, row.seo_description, row.excerpt, shelf,
        row.language, row.translation_of_id,
    )  # fmt: skip
    parts = pages.Parts(
        Markup(row.head),
        Markup(row.top),
        pages.whole_rest(row.rest, row.body_at, row.body_html),
        Markup(""),
        Markup(row.thread),
        row.comment_count,
        row.reply_depth,
    )
    return _article_response(
        request, session, story, parts, related, row.comments_open, row.published_at
    )


def _related(
    request: Request, session: Session, article_id: int, section_id: int | None, language: str
) -> list[tiles.Tile]:
    """The "You May Also Like" cards."""
    services = deps.services(request)
    now, count = services.clock(), services.settings.related_count
    found = queries.related_cards(
        session, article_id, section_id, now=now, limit=count, language=language
    )
    return tiles.of_rows(request, session, found)


def article_page(
    request: Request,
    session: Session,
    found: Article,
    *,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
    member: Member | None = None,
) -> Response:
    """The article page rendered from the article (not from its stored parts); with
    ``form`` and ``errors`` it re-shows a rejected comment. A signed-in ``member``'s
    page (the whole of a members' story, their comment form) is theirs alone: private,
    never kept by the page cache or a CDN."""
    services = deps.services(request)
    site_settings = rendering.edition(request, session)
    comments = comment_queries.approved_thread(session, found.id)
    rules = rendering.comment_rules(services, session)
    # Closed by age: rendered without reply links now, not again in ``_article_response``.
    closed = rules.closed_by_age(found.published_at, services.clock())
    parts = pages.for_article(
        services.templates,
        rendering.base_url(request),
        site_settings,
        found,
        comments,
        max_depth=0 if closed else rules.max_depth,
        whole=member is not None,
        blog=live.page(session, found),
        entry=_entry(request, session, found),
    )
    related = _related(request, session, found.id, found.section_id, found.language)
    return _article_response(
        request,
        session,
        found,
        parts,
        related,
        found.comments_open,
        found.published_at,
        form=form,
        errors=errors,
        status=status,
        member=member,
    )


def _entry(request: Request, session: Session, found: Article) -> live.Shown | None:
    """The live blog entry whose link opened the page (``?entry=``), if it is one."""
    entry_id = params.entry(request)
    if entry_id is None or not found.live_status:
        return None
    return live.entry(session, found.id, entry_id)


def _article_response(
    request: Request,
    session: Session,
    article: Any,
    parts: pages.Parts,
    related: list[tiles.Tile],
    comments_open: bool,
    published_at: Any,
    *,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
    member: Member | None = None,
) -> Response:
    services = deps.services(request)
    now = services.clock()
    rules = rendering.comment_rules(services, session)
    comments_open = comments_open and not rules.closed_by_age(published_at, now)
    thread, comment_count = parts.thread, parts.comment_count
    reply_depth = rules.max_depth if comments_open else 0
    if parts.reply_depth != reply_depth:  # closed by age since, or the policy changed
        nodes, comment_count = comment_queries.approved_thread(session, article.id)
        thread = pages.thread(
            services.templates, nodes, reply_depth, rendering.edition(request, session)
        )
    reply_to = (form or {}).get("parent_id") or request.query_params.get("replytocom", "")
    response = rendering.render(
        request,
        session,
        "site/article.html",
        bodies=(parts.top, parts.rest),
        article=article,
        page=parts,
        related=related,
        thread=thread,
        comment_count=comment_count,
        comments_open=comments_open,
        reply_to=int(reply_to) if reply_to.isdigit() and len(reply_to) < 12 else None,
        form_stamp=_form_stamp(services.keys, int(now.timestamp())),
        form=form or {},
        errors=errors or {},
        member=member,
        member_name=members.shown_name(member) if member else "",
        alternates=alternates.versions(request, session, Article, article),
    )
    if errors:
        response.status_code = status
        response.headers["Cache-Control"] = "no-store"
    if member is not None:
        response.headers["Cache-Control"] = "private, no-store"
    return response
