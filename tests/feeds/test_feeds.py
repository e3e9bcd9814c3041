"""Feeds for the site, sections, tags, authors and comments, in RSS, Atom and JSON Feed,
validated by each standard's rules, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from urllib.parse import quote
from xml.etree import ElementTree

import pytest
from sqlalchemy import select

import factories as f
from feeds import validate
from thepost.content import actions, taxonomy
from thepost.content.models import Section
from thepost.content.text import slugify
from thepost.errors import ValidationError
from thepost.permissions import SYSTEM
from thepost.web.site import syndication

KINDS = ("rss", "atom", "json")
TRICKY = "Tom & Jerry <script> 🎉 עברית ومرحبا"


def check(kind: str, body: bytes) -> None:
    """Every feed parses without bozo and passes its own standard's validator."""
    if kind == "json":
        validate.json_feed(body)
        return
    validate.parse(body)
    (validate.rss if kind == "rss" else validate.atom)(body)


@pytest.fixture
def site(services):
    with services.writes.begin() as session:
        politics = f.section(session, "Politics", description="Power & policy")
        f.section(session, "Empty")
        jane = f.author(session, "Jane Smith")
        picture = f.image(services, session)
        inline = f.image(services, session)
        lead = f.article(
            services,
            session,
            title=TRICKY,
            section=politics,
            authors=[jane],
            tags=["Budget"],
            featured_image_id=picture.id,
            body=f'Intro & more.\n\n![Hands](image:{inline.id} "Vote")\n\n[Home](/politics)',
        )
        older = f.article(
            services,
            session,
            title="An older story",
            section=politics,
            published=services.clock() - timedelta(days=2),
        )
        f.article(
            services,
            session,
            title="Not yet",
            section=politics,
            published=services.clock() + timedelta(hours=3),
        )
        f.article(services, session, title="A draft", section=politics, publish=False)
        f.comment(services, session, lead, name="Ana", body="Approved & <b>kept</b>")
        f.comment(
            services, session, lead, name="Hidden", body="Held", status=f.CommentStatus.PENDING
        )
    return {"lead": lead, "older": older}


FEEDS = ["/feed/{kind}", "/politics/feed/{kind}", "/tag/budget/feed/{kind}"]


@pytest.mark.parametrize("kind", KINDS)
def test_feeds_validate_and_show_only_live_articles(client, site, kind) -> None:
    for path in [*FEEDS, "/author/jane-smith/feed/{kind}"]:
        response = client.get(path.format(kind=kind))
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith(
            {
                "rss": "application/rss+xml",
                "atom": "application/atom+xml",
                "json": "application/feed+json",
            }[kind]
        )
        assert "public" in response.headers["cache-control"]
        check(kind, response.content)
        assert "Not yet" not in response.text and "A draft" not in response.text


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_titles_are_escaped_and_read_back_exactly(client, site, kind) -> None:
    body = client.get(f"/feed/{kind}").content
    parsed = validate.parse(body)
    titles = [e.title for e in parsed.entries]
    assert titles == [TRICKY, "An older story"]
    assert b"<script>" not in body  # escaped, never raw markup
    assert parsed.feed.title == "The Post"
    section = validate.parse(client.get(f"/politics/feed/{kind}").content)
    assert section.feed.title == "Politics | The Post"
    assert section.feed.link == "http://127.0.0.1:8000/politics"  # the page, not the feed
    assert "Power & policy" in (section.feed.get("subtitle") or section.feed.get("description"))


def test_json_feed_carries_the_same_items(client, site) -> None:
    document = validate.json_feed(client.get("/feed/json").content)
    items = document["items"]
    assert [i["title"] for i in items] == [TRICKY, "An older story"]
    lead = items[0]
    assert lead["url"].endswith("/politics/" + quote(site["lead"].slug))  # Hebrew and Arabic kept
    assert lead["authors"] == [
        {"name": "Jane Smith", "url": "http://127.0.0.1:8000/author/jane-smith"}
    ]
    assert lead["tags"] == ["Politics", "Budget"]
    assert lead["image"].startswith("http://127.0.0.1:8000/media/img/")


def test_full_text_or_excerpt_is_a_site_setting(client, services, site) -> None:
    entry = validate.parse(client.get("/feed/atom").content).entries[0]
    html = entry.content[0].value
    assert "Intro &amp; more." in html
    # Figures and internal links point at the site, not at the reader's feed host.
    assert 'href="http://127.0.0.1:8000/politics"' in html
    assert 'src="http://127.0.0.1:8000/media/img/' in html
    with services.writes.begin() as session:
        actions.update_site_settings(session, services.bus, actor=SYSTEM, feed_full_text=False)
    entry = validate.parse(client.get("/feed/atom").content).entries[0]
    assert "content" not in entry and entry.summary == "What happened, in one sentence."
    item = validate.json_feed(client.get("/feed/json").content)["items"][0]
    assert "content_html" not in item and item["content_text"] == "What happened, in one sentence."
    check("rss", client.get("/feed/rss").content)


def test_featured_image_is_an_enclosure_and_media_content(client, site) -> None:
    rss = validate.rss(client.get("/feed/rss").content)
    item = rss.find("channel/item")
    enclosure = item.find("enclosure")
    assert enclosure.get("type") == "image/jpeg" and enclosure.get("url").endswith("/640.jpg")
    media = item.find(".//{http://search.yahoo.com/mrss/}content")
    assert (media.get("width"), media.get("height")) == ("640", "360")
    atom = validate.parse(client.get("/feed/atom").content).entries[0]
    assert atom.media_content[0]["url"] == enclosure.get("url")
    assert (atom.media_content[0]["width"], atom.media_content[0]["height"]) == ("640", "360")


