"""What readers get of a live blog: the page (stored, kept by the page cache), its
JSON-LD, the shared update URL with its 304s, older entries a page at a time, and the
"Live" label on its cards."""

from __future__ import annotations

import json
import re

from live.conftest import post
from thepost.content import live
from thepost.web.site.live import BUCKET

PATH = "/news/offensive-on-aleppo"
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def _ld(html: str) -> dict:
    found = [json.loads(raw) for raw in JSON_LD.findall(html)]
    return next(o for o in found if o.get("@type") in ("NewsArticle", "LiveBlogPosting"))


def _moment(services) -> int:
    return int(services.clock().timestamp()) // BUCKET


def test_the_page_shows_entries_key_events_and_the_live_label(
    services, client, staff, blog
) -> None:
    first = post(services, blog, staff.author, "Shelling began at dawn.", headline="Dawn")
    second = post(services, blog, staff.author, "A *ceasefire* is proposed.")
    with services.writes.begin() as session:
        live.mark_entry(session, services.bus, first, actor=staff.author,
                        now=services.clock(), key_event=True)  # fmt: skip
    html = client.get(PATH).text
    assert html.index(f'id="entry-{second}"') < html.index(f'id="entry-{first}"')
    assert "<em>ceasefire</em>" in html
    assert f'<a href="#entry-{first}"><time' in html  # the key events box
    assert 'class="label live-label">Live</span>' in html
    assert f'href="{PATH}?entry={first}#entry-{first}"' in html  # each entry's own link
    assert "live.js" in html and "Refresh for the latest" in html
    assert 'class="label live-label">Live</span>' in client.get("/").text  # its card
    assert 'class="label live-label">Live</span>' in client.get("/news").text


def test_json_ld_says_live_blog_posting(services, client, staff, blog) -> None:
    started = services.clock()
    ids = [
        post(services, blog, staff.author, f"Update {n}.", headline=f"Update {n}") for n in range(3)
    ]
    data = _ld(client.get(PATH).text)
    assert data["@type"] == "LiveBlogPosting"
    assert data["coverageStartTime"] == started.replace(microsecond=0).isoformat()
    assert "coverageEndTime" not in data
    updates = data["liveBlogUpdate"]
    assert [u["headline"] for u in updates] == ["Update 2", "Update 1", "Update 0"]
    assert all(u["@type"] == "BlogPosting" and u["articleBody"] and u["datePublished"]
               for u in updates)  # fmt: skip
    assert updates[0]["url"].endswith(f"{PATH}#entry-{ids[2]}")
    with services.writes.begin() as session:
        live.end(session, services.bus, blog.id, actor=staff.author, now=services.clock())
    ended = _ld(client.get(PATH).text)
    assert ended["coverageEndTime"] == services.clock().replace(microsecond=0).isoformat()
    assert 'class="label live-label"' not in client.get(PATH).text


