"""The routes table: the paths under a section come first and never shadow the site's own."""

from __future__ import annotations

import subprocess
import sys

import pytest
from starlette.routing import BaseRoute, Match, Mount

from thepost.content.taxonomy import RESERVED_SLUGS
from thepost.content.text import slugify
from thepost.web import routes
from thepost.web.later import Later


def _matched(path: str, method: str = "GET") -> str:
    scope = {"type": "http", "path": path, "root_path": "", "method": method}
    for route in routes.table():
        match, _ = route.matches(scope)
        if match == Match.FULL:
            return str(getattr(route, "name", ""))
    return ""


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/", "home"),
        ("/politics", "section"),
        ("/politics/council-passes-the-budget", "article"),
        ("/politics/feed/rss", "section_feed"),
        ("/politics/a-story/comments/feed/atom", "comments_feed"),
        ("/admin", "admin"),
        ("/admin/articles", "admin_articles"),
        ("/latest", "latest"),
        ("/search", "search"),
        ("/tag/budget", "tag"),
        ("/author/jane-smith", "author"),
        ("/feed/rss", "feed"),
        ("/robots.txt", "robots"),
        ("/sitemap-articles-2.xml", "sitemap_articles"),
        ("/static/site.css", "static"),
        ("/media/2026/12/a.jpg", "media"),
        ("/healthz", "healthz"),
        ("/preview/token", "preview"),
        ("/administration/a-story", "article"),  # only whole segments are taken
        ("/tags", "section"),
        # Pages: the section and article routes look for one when they find nothing.
        ("/about", "section"),
        ("/about/team", "article"),
        ("/about/team/editors", "page"),
        ("/about/team/editors/desk", "page"),
        ("/admin/pages", "admin_pages"),
        ("/admin/menus", "admin_menus"),
    ],
)
def test_each_path_reaches_its_route(path: str, name: str) -> None:
    assert _matched(path) == name


@pytest.mark.parametrize(
    ("path", "method", "name"),
    [
        ("/politics/a-story/comments", "POST", "comment_post"),
        ("/politics/a-story/comments", "GET", ""),  # no page there: a 405, not a page's 404
        ("/politics/a-story/comments/feed/rss", "GET", "comments_feed"),
        ("/politics/feed/json", "GET", "section_feed"),
    ],
)
def test_deep_pages_never_shadow_an_articles_own_paths(path: str, method: str, name: str) -> None:
    assert _matched(path, method) == name


def test_a_section_can_never_take_a_first_segment_of_the_sites_own() -> None:
    taken = routes.first_segments(routes.table())
    # Those a section's slug could be (slugify keeps no dots or braces) are reserved.
    possible = {segment for segment in taken if segment and slugify(segment) == segment}
    assert possible <= RESERVED_SLUGS, possible - RESERVED_SLUGS


def _later_views(found: list[BaseRoute]) -> list[Later]:
    """Every view the table names through ``Views``, from the closures of its endpoints."""
    views = []
    for route in found:
        if isinstance(route, Mount):
            views += _later_views(list(route.routes))
        cells = getattr(getattr(route, "endpoint", None), "__closure__", None) or ()
        views += [cell.cell_contents for cell in cells if isinstance(cell.cell_contents, Later)]
    return views


def test_every_view_imported_on_first_use_is_there() -> None:
    later = _later_views(routes.table())
    assert len(later) > 100  # the newsroom's pages and the API's writers
    for view in later:
        assert callable(view.resolve()), view


def test_a_reader_worker_does_not_import_the_newsrooms_views() -> None:
    """In a fresh interpreter: building the app imports none of the newsroom's views, nor
    the Markdown, HTML-cleaning or picture libraries only the newsroom's work uses, nor
    the translations' compiler on an English site, nor the WebSocket library the server
    would load by default."""
    code = (
        "import sys, thepost.app, thepost.server, uvicorn.config;"
        "uvicorn.config.Config(lambda *a: None, **thepost.server.SERVER).load();"
        "print(sorted(m for m in sys.modules if m in {"
        "'thepost.web.admin.editor', 'thepost.web.admin.imports', 'thepost.wordpress.importer',"
        "'markdown_it', 'nh3', 'PIL.Image', 'babel.messages.pofile', 'websockets'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
