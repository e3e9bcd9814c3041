"""Moving in from the newsroom, in Chromium, as an admin of the demo site would: upload
WordPress's theme unit test export, watch the import's page until its report, then
browse what came in. A hostile file is refused beside the field. Screenshots of each
step; the import pages are valid HTML without serious axe findings."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import select

from browser.conftest import DESKTOP, demo_services, serve
from browser.test_newsroom_media import _check_page, _sign_in
from thepost.content.models import Article, Section
from thepost.demo import accounts as demo_accounts
from thepost.services import Services
from thepost.wordpress.models import ImportedItem
from wordpress.exports import EXPORT

pytestmark = pytest.mark.browser


@dataclass
class Site:
    url: str
    services: Services


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    services = demo_services(tmp_path_factory.mktemp("browser-import"), 12)
    with services.writes.begin() as session:
        demo_accounts.create(session, now=services.clock())
    with serve(services) as url:
        yield Site(url, services)


def test_an_admin_imports_a_wordpress_site_and_reads_it(
    browser: Browser, site: Site, screenshots: Path, tmp_path: Path
) -> None:
    context = browser.new_context(**DESKTOP, bypass_csp=True)  # axe is injected inline
    page = context.new_page()
    _sign_in(page, site.url, "admin")
    page.get_by_role("navigation", name="Newsroom").get_by_role("link", name="Import").click()
    expect(page.get_by_role("heading", name="Import from WordPress")).to_be_visible()
    _check_page(page, "import", tmp_path)

    # A file with a DTD never starts an import: refused beside the field.
    bomb = tmp_path / "bomb.xml"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaa">]><rss>&a;</rss>')
    page.get_by_label("WordPress export file").set_input_files(str(bomb))
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text("declares a DTD or entities")).to_be_visible()
    page.screenshot(path=str(screenshots / "newsroom-import-refused.png"), full_page=True)

    page.get_by_label("WordPress export file").set_input_files(str(EXPORT))
    page.get_by_role("button", name="Import").click()
    # The run's page refreshes itself until the report is there.
    expect(page.get_by_role("heading", name="Report")).to_be_visible(timeout=120_000)
    expect(page.get_by_text("new, 0 unchanged")).to_be_visible()
    expect(page.get_by_role("row", name="Post 58 0 0 0")).to_be_visible()
    page.screenshot(path=str(screenshots / "newsroom-import-report.png"), full_page=True)
    _check_page(page, "import-report", tmp_path)

    # What came in, as a reader sees it.
    with site.services.reads() as session:
        row = session.get(ImportedItem, ("post", "1148"))  # "Template: Comments"
        assert row is not None
        slug, section = session.execute(
            select(Article.slug, Section.slug)
            .join(Section, Section.id == Article.section_id)
            .where(Article.id == row.target_id)
        ).one()
    reader = browser.new_page(**DESKTOP)
    reader.goto(f"{site.url}/{section}/{slug}")
    expect(reader.get_by_role("heading", level=1)).to_have_text("Template: Comments")
    expect(reader.locator(".comment").first).to_be_visible()
    reader.screenshot(path=str(screenshots / "imported-article.png"), full_page=False)
    old = reader.goto(f"{site.url}/?p=1148")
    assert old is not None and old.url == f"{site.url}/{section}/{slug}"
    reader.close()
    context.close()
