"""The search results page and search-as-you-type suggestions.

Whatever the reader typed is bounded, parsed into plain words (``search.query``) and
shown back escaped; filters come as slugs and dates, and junk in them is ignored rather
than refused, so a shared or mistyped link still gives a results page.

Each result is the card stored with its article's page (``tiles``), the one "You May
Also Like" shows, read in one statement; a card not rendered yet with this process's
templates is rendered from its article. Pages (About, ...) the words match are listed
above the stories on the first page of results, when no filter is chosen
(``search.pages``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from html import escape
from typing import Any

from babel.numbers import format_decimal
from markupsafe import Markup
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from thepost import i18n
from thepost.content import queries
from thepost.content.queries import Page
from thepost.search import pages as search_pages
from thepost.search.backends.base import MARK_END, MARK_START, Filters, Results
from thepost.search.query import Parsed, parse
from thepost.services import Services
from thepost.web import deps, urls
from thepost.web.errors import error_page
from thepost.web.site import meta, params, rendering, tiles

MAX_QUERY = 200
# Searches are rendered for each new query (a kept results page costs nothing): each client
# address gets a generous number a minute, type-ahead more, so one client cannot keep the
# workers busy with made-up queries.
PER_MINUTE = {"search": 60, "search-suggest": 180}
# Results past the first thousand are not ranked exactly and cost the most: no deeper pages.
MAX_RESULTS = 1000
SORTS = ("relevance", "newest")


def _query_text(request: Request) -> tuple[str, bool]:
    raw = request.query_params.get("q", "")
    return clean(raw), len(" ".join(params.CONTROL.sub(" ", raw).split())) > MAX_QUERY


def _date(value: str) -> date | None:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def highlight(snippet: str) -> Markup:
    """Escape the snippet, then turn the backend's match markers into <mark> tags."""
    text = escape(snippet.replace(MARK_START, "\x00s").replace(MARK_END, "\x00e"))
    return Markup(text.replace("\x00s", "<mark>").replace("\x00e", "</mark>"))


RETRY = {"Retry-After": "60", "Cache-Control": "no-store"}


def too_often(request: Request, scope: str) -> bool:
    """Count a search for this client; True when it has searched too often this minute."""
    services = deps.services(request)
    client = request.client.host if request.client else ""
    key = services.keys.hash("ip", client)
    return not services.limiter.hit(scope, key, per_seconds=60, amount=PER_MINUTE[scope])


def results(request: Request) -> Response:
    services = deps.services(request)
    if too_often(request, "search"):
        message = i18n.N_("You have searched very often in the last minute. Please wait a moment.")
        return error_page(request, 429, message, headers=RETRY)
    q, too_long = _query_text(request)
    query = request.query_params
    number = params.page_number(request)
    size = services.settings.page_size
    if (number - 1) * size >= MAX_RESULTS:
        raise HTTPException(404)
    sort = query.get("sort", "relevance")
    sort = sort if sort in SORTS else "relevance"
    now = services.clock()
    chosen = {k: query.get(k, "")[:80] for k in ("section", "tag", "author", "from", "to")}
    with services.reads() as session:
        shown = rendering.edition(request, session)
        language = shown.language
        found_run = run(
            services, session, parse(q), chosen, language=language, sort=sort, number=number,
            size=size, now=now,
        )  # fmt: skip
        found, page_hits = found_run.found, found_run.page_hits
        page: Page[Any] | None = None
        snippets: dict[int, Markup] = {}
        if found is not None:
            ids = [h.article_id for h in found.hits]
            cards = tiles.of_rows(request, session, queries.stored_cards(session, ids, now=now))
            snippets = {h.article_id: highlight(h.snippet) for h in found.hits}
            page = Page(cards, number, size, found.total)
            params.check_range(page)
        latest = (
            []
            if page and page.items
            else tiles.listed(
                request, session, queries.Listing(language=shown.edition), page=1, size=4
            ).items
        )
        keep = {
            k: v
            for k, v in {"q": q, "sort": sort if sort != "relevance" else "", **chosen}.items()
            if v
        }
        return rendering.render(
            request,
            session,
            "site/search.html",
            q=q,
            # "1,234" as the site's language writes it ("1234", "12.345", "12 345").
            found_total=format_decimal(found.total, locale=i18n.base(language)) if found else "",
            too_long=too_long,
            page=page,
            page_hits=page_hits,
            found=found,
            snippets=snippets,
            latest=latest,
            sort=sort,
            chosen=chosen,
            params=keep,
            filters_active=any(chosen.values()),
            meta=meta.plain(
                rendering.base_url(request),
                urls.search(edition=shown.edition, **keep),
                shown.edition,
            ),  # fmt: skip
        )


@dataclass(frozen=True)
class Run:
    """A search as the results page and the API run it: the stories (None: no words to
    look for) and, on the first page without filters, the pages the words match."""

    found: Results | None
    page_hits: list[search_pages.PageHit]


def run(
    services: Services,
    session: Session,
    parsed: Parsed,
    chosen: dict[str, str],
    *,
    language: str,
    sort: str,
    number: int,
    size: int,
    now: datetime,
) -> Run:
    """``chosen``: the filters as slugs and dates (section, tag, author, from, to);
    ``language``: the reader's (a tag), whose stories and pages alone are found."""
    if parsed.empty:
        return Run(None, [])
    section_id, tag_id, author_id = queries.lookup_ids(
        session,
        section=chosen.get("section", ""),
        tag=chosen.get("tag", ""),
        author=chosen.get("author", ""),
    )
    filters = Filters(
        section_id=section_id,
        tag_id=tag_id,
        author_id=author_id,
        date_from=_date(chosen.get("from", "")),
        date_to=_date(chosen.get("to", "")),
    )
    page_hits = []
    if number == 1 and not any(chosen.values()):
        searched = services.memo.get("search pages", lambda: search_pages.load(session))
        page_hits = search_pages.find(searched, parsed, now=now, language=language)
    found = services.search.search(
        session, parsed, now=now, language=language, filters=filters, sort=sort, limit=size,
        offset=(number - 1) * size,
    )  # fmt: skip
    return Run(found, page_hits)


def clean(raw: str) -> str:
    """What a reader typed, as it is searched: no control characters, spaces folded."""
    return " ".join(params.CONTROL.sub(" ", raw).split())[:MAX_QUERY]


def suggest(request: Request) -> Response:
    """Top headlines for what is typed so far, as JSON, for the header's search box."""
    services = deps.services(request)
    if too_often(request, "search-suggest"):
        return JSONResponse({"results": []}, status_code=429, headers=RETRY)
    q, _ = _query_text(request)
    headers = {"Cache-Control": "public, max-age=60"}
    parsed = parse(q)
    if parsed.empty:
        return JSONResponse({"results": []}, headers=headers)
    now = services.clock()
    with services.reads() as session:
        language = rendering.edition(request, session).language
        ids = services.search.suggest(session, parsed, now=now, language=language, limit=5)
        articles = queries.cards_by_ids(session, ids, now=now)
        items = [{"title": a.title, "url": urls.article(a)} for a in articles]
    return JSONResponse({"results": items}, headers=headers)
