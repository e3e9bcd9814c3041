"""The newsroom's writing and publishing in a real browser: an author writes a story with
a photograph they upload and submits it; an editor reads what changed between the
revisions and schedules it; the clock passes the time and the story is on the home page.
Screenshots of the article list, the editor and the comparison are saved to look at."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from browser.conftest import DESKTOP, html_errors, no_serious_accessibility_problems, serve
from media import samples
from thepost import demo
from thepost.accounts import queries as account_queries
from thepost.app import build_services
from thepost.config import Settings
from thepost.content import actions as content_actions
from thepost.content.models import Image
from thepost.db.base import utcnow
from thepost.db.migrate import upgrade
from thepost.demo import accounts as demo_accounts
from thepost.services import Services

pytestmark = pytest.mark.browser
HEADLINE = "Night ferry returns to the river"


class MovableClock:
    """The server's clock: real time plus however far the test has moved it on."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return utcnow() + self.offset


@dataclass
class Newsroom:
    url: str
    clock: MovableClock
    services: Services


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Newsroom]:
    clock = MovableClock()
    services = build_services(Settings(data_dir=tmp_path_factory.mktemp("editor")), clock=clock)
    upgrade(services.engine)
    demo.load(services, articles=12)
    with services.writes.begin() as session:
        demo_accounts.create(session, now=clock())
        # The author's own byline: anyone but an editor may credit only themselves.
        author = account_queries.by_email(session, "author@example.com")
        assert author is not None
        content_actions.create_author(session, "Aisha Author", user_id=author.id)
    with serve(services) as url:
        yield Newsroom(url, clock, services)


def _sign_in(page: Page, url: str, email: str, password: str) -> None:
    page.goto(url + "/admin/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def _keep_html(page: Page, folder: Path, name: str) -> Path:
    """The page's HTML as the server sends it (not as the script changed it)."""
    path = folder / f"{name}.html"
    path.write_text(page.request.get(page.url).text(), encoding="utf-8")
    return path


def test_write_submit_review_schedule_and_publish(
    browser: Browser, newsroom: Newsroom, screenshots: Path, tmp_path: Path, tools: None
) -> None:
    url = newsroom.url
    context = browser.new_context(**DESKTOP, bypass_csp=True)  # axe is injected inline
    page = context.new_page()
    pages: list[Path] = []

    # The author uploads a photograph (GPS in its EXIF), then writes.
    _sign_in(page, url, "author@example.com", "thepost-demo-author")
    page.goto(url + "/admin/media")
    page.get_by_label("Image file").set_input_files(str(samples.photograph(tmp_path / "ferry.jpg")))
    page.get_by_label("Alt text", exact=True).fill("The ferry at the quay, lit up at night")
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("status")).to_contain_text("The picture is in the library")
    page.goto(url + "/admin/articles")
    page.get_by_role("link", name="New article").click()
    page.get_by_label("Headline").fill(HEADLINE)
    page.get_by_label("Standfirst").fill("After two years, the late boat sails again.")
    page.get_by_role("textbox", name="Body").fill(
        "The ferry left the quay at nine.\n\nPassengers waved from the deck."
    )
    page.get_by_label("Section").select_option(label="News")
    page.get_by_label("Tags").fill("Transport, River")
    page.locator("#f-author-0").select_option(label="Aisha Author")
    page.locator("input[name=featured_image_id]").nth(1).check()  # the newest: the upload
    page.get_by_label("Alt text").fill("The ferry at the quay, lit up at night")
    page.get_by_label("Caption").fill("The ferry on its first night back.")
    preview = page.frame_locator(".live-preview iframe")
    expect(preview.get_by_role("heading", name=HEADLINE)).to_be_visible()
    expect(preview.locator(".story-body")).to_contain_text("Passengers waved")
    expect(preview.locator("figure.featured img")).to_be_visible()
    page.get_by_role("button", name="Save draft").click()  # perhaps autosaved already
    expect(page.get_by_role("status").first).to_contain_text(re.compile("Draft created|Saved"))

    body = page.get_by_role("textbox", name="Body")
    body.fill("The ferry left the quay at ten.\n\nPassengers waved from the deck.")
    expect(preview.locator(".story-body")).to_contain_text("at ten")
    page.screenshot(path=screenshots / "admin-editor.png", full_page=True)
    pages.append(_keep_html(page, tmp_path, "editor"))
    no_serious_accessibility_problems(page)
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_role("status").first).to_contain_text("Submitted for review")
    expect(page.locator(".page-head .status")).to_have_text("pending")
    page.get_by_role("button", name="Log out").click()

    # The editor reviews and schedules.
    _sign_in(page, url, "editor@example.com", "thepost-demo-editor")
    page.goto(url + "/admin/articles")
    expect(page.locator("tr", has_text=HEADLINE).locator(".status")).to_have_text("pending")
    page.screenshot(path=screenshots / "admin-editor-list.png", full_page=True)
    page.get_by_role("link", name=HEADLINE).click()
    page.get_by_role("link", name="Compare revisions").click()
    changes = page.locator(".changes")
    expect(changes.locator("del")).to_have_text("nine")
    expect(changes.locator("ins")).to_have_text("ten")
    page.screenshot(path=screenshots / "admin-revisions-diff.png", full_page=True)
    pages.append(_keep_html(page, tmp_path, "revisions"))
    page.get_by_role("link", name="Back to the editor").click()

    at = (newsroom.clock() + timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("Publish at (UTC)").fill(at)
    page.get_by_role("button", name="Schedule").click()
    expect(page.get_by_role("status").first).to_contain_text("Scheduled")
    expect(page.locator(".page-head .status")).to_have_text("scheduled")
    page.goto(url + "/")
    expect(page.get_by_text(HEADLINE)).to_have_count(0)

    # Time passes; nothing runs; the story is out.
    newsroom.clock.offset += timedelta(minutes=11)
    page.reload()  # the home page may be kept for a minute (max-age): ask the server again
    expect(page.get_by_role("link", name=HEADLINE).first).to_be_visible()
    page.get_by_role("link", name=HEADLINE).first.click()
    expect(page.locator(".story-body")).to_contain_text("at ten")
    expect(page.locator("figure.featured img")).to_have_attribute(
        "alt", "The ferry at the quay, lit up at night"
    )
    with newsroom.services.reads() as session:
        uploaded = session.scalars(select(Image).order_by(Image.id.desc())).first()
    assert uploaded is not None and uploaded.width == 1600
    expect(page.locator("figure.featured img")).to_have_attribute(
        "src", re.compile(uploaded.sha256)
    )
    article_url = page.url

    # A correction, dated, at the foot of the story.
    page.goto(url + "/admin/articles?status=published")
    page.get_by_role("link", name=HEADLINE).click()
    page.get_by_label("Kind").select_option("correction")
    page.get_by_label("Note, shown dated at the foot of the article").fill(
        "An earlier version said the ferry left at nine."
    )
    page.get_by_role("button", name="Add to the article").click()
    expect(page.get_by_role("status").first).to_contain_text("The note is on the article.")
    page.goto(article_url)
    page.reload()  # this browser saw the page a moment ago (max-age): ask the server again
    expect(page.locator(".corrections")).to_contain_text("left at nine")
    page.screenshot(path=screenshots / "editor-published-article.png", full_page=True)
    pages.append(_keep_html(page, tmp_path, "article"))
    context.close()
    report = html_errors(pages)
    assert not report, f"HTML errors:\n{report}"
