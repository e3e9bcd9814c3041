"""A site in Arabic, in Chromium: every page says ``dir="rtl"`` and its layout is mirrored
(the brand on the right, the menu read from the right, the search box's rounded ends
swapped, replies indented from the right), Latin names and numbers keep their own
direction inside Arabic sentences, and the newsroom's editor writes right to left. The
pages are valid HTML (the Nu HTML Checker) with no serious or critical accessibility
problem (axe-core). Screenshots ``rtl-*.png`` are kept to look at."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from browser.conftest import (
    VIEWPORTS,
    demo_services,
    html_errors,
    no_serious_accessibility_problems,
    serve,
    signed_in,
)
from thepost import i18n
from thepost.comments import actions as comment_actions
from thepost.comments.models import CommentStatus
from thepost.content import actions as content_actions
from thepost.content import queries
from thepost.content.models import Article, Author, Section
from thepost.demo import accounts as demo_accounts
from thepost.newsletters import actions as newsletter_actions
from thepost.newsletters.models import Newsletter
from thepost.permissions import SYSTEM
from thepost.services import Services
from thepost.web import newsletter_mail, urls

pytestmark = pytest.mark.browser

# A story in Arabic with Latin names, an address and numbers in its sentences.
TITLE = "مجلس المدينة يقرّ خطة النقل الجديدة بقيمة 250 مليون دولار"
STANDFIRST = "قالت رئيسة المجلس Sarah Jones إن العمل يبدأ في 2026، ويشمل 12 خطاً جديداً."
BODY = (
    "صوّت الأعضاء بأغلبية 9 مقابل 4 لصالح الخطة بعد نقاش دام 3 ساعات.\n\n"
    "> «إنها خطوة كبيرة للمدينة»، قال Ahmed Karim من جمعية السكان.\n\n"
    "وتُنشر التفاصيل على council.example.org حتى 15 يونيو."
)
ARABIC_COMMENT = "شكراً على التقرير، قرأته على iPhone 15 خلال 5 دقائق."
ENGLISH_REPLY = "Good point, though the 2026 start looks optimistic to me."
TYPED = "قال Ahmed Karim إن 12 حافلة ستعمل في 2026."

AR = i18n.translations("ar").gettext  # the newsroom's words, as an Arabic site shows them


@dataclass
class ArabicSite:
    url: str
    story: str  # the path of the Arabic story
    services: Services


@pytest.fixture(scope="module")
def arabic_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ArabicSite]:
    """The demo site with its language set to Arabic, and a story in Arabic by an Arabic
    and a Latin name, with a comment in Arabic and a reply to it in English."""
    services = demo_services(tmp_path_factory.mktemp("browser-rtl"), 8)
    now = services.clock()
    with services.writes.begin() as session:
        demo_accounts.create(session, now=now)
        content_actions.update_site_settings(session, services.bus, actor=SYSTEM, language="ar")
        latin = session.scalars(select(Author).order_by(Author.id)).first()
        arabic = content_actions.create_author(session, "ليلى حداد")
        news = session.scalars(select(Section).where(Section.name == "News")).one()
        picture = session.scalars(  # a story's picture (landscape), not a portrait
            select(Article.featured_image_id).where(Article.featured_image_id.is_not(None))
        ).first()
        assert latin is not None and picture is not None
        data = content_actions.ArticleInput(
            title=TITLE, standfirst=STANDFIRST, body=BODY, slug="city-transport-plan",
            section_id=news.id, tags=["النقل", "Transport"], author_ids=[arabic.id, latin.id],
            dateline="RIVERTON", featured_image_id=picture,
            featured_caption="حافلة على جسر المدينة صباح الثلاثاء.", featured_credit="Lena Marsh",
        )  # fmt: skip
        article = content_actions.save_article(
            session, services.bus, services.media_urls, data, actor=SYSTEM, now=now
        )
        first = comment_actions.add_comment(
            session, services.keys, article_id=article.id, name="Nadia Mensah",
            email="nadia@example.net", body=ARABIC_COMMENT, now=now,
            status=CommentStatus.APPROVED,
        )  # fmt: skip
        comment_actions.add_comment(
            session, services.keys, article_id=article.id, name="يوسف العلي",
            email="yousef@example.net", body=ENGLISH_REPLY, parent_id=first.id, now=now,
            status=CommentStatus.APPROVED,
        )  # fmt: skip
        content_actions.publish_article(session, services.bus, article.id, actor=SYSTEM, now=now)
    with services.reads() as session:
        shown = queries.article_by_slug(session, "city-transport-plan", now=services.clock())
        assert shown is not None
        story = urls.article(shown)
    with serve(services) as url:
        yield ArabicSite(url, story, services)


# -- geometry --------------------------------------------------------------------------------

BOX = "e => { const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top}; }"
# Where an element's text is drawn: the box of its contents, not of the element.
TEXT = """e => { const range = document.createRange(); range.selectNodeContents(e);
  const r = range.getBoundingClientRect(); return {left: r.left, right: r.right}; }"""
# The element's own content box (inside padding and borders).
INNER = """e => { const r = e.getBoundingClientRect(), s = getComputedStyle(e);
  return {left: r.left + parseFloat(s.paddingLeft) + parseFloat(s.borderLeftWidth),
          right: r.right - parseFloat(s.paddingRight) - parseFloat(s.borderRightWidth)}; }"""


def box(page: Page, selector: str, how: str = BOX) -> dict[str, float]:
    found: dict[str, float] = page.locator(selector).first.evaluate(how)
    return found


def style(page: Page, selector: str, prop: str) -> str:
    value: str = page.locator(selector).first.evaluate(
        "(e, p) => getComputedStyle(e).getPropertyValue(p)", prop
    )
    return value


def right_aligned(page: Page, selector: str) -> bool:
    """The element's text ends at its content box's right edge (and not at its left)."""
    text, inner = box(page, selector, TEXT), box(page, selector, INNER)
    return abs(text["right"] - inner["right"]) <= 2 and text["left"] - inner["left"] > 2


def left_aligned(page: Page, selector: str) -> bool:
    text, inner = box(page, selector, TEXT), box(page, selector, INNER)
    return abs(text["left"] - inner["left"]) <= 2 and inner["right"] - text["right"] > 2


def no_sideways_scroll(page: Page) -> None:
    # A right-to-left page scrolls leftwards: anything put off its left edge would show here.
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def right_to_left(page: Page) -> None:
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")


def _keep_html(page: Page, folder: Path, name: str) -> Path:
    """The page's HTML as the server sends it (not as scripts changed it)."""
    path = folder / f"{name}.html"
    path.write_text(page.request.get(page.url).text(), encoding="utf-8")
    return path


