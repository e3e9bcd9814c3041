"""Two people at one story: the editing lock (who has it open, taking over) and saves
that never write over someone's newer save unseen; and a new story autosaved from its
first words."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from admin.conftest import sign_in
from thepost.app import create_app
from thepost.audit.models import AuditEntry
from thepost.content.models import Article, EditLock, Revision
from thepost.web import urls

ORIGIN = {"Origin": "http://testserver"}
JSON = {**ORIGIN, "Accept": "application/json"}
SINCE = re.compile(r'name="since" value="([^"]+)"')


@pytest.fixture
def other(settings, services) -> Iterator[TestClient]:
    """A second browser: another person at the same site."""
    with TestClient(create_app(settings, services=services), follow_redirects=False) as client:
        yield client


def _form(token: str, **values: object) -> dict[str, object]:
    return {"title": "Bridge reopens", "body": "The bridge reopened.", "csrf_token": token} | values


def _story(client: TestClient, token: str) -> int:
    response = client.post(urls.admin_article_new(), data=_form(token), headers=ORIGIN)
    assert response.status_code == 303, response.text
    return int(re.search(r"/articles/(\d+)", response.headers["location"]).group(1))  # type: ignore[union-attr]


def _open(client: TestClient, article_id: int) -> tuple[str, str]:
    """The editor's page and the ``since`` its form carries."""
    page = client.get(urls.admin_article(article_id))
    assert page.status_code == 200
    return page.text, unescape(SINCE.search(page.text).group(1))  # type: ignore[union-attr]


@dataclass
class Pair:
    """Eddie (an editor) wrote a story; Ada (an admin) is signed in too."""

    mine: str  # the CSRF tokens of each
    theirs: str
    article_id: int


@pytest.fixture
def pair(client, other, staff) -> Pair:
    mine = sign_in(client, staff.editor)
    theirs = sign_in(other, staff.admin)
    return Pair(mine, theirs, _story(client, mine))


def _beat(client: TestClient, article_id: int, token: str, **extra: str):
    url = urls.admin_article_action(article_id, "lock")
    return client.post(url, data={"csrf_token": token, **extra}, headers=JSON)


def test_someone_opening_a_story_another_has_open_is_told_who_and_since_when(
    services, client, other, staff, clock, pair
) -> None:
    mine, theirs, article_id = pair.mine, pair.theirs, pair.article_id
    _open(client, article_id)
    clock.advance(seconds=30)
    page, _ = _open(other, article_id)
    assert "Editor Person</strong> has this story open in the editor" in page
    assert 'data-held-by="Editor Person"' in page  # the script keeps the form shut
    assert "Take over" in page
    # The holder's editor confirms it; an unconfirmed one frees it after a while.
    clock.advance(seconds=50)
    assert _beat(client, article_id, mine).json() == {"mine": True}
    clock.advance(seconds=60)
    assert "has this story open" in _open(other, article_id)[0]
    clock.advance(seconds=80)  # the holder closed the tab without a word
    assert "has this story open" not in _open(other, article_id)[0]
    assert _beat(other, article_id, theirs).json() == {"mine": True}


def test_taking_over_is_a_choice_and_the_first_person_is_told(
    services, client, other, staff, clock, pair
) -> None:
    mine, theirs, article_id = pair.mine, pair.theirs, pair.article_id
    _open(client, article_id)
    clock.advance(seconds=10)
    assert "has this story open" in _open(other, article_id)[0]
    assert _beat(other, article_id, theirs).json()["mine"] is False  # opening took nothing
    taken = other.post(
        urls.admin_article_action(article_id, "lock"),
        data={"csrf_token": theirs, "take": "1"},
        headers=ORIGIN,
    )
    assert taken.status_code == 303 and taken.headers["location"].endswith("?done=taken")
    page = other.get(taken.headers["location"]).text
    assert "has this story open" not in page and "You are editing this story now" in page
    told = _beat(client, article_id, mine).json()
    assert told["mine"] is False and told["by"] == "Admin Person" and told["at"] == "12:00 UTC"
    with services.reads() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "editing.take-over")
        ).one()
        assert (entry.object_type, entry.object_id) == ("article", str(article_id))
        assert entry.user_id == staff.admin.id and entry.detail == {"from": staff.editor.id}


def test_closing_the_editor_lets_the_lock_go(services, client, other, staff, pair) -> None:
    mine, article_id = pair.mine, pair.article_id
    _open(client, article_id)
    assert _beat(client, article_id, mine, release="1").status_code == 204
    assert "has this story open" not in _open(other, article_id)[0]
    with services.reads() as session:
        lock = session.get(EditLock, ("article", article_id))
        assert lock is not None and lock.user_id == staff.admin.id


