"""Every page type under the Content-Security-Policy in a real browser: the site and the
newsroom run with no policy violation and no console error (no inline script or style
left behind, no script the policy blocks)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from browser.conftest import DESKTOP, demo_services, serve
from thepost.content import editorial
from thepost.content.models import Article, Image
from thepost.demo import accounts as demo_accounts
from thepost.permissions import SYSTEM
from thepost.web import urls

pytestmark = pytest.mark.browser

WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + e.blockedURI + " " + e.sourceFile);
});
"""


class Watched:
    """A page whose console errors and policy violations are collected."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.problems: list[str] = []
        page.add_init_script(WATCH)
        page.on(
            "console",
            lambda m: (
                self.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None
            ),
        )
        page.on("pageerror", lambda e: self.problems.append(f"script error: {e}"))

    def visit(self, url: str, status: int = 200) -> None:
        response = self.page.goto(url, wait_until="networkidle")
        assert response is not None and response.status == status, url
        assert "content-security-policy" in response.headers, url
        self.check(url)

    def check(self, where: str) -> None:
        violations = self.page.evaluate("window.__violations || []")
        found = self.problems + [f"violation: {v}" for v in violations]
        # a missing page logs its own 404 in the console: expected, not a problem
        found = [p for p in found if "404" not in p]
        assert not found, f"{where}: {found}"
        self.problems.clear()


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, object]]:
    services = demo_services(tmp_path_factory.mktemp("browser-csp"), 12)
    with services.writes.begin() as session:
        demo_accounts.create(session, now=services.clock())
    with serve(services) as url:
        yield url, services


def test_the_site_runs_under_the_policy(browser: Browser, newsroom, screenshots: Path) -> None:
    url, services = newsroom
    with services.reads() as session:
        article = session.scalars(
            select(Article).where(Article.status == "published").order_by(Article.id)
        ).first()
        assert article is not None
        article_id = article.id
    with services.writes.begin() as session:
        token, _ = editorial.preview_token(
            session, services.keys, article_id, actor=SYSTEM, now=services.clock()
        )
    context = browser.new_context(**DESKTOP)
    watched = Watched(context.new_page())
    page = watched.page
    watched.visit(url + "/")
    sections = page.locator("nav.sections a[href^='/']").evaluate_all(
        "a => a.map(x => x.getAttribute('href'))"
    )
    section = next(h for h in sections if h not in ("/", "/latest", "/search"))
    watched.visit(url + section)
    first = page.locator("main article a[href^='/']").first.get_attribute("href")
    watched.visit(url + str(first))
    page.screenshot(path=str(screenshots / "csp-article.png"), full_page=True)
    tag = page.locator("a[href^='/tag/']").first.get_attribute("href")
    author = page.locator("a[href^='/author/']").first.get_attribute("href")
    watched.visit(url + str(tag))
    watched.visit(url + str(author))
    watched.visit(url + "/search?q=the")
    assert page.locator("main article").count() > 0
    watched.visit(url + "/latest")
    watched.visit(url + urls.preview(token))
    watched.visit(url + "/no-such-section/no-such-story", status=404)
    # The comment form, used.
    watched.visit(url + str(first))
    page.fill("#comment", "A fine piece on the ferry, thank you for it.")
    page.fill("#author", "Rosa Delgado")
    page.fill("#email", "rosa.delgado@example.org")
    page.get_by_role("button", name="Post Comment").click()
    page.wait_for_load_state("networkidle")
    watched.check("after posting a comment")
    context.close()


def test_the_newsroom_runs_under_the_policy(browser: Browser, newsroom, screenshots: Path) -> None:
    url, services = newsroom
    with services.reads() as session:
        article_id = session.scalars(select(Article.id).order_by(Article.id)).first()
        image_id = session.scalars(select(Image.id).order_by(Image.id)).first()
    context = browser.new_context(**DESKTOP)
    watched = Watched(context.new_page())
    page = watched.page
    watched.visit(url + "/admin/login")
    page.get_by_label("Email").fill("admin@example.com")
    page.get_by_label("Password").fill("thepost-demo-admin")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    watched.check("after signing in")
    for path in (
        "/admin",
        "/admin/articles",
        "/admin/media",
        "/admin/comments",
        "/admin/sections",
        "/admin/tags",
        "/admin/users",
        "/admin/settings",
        "/admin/audit",
        f"/admin/articles/{article_id}/revisions",
    ):
        watched.visit(url + path)
    if image_id is not None:
        watched.visit(url + f"/admin/media/{image_id}")
    watched.visit(url + f"/admin/articles/{article_id}")
    page.get_by_role("textbox", name="Body").fill("The ferry left the quay at nine.\n\nIt rained.")
    frame = page.frame_locator(".live-preview iframe")
    expect(frame.locator("body")).to_contain_text("It rained.", timeout=10000)
    page.screenshot(path=str(screenshots / "csp-editor.png"), full_page=True)
    watched.check("the editor's live preview")
    context.close()
