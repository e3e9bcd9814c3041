"""A draft as readers will see it: the secret preview link (``/preview/<token>``) a
colleague opens without an account, and the page the editor's live preview shows.

Both render the public article template with the public stylesheet, so what the
newsroom sees is what readers will get. A preview is never cached and never indexed.
"""

from __future__ import annotations

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from thepost.content import editorial, live, queries
from thepost.content.models import Article, Status
from thepost.i18n import N_
from thepost.web import deps
from thepost.web.errors import error_page
from thepost.web.site import pages, rendering

PRIVATE = {"Cache-Control": "private, no-store", "X-Robots-Tag": "noindex, nofollow"}
EXPIRED = N_("This preview link has expired or is not valid. Ask for a new one.")


def render(request: Request, session: Session, article: Article, *, banner: str) -> str:
    """The article page's HTML for an article that need not be live (or stored)."""
    services = deps.services(request)
    shown = rendering.shown_in(request, session, article.language)
    parts = pages.for_article(
        services.templates,
        services.settings.base_url,
        shown,
        article,
        public=False,
        whole=True,
        blog=live.page(session, article),
    )
    response = rendering.render(
        request,
        session,
        "site/article.html",
        article=article,
        page=parts,
        preview=banner,
        related=[],
        thread=parts.thread,
        comment_count=0,
        comments_open=False,
        reply_to=None,
        form_stamp="",
        form={},
        errors={},
    )
    return bytes(response.body).decode()


def page(request: Request) -> Response:
    services = deps.services(request)
    now = services.clock()
    token = str(request.path_params["token"])
    with services.reads() as session:
        article_id = editorial.preview_article_id(session, services.keys, token, now=now)
        if article_id is None:
            return error_page(request, 404, EXPIRED, headers=PRIVATE)
        article = queries.article_for_editor(session, article_id)
        if article is None or article.status == Status.TRASHED:
            return error_page(request, 404, EXPIRED, headers=PRIVATE)
        banner = f"Preview of a {article.status} article: not public. Please do not share."
        html = render(request, session, article, banner=banner)
    response = Response(html, media_type="text/html", headers=PRIVATE)
    return response
