"""The visual story editor (frontend/visual-editor.js, bundled into static/build): a
story written in it is stored as Markdown; a story opened in it comes back as it went in."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import escape
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from browser.conftest import (
    AXE_JS,
    DESKTOP,
    VIEWPORTS,
    no_serious_accessibility_problems,
    serve,
    signed_in,
)
from browser.test_comments import RECORDER, _payloads
from media import samples
from thepost import demo
from thepost.app import build_services
from thepost.config import Settings
from thepost.content import text
from thepost.content.models import Article, Image
from thepost.content.models import Page as SitePage
from thepost.db.migrate import upgrade
from thepost.demo import accounts as demo_accounts
from thepost.services import Services
from thepost.web import urls

pytestmark = pytest.mark.browser
BUNDLE = Path(__file__).parents[2] / "src/thepost/static/build/visual-editor.js"


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Services]]:
    if not BUNDLE.exists():
        pytest.fail("the editor's bundle is not built: run `make assets`")
    services = build_services(Settings(data_dir=tmp_path_factory.mktemp("visual")))
    upgrade(services.engine)
    demo.load(services)  # every demo story and page
    with services.writes.begin() as session:
        demo_accounts.create(session, now=services.clock())
    with serve(services) as url:
        yield url, services


@pytest.fixture
def page(browser: Browser, newsroom: tuple[str, Services]) -> Iterator[Page]:
    with signed_in(browser, newsroom[0], "editor@example.com", "thepost-demo-editor") as page:
        yield page


def _figure(image_id: int, alt: str, caption: str) -> str:
    """A figure as the comparison sees it: which picture, with which words (attributes the
    sanitiser keeps)."""
    return f'<figure class="inline"><img src="/m/{image_id}.jpg" alt="{escape(alt)}" title="{escape(caption)}"></figure>'


def test_every_demo_story_and_page_comes_back_from_the_editor_as_it_went_in(
    page: Page, newsroom: tuple[str, Services]
) -> None:
    url, services = newsroom
    with services.reads() as session:
        bodies = [a.body_source for a in session.scalars(select(Article))]
        bodies += [p.body_source for p in session.scalars(select(SitePage))]
        first = session.scalars(select(Article.id).order_by(Article.id)).first()
    assert len(bodies) > 100
    page.goto(f"{url}/admin/articles/{first}")
    back = page.evaluate("bodies => bodies.map((b) => ThePostEditor.roundTrip(b))", bodies)
    for source, again in zip(bodies, back, strict=True):
        # The same story: the same HTML, figures and all (the Markdown may be spelled
        # differently: a list item's wrapped line without its indent, say).
        assert text.render_body(again, _figure) == text.render_body(source, _figure), source


def test_a_story_opened_and_saved_untouched_keeps_its_markdown_to_the_byte(
    page: Page, newsroom: tuple[str, Services]
) -> None:
    url, services = newsroom
    with services.reads() as session:
        article = session.scalars(
            select(Article).where(Article.body_source.contains("](image:")).order_by(Article.id)
        ).first()
        assert article is not None
        before = article.body_source
    page.goto(f"{url}/admin/articles/{article.id}")
    expect(page.locator(".visual-figure").first).to_be_visible()
    page.get_by_role("button", name="Update").click()
    expect(page.get_by_role("status").first).to_be_visible()
    with services.reads() as session:
        assert session.get(Article, article.id).body_source == before  # type: ignore[union-attr]


def test_a_story_written_in_the_visual_editor_is_stored_as_markdown(
    page: Page, newsroom: tuple[str, Services], screenshots: Path
) -> None:
    url, services = newsroom
    with services.reads() as session:
        image = session.scalars(select(Image).order_by(Image.id.desc())).first()
        assert image is not None
    page.goto(url + "/admin/articles/new")
    page.get_by_label("Headline").fill("Ferry timetable changes from Monday")
    body = page.get_by_role("textbox", name="Body")
    body.click()
    # Markdown shortcuts as one types them, and the toolbar.
    page.keyboard.type("## What changes\n")
    page.keyboard.type("The first boat leaves at ")
    page.get_by_role("button", name="Bold").click()
    page.keyboard.type("six")
    page.get_by_role("button", name="Bold").click()
    page.keyboard.type(".\n- Weekdays\nWeekends\n\n> We listened to passengers.\n\n")
    # A link: Ctrl+K asks for the address; one that is not http(s) or a site path is refused.
    page.keyboard.type("Read the timetable")
    page.keyboard.down("Shift")
    for _ in "the timetable":
        page.keyboard.press("ArrowLeft")
    page.keyboard.up("Shift")
    page.keyboard.press("Control+k")
    linking = page.get_by_role("dialog", name="Link")
    target = linking.get_by_label("Address, or words to find a story")
    target.fill("javascript:alert(1)")
    target.press("Enter")
    expect(linking.get_by_role("alert")).to_contain_text("Not a link")
    target.fill("/timetable")
    target.press("Enter")
    expect(linking).to_be_hidden()
    expect(body.locator('a[href="/timetable"]')).to_have_text("the timetable")
    page.keyboard.press("End")
    # A link to another story, found in the archive by words of its headline.
    with services.reads() as session:
        other = session.scalars(
            select(Article)
            .options(joinedload(Article.section))
            .where(Article.status == "published")
            .order_by(Article.id)
        ).first()
        assert other is not None
        other_path, other_title = urls.article(other), other.title
    page.keyboard.type(" See also: ")
    page.keyboard.press("Control+k")
    target.fill(" ".join(other_title.split()[:3]))
    linking.get_by_role("button", name=re.compile(re.escape(other_title))).first.click()
    expect(body.locator(f'a[href="{other_path}"]')).to_have_text(other_title)
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    # A picture from the library, where the cursor is.
    page.locator(".image-library summary").click()
    page.locator(f'[data-image-id="{image.id}"] .insert-image').click()
    expect(body.locator(".visual-figure")).to_have_count(1)
    preview = page.frame_locator(".live-preview iframe")
    expect(preview.get_by_role("heading", name="What changes")).to_be_visible()
    # The headline's length, and the story as a search result may show it.
    expect(page.locator(".headline-length")).to_have_text("Characters: 35.")
    serp = page.locator(".serp")
    expect(serp.locator(".serp-title")).to_have_text("Ferry timetable changes from Monday")
    expect(serp.locator(".serp-url")).to_contain_text("ferry-timetable-changes-from-monday")
    expect(serp.locator(".serp-description")).to_contain_text("The first boat leaves at six.")
    page.get_by_label("SEO description").fill("New times for the river ferry.")
    expect(serp.locator(".serp-description")).to_have_text("New times for the river ferry.")
    # ... and as a shared link, its featured picture on top.
    card = page.locator(".social-card")
    expect(card.locator(".social-card-title")).to_have_text("Ferry timetable changes from Monday")
    expect(card.locator(".social-card-description")).to_have_text("New times for the river ferry.")
    expect(card.locator(".social-card-image")).to_have_count(0)
    page.get_by_label("Alt text", exact=True).fill("The river ferry at the quay")  # first:
    page.locator("input[name=featured_image_id]").nth(1).check()  # never a picture without
    expect(card.locator(".social-card-image")).to_be_visible()
    page.screenshot(path=screenshots / "admin-visual-editor.png", full_page=True)
    # Autosaved from the first words: the page edits the stored draft by now.
    page.wait_for_url(re.compile(r"/admin/articles/\d+$"))
    expect(page.locator(".autosave-state")).to_contain_text("Autosaved")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("status").first).to_contain_text("Saved.")
    with services.reads() as session:
        stored = session.scalars(
            select(Article).where(Article.title == "Ferry timetable changes from Monday")
        ).one()
        source = stored.body_source
    assert "## What changes" in source
    assert "The first boat leaves at **six**." in source
    assert "- Weekdays\n- Weekends" in source
    assert "> We listened to passengers." in source
    assert "Read [the timetable](/timetable)" in source
    assert f"See also: [{other_title}]({other_path})" in source
    assert f"](image:{image.id}" in source
    assert "javascript" not in source
    assert "<figure" in stored.body_html and "<h2>What changes</h2>" in stored.body_html

    # The Markdown itself, and back.
    page.get_by_role("button", name="Markdown").click()
    source_box = page.locator("textarea[name=body]")
    expect(source_box).to_be_visible()
    source_box.fill(source + "\n\nA last line typed as Markdown.")
    page.get_by_role("button", name="Markdown").click()
    expect(body).to_contain_text("A last line typed as Markdown.")


def test_a_table_made_in_the_editor_is_a_markdown_table(
    page: Page, newsroom: tuple[str, Services]
) -> None:
    url, services = newsroom
    page.goto(url + "/admin/articles/new")
    page.get_by_label("Headline").fill("Seats after the count")
    page.get_by_role("textbox", name="Body").click()
    page.get_by_role("button", name="Table").click()
    for cell in ("Party", "Seats", "", "Green", "12", "", "Blue", "7"):
        page.keyboard.type(cell)
        page.keyboard.press("Tab")
    page.get_by_role("button", name="Save draft").click()  # autosaved or not by then
    expect(page.get_by_role("status").first).to_contain_text(re.compile("Draft created|Saved"))
    with services.reads() as session:
        stored = session.scalars(
            select(Article).where(Article.title == "Seats after the count")
        ).one()
    assert "| Party | Seats |" in stored.body_source.replace("  ", " ")
    assert "<table>" in stored.body_html
    assert "<th>Party</th>" in stored.body_html and "<td>Green</td>" in stored.body_html


def test_the_block_menu_pull_quotes_code_and_embeds_from_the_keyboard(
    page: Page, newsroom: tuple[str, Services], screenshots: Path
) -> None:
    url, services = newsroom
    page.goto(url + "/admin/articles/new")
    page.get_by_label("Headline").fill("The mayor on the bridge")
    body = page.get_by_role("textbox", name="Body")
    body.click()
    page.keyboard.type("The mayor spoke at the bridge.\n/")
    menu = page.get_by_role("listbox", name="Blocks")
    expect(menu).to_be_visible()
    expect(menu.get_by_role("option")).to_have_count(11)
    page.keyboard.type("pu")  # narrowed to the pull quote
    expect(menu.get_by_role("option")).to_have_text(["Pull quote"])
    expect(body).to_have_attribute("aria-activedescendant", re.compile("pullquote$"))
    page.screenshot(path=screenshots / "admin-block-menu.png")
    page.keyboard.press("Enter")
    expect(menu).to_be_hidden()
    page.keyboard.type("We will rebuild it.\n\n")  # Enter on an empty line leaves the quote
    page.keyboard.type("/")
    page.keyboard.press("Escape")  # the menu closes, the slash stays as typed
    expect(menu).to_be_hidden()
    page.keyboard.type("2 is half of 4.\n/co")
    expect(menu.get_by_role("option", name="Code")).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Tab")
    page.keyboard.type("repairs = 3_000_000")
    page.keyboard.press("ArrowDown")  # out of the code block: it is the last block
    page.keyboard.type("/emb")
    page.on("dialog", lambda dialog: dialog.accept("https://youtu.be/M7lc1UVf-VE"))
    page.keyboard.press("Enter")
    expect(page.locator(".visual-embed")).to_contain_text("https://youtu.be/M7lc1UVf-VE")
    page.keyboard.press("Control+s")  # saves
    expect(page.get_by_role("status").first).to_contain_text(re.compile("Draft created|Saved"))
    with services.reads() as session:
        stored = session.scalars(
            select(Article).where(Article.title == "The mayor on the bridge")
        ).one()
    source = stored.body_source
    assert "> [!pullquote]\n> We will rebuild it." in source
    assert "/2 is half of 4." in source
    assert "```\nrepairs = 3_000_000\n```" in source
    assert "\nhttps://youtu.be/M7lc1UVf-VE\n" in source
    html = stored.body_html
    assert '<figure class="pullquote"><blockquote>\n<p>We will rebuild it.</p>' in html
    assert "<pre><code>repairs = 3_000_000" in html
    assert 'data-player="https://www.youtube-nocookie.com/embed/M7lc1UVf-VE"' in html
    back = page.evaluate("s => ThePostEditor.roundTrip(s)", source)
    assert text.render_body(back, {}) == text.render_body(source, {})


def test_the_editor_with_every_kind_of_block_is_accessible(
    browser: Browser, newsroom: tuple[str, Services], screenshots: Path
) -> None:
    url, services = newsroom
    with services.reads() as session:
        image = session.scalars(select(Image).order_by(Image.id)).first()
        assert image is not None
    every = "\n\n".join(
        [
            "A paragraph with **bold**, *italic* and [a link](/news).",
            "## A heading",
            "### A subheading",
            "- one\n- two",
            "1. first\n2. second",
            "> A quote.",
            "> [!pullquote]\n> A pull quote.",
            "| A | B |\n| --- | --- |\n| 1 | 2 |",
            "---",
            "```\ncode = 1\n```",
            f'![A harbour at dawn](image:{image.id} "Dawn")',
            "https://youtu.be/M7lc1UVf-VE",
            "https://www.example.org/notes",
        ]
    )
    context = browser.new_context(**DESKTOP, bypass_csp=True)  # axe is injected inline
    page = context.new_page()
    page.goto(url + "/admin/login")
    page.get_by_label("Email").fill("editor@example.com")
    page.get_by_label("Password").fill("thepost-demo-editor")
    page.get_by_role("button", name="Sign in").click()
    page.goto(url + "/admin/articles/new")
    page.get_by_label("Headline").fill("Every block")
    page.get_by_role("button", name="Markdown").click()
    page.locator("textarea[name=body]").fill(every)
    page.get_by_role("button", name="Markdown").click()
    body = page.get_by_role("textbox", name="Body")
    for selector in ("h2", "h3", "ul", "ol", "blockquote", "figure.pullquote", "table", "hr",
                     "pre", ".visual-figure", ".visual-embed"):  # fmt: skip
        expect(body.locator(selector).first).to_be_visible()
    page.keyboard.press("Control+End")
    page.keyboard.type("\n/")  # the block menu open too
    expect(page.get_by_role("listbox", name="Blocks")).to_be_visible()
    page.screenshot(path=screenshots / "admin-every-block.png", full_page=True)
    page.add_script_tag(path=str(AXE_JS))
    no_serious_accessibility_problems(page)
    # The picture dialog, with the library listed.
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Picture", exact=True).click()
    dialog = page.get_by_role("dialog", name="Add pictures")
    expect(
        dialog.get_by_role("list", name="Pictures in the library").get_by_role("button")
    ).to_have_count(24)
    no_serious_accessibility_problems(page)
    context.close()


DROP = """([name, bytes]) => {
  const data = new DataTransfer();
  data.items.add(new File([new Uint8Array(bytes)], name, { type: "image/jpeg" }));
  return data;
}"""


def test_pictures_dropped_picked_as_a_gallery_and_featured(
    page: Page, newsroom: tuple[str, Services], screenshots: Path, tmp_path: Path
) -> None:
    url, services = newsroom
    with services.reads() as session:
        oldest = session.scalars(select(Image).order_by(Image.id)).first()
        count = session.scalar(select(func.count(Image.id)))
        assert oldest is not None and count > 24  # the oldest is not among the newest 24
    page.goto(url + "/admin/articles/new")
    page.get_by_label("Headline").fill("Storm damage on the quay")
    body = page.get_by_role("textbox", name="Body")
    body.click()
    page.keyboard.type("The storm hit the quay overnight.")

    # A photograph dropped from disk: uploaded (with its progress), described, put in.
    photo = samples.photograph(tmp_path / "quay.jpg").read_bytes()
    dropped = page.evaluate_handle(DROP, ["quay.jpg", list(photo)])
    surface = page.locator(".visual-surface .ProseMirror")
    box = surface.bounding_box()
    assert box is not None
    where = {"clientX": box["x"] + 40, "clientY": box["y"] + 60}
    surface.dispatch_event("drop", {"dataTransfer": dropped, **where})
    dialog = page.get_by_role("dialog", name="Add pictures")
    expect(dialog).to_be_visible()
    expect(dialog.locator(".picture-item img")).to_be_visible()  # uploaded: its thumbnail
    expect(dialog.get_by_text(re.compile(r"quay\.jpg: uploaded as #\d+"))).to_be_visible()
    insert = dialog.get_by_role("button", name="Insert")
    expect(dialog.get_by_role("alert")).to_contain_text("Describe each picture")
    dialog.get_by_label("Alt text *").fill("Boats thrown onto the quay by the storm")
    dialog.get_by_label("Caption").fill("The quay at first light.")
    dialog.get_by_label("Credit").fill("Rosa Delgado / The Post")
    page.screenshot(path=screenshots / "admin-picture-dialog.png")
    insert.click()
    expect(dialog).to_be_hidden()
    expect(body.locator(".visual-figure img")).to_be_visible()

    # A gallery of two pictures from the library, found by searching it.
    page.keyboard.press("Control+End")
    page.get_by_role("button", name="Picture", exact=True).click()
    dialog = page.get_by_role("dialog", name="Add pictures")
    results = dialog.get_by_role("list", name="Pictures in the library")
    expect(results.get_by_role("button").first).to_be_visible()
    dialog.get_by_label("Search the library").fill(oldest.alt.split()[0])
    result = results.get_by_role("button", name=re.compile(f"^#{oldest.id}:"))
    result.click()
    dialog.get_by_label("Search the library").fill("")
    expect(results.get_by_role("button")).to_have_count(24)  # a page of the newest
    results.get_by_role("button").first.click()
    expect(dialog.locator(".picture-item")).to_have_count(2)
    dialog.get_by_role("button", name="Insert").click()
    expect(body.locator("figure.gallery .visual-figure")).to_have_count(2)

    # The featured picture, chosen the same way from the whole library.
    page.get_by_role("button", name="Upload or search the library…").click()
    dialog = page.get_by_role("dialog", name="Choose the featured picture")
    dialog.get_by_label("Search the library").fill(oldest.alt.split()[0])
    dialog.get_by_role("button", name=re.compile(f"^#{oldest.id}:")).click()
    dialog.get_by_role("button", name="Use this picture").click()
    expect(page.locator(f"input[name=featured_image_id][value='{oldest.id}']")).to_be_checked()
    expect(page.get_by_label("Alt text", exact=True)).to_have_value(oldest.alt)

    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("status").first).to_contain_text(re.compile("Draft created|Saved"))
    with services.reads() as session:
        stored = session.scalars(
            select(Article).where(Article.title == "Storm damage on the quay")
        ).one()
        uploaded = session.scalars(select(Image).order_by(Image.id.desc())).first()
        assert uploaded is not None
        assert (uploaded.alt, uploaded.credit) == (
            "Boats thrown onto the quay by the storm",
            "Rosa Delgado / The Post",
        )
    source = stored.body_source
    assert (
        f'![Boats thrown onto the quay by the storm](image:{uploaded.id} "The quay at first light.")'
        in source
    )
    assert re.search(rf"\n!\[[^\]]*\]\(image:{oldest.id}[^)]*\)\n!\[[^\]]*\]\(image:\d+", source)
    assert '<figure class="gallery"><figure class="inline">' in stored.body_html
    assert stored.featured_image_id == oldest.id


CLIPBOARD = Path(__file__).parent / "clipboard"
PASTE = """([html, plain]) => {
  const data = new DataTransfer();
  data.setData("text/html", html);
  data.setData("text/plain", plain);
  const surface = document.querySelector(".visual-surface .ProseMirror");
  surface.focus();
  surface.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
}"""


def _pasted(page: Page, url: str, fixture: str) -> str:
    """The Markdown a story holds after the clipboard fixture is pasted into it."""
    page.goto(url + "/admin/articles/new")
    page.get_by_role("textbox", name="Body").click()
    html = (CLIPBOARD / fixture).read_text(encoding="utf-8")
    page.evaluate(PASTE, [html, "plain text"])
    page.evaluate("() => document.querySelector('textarea[name=body]').visualEditor.sync()")
    return page.locator("textarea[name=body]").input_value()


def test_a_google_docs_paste_keeps_the_structure_and_drops_the_styling(
    page: Page, newsroom: tuple[str, Services]
) -> None:
    source = _pasted(page, newsroom[0], "google-docs.html")
    assert source.startswith("## Council approves the river crossing\n")
    assert (
        "The vote was **seven to two**, after a debate that ran *past midnight*. "
        "Read the [full report](https://example.org/crossing-report)." in source
    )
    assert "### What happens next" in source
    assert (
        "- Surveys of the riverbed begin in **March**\n- Building work starts in the autumn"
        in source
    )
    assert "1. Public consultation\n2. Final design" in source
    assert "The crossing will carry buses and bicycles only." in source
    for debris in (
        "span",
        "font",
        "Courier",
        "#ffff00",
        "google.com",
        "docs-internal",
        "googleusercontent",
        "<",
    ):
        assert debris not in source, debris


def test_a_word_paste_keeps_the_structure_and_drops_comments_and_tracked_changes(
    page: Page, newsroom: tuple[str, Services]
) -> None:
    source = _pasted(page, newsroom[0], "word.html")
    assert source.startswith("## Late ferry returns to the river\n")
    assert (
        "The late ferry sails again from **Monday**, the operator said on *Tuesday*, "
        "after ***two years*** without it." in source
    )
    assert "[operator's site](https://example.org/ferry/timetable). Tickets cost £5." in source
    assert "£4" not in source  # a tracked deletion
    assert "### When it sails" in source
    assert "- Weekdays at 23:10\n\n  - Not on bank holidays\n\n- Saturdays at 00:40" in source or (
        "- Weekdays at 23:10\n  - Not on bank holidays\n- Saturdays at 00:40" in source
    )
    assert "To travel:\n\n1. Buy a ticket on the quay\n2. Board by the east gangway" in source
    for debris in (
        "Check the fare",
        "[RD1]",
        "mso",
        "·",
        "Symbol",
        "Georgia",
        "o:p",
        "<",
        "&nbsp;",
    ):
        assert debris not in source, debris


# What in the editor could run code or load something: handlers, frames, scripts, and
# addresses that are code.
EDITOR_AUDIT = """() => {
  const bad = [];
  for (const el of document.querySelectorAll(".visual-editor *")) {
    if (["script", "iframe", "object", "embed", "svg", "style"].includes(el.localName)) bad.push(el.localName);
    for (const attr of el.attributes) {
      const value = attr.value.replace(/[\\u0000-\\u0020]/g, "").toLowerCase();
      if (attr.name.startsWith("on") || attr.name === "srcdoc") bad.push(el.localName + " " + attr.name);
      if (/^(javascript|vbscript|data):/.test(value)) bad.push(el.localName + " " + attr.name + "=" + value);
    }
  }
  return bad;
}"""


def test_hostile_bodies_open_in_the_editor_as_text_and_nothing_runs(
    page: Page, newsroom: tuple[str, Services]
) -> None:
    """Every XSS payload as a body of its own, and all of them as one story shown in the
    editor: HTML is text there as on the site; nothing runs, nothing loads."""
    payloads = _payloads()
    page.add_init_script(RECORDER)
    page.goto(newsroom[0] + "/admin/articles/new")
    back = page.evaluate("bodies => bodies.map((b) => ThePostEditor.roundTrip(b))", payloads)
    assert len(back) == len(payloads) > 500
    assert all("<" not in again for again in back)  # HTML comes back as text, escaped
    page.get_by_role("button", name="Markdown").click()
    page.locator("textarea[name=body]").fill("\n\n".join(payloads))
    page.get_by_role("button", name="Markdown").click()
    body = page.get_by_role("textbox", name="Body")
    expect(body).to_contain_text("<script>alert(1)</script>")
    page.wait_for_timeout(500)  # time for anything that would load or run
    assert page.evaluate(EDITOR_AUDIT) == []
    assert page.evaluate("window.__xss") == []


def test_hostile_html_pasted_into_a_story_runs_nothing(
    page: Page, newsroom: tuple[str, Services]
) -> None:
    """Every XSS payload pasted as HTML at once (as from a hostile web page): nothing runs,
    nothing loads, and the story's Markdown holds no HTML."""
    payloads = _payloads()
    page.add_init_script(RECORDER)
    page.goto(newsroom[0] + "/admin/articles/new")
    page.get_by_role("textbox", name="Body").click()
    page.evaluate(PASTE, ["<p>" + "</p><p>".join(payloads) + "</p>", "plain"])
    page.wait_for_timeout(500)  # time for anything that would load or run
    assert page.evaluate(EDITOR_AUDIT) == []
    assert page.evaluate("window.__xss") == []
    page.evaluate("() => document.querySelector('textarea[name=body]').visualEditor.sync()")
    source = page.locator("textarea[name=body]").input_value()
    html = text.render_body(source, {})  # stored as it would be: HTML in it is text
    assert source and not re.search(r"<(script|iframe|img|svg|object|embed|style)\b", html, re.I)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_editor_fits_a_desktop_and_a_phone(
    browser: Browser, newsroom: tuple[str, Services], screenshots: Path, viewport: str
) -> None:
    url, services = newsroom
    with services.reads() as session:  # perhaps a story of hostile lines another test left
        newest = session.scalars(select(Article.id).order_by(Article.id.desc())).first()
    size = VIEWPORTS[viewport]
    with signed_in(browser, url, "editor@example.com", "thepost-demo-editor", **size) as page:
        page.goto(f"{url}/admin/articles/{newest}")
        expect(page.get_by_role("toolbar", name="Formatting")).to_be_visible()
        page.screenshot(path=screenshots / f"admin-editor-{viewport}.png")
        width = size["viewport"]["width"]  # type: ignore[index]
        assert page.evaluate("document.documentElement.scrollWidth") <= width
