"""Every kind of reader page is valid HTML (the Nu HTML Checker) and has no serious or
critical accessibility problem (axe-core in Chromium)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from browser.conftest import AXE_JS, DESKTOP, SitePages, fetch, html_errors

pytestmark = pytest.mark.browser

EXPECTED_STATUS = {"missing": 404}
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="module")
def saved_pages(site_url: str, site_pages: SitePages, tmp_path_factory: pytest.TempPathFactory):
    """Each page's HTML in a file named after the page, as the server sent it."""
    folder = tmp_path_factory.mktemp("html")
    files: dict[str, Path] = {}
    for name, path in site_pages.items():
        status, html = fetch(site_url + path)
        assert status == EXPECTED_STATUS.get(name, 200), f"{name} page {path} answered {status}"
        files[name] = folder / f"{name}.html"
        files[name].write_text(html, encoding="utf-8")
    return files


def test_pages_are_valid_html(tools: None, saved_pages: dict[str, Path]) -> None:
    report = html_errors(list(saved_pages.values()))
    assert not report, f"HTML errors:\n{report}"


@pytest.mark.parametrize(
    "name",
    [
        "home",
        "section",
        "tag",
        "author",
        "article",
        "live",
        "search",
        "missing",
        "edition",
        "translation",
    ],  # fmt: skip
)
def test_pages_have_no_serious_accessibility_problems(
    browser: Browser, site_url: str, site_pages: SitePages, name: str
) -> None:
    context = browser.new_context(**DESKTOP, bypass_csp=True)  # axe is injected inline
    try:
        page = context.new_page()
        page.goto(site_url + getattr(site_pages, name), wait_until="load")
        page.add_script_tag(path=str(AXE_JS))
        results = page.evaluate("axe.run()")
    finally:
        context.close()
    assert results["passes"], "axe-core checked nothing"
    problems = [v for v in results["violations"] if v.get("impact") in BLOCKING_IMPACTS]
    report = "\n".join(
        f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})\n"
        + "\n".join(
            f"    {node['target']}: {node.get('failureSummary', '')}" for node in v["nodes"]
        )
        for v in problems
    )
    assert not problems, f"axe found on the {name} page:\n{report}"