def test_the_update_url_is_shared_cached_and_answers_304(services, client, staff, blog) -> None:
    url = f"/liveblog/{blog.id}/updates?t={_moment(services)}"
    first = client.get(url)
    assert first.status_code == 200 and first.json()["changes"] == []
    assert "public" in first.headers["cache-control"]
    etag = first.headers["etag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    # The next moment's URL answers the same while nothing changed: still a 304.
    services.clock.advance(seconds=BUCKET)
    later = f"/liveblog/{blog.id}/updates?t={_moment(services)}"
    assert client.get(later, headers={"If-None-Match": etag}).status_code == 304
    # An entry posted: the cached answers are dropped and the next poll has it.
    entry = post(services, blog, staff.author, "Sirens across the city.")
    fresh = client.get(later, headers={"If-None-Match": etag})
    assert fresh.status_code == 200
    change = fresh.json()["changes"][0]
    assert change["id"] == entry and change["status"] == "posted"
    assert f'id="entry-{entry}"' in change["html"] and "Sirens" in change["html"]
    # Other parameters do not make another render; a moment far from now is refused.
    assert client.get(later + "&utm_source=x").headers["etag"] == fresh.headers["etag"]
    for bad in ("abc", "-1", str(_moment(services) + 5), str(_moment(services) - 10_000), "9" * 40):
        answer = client.get(f"/liveblog/{blog.id}/updates?t={bad}")
        assert answer.status_code == 400, bad
        assert "error" in answer.json()
    assert client.get("/liveblog/999999/updates").status_code == 404


def test_a_story_that_is_not_live_has_no_update_url(services, client, staff) -> None:
    import factories as f

    with services.writes.begin() as session:
        plain = f.article(services, session, title="Council meets")
    assert client.get(f"/liveblog/{plain.id}/updates").status_code == 404
    assert client.get(f"/liveblog/{plain.id}/older?after=1").status_code == 404


def test_a_long_blog_is_read_a_page_at_a_time(services, client, staff, blog) -> None:
    ids = [
        post(services, blog, staff.author, f"Entry number {n}.") for n in range(live.PAGE * 2 + 5)
    ]
    html = client.get(PATH).text
    assert html.count('<li class="live-entry') == live.PAGE
    assert f'id="entry-{ids[-1]}"' in html and f'id="entry-{ids[-live.PAGE - 1]}"' not in html
    older = re.search(r'<p class="live-more"><a href="([^"]+)"', html).group(1)
    assert older == f"/liveblog/{blog.id}/older?after={ids[-live.PAGE]}"
    page2 = client.get(older.replace("&amp;", "&"))
    assert page2.status_code == 200 and page2.text.count('<li class="live-entry') == live.PAGE
    third = re.search(r'<p class="live-more"><a href="([^"]+)"', page2.text).group(1)
    page3 = client.get(third)
    assert page3.text.count('<li class="live-entry') == 5 and "live-more" not in page3.text
    assert f'id="entry-{ids[0]}"' in page3.text
    assert client.get(f"/liveblog/{blog.id}/older?after=abc").status_code == 404
    assert client.get(f"/liveblog/{blog.id}/older?after=99999999").status_code == 404


def test_an_entry_link_gives_the_entry_its_own_social_card(services, client, staff, blog) -> None:
    entry = post(services, blog, staff.author, "Sirens are heard across the old city tonight.",
                 headline="Sirens in the old city")  # fmt: skip
    html = client.get(f"{PATH}?entry={entry}").text
    assert (
        '<meta property="og:title" content="Sirens in the old city: Offensive on Aleppo">' in html
    )
    assert "Sirens are heard across the old city tonight." in html.split("og:description")[1][:200]
    assert f'<meta property="og:url" content="http://127.0.0.1:8000{PATH}?entry={entry}">' in html
    assert f'<link rel="canonical" href="http://127.0.0.1:8000{PATH}">' in html
    plain = client.get(PATH).text  # the page itself keeps the blog's card
    assert '<meta property="og:title" content="Offensive on Aleppo">' in plain
    for junk in ("abc", "999999", ""):
        assert (
            '<meta property="og:title" content="Offensive on Aleppo">'
            in client.get(f"{PATH}?entry={junk}").text
        )


def test_the_blogs_feed_carries_its_entries_as_they_are_posted(
    services, client, staff, blog
) -> None:
    import feedparser

    html = client.get(PATH).text
    assert f'href="http://127.0.0.1:8000/liveblog/{blog.id}/feed/rss"' in html or (
        f'href="/liveblog/{blog.id}/feed/rss"' in html
    )
    first = post(services, blog, staff.author, "Shelling began at dawn.", headline="Dawn")
    second = post(services, blog, staff.author, "A ceasefire is proposed.")
    for kind in ("rss", "atom", "json"):
        answer = client.get(f"/liveblog/{blog.id}/feed/{kind}")
        assert answer.status_code == 200, kind
    parsed = feedparser.parse(client.get(f"/liveblog/{blog.id}/feed/atom").content)
    assert [e.link.rsplit("#", 1)[1] for e in parsed.entries] == [
        f"entry-{second}",
        f"entry-{first}",
    ]
    assert parsed.entries[1].title == "Dawn"
    assert client.get("/liveblog/999999/feed/rss").status_code == 404
    assert client.get(f"/liveblog/{blog.id}/feed/nope").status_code == 404


def test_the_json_ld_is_schema_org_as_defined(services, client, staff, blog) -> None:
    import schema_org

    first = post(services, blog, staff.author, "Shelling began at dawn.", headline="Dawn")
    with services.writes.begin() as session:
        live.mark_entry(session, services.bus, first, actor=staff.author,
                        now=services.clock(), pinned=True)  # fmt: skip
    post(services, blog, staff.editor, "A ceasefire is proposed.")
    running = _ld(client.get(PATH).text)
    assert schema_org.problems(running) == []
    with services.writes.begin() as session:
        live.end(session, services.bus, blog.id, actor=staff.author, now=services.clock())
    ended = _ld(client.get(PATH).text)
    assert schema_org.problems(ended) == []
    # The check itself: what schema.org does not define is found.
    assert schema_org.problems({**ended, "liveBlogUpdates": []}) == [
        "$.liveBlogUpdates: not a schema.org property"
    ]
    wrong = {**ended, "coverageStartTime": 5, "@type": "NewsArticle"}
    assert {p.split(":")[0] for p in schema_org.problems(wrong)} >= {
        "$.coverageStartTime",
        "$.coverageEndTime",
        "$.liveBlogUpdate",
    }


def test_search_finds_a_blog_by_its_entries(services, client, staff, blog) -> None:
    entry = post(services, blog, staff.author, "Floodwater reached the cathedral steps.")

    def hits() -> list[int]:
        found = client.get("/api/v1/search?q=cathedral").json()
        return [hit["article"]["id"] for hit in found["results"]]

    assert hits() == [blog.id]
    assert 'href="/news/offensive-on-aleppo"' in client.get("/search?q=cathedral").text
    with services.writes.begin() as session:
        live.delete_entry(session, services.bus, entry, actor=staff.author, now=services.clock())
    assert hits() == []