# -- the reader's pages ----------------------------------------------------------------------


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_home_page_and_a_story_are_mirrored(
    browser: Browser,
    arabic_site: ArabicSite,
    screenshots: Path,
    tmp_path: Path,
    tools: None,
    viewport: str,
) -> None:
    size: dict[str, Any] = VIEWPORTS[viewport]
    width = size["viewport"]["width"]
    context = browser.new_context(**size, bypass_csp=True)  # axe is injected inline
    page = context.new_page()
    kept: list[Path] = []
    try:
        page.goto(arabic_site.url + "/")
        right_to_left(page)
        # The brand at the right edge, the menu read from the right, the account link at
        # the bar's left end.
        mark, name = box(page, ".masthead .brand-mark"), box(page, ".masthead .brand-name")
        assert mark["right"] > width - 60 and name["right"] < mark["left"]
        first, second = (box(page, f".sections ul > li:nth-child({n})") for n in (1, 2))
        assert first["left"] > second["right"] - 1
        assert box(page, ".account-link")["right"] < second["left"] + 1
        # The search box: the field on the right, its outer (right) corners rounded,
        # joined to the button on its left, whose outer corners are the left ones.
        field, button = box(page, "#site-search"), box(page, ".search-box button")
        assert abs(field["left"] - button["right"]) <= 1
        assert style(page, "#site-search", "border-top-right-radius") != "0px"
        assert style(page, "#site-search", "border-top-left-radius") == "0px"
        assert style(page, ".search-box button", "border-top-left-radius") != "0px"
        assert style(page, ".search-box button", "border-top-right-radius") == "0px"
        no_sideways_scroll(page)
        page.screenshot(path=screenshots / f"rtl-home-{width}.png", full_page=True)
        kept.append(_keep_html(page, tmp_path, "home"))
        no_serious_accessibility_problems(page)

        page.goto(arabic_site.url + arabic_site.story)
        right_to_left(page)
        expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
        assert right_aligned(page, ".story-header h1")
        assert right_aligned(page, ".standfirst")
        # Each author's name is isolated from the words around it.
        expect(page.locator(".bylines a")).to_have_count(2)
        assert style(page, ".bylines a", "unicode-bidi") == "isolate"
        assert right_aligned(page, ".featured figcaption")
        quote = ".story-body blockquote"
        assert style(page, quote, "border-right-width") == "4px"
        assert style(page, quote, "border-left-width") == "0px"
        # Replies indented from the right, their rule on the right.
        thread, replies = box(page, "#comment-thread"), box(page, ".comment-list.replies")
        assert thread["right"] - replies["right"] >= 19  # 1.25rem
        assert style(page, ".comment-list.replies", "border-right-width") == "2px"
        # A comment in Arabic runs from the right; one in English from the left.
        assert right_aligned(page, "#comment-thread > li > article .comment-body p")
        assert left_aligned(page, ".comment-list.replies .comment-body p")
        # The comment form's labels and button on the right.
        form = box(page, ".comment-form", INNER)
        label = box(page, "label[for=comment]", TEXT)
        assert abs(label["right"] - form["right"]) <= 2 and label["left"] > form["left"] + 50
        post = box(page, ".comment-form button[type=submit]")
        assert abs(post["right"] - form["right"]) <= 2
        no_sideways_scroll(page)
        page.screenshot(path=screenshots / f"rtl-article-{width}.png", full_page=True)
        kept.append(_keep_html(page, tmp_path, "article"))
        no_serious_accessibility_problems(page)

        # A page made without the database's help (an error) speaks the site's language too.
        page.goto(arabic_site.url + "/no-such-section/no-such-story")
        right_to_left(page)
        assert box(page, ".brand-mark")["right"] > width - 60
        kept.append(_keep_html(page, tmp_path, "missing"))
    finally:
        context.close()
    report = html_errors(kept)
    assert not report, f"HTML errors:\n{report}"


