"""The routes table: every URL the site answers, by name, in one place.

Fixed prefixes come before the catch-all section and article paths, and section slugs
may not take a fixed prefix's name (``content.actions.RESERVED_SLUGS``).
"""

from __future__ import annotations

from pathlib import Path

from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from thepost.web import static
from thepost.web.site import comments, search
from thepost.web.site import views as site


def table(media_dir: Path) -> list[BaseRoute]:
    return [
        Route("/", site.home, name="home", methods=["GET", "HEAD"]),
        Route("/search", search.results, name="search", methods=["GET", "HEAD"]),
        Route("/search/suggest", search.suggest, name="search_suggest", methods=["GET"]),
        Route("/latest", site.latest, name="latest", methods=["GET", "HEAD"]),
        Route("/tag/{slug}", site.tag, name="tag", methods=["GET", "HEAD"]),
        Route("/author/{slug}", site.author, name="author", methods=["GET", "HEAD"]),
        Route("/comments/mine", comments.mine, name="comments_mine", methods=["GET"]),
        Route(
            "/comments/unsubscribe",
            comments.unsubscribe,
            name="comments_unsubscribe",
            methods=["GET", "POST"],
        ),
        Mount("/static", static.files(), name="static"),
        Mount("/media", StaticFiles(directory=media_dir, check_dir=False), name="media"),
        Route("/{section}", site.section, name="section", methods=["GET", "HEAD"]),
        Route("/{section}/{slug}", site.article, name="article", methods=["GET", "HEAD"]),
        Route("/{section}/{slug}/comments", comments.post, name="comment_post", methods=["POST"]),
    ]
