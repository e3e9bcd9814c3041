"""The site's menus through their action and read, on SQLite and PostgreSQL: the default
ones, saving one whole, what is refused, and what readers never see in one."""

from __future__ import annotations

from datetime import timedelta

import pytest

import factories as f
from thepost.content import actions, menus, page_actions, queries, taxonomy
from thepost.content.menus import MenuEntry, MenuItemInput, clean_url
from thepost.content.page_actions import PageInput
from thepost.errors import PermissionDenied, ValidationError
from thepost.events import MenuChanged
from thepost.permissions import SYSTEM, Actor, Role

EDITOR = Actor(id=None, role=Role.EDITOR)


def read(services, clock) -> dict[str, list[MenuEntry]]:
    with services.reads() as session:
        return menus.menus(session, now=clock.now, sections=queries.sections(session))


def _page(services, session, title: str, *, parent_id=None, live: bool = True):
    made = page_actions.save_page(
        session,
        services.bus,
        services.media_urls,
        PageInput(title, parent_id=parent_id),
        actor=SYSTEM,
        now=services.clock(),
    )
    if live:
        page_actions.publish_page(
            session, services.bus, made.id, actor=SYSTEM, now=services.clock()
        )
    return made


def test_a_menu_never_saved_is_the_default_one(services, clock) -> None:
    with services.writes.begin() as session:
        news, sport = (
            taxonomy.add_section(session, services.bus, actor=SYSTEM, name=name).id
            for name in ("News", "Sport")
        )
    found = read(services, clock)
    assert found["header"] == [
        MenuEntry("home", "Home"),
        MenuEntry("section", "News", "news", named_section=news),
        MenuEntry("section", "Sport", "sport", named_section=sport),
    ]
    assert found["footer"] == [
        MenuEntry("section", "News", "news", named_section=news),
        MenuEntry("section", "Sport", "sport", named_section=sport),
        MenuEntry("latest", "Latest"),
    ]


def test_saving_a_menu_replaces_it_whole(services, clock) -> None:
    heard: list[object] = []
    services.bus.subscribe(MenuChanged, heard.append)
    with services.writes.begin() as session:
        news = taxonomy.add_section(session, services.bus, actor=SYSTEM, name="News")
        about = _page(services, session, "About us")
        team = _page(services, session, "Our team", parent_id=about.id)
        tag = taxonomy.add_tag(session, services.bus, actor=SYSTEM, name="Climate")
        author = f.author(session, "Jane Smith")
        items = [
            MenuItemInput("", "page", about.id, children=[MenuItemInput("", "page", team.id)]),
            MenuItemInput("Top stories", "section", news.id),
            MenuItemInput("", "tag", tag.id),
            MenuItemInput("", "author", author.id),
            MenuItemInput("Write to us", "url", url=" mailto:desk@example.org "),
            MenuItemInput("", "latest"),
        ]
        menus.save_menu(session, services.bus, "header", items, actor=EDITOR)
        menus.save_menu(session, services.bus, "footer", [], actor=EDITOR)
    found = read(services, clock)
    assert found["header"] == [
        MenuEntry(
            "page", "About us", "about-us", (MenuEntry("page", "Our team", "about-us/our-team"),)
        ),
        MenuEntry("section", "Top stories", "news"),
        MenuEntry("tag", "Climate", "climate"),
        MenuEntry("author", "Jane Smith", "jane-smith"),
        MenuEntry("url", "Write to us", "mailto:desk@example.org"),
        MenuEntry("latest", "Latest"),
    ]
    assert found["footer"] == []  # saved empty: not the default
    assert [e.slug for e in heard] == ["header", "footer"]
    with services.writes.begin() as session:  # names follow their objects
        taxonomy.update_section(
            session, services.bus, news.id, actor=SYSTEM, name="Newsroom", parent_id=None
        )
        taxonomy.rename_tag(session, services.bus, tag.id, actor=SYSTEM, name="Climate crisis")
    labels = [e.label for e in read(services, clock)["header"]]
    assert labels[1:3] == ["Top stories", "Climate crisis"]
    with services.writes.begin() as session:
        stored = menus.items(session, "header")
    assert stored[0].children[0].target_id == team.id and stored[4].url == "mailto:desk@example.org"


