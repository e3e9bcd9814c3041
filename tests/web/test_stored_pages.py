"""Article pages served from parts rendered at publish time (``web/site/pages.py``):
every change readers see re-renders them in its own transaction, and a page whose parts
are missing or stale is rendered from the article, never served wrong."""

from __future__ import annotations

import threading

from sqlalchemy import select, text, update

import factories as f
from thepost.comments import actions as comment_actions
from thepost.comments import policy as comment_policy
from thepost.comments.models import CommentStatus
from thepost.content import actions, editorial, media, queries, taxonomy
from thepost.content.models import ArticlePage, Tag
from thepost.permissions import SYSTEM
from thepost.web.site import pages
from web import test_pages as web_pages

PATH = "/politics/council-passes-the-budget"
PACKED = ("head", "top", "rest", "thread", "feed", "api")


def _setup(services):
    with services.writes.begin() as session:
        politics = f.section(session, "Politics")
        picture = f.image(services, session, caption="The council chamber")
        lead = f.article(
            services,
            session,
            title="Council passes the budget",
            section=politics,
            authors=[f.author(session, "Jane Smith")],
            tags=["Budget"],
            featured_image_id=picture.id,
        )
        for i in range(4):
            f.article(services, session, title=f"Budget follow-up {i}", section=politics)
        f.comment(services, session, lead, name="Ana", body="Good news for renters.")
    return lead, politics, picture


def test_publishing_stores_the_page_and_a_request_reads_it_in_one_statement(
    client, services
) -> None:
    lead, _, _ = _setup(services)
    with services.writes() as session:
        stored = session.get(ArticlePage, lead.id)
        assert stored is not None and "Council passes the budget" in stored.top
        assert "og:title" in stored.head and "card-title" in stored.card
        assert "Good news for renters." in stored.thread and stored.comment_count == 1
    first = client.get(PATH)
    assert first.status_code == 200 and "Good news for renters." in first.text
    # With the site's settings and menu kept (the page cache emptied, the memo kept):
    # the page with its parts and comments, and the related cards, in one statement.
    client.app.page_cache.store.clear()
    statements = web_pages.statements(services, client, PATH)
    assert len([s for s in statements if s.startswith("SELECT")]) == 1
    assert [s for s in statements if not s.startswith("SELECT")] in ([], ["BEGIN"])


def test_every_change_readers_see_renders_the_page_again(client, services) -> None:
    lead, politics, picture = _setup(services)
    now = services.clock()
    with services.writes.begin() as session:
        taxonomy.update_section(
            session, services.bus, politics.id, actor=SYSTEM, name="Power", parent_id=None
        )
    assert '<a class="label" href="/politics">Power</a>' in client.get(PATH).text
    with services.writes.begin() as session:
        tag = session.scalar(select(Tag).where(Tag.name == "Budget"))
        taxonomy.rename_tag(session, services.bus, tag.id, actor=SYSTEM, name="Spending")
    assert 'rel="tag">Spending</a>' in client.get(PATH).text
    with services.writes.begin() as session:
        media.describe_image(
            session,
            services.bus,
            picture.id,
            actor=SYSTEM,
            alt="Members voting",
            caption="The chamber at night",
            credit="",
        )
    page = client.get(PATH).text
    assert "The chamber at night" in page and 'alt="Members voting"' in page
    with services.writes.begin() as session:
        editorial.add_correction(
            session,
            services.bus,
            lead.id,
            actor=SYSTEM,
            kind="correction",
            body="The vote was 7 to 5.",
            now=now,
        )
    assert "The vote was 7 to 5." in client.get(PATH).text
    with services.writes.begin() as session:
        actions.unpublish_article(session, services.bus, lead.id, actor=SYSTEM, now=now)
        assert session.get(ArticlePage, lead.id) is None
    assert client.get(PATH).status_code == 404


def test_stale_parts_are_never_served_and_render_brings_them_back(client, services) -> None:
    lead, _, _ = _setup(services)
    with services.writes.begin() as session:
        actions.update_site_settings(session, services.bus, actor=SYSTEM, name="The Riverton Post")
    # Rendered with the old name: the page is made from the article meanwhile.
    page = client.get(PATH).text
    assert '<meta property="og:site_name" content="The Riverton Post">' in page
    with services.writes.begin() as session:
        session.execute(update(ArticlePage).values(stamp="old", top="stale"))
    assert "stale" not in client.get(PATH).text
    done = pages.refresh_stale(services.writes, services.templates, services.settings.base_url)
    assert done == 5
    with services.writes() as session:
        stored = session.get(ArticlePage, lead.id)
        assert stored is not None and 'content="The Riverton Post"' in stored.head
    assert "The Riverton Post" in client.get(PATH).text


def _thread(services, article_id: int) -> tuple[str, int]:
    with services.writes() as session:
        stored = session.get(ArticlePage, article_id)
        assert stored is not None
        return stored.thread, stored.comment_count


