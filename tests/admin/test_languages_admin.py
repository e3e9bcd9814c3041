"""Several languages in the newsroom: the site's other languages in the settings, a
story or page translated from its editor, sections named and menus made per language;
bad input comes back beside its field."""

from __future__ import annotations

import re

from sqlalchemy import select

import factories as f
from admin.conftest import sign_in
from thepost.content import actions, menus, site
from thepost.content.models import Article, Page, SectionTranslation
from thepost.content.page_actions import PageInput, save_page
from thepost.permissions import SYSTEM


def _publish_in_spanish(services) -> None:
    with services.writes.begin() as session:
        actions.update_site_settings(session, services.bus, actor=SYSTEM, languages=["es"])


def test_the_site_s_other_languages_are_chosen_in_the_settings(client, services, staff) -> None:
    token = sign_in(client, staff.admin)
    page = client.get("/admin/settings").text
    assert 'name="languages" value="es"' in page and 'name="languages" value="en"' not in page
    form = {"csrf_token": token, "name": "The Post", "language": "en", "time_zone": "UTC",
            "numerals": "western", "languages": ["es", "ar"], "max_links": "2",
            "close_after_days": "0", "max_depth": "5", "min_seconds_to_write": "3",
            "flood_seconds": "15", "spam_threshold": "0.95", "hold_threshold": "0.5"}  # fmt: skip
    assert client.post("/admin/settings", data=form).status_code == 303
    with services.reads() as session:
        assert site.load(session).languages == ("es", "ar")
    assert client.get("/es/").status_code == 200 and client.get("/ar/").status_code == 200
    refused = client.post("/admin/settings", data=form | {"languages": ["es", "xx"]})
    assert refused.status_code == 400
    assert "Choose among the languages the site has translations for." in refused.text


def test_a_story_is_translated_from_its_editor(client, services, staff) -> None:
    _publish_in_spanish(services)
    with services.writes.begin() as session:
        story = f.article(services, session, title="The council votes", slug="council-votes")
    token = sign_in(client, staff.editor)
    editor = client.get(f"/admin/articles/{story.id}").text
    assert "Translate into Español" in editor and 'name="language"' in editor
    made = client.post(
        f"/admin/articles/{story.id}/translate", data={"csrf_token": token, "language": "es"}
    )
    assert made.status_code == 303
    with services.reads() as session:
        draft = session.scalar(select(Article).where(Article.translation_of_id == story.id))
        assert (draft.language, draft.status, draft.slug) == ("es", "draft", "council-votes-es")
    assert made.headers["location"] == f"/admin/articles/{draft.id}?done=translated"
    shown = client.get(made.headers["location"]).text
    assert "A draft translation" in shown and "The council votes" in shown
    # the original's editor lists it, and offers no second Spanish version
    original = client.get(f"/admin/articles/{story.id}").text
    assert f'href="/admin/articles/{draft.id}"' in original
    assert "Translate into Español" not in original
    again = client.post(
        f"/admin/articles/{story.id}/translate", data={"csrf_token": token, "language": "es"}
    )
    assert again.status_code == 400 and "Another version is already in this language." in again.text


def test_the_editor_links_a_translation_by_number(client, services, staff) -> None:
    _publish_in_spanish(services)
    with services.writes.begin() as session:
        story = f.article(services, session, title="The council votes")
    token = sign_in(client, staff.editor)
    form = {"csrf_token": token, "title": "El consejo vota", "body": "Texto.", "language": "es",
            "translation_of_id": "nine", "body_format": "markdown"}  # fmt: skip
    refused = client.post("/admin/articles/new", data=form)
    assert refused.status_code == 400 and 'value="El consejo vota"' in refused.text
    assert "Name the original by its number" in refused.text
    made = client.post("/admin/articles/new", data=form | {"translation_of_id": str(story.id)})
    assert made.status_code == 303
    with services.reads() as session:
        spanish = session.scalar(select(Article).where(Article.title == "El consejo vota"))
        assert (spanish.language, spanish.translation_of_id) == ("es", story.id)


def test_a_page_is_translated_from_its_editor(client, services, staff) -> None:
    _publish_in_spanish(services)
    with services.writes.begin() as session:
        about = save_page(
            session, services.bus, services.media_urls, PageInput("About us", "Who we are."),
            actor=SYSTEM, now=services.clock(),
        )  # fmt: skip
    token = sign_in(client, staff.editor)
    made = client.post(
        f"/admin/pages/{about.id}/translate", data={"csrf_token": token, "language": "es"}
    )
    assert made.status_code == 303
    with services.reads() as session:
        draft = session.scalar(select(Page).where(Page.translation_of_id == about.id))
        assert (draft.language, draft.slug) == ("es", "about-us")


def test_sections_are_named_in_each_language(client, services, staff) -> None:
    _publish_in_spanish(services)
    with services.writes.begin() as session:
        sport = f.section(session, "Sport")
    token = sign_in(client, staff.editor)
    page = client.get("/admin/sections").text
    assert f'action="/admin/sections/{sport.id}/names"' in page
    long = "x" * 121
    refused = client.post(
        f"/admin/sections/{sport.id}/names", data={"csrf_token": token, "name_es": long}
    )
    assert refused.status_code == 400 and "At most 120 characters" in refused.text
    assert f'value="{long}"' in refused.text
    saved = client.post(
        f"/admin/sections/{sport.id}/names",
        data={"csrf_token": token, "name_es": "Deportes", "description_es": "Resultados."},
    )
    assert saved.status_code == 303
    with services.reads() as session:
        row = session.get(SectionTranslation, (sport.id, "es"))
        assert (row.name, row.description) == ("Deportes", "Resultados.")
    assert 'value="Deportes"' in client.get("/admin/sections").text
    # an empty name takes the Spanish one away
    client.post(f"/admin/sections/{sport.id}/names", data={"csrf_token": token, "name_es": ""})
    with services.reads() as session:
        assert session.get(SectionTranslation, (sport.id, "es")) is None


def test_menus_are_made_per_language(client, services, staff) -> None:
    _publish_in_spanish(services)
    token = sign_in(client, staff.editor)
    page = client.get("/admin/menus?language=es").text
    assert 'href="/admin/menus?language=es"' in page and 'name="language" value="es"' in page
    saved = client.post(
        "/admin/menus",
        data={"csrf_token": token, "menu": "footer", "language": "es",
              "items-0-target": "latest", "items-0-label": "Lo último"},
    )  # fmt: skip
    assert saved.status_code == 303
    assert saved.headers["location"] == "/admin/menus?language=es&done=footer"
    with services.reads() as session:
        spanish = menus.menus(session, now=services.clock(), sections=[], language="es")
        english = menus.menus(session, now=services.clock(), sections=[])
    assert [e.label for e in spanish["footer"]] == ["Lo último"]
    assert [e.label for e in english["footer"]] == ["Latest"]
    assert re.search(r'<a href="/es/latest">Lo último</a>', client.get("/es/").text)
