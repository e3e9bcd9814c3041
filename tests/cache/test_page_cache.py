"""The page cache in-process, on SQLite and PostgreSQL: what is kept, what never is, and
that every write readers see shows at once."""

from __future__ import annotations

import gzip
import re
from datetime import timedelta

import brotli
import pytest
from starlette.testclient import TestClient

import factories as f
from cache.steps import rewrite
from statements import recorded
from thepost.cache import generation
from thepost.cache.store import Store
from thepost.comments import actions as comment_actions
from thepost.content import actions, media, taxonomy
from thepost.content.models import Article
from thepost.permissions import SYSTEM

PATH = "/news/the-bridge-reopens"
ORIGIN = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}


def queries_for(services, request) -> tuple[int, object]:
    """How many SQL statements answering ``request()`` ran, and its response."""
    with recorded(services.engine) as seen:
        response = request()
    return len(seen), response


def page_store(app) -> Store:
    return app.page_cache.store


def test_a_page_is_rendered_once_then_served_from_memory(client, services, story) -> None:
    first_queries, first = queries_for(services, lambda: client.get(PATH))
    again_queries, again = queries_for(services, lambda: client.get(PATH))
    assert first.status_code == again.status_code == 200
    assert first_queries > 0 and again_queries == 0
    assert again.content == first.content
    assert again.headers["etag"] == first.headers["etag"]
    assert (first.headers["x-cache"], again.headers["x-cache"]) == ("miss", "hit")
    assert len(page_store(client.app)) == 1
    control = again.headers["cache-control"]
    for part in ("public", "max-age=", "s-maxage=", "stale-while-revalidate="):
        assert part in control
    head = client.head(PATH)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == first.headers["content-length"]


