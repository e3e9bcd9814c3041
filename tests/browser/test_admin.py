"""The newsroom in a real browser: sign in, filter the article list, page through it,
sign out; screenshots of the login page and the article list for a person to look at."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from browser.conftest import DESKTOP, PHONE, demo_services, serve
from thepost.demo import accounts as demo_accounts

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def newsroom_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    services = demo_services(tmp_path_factory.mktemp("browser-admin"), 40)
    with services.writes.begin() as session:
        demo_accounts.create(session, now=services.clock())
    with serve(services) as url:
        yield url


def _sign_in(page: Page, url: str, email: str, password: str) -> None:
    page.goto(url + "/admin/articles")
    expect(page).to_have_url(url + "/admin/login?next=%2Fadmin%2Farticles")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_sign_in_filter_and_sign_out(
    browser: Browser, newsroom_url: str, screenshots: Path
) -> None:
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    page.goto(newsroom_url + "/admin/login")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.screenshot(path=screenshots / "admin-login.png", full_page=True)

    _sign_in(page, newsroom_url, "editor@example.com", "not the password")
    expect(page.get_by_role("alert")).to_contain_text("The email or password is not right.")
    expect(page.get_by_label("Email")).to_have_value("editor@example.com")
    page.screenshot(path=screenshots / "admin-login-error.png", full_page=True)

    page.get_by_label("Password").fill("thepost-demo-editor")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(newsroom_url + "/admin/articles")
    expect(page.get_by_role("heading", name="Articles")).to_be_visible()
    rows = page.locator("table.list tbody tr")
    expect(rows).to_have_count(25)
    expect(page.get_by_text("Page 1 of 2")).to_be_visible()
    page.screenshot(path=screenshots / "admin-articles.png", full_page=True)

    page.get_by_label("Status").select_option("draft")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(newsroom_url + "/admin/articles?q=&status=draft&section=&author=")
    expect(rows).to_have_count(1)
    expect(rows.first.locator(".status")).to_have_text("draft")

    page.get_by_label("Status").select_option("")
    page.get_by_label("Section").select_option(label="Sport")
    page.get_by_role("button", name="Filter").click()
    sections = rows.locator("td:nth-child(3)").all_inner_texts()
    assert sections and set(sections) == {"Sport"}
    page.get_by_role("link", name="Clear").click()
    page.get_by_role("link", name="Older →").click()
    expect(page.get_by_text("Page 2 of 2")).to_be_visible()

    # Editors see no Users page; the menu says so and the URL agrees.
    expect(
        page.get_by_role("navigation", name="Newsroom").get_by_role("link", name="Users")
    ).to_have_count(0)
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(newsroom_url + "/admin/login")
    page.goto(newsroom_url + "/admin/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    context.close()


def test_admin_dashboard_and_users_on_a_phone(
    browser: Browser, newsroom_url: str, screenshots: Path
) -> None:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    _sign_in(page, newsroom_url, "admin@example.com", "thepost-demo-admin")
    expect(page.get_by_role("heading", name="Articles")).to_be_visible()
    page.screenshot(path=screenshots / "admin-articles-phone.png", full_page=True)
    page.get_by_role("link", name="Users", exact=True).click()
    expect(page.get_by_role("cell", name="contributor@example.com")).to_be_visible()
    page.screenshot(path=screenshots / "admin-users-phone.png", full_page=True)
    context.close()
    desktop = browser.new_context(**DESKTOP)
    page = desktop.new_page()
    _sign_in(page, newsroom_url, "admin@example.com", "thepost-demo-admin")
    page.goto(newsroom_url + "/admin/")
    expect(page.get_by_role("heading", name="Good to see you, Ada Admin")).to_be_visible()
    page.screenshot(path=screenshots / "admin-dashboard.png", full_page=True)
    desktop.close()
