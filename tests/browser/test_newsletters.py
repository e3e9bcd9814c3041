"""Newsletters in Chromium, against a real SMTP server on loopback: a reader signs up on
the site and confirms from the emailed link; an editor sends a story as an issue; the
received email is opened at 600 and 390 pixels wide (screenshots in
``test-artifacts/screenshots``) and must not overflow a phone's width."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import select

from browser.conftest import DESKTOP, PHONE, free_port, serve, signed_in
from mailserver import MailServer
from thepost import demo
from thepost.app import build_services, newsletter_worker
from thepost.config import Settings
from thepost.content.models import Article
from thepost.db.migrate import upgrade
from thepost.demo import accounts as demo_accounts
from thepost.mail.outbox import deliver_due

pytestmark = pytest.mark.browser


def test_sign_up_confirm_send_and_read_the_email(
    browser: Browser, tmp_path: Path, screenshots: Path
) -> None:
    mail = MailServer()
    mail.start()
    port = free_port()
    services = build_services(Settings(
        data_dir=tmp_path, base_url=f"http://127.0.0.1:{port}", smtp_host="127.0.0.1",
        smtp_port=mail.port, mail_from="The Post <newsroom@thepost.test>", newsletter_rate=0,
    ))  # fmt: skip
    upgrade(services.engine)
    demo.load(services, articles=12)
    with services.writes.begin() as session:
        demo_accounts.create(session, now=services.clock())
        story_id, story_title = session.execute(
            select(Article.id, Article.title)
            .where(Article.status == "published")
            .order_by(Article.id.desc())
        ).first()
    try:
        with serve(services, port=port) as url:
            reader = browser.new_context(**DESKTOP).new_page()
            reader.goto(url + "/newsletters")
            reader.get_by_label("Breaking News Alerts").check()
            reader.get_by_label("Your email address").fill("reader@example.net")
            reader.screenshot(path=str(screenshots / "newsletters-signup.png"), full_page=True)
            reader.get_by_role("button", name="Sign up").click()
            expect(reader.get_by_role("heading", name="Check your inbox")).to_be_visible()
            deliver_due(services.writes, mail.sender(), now=services.clock())
            (confirmation,) = [m for m in mail.messages() if m["To"] == "reader@example.net"]
            text = confirmation.get_body(("plain",)).get_content()
            link = re.search(r"http://\S+/newsletters/confirm\S+", text).group(0)
            reader.goto(link)
            reader.get_by_role("button", name="Yes, send me the newsletters").click()
            expect(reader.get_by_text("You are subscribed")).to_be_visible()
            reader.context.close()

            with signed_in(browser, url, "editor@example.com", "thepost-demo-editor") as editor:
                editor.goto(f"{url}/admin/articles/{story_id}")
                editor.get_by_role("link", name="Send as a newsletter").click()
                alerts = editor.locator("#f-newsletter_id option", has_text="Breaking")
                editor.get_by_label("Newsletter").select_option(alerts.get_attribute("value"))
                editor.get_by_role("button", name="Save and preview").click()
                preview = editor.frame_locator("iframe.email-preview").first
                expect(preview.get_by_text("Read it on the site")).to_be_visible()
                editor.locator("iframe.email-preview").first.screenshot(
                    path=str(screenshots / "newsletter-issue-preview.png")
                )
                editor.screenshot(path=str(screenshots / "newsletter-issue.png"), full_page=True)
                editor.once("dialog", lambda dialog: dialog.accept())
                editor.get_by_role("button", name="Send to every subscriber").click()
                expect(editor.get_by_text("The issue is going out")).to_be_visible()
            worker = newsletter_worker(services)
            assert worker is not None
            while worker.deliver().claimed:
                pass
            # (the issue sent, not the morning digest a worker sends after 07:00)
            (issue,) = [m for m in mail.messages()
                        if m["To"] == "reader@example.net" and m["List-Unsubscribe"]
                        and m["Subject"].startswith(story_title)]  # fmt: skip
            html = issue.get_body(("html",)).get_content()
            for name, viewport in (
                ("600", {"width": 600, "height": 900}),
                ("390", PHONE["viewport"]),
            ):
                page = browser.new_context(viewport=viewport).new_page()
                page.set_content(html)
                page.screenshot(
                    path=str(screenshots / f"newsletter-email-{name}.png"), full_page=True
                )
                overflow = page.evaluate("document.documentElement.scrollWidth")
                assert overflow <= viewport["width"], (name, overflow)
                page.context.close()
    finally:
        mail.stop()
        services.engine.dispose()
