"""No commenter's email address ever reaches a public response.

Content is seeded with comments in every status (approved, pending, spam, a nested
reply, one with a website) whose email addresses are unique canaries, plus newsroom
accounts (behind author bylines) with canary addresses, and one more comment is posted
through the real HTTP form (with "remember me" and "notify me"). Then every URL
reachable from ``/`` is crawled in-process: links in ``href``/``src``/``srcset``
attributes and GET forms of HTML pages, ``url(...)`` in stylesheets, redirects,
pagination, section, tag, author and article pages, ``/latest``, a few searches,
``/comments/mine`` for every article with and without the poster's cookies, and the
bodies of static and media files. No body or header may contain a canary in any
spelling we can think of: as typed, lower-cased, percent-encoded, as HTML/JSON
escapes, its local part alone, or a Gravatar-style hash of it.

Feeds, an API and sitemaps are not special-cased: when they exist and are linked from a
page (``<link rel="alternate">``, a footer link, ...), the same crawl fetches and checks
them. An unlinked endpoint must be added to ``EXTRA_PATHS`` below.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote, quote_plus, urljoin, urlsplit, urlunsplit

import pytest
from sqlalchemy import select
from starlette.datastructures import Headers
from starlette.testclient import TestClient

import factories as f
from thepost.accounts.actions import create_user
from thepost.comments.models import Comment, CommentStatus
from thepost.content.models import Article
from thepost.permissions import SYSTEM
from thepost.web.site.comments import MINE_COOKIE, REMEMBER_COOKIE

Response = Any  # the test client's response (httpx2.Response)

MAX_URLS = 500
MIN_PAGES = 40  # the seeded site has more than this many distinct URLs
SITE_HOSTS = {"", "testserver", "127.0.0.1:8000"}  # the test client and settings.base_url
EXTRA_PATHS = ["/", "/latest", "/search"]  # roots; feeds/APIs not linked from a page go here
SEARCHES = ["budget", "canary", "example.invalid", "reader", "council housing", "@"]


def canary(kind: str) -> str:
    """A unique address in mixed case, so lower-casing on the way out is caught too."""
    return f"Canary-{kind}-{uuid.uuid4().hex[:16].upper()}@Example.Invalid"


@dataclass
class Seeded:
    emails: list[str] = field(default_factory=list)
    hidden_texts: list[str] = field(default_factory=list)  # pending/spam bodies and names
    public_texts: list[str] = field(default_factory=list)  # approved bodies
    article_ids: list[int] = field(default_factory=list)
    reply_target: tuple[str, int] = ("", 0)  # (article path, approved comment id)


def _marker(kind: str) -> str:
    return f"Marker{kind}{uuid.uuid4().hex[:10]}"


def seed(services) -> Seeded:
    out = Seeded()
    with services.writes.begin() as session:
        politics = f.section(session, "Politics", description="Power and policy.")
        sport = f.section(session, "Sport")
        culture = f.section(session, "Culture")
        # Newsroom accounts behind the bylines: their addresses are private too.
        staff_email = canary("staff")
        staff = create_user(
            session, actor=SYSTEM, email=staff_email, password="a long passphrase 1"
        )
        out.emails.append(staff_email)
        jane = f.author(session, "Jane Smith", bio="Covers the council.", user_id=staff.id)
        omar = f.author(session, "Omar Haddad")
        picture = f.image(services, session, caption="The chamber", credit="Photo: A. Lens")

        lead = f.article(
            services,
            session,
            title="Council passes the housing budget",
            section=politics,
            authors=[jane, omar],
            tags=["Budget", "City Council"],
            featured_image_id=picture.id,
            body="The vote was close.\n\n## What next\n\nMore on housing.",
        )
        articles = [lead]
        # Enough stories for list pages to paginate (page size 12).
        for n in range(15):
            articles.append(
                f.article(
                    services,
                    session,
                    title=f"Budget follow-up {n}",
                    section=culture if n < 2 else politics,
                    tags=["Budget", "Housing"] if n % 3 else ["Budget"],
                    authors=[jane] if n % 2 else [omar],
                )
            )
        articles.append(f.article(services, session, title="Derby ends level", section=sport))
        out.article_ids = [a.id for a in articles]

        def add(target, status, *, parent=None, url="", public):
            email, body, name = canary(status.value), _marker("Body"), f"Name {_marker('N')}"
            out.emails.append(email)
            made = f.comment(
                services,
                session,
                target,
                parent=parent,
                status=status,
                email=email,
                body=f"My view: {body}.",
                name=name,
                url=url,
            )
            if public:
                out.public_texts.append(body)
            else:
                out.hidden_texts += [body, name]
            return made

        for target in articles[:6]:
            top = add(target, CommentStatus.APPROVED, public=True)
            reply = add(target, CommentStatus.APPROVED, parent=top, public=True)
            add(target, CommentStatus.APPROVED, parent=reply, public=True)  # nested deeper
            add(target, CommentStatus.APPROVED, url="https://reader.example.org/", public=True)
            add(target, CommentStatus.PENDING, public=False)
            add(target, CommentStatus.PENDING, parent=top, public=False)
            add(target, CommentStatus.SPAM, public=False)
            add(target, CommentStatus.TRASH, public=False)
        out.reply_target = (f"/politics/{lead.slug}", lead_top_id(session, lead))
    return out


def lead_top_id(session, article: Article) -> int:
    return session.scalars(
        select(Comment.id)
        .where(Comment.article_id == article.id, Comment.parent_id.is_(None))
        .where(Comment.status == CommentStatus.APPROVED)
        .order_by(Comment.id)
    ).first()


def needles(email: str) -> list[bytes]:
    """Every spelling of an address that would count as publishing it."""
    low = email.lower()
    local = low.partition("@")[0]
    forms = {
        low,
        local,
        local.rpartition("-")[2],  # the random part alone
        quote(low, safe=""),
        quote_plus(low),
        quote(quote(low, safe=""), safe=""),
        low.replace("@", "&#64;"),
        low.replace("@", "&#x40;"),
        low.replace("@", "\\u0040"),
        low.replace("@", " at "),
        low.replace("@", "[at]"),
        hashlib.md5(low.encode()).hexdigest(),  # Gravatar
        hashlib.sha256(low.encode()).hexdigest(),  # Gravatar (new) / Libravatar
    }
    return [form.encode() for form in forms]


class Links(HTMLParser):
    """Same-document URLs a browser would fetch or a reader could follow."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name in ("href", "src", "poster", "data-src"):
            if values.get(name):
                self.urls.append(values[name])
        for name in ("srcset", "imagesrcset"):
            for candidate in values.get(name, "").split(","):
                if candidate.strip():
                    self.urls.append(candidate.split()[0])
        if tag == "form" and values.get("method", "get").lower() == "get":
            self.urls.append(values.get("action") or "")