def test_a_comment_shown_or_taken_down_renders_the_stored_thread_again(client, services) -> None:
    lead, _, _ = _setup(services)
    with services.writes.begin() as session:
        held = f.comment(
            services, session, lead, name="Cy", body="Held back.", status=CommentStatus.PENDING
        )
    assert "Held back." not in _thread(services, lead.id)[0]
    with services.writes.begin() as session:
        comment_actions.approve(session, services.bus, held.id, actor=SYSTEM)
    thread, count = _thread(services, lead.id)
    assert "Held back." in thread and count == 2
    with services.writes.begin() as session:
        comment_actions.edit(session, services.bus, held.id, actor=SYSTEM, body="Edited.")
    assert "Edited." in client.get(PATH + "?edited").text
    with services.writes.begin() as session:
        reply = comment_actions.reply_as_staff(
            session,
            services.bus,
            services.keys,
            held.id,
            name="Desk",
            email="desk@example.org",
            body="Thanks, Cy.",
            actor=SYSTEM,
            now=services.clock(),
        )
    thread, count = _thread(services, lead.id)
    assert "Thanks, Cy." in thread and count == 3
    with services.writes.begin() as session:
        comment_actions.trash(session, services.bus, held.id, actor=SYSTEM)
    # The reply goes with its parent: shown replies need their context.
    thread, count = _thread(services, lead.id)
    assert "Edited." not in thread and "Thanks, Cy." not in thread and count == 1
    page = client.get(PATH + "?trashed").text
    assert f'id="comment-{reply.id}"' not in page and "1 Comment<" in page


def test_reply_links_follow_the_policy_and_the_age_of_the_article(client, services) -> None:
    lead, _, _ = _setup(services)
    assert "reply-link" in client.get(PATH).text
    with services.writes.begin() as session:
        comment_actions.update_policy(
            session, services.bus, comment_policy.ModerationPolicy(close_after_days=1), actor=SYSTEM
        )
    services.clock.advance(days=2)  # type: ignore[attr-defined]
    page = client.get(PATH + "?old").text
    assert "Good news for renters." in page and "reply-link" not in page
    assert "Comments are closed." in page
    with services.writes.begin() as session:
        comment_actions.update_policy(
            session, services.bus, comment_policy.ModerationPolicy(max_depth=1), actor=SYSTEM
        )
    # Replies are not taken at depth 1: the thread is rendered afresh, without the links.
    page = client.get(PATH + "?flat").text
    assert "Good news for renters." in page and "reply-link" not in page
    assert "Leave a Reply" in page


def test_the_stamp_moves_with_the_code_that_shapes_the_parts(services, tmp_path) -> None:
    """No number to bump by hand: a stored page made by other code is out of date."""
    modules = {m.__name__ for m in pages.SHAPING}
    assert {"thepost.web.site.meta", "thepost.media.html", "thepost.web.site.pages"} <= modules
    shaping = tmp_path / "shaping.py"
    shaping.write_text("def picture(): return '<img>'\n")
    before = pages.code_digest((str(shaping),))
    shaping.write_text("def picture(): return '<img loading=lazy>'\n")
    pages.code_digest.cache_clear()
    assert pages.code_digest((str(shaping),)) != before


def test_stored_page_reads_leave_the_event_loop_on_postgresql(client, services, monkeypatch):
    """On SQLite the two reads run on the loop (a local file); on PostgreSQL in the thread
    pool, where a network round trip or a pool wait stalls nobody else."""
    _setup(services)
    threads: list[str] = []
    real = queries.stored_page

    def stored_page(*args, **kwargs):
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(queries, "stored_page", stored_page)
    client.app.page_cache.store.clear()
    assert client.get(PATH).status_code == 200
    on_loop = services.engine.dialect.name == "sqlite"
    assert threads and ("worker" not in threads[0].lower()) == on_loop, threads


def test_the_parts_hold_no_body_and_serve_what_the_article_renders(client, services) -> None:
    """``rest`` and the feed item are stored without the story's body (the article's row
    has it) and the parts read whole are compressed on SQLite; the page and the feeds
    served from them are the bytes rendered from the article."""
    lead, politics, _ = _setup(services)
    with services.writes.begin() as session:  # its link made absolute in the feeds
        linked = f.article(
            services, session, title="Linked", section=politics, body="See [it](/politics)."
        )
    paths = [PATH, "/feed/rss", "/feed/atom", "/feed/json", "/politics/feed/rss"]
    served = {path: client.get(path).content for path in paths}
    assert b'See <a href=\\"http://127.0.0.1:8000/politics\\" rel=' in served["/feed/json"]
    with services.writes() as session:
        items = {p.article_id: p.feed for p in session.scalars(select(ArticlePage))}
        assert '"body":"absolute"' in items[linked.id] and "See" not in items[linked.id]
        assert '"body":"as is"' in items[lead.id]
        stored = session.get(ArticlePage, lead.id)
        assert stored is not None and stored.body_at is not None
        body = lead.body_html
        assert "A first paragraph." in body
        assert body not in stored.rest and "first paragraph" not in stored.feed
        sqlite = services.engine.dialect.name == "sqlite"
        kind = "typeof({})" if sqlite else "pg_typeof({})::text"
        found = ", ".join(kind.format(c) for c in PACKED)
        kinds = session.execute(text(f"SELECT {found} FROM article_pages")).first()
        assert set(kinds) == {"blob" if sqlite else "text"}
    with services.writes.begin() as session:  # out of date: rendered from the article
        session.execute(update(ArticlePage).values(stamp="old"))
    client.app.page_cache.store.clear()
    assert {path: client.get(path).content for path in paths} == served


def test_parts_stored_as_text_before_are_read_as_they_are(client, services) -> None:
    """Rows written before migration 0034 (text on SQLite too) read back unchanged."""
    lead, _, _ = _setup(services)
    with services.writes.begin() as session:
        session.execute(
            text("UPDATE article_pages SET stamp = 'old', head = 'old head', rest = 'old rest'")
        )
    with services.writes() as session:
        stored = session.get(ArticlePage, lead.id)
        assert stored is not None and (stored.head, stored.rest) == ("old head", "old rest")
    client.app.page_cache.store.clear()
    assert "Council passes the budget" in client.get(PATH).text
