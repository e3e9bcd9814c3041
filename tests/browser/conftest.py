"""Browser-test fixtures: a real server with the demo content, and Debian's Chromium.

The site is served by uvicorn in a background thread on 127.0.0.1 (a free port), from a
SQLite database in a temp directory migrated and filled by ``thepost.content.demo``.
Chromium is Debian's (``/usr/bin/chromium``), driven by Playwright; no browser is ever
downloaded. The HTML checker (vnu.jar, run with the system Java) and axe-core come from
``node_modules``. ``make test`` installs all of them; a missing one fails loudly.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, expect, sync_playwright

from thepost import demo
from thepost.app import build_services, create_app
from thepost.config import Settings
from thepost.db.migrate import upgrade
from thepost.services import Services

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
# What a page shows is waited for up to 15 s (Playwright's default is 5): the suite runs
# on two workers beside Chromium and the servers, and a preview rendered after a typing
# pause can take longer than 5 s on a busy machine. A passing wait ends at once.
expect.set_options(timeout=15_000)


def _missing_tools() -> list[str]:
    missing = []
    if not (CHROMIUM.is_file() and CHROMIUM.stat().st_mode & 0o111):
        missing.append(f"Debian's Chromium at {CHROMIUM}")
    if shutil.which("java") is None:
        missing.append("java (default-jre-headless)")
    if not VNU_JAR.is_file():
        missing.append(f"the Nu HTML Checker at {VNU_JAR.relative_to(ROOT)}")
    if not AXE_JS.is_file():
        missing.append(f"axe-core at {AXE_JS.relative_to(ROOT)}")
    return missing


@pytest.fixture(scope="session")
def tools() -> None:
    missing = _missing_tools()
    if missing:
        pytest.fail(
            "The browser tests need " + ", ".join(missing) + ". Run `make test`, which "
            "installs them (Chromium from apt, vnu-jar and axe-core from npm).",
            pytrace=False,
        )


# -- the server ----------------------------------------------------------------------------


def demo_services(data_dir: Path, articles: int) -> Services:
    """A fresh SQLite site with generated demo content."""
    services = build_services(Settings(data_dir=data_dir))
    upgrade(services.engine)
    demo.load(services, articles=articles)
    return services


def free_port() -> int:
    """A port nothing listens on now, for a site whose base URL must be known beforehand."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serve(services: Services, port: int = 0) -> Iterator[str]:
    """Serve the app with uvicorn in a thread on loopback (a free port unless ``port``);
    yield its URL."""
    app = create_app(services.settings, services=services)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    port = sock.getsockname()[1]
    # ws="none": no websocket library is loaded; lifespan="off": no SMTP worker here.
    config = uvicorn.Config(app, log_level="warning", ws="none", lifespan="off", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, thread)
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
        services.engine.dispose()


@pytest.fixture(scope="session")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a live server with the demo content (24 articles), for the whole session."""
    services = demo_services(tmp_path_factory.mktemp("browser-site"), 24)
    with serve(services) as url:
        yield url


def _wait_until_up(url: str, thread: threading.Thread, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not thread.is_alive():
            pytest.fail("The test server stopped while starting; see the log above.")
        try:
            with urllib.request.urlopen(url + "/", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.05)
    pytest.fail(f"The test server at {url} did not answer within {timeout:.0f} s.")


def fetch(url: str) -> tuple[int, str]:
    """GET a page; 4xx/5xx answers come back as (status, body) rather than raising."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, exc.read().decode("utf-8")


