"""A story from the first word to the reader, as a reporter and an editor would make it in
the visual editor: a heading, a list, a pull quote, a photograph dropped from disk, a
gallery, a YouTube and a Bluesky embed, a paste from Word, a link to another story;
saved, previewed, submitted; published by an editor. The public page shows every block,
is valid HTML with no serious accessibility problem, and asks nothing of any other site
until the reader starts a player."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route, expect
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from browser.conftest import AXE_JS, DESKTOP, demo_services, html_errors, serve, signed_in
from browser.test_visual_editor import CLIPBOARD, DROP, PASTE
from media import samples
from thepost.accounts import queries as account_queries
from thepost.content import actions as content_actions
from thepost.content.models import Article
from thepost.demo import accounts as demo_accounts
from thepost.services import Services
from thepost.web import urls

pytestmark = pytest.mark.browser
HEADLINE = "Floods close the river road for a week"
YOUTUBE = "https://www.youtube.com/watch?v=M7lc1UVf-VE"
BLUESKY = "https://bsky.app/profile/bsky.app/post/3l6oveex3ii2l"


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Services]]:
    services = demo_services(tmp_path_factory.mktemp("reporter"), 12)
    with services.writes.begin() as session:
        demo_accounts.create(session, now=services.clock())
        author = account_queries.by_email(session, "author@example.com")
        assert author is not None
        content_actions.create_author(session, "Aisha Author", user_id=author.id)
    with serve(services) as url:
        yield url, services


def _paste_text(page: Page, text: str) -> None:
    page.evaluate(PASTE, ["", text])


def _write(page: Page, url: str, other_title: str, photo: bytes) -> None:
    """The reporter's part: every kind of block, from the keyboard, the disk and the
    clipboard."""
    page.goto(url + "/admin/articles/new")
    page.get_by_label("Headline").fill(HEADLINE)
    page.get_by_label("Standfirst").fill("The water rose a metre overnight.")
    page.locator("#f-author-0").select_option(label="Aisha Author")
    body = page.get_by_role("textbox", name="Body")
    body.click()
    page.keyboard.type(
        "The river burst its banks at dawn.\n## What is closed\n- The river road\nThe ferry\n\n"
    )
    page.keyboard.type("/pull")
    page.keyboard.press("Enter")
    page.keyboard.type("We have never seen it this high.\n\n")
    # A photograph dropped from disk, described.
    dropped = page.evaluate_handle(DROP, ["flood.jpg", list(photo)])
    surface = page.locator(".visual-surface .ProseMirror")
    box = surface.bounding_box()
    assert box is not None
    where = {"clientX": box["x"] + 40, "clientY": box["y"] + box["height"] - 20}
    surface.dispatch_event("drop", {"dataTransfer": dropped, **where})
    dialog = page.get_by_role("dialog", name="Add pictures")
    expect(dialog.locator(".picture-item img")).to_be_visible()
    dialog.get_by_label("Alt text *").fill("Water over the river road at the old bridge")
    dialog.get_by_label("Credit").fill("Aisha Author / The Post")
    dialog.get_by_role("button", name="Insert").click()
    expect(body.locator(".visual-figure img")).to_be_visible()
    # A gallery of two pictures of the library.
    page.keyboard.press("Control+End")
    page.get_by_role("button", name="Picture", exact=True).click()
    results = dialog.get_by_role("list", name="Pictures in the library")
    results.get_by_role("button").nth(1).click()
    results.get_by_role("button").nth(2).click()
    dialog.get_by_role("button", name="Insert").click()
    expect(body.locator("figure.gallery .visual-figure")).to_have_count(2)
    # Two embeds: addresses pasted into empty paragraphs.
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    _paste_text(page, YOUTUBE)
    page.keyboard.press("Control+End")
    _paste_text(page, BLUESKY)
    expect(body.locator(".visual-embed")).to_have_count(2)
    # A paste from Word, then a link to another story of the archive.
    page.keyboard.press("Control+End")
    page.evaluate(PASTE, [(CLIPBOARD / "word.html").read_text(encoding="utf-8"), "Word"])
    expect(body).to_contain_text("Board by the east gangway")
    page.keyboard.press("Control+End")
    page.keyboard.type("Earlier: ")
    page.keyboard.press("Control+k")
    linking = page.get_by_role("dialog", name="Link")
    linking.get_by_label("Address, or words to find a story").fill(
        " ".join(other_title.split()[:3])
    )
    linking.get_by_role("button", name=re.compile(re.escape(other_title))).first.click()
    expect(body.locator("a", has_text=other_title)).to_be_visible()


def test_a_story_from_the_reporter_to_the_reader(
    browser: Browser, newsroom: tuple[str, Services], screenshots: Path, tmp_path: Path
) -> None:
    url, services = newsroom
    with services.reads() as session:
        other = session.scalars(
            select(Article).options(joinedload(Article.section))
            .where(Article.status == "published").order_by(Article.id)
        ).first()  # fmt: skip
        assert other is not None
        other_title, other_path = other.title, urls.article(other)
    photo = samples.photograph(tmp_path / "flood.jpg").read_bytes()

    with signed_in(browser, url, "author@example.com", "thepost-demo-author") as page:
        _write(page, url, other_title, photo)
        page.get_by_role("button", name="Save draft").click()
        expect(page.get_by_role("status").first).to_contain_text(re.compile("Draft created|Saved"))
        preview = page.frame_locator(".live-preview iframe")  # the preview shows it all
        expect(preview.locator("figure.pullquote")).to_contain_text("never seen it this high")
        expect(preview.locator("figure.gallery figure")).to_have_count(2)
        page.screenshot(path=screenshots / "reporter-editor.png", full_page=True)
        page.get_by_role("button", name="Submit for review").click()
        expect(page.locator(".page-head .status")).to_have_text("pending")
        page.get_by_role("button", name="Log out").click()
    with services.reads() as session:
        story = session.scalars(select(Article).where(Article.title == HEADLINE)).one()
        story_id, source = story.id, story.body_source

    with signed_in(browser, url, "editor@example.com", "thepost-demo-editor") as page:
        page.goto(f"{url}/admin/articles/{story_id}")
        expect(page.locator(".editing-lock")).to_have_count(0)  # the reporter signed out
        page.get_by_role("button", name="Publish now").click()
        expect(page.get_by_role("status").first).to_contain_text("Published")
        public = page.get_by_role("link", name="view on the site").get_attribute("href")
    assert public

    # The reader: every block, and nothing asked of another site before a click.
    context = browser.new_context(**DESKTOP)
    asked: list[str] = []
    context.on("request", lambda request: asked.append(request.url))

    def provider(route: Route) -> None:
        route.fulfill(status=200, content_type="text/html", body="<title>player</title>")

    context.route(re.compile(r"^(?!http://127\.0\.0\.1[:/])"), provider)
    reader = context.new_page()
    reader.goto(url + public, wait_until="networkidle")
    story_body = reader.locator(".story-body")
    expect(story_body.locator("h2", has_text="What is closed")).to_be_visible()
    expect(story_body.locator("ul li", has_text="The river road")).to_be_visible()
    expect(story_body.locator("figure.pullquote")).to_contain_text("never seen it this high")
    expect(story_body.locator("figure.inline img").first).to_have_attribute(
        "alt", "Water over the river road at the old bridge"
    )
    expect(story_body.locator("figure.inline figcaption").first).to_contain_text(
        "Aisha Author / The Post"
    )
    expect(story_body.locator("figure.gallery > figure")).to_have_count(2)
    expect(story_body.get_by_role("button", name="Play the video from YouTube")).to_be_visible()
    expect(story_body.get_by_role("button", name="Show the post from Bluesky")).to_be_visible()
    expect(story_body.locator("h3", has_text="When it sails")).to_be_visible()  # from Word
    expect(story_body.locator("ol li", has_text="Board by the east gangway")).to_be_visible()
    expect(story_body.locator(f'a[href="{other_path}"]')).to_have_text(other_title)
    off_site = [u for u in asked if not u.startswith(url)]
    assert off_site == [], off_site
    reader.screenshot(path=screenshots / "reporter-public-page.png", full_page=True)
    story_body.get_by_role("button", name="Play the video from YouTube").click()
    expect(story_body.locator("figure.embed-video iframe")).to_be_visible()
    reader.wait_for_timeout(300)
    assert [u for u in asked if not u.startswith(url)] == [
        "https://www.youtube-nocookie.com/embed/M7lc1UVf-VE"
    ]
    html = tmp_path / "story.html"
    html.write_text(reader.request.get(url + public).text(), encoding="utf-8")
    context.close()
    report = html_errors([html])
    assert not report, f"HTML errors:\n{report}"

    audited = browser.new_context(**DESKTOP, bypass_csp=True)  # axe is injected inline
    page = audited.new_page()
    page.goto(url + public, wait_until="networkidle")
    page.add_script_tag(path=str(AXE_JS))
    results = page.evaluate("axe.run()")
    serious = [v["id"] for v in results["violations"] if v.get("impact") in ("serious", "critical")]
    audited.close()
    assert not serious, serious
    assert "> [!pullquote]" in source and YOUTUBE in source and BLUESKY in source
