"""Every kind of reader page is valid HTML (the Nu HTML Checker) and has no serious or
critical accessibility problem (axe-core in Chromium)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from browser.conftest import AXE_JS, DESKTOP, VNU_JAR, SitePages, fetch

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
    # One JVM for all the files: starting vnu is the slow part.
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--stdout"]
        + [str(path) for path in saved_pages.values()],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    try:
        messages: list[dict[str, Any]] = json.loads(result.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"vnu gave no JSON report (exit {result.returncode}):\n{result.stderr}")
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error")]
    report = "\n".join(
        f"{Path(m.get('url', '?')).name}:{m.get('lastLine', '?')}:{m.get('firstColumn', '?')}: "
        f"{m.get('message')}\n    {m.get('extract', '').strip()!r}"
        for m in errors
    )
    assert not errors, f"{len(errors)} HTML error(s):\n{report}"


@pytest.mark.parametrize(
    "name", ["home", "section", "tag", "author", "article", "search", "missing"]
)
def test_pages_have_no_serious_accessibility_problems(
    browser: Browser, site_url: str, site_pages: SitePages, name: str
) -> None:
    context = browser.new_context(**DESKTOP)
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
