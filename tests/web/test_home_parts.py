"""The home page's top stories and section blocks stored for each edition
(``web/site/home_parts.py``): rendered at the end of every transaction that changes what
they show, read by the page in one row, the same bytes as rendering them afresh, and
never served once they are out of date (another version's templates, a scheduled story
come out)."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import delete, select, update

import factories as f
from thepost.content import actions, taxonomy
from thepost.content.models import Article, HomePart
from thepost.permissions import SYSTEM
from thepost.web.site import home_parts
from thepost.web.templating import Templates
from web import test_pages as web_pages


def _site(services):
    now = services.clock()
    with services.writes.begin() as session:
        actions.update_site_settings(session, services.bus, actor=SYSTEM, languages=["es"])
        politics = f.section(session, "Politics")
        sport = f.section(session, "Sport")
        picture = f.image(services, session, caption="The council chamber")
        for i in range(12):
            f.article(
                services,
                session,
                title=f"Council story {i}",
                section=(politics, sport)[i % 2],
                authors=[f.author(session, f"Writer {i % 3}")],
                featured_image_id=picture.id if i % 3 == 0 else None,
                published=now - timedelta(hours=i + 1),
            )
        spanish = f.article(
            services, session, title="El consejo vota", section=politics, language="es",
            published=now - timedelta(minutes=30),
        )  # fmt: skip
    return politics, spanish


def _parts(services) -> dict[str, HomePart]:
    with services.writes() as session:
        return {p.language: p for p in session.scalars(select(HomePart))}


def _home(client, path: str = "/") -> str:
    client.app.page_cache.store.clear()
    answer = client.get(path)
    assert answer.status_code == 200, path
    return answer.text


def test_every_edition_is_stored_and_gives_what_rendering_afresh_gives(client, services) -> None:
    _site(services)
    parts = _parts(services)
    assert set(parts) == {"", "es"}
    assert "Council story 0" in parts[""].top and "Council story 1" in parts[""].blocks
    assert "El consejo vota" in parts["es"].top and "Council story" not in parts["es"].top
    stored = {path: _home(client, path) for path in ("/", "/es/")}
    with services.writes.begin() as session:
        session.execute(delete(HomePart))
    for path, page in stored.items():
        assert _home(client, path) == page, path


def test_the_page_reads_them_in_one_row(client, services) -> None:
    _site(services)
    with services.writes.begin() as session:  # a mark only the stored row holds
        session.execute(update(HomePart).values(blocks=HomePart.blocks + "<!-- kept -->"))
    assert "<!-- kept -->" in _home(client)
    client.app.page_cache.store.clear()
    stored = web_pages.statements(services, client, "/")
    with services.writes.begin() as session:
        session.execute(delete(HomePart))
    client.app.page_cache.store.clear()
    afresh = web_pages.statements(services, client, "/")
    assert len(stored) < len(afresh), "\n".join(stored)
    assert not any("story_lists" in s and "UNION" in s for s in stored)


def test_a_publish_renders_them_again_in_its_transaction(client, services) -> None:
    politics, _ = _site(services)
    before = _parts(services)[""]
    with services.writes.begin() as session:
        f.article(services, session, title="Breaking: the budget passes", section=politics)
    after = _parts(services)[""]
    assert "Breaking: the budget passes" not in before.top
    assert "Breaking: the budget passes" in after.top
    assert "Breaking: the budget passes" in _home(client)


def test_a_renamed_section_and_a_pinned_story_render_them_again(client, services) -> None:
    politics, _ = _site(services)
    with services.writes.begin() as session:
        taxonomy.update_section(
            session, services.bus, politics.id, actor=SYSTEM, name="Government", parent_id=None
        )
    assert "Government" in _parts(services)[""].blocks
    with services.writes.begin() as session:
        story = session.scalar(select(Article).where(Article.title == "Council story 11"))
        actions.update_site_settings(session, services.bus, actor=SYSTEM, lead_ids=[story.id])
    top = _parts(services)[""].top
    assert top.index("Council story 11") < top.index("Council story 0")
    assert '<h3 class="lead-title"><a href="/sport/council-story-11">' in _home(client)


def test_many_changes_in_one_transaction_render_them_once(services, monkeypatch) -> None:
    rendered = []
    real = home_parts.refresh
    monkeypatch.setattr(home_parts, "refresh", lambda *a, **k: rendered.append(1) or real(*a, **k))
    _site(services)
    assert len(rendered) == 1


def test_a_scheduled_story_that_comes_out_is_shown_at_once(client, services, clock) -> None:
    politics, _ = _site(services)
    with services.writes.begin() as session:
        f.article(services, session, title="Tomorrow's story", section=politics,
                  published=clock.now + timedelta(days=1))  # fmt: skip
    part = _parts(services)[""]
    assert part.until == clock.now + timedelta(days=1)
    assert "Tomorrow" not in part.top and "Tomorrow" not in _home(client)
    clock.now += timedelta(days=1, seconds=1)
    page = _home(client)
    assert '<h3 class="lead-title"><a href="/politics/tomorrows-story">' in page
    assert "Tomorrow" not in _parts(services)[""].top  # stored before it came out


def test_parts_of_other_templates_are_not_served(client, services) -> None:
    _site(services)
    with services.writes.begin() as session:
        session.execute(update(HomePart).values(stamp="older", top="stale", blocks="stale"))
    page = _home(client)
    assert "stale" not in page and "Council story 0" in page


def test_a_theme_with_a_home_page_of_its_own_gets_the_stories(client, services, tmp_path) -> None:
    (tmp_path / "theme" / "site").mkdir(parents=True)
    (tmp_path / "theme" / "site" / "home.html").write_text(
        '{% extends "site/base.html" %}{% block main %}'
        '<p class="mine">{{ home.lead.title }}</p>'
        '{% for t in home.top %}<p class="mine">{{ t.title }}</p>{% endfor %}'
        "{% endblock %}"
    )
    services.templates = Templates(tmp_path / "theme", services.media_urls)
    _site(services)
    assert _parts(services)[""].top  # stored all the same
    assert _home(client).count('<p class="mine">') == 5


def test_two_writers_at_once_leave_both_stories_stored(services) -> None:
    """The second writer renders after the first has committed (the generation's lock):
    its render, stored last, holds both stories."""
    politics, _ = _site(services)
    first_open, second_done = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def second() -> None:
        try:
            first_open.wait(10)
            with services.writes.begin() as session:
                f.article(services, session, title="Second writer's story", section=politics)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            second_done.set()

    writer = threading.Thread(target=second)
    writer.start()
    with services.writes.begin() as session:
        f.article(services, session, title="First writer's story", section=politics)
        first_open.set()
        assert not second_done.wait(0.5)  # waiting for this transaction to end
    writer.join(30)
    assert not errors, errors
    top = _parts(services)[""].top
    assert "First writer&#39;s story" in top and "Second writer&#39;s story" in top
