"""The menus page through HTTP: plain form posts with the whole list, its buttons, and a
refused list shown again with each error beside its field."""

from __future__ import annotations

import re

import factories as f
from admin.conftest import sign_in
from thepost.content import menus, page_actions
from thepost.content.page_actions import PageInput
from thepost.permissions import SYSTEM
from thepost.web import urls

ORIGIN = {"Origin": "http://testserver"}


def _post(client, token: str, data: dict[str, object]):
    return client.post(urls.admin_menus(), data={**data, "csrf_token": token}, headers=ORIGIN)


def _rows(html: str, slug: str) -> list[tuple[str, str]]:
    """(label, chosen target) of each row of one menu's form ("" when none is chosen)."""
    start = html.index(f'id="menu-{slug}"')
    form = html[start : html.index("</section>", start)]
    found = []
    for row in form.split("<tr")[2:]:  # the first is the table's head
        label = re.search(r'name="items-\d+-label" type="text" value="([^"]*)"', row)
        chosen = re.search(r'<option value="([^"]*)" selected>', row)
        assert label is not None
        found.append((label.group(1), chosen.group(1) if chosen else ""))
    return found


def _site(services):
    with services.writes.begin() as session:
        news = f.section(session, "News", position=1)
        f.section(session, "Sport", position=2)
        about = page_actions.save_page(
            session,
            services.bus,
            services.media_urls,
            PageInput("About us", slug="about"),
            actor=SYSTEM,
            now=services.clock(),
        )
        page_actions.publish_page(
            session, services.bus, about.id, actor=SYSTEM, now=services.clock()
        )
    return news, about


def test_the_menus_start_as_the_defaults(services, client, staff) -> None:
    news, _ = _site(services)
    sign_in(client, staff.editor)
    html = client.get(urls.admin_menus()).text
    assert _rows(html, "header") == [
        ("", "home"),
        ("", f"section:{news.id}"),
        ("", f"section:{news.id + 1}"),
    ]
    assert _rows(html, "footer")[-1] == ("", "latest")
    assert html.count("Never changed") == 2
    assert '<optgroup label="Pages">' in html and ">About us</option>" in html


def test_save_a_menu_and_every_page_shows_it(services, client, staff) -> None:
    news, about = _site(services)
    token = sign_in(client, staff.editor)
    form = {
        "menu": "header",
        "items-0-label": "",
        "items-0-target": f"page:{about.id}",
        "items-1-label": "Newsroom",
        "items-1-target": f"section:{news.id}",
        "items-1-nested": "1",
        "items-2-label": "",
        "items-2-target": "",
        "items-2-url": "",  # an empty row: dropped
        "items-3-label": "Letters",
        "items-3-target": "url",
        "items-3-url": "mailto:letters@example.org",
        "op": "save",
    }
    saved = _post(client, token, form)
    assert (
        saved.status_code == 303
        and saved.headers["location"] == urls.admin_menus() + "?done=header"
    )
    assert "The header menu is saved" in client.get(saved.headers["location"]).text
    with services.reads() as session:
        stored = menus.items(session, "header")
    assert [(i.kind, i.label, [c.label for c in i.children]) for i in stored] == [
        ("page", "", ["Newsroom"]),
        ("url", "Letters", []),
    ]
    client.cookies.clear()
    home = client.get("/").text
    assert "<summary>About us</summary>" in home and '<a href="/news">Newsroom</a>' in home
    assert '<a href="mailto:letters@example.org">Letters</a>' in home


def test_a_refused_list_comes_back_as_typed(services, client, staff) -> None:
    news, _ = _site(services)
    token = sign_in(client, staff.editor)
    form = {
        "menu": "footer",
        "items-0-label": "Good",
        "items-0-target": f"section:{news.id}",
        "items-1-label": "Click me",
        "items-1-target": "url",
        "items-1-url": "javascript:alert(document.cookie)",
        "items-2-label": "Gone",
        "items-2-target": "page:9999",
        "items-3-label": "First under nothing",
        "items-3-target": "latest",
        "op": "save",
    }
    form_first_nested = {**form, "items-0-nested": "1"}
    refused = _post(client, token, form_first_nested)
    assert refused.status_code == 400
    assert "The first item cannot go under another." in refused.text
    refused = _post(client, token, form)
    assert refused.status_code == 400
    html = refused.text
    assert 'value="javascript:alert(document.cookie)"' in html  # kept, to be corrected
    assert 'href="javascript' not in html
    errors = dict(re.findall(r'id="(f-items-\d+-\w+?)-footer-error">([^<]*)<', html))
    assert set(errors) == {"f-items-1-url", "f-items-2-target"}
    assert errors["f-items-2-target"] == "No such page: it may have been deleted."
    assert _rows(html, "footer")[:2] == [("Good", f"section:{news.id}"), ("Click me", "url")]
    with services.reads() as session:
        assert not menus.is_saved(session, "footer")
    unknown = _post(client, token, {"menu": "sidebar", "op": "save"})
    assert unknown.status_code == 400


def test_the_buttons_change_the_list_without_saving_it(services, client, staff) -> None:
    _site(services)
    token = sign_in(client, staff.editor)
    rows = {
        "menu": "header",
        "items-0-label": "A",
        "items-0-target": "home",
        "items-1-label": "B",
        "items-1-target": "latest",
    }
    moved = _post(client, token, {**rows, "op": "down-0"})
    assert moved.status_code == 200 and "Not saved yet" in moved.text
    assert _rows(moved.text, "header") == [("B", "latest"), ("A", "home")]
    added = _post(client, token, {**rows, "op": "add"})
    assert [label for label, _ in _rows(added.text, "header")] == ["A", "B", ""]
    assert 'name="items-2-target"' in added.text
    removed = _post(client, token, {**rows, "op": "remove-0"})
    assert _rows(removed.text, "header") == [("B", "latest")]
    up = _post(client, token, {**rows, "op": "up-1"})
    assert _rows(up.text, "header") == [("B", "latest"), ("A", "home")]
    with services.reads() as session:
        assert not menus.is_saved(session, "header")
