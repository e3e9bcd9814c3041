"""The Content API: what readers see, as JSON, through the site's own queries."""

from __future__ import annotations

import pytest

from api.conftest import Newsroom, bearer, make_token
from thepost.accounts import tokens
from thepost.content import actions
from thepost.permissions import SYSTEM
from thepost.web.api import schemas

V1 = "/api/v1"


def test_articles_list_live_ones_newest_first_in_the_documented_shape(client, newsroom: Newsroom):
    response = client.get(f"{V1}/articles")
    assert response.status_code == 200, response.text
    data = response.json()
    schemas.ArticleList.model_validate(data)
    titles = [a["title"] for a in data["articles"]]
    assert titles == [f"Story {n}" for n in range(1, 8)]
    first = data["articles"][0]
    assert "body_html" not in first and "body_source" not in first
    assert first["status"] == "published"
    assert first["url"].endswith("/news/story-1")
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["cache-control"].startswith("public")


def test_a_limit_above_the_maximum_is_refused_with_the_maximum(client, newsroom):
    response = client.get(f"{V1}/articles?limit=101")
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["field"] == "limit" and "100" in error["message"]


def test_the_cursor_walks_the_list_and_holds_while_stories_are_published(
    client, services, newsroom: Newsroom
):
    first = client.get(f"{V1}/articles?limit=3").json()
    cursor = first["meta"]["pagination"]["next_cursor"]
    assert cursor
    with services.writes.begin() as session:  # a story goes out between two pages
        actions.publish_article(
            session, services.bus, newsroom.draft.id, actor=SYSTEM, now=services.clock()
        )
    second = client.get(f"{V1}/articles?limit=3&cursor={cursor}").json()
    assert [a["title"] for a in second["articles"]] == ["Story 4", "Story 5", "Story 6"]
    third = client.get(second["meta"]["pagination"]["next"]).json()
    assert [a["title"] for a in third["articles"]] == ["Story 7"]
    assert third["meta"]["pagination"]["next_cursor"] is None


def test_a_damaged_cursor_is_a_400(client, newsroom):
    for cursor in ("zzz", "eyJ4IjoxfQ", "WyJwdWJsaXNoZWRfYXQiLCJub3QgYSBkYXRlIiwxXQ"):
        response = client.get(f"{V1}/articles?cursor={cursor}")
        assert response.status_code == 400, cursor
        assert response.json()["errors"][0]["field"] == "cursor"


def test_pages_by_number_give_the_total(client, newsroom):
    data = client.get(f"{V1}/articles?limit=3&page=3").json()
    assert [a["title"] for a in data["articles"]] == ["Story 7"]
    assert data["meta"]["pagination"] | {} == {
        "limit": 3, "page": 3, "pages": 3, "total": 7, "next_cursor": None, "next": None,
    }  # fmt: skip


def test_filters(client, newsroom: Newsroom):
    def titles(query: str) -> list[str]:
        response = client.get(f"{V1}/articles?{query}")
        assert response.status_code == 200, response.text
        return [a["title"] for a in response.json()["articles"]]

    assert titles("section=sport") == ["Story 2", "Story 4", "Story 6"]
    assert titles("tag=aleppo") == ["Story 3", "Story 6"]
    assert titles(f"author={newsroom.reporter.slug}&limit=2") == ["Story 1", "Story 2"]
    assert titles("section=nowhere") == []
    before = newsroom.stories[2].published_at
    assert titles(f"published_before={before.isoformat().replace('+', '%2B')}&limit=1") == [
        "Story 4"
    ]


def test_fields_and_include(client, newsroom: Newsroom):
    data = client.get(
        f"{V1}/articles?limit=1&fields=id,title,body_html&include=authors,tags,section,featured_image"
    ).json()
    story = data["articles"][0]
    assert set(story) == {
        "id",
        "title",
        "body_html",
        "authors",
        "tags",
        "section",
        "featured_image",
    }
    assert story["authors"][0]["name"] == "Rana Haddad"
    assert story["tags"][0]["name"] == "Weather"
    assert story["section"]["slug"] == "news"
    assert "<p>A first paragraph.</p>" in story["body_html"]
    bad = client.get(f"{V1}/articles?fields=id,password")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "fields"
    bad = client.get(f"{V1}/articles?include=comments")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "include"


def test_one_article_by_id_and_slug(client, newsroom: Newsroom):
    story = newsroom.stories[0]
    by_id = client.get(f"{V1}/articles/{story.id}?include=authors")
    assert by_id.status_code == 200
    schemas.ArticleOne.model_validate(by_id.json())
    article = by_id.json()["article"]
    assert article["body_source"].startswith("A first paragraph.")
    assert article["body_format"] == "markdown"
    by_slug = client.get(f"{V1}/articles/slug/{story.slug}?include=authors")
    assert by_slug.json() == by_id.json()
    again = client.get(
        f"{V1}/articles/{story.id}?include=authors",
        headers={"If-None-Match": by_id.headers["etag"]},
    )
    assert again.status_code == 304


