"""The media library and the moderation queue in a real browser: an editor uploads a
photograph through the form, corrects its alt text, approves a held comment and clears a
spam one; an admin changes the tagline and renames a section. Screenshots of each page;
each is valid HTML without serious axe findings."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from browser.conftest import AXE_JS, DESKTOP, VNU_JAR, demo_services, serve
from media import samples
from thepost.comments import actions as comment_actions
from thepost.comments.models import Comment, CommentStatus
from thepost.content.models import Article, Image
from thepost.demo import accounts as demo_accounts
from thepost.services import Services

pytestmark = pytest.mark.browser


@dataclass
class Newsroom:
    url: str
    services: Services
    held_id: int
    spam_id: int


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Newsroom]:
    services = demo_services(tmp_path_factory.mktemp("browser-media"), 12)
    now = services.clock()
    with services.writes.begin() as session:
        demo_accounts.create(session, now=now)
        article_id = session.scalars(select(Article.id).order_by(Article.id)).first()
        held = comment_actions.add_comment(
            session,
            services.keys,
            article_id=article_id,
            name="Rosa Quintero",
            email="rosa@example.org",
            body="The bridge closure also affects the 41 bus route.",
            now=now,
            status=CommentStatus.PENDING,
            spam_score=0.08,
            reasons=["first comment from this address"],
        )
        spam = comment_actions.add_comment(
            session,
            services.keys,
            article_id=article_id,
            name="Best Casino Bonus",
            email="win@casino.example",
            body="Cheap pills and casino bonus http://x.example",
            now=now,
            status=CommentStatus.SPAM,
            spam_score=0.99,
            reasons=["spam filter: 99% likely spam", 'contains blocked word "casino"'],
        )
        ids = (held.id, spam.id)
    with serve(services) as url:
        yield Newsroom(url, services, *ids)


def _sign_in(page: Page, url: str, role: str = "editor") -> None:
    page.goto(url + "/admin/login")
    page.get_by_label("Email").fill(f"{role}@example.com")
    page.get_by_label("Password").fill(f"thepost-demo-{role}")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("navigation", name="Newsroom")).to_be_visible()


def _check_page(page: Page, name: str, folder: Path) -> None:
    """Valid HTML (vnu) and no serious or critical axe-core finding."""
    saved = folder / f"{name}.html"
    saved.write_text(page.content(), encoding="utf-8")
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--stdout", str(saved)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    errors = [m for m in json.loads(result.stdout)["messages"] if m.get("type") == "error"]
    assert not errors, [(m.get("lastLine"), m.get("message")) for m in errors]
    page.add_script_tag(path=str(AXE_JS))
    violations = page.evaluate("axe.run()")["violations"]
    serious = [
        (v["id"], [n["target"] for n in v["nodes"]])
        for v in violations
        if v.get("impact") in ("serious", "critical")
    ]
    assert not serious, serious


def test_upload_describe_and_moderate(
    browser: Browser, newsroom: Newsroom, screenshots: Path, tmp_path: Path
) -> None:
    context = browser.new_context(**DESKTOP, bypass_csp=True)  # axe is injected inline
    page = context.new_page()
    url = newsroom.url
    _sign_in(page, url)

    # Upload a photograph through the form.
    page.get_by_role("navigation", name="Newsroom").get_by_role("link", name="Media").click()
    expect(page.get_by_role("heading", name="Media", exact=True)).to_be_visible()
    page.get_by_label("Image file").set_input_files(
        str(samples.photograph(tmp_path / "IMG_2041.jpg"))
    )
    page.get_by_label("Alt text", exact=True).fill("A red house")
    page.get_by_label("Credit", exact=True).fill("Sam Okafor")
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("status")).to_contain_text("The picture is in the library")
    expect(page.get_by_text("1600 × 1000 pixels")).to_be_visible()

    # Correct its alt text.
    page.get_by_label("Alt text", exact=True).fill("A red-roofed house under a summer sun")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("Saved.")
    with newsroom.services.reads() as session:
        image = session.scalars(select(Image).order_by(Image.id.desc())).first()
        assert image is not None
        assert (image.alt, image.credit, image.width) == (
            "A red-roofed house under a summer sun",
            "Sam Okafor",
            1600,
        )
    served = page.request.get(url + f"/media/img/{image.sha256[:2]}/{image.sha256}/1600.jpg")
    assert served.ok and b"Exif" not in served.body()

    # An SVG is refused in the form, the words typed kept.
    page.get_by_role("link", name="← Media").click()
    svg = tmp_path / "chart.svg"
    svg.write_bytes(samples.SVG)
    page.get_by_label("Image file").set_input_files(str(svg))
    page.get_by_label("Caption", exact=True).fill("Kept caption")
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("#f-file-error")).to_contain_text("SVG images are not accepted")
    expect(page.get_by_label("Caption", exact=True)).to_have_value("Kept caption")
    page.get_by_label("Caption", exact=True).fill("")
    page.get_by_role("link", name="Media", exact=True).click()
    expect(page.locator(".media-tile").first).to_contain_text("A red-roofed house")
    page.screenshot(path=screenshots / "admin-media.png", full_page=True)
    _check_page(page, "media", tmp_path)

    # The moderation queue: approve the held comment.
    page.get_by_role("navigation", name="Newsroom").get_by_role("link", name="Comments").click()
    held = page.locator(f"#comment-{newsroom.held_id}")
    expect(held).to_contain_text("Spam score 8%")
    expect(held).to_contain_text("first comment from this address")
    page.screenshot(path=screenshots / "admin-comments-pending.png", full_page=True)
    _check_page(page, "comments", tmp_path)
    held.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("status")).to_have_text("1 comment approved.")
    expect(page.locator(f"#comment-{newsroom.held_id}")).to_have_count(0)

    # The spam tab: the spam comment goes to the trash.
    page.get_by_role("link", name="Spam").click()
    spam = page.locator(f"#comment-{newsroom.spam_id}")
    expect(spam).to_contain_text("Spam score 99%")
    expect(spam).to_contain_text('contains blocked word "casino"')
    page.screenshot(path=screenshots / "admin-comments-spam.png", full_page=True)
    spam.get_by_role("button", name="Trash").click()
    expect(page.get_by_role("status")).to_have_text("1 comment moved to the trash.")
    expect(page).to_have_url(url + "/admin/comments?status=spam&done=1+trash")
    with newsroom.services.reads() as session:
        assert session.get(Comment, newsroom.held_id).status == "approved"
        assert session.get(Comment, newsroom.spam_id).status == "trash"
    # The same pages on a phone.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(url + "/admin/comments?status=approved")
    page.screenshot(path=screenshots / "admin-comments-phone.png", full_page=True)
    page.goto(url + "/admin/media")
    page.screenshot(path=screenshots / "admin-media-phone.png")
    context.close()


def test_settings_sections_and_tags(
    browser: Browser, newsroom: Newsroom, screenshots: Path, tmp_path: Path
) -> None:
    context = browser.new_context(**DESKTOP, bypass_csp=True)  # axe is injected inline
    page = context.new_page()
    url = newsroom.url
    _sign_in(page, url, "admin")
    menu = page.get_by_role("navigation", name="Newsroom")
    menu.get_by_role("link", name="Settings").click()
    page.get_by_label("Tagline").fill("Tested in a real browser")
    page.get_by_label("Hold comments containing").fill("refund\nlottery")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("status")).to_contain_text("Settings saved")
    page.screenshot(path=screenshots / "admin-settings.png", full_page=True)
    _check_page(page, "settings", tmp_path)
    page.goto(url + "/")
    expect(page.locator(".brand-tagline")).to_have_text("Tested in a real browser")

    page.goto(url + "/admin/sections")
    row = page.locator("tbody tr").first
    row.get_by_label("Name").fill("Top Stories")
    row.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("Saved.")
    page.screenshot(path=screenshots / "admin-sections.png", full_page=True)
    _check_page(page, "sections", tmp_path)
    expect(
        page.get_by_role("navigation", name="Newsroom").get_by_role("link", name="Tags")
    ).to_be_visible()
    page.goto(url + "/latest")  # the home page is in the browser's cache (max-age) already
    expect(page.get_by_role("navigation", name="Sections")).to_contain_text("Top Stories")
    page.goto(url + "/admin/tags")
    page.screenshot(path=screenshots / "admin-tags.png", full_page=True)
    _check_page(page, "tags", tmp_path)
    context.close()