def no_serious_accessibility_problems(page: Page) -> None:
    """axe-core over the page as it is now (injected once: the page's context must be
    made with ``bypass_csp=True``): no serious or critical finding, and something checked."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    results = page.evaluate("axe.run()")
    assert results["passes"], "axe-core checked nothing"
    problems = [
        f"[{v['impact']}] {v['id']}: {v['help']} {[n['target'] for n in v['nodes']]}"
        for v in results["violations"]
        if v.get("impact") in ("serious", "critical")
    ]
    assert not problems, "\n".join(problems)


def html_errors(paths: list[Path]) -> str:
    """The Nu HTML Checker's errors for these files, one report (empty: all valid). One JVM
    for all the files: starting vnu is the slow part."""
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--stdout"] + [str(p) for p in paths],
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
    return "\n".join(
        f"{Path(m.get('url', '?')).name}:{m.get('lastLine', '?')}:{m.get('firstColumn', '?')}: "
        f"{m.get('message')}\n    {m.get('extract', '').strip()!r}"
        for m in errors
    )


# -- picking real pages from the site ----------------------------------------------------


class _Links(HTMLParser):
    """Every link's href, and the classes of the elements around it."""

    VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[set[str]] = []
        self.links: list[tuple[str, frozenset[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = set((values.get("class") or "").split())
        if tag == "a" and values.get("href"):
            around = frozenset().union(classes, *self.stack)
            self.links.append((values["href"] or "", around))
        if tag not in self.VOID:
            self.stack.append(classes)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()


def links(html: str) -> list[tuple[str, frozenset[str]]]:
    parser = _Links()
    parser.feed(html)
    return parser.links


def _first(
    found: list[tuple[str, frozenset[str]]], what: str, test: Callable[[str, frozenset[str]], bool]
) -> str:
    for href, around in found:
        if test(href, around):
            return href
    pytest.fail(f"No {what} link found on the page.")


@dataclass(frozen=True)
class SitePages:
    home: str
    section: str
    tag: str
    author: str
    article: str
    live: str = ""  # the demo's live blog
    search: str = "/search?q=council"
    missing: str = "/no-such-section/no-such-story"
    edition: str = "/es/"  # the demo's pages in Spanish
    translation: str = ""  # a story in Spanish, translating one of the English ones

    def items(self) -> list[tuple[str, str]]:
        return [(name, getattr(self, name)) for name in self.__dataclass_fields__]


@pytest.fixture(scope="session")
def site_pages(site_url: str) -> SitePages:
    """Real URLs: the section and lead article from the home page's links, a tag and an
    author from the lead article's page."""
    status, home = fetch(site_url + "/")
    assert status == 200
    home_links = links(home)
    section = _first(
        home_links, "section", lambda h, around: "sections" in around and h not in ("/", "")
    )
    # The top stories, the lead first: the first that is a story (not the live blog that
    # leads the demo's home page), and the live blog.
    pages: dict[str, str] = {}
    for href, around in home_links:
        if ("lead-title" in around or "card-title" in around) and href not in pages:
            status, pages[href] = fetch(site_url + href)
            assert status == 200, f"{href} answered {status}"
    article = _first([(h, frozenset()) for h, p in pages.items() if "data-live=" not in p],
                     "story", lambda h, around: True)  # fmt: skip
    live = _first([(h, frozenset()) for h, p in pages.items() if "data-live=" in p],
                  "live blog", lambda h, around: True)  # fmt: skip
    article_links = links(pages[article])
    tag = _first(article_links, "tag", lambda h, around: h.startswith("/tag/"))
    author = _first(article_links, "author", lambda h, around: h.startswith("/author/"))
    status, edition = fetch(site_url + "/es/")
    assert status == 200
    translation = _first(links(edition), "Spanish story", lambda h, around: "lead-title" in around)
    return SitePages(
        home="/", section=section, tag=tag, author=author, article=article, live=live,
        translation=translation,
    )  # fmt: skip


# -- the browser -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser(tools: None) -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@contextmanager
def signed_in(
    browser: Browser, url: str, email: str, password: str, **context: Any
) -> Iterator[Page]:
    """A page of a fresh browser context signed in to the newsroom at ``url``; on leaving,
    no script error and nothing the Content-Security-Policy refused."""
    page = browser.new_context(**(context or DESKTOP)).new_page()
    failures: list[str] = []
    page.on("pageerror", lambda error: failures.append(str(error)))
    page.on("console", lambda m: failures.append(m.text) if m.type == "error" else None)
    page.goto(url + "/admin/login")
    # By the fields' names: the newsroom may speak another language than English.
    page.locator("input[name='email']").fill(email)
    page.locator("input[name='password']").fill(password)
    page.locator("form[action='/admin/login'] button[type='submit']").click()
    expect(page.locator("form[action='/admin/logout'] button")).to_be_visible()
    try:
        yield page
    finally:
        page.context.close()
    assert not failures, failures
