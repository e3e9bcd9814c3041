"""Reader-facing pages. Each view: parse and bound the input, run one query set, render.

Bad input never reaches the database unbounded: over-long slugs and queries and junk
page numbers answer 404 or the first page.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from thepost.comments import policy as comment_policy
from thepost.comments import queries as comment_queries
from thepost.content import queries, site
from thepost.content.models import Article
from thepost.content.queries import Page
from thepost.web import urls
from thepost.web.site import meta

MAX_SLUG = 200
# Control characters (NUL above all, which PostgreSQL refuses in text) never reach a query.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
FORM_STAMP = "comment-form"
# Short for browsers and CDNs (they cannot hear of a change); stale copies are served
# while one request refreshes them, and while the site is down.
CACHE_CONTROL = "public, max-age=60, s-maxage=60, stale-while-revalidate=300, stale-if-error=86400"


def _render(request: Request, session: Session, template: str, **context: Any) -> Response:
    services = request.app.state.services
    site_settings = services.memo.get("site", lambda: site.load(session))
    context.update(
        site=site_settings,
        logo=services.memo.get("logo", lambda: site.logo(session, site_settings)),
        sections=services.memo.get("sections", lambda: queries.sections(session)),
        settings=services.settings,
        request_path=request.url.path,
        now=services.clock(),
    )
    html = request.app.state.templates.render(template, **context)
    return HTMLResponse(html, headers={"Cache-Control": CACHE_CONTROL})


def _base(request: Request) -> str:
    base: str = request.app.state.services.settings.base_url
    return base.rstrip("/")


def _paged(request: Request) -> str:
    """The page's own path, with ``?page=N`` past the first page (its canonical URL)."""
    number = _page_number(request)
    return urls.with_page(request.url.path, number)


def _page_number(request: Request) -> int:
    number = queries.parse_page(request.query_params.get("page"))
    if number is None:
        raise HTTPException(404)
    return number


def _check_range(page: Page[Any]) -> None:
    if page.number > page.pages:
        raise HTTPException(404)


def _slug(request: Request, name: str = "slug") -> str:
    slug: str = request.path_params[name]
    if len(slug) > MAX_SLUG or _CONTROL.search(slug):
        raise HTTPException(404)
    return slug


def home(request: Request) -> Response:
    services = request.app.state.services
    with services.reads() as session:
        data = queries.home(session, now=services.clock())
        return _render(
            request, session, "site/home.html", home=data, meta=meta.home(_base(request))
        )


def section(request: Request) -> Response:
    services = request.app.state.services
    slug, number = _slug(request, "section"), _page_number(request)
    with services.reads() as session:
        found = queries.section_page(
            session, slug, now=services.clock(), page=number, size=services.settings.page_size
        )
        if found is None:
            raise HTTPException(404)
        section, page = found
        _check_range(page)
        description = section.description or f"{section.name} news"
        head = meta.listing(_base(request), section, _paged(request), description)
        return _render(request, session, "site/section.html", section=section, page=page, meta=head)


def tag(request: Request) -> Response:
    services = request.app.state.services
    slug, number = _slug(request), _page_number(request)
    with services.reads() as session:
        found = queries.tag_page(
            session, slug, now=services.clock(), page=number, size=services.settings.page_size
        )
        if found is None:
            raise HTTPException(404)
        tag, page = found
        _check_range(page)
        head = meta.listing(_base(request), tag, _paged(request), f"Stories tagged {tag.name}")
        return _render(request, session, "site/tag.html", tag=tag, page=page, meta=head)


def author(request: Request) -> Response:
    services = request.app.state.services
    slug, number = _slug(request), _page_number(request)
    with services.reads() as session:
        found = queries.author_page(
            session, slug, now=services.clock(), page=number, size=services.settings.page_size
        )
        if found is None:
            raise HTTPException(404)
        author, page = found
        _check_range(page)
        description = author.job_title or f"Stories by {author.name}"
        head = meta.listing(_base(request), author, _paged(request), description)
        return _render(request, session, "site/author.html", author=author, page=page, meta=head)


def latest(request: Request) -> Response:
    services = request.app.state.services
    number = _page_number(request)
    with services.reads() as session:
        page = queries.latest(
            session, now=services.clock(), page=number, size=services.settings.page_size
        )
        _check_range(page)
        head = meta.plain(_base(request), _paged(request))
        return _render(request, session, "site/latest.html", page=page, meta=head)


def article(request: Request) -> Response:
    services = request.app.state.services
    _slug(request, "section")  # bounded like the slug; the canonical check below uses it
    slug = _slug(request)
    now = services.clock()
    with services.reads() as session:
        found = queries.article_by_slug(session, slug, now=now)
        if found is None:
            moved = queries.current_slug(session, slug, now=now)
            if moved is None:
                raise HTTPException(404)
            return RedirectResponse(urls.article_path(*moved), status_code=301)
        canonical = urls.article(found)
        if canonical != request.url.path:
            return RedirectResponse(canonical, status_code=301)
        return article_page(request, session, found)


def article_page(
    request: Request,
    session: Session,
    found: Article,
    *,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    """The article page; with ``form`` and ``errors`` it re-shows a rejected comment."""
    services = request.app.state.services
    now = services.clock()
    count = services.settings.related_count
    related = queries.related(session, found.id, now=now, limit=count)
    related = queries.fill_related(session, found, related, now=now, limit=count)
    thread, comment_count = comment_queries.approved_thread(session, found.id)
    rules = comment_policy.load(session)
    reply_to = (form or {}).get("parent_id") or request.query_params.get("replytocom", "")
    response = _render(
        request,
        session,
        "site/article.html",
        article=found,
        related=related,
        comments=thread,
        comment_count=comment_count,
        comments_open=found.comments_open and not rules.closed_by_age(found.published_at, now),
        max_depth=rules.max_depth,
        reply_to=int(reply_to) if reply_to.isdigit() and len(reply_to) < 12 else None,
        form_stamp=services.keys.sign(FORM_STAMP, int(now.timestamp()), timed=False),
        form=form or {},
        errors=errors or {},
        meta=meta.article(_base(request), found),
    )
    if errors:
        response.status_code = status
        response.headers["Cache-Control"] = "no-store"
    return response