def test_what_readers_cannot_see_is_not_found_without_a_token(client, newsroom: Newsroom):
    for article in (newsroom.draft, newsroom.scheduled):
        assert client.get(f"{V1}/articles/{article.id}").status_code == 404
        assert client.get(f"{V1}/articles/slug/{article.slug}").status_code == 404
    assert client.get(f"{V1}/articles?status=draft").status_code == 403


def test_a_content_read_token_sees_drafts_as_its_role_allows(
    client, services, staff, newsroom: Newsroom
):
    editor = make_token(services, staff.editor, "content:read")
    response = client.get(f"{V1}/articles/{newsroom.draft.id}", headers=bearer(editor))
    assert response.status_code == 200
    assert response.headers["cache-control"] == "private, no-store"
    assert response.json()["article"]["status"] == "draft"
    listed = client.get(f"{V1}/articles?status=draft,scheduled", headers=bearer(editor)).json()
    assert {a["title"] for a in listed["articles"]} == {"A draft", "Tomorrow's story"}
    # A contributor's token reads only their own unpublished work.
    contributor = make_token(services, staff.contributor, "content:read")
    assert (
        client.get(f"{V1}/articles/{newsroom.draft.id}", headers=bearer(contributor)).status_code
        == 404
    )
    assert (
        client.get(f"{V1}/articles?status=draft", headers=bearer(contributor)).json()["articles"]
        == []
    )
    # A token that writes stories reads those it may write; others read what anyone reads.
    writer = make_token(services, staff.editor, "articles:write")
    assert (
        client.get(f"{V1}/articles/{newsroom.draft.id}", headers=bearer(writer)).status_code == 200
    )
    writer = make_token(services, staff.editor, "taxonomy:write")
    assert (
        client.get(f"{V1}/articles/{newsroom.draft.id}", headers=bearer(writer)).status_code == 404
    )


def test_keys_that_do_not_work_are_refused_not_ignored(client, services, staff, newsroom):
    for header in ("Bearer tp_" + "x" * 43, "Basic abc", "Bearer "):
        response = client.get(f"{V1}/articles", headers={"Authorization": header})
        assert response.status_code == 401, header
        assert "Bearer" in response.headers["www-authenticate"]
    secret = make_token(services, staff.editor, "content:read")
    with services.writes.begin() as session:
        token = next(t for t, _ in tokens.listed(session, actor=staff.editor))
        tokens.revoke(session, services.bus, token.id, actor=staff.editor, now=services.clock())
    assert client.get(f"{V1}/articles", headers=bearer(secret)).status_code == 401
    assert client.get(f"{V1}/articles?key=0123456789abcdef0123456789").status_code == 401


def test_a_site_can_require_a_content_key(client, services, staff, newsroom):
    with services.writes.begin() as session:
        actions.update_site_settings(session, services.bus, actor=SYSTEM, api_key_required=True)
    assert client.get(f"{V1}/articles").status_code == 401
    key = make_token(services, staff.admin, kind=tokens.CONTENT)
    assert len(key) == 26
    response = client.get(f"{V1}/articles?key={key}")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "private, no-store"
    assert client.get(f"{V1}/articles").status_code == 401  # not answered from a kept copy


def test_sections_tags_authors_pages_settings(client, newsroom: Newsroom):
    sections = client.get(f"{V1}/sections").json()
    schemas.SectionList.model_validate(sections)
    assert [s["slug"] for s in sections["sections"]] == ["news", "sport"]
    assert client.get(f"{V1}/sections/sport").json()["section"]["name"] == "Sport"
    tags = client.get(f"{V1}/tags").json()
    schemas.TagList.model_validate(tags)
    assert [t["name"] for t in tags["tags"]] == ["Aleppo", "Weather"]
    authors = client.get(f"{V1}/authors").json()
    schemas.AuthorList.model_validate(authors)
    assert (
        client.get(f"{V1}/authors/{newsroom.reporter.slug}").json()["author"]["job_title"]
        == "Correspondent"
    )
    schemas.PageList.model_validate(client.get(f"{V1}/pages").json())
    settings = client.get(f"{V1}/settings").json()
    schemas.SettingsOne.model_validate(settings)
    for path in ("sections/nowhere", "tags/nowhere", "authors/nowhere", "pages/999", "nothing"):
        response = client.get(f"{V1}/{path}")
        assert response.status_code == 404, path
        assert response.json()["errors"][0]["code"] == "not_found"


