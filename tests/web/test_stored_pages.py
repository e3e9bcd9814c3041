"""Article pages served from parts rendered at publish time (``web/site/pages.py``):
every change readers see re-renders them in its own transaction, and a page whose parts
are missing or stale is rendered from the article, never served wrong."""

from __future__ import annotations

from sqlalchemy import select, update

import factories as f
from thepost.content import actions, editorial, media, taxonomy
from thepost.content.models import ArticlePage, Tag
from thepost.permissions import SYSTEM
from thepost.web.site import pages
from web import test_pages as web_pages

PATH = "/politics/council-passes-the-budget"


def _setup(services):
    with services.sessions.begin() as session:
        politics = f.section(session, "Politics")
        picture = f.image(services, session, caption="The council chamber")
        lead = f.article(
            services, session, title="Council passes the budget", section=politics,
            authors=[f.author(session, "Jane Smith")], tags=["Budget"],
            featured_image_id=picture.id,
        )  # fmt: skip
        for i in range(4):
            f.article(services, session, title=f"Budget follow-up {i}", section=politics)
        f.comment(services, session, lead, name="Ana", body="Good news for renters.")
    return lead, politics, picture


def test_publishing_stores_the_page_and_a_request_reads_three_rows(client, services) -> None:
    lead, _, _ = _setup(services)
    with services.sessions() as session:
        stored = session.get(ArticlePage, lead.id)
        assert stored is not None and "Council passes the budget" in stored.top
        assert "og:title" in stored.head and "card-title" in stored.card
    first = client.get(PATH)
    assert first.status_code == 200 and "Good news for renters." in first.text
    # With the site's settings and menu kept (another query string: not a cached
    # page): the page and its parts, the related cards, the comment thread.
    statements = web_pages.statements(services, client, PATH + "?again")
    assert len([s for s in statements if s.startswith("SELECT")]) == 3
    assert [s for s in statements if not s.startswith("SELECT")] in ([], ["BEGIN"])


def test_every_change_readers_see_renders_the_page_again(client, services) -> None:
    lead, politics, picture = _setup(services)
    now = services.clock()
    with services.sessions.begin() as session:
        taxonomy.update_section(
            session, services.bus, politics.id, actor=SYSTEM, name="Power", parent_id=None
        )
    assert '<a class="label" href="/politics">Power</a>' in client.get(PATH).text
    with services.sessions.begin() as session:
        tag = session.scalar(select(Tag).where(Tag.name == "Budget"))
        taxonomy.rename_tag(session, services.bus, tag.id, actor=SYSTEM, name="Spending")
    assert 'rel="tag">Spending</a>' in client.get(PATH).text
    with services.sessions.begin() as session:
        media.describe_image(
            session, services.bus, picture.id, actor=SYSTEM, alt="Members voting",
            caption="The chamber at night", credit="",
        )  # fmt: skip
    page = client.get(PATH).text
    assert "The chamber at night" in page and 'alt="Members voting"' in page
    with services.sessions.begin() as session:
        editorial.add_correction(
            session, services.bus, lead.id, actor=SYSTEM, kind="correction",
            body="The vote was 7 to 5.", now=now,
        )  # fmt: skip
    assert "The vote was 7 to 5." in client.get(PATH).text
    with services.sessions.begin() as session:
        actions.unpublish_article(session, services.bus, lead.id, actor=SYSTEM, now=now)
        assert session.get(ArticlePage, lead.id) is None
    assert client.get(PATH).status_code == 404


def test_stale_parts_are_never_served_and_render_brings_them_back(client, services) -> None:
    lead, _, _ = _setup(services)
    with services.sessions.begin() as session:
        actions.update_site_settings(session, services.bus, actor=SYSTEM, name="The Riverton Post")
    # Rendered with the old name: the page is made from the article meanwhile.
    page = client.get(PATH).text
    assert '<meta property="og:site_name" content="The Riverton Post">' in page
    with services.sessions.begin() as session:
        session.execute(update(ArticlePage).values(stamp="old", top="stale"))
    assert "stale" not in client.get(PATH).text
    done = pages.refresh_stale(services.sessions, services.templates, services.settings.base_url)
    assert done == 5
    with services.sessions() as session:
        stored = session.get(ArticlePage, lead.id)
        assert stored is not None and 'content="The Riverton Post"' in stored.head
    assert "The Riverton Post" in client.get(PATH).text
