"""The visual editor on imported stories, whose bodies are HTML (the WordPress import's):
every one comes back from the editor with its words, links, pictures, embeds and
formatting, and one edited there is stored as HTML still."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from browser.conftest import serve, signed_in
from browser.test_visual_editor import _figure
from thepost.app import build_services
from thepost.config import Settings
from thepost.content import bodies, text
from thepost.content.models import Article
from thepost.content.models import Page as SitePage
from thepost.db.migrate import upgrade
from thepost.demo import accounts as demo_accounts
from thepost.services import Services
from thepost.wordpress import importer
from wordpress import exports

pytestmark = pytest.mark.browser
# What the comparison counts (a <b> is a <strong> to the editor, a <del> an <s>, ...).
SAME = {"b": "strong", "i": "em", "del": "s", "strike": "s"}
INLINE = set("strong em s code sup sub small cite q abbr ins u mark".split())
COUNTED = (
    "strong em s code sup sub small cite q abbr ins u mark blockquote pre hr ul ol li table "
    "tr td th dl dt dd h2 h3 h4 h5 h6 br"
).split()


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Services]]:
    folder = tmp_path_factory.mktemp("imported")
    services = build_services(Settings(data_dir=folder / "data"))
    upgrade(services.engine)
    importer.run(
        services, exports.EXPORT, importer.Options(uploads=exports.uploads_folder(folder / "up"))
    )
    with services.writes.begin() as session:
        demo_accounts.create(session, now=services.clock())
    with serve(services) as url:
        yield url, services


@pytest.fixture
def page(browser: Browser, imported: tuple[str, Services]) -> Iterator[Page]:
    with signed_in(browser, imported[0], "admin@example.com", "thepost-demo-admin") as page:
        yield page


class _Formatting(HTMLParser):
    """Each kind of block counted, and the words each kind of inline formatting covers,
    as a reader sees them: a mark split by a line break, or inside the same mark
    (<small><small>), covers the same words; a code block's text is plain (the editor
    drops formatting in it: a code block holds text), and so is an embed's or a
    gallery's caption (compared as words)."""

    @classmethod
    def count(cls, html: str) -> dict[str, object]:
        parser = cls()
        parser.feed(html)
        covered = {t: " ".join("".join(words).split()) for t, words in parser.covered.items()}
        blocks = {t: n for t, n in parser.blocks.items() if n}
        return {**blocks, **{t: w for t, w in covered.items() if w}}

    def __init__(self) -> None:
        super().__init__()
        self.blocks: Counter[str] = Counter()
        self.covered: dict[str, list[str]] = {t: [] for t in INLINE}
        self.open: list[str] = []

    def _plain(self) -> bool:
        return "pre" in self.open or "figcaption" in self.open

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = SAME.get(tag, tag)
        if tag in ("br", "hr", "img"):
            self.blocks[tag] += tag == "hr" or not self._plain()
            if tag == "br":  # a line's end is a space to the words of a mark across it
                self.handle_data(" ")
            return
        if tag in COUNTED and tag not in INLINE and not self._plain():
            self.blocks[tag] += 1
        if tag in INLINE:  # its runs apart (spaces at their ends are the editor's to trim)
            self.covered[tag].append(" ")
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        tag = SAME.get(tag, tag)
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        if self._plain():
            return
        for tag in set(self.open) & INLINE:
            self.covered[tag].append(data)


def _where(before: object, after: object) -> str:
    """Where two values first differ, with a little around it."""
    one, two = str(before), str(after)
    at = next(
        (i for i, (a, b) in enumerate(zip(one, two, strict=False)) if a != b),
        min(len(one), len(two)),
    )
    return f"before: …{one[max(0, at - 80) : at + 80]}…\nafter:  …{two[max(0, at - 80) : at + 80]}…"


def _shape(source: str) -> dict[str, object]:
    """What a reader gets of an HTML body: its words, links, pictures, embeds, and how
    many of each kind of formatting."""
    html = bodies._render_html(source, _figure)
    return {
        "words": " ".join(text.html_to_text(html).split()),
        "links": re.findall(r'<a\b[^>]*\bhref="([^"]*)"', html),
        "pictures": re.findall(r'<img src="/m/(\d+)\.jpg" alt="([^"]*)" title="([^"]*)"', html),
        "embeds": re.findall(r'data-player="([^"]*)"', html),
        "captions": [  # an embed's or a gallery's: its words
            " ".join(text.html_to_text(c).split())
            for c in re.findall(r"<figcaption>(.*?)</figcaption>", html, re.S)
        ],
        "formatting": _Formatting.count(html),
    }


def test_every_imported_body_comes_back_from_the_editor_with_all_it_holds(
    page: Page, imported: tuple[str, Services]
) -> None:
    url, services = imported
    with services.reads() as session:
        found = [a.body_source for a in session.scalars(select(Article))]
        found += [p.body_source for p in session.scalars(select(SitePage))]
        first = session.scalars(select(Article.id).order_by(Article.id)).first()
    sources = [b for b in found if b.strip()]
    assert len(sources) > 60 and any("image:" in b for b in sources)
    assert any('class="gallery"' in b for b in sources) and any(
        'class="embed"' in b for b in sources
    )
    page.goto(f"{url}/admin/articles/{first}")
    back = page.evaluate("bodies => bodies.map(b => ThePostEditor.roundTrip(b, 'html'))", sources)
    for source, again in zip(sources, back, strict=True):
        before, after = _shape(source), _shape(again)
        for part in before:
            assert after[part] == before[part], (part, _where(before[part], after[part]))


def test_an_imported_story_edited_visually_is_stored_as_html(
    page: Page, imported: tuple[str, Services]
) -> None:
    url, services = imported
    with services.reads() as session:
        article = session.scalars(
            select(Article).where(Article.body_source.contains("<sup>")).order_by(Article.id)
        ).first()
        assert article is not None
        article_id, before = article.id, article.body_source
    page.goto(f"{url}/admin/articles/{article_id}")
    body = page.get_by_role("textbox", name="Body")
    expect(body.locator("sup").first).to_be_visible()
    expect(page.get_by_role("button", name="HTML")).to_be_visible()  # the source is HTML
    body.locator("p").first.click()
    page.keyboard.press("Home")
    page.keyboard.type("Updated: ")
    page.get_by_role("button", name=re.compile("^(Update|Save draft)$")).click()
    expect(page.get_by_role("status").first).to_contain_text("Saved")
    with services.reads() as session:
        stored = session.get(Article, article_id)
        assert stored is not None and stored.body_format == "html"
        assert "Updated: " in stored.body_source and "<sup>" in stored.body_source
        assert _shape(stored.body_source)["links"] == _shape(before)["links"]
