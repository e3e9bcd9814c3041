"""The demo article page, as a reader sees it at desktop and phone widths: every piece
DESIGN.md lists, in its order top to bottom; images sized and loaded sensibly; nothing
fetched from anywhere but the site; a skip link first in the tab order. Full-page
screenshots go to ``test-artifacts/screenshots/`` for a person to look at."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from browser.conftest import VIEWPORTS, SitePages

pytestmark = pytest.mark.browser

PLACEHOLDER = "Hi, what are you looking for?"
FORM_NOTE = "Your email address will not be published. Required fields are marked *"

# What DESIGN.md puts on an article page, in order from the top.
SEQUENCE = [
    ("site header", ".site-header"),
    ("category label", ".story-header a.label"),
    ("headline", "h1"),
    ("standfirst", ".story-header .standfirst"),
    ("bylines", ".story-header .bylines"),
    ("dateline", ".story-header .dateline"),
    ("publish time", ".story-header time[datetime]"),
    ("featured image", "figure.featured"),
    ("body", ".story-body"),
    ("tags", ".story-tags"),
    ("comments", "#comments"),
    ("'Click to comment' link", 'a[href="#respond"]'),
    ("reply form", "#respond"),
    ("related articles", ".related"),
]


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def requested() -> list[str]:
    """Every URL the page has asked for."""
    return []


@pytest.fixture
def page(browser: Browser, viewport: str, requested: list[str]) -> Iterator[Page]:
    context = browser.new_context(**VIEWPORTS[viewport])
    page = context.new_page()
    page.on("request", lambda request: requested.append(request.url))
    try:
        yield page
    finally:
        context.close()


def _norm(text: str) -> str:
    return " ".join(text.split())


def _scroll_through(page: Page) -> None:
    """Scroll to the bottom a screen at a time so lazy images load, then back to the top
    once every image has loaded."""
    page.evaluate(
        """async () => {
            const step = Math.max(200, window.innerHeight - 100);
            for (let y = 0; y < document.documentElement.scrollHeight; y += step) {
                window.scrollTo(0, y);
                await new Promise(r => setTimeout(r, 30));
            }
            window.scrollTo(0, document.documentElement.scrollHeight);
            await Promise.all([...document.images].map(img => img.complete ? null :
                new Promise(r => { img.addEventListener('load', r); img.addEventListener('error', r); })));
            window.scrollTo(0, 0);
        }"""
    )
    page.wait_for_load_state("networkidle")


def _document_index(locator: Locator) -> int:
    return int(locator.evaluate("el => [...document.getElementsByTagName('*')].indexOf(el)"))


def _assert_nothing_left_the_site(requested: list[str], site_url: str) -> None:
    assert requested, "no requests were recorded"
    outside = [url for url in requested if not url.startswith(site_url + "/")]
    assert not outside, f"requests that left the test server: {outside}"


def _assert_no_horizontal_scroll(page: Page) -> None:
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"the page scrolls sideways: {widths[0]}px in {widths[1]}px"


def test_article_page_has_every_piece_in_order(
    page: Page,
    requested: list[str],
    site_url: str,
    site_pages: SitePages,
    viewport: str,
    screenshots: Path,
) -> None:
    response = page.goto(site_url + site_pages.article, wait_until="load")
    assert response is not None and response.status == 200

    # The site header: search box with its prompt, "Connect with us" and social links.
    header = page.locator(".site-header")
    expect(header).to_have_count(1)
    search = header.locator('input[type="search"]')
    expect(search).to_have_count(1)
    assert search.get_attribute("placeholder") == PLACEHOLDER
    expect(search).to_be_visible()
    # The whole prompt fits: typed out as a value, it does not scroll the box sideways.
    fits = search.evaluate(
        """el => { el.value = el.placeholder; const fits = el.scrollWidth <= el.clientWidth;
                   el.value = ''; return fits; }"""
    )
    assert fits, "the search box is too narrow for its prompt, which is cut off"
    expect(header.get_by_text("Connect with us", exact=True)).to_have_count(1)
    social = header.locator(".social a[href]")
    assert social.count() >= 2
    for link in social.all():
        assert re.match(r"https?://", link.get_attribute("href") or ""), "social links are absolute"

    # Each piece is there (its first match counts), in document order,
    # and not above the piece before it on the screen.
    expect(page.locator("h1")).to_have_count(1)
    positions = []
    for name, selector in SEQUENCE:
        element = page.locator(selector).first
        assert element.count() == 1, f"no {name} ({selector}) on the article page"
        box = element.bounding_box()
        assert box is not None, f"the {name} is not rendered"
        positions.append((name, _document_index(element), box["y"]))
    for (before, index_a, y_a), (after, index_b, y_b) in zip(
        positions, positions[1:], strict=False
    ):
        assert index_a < index_b, f"the {after} comes before the {before} in the document"
        assert y_a <= y_b, f"the {after} (y={y_b}) is drawn above the {before} (y={y_a})"

    # Headline pieces.
    assert _norm(page.locator(".story-header a.label").inner_text())
    assert _norm(page.locator("h1").inner_text())
    assert _norm(page.locator(".standfirst").inner_text())
    authors = page.locator(".bylines a")
    assert authors.count() >= 1
    for author in authors.all():
        assert (author.get_attribute("href") or "").startswith("/author/")
        assert _norm(author.inner_text())
    assert _norm(page.locator(".dateline").inner_text())
    times = page.locator(".story-header time")
    for time in times.all():
        assert re.fullmatch(
            r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\+00:00|Z)", time.get_attribute("datetime") or ""
        )
    assert times.count() in (1, 2)
    assert "Published" in page.locator(".story-header .times").inner_text()
    if times.count() == 2:
        assert "Updated" in page.locator(".story-header .times").inner_text()

    # Featured image: alt text, caption and credit; the one image loaded eagerly.
    featured = page.locator("figure.featured img")
    expect(featured).to_have_count(1)
    assert _norm(featured.get_attribute("alt") or ""), "the featured image has no alt text"
    assert featured.get_attribute("loading") in (None, "eager")
    caption = page.locator("figure.featured figcaption")
    assert _norm(caption.inner_text())
    assert _norm(caption.locator(".credit").inner_text())

    # Body and tags.
    assert page.locator(".story-body p").count() >= 2
    tags = page.locator(".story-tags a")
    assert tags.count() >= 1
    for tag in tags.all():
        assert (tag.get_attribute("href") or "").startswith("/tag/")

    # Comments: the jump link, the form and its fields.
    jump = page.get_by_role("link", name="Click to comment", exact=True)
    expect(jump).to_have_count(1)
    assert jump.get_attribute("href") == "#respond"
    respond = page.locator("#respond")
    expect(respond.get_by_role("heading", name="Leave a Reply", exact=True)).to_have_count(1)
    assert _norm(respond.locator(".form-note").inner_text()) == FORM_NOTE
    for label, selector, required in [
        ("Name *", 'input[name="author"]', True),
        ("Email *", 'input[name="email"][type="email"]', True),
        ("Website", 'input[name="url"]', False),
        ("Comment *", 'textarea[name="comment"]', True),
    ]:
        field = respond.locator(selector)
        expect(field).to_have_count(1)
        field_id = field.get_attribute("id")
        assert _norm(respond.locator(f'label[for="{field_id}"]').inner_text()) == label
        assert (field.get_attribute("required") is not None) is required, label

    # "You May Also Like": four cards with label, linked title, image and excerpt.
    related = page.locator(".related")
    expect(related.get_by_role("heading", name="You May Also Like", exact=True)).to_have_count(1)
    cards = related.locator(".card")
    expect(cards).to_have_count(4)
    for card in cards.all():
        assert _norm(card.locator("a.label").inner_text())
        title = card.locator(".card-title a")
        assert _norm(title.inner_text())
        assert re.fullmatch(r"/[^/]+/[^/]+", title.get_attribute("href") or "")
        expect(card.locator("img")).to_have_count(1)
        assert _norm(card.locator(".card-excerpt").inner_text())

    # Every image has its size; those below the fold wait until they are scrolled to.
    assert page.locator("img:not([width]), img:not([height])").count() == 0
    page.evaluate("window.scrollTo(0, 0)")
    eager_below_fold = page.evaluate(
        """() => [...document.images]
            .filter(img => !img.closest('figure.featured'))
            .filter(img => img.getBoundingClientRect().top >= window.innerHeight)
            .filter(img => img.getAttribute('loading') !== 'lazy')
            .map(img => img.outerHTML)"""
    )
    assert not eager_below_fold, f"images below the fold load eagerly: {eager_below_fold}"

    # "Click to comment" takes the reader to the form.
    jump.click()
    page.wait_for_function("() => location.hash === '#respond'")
    expect(respond).to_be_in_viewport()
    page.evaluate("window.scrollTo(0, 0)")

    _scroll_through(page)
    _assert_no_horizontal_scroll(page)
    _assert_nothing_left_the_site(requested, site_url)
    page.screenshot(path=screenshots / f"article-{viewport}.png", full_page=True)


def test_skip_link_is_the_first_stop(page: Page, site_url: str, site_pages: SitePages) -> None:
    page.goto(site_url + site_pages.article, wait_until="load")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => { const el = document.activeElement;"
        " return [el.className, el.getAttribute('href'), el.textContent.trim()]; }"
    )
    assert focused == ["skip-link", "#main", "Skip to content"]
    box = page.locator(".skip-link").bounding_box()
    assert box is not None and box["y"] >= 0, "the focused skip link stays off screen"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_home_page_screenshots(
    page: Page, requested: list[str], site_url: str, viewport: str, screenshots: Path
) -> None:
    response = page.goto(site_url + "/", wait_until="load")
    assert response is not None and response.status == 200
    _scroll_through(page)
    _assert_no_horizontal_scroll(page)
    _assert_nothing_left_the_site(requested, site_url)
    page.screenshot(path=screenshots / f"home-{viewport}.png", full_page=True)
