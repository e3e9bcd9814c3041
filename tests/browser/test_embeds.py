"""Embeds on the reader's page (content/embeds.py, static/embeds.js): nothing is asked of
a provider until the reader starts its player, and then only that provider's frame loads,
as the Content-Security-Policy allows."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route, expect
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from browser.conftest import DESKTOP, PHONE, demo_services, serve
from browser.test_csp import WATCH
from thepost.content import actions, editorial, queries
from thepost.content.models import Article
from thepost.demo import words
from thepost.permissions import SYSTEM
from thepost.services import Services
from thepost.web import urls

pytestmark = pytest.mark.browser
PLAYER_PAGE = "<!doctype html><title>player</title><p>the provider's player</p>"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Services]]:
    services = demo_services(tmp_path_factory.mktemp("embeds"), 6)
    with serve(services) as url:
        yield url, services


def _newest(services: Services) -> tuple[int, str]:
    """The newest story (with the demo's embeds): its id and address."""
    with services.reads() as session:
        article = session.scalars(
            select(Article)
            .options(joinedload(Article.section))
            .where(Article.status == "published", Article.live_status == "")
            .order_by(Article.id.desc())
        ).first()
        assert article is not None and words.EMBEDS[0] in article.body_source
        return article.id, urls.article(article)


@pytest.fixture
def watched(browser: Browser, site: tuple[str, Services]) -> Iterator[tuple[Page, list[str]]]:
    """A page whose every request is listed; any request off the site is answered here,
    by a stand-in for the provider (the tests never leave the machine)."""
    context = browser.new_context(**DESKTOP)
    asked: list[str] = []
    context.on("request", lambda request: asked.append(request.url))

    def provider(route: Route) -> None:
        route.fulfill(status=200, content_type="text/html", body=PLAYER_PAGE)

    context.route(re.compile(r"^(?!http://127\.0\.0\.1[:/])"), provider)
    page = context.new_page()
    page.add_init_script(WATCH)
    yield page, asked
    context.close()


def test_no_request_leaves_the_site_until_the_reader_starts_a_player(
    watched: tuple[Page, list[str]], site: tuple[str, Services], screenshots: Path
) -> None:
    page, asked = watched
    url, services = site
    _, path = _newest(services)
    page.goto(url + path, wait_until="networkidle")
    youtube = page.locator("figure.embed-video")
    expect(youtube.get_by_role("button", name="Play the video from YouTube")).to_be_visible()
    expect(page.get_by_role("button", name="Show the post from Bluesky")).to_be_visible()
    expect(page.get_by_role("button", name="Show the chart from Datawrapper")).to_be_visible()
    link_card = page.locator("figure.embed-link a")
    expect(link_card).to_have_attribute("href", "https://www.example.org/notes")
    youtube.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "embed-facades.png"), full_page=True)
    off_site = [u for u in asked if not u.startswith(url)]
    assert off_site == [], off_site

    youtube.get_by_role("button").click()
    frame = youtube.locator("iframe")
    expect(frame).to_have_attribute("src", "https://www.youtube-nocookie.com/embed/M7lc1UVf-VE")
    expect(frame).to_have_attribute("title", re.compile("^YouTube: "))
    expect(youtube.get_by_role("link", name="Open on YouTube")).to_be_visible()
    expect(page.frame_locator("figure.embed-video iframe").get_by_text("player")).to_be_visible()
    off_site = [u for u in asked if not u.startswith(url)]
    assert off_site == ["https://www.youtube-nocookie.com/embed/M7lc1UVf-VE"]

    page.get_by_role("button", name="Show the post from Bluesky").click()
    expect(page.frame_locator("figure.embed-post iframe").get_by_text("player")).to_be_visible()
    assert [u for u in asked if "bsky" in u] == [
        "https://embed.bsky.app/embed/bsky.app/app.bsky.feed.post/3l6oveex3ii2l"
    ]
    assert page.evaluate("window.__violations") == []
    youtube.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "embed-started.png"))

    # A frame from anywhere else is refused by the policy before any request is made.
    page.evaluate(
        """() => { const f = document.createElement("iframe");
        f.src = "https://tracker.example/frame"; document.body.appendChild(f); }"""
    )
    page.wait_for_timeout(300)
    assert not [u for u in asked if "tracker.example" in u]
    assert any(
        "frame-src https://tracker.example" in v for v in page.evaluate("window.__violations")
    )


def test_a_mastodon_post_s_server_is_allowed_on_its_page_alone(
    watched: tuple[Page, list[str]], site: tuple[str, Services]
) -> None:
    page, asked = watched
    url, services = site
    article_id, path = _newest(services)
    with services.writes.begin() as session:
        stored = queries.article_for_editor(session, article_id)
        assert stored is not None
        data = editorial.input_from_snapshot(session, actions.snapshot(stored))
        data.body += "\nhttps://social.example.net/@reporter/1234\n"
        actions.save_article(
            session, services.bus, services.media_urls, data,
            actor=SYSTEM, now=services.clock(), article_id=article_id,
        )  # fmt: skip
    response = page.goto(url + path, wait_until="networkidle")
    assert response is not None
    assert "https://social.example.net" in response.headers["content-security-policy"]
    page.get_by_role("button", name="Show the post from Mastodon").click()
    expect(page.locator("figure.embed-post iframe").last).to_have_attribute(
        "src", "https://social.example.net/@reporter/1234/embed"
    )
    expect(
        page.frame_locator("figure.embed-post iframe >> nth=-1").get_by_text("player")
    ).to_be_visible()
    assert "https://social.example.net/@reporter/1234/embed" in asked
    assert page.evaluate("window.__violations") == []
    # Any other page keeps the site's own list.
    other = page.goto(url + "/", wait_until="networkidle")
    assert (
        other is not None and "social.example.net" not in other.headers["content-security-policy"]
    )


def test_facades_on_a_phone(
    browser: Browser, site: tuple[str, Services], screenshots: Path
) -> None:
    url, services = site
    context = browser.new_context(**PHONE)
    context.route(re.compile(r"^(?!http://127\.0\.0\.1[:/])"), lambda route: route.abort())
    page = context.new_page()
    page.goto(url + _newest(services)[1], wait_until="networkidle")
    box = page.locator("figure.embed-video .embed-box")
    box.scroll_into_view_if_needed()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing wider than the screen
    page.screenshot(path=str(screenshots / "embed-facades-phone.png"))
    context.close()
