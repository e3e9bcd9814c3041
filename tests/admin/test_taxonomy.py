"""Sections and tags in the newsroom: create, rename (readers and search see it at once),
nest, reorder; merge and delete tags; editors and admins only."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import select

import factories as f
from admin.conftest import sign_in
from thepost.content import taxonomy
from thepost.content.models import Section, Tag, article_tags
from thepost.errors import PermissionDenied, ValidationError
from thepost.search.query import parse


def _found(services, q: str) -> set[int]:
    """The articles the search index finds for ``q`` (no typo correction)."""
    with services.reads() as session:
        results = services.search.search(session, parse(q, prefix_last=False), now=services.clock())
    return set() if results.corrected else {hit.article_id for hit in results.hits}


def _nav(client) -> list[str]:
    nav = client.get("/").text.split('aria-label="Sections"', 1)[1].split("</nav>", 1)[0]
    return [unescape(n) for n in re.findall(r">([^<>]+)</a>", nav)][1:]  # after Home


def _error(html: str, field: str, row: object) -> str:
    match = re.search(rf'id="f-{field}-{row}-error">([^<]*)<', html)
    return unescape(match.group(1)) if match else ""


@pytest.fixture
def newsroom(services):
    with services.writes.begin() as session:
        world = f.section(session, "World", position=1)
        sport = f.section(session, "Sport", position=2)
        story = f.article(
            services,
            session,
            title="Glaciers retreat faster",
            section=world,
            tags=["Ice sheets", "Polar"],
        )
        other = f.article(
            services, session, title="Penguins count", section=sport, tags=["Polar regions"]
        )
        return {"world": world.id, "sport": sport.id, "story": story.id, "other": other.id}


def test_a_renamed_section_is_what_readers_see_and_search_finds(
    services, client, staff, newsroom
) -> None:
    token = sign_in(client, staff.editor)
    assert _found(services, "Cryosphere") == set()
    response = client.post(
        f"/admin/sections/{newsroom['world']}",
        data={"csrf_token": token, "name": "Cryosphere", "parent_id": ""},
    )
    assert (
        response.status_code == 303 and response.headers["location"] == "/admin/sections?done=saved"
    )
    assert _nav(client) == ["Cryosphere", "Sport"]
    assert _found(services, "Cryosphere") == {newsroom["story"]}
    assert client.get("/world").status_code == 200  # the address stays


def test_sections_are_created_nested_and_reordered(services, client, staff, newsroom) -> None:
    token = sign_in(client, staff.editor)
    created = client.post(
        "/admin/sections/new",
        data={
            "csrf_token": token,
            "name": "Climate",
            "slug": "",
            "parent_id": str(newsroom["world"]),
        },
    )
    assert created.status_code == 303
    with services.reads() as session:
        climate = session.scalars(select(Section).where(Section.slug == "climate")).one()
    assert climate.parent_id == newsroom["world"]
    assert _nav(client) == ["World", "Sport", "Climate"]
    up = client.post(
        f"/admin/sections/{climate.id}/move", data={"csrf_token": token, "direction": "up"}
    )
    assert up.status_code == 303 and _nav(client) == ["World", "Climate", "Sport"]
    client.post(
        f"/admin/sections/{newsroom['world']}/move", data={"csrf_token": token, "direction": "down"}
    )
    assert _nav(client) == ["Climate", "World", "Sport"]
    # A loop, a reserved address, a duplicate and an empty name come back beside the row.
    loop = client.post(
        f"/admin/sections/{newsroom['world']}",
        data={"csrf_token": token, "name": "World", "parent_id": str(climate.id)},
    )
    assert loop.status_code == 400
    assert (
        _error(loop.text, "parent_id", newsroom["world"]) == "A section cannot sit inside itself."
    )
    for data, field, message in [
        ({"name": "Admin"}, "slug", "'admin' is reserved for the site's own pages."),
        ({"name": "Sport"}, "slug", "A section with the slug 'sport' exists."),
        ({"name": "   "}, "name", "A name is required."),
    ]:
        bad = client.post(
            "/admin/sections/new", data={"csrf_token": token, "parent_id": "", **data}
        )
        assert bad.status_code == 400 and _error(bad.text, field, "new") == message, data
    empty = client.post(f"/admin/sections/{climate.id}", data={"csrf_token": token, "name": ""})
    assert _error(empty.text, "name", climate.id) == "A name is required."


def test_tags_renamed_merged_and_deleted(services, client, staff, newsroom) -> None:
    token = sign_in(client, staff.editor)
    with services.reads() as session:
        ids = {t.name: t.id for t in session.scalars(select(Tag))}
    page = client.get("/admin/tags")
    assert page.status_code == 200 and "3 tags" in page.text
    renamed = client.post(
        f"/admin/tags/{ids['Ice sheets']}", data={"csrf_token": token, "name": "Ice caps"}
    )
    assert renamed.status_code == 303
    assert _found(services, "caps") == {newsroom["story"]}
    merged = client.post(
        f"/admin/tags/{ids['Polar regions']}/merge", data={"csrf_token": token, "into": "polar"}
    )
    assert merged.status_code == 303
    with services.reads() as session:
        left = {t.name for t in session.scalars(select(Tag))}
        polar = sorted(
            session.scalars(
                select(article_tags.c.article_id).where(article_tags.c.tag_id == ids["Polar"])
            )
        )
    assert left == {"Ice caps", "Polar"}
    assert polar == sorted([newsroom["story"], newsroom["other"]])
    assert _found(services, "penguins polar") == {newsroom["other"]}
    nowhere = client.post(
        f"/admin/tags/{ids['Polar']}/merge", data={"csrf_token": token, "into": "Nope"}
    )
    assert (
        nowhere.status_code == 400
        and _error(nowhere.text, "into", ids["Polar"]) == "No tag has that name."
    )
    itself = client.post(
        f"/admin/tags/{ids['Polar']}/merge", data={"csrf_token": token, "into": "Polar"}
    )
    assert _error(itself.text, "into", ids["Polar"]) == "Choose another tag to merge into."
    dup = client.post("/admin/tags/new", data={"csrf_token": token, "name": "ICE sheets!"})
    assert dup.status_code == 400 and "A tag with the address 'ice-sheets' exists." in unescape(
        dup.text
    )
    assert (
        client.post("/admin/tags/new", data={"csrf_token": token, "name": "Arctic"}).status_code
        == 303
    )
    deleted = client.post(f"/admin/tags/{ids['Polar']}/delete", data={"csrf_token": token})
    assert deleted.status_code == 303
    assert _found(services, "polar") == set()
    assert client.get("/admin/tags?q=ARC").text.count('id="tag-') == 1


@pytest.mark.parametrize("role", ["contributor", "author"])
def test_writers_cannot_manage_sections_or_tags(services, client, staff, newsroom, role) -> None:
    token = sign_in(client, staff[role])
    assert client.get("/admin/sections").status_code == 403
    assert client.get("/admin/tags").status_code == 403
    response = client.post(
        f"/admin/sections/{newsroom['world']}", data={"csrf_token": token, "name": "X"}
    )
    assert response.status_code == 403
    with services.writes() as session:
        with pytest.raises(PermissionDenied):
            taxonomy.add_tag(session, services.bus, actor=staff[role], name="Mine")
        with pytest.raises(ValidationError):  # the editor's own mistakes are still caught
            taxonomy.add_tag(session, services.bus, actor=staff.editor, name="")
