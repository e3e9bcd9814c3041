"""Comments in a real browser: hostile text stays text, a reply waits for moderation
where only its writer sees it, "save my details" fills the next form, and a rejected
form comes back with its error beside the field and everything typed kept.

The tests need the server's ``services`` (to store comments and approve them in
process), which the session-wide ``site_url`` fixture keeps to itself, so this module
runs its own live server the same way: a fresh data directory, migrated, with
``demo.load(services, articles=8)``, served by uvicorn in a thread. Its moderation
policy is the default one except for flood control (``flood_seconds=0``): every post
here comes from 127.0.0.1 within seconds of the last.
"""

from __future__ import annotations

import http.server
import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from browser.conftest import DESKTOP, ROOT, demo_services, serve
from thepost.comments import actions
from thepost.comments import policy as policies
from thepost.comments.models import Comment, CommentStatus
from thepost.content.models import Article
from thepost.errors import ValidationError
from thepost.events import CommentApproved
from thepost.permissions import SYSTEM
from thepost.services import Services
from thepost.web import urls

pytestmark = pytest.mark.browser

XSS_DIR = ROOT.parent / "shared" / "fixtures" / "xss"
PER_ARTICLE = 100  # payloads per article page
AWAITING = "Your comment is awaiting moderation."
TIME_TRAP = 4.2  # seconds between loading a form and sending it (the policy wants 3)

# Defines the recorder and replaces every function a payload would call to prove it ran.
RECORDER = """
window.__xss = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = function () {
    window.__xss.push(name + "(" + Array.from(arguments).map(String).join(", ") + ")");
  };
}
"""

# Everything in the page that could run code or fetch something, and what the comment
# thread is built from.
AUDIT = """() => {
  const bad = [];
  const urlAttrs = ["href", "src", "action", "formaction", "data", "xlink:href", "poster",
                    "background", "srcset", "ping"];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on") || name === "srcdoc") bad.push(el.localName + " " + name);
      if (urlAttrs.includes(name)) {
        const value = attr.value.replace(/[\\u0000-\\u0020]/g, "").toLowerCase();
        if (/^(javascript|vbscript|data):/.test(value) && !(el.localName === "img" && name === "src"))
          bad.push(el.localName + " " + name + "=" + attr.value.slice(0, 80));
      }
    }
  }
  const thread = document.getElementById("comment-thread");
  return {
    bad,
    threadTags: [...new Set([...thread.querySelectorAll("*")].map(e => e.localName))].sort(),
    // JSON-LD blocks and the page's words for its scripts are data the browser never
    // runs, and their length varies with the article and the language: counted, not
    // measured. Every other script is identified by source or length.
    scripts: [...document.scripts].map(s => s.type === "application/ld+json" ? "ld+json"
                                        : s.type === "application/json" ? "json#" + s.id
                                        : s.getAttribute("src") || "inline:" + s.text.length),
    frames: window.frames.length,
  };
}"""

# The thread is made of these (see _comments.html, _comment.html and the identicon SVG),
# plus what comments.text.render writes: paragraphs, line breaks and links.
THREAD_TAGS = {
    "ol",
    "li",
    "article",
    "header",
    "svg",
    "rect",
    "g",
    "span",
    "a",
    "time",
    "div",
    "p",
    "br",
}

# What one comment shows, by id: the author's name, the link on it, and the body's text.
SHOWN = """(ids) => Object.fromEntries(ids.map(id => {
  const li = document.getElementById("comment-" + id);
  if (!li) return [id, null];
  const card = li.querySelector(":scope > article.comment-card");
  const link = card.querySelector(".comment-author a");
  return [id, {
    name: card.querySelector(".comment-author").textContent,
    href: link ? link.getAttribute("href") : null,
    body: card.querySelector(".comment-body").textContent,
    pending: !!card.querySelector(".awaiting"),
  }];
}))"""


# -- the server ----------------------------------------------------------------------------