def _links(response: Response) -> Iterable[str]:
    kind = response.headers.get("content-type", "")
    if "html" in kind:
        parser = Links()
        parser.feed(response.text)
        return parser.urls
    if "css" in kind:
        return re.findall(r"url\(\s*['\"]?([^'\")]+)", response.text)
    return []


def _same_site(base: str, link: str) -> str | None:
    absolute = urljoin(base, link.strip())
    parts = urlsplit(absolute)
    if parts.scheme not in ("http", "https") or parts.netloc not in SITE_HOSTS | {
        urlsplit(base).netloc
    }:
        return None
    return urlunsplit(("", "", parts.path or "/", parts.query, ""))


@dataclass
class Crawl:
    responses: dict[str, Response] = field(default_factory=dict)
    complete: bool = False  # every URL found was fetched (the bound was not reached)

    def run(self, client: TestClient, roots: Iterable[str]) -> None:
        queue = deque(roots)
        seen = set(queue)
        while queue and len(self.responses) < MAX_URLS:
            path = queue.popleft()
            response = client.get(path)
            self.responses[path] = response
            assert response.status_code < 500, (path, response.status_code)
            found = list(_links(response))
            if response.is_redirect:
                found.append(response.headers["location"])
            for link in found:
                target = _same_site(f"http://testserver{path}", link)
                if target is not None and target not in seen:
                    seen.add(target)
                    queue.append(target)
        self.complete = not queue


def _leaks(response: Response, emails: list[str]) -> list[str]:
    headers = "\n".join(f"{k}: {v}" for k, v in response.headers.items())
    haystack = (headers.encode() + b"\n" + response.content).lower()
    return [email for email in emails if any(n in haystack for n in needles(email))]


@pytest.fixture
def seeded(services) -> Seeded:
    return seed(services)


