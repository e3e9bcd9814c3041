"""Pages and menus in a real browser: a demo page nested under another, with its
breadcrumbs; a header menu with a submenu opened from the keyboard; an editor writing a
page and changing the footer menu. Every page is valid HTML (the Nu HTML Checker) with
no serious or critical accessibility problem (axe-core). Screenshots are kept."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from browser.conftest import (
    DESKTOP,
    PHONE,
    demo_services,
    html_errors,
    no_serious_accessibility_problems,
    serve,
)
from thepost.content import menus
from thepost.content.menus import MenuItemInput
from thepost.content.models import Page as PageRow
from thepost.demo import accounts as demo_accounts
from thepost.permissions import SYSTEM

pytestmark = pytest.mark.browser


@dataclass
class Site:
    url: str


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The demo site, its header menu with "About us" holding "Contact" and "Privacy"."""
    services = demo_services(tmp_path_factory.mktemp("browser-pages"), 8)
    with services.writes.begin() as session:
        demo_accounts.create(session, now=services.clock())
        ids = {slug: page_id for slug, page_id in session.execute(select(PageRow.slug, PageRow.id))}
        submenu = [
            MenuItemInput("", "page", ids["contact"]),
            MenuItemInput("Privacy notice", "page", ids["privacy"]),
        ]
        header = [
            MenuItemInput("", "home"),
            MenuItemInput("", "page", ids["about"], children=submenu),
            MenuItemInput("", "latest"),
        ]
        menus.save_menu(session, services.bus, "header", header, actor=SYSTEM)
    with serve(services) as url:
        yield Site(url)


def _keep_html(page: Page, folder: Path, name: str) -> Path:
    path = folder / f"{name}.html"
    path.write_text(page.request.get(page.url).text(), encoding="utf-8")
    return path


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_nested_page_and_the_submenu(
    browser: Browser, site: Site, screenshots: Path, tmp_path: Path, tools: None, viewport: str
) -> None:
    context = browser.new_context(**(DESKTOP if viewport == "desktop" else PHONE), bypass_csp=True)
    page = context.new_page()
    kept: list[Path] = []
    try:
        page.goto(site.url + "/terms/privacy")
        expect(page.get_by_role("heading", level=1)).to_have_text("Privacy")
        crumbs = page.get_by_role("navigation", name="Breadcrumbs")
        expect(crumbs.get_by_role("link", name="Terms of use")).to_have_attribute("href", "/terms")
        expect(page.locator(".label")).to_have_count(0)  # no section label
        expect(page.get_by_text("Leave a Reply")).to_have_count(0)
        footer = page.get_by_role("navigation", name="Footer")
        expect(footer.get_by_role("link", name="Privacy")).to_be_visible()
        page.screenshot(path=screenshots / f"page-nested-{viewport}.png", full_page=True)
        kept.append(_keep_html(page, tmp_path, "privacy"))
        no_serious_accessibility_problems(page)

        # The submenu opens from the keyboard: Tab to it, Enter, Tab into its links.
        page.goto(site.url + "/")
        nav = page.get_by_role("navigation", name="Sections")
        contact = nav.get_by_role("link", name="Contact")
        expect(contact).to_be_hidden()
        page.get_by_role("link", name="Skip to content").focus()
        summary = nav.locator("summary")
        for _ in range(12):
            page.keyboard.press("Tab")
            if summary.evaluate("s => s === document.activeElement"):
                break
        expect(summary).to_be_focused()
        page.keyboard.press("Enter")
        expect(contact).to_be_visible()
        page.keyboard.press("Tab")
        expect(nav.get_by_role("link", name="About us")).to_be_focused()
        page.keyboard.press("Tab")
        expect(contact).to_be_focused()
        page.screenshot(path=screenshots / f"menu-submenu-{viewport}.png")
        no_serious_accessibility_problems(page)
        kept.append(_keep_html(page, tmp_path, "home"))
        contact.press("Enter")
        expect(page).to_have_url(site.url + "/contact")
        expect(page.get_by_role("heading", level=1)).to_have_text("Contact")
    finally:
        context.close()
    report = html_errors(kept)
    assert not report, f"HTML errors:\n{report}"


def _sign_in(page: Page, url: str) -> None:
    page.goto(url + "/admin/login")
    page.get_by_label("Email").fill("editor@example.com")
    page.get_by_label("Password").fill("thepost-demo-editor")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_an_editor_writes_a_page_and_puts_it_in_the_footer(
    browser: Browser, site: Site, screenshots: Path, tmp_path: Path, tools: None
) -> None:
    context = browser.new_context(**DESKTOP, bypass_csp=True)
    page = context.new_page()
    kept: list[Path] = []
    try:
        _sign_in(page, site.url)
        page.get_by_role("navigation", name="Newsroom").get_by_role("link", name="Pages").click()
        expect(page.get_by_role("heading", name="Pages", exact=True)).to_be_visible()
        kept.append(_keep_html(page, tmp_path, "admin-pages"))
        no_serious_accessibility_problems(page)
        page.get_by_role("link", name="New page").click()
        page.locator("#f-title").fill("Advertise with us")
        # The visual editor, once its script has put it in the textarea's place.
        page.locator(".visual-surface .ProseMirror").press_sequentially(
            "Reach *our readers* every day."
        )
        preview = page.frame_locator(".live-preview iframe")
        expect(preview.locator("em")).to_have_text("our readers")  # the public page
        page.get_by_label("Parent page").select_option(label="About us")
        kept.append(_keep_html(page, tmp_path, "admin-page-new"))
        no_serious_accessibility_problems(page)
        page.get_by_role("button", name="Publish now").click()
        expect(page.get_by_role("status")).to_contain_text("Published")
        page.screenshot(path=screenshots / "admin-page-editor.png", full_page=True)

        page.get_by_role("navigation", name="Newsroom").get_by_role("link", name="Menus").click()
        expect(page.get_by_role("heading", name="Menus", exact=True)).to_be_visible()
        kept.append(_keep_html(page, tmp_path, "admin-menus"))
        no_serious_accessibility_problems(page)
        footer = page.locator("#menu-footer")
        footer.get_by_role("button", name="Add an item").click()
        expect(page.get_by_role("status")).to_contain_text("Not saved yet")
        footer = page.locator("#menu-footer")
        last = footer.locator("tbody tr").last
        last.get_by_label("Links to").select_option(label="— Advertise with us")
        last.get_by_label("Label of item").fill("Advertising")
        footer.get_by_role("button", name="Save the footer menu").click()
        expect(page.get_by_role("status")).to_contain_text("The footer menu is saved")
        page.screenshot(path=screenshots / "admin-menus.png", full_page=True)

        page.get_by_role("link", name="View site").click()
        link = page.get_by_role("navigation", name="Footer").get_by_role("link", name="Advertising")
        expect(link).to_have_attribute("href", "/about/advertise-with-us")
        link.click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Advertise with us")
    finally:
        context.close()
    report = html_errors(kept)
    assert not report, f"HTML errors:\n{report}"