def test_a_save_over_someone_s_newer_save_comes_back_with_the_text_kept(
    services, client, other, staff, clock, pair
) -> None:
    mine, theirs, article_id = pair.mine, pair.theirs, pair.article_id
    _, my_since = _open(client, article_id)
    clock.advance(seconds=5)
    _, their_since = _open(other, article_id)
    clock.advance(seconds=60)
    saved = other.post(
        urls.admin_article(article_id),
        data=_form(theirs, body="Their words.", since=their_since),
        headers=ORIGIN,
    )
    assert saved.status_code == 303
    clock.advance(seconds=60)
    stale = client.post(
        urls.admin_article(article_id),
        data=_form(mine, body="My words, typed all along.", since=my_since),
        headers=ORIGIN,
    )
    assert stale.status_code == 409
    assert "Not saved: <strong>Admin Person</strong> saved this story at" in stale.text
    assert "My words, typed all along." in stale.text  # kept in the form
    with services.reads() as session:
        assert session.get(Article, article_id).body_source == "Their words."  # type: ignore[union-attr]
    # The autosave is refused the same way.
    autosave = client.post(
        urls.admin_article_action(article_id, "autosave"),
        data=_form(mine, body="My words, autosaved.", since=my_since),
        headers=ORIGIN,
    )
    assert autosave.status_code == 409 and autosave.json()["stale"] is True
    assert "Admin Person saved this story at" in autosave.json()["errors"]["stale"]
    # Having seen it, saving again replaces theirs (the form's ``since`` moved on).
    seen = unescape(SINCE.search(stale.text).group(1))  # type: ignore[union-attr]
    assert seen > my_since
    clock.advance(seconds=5)
    again = client.post(
        urls.admin_article(article_id),
        data=_form(mine, body="My words, typed all along.", since=seen),
        headers=ORIGIN,
    )
    assert again.status_code == 303
    with services.reads() as session:
        assert session.get(Article, article_id).body_source == "My words, typed all along."  # type: ignore[union-attr]
    # One's own saves and autosaves never count against oneself.
    clock.advance(seconds=5)
    assert client.post(
        urls.admin_article_action(article_id, "autosave"),
        data=_form(mine, body="Still mine.", since=seen),
        headers=ORIGIN,
    ).json()["saved"]


def test_a_new_story_is_autosaved_from_its_first_words(services, client, staff, clock) -> None:
    token = sign_in(client, staff.author)
    first = client.post(
        urls.admin_article_autosave_new(),
        data={"csrf_token": token, "title": "", "body": "Fire at the mill"},
        headers=ORIGIN,
    ).json()
    assert first["saved"] is True
    article_id = first["article_id"]
    assert first["edit_url"] == urls.admin_article(article_id)
    with services.reads() as session:
        article = session.get(Article, article_id)
        assert article is not None and (article.title, article.status) == ("Untitled", "draft")
        assert article.body_source == "Fire at the mill"
        assert session.get(EditLock, ("article", article_id)).user_id == staff.author.id  # type: ignore[union-attr]
    clock.advance(seconds=30)
    more = client.post(
        first["autosave_url"],
        data={
            "csrf_token": token, "title": "Fire at the mill", "since": first["since"],
            "body": "Fire at the mill on Tuesday night.",
        },
        headers=ORIGIN,
    )  # fmt: skip
    assert more.json()["saved"] is True
    with services.reads() as session:
        article = session.get(Article, article_id)
        assert article is not None and article.title == "Fire at the mill"
        revisions = session.scalars(select(Revision).where(Revision.article_id == article_id)).all()
        assert len(revisions) == 1  # autosaves replace each other
    # Nothing is stored from a form that cannot be a story.
    bad = client.post(
        urls.admin_article_autosave_new(),
        data={"csrf_token": token, "body": "x", "section_id": "nope"},
        headers=ORIGIN,
    )
    assert bad.status_code == 400 and "section_id" in bad.json()["errors"]


def test_only_who_may_edit_a_story_holds_its_lock(services, client, other, staff) -> None:
    mine = sign_in(client, staff.editor)
    theirs = sign_in(other, staff.contributor)
    article_id = _story(client, mine)
    assert _beat(other, article_id, theirs).status_code == 403
    assert _beat(other, 999_999, theirs).status_code == 404