@dataclass
class Site:
    url: str
    services: Services
    articles: list[str]  # live articles' paths, newest first
    ids: dict[str, int]  # path -> article id
    with_comments: list[str]  # the demo articles that have approved comments


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    services = demo_services(tmp_path_factory.mktemp("comments-site"), 8)
    with services.writes.begin() as session:
        policies.save(session, policies.ModerationPolicy(flood_seconds=0))
    now = services.clock()
    with services.reads() as session:
        live = session.scalars(
            select(Article)
            .options(joinedload(Article.section))
            .where(Article.status == "published", Article.published_at <= now)
            .where(Article.comments_open, Article.live_status == "")  # stories (no live.js)
            .where(Article.language == "")  # in the site's own language (English words)
            .order_by(Article.published_at.desc())
        ).all()
        paths = [urls.article(a) for a in live]
        ids = {urls.article(a): a.id for a in live}
        counted = dict(
            session.execute(
                select(Comment.article_id, func.count())
                .where(Comment.status == CommentStatus.APPROVED.value)
                .group_by(Comment.article_id)
            ).all()
        )
    with_comments = [p for p in paths if counted.get(ids[p])]
    assert len(paths) >= 8 and len(with_comments) >= 2, (paths, counted)
    with serve(services) as url:
        yield Site(url, services, paths, ids, with_comments)


def _clean_articles(site: Site) -> list[str]:
    """Articles with no demo comments, for the tests that only need a form."""
    return [p for p in site.articles if p not in site.with_comments]


# -- a canary: a server no page may ever reach -------------------------------------------


@dataclass
class Canary:
    origin: str
    hits: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def canary() -> Iterator[Canary]:
    found = Canary("")

    class Handler(http.server.BaseHTTPRequestHandler):
        def _hit(self) -> None:
            found.hits.append(f"{self.command} {self.path}")
            self.send_response(204)
            self.end_headers()

        do_GET = do_POST = do_HEAD = _hit

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    found.origin = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield found
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# -- browser helpers -----------------------------------------------------------------------


@dataclass
class Watched:
    page: Page
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


@pytest.fixture
def contexts(browser: Browser) -> Iterator[list[BrowserContext]]:
    """Contexts a test opens; all closed at its end."""
    made: list[BrowserContext] = []
    yield made
    for context in made:
        context.close()


def _open(contexts: list[BrowserContext], browser: Browser, **options: object) -> Watched:
    context = browser.new_context(**{**DESKTOP, **options})  # type: ignore[arg-type]
    contexts.append(context)
    context.add_init_script(RECORDER)
    watched = Watched(context.new_page())

    def on_dialog(dialog):  # type: ignore[no-untyped-def]
        watched.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    watched.page.on("dialog", on_dialog)
    watched.page.on("request", lambda request: watched.requests.append(request.url))
    return watched


def _stamp(page: Page) -> str:
    return page.locator('.comment-form input[name="stamp"]').get_attribute("value") or ""


def _wait_out_time_trap(loaded_at: float) -> None:
    left = TIME_TRAP - (time.monotonic() - loaded_at)
    if left > 0:
        time.sleep(left)


def _comment(site: Site, comment_id: int) -> Comment:
    with site.services.reads() as session:
        comment = session.get(Comment, comment_id)
        assert comment is not None, f"comment {comment_id} was not stored"
        session.expunge(comment)
        return comment


def _approve(site: Site, *ids: int) -> None:
    with site.services.writes() as session:
        for comment_id in ids:
            actions.approve(session, site.services.bus, comment_id, actor=SYSTEM)
        session.commit()


def _comment_id(url: str) -> int:
    match = re.search(r"#comment-(\d+)$", url)
    assert match, f"not redirected to a comment: {url}"
    return int(match.group(1))


# -- 1. hostile text stays text ------------------------------------------------------------


def _payloads() -> list[str]:
    files = sorted(p for p in XSS_DIR.glob("*.txt") if not p.name.startswith("LICENSE"))
    assert files, f"no payload files in {XSS_DIR}"
    lines = (line.strip() for p in files for line in p.read_text("utf-8").splitlines())
    return list(dict.fromkeys(line for line in lines if line))


def _canary_payloads(origin: str) -> list[str]:
    host = origin.removeprefix("http:")
    return [
        f'<img src="{origin}/img.png" onerror="alert(1)">',
        f'<script src="{origin}/script.js"></script>',
        f'<iframe src="{origin}/frame"></iframe>',
        f'<link rel="stylesheet" href="{origin}/style.css">',
        f"<style>@import '{origin}/import.css';</style>",
        f'<svg><image href="{origin}/svg.png"/></svg>',
        f'"><img src={host}/attribute.png>',
        f'<video><source src="{origin}/video.mp4" onerror="alert(1)"></video>',
        f'<meta http-equiv="refresh" content="0;url={origin}/refresh">',
        f'<object data="{origin}/object"></object>',
        f'<form action="{origin}/form"><button autofocus formaction="{origin}/go">x</button></form>',
        f"{origin}/a-link-is-not-a-request",
    ]