def test_precompressed_variants_chosen_by_accept_encoding(client, story) -> None:
    plain = client.get(PATH, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert plain.headers["vary"] == "Accept-Encoding"
    zipped = client.get(PATH, headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.content == plain.content  # the client decodes it
    br = client.get(PATH, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert br.headers["content-encoding"] == "br"
    assert br.content == plain.content
    refused = client.get(PATH, headers={"Accept-Encoding": "br;q=0, gzip"})
    assert refused.headers["content-encoding"] == "gzip"
    etags = {plain.headers["etag"], zipped.headers["etag"], br.headers["etag"]}
    assert len(etags) == 3  # strong validators differ per encoding
    assert int(br.headers["content-length"]) < int(plain.headers["content-length"]) / 2


def test_the_stored_bytes_decode_to_the_page(services, story) -> None:
    from thepost.cache.store import build

    entry = build([(b"content-type", b"text/html; charset=utf-8")], b"<p>x</p>" * 200, 60)
    body = entry.variants["identity"].body
    assert gzip.decompress(entry.variants["gzip"].body) == body
    assert brotli.decompress(entry.variants["br"].body) == body


def test_if_none_match_answers_304(client, story) -> None:
    page = client.get(PATH, headers={"Accept-Encoding": "gzip"})
    etag = page.headers["etag"]
    for sent in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        again = client.get(PATH, headers={"Accept-Encoding": "gzip", "If-None-Match": sent})
        assert again.status_code == 304, sent
        assert again.content == b""
        assert again.headers["etag"] == etag
        assert "public" in again.headers["cache-control"]
    other = client.get(PATH, headers={"Accept-Encoding": "gzip", "If-None-Match": '"stale"'})
    assert other.status_code == 200


def test_query_strings_are_normalised(client, services, story) -> None:
    client.get("/news?page=1&utm_source=mail")
    count, page = queries_for(services, lambda: client.get("/news?utm_campaign=x&page=1"))
    assert count == 0 and page.status_code == 200
    count, _ = queries_for(services, lambda: client.get("/news?page=1&x=2"))
    assert count == 0  # the section page does not read x: the same page


@pytest.mark.parametrize(
    "request_kind",
    ["newsroom cookie", "poster cookie", "error page", "newsroom page", "own comments", "post"],
)
def test_never_cached(client, services, story, request_kind) -> None:
    def ask():
        if request_kind == "newsroom cookie":
            return client.get(PATH, headers={"Cookie": "a=1; thepost_session=xyz"})
        if request_kind == "poster cookie":
            mine = services.keys.sign("thepost_mine", [1])
            return client.get(PATH, headers={"Cookie": f"thepost_mine={mine}"})
        if request_kind == "error page":
            return client.get("/news/no-such-story")
        if request_kind == "newsroom page":
            return client.get("/admin/login")
        if request_kind == "own comments":
            return client.get(f"/comments/mine?article={story.id}")
        return client.post(PATH + "/comments", data={}, headers=ORIGIN)

    ask()
    response = ask()
    assert len(page_store(client.app)) == 0
    if request_kind == "newsroom page":
        assert response.headers["cache-control"] == "private, no-store"


def test_a_response_that_sets_a_cookie_is_not_kept(client, services, story) -> None:
    client.get("/admin/login")  # sets the login seed cookie; /admin is never cached anyway
    from thepost.web.pagecache import _keepable

    start = {"status": 200, "headers": [(b"cache-control", b"public"), (b"set-cookie", b"a=b")]}
    assert not _keepable(start)
    assert _keepable({"status": 200, "headers": [(b"cache-control", b"public, max-age=60")]})
    assert not _keepable({"status": 200, "headers": [(b"cache-control", b"private")]})
    assert not _keepable({"status": 404, "headers": [(b"cache-control", b"public")]})
    assert not _keepable({"status": 200, "headers": []})  # views opt in


def test_every_reader_visible_write_shows_at_once(client, services, story) -> None:
    assert "Ferry fares rise" in client.get("/").text
    with services.writes.begin() as session:
        f.article(services, session, title="Harbour gets new cranes", section=None)
    assert "Harbour gets new cranes" in client.get("/").text  # publish

    rewrite(services, story, "Traffic flows again at dawn.")
    assert "Traffic flows again at dawn." in client.get(PATH).text  # edit

    with services.writes.begin() as session:
        held = f.comment(
            services, session, story, body="Held for a moderator.", status=f.CommentStatus.PENDING
        )
    assert "Held for a moderator." not in client.get(PATH).text
    with services.writes.begin() as session:
        comment_actions.approve(session, services.bus, held.id, actor=SYSTEM)
    assert "Held for a moderator." in client.get(PATH).text  # approve

    with services.writes.begin() as session:
        actions.update_site_settings(session, services.bus, actor=SYSTEM, name="The Harbour Post")
    assert "The Harbour Post" in client.get(PATH).text  # settings

    with services.writes.begin() as session:
        taxonomy.update_section(
            session,
            services.bus,
            story.section_id,
            actor=SYSTEM,
            name="Harbour News",
            parent_id=None,
        )
    assert "Harbour News" in client.get("/").text  # a renamed section, in the menu
    assert "Harbour News" in client.get(PATH).text  # and on its stories

    with services.writes.begin() as session:  # set behind the cache's back: no event
        picture = f.image(services, session)
        story_row = session.get(Article, story.id)
        assert story_row is not None
        story_row.featured_image_id, story_row.featured_alt = picture.id, ""
    assert "A test picture" not in client.get(PATH).text  # the kept page
    with services.writes.begin() as session:
        media.describe_image(
            session,
            services.bus,
            picture.id,
            actor=SYSTEM,
            alt="Cranes over the quay",
            caption="",
            credit="",
        )
    assert "Cranes over the quay" in client.get(PATH).text  # a picture's words

    with services.writes.begin() as session:
        actions.unpublish_article(
            session, services.bus, story.id, actor=SYSTEM, now=services.clock()
        )
    assert client.get(PATH).status_code == 404  # unpublish


def test_a_scheduled_story_appears_on_cached_pages_when_due(client, services, clock, story) -> None:
    with services.writes.begin() as session:
        f.article(
            services,
            session,
            title="Embargoed until noon",
            section=None,
            published=clock.now + timedelta(hours=2),
        )
    assert "Embargoed until noon" not in client.get("/").text
    count, _ = queries_for(services, lambda: client.get("/"))
    assert count == 0  # kept meanwhile
    clock.advance(hours=2, seconds=1)
    assert "Embargoed until noon" in client.get("/").text  # no write happened


def test_comments_held_for_moderation_do_not_empty_the_cache(services, story) -> None:
    with services.writes.begin() as session:
        before = generation.current(session)
        comment_actions.post_comment(
            session,
            services.bus,
            services.keys,
            services.limiter,
            comment_actions.Submission(
                article_id=story.id,
                name="Spammer",
                email="s@example.org",
                url="",
                body="Buy now http://a.example http://b.example",
                seconds_to_write=30.0,
            ),
            now=services.clock(),
        )
    with services.writes.begin() as session:
        assert generation.current(session) == before


def test_two_readers_one_comments_the_other_sees_nothing_of_it(client, services, clock, story):
    """The poster's pending comment reaches them alone; the shared page is byte-identical
    for everyone, cached or not."""
    app = client.app
    with TestClient(app) as poster, TestClient(app) as other:
        shared = other.get(PATH).content
        html = poster.get(PATH).text
        assert poster.get(PATH).content == shared
        stamp = re.search(r'name="stamp" value="([^"]+)"', html).group(1)
        clock.advance(seconds=30)
        sent = poster.post(
            PATH + "/comments",
            data={
                "author": "Ann Poster",
                "email": "ann@example.org",
                "url": "",
                "comment": "My words, pending for me alone.",
                "stamp": stamp,
                "website_hp": "",
                "parent_id": "",
                "remember": "1",
            },
            headers=ORIGIN,
            follow_redirects=False,
        )
        assert sent.status_code == 303
        assert "thepost_mine" in poster.cookies
        mine = poster.get(f"/comments/mine?article={story.id}").json()["comments"]
        assert "pending for me alone" in mine[0]["html"]

        seen = other.get(PATH)
        assert seen.content == shared
        for text in ("Ann Poster", "ann@example.org", "pending for me alone"):
            assert text not in seen.text
            assert text not in str(seen.headers)
        assert other.get(f"/comments/mine?article={story.id}").json() == {"comments": []}
        assert TestClient(app).get(PATH).content == shared
        # The poster's own page request skips the cache, and is still the shared page
        # (rendered 30 s later: only the form's render stamp differs).
        assert unstamped(poster.get(PATH).content) == unstamped(shared)


def unstamped(html: bytes) -> bytes:
    return re.sub(rb'name="stamp" value="[^"]+"', b"", html)


def test_the_memo_reloads_when_pages_change(services) -> None:
    loads = []

    def load():
        loads.append(1)
        return len(loads)

    assert services.memo.get("x", load) == services.memo.get("x", load) == 1
    with services.writes.begin() as session:
        actions.update_site_settings(session, services.bus, actor=SYSTEM, name="Renamed")
    assert services.memo.get("x", load) == 2


def test_kept_pages_are_served_while_the_database_cannot_be_read(client, services, story):
    assert client.get(PATH).status_code == 200  # kept
    invalidator = services.pages
    reachable = invalidator._state

    def unreachable():
        raise ConnectionError("the database restarts")

    invalidator._state = unreachable
    try:
        invalidator.refresh()
        count, again = queries_for(services, lambda: client.get(PATH))
        assert again.status_code == 200 and count == 0  # from memory, as it was
        assert client.get("/news").status_code == 200  # rendered, but not kept
        assert len(page_store(client.app)) == 1
    finally:
        invalidator._state = reachable
    invalidator.refresh()  # the database answers again: a change may have been missed
    count, _ = queries_for(services, lambda: client.get(PATH))
    assert count > 0
