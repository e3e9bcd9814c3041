"""A live blog in two browsers: a reader has it open while a reporter posts three
entries from the live desk and changes one; the reader's page offers "3 new updates",
shows them on a click and the change in place, without reloading; the key events box
lists the one marked. The page is valid HTML without serious axe findings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from browser.conftest import (
    DESKTOP,
    demo_services,
    html_errors,
    no_serious_accessibility_problems,
    serve,
    signed_in,
)
from thepost.content.models import Article, LiveEntry
from thepost.demo import accounts as demo_accounts
from thepost.services import Services

pytestmark = pytest.mark.browser
BLOG = "/news/storm-maren-reaches-the-coast-live-updates"


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Services]]:
    services = demo_services(tmp_path_factory.mktemp("live"), 4)
    with services.writes.begin() as session:
        demo_accounts.create(session, now=services.clock())
    with serve(services) as url:
        yield url, services


def _poll_now(reader: Page) -> None:
    """What a reader's tab does when it comes back into view: ask for updates at once
    (instead of waiting for the next 10-second poll)."""
    reader.evaluate("document.dispatchEvent(new Event('visibilitychange'))")


def _post(desk: Page, headline: str, body: str, *, keys: bool = False) -> None:
    desk.get_by_label("Headline (optional)").fill(headline)
    editor = desk.locator(".visual-surface .ProseMirror")  # once the editor is there
    expect(editor).to_have_accessible_name("Update")
    editor.click()
    editor.press_sequentially(body)
    if keys:
        editor.press("Control+Enter")
    else:
        desk.get_by_role("button", name="Post").click()
    expect(desk.get_by_role("status")).to_contain_text("Posted")


def test_a_reader_sees_a_reporters_entries_arrive(
    browser: Browser, newsroom: tuple[str, Services], screenshots: Path, tmp_path: Path
) -> None:
    url, services = newsroom
    with services.reads() as session:
        blog_id = session.scalar(select(Article.id).where(Article.live_status == "live"))
    reader = browser.new_context(**DESKTOP).new_page()
    failures: list[str] = []
    reader.on("pageerror", lambda error: failures.append(str(error)))
    reader.goto(url + BLOG)
    before = reader.locator("li.live-entry").count()
    news = reader.locator(".live-news-button")
    expect(news).to_be_hidden()

    with signed_in(browser, url, "editor@example.com", "thepost-demo-editor") as desk:
        desk.goto(f"{url}/admin/articles/{blog_id}/live")
        _post(desk, "Bridge closed", "The market bridge is closed to traffic.")
        _post(desk, "", "Sandbags are running out at the quay.", keys=True)
        _post(desk, "Shelter full", "The North sports hall is full; buses go to the East hall.")
        desk.screenshot(path=str(screenshots / "live-desk.png"), full_page=True)
        _poll_now(reader)
        expect(news).to_have_text("3 new updates")
        expect(reader.locator("li.live-entry")).to_have_count(before)  # nothing moved yet
        reader.screenshot(path=str(screenshots / "live-new-updates.png"))
        news.click()
        expect(reader.locator("li.live-entry")).to_have_count(before + 3)
        expect(news).to_be_hidden()
        first = reader.locator(".live-entries-main > li.live-entry").first
        expect(first).to_contain_text("The North sports hall is full")

        # A change and a key event, applied in place.
        with services.reads() as session:
            bridge = session.scalar(
                select(LiveEntry.id).where(LiveEntry.headline == "Bridge closed")
            )
        desk.goto(f"{url}/admin/articles/{blog_id}/live?edit={bridge}")
        editor = desk.locator(".visual-surface .ProseMirror")
        editor.click()
        editor.press("End")
        editor.press_sequentially(" Diversions via the ring road.")
        desk.get_by_role("button", name="Save the change").click()
        expect(desk.get_by_role("status")).to_contain_text("Changed")
        desk.locator(f"#entry-{bridge}").get_by_role("button", name="Key event").click()
        expect(desk.get_by_role("status")).to_contain_text("Done")
    _poll_now(reader)
    changed = reader.locator(f"#entry-{bridge}")
    expect(changed).to_contain_text("Diversions via the ring road.")
    expect(changed).to_contain_text("Edited")
    expect(reader.locator(".live-keys")).to_contain_text("Bridge closed")
    expect(news).to_be_hidden()  # a change is no news
    reader.screenshot(path=str(screenshots / "live-reader.png"), full_page=True)

    page_file = tmp_path / "live.html"
    page_file.write_text(reader.request.get(url + BLOG).text(), encoding="utf-8")
    assert html_errors([page_file]) == ""
    assert not failures, failures
    reader.context.close()

    checked = browser.new_context(**DESKTOP, bypass_csp=True).new_page()  # axe is injected
    checked.goto(url + BLOG)
    no_serious_accessibility_problems(checked)
    checked.context.close()
