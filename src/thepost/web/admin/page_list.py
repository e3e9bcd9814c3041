"""The newsroom's pages (About, Contact, ...): every one in the site's order, each under
its parent, with its status and address."""

from __future__ import annotations

from starlette.responses import Response

from thepost.content import page_queries
from thepost.i18n import N_
from thepost.web.admin.pages import AdminRequest

MESSAGES = {"delete": N_("The page was deleted; the pages under it moved up a level.")}


def index(req: AdminRequest) -> Response:
    with req.services.reads() as session:
        rows = page_queries.tree(session)
    return req.render(
        "admin/page_list.html", rows=rows, message=MESSAGES.get(req.query("done"), "")
    )