def test_comments_of_an_article(client, services, newsroom: Newsroom):
    import factories
    from thepost.comments.models import CommentStatus
    from thepost.content.models import Article

    with services.writes.begin() as session:
        story = session.get(Article, newsroom.stories[0].id)
        first = factories.comment(services, session, story, body="First!")
        factories.comment(services, session, story, parent=first, body="A reply")
        factories.comment(services, session, story, body="Held", status=CommentStatus.PENDING)
    data = client.get(f"{V1}/articles/{newsroom.stories[0].id}/comments").json()
    schemas.CommentList.model_validate(data)
    assert [c["body_html"] for c in data["comments"]] == ["<p>First!</p>", "<p>A reply</p>"]
    assert "email" not in str(data)
    assert client.get(f"{V1}/articles/{newsroom.draft.id}/comments").status_code == 404


def test_search(client, services, newsroom: Newsroom):
    response = client.get(f"{V1}/search?q=story&limit=2&include=section")
    assert response.status_code == 200, response.text
    data = response.json()
    schemas.SearchResults.model_validate(data)
    assert data["total"] == 7 and len(data["results"]) == 2
    assert data["results"][0]["article"]["section"]["slug"] in ("news", "sport")
    assert client.get(f"{V1}/search").status_code == 422
    assert client.get(f"{V1}/search?q=x&limit=51").status_code == 400


@pytest.mark.parametrize(
    "query",
    ["limit=abc", "limit=-1", "page=0", "published_after=yesterday", "order=random",
     "status=everything", "limit=" + "9" * 5000, "cursor=" + "A" * 300, "fields=" + "x," * 200],
)  # fmt: skip
def test_bad_query_strings_are_4xx(client, newsroom, query):
    response = client.get(f"{V1}/articles?{query}")
    assert 400 <= response.status_code < 500, (query, response.text)
    assert response.json()["errors"]


@pytest.mark.parametrize(
    "query", ["q=" + "x" * 500, "q=a&sort=best", "q=a&page=101", "q=a&limit=0"]
)
def test_bad_searches_are_4xx(client, newsroom, query):
    response = client.get(f"{V1}/search?{query}")
    assert 400 <= response.status_code < 500, (query, response.text)
    assert response.json()["errors"]


def test_answers_from_stored_representations_equal_those_made_afresh(
    client, services, staff, newsroom: Newsroom
):
    """Anyone's reads come from what is stored with each page; a token's are formatted
    from the article: the two agree, field for field."""
    from sqlalchemy import select

    from thepost.content.models import ArticlePage

    with services.reads() as session:
        assert all(session.scalars(select(ArticlePage.api)))
    token = bearer(make_token(services, staff.editor, "content:read"))
    story = newsroom.stories[2].id
    query = "include=authors,tags,section,featured_image"
    stored = client.get(f"{V1}/articles/{story}?{query}").json()
    fresh = client.get(f"{V1}/articles/{story}?{query}", headers=token).json()
    assert stored == fresh
    listed = client.get(f"{V1}/articles?{query}&fields=id,title,body_html,corrections").json()
    afresh = client.get(
        f"{V1}/articles?{query}&fields=id,title,body_html,corrections", headers=token
    ).json()
    assert listed["articles"] == afresh["articles"]


def test_stored_articles_keep_line_breaks_quotes_and_separators_in_their_text(
    client, services, staff
):
    """A stored article is its JSON members one per line: text holding line breaks,
    Unicode's line separators, quotes and backslashes comes back as it went in."""
    import factories

    awkward = 'Line one\nline two\r\n\u2028"quoted" \\ back\u2029slash </script>'
    with services.writes.begin() as session:
        story = factories.article(
            services, session, title="Awkward \u2028 \"title\"", standfirst=awkward,
            tags=["Tab\tbed"],
        )  # fmt: skip
    from sqlalchemy import select

    from thepost.content.models import ArticlePage
    from thepost.web.api import formats

    with services.reads() as session:
        kept = session.scalar(select(ArticlePage.api).where(ArticlePage.article_id == story.id))
    assert kept and len(kept.split("\n")) == len(formats.STORED)  # read from there below
    token = bearer(make_token(services, staff.editor, "content:read"))
    query = "include=authors,tags,section,featured_image&fields=id,title,standfirst,status"
    stored = client.get(f"{V1}/articles/{story.id}?{query}").json()["article"]
    assert (
        stored == client.get(f"{V1}/articles/{story.id}?{query}", headers=token).json()["article"]
    )
    assert stored["standfirst"].startswith("Line one") and "\u2029slash" in stored["standfirst"]
    assert stored["title"] == 'Awkward \u2028 "title"' and stored["status"] == "published"
    listed = client.get(f"{V1}/articles?{query}").json()["articles"]
    assert listed[0] == stored