def test_no_commenter_email_is_published_anywhere(client, services, seeded) -> None:
    # One more comment through the real form: a reply, with a website, "remember me"
    # (a cookie holding the address) and "notify me of replies".
    path, parent_id = seeded.reply_target
    page = client.get(path)
    assert page.status_code == 200
    stamp = re.search(r'name="stamp" value="([^"]+)"', page.text)
    assert stamp is not None
    posted_email, posted_body = canary("posted"), _marker("Posted")
    response = client.post(
        f"{path}/comments",
        data={
            "author": "Form Poster",
            "email": posted_email,
            "url": "https://poster.example.org/",
            "comment": f"Posted through the form: {posted_body}",
            "parent_id": str(parent_id),
            "stamp": stamp.group(1),
            "notify": "1",
            "remember": "1",
            "website_hp": "",
        },
    )
    assert response.status_code == 303, response.text
    assert client.cookies.get(MINE_COOKIE) and client.cookies.get(REMEMBER_COOKIE)
    with services.writes() as session:
        posted = session.scalars(select(Comment).where(Comment.author_email == posted_email)).one()
        assert (posted.status, posted.notify_replies) == (CommentStatus.PENDING, True)
    emails = [*seeded.emails, posted_email]

    # Crawl as the poster: their cookies (address included) are sent with every request,
    # so nothing may be personalised from them into a (cacheable) page.
    crawl = Crawl()
    roots = EXTRA_PATHS + [f"/search?q={quote_plus(q)}" for q in SEARCHES]
    crawl.run(client, roots)

    # The reader's own pending comments, for every article, with and without cookies.
    anonymous = TestClient(client.app, follow_redirects=False)
    own: list[Response] = []
    for article_id in seeded.article_ids:
        mine = f"/comments/mine?article={article_id}"
        with_cookie, without = client.get(mine), anonymous.get(mine)
        assert with_cookie.status_code == without.status_code == 200
        assert without.json() == {"comments": []}
        crawl.responses[f"{mine} (poster)"] = with_cookie
        crawl.responses[f"{mine} (anonymous)"] = without
        own += [with_cookie] if with_cookie.json()["comments"] else []
    crawl.responses["/ (anonymous)"] = anonymous.get("/")

    # The crawl really covered the site, so "no leak" is not vacuous.
    visited = crawl.responses
    ok = [p for p, r in visited.items() if r.status_code == 200]
    assert len(ok) >= MIN_PAGES, sorted(visited)
    assert crawl.complete, f"more than {MAX_URLS} URLs: raise the bound or shrink the site"
    kinds = (
        "/latest?page=2",
        "/tag/",
        "/author/",
        "/politics?page=2",
        "/sport",
        "/static/",
        "/media/",
        "/search?q=budget",
        "/tag/budget?page=2",
        "?replytocom=",
    )
    for kind in kinds:
        assert any(kind in p for p in ok), f"the crawl never reached {kind}"
    for article_id in seeded.article_ids:
        assert any(f"article={article_id} (poster)" in p for p in visited)
    every_body = b"\n".join(r.content for r in visited.values())
    for text in seeded.public_texts:  # approved comments, nested replies included, are shown
        assert text.encode() in every_body, text
    # The poster sees their own pending reply (and only through /comments/mine).
    assert len(own) == 1 and posted_body in own[0].text and "Form Poster" in own[0].text

    # The actual check: no address, in any spelling, in any body or header.
    leaks = {p: found for p, r in visited.items() if (found := _leaks(r, emails))}
    assert leaks == {}

    # Nor do pending, spam or binned comments show (the poster's own, to the poster, aside).
    for p, r in visited.items():
        for text in [*seeded.hidden_texts, *([] if r in own else [posted_body])]:
            assert text.encode() not in r.content, (p, text)


@dataclass
class Fake:
    content: bytes = b""
    headers: Headers = field(default_factory=Headers)


def test_the_needles_find_what_they_should() -> None:
    """The detector itself: each published spelling of a canary is caught."""
    email = canary("self")
    low = email.lower()
    for published in (
        email,
        low,
        quote(email),
        quote_plus(low),
        low.replace("@", "&#64;"),
        low.partition("@")[0],
        hashlib.md5(low.encode()).hexdigest(),
    ):
        assert _leaks(Fake(f"<p>{published}</p>".encode()), [email]) == [email], published
    assert _leaks(Fake(headers=Headers({"X-Who": low})), [email]) == [email]
    assert _leaks(Fake(b"<p>nothing here</p>"), [email]) == []
