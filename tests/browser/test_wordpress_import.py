"""A site moved in from WordPress, in Chromium: every imported article is valid HTML,
a sample passes axe-core, and the XSS payloads of an export (titles, bodies, excerpts,
captions, embeds, HTML blocks, categories, tags, comment authors and comments) never run."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from browser.conftest import AXE_JS, DESKTOP, fetch, html_errors, serve
from thepost.app import build_services
from thepost.config import Settings
from thepost.content import page_queries
from thepost.content.models import Article, Status
from thepost.db.migrate import upgrade
from thepost.web import urls
from thepost.wordpress import importer
from wordpress import exports

pytestmark = pytest.mark.browser

RECORDER = """
window.__xss = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = function () { window.__xss.push(name); };
}
"""
# Markup that could run code: event handlers, script URLs, frames, scripts not the site's.
AUDIT = """() => {
  const bad = [];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      const value = attr.value.replace(/[\\u0000-\\u0020]/g, "").toLowerCase();
      if (name.startsWith("on") || name === "srcdoc") bad.push(el.localName + " " + name);
      if (["href", "src", "action", "formaction", "data"].includes(name)
          && (value.startsWith("javascript:") || value.startsWith("data:text"))) {
        bad.push(el.localName + " " + name + "=" + value.slice(0, 40));
      }
    }
  }
  for (const el of document.querySelectorAll("iframe, frame, object, embed, svg script")) {
    bad.push(el.localName);
  }
  // (JSON-LD and the page's words for its scripts: data the browser never runs)
  const scripts = [...document.scripts].filter(
    s => !s.src.includes("/static/") && s.type !== "application/ld+json"
         && !(s.type === "application/json" && s.id === "thepost-words"));
  return {bad, inline: scripts.map(s => s.textContent.slice(0, 60))};
}"""


@dataclass(frozen=True)
class Imported:
    url: str
    articles: list[str]  # the live imported articles' paths
    pages: list[str]  # the live imported pages' paths
    hostile: list[str]  # the paths of the articles made of payloads


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Imported]:
    folder = tmp_path_factory.mktemp("wordpress-site")
    services = build_services(Settings(data_dir=folder / "data"))
    upgrade(services.engine)
    pictures = exports.uploads_folder(folder / "uploads")
    importer.run(services, exports.EXPORT, importer.Options(uploads=pictures))
    importer.run(services, exports.xss_export(folder / "hostile.xml"))
    now = services.clock()
    with services.reads() as session:
        live = session.scalars(
            select(Article)
            .where(Article.status == Status.PUBLISHED)
            .options(joinedload(Article.section))
            .order_by(Article.id)
        ).all()
        paths = [(urls.article(a), a.slug.startswith("hostile-")) for a in live]
        pages = [urls.page_path(p) for p in page_queries.paths(session, live_only=now).values()]
    with serve(services) as url:
        yield Imported(url, [p for p, h in paths if not h], pages, [p for p, h in paths if h])


def test_every_imported_article_and_page_is_valid_html(
    tools: None, imported: Imported, tmp_path: Path
) -> None:
    assert len(imported.articles) > 40 and len(imported.pages) > 15
    files = []
    for n, path in enumerate([*imported.articles, *imported.pages]):
        status, html = fetch(imported.url + path)
        assert status == 200, path
        files.append(tmp_path / f"{n}.html")
        files[-1].write_text(html, encoding="utf-8")
    report = html_errors(files)
    assert not report, f"HTML errors:\n{report}"


@pytest.mark.parametrize(
    "slug", ["post-format-gallery", "markup-image-alignment", "template-comments", "block-image"]
)
def test_imported_articles_pass_axe(browser: Browser, imported: Imported, slug: str) -> None:
    path = next(p for p in imported.articles if p.endswith("/" + slug))
    context = browser.new_context(**DESKTOP, bypass_csp=True)  # axe is injected inline
    try:
        page = context.new_page()
        page.goto(imported.url + path, wait_until="load")
        page.add_script_tag(path=str(AXE_JS))
        results = page.evaluate("axe.run()")
    finally:
        context.close()
    problems = [v["id"] for v in results["violations"] if v["impact"] in ("serious", "critical")]
    assert results["passes"] and not problems, (path, problems)


def test_payloads_from_an_export_never_run(
    browser: Browser, imported: Imported, screenshots: Path
) -> None:
    assert len(imported.hostile) >= len(exports.payloads()) // 25
    context = browser.new_context(**DESKTOP)
    dialogs: list[str] = []
    try:
        page = context.new_page()
        page.add_init_script(RECORDER)
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in [*imported.hostile, "/", "/latest", "/search?q=alert"]:
            page.goto(imported.url + path, wait_until="load")
            audit = page.evaluate(AUDIT)
            assert page.evaluate("window.__xss") == [], f"{path}: a payload ran"
            assert dialogs == [], f"{path}: a payload opened a dialog"
            assert audit["bad"] == [], f"{path}: {audit['bad'][:5]}"
            assert audit["inline"] == [], f"{path}: {audit['inline'][:3]}"
        page.goto(imported.url + imported.hostile[0], wait_until="load")
        page.screenshot(path=str(screenshots / "wordpress-hostile-article.png"), full_page=True)
        page.goto(imported.url + next(p for p in imported.articles if "gallery" in p))
        page.screenshot(path=str(screenshots / "wordpress-gallery.png"), full_page=True)
    finally:
        context.close()