def test_ids_survive_edits_of_title_and_slug(client, services, site) -> None:
    before = validate.parse(client.get("/feed/atom").content).entries[0].id
    assert before.startswith("tag:127.0.0.1,2026-11-20:article:")
    lead = site["lead"]
    with services.writes.begin() as session:
        actions.save_article(
            session,
            services.bus,
            services.media_urls,
            actions.ArticleInput(
                title="A new headline", slug="new-slug", section_id=lead.section_id
            ),
            actor=SYSTEM,
            now=services.clock() + timedelta(hours=2),
            article_id=lead.id,
        )
    entry = validate.parse(client.get("/feed/atom").content).entries[0]
    assert entry.title == "A new headline" and entry.id == before
    rss = validate.rss(client.get("/feed/rss").content)
    guid = rss.find("channel/item/guid")
    assert guid.text == before and guid.get("isPermaLink") == "false"
    assert json.loads(client.get("/feed/json").content)["items"][0]["id"] == before


@pytest.mark.parametrize("kind", KINDS)
def test_an_empty_section_has_a_valid_feed(client, site, kind) -> None:
    response = client.get(f"/empty/feed/{kind}")
    assert response.status_code == 200
    check(kind, response.content)


def test_unknown_feeds_answer_404(client, site) -> None:
    for path in [
        "/nowhere/feed/rss",
        "/tag/nothing/feed/atom",
        "/author/nobody/feed/json",
        "/feed/xml",
        "/politics/feed/pdf",
        "/politics/no-such-story/comments/feed/rss",
        "/sport/" + site["lead"].slug + "/comments/feed/rss",  # wrong section
        "/tag/" + "x" * 300 + "/feed/rss",
        "/politics/not-yet/comments/feed/rss",  # scheduled, not live
    ]:
        assert client.get(path).status_code == 404, path


def test_etag_and_last_modified_answer_304(client, services, site) -> None:
    first = client.get("/feed/rss")
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert client.get("/feed/rss").content == first.content  # deterministic bytes
    head = client.head("/feed/rss")
    assert head.status_code == 200 and head.headers["etag"] == etag and head.content == b""
    assert client.get("/feed/rss", headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/feed/rss", headers={"If-None-Match": f'"x", W/{etag}'}).status_code == 304
    assert client.get("/feed/rss", headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get("/feed/rss", headers={"If-None-Match": '"other"'}).status_code == 200
    assert client.get("/feed/rss", headers={"If-Modified-Since": "junk"}).status_code == 200
    # A new story changes both validators.
    services.clock.advance(minutes=5)
    with services.writes.begin() as session:
        f.article(services, session, title="Fresh", published=services.clock())
    later = client.get("/feed/rss", headers={"If-None-Match": etag, "If-Modified-Since": modified})
    assert later.status_code == 200 and "Fresh" in later.text
    earlier = format_datetime(services.clock() - timedelta(days=1), usegmt=True)
    assert client.get("/feed/rss", headers={"If-Modified-Since": earlier}).status_code == 200


@pytest.mark.parametrize("kind", KINDS)
def test_comments_feed_has_approved_comments_only(client, site, kind) -> None:
    path = f"/politics/{site['lead'].slug}/comments/feed/{kind}"
    response = client.get(path)
    assert response.status_code == 200
    check(kind, response.content)
    assert "Ana" in response.text and "Hidden" not in response.text and "Held" not in response.text
    empty = client.get(f"/politics/{site['older'].slug}/comments/feed/{kind}")
    assert empty.status_code == 200
    check(kind, empty.content)


def test_feed_paths_never_clash_with_sections_or_articles(client, services, site) -> None:
    with services.writes.begin() as session, pytest.raises(ValidationError):
        taxonomy.add_section(session, services.bus, actor=SYSTEM, name="Feed")
    assert "." not in slugify("sitemap.xml")  # no section can be /sitemap*.xml or robots.txt
    with services.writes.begin() as session:
        politics = session.scalar(select(Section).where(Section.slug == "politics"))
        story = f.article(services, session, title="Feed", section=politics)
    assert story.slug == "feed"
    assert "<h1" in client.get("/politics/feed").text  # the article
    assert validate.rss(client.get("/politics/feed/rss").content) is not None  # the section
    comments = client.get("/politics/feed/comments/feed/rss")  # the article's comments
    assert comments.status_code == 200
    validate.rss(comments.content)


@pytest.mark.parametrize("kind", ["rss", "atom"])
@pytest.mark.parametrize("length", [40, 4_000])  # short and long texts take other paths
def test_a_body_with_cdata_ends_and_control_characters_reads_back(kind, length) -> None:
    """The body goes out as a CDATA section: a ``]]>`` inside it is split across two, and
    characters XML cannot carry are dropped, whatever the text's length or script."""
    filler = ("wörds " * length)[:length]
    for bad in ("\x01", "\x1f", "\ud800", "\uffff"):
        html = f"<p>{filler}</p><p title=']]>'>a]]>b &amp; ]]]]> {bad}end</p>"
        when = datetime(2026, 1, 2, tzinfo=UTC)
        item = syndication.Item("tag:x,2026-01-02:1", "https://x/a", "T", "S", html, when, when)
        channel = syndication.Channel(
            "Site", "", "https://x/", {k: f"https://x/feed/{k}" for k in KINDS},
            "en", "Site", [item], when,
        )  # fmt: skip
        body = syndication.render(channel, kind)
        check(kind, body)
        content = ElementTree.fromstring(body).find(
            "channel/item/{http://purl.org/rss/1.0/modules/content/}encoded"
            if kind == "rss"
            else "{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}content"
        )
        assert content.text == html.replace(bad, "")
