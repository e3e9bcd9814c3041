"""Stories for members, on SQLite and PostgreSQL: anonymous readers get the headline,
standfirst, picture and first paragraphs, then the wall; what lies behind it reaches no
anonymous response (page, feeds, APIs, search, sitemaps: every URL a crawl from the
home page finds, and the machine-readable ones besides); a member reads it all on a page
of their own that no cache keeps, while the anonymous page stays cached and shared."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, quote_plus, urlsplit

import pytest
from starlette.testclient import TestClient

import factories as f
from api.conftest import make_token
from members.conftest import sign_in
from thepost.accounts import tokens
from thepost.content import access, actions, live
from thepost.content.models import Article
from thepost.content.text import html_to_text
from thepost.errors import ValidationError
from thepost.permissions import SYSTEM
from thepost.web import newsletter_mail
from thepost.web.site.account import MEMBER_COOKIE
from web.test_privacy import Crawl

OPEN = ["Kingfisher opening words.", "A second open paragraph about the harbour."]
GATED = [f"Zebrafinch gated paragraph {n} with Secretmarker{n}." for n in range(4)]
BODY = "\n\n".join([OPEN[0], "## A heading", OPEN[1], *GATED])


def gated_in(content: bytes) -> list[str]:
    text = content.lower()
    return [m for m in ("zebrafinch", "secretmarker") if m.encode() in text]


def unechoed(path: str, content: bytes) -> bytes:
    """A search page's body without the words it was asked for (it shows them back)."""
    query = parse_qs(urlsplit(path).query).get("q", [""])[0]
    return content.lower().replace(query.lower().encode(), b"") if query else content


@pytest.fixture
def story(services) -> Article:
    with services.writes.begin() as session:
        news = f.section(session, "News")
        picture = f.image(services, session, caption="The harbour at dawn")
        made = f.article(
            services, session, title="The harbour deal, in full", section=news, body=BODY,
            access="members", preview_paragraphs=2, featured_image_id=picture.id,
            tags=["Harbour"], standfirst="What the council agreed, and what it costs.",
        )  # fmt: skip
        f.article(services, session, title="An open story", section=news)
        session.expunge(made)
        return made


def test_the_body_splits_after_its_first_paragraphs() -> None:
    html = "<p>a</p>\n<figure><img src=x></figure>\n<h2>H</h2>\n<p>b</p>\n<ul><li><p>c</p></li></ul>\n<p>d</p>"
    public, gated = access.split(html, 2)
    assert public.startswith("<p>a</p>") and public.rstrip().endswith("<p>b</p>")
    assert gated == "<ul><li><p>c</p></li></ul>\n<p>d</p>"
    assert access.split(html, 0) == ("", html)
    assert access.split("<p>only one</p>", 3) == ("", "<p>only one</p>")  # something stays behind
    assert access.split(html, 9)[1] == "<p>d</p>"


def test_the_text_every_surface_reads_is_the_public_part(services) -> None:
    """The plain text made from a members' story (search, newsletters, the Ghost API, its
    excerpt) is its public part's; only its word count and keywords count the rest."""
    with services.writes.begin() as session:
        made = f.article(
            services, session, title="Walled", body=BODY, access="members",
            preview_paragraphs=2, standfirst="",
        )  # fmt: skip
    public = f"{OPEN[0]} A heading {OPEN[1]}"
    with services.reads() as session:
        saved = session.get(Article, made.id)
        assert saved.body_text == public and saved.excerpt == public
        assert saved.word_count == len(html_to_text(access.whole(saved)).split())
        (lead,) = newsletter_mail.stories(
            session, services, [made.id], now=services.clock(), whole=True
        )
        assert lead.paragraphs == (OPEN[0], "A heading", OPEN[1])


def test_anonymous_readers_get_the_wall_members_the_story(client, services, smtp, story) -> None:
    path = f"/news/{story.slug}"
    first, again = client.get(path), client.get(path)
    assert first.status_code == again.status_code == 200
    assert (first.headers["x-cache"], again.headers["x-cache"]) == ("miss", "hit")
    assert "public" in first.headers["cache-control"]
    page = first.text
    for shown in (
        *OPEN,
        "The harbour deal, in full",
        "What the council agreed",
        "The harbour at dawn",
    ):
        assert shown in page, shown
    assert "This story is for members" in page and 'action="/account/sign-in"' in page
    assert f'name="next" value="{path}"' in page
    assert gated_in(first.content) == []
    (ld,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)[:1]
    data = json.loads(ld)
    article = next(d for d in data.get("@graph", [data]) if d.get("@type") == "NewsArticle")
    assert article["isAccessibleForFree"] is False
    assert article["hasPart"] == {
        "@type": "WebPageElement", "isAccessibleForFree": False, "cssSelector": ".members-only",
    }  # fmt: skip
    assert 'class="members-only member-wall"' in page

    kept = len(client.app.page_cache.store)
    sign_in(client, services, smtp, "reader@example.org")
    mine = client.get(path)
    assert mine.status_code == 200 and "x-cache" not in mine.headers
    assert mine.headers["cache-control"] == "private, no-store"
    assert all(text in mine.text for text in (*OPEN, *GATED))
    assert 'class="members-only"' in mine.text and "This story is for members" not in mine.text
    # The member's comment form asks for neither name nor address.
    assert 'name="email"' not in mine.text and "Commenting as" in mine.text
    assert len(client.app.page_cache.store) == kept  # nothing of theirs was kept
    # The anonymous page is still the cached one, for everyone else.
    anonymous = TestClient(client.app, follow_redirects=False)
    shared = anonymous.get(path)
    assert shared.headers["x-cache"] == "hit" and gated_in(shared.content) == []