# -- the newsroom ----------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_editor_writes_right_to_left(
    browser: Browser,
    arabic_site: ArabicSite,
    screenshots: Path,
    tmp_path: Path,
    tools: None,
    viewport: str,
) -> None:
    size: dict[str, Any] = VIEWPORTS[viewport]
    width = size["viewport"]["width"]
    url = arabic_site.url
    with signed_in(
        browser, url, "editor@example.com", "thepost-demo-editor", **size, bypass_csp=True
    ) as page:
        page.goto(url + "/admin/articles/new")
        right_to_left(page)
        # The newsroom speaks the site's language, Arabic, to an editor who chose none.
        toolbar = page.get_by_role("toolbar", name=AR("Formatting"))
        expect(toolbar).to_be_visible()
        story = page.get_by_role("textbox", name=AR("Body"), exact=True)
        expect(story).to_have_attribute("dir", "rtl")
        bold = toolbar.get_by_role("button", name=AR("Bold")).bounding_box()
        italic = toolbar.get_by_role("button", name=AR("Italic")).bounding_box()
        assert bold and italic and bold["x"] > italic["x"]
        if width > 1000:  # the sidebar on the right of the work area
            assert box(page, ".sidebar")["left"] >= box(page, "#main")["right"] - 1

        page.get_by_label(AR("Headline")).fill("خطة النقل في 2026")
        story.click()
        page.keyboard.type(TYPED)
        paragraph = ".visual-content p"
        expect(page.locator(paragraph).first).to_have_text(TYPED)
        assert right_aligned(page, paragraph)
        # The "/" menu opens under the caret, at the start (right) of the line.
        page.keyboard.press("Enter")
        page.keyboard.type("/")
        menu = page.get_by_role("listbox", name=AR("Blocks"))
        expect(menu).to_be_visible()
        line = box(page, ".visual-content p:last-child", INNER)
        shown = box(page, ".visual-menu")
        assert 0 <= line["right"] - shown["right"] <= 16 and shown["left"] < line["right"] - 100
        page.screenshot(path=screenshots / f"rtl-editor-blocks-{width}.png")
        page.keyboard.press("Escape")
        no_sideways_scroll(page)
        page.screenshot(path=screenshots / f"rtl-editor-{width}.png", full_page=True)
        no_serious_accessibility_problems(page)
        kept = [_keep_html(page, tmp_path, "editor")]
    report = html_errors(kept)
    assert not report, f"HTML errors:\n{report}"


# -- the emails ------------------------------------------------------------------------------


def test_a_newsletter_issue_is_written_right_to_left(arabic_site: ArabicSite) -> None:
    services = arabic_site.services
    with services.writes.begin() as session:
        newsletter = session.scalars(select(Newsletter).order_by(Newsletter.id)).first()
        story = session.scalars(select(Article.id).where(Article.slug == "city-transport-plan"))
        assert newsletter is not None
        issue = newsletter_actions.save_issue(
            session, actor=SYSTEM, newsletter_id=newsletter.id, subject="النشرة",
            note="مساء الخير.", article_ids=[story.one()], layout="story", now=services.clock(),
        )  # fmt: skip
        html, _ = newsletter_mail.render(session, services, issue, now=services.clock())
    assert '<html lang="ar" dir="rtl"' in html and TITLE in html
    # The text, the button and a quote's rule stand on the right; only MJML's column
    # boxes keep their own "left", under direction:rtl.
    body = html.split("<body", 1)[1]
    assert "text-align:right" in body and "border-left" not in html
    assert body.count("text-align:left") == body.count("text-align:left;direction:rtl")
    quote = body.split("<blockquote", 1)[1].split(">", 1)[0]  # its tag, styles inlined
    assert "border-right: 3px solid" in quote