def _candidate_url(payload: str) -> str:
    try:
        parts = urlsplit(payload)
        if parts.scheme.lower() in ("http", "https") and parts.netloc:
            return payload
    except ValueError:
        pass
    return "https://example.org/?q=" + payload


def _store(
    site: Site, session: Session, article_id: int, payload: str, email: str, url: str
) -> Comment:
    return actions.add_comment(
        session,
        site.services.keys,
        article_id=article_id,
        name=payload[:245],
        email=email,
        body=payload,
        url=url,
        status=CommentStatus.APPROVED,
        now=site.services.clock(),
    )


@dataclass
class Stored:
    by_article: dict[str, list[int]]  # article path -> comment ids
    expected: dict[int, dict[str, object]]  # comment id -> what the page must show


@pytest.fixture(scope="module")
def stored_payloads(site: Site, canary: Canary) -> Stored:
    """Every payload stored as an approved comment by ``add_comment``, ~100 per article."""
    payloads = _payloads() + _canary_payloads(canary.origin)
    assert len(payloads) > 450, len(payloads)
    targets = _clean_articles(site)
    chunks = -(-len(payloads) // PER_ARTICLE)
    targets = targets[: max(1, min(len(targets), chunks))]
    size = -(-len(payloads) // len(targets))
    result = Stored({p: [] for p in targets}, {})
    with site.services.writes.begin() as session, site.services.bus.batch(session):
        for i, payload in enumerate(payloads):
            path = targets[i // size]
            article_id, email = site.ids[path], f"x{i}@example.org"
            try:
                comment = _store(site, session, article_id, payload, email, _candidate_url(payload))
            except ValidationError as exc:  # the payload made the website invalid
                assert set(exc.errors) == {"author_url"}, (payload, exc.errors)
                comment = _store(site, session, article_id, payload, email, "")
            session.flush()
            # Shown at once, as an import shows approved comments (its pages re-rendered).
            site.services.bus.emit(session, CommentApproved(comment.id, article_id))
            result.by_article[path].append(comment.id)
            result.expected[comment.id] = {
                "name": payload[:245].strip(),
                "href": comment.author_url or None,
                "body": payload,
                "pending": False,
            }
    with_url = sum(1 for e in result.expected.values() if e["href"])
    assert with_url > 20, "too few payloads ended up in the author's link"
    return result


def _check_clean(watched: Watched, site: Site, what: str) -> dict[str, Any]:
    page = watched.page
    audit = page.evaluate(AUDIT)
    assert page.evaluate("window.__xss") == [], f"{what}: a payload ran"
    assert watched.dialogs == [], f"{what}: a payload opened a dialog"
    assert audit["bad"] == [], f"{what}: live markup from a payload"
    assert set(audit["threadTags"]) <= THREAD_TAGS, f"{what}: {audit['threadTags']}"
    assert audit["frames"] == 0, f"{what}: a frame appeared"
    elsewhere = [
        u
        for u in watched.requests
        if not u.startswith(site.url + "/") and not u.startswith(("data:", "about:", "blob:"))
    ]
    assert elsewhere == [], f"{what}: requests left the site"
    return audit


def test_xss_payloads_stay_text(
    browser: Browser,
    contexts: list[BrowserContext],
    site: Site,
    canary: Canary,
    stored_payloads: Stored,
) -> None:
    # The page's own scripts, from a page without a single payload on it.
    baseline = _open(contexts, browser)
    baseline.page.goto(site.url + site.with_comments[0])
    expected_scripts = sorted(baseline.page.evaluate(AUDIT)["scripts"])
    assert any("comments.js" in s for s in expected_scripts), expected_scripts

    # A handful through the real form, posted with the page's stamp and the site's Origin
    # from one reader's context, so that reader's pending view (HTML the page script
    # inserts) is checked too before they are approved.
    poster = _open(contexts, browser)
    http_path = site.with_comments[1]
    poster.page.goto(site.url + http_path)
    stamp = _stamp(poster.page)
    samples = [
        "<script>alert(1)</script>",
        '"><svg onload=alert(1)//',
        "<img src=x onerror=alert('XSS');>",
        "javascript:alert(1)//INJECTX",
        f'</textarea><script src="{canary.origin}/posted.js"></script>',
        "https://example.org/?q=<b>x</b>\"'onmouseover=alert(1)",
    ]
    http_ids: dict[int, str] = {}
    for i, payload in enumerate(samples):
        form: dict[str, str | float | bool] = {
            "author": payload[:245],
            "email": f"h{i}@example.org",
            "comment": payload,
            "url": _candidate_url(payload),
            "parent_id": "",
            "stamp": stamp,
            "website_hp": "",
        }
        post = site.url + http_path + "/comments"
        headers = {"Origin": site.url}
        answer = poster.page.request.post(post, form=form, headers=headers, max_redirects=0)
        if answer.status == 400:  # the payload made the website invalid: without it
            assert "The website must be an address" in answer.text()
            form["url"] = ""
            answer = poster.page.request.post(post, form=form, headers=headers, max_redirects=0)
        assert answer.status == 303, (payload, answer.status, answer.text()[:500])
        http_ids[_comment_id(answer.headers["location"])] = payload
    stored = {i: _comment(site, i) for i in http_ids}
    for comment_id, comment in stored.items():
        assert comment.body == http_ids[comment_id]
        assert comment.author_name == http_ids[comment_id][:245].strip()
    # Held: sent within a second of the page, from addresses never seen before.
    assert {c.status for c in stored.values()} == {CommentStatus.PENDING}
    pending = list(stored)

    poster.page.reload()
    for comment_id in pending:
        expect(poster.page.locator(f"#comment-{comment_id}")).to_contain_text(AWAITING)
    _check_clean(poster, site, f"{http_path} (the poster's pending view)")
    shown = poster.page.evaluate(SHOWN, pending)
    for comment_id in pending:
        assert shown[str(comment_id)] == {
            "name": stored[comment_id].author_name,
            "href": stored[comment_id].author_url or None,
            "body": stored[comment_id].body,
            "pending": True,
        }
    _approve(site, *http_ids)

    # Every affected page, as a fresh reader sees it.
    pages = dict(stored_payloads.by_article)
    pages[http_path] = list(http_ids)
    expected = dict(stored_payloads.expected)
    for comment_id, comment in stored.items():
        expected[comment_id] = {
            "name": comment.author_name,
            "href": comment.author_url or None,
            "body": comment.body,
            "pending": False,
        }
    reader = _open(contexts, browser)
    for path, ids in pages.items():
        reader.requests.clear()
        reader.page.goto(site.url + path, wait_until="networkidle")
        audit = _check_clean(reader, site, path)
        assert sorted(audit["scripts"]) == expected_scripts, path
        shown = reader.page.evaluate(SHOWN, ids)
        wrong = {i: (shown[str(i)], expected[i]) for i in ids if shown[str(i)] != expected[i]}
        assert not wrong, f"{path}: {len(wrong)} comments not shown as written: {wrong}"

    # A few, checked the way a reader would see them: literally, on screen.
    reader.page.goto(site.url + http_path)
    for comment_id, payload in list(http_ids.items())[:3]:
        body = reader.page.locator(f"#comment-{comment_id} .comment-body")
        expect(body).to_have_text(payload)
        expect(body).to_be_visible()
    assert "<script>alert(1)</script>" in reader.page.evaluate("document.body.textContent")
    assert canary.hits == [], "a page reached the canary server"


# -- 2. a reply waits for moderation ---------------------------------------------------


def test_reply_is_held_then_approved(
    browser: Browser, contexts: list[BrowserContext], site: Site, screenshots: Path
) -> None:
    path = site.with_comments[0]
    writer = _open(contexts, browser)
    page = writer.page
    page.goto(site.url + path)
    loaded_at = time.monotonic()
    heading = page.locator("#comments-heading").text_content()

    parent_li = page.locator("#comment-thread > li.comment").first
    parent_id = int((parent_li.get_attribute("id") or "").removeprefix("comment-"))
    parent_name = _comment(site, parent_id).author_name
    parent_li.locator(":scope > article .reply-link").click()
    # comments.js moved the form under the comment and pointed it at it.
    expect(parent_li.locator(":scope > #respond")).to_be_visible()
    expect(page.locator("#parent_id")).to_have_value(str(parent_id))
    expect(page.locator("#reply-title")).to_contain_text(f"Reply to {parent_name}")
    expect(page.locator("#comment")).to_be_focused()

    words = "I was at that meeting too.\n\nThe numbers in the third paragraph are right."
    page.fill("#comment", words)
    page.fill("#author", "Rosa Delgado")
    page.fill("#email", "rosa.delgado@example.org")
    _wait_out_time_trap(loaded_at)
    page.get_by_role("button", name="Post Comment").click()
    page.wait_for_url(re.compile(r"#comment-\d+$"))
    reply_id = _comment_id(page.url)
    # The confirmation says it arrived (with or without a script), and leads back to the
    # article, where the page script shows it in place to this reader alone.
    expect(page.get_by_role("status")).to_contain_text("awaiting moderation")
    expect(page.locator(f"#comment-{reply_id} .awaiting")).to_be_visible()
    page.screenshot(path=str(screenshots / "comment-received.png"))
    page.get_by_role("link", name="Back to the article").click()
    page.wait_for_url(re.compile(rf"#comment-{reply_id}$"))

    comment = _comment(site, reply_id)
    assert comment.status == CommentStatus.PENDING
    assert comment.parent_id == parent_id
    # Held for being new here only: the wait beat the time trap.
    assert comment.reasons == ["first comment from this address"]

    mine = page.locator(f"#comment-{parent_id} > ol.replies > li#comment-{reply_id}")
    expect(mine).to_be_visible()
    expect(mine).to_contain_text(AWAITING)
    expect(mine.locator(".comment-body p")).to_have_text(
        ["I was at that meeting too.", "The numbers in the third paragraph are right."]
    )
    expect(mine.locator(".comment-author")).to_have_text("Rosa Delgado")
    assert page.locator("#comments-heading").text_content() == heading  # not counted yet
    # The parent above, the reply held under it.
    mine.evaluate("el => el.scrollIntoView({block: 'center'})")
    page.screenshot(path=str(screenshots / "comment-pending.png"))

    # Another reader sees nothing of it.
    other = _open(contexts, browser)
    other.page.goto(site.url + path)
    expect(other.page.locator(f"#comment-{parent_id}")).to_be_visible()
    expect(other.page.locator(f"#comment-{reply_id}")).to_have_count(0)
    expect(other.page.get_by_text(AWAITING)).to_have_count(0)

    _approve(site, reply_id)
    assert _comment(site, reply_id).status == CommentStatus.APPROVED

    other.page.reload()
    theirs = other.page.locator(f"#comment-{parent_id} > ol.replies > li#comment-{reply_id}")
    expect(theirs).to_be_visible()
    expect(theirs).to_contain_text("The numbers in the third paragraph are right.")
    expect(theirs.locator(".awaiting")).to_have_count(0)
    expect(other.page.get_by_text(AWAITING)).to_have_count(0)
    assert other.page.locator("#comments-heading").text_content() != heading

    # The writer now gets the published reply, once, without the notice.
    page.reload()
    expect(page.locator(f"#comment-{reply_id}")).to_have_count(1)
    expect(page.locator(f"#comment-{reply_id} .awaiting")).to_have_count(0)
    for watched in (writer, other):
        assert watched.dialogs == [] and watched.page.evaluate("window.__xss") == []


# -- 3. "Save my name, email, and website" ------------------------------------------------


def _fields(page: Page) -> dict[str, object]:
    return {
        "author": page.input_value("#author"),
        "email": page.input_value("#email"),
        "url": page.input_value("#url"),
        "remember": page.is_checked("#remember"),
    }


def _post_from_page(page: Page, comment: str, loaded_at: float | None = None) -> int:
    page.fill("#comment", comment)
    if loaded_at is not None:
        _wait_out_time_trap(loaded_at)
    page.get_by_role("button", name="Post Comment").click()
    page.wait_for_url(re.compile(r"#comment-\d+$"))
    return _comment_id(page.url)


def _remembered(context: BrowserContext) -> dict[str, str] | None:
    """The saved details, read leniently (a quoted cookie value too): whether the page
    script can read them is what the form itself shows."""
    for cookie in context.cookies():
        if cookie["name"] == "thepost_commenter":
            return json.loads(unquote(cookie["value"].strip('"')))
    return None


@pytest.mark.parametrize(
    "website", ["", "https://example.org/zoe?a=1&b=2"], ids=["without-website", "with-website"]
)
def test_save_my_details(
    browser: Browser, contexts: list[BrowserContext], site: Site, website: str
) -> None:
    first, second, third = _clean_articles(site)[:3]
    reader = _open(contexts, browser)
    page = reader.page
    who = "zoe" if website else "zoe.nosite"
    details = {
        "author": 'Zoë O\'Brien-Ångström; "Zo"',
        "email": f"{who}@example.org",
        "url": website,
    }
    page.goto(site.url + first)
    assert _fields(page) == {"author": "", "email": "", "url": "", "remember": False}
    page.fill("#author", details["author"])
    page.fill("#email", details["email"])
    page.fill("#url", details["url"])
    page.check("#remember")
    first_id = _post_from_page(page, f"Saving my details for next time ({who}).")
    assert _comment(site, first_id).author_name == details["author"]
    assert _remembered(page.context) == details

    # The next article's form is filled in by comments.js from the cookie.
    page.goto(site.url + second)
    expect(page.locator("#author")).to_have_value(details["author"])
    assert _fields(page) == {**details, "remember": True}

    # Posting without the box ticked forgets them.
    page.uncheck("#remember")
    second_id = _post_from_page(page, f"Now forget me, please ({who}).")
    assert _comment(site, second_id).author_email == details["email"]
    assert _remembered(page.context) is None
    page.goto(site.url + third)
    page.wait_for_load_state("load")
    assert _fields(page) == {"author": "", "email": "", "url": "", "remember": False}
    assert reader.dialogs == []


# -- 4. a rejected form comes back whole ------------------------------------------------


def test_invalid_email_comes_back_with_everything_kept(
    browser: Browser, contexts: list[BrowserContext], site: Site
) -> None:
    path = site.with_comments[-1]
    reader = _open(contexts, browser, java_script_enabled=False)
    page = reader.page
    page.goto(site.url + path)
    with site.services.reads() as session:
        before = session.scalar(select(func.count()).select_from(Comment))

    # Without JavaScript, "Reply" reloads the page with the form pointed at the comment.
    parent_li = page.locator("#comment-thread > li.comment").first
    parent_id = int((parent_li.get_attribute("id") or "").removeprefix("comment-"))
    parent_li.locator(":scope > article .reply-link").click()
    page.wait_for_url(re.compile(rf"replytocom={parent_id}"))
    expect(page.locator("#parent_id")).to_have_value(str(parent_id))
    expect(page.locator("#reply-title")).to_contain_text(f"(replying to comment {parent_id})")

    typed = {
        "#comment": "Two paragraphs, kept as typed.\n\nWith <angle brackets> & an ampersand.",
        "#author": "Ana <Tester> & Co",
        "#email": "ana.tester.example.org",
        "#url": "https://example.org/ana",
    }
    for selector, value in typed.items():
        page.fill(selector, value)
    page.check("#notify")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Post Comment").click()
    response = navigation.value
    assert response is not None and response.status == 400
    assert response.headers.get("cache-control") == "no-store"

    expect(page.locator(".form-errors")).to_contain_text("Your comment was not posted")
    email_field = page.locator("p.field", has=page.locator("#email"))
    expect(email_field.locator(".field-error")).to_have_text("Please enter a valid email address.")
    expect(page.locator("#email")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#email")).to_have_attribute("aria-describedby", "email-error")
    expect(page.locator(".field-error")).to_have_count(1)  # only the email is wrong
    for selector, value in typed.items():
        expect(page.locator(selector)).to_have_value(value)
    expect(page.locator("#notify")).to_be_checked()
    expect(page.locator("#parent_id")).to_have_value(str(parent_id))
    expect(page.locator("#reply-title")).to_contain_text(f"(replying to comment {parent_id})")

    with site.services.reads() as session:
        assert session.scalar(select(func.count()).select_from(Comment)) == before
    assert reader.dialogs == []