def test_nothing_behind_the_wall_reaches_an_anonymous_response(
    client, services, story, staff
) -> None:
    key = make_token(services, staff.admin, kind=tokens.CONTENT)
    searches = ["zebrafinch", "secretmarker0", "kingfisher", "harbour"]
    roots = [
        "/", "/latest", "/news", "/tag/harbour", "/sitemap.xml", "/sitemap-news.xml",
        "/feed/rss", "/feed/atom", "/feed/json", "/news/feed/rss", "/tag/harbour/feed/atom",
        "/api/v1/articles", "/api/v1/articles?fields=body_html,body_source,excerpt",
        f"/api/v1/articles/{story.id}", f"/api/v1/articles/slug/{story.slug}",
        f"/api/v1/articles/{story.id}?fields=body_html,body_source",
        "/wp-json/wp/v2/posts", f"/wp-json/wp/v2/posts/{story.id}",
        f"/ghost/api/content/posts/?key={key}&formats=html,plaintext",
        f"/ghost/api/content/posts/slug/{story.slug}/?key={key}&formats=html,plaintext",
        *(f"/search?q={quote_plus(q)}" for q in searches),
        *(f"/search/suggest?q={quote_plus(q)}" for q in searches),
    ]  # fmt: skip
    crawl = Crawl()
    crawl.run(client, roots)
    visited = crawl.responses
    assert crawl.complete
    leaks = {p: found for p, r in visited.items() if (found := gated_in(unechoed(p, r.content)))}
    assert leaks == {}
    # The crawl did reach the story everywhere it should, public part and all.
    for path in (f"/api/v1/articles/{story.id}", "/feed/rss", f"/news/{story.slug}"):
        assert visited[path].status_code == 200 and b"Kingfisher" in visited[path].content, path
    api = visited[f"/api/v1/articles/{story.id}?fields=body_html,body_source"].json()["article"]
    assert api["body_source"] == "" and "Kingfisher" in api["body_html"]
    assert visited[f"/api/v1/articles/{story.id}"].json()["article"]["access"] == "members"
    assert b"The harbour deal" in visited["/search?q=kingfisher"].content
    assert b"Latest stories" in visited["/search?q=zebrafinch"].content  # no hit: the fallback
    assert b"for members" in visited["/feed/rss"].content


def test_the_newsroom_api_writes_and_reads_the_whole_story(client, services, staff) -> None:
    token = {"Authorization": "Bearer " + make_token(services, staff.editor, "articles:write")}
    made = client.post(
        "/api/v1/admin/articles",
        json={"title": "Members' API story", "body": BODY, "access": "members",
              "preview_paragraphs": 1},
        headers=token,
    )  # fmt: skip
    assert made.status_code == 201, made.text
    data = made.json()["article"]
    assert data["access"] == "members" and data["body_source"] == BODY
    assert all(text in data["body_html"] for text in (*OPEN, *GATED))
    bad = client.post(
        "/api/v1/admin/articles", json={"title": "x", "access": "everyone"}, headers=token
    )
    assert bad.status_code == 422 or bad.status_code == 400


def test_a_story_for_members_is_not_a_live_blog(services, story) -> None:
    with services.writes.begin() as session, pytest.raises(ValidationError):
        live.start(session, services.bus, story.id, actor=SYSTEM, now=services.clock())
    with services.writes.begin() as session:
        blog = f.article(services, session, title="Live: the vote")
        live.start(session, services.bus, blog.id, actor=SYSTEM, now=services.clock())
        data = actions.ArticleInput(title=blog.title, body="Hello.\n\nMore.", access="members")
        with pytest.raises(ValidationError) as raised:
            actions.save_article(
                session, services.bus, services.media_urls, data, actor=SYSTEM,
                now=services.clock(), article_id=blog.id,
            )  # fmt: skip
        assert "access" in raised.value.errors


def test_a_forged_member_cookie_gets_the_cached_page(client, services, story) -> None:
    path = f"/news/{story.slug}"
    client.get(path)
    forged = TestClient(client.app, follow_redirects=False)
    forged.cookies.set(MEMBER_COOKIE, "not.signed.by.us")
    answer = forged.get(path)
    assert answer.headers["x-cache"] == "hit" and gated_in(answer.content) == []


def test_switching_a_story_to_members_and_back(client, services, smtp) -> None:
    with services.writes.begin() as session:
        made = f.article(
            services, session, title="Open first", section=f.section(session, "News"), body=BODY
        )
        path = f"/news/{made.slug}"
    assert b"Secretmarker3" in client.get(path).content
    with services.writes.begin() as session:
        article = session.get(Article, made.id)
        data = actions.ArticleInput(
            title=article.title,
            body=BODY,
            access="members",
            preview_paragraphs=2,
            section_id=article.section_id,
        )
        actions.save_article(session, services.bus, services.media_urls, data, actor=SYSTEM,
                             now=services.clock(), article_id=made.id)  # fmt: skip
    shown = client.get(path)
    assert gated_in(shown.content) == [] and b"Kingfisher" in shown.content
    with services.writes.begin() as session:
        article = session.get(Article, made.id)
        data = actions.ArticleInput(title=article.title, body=BODY, section_id=article.section_id)
        actions.save_article(session, services.bus, services.media_urls, data, actor=SYSTEM,
                             now=services.clock(), article_id=made.id)  # fmt: skip
    assert b"Secretmarker3" in client.get(path).content