def test_an_item_whose_target_is_gone_or_hidden_is_left_out(services, clock) -> None:
    with services.writes.begin() as session:
        about = _page(services, session, "About us")
        team = _page(services, session, "Team", parent_id=about.id)
        later = _page(services, session, "Later", live=False)
        page_actions.publish_page(
            session,
            services.bus,
            later.id,
            actor=SYSTEM,
            now=clock.now,
            at=clock.now + timedelta(hours=1),
        )
        draft = _page(services, session, "Draft", live=False)
        tag = taxonomy.add_tag(session, services.bus, actor=SYSTEM, name="Gone")
        items = [
            MenuItemInput("", "page", about.id, children=[MenuItemInput("", "page", team.id)]),
            MenuItemInput("", "page", later.id),
            MenuItemInput("", "page", draft.id),
            MenuItemInput("", "tag", tag.id),
        ]
        menus.save_menu(session, services.bus, "footer", items, actor=EDITOR)
        taxonomy.delete_tag(session, services.bus, tag.id, actor=SYSTEM)
    assert [e.label for e in read(services, clock)["footer"]] == ["About us"]
    clock.advance(hours=2)
    assert [e.label for e in read(services, clock)["footer"]] == ["About us", "Later"]
    with services.writes.begin() as session:
        page_actions.delete_page(session, services.bus, about.id, actor=SYSTEM, now=clock.now)
    # The item and the one under it go; the child page itself moved up and stays live.
    assert [e.label for e in read(services, clock)["footer"]] == ["Later"]


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox",
        "//evil.example/",
        "/\\evil.example",
        "https://",
        "mailto:",
        "ftp://example.org/",
        "example.org",
        "/a path with spaces",
        "",
        "https://example.org/" + "a" * 500,
    ],
)
def test_a_web_address_a_browser_could_run_or_misread_is_refused(url: str) -> None:
    with pytest.raises(ValidationError):
        clean_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/a?b=c#d",
        "http://example.org",
        "mailto:desk@example.org",
        "/latest",
        "/",
    ],
)
def test_these_web_addresses_are_fine(url: str) -> None:
    assert clean_url(f"  {url} ") == url


def test_a_menu_with_any_wrong_item_is_refused_whole(services, clock) -> None:
    with services.writes.begin() as session:
        news = taxonomy.add_section(session, services.bus, actor=SYSTEM, name="News")
        menus.save_menu(
            session, services.bus, "header", [MenuItemInput("", "section", news.id)], actor=EDITOR
        )
    wrong = [
        MenuItemInput("Fine", "url", url="https://example.org/"),
        MenuItemInput("Evil", "url", url="javascript:alert(1)"),
        MenuItemInput("", "url", url="/ok"),
        MenuItemInput("", "section", 999),
        MenuItemInput("", "page"),
        MenuItemInput("", "weather"),
        MenuItemInput(
            "Parent",
            "home",
            children=[
                MenuItemInput("Child", "latest", children=[MenuItemInput("Grandchild", "home")])
            ],
        ),
        MenuItemInput("x" * 121, "latest"),
    ]
    with pytest.raises(ValidationError) as refused, services.writes.begin() as session:
        menus.save_menu(session, services.bus, "header", wrong, actor=EDITOR)
    assert refused.value.errors == {
        "items-1-url": refused.value.errors["items-1-url"],
        "items-2-label": "A web address needs a label.",
        "items-3-target": "No such section: it may have been deleted.",
        "items-4-target": "Choose a page.",
        "items-5-kind": "Choose what the item links to.",
        "items-8-label": "Menus nest one level deep.",
        "items-9-label": "At most 120 characters.",
    }
    assert [e.label for e in read(services, clock)["header"]] == ["News"]  # as it was
    with pytest.raises(ValidationError), services.writes.begin() as session:
        menus.save_menu(session, services.bus, "sidebar", [], actor=EDITOR)
    with pytest.raises(PermissionDenied), services.writes.begin() as session:
        menus.save_menu(session, services.bus, "header", [], actor=Actor(None, Role.AUTHOR))


def test_menus_and_the_page_list_never_touch_articles(services, clock) -> None:
    """A page is no article: not in the section lists, the latest list or the feeds."""
    with services.writes.begin() as session:
        news = taxonomy.add_section(session, services.bus, actor=SYSTEM, name="News")
        f.article(services, session, title="A story", section=news)
        _page(services, session, "About us")
        assert actions.count_articles(session) == 1
    with services.reads() as session:
        latest = queries.listing_page(
            session, queries.Listing(language=""), now=clock.now, page=1, size=10
        )
    assert [a.title for a in latest.items] == ["A story"]
