"""The article list: every story in the newsroom, filtered and paged.

Contributors see only their own (created by them or carrying their byline)."""

from __future__ import annotations

from starlette.responses import JSONResponse, Response

from thepost.content import queries
from thepost.content.models import Status
from thepost.i18n import N_
from thepost.permissions import Action
from thepost.web import urls
from thepost.web.admin import labels
from thepost.web.admin.pages import AdminRequest

PAGE_SIZE = 25
LINKS = 10  # stories the link picker offers at once
NO_SUCH_PAGE = N_("There is no such page of articles.")


def _int(raw: str) -> int | None:
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else None


def index(req: AdminRequest) -> Response:
    user = req.actor
    status = req.query("status")
    values = {
        "status": status if status in {s.value for s in Status} else "",
        "section": req.query("section"),
        "author": req.query("author"),
        "q": req.query("q", 200).strip(),
    }
    mine = not req.can(Action.ARTICLE_EDIT_ANY)
    filters = queries.NewsroomFilter(
        status=values["status"],
        section_id=_int(values["section"]),
        author_id=_int(values["author"]),
        text=values["q"],
        owner_id=user.id if mine else None,
        now=req.now,
    )
    number = queries.parse_page(req.request.query_params.get("page"))
    if number is None:
        return req.error(404, NO_SUCH_PAGE)
    with req.services.reads() as session:
        page = queries.newsroom_articles(session, filters, page=number, size=PAGE_SIZE)
        if number > 1 and number > page.pages:
            return req.error(404, NO_SUCH_PAGE)
        sections = queries.sections(session)
        authors = queries.authors(session)
    return req.render(
        "admin/articles.html",
        page=page,
        values=values,
        status_options=[(s.value, labels.status(s.value)) for s in Status],
        section_options=[(s.id, s.name) for s in sections],
        author_options=[(a.id, a.name) for a in authors],
        mine=mine,
        filtered=any(values.values()),
    )


def find(req: AdminRequest) -> Response:
    """The story editor's link picker: live stories whose headline holds ``q``, newest
    change first (the article list's query, filtered to what readers can open)."""
    filters = queries.NewsroomFilter(
        status=Status.PUBLISHED.value, text=req.query("q", 200).strip(), now=req.now
    )
    with req.services.reads() as session:
        page = queries.newsroom_articles(session, filters, page=1, size=LINKS)
        items = [
            {"id": a.id, "title": a.title, "path": urls.article(a),
             "section": a.section.name if a.section else ""}
            for a in page.items
        ]  # fmt: skip
    return JSONResponse({"items": items, "total": page.total})
