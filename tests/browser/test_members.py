"""Members in Chromium, against a real SMTP server on loopback, on the demo site: an
anonymous reader meets the wall of a members' story, signs in from it by the emailed
link, reads the whole story and comments without typing an address; an editor marks a
story for members in the editor. Screenshots in ``test-artifacts/screenshots``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import select

from browser.conftest import DESKTOP, PHONE, free_port, serve, signed_in
from mailserver import MailServer
from thepost import demo
from thepost.app import build_services
from thepost.config import Settings
from thepost.content import queries
from thepost.content.models import Article
from thepost.db.migrate import upgrade
from thepost.demo import accounts as demo_accounts
from thepost.mail.outbox import deliver_due
from thepost.web import urls

pytestmark = pytest.mark.browser


def test_the_wall_sign_in_and_the_whole_story(
    browser: Browser, tmp_path: Path, screenshots: Path
) -> None:
    mail = MailServer()
    mail.start()
    port = free_port()
    services = build_services(Settings(
        data_dir=tmp_path, base_url=f"http://127.0.0.1:{port}", smtp_host="127.0.0.1",
        smtp_port=mail.port, mail_from="The Post <newsroom@thepost.test>",
    ))  # fmt: skip
    upgrade(services.engine)
    demo.load(services, articles=12)
    with services.writes.begin() as session:
        demo_accounts.create(session, now=services.clock())
        gated = session.scalars(select(Article).where(Article.access == "members")).first()
        assert gated is not None
        # Words the wall hides: the first run of five plain words behind it.
        words = re.sub(r"<[^>]+>", " ", gated.gated_html).split()
        hidden = next(
            " ".join(words[i : i + 5])
            for i in range(len(words))
            if all(w.isalpha() for w in words[i : i + 5])
        )
        path = urls.article(queries.article_by_slug(session, gated.slug, now=services.clock()))
        open_story = session.scalar(
            select(Article.id).where(Article.access == "public", Article.status == "published")
        )
    try:
        with serve(services, port=port) as url:
            phone = browser.new_context(**PHONE).new_page()
            phone.goto(url + path)
            wall = phone.locator(".member-wall")
            expect(wall.get_by_role("heading", name="This story is for members")).to_be_visible()
            assert hidden not in re.sub(r"\s+", " ", phone.locator("body").inner_text())
            wall.scroll_into_view_if_needed()
            phone.screenshot(path=str(screenshots / "members-wall-390.png"), full_page=True)
            phone.context.close()

            reader = browser.new_context(**DESKTOP).new_page()
            reader.goto(url + path)
            reader.locator(".member-wall").get_by_label("Your email address").fill(
                "reader@example.net"
            )
            reader.locator(".member-wall").get_by_role(
                "button", name="Email me a sign-in link"
            ).click()
            expect(reader.get_by_role("heading", name="Check your inbox")).to_be_visible()
            reader.screenshot(path=str(screenshots / "members-check-inbox.png"))
            deliver_due(services.writes, mail.sender(), now=services.clock())
            (message,) = [m for m in mail.messages() if m["To"] == "reader@example.net"]
            text = message.get_body(("plain",)).get_content()
            link = re.search(r"http://\S+/account/link\?token=\S+", text).group(0)

            # The same link in another browser (a scanner, another device) signs nobody in.
            other = browser.new_context(**DESKTOP).new_page()
            other.goto(link)
            expect(other.get_by_text("browser where you asked")).to_be_visible()
            other.context.close()

            reader.goto(link)  # back to the story, signed in
            reader.wait_for_url(url + path)
            expect(reader.locator(".members-only").first).to_be_visible()
            assert hidden in re.sub(r"\s+", " ", reader.locator(".members-only").inner_text())
            expect(reader.locator(".member-wall")).to_have_count(0)
            expect(reader.get_by_text("Commenting as")).to_be_visible()
            reader.screenshot(path=str(screenshots / "members-story-whole.png"), full_page=True)

            reader.get_by_role("textbox", name="Comment").fill(
                "Worth signing in for: thank you for this."
            )
            reader.get_by_role("button", name="Post Comment").click()
            reader.goto(url + "/account")
            expect(reader.get_by_role("heading", name="Your account")).to_be_visible()
            expect(reader.get_by_text("reader@example.net").first).to_be_visible()
            expect(reader.get_by_text("Worth signing in for")).to_be_visible()
            reader.screenshot(path=str(screenshots / "members-account.png"), full_page=True)
            reader.get_by_role("button", name="Sign out", exact=True).click()
            reader.goto(url + path)
            expect(reader.locator(".member-wall")).to_be_visible()
            reader.context.close()

            with signed_in(browser, url, "editor@example.com", "thepost-demo-editor") as editor:
                editor.goto(f"{url}/admin/articles/{open_story}")
                editor.get_by_label("Who may read it").select_option("members")
                editor.get_by_label("Paragraphs before the wall").fill("1")
                editor.get_by_role("button", name="Update", exact=True).click()
                expect(editor.get_by_text("Saved.")).to_be_visible()
                editor.screenshot(path=str(screenshots / "members-editor.png"), full_page=True)
            with services.reads() as session:
                saved = session.get(Article, open_story)
                assert saved.access == "members" and saved.gated_html
    finally:
        mail.stop()
