"""Two people at one story, in two browsers: the second is told who has it open and
cannot save until taking over; the first is then told, and saves nothing more."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from browser.conftest import demo_services, serve, signed_in
from thepost.content.models import Article
from thepost.demo import accounts as demo_accounts
from thepost.services import Services

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Services]]:
    services = demo_services(tmp_path_factory.mktemp("together"), 4)
    with services.writes.begin() as session:
        demo_accounts.create(session, now=services.clock())
    with serve(services) as url:
        yield url, services


def test_the_second_person_is_told_and_taking_over_is_explicit(
    browser: Browser, newsroom: tuple[str, Services], screenshots: Path
) -> None:
    url, services = newsroom
    with services.reads() as session:
        article_id = session.scalars(select(Article.id).order_by(Article.id)).first()
        assert article_id is not None
    with (
        signed_in(browser, url, "editor@example.com", "thepost-demo-editor") as eddie,
        signed_in(browser, url, "admin@example.com", "thepost-demo-admin") as ada,
    ):
        _take_over(eddie, ada, url, article_id, screenshots)


def _take_over(eddie: Page, ada: Page, url: str, article_id: int, screenshots: Path) -> None:
    eddie.goto(f"{url}/admin/articles/{article_id}")
    expect(eddie.get_by_role("textbox", name="Body")).to_be_editable()

    ada.goto(f"{url}/admin/articles/{article_id}")
    notice = ada.locator(".editing-lock")
    expect(notice).to_contain_text("Eddie Editor has this story open in the editor")
    expect(ada.get_by_role("button", name="Update")).to_be_disabled()
    expect(ada.get_by_role("textbox", name="Body")).not_to_be_editable()
    ada.screenshot(path=str(screenshots / "editor-locked.png"))

    ada.get_by_role("button", name="Take over").click()
    expect(ada.get_by_role("status").first).to_contain_text("You are editing this story now")
    expect(ada.locator(".editing-lock")).to_have_count(0)
    expect(ada.get_by_role("button", name="Update")).to_be_enabled()
    expect(ada.get_by_role("textbox", name="Body")).to_be_editable()

    # Eddie's editor learns it at its next confirmation (at once when he comes back to it).
    eddie.evaluate("() => window.dispatchEvent(new Event('focus'))")
    expect(eddie.locator(".autosave-state")).to_contain_text(
        re.compile("Ada Admin took over this story at")
    )
    expect(eddie.get_by_role("button", name="Update")).to_be_disabled()
    eddie.screenshot(path=str(screenshots / "editor-taken-over.png"))
