"""Bodies are rendered at save time with their figures' words in them (``content.bodies``):
the pictures a body shows are recorded, and a picture described anew renders again every
body showing it, its stored page and what the page cache kept, as it does for the
articles it features. On SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import select

import factories as f
from cache.test_page_cache import queries_for
from thepost.content import actions, bodies, media
from thepost.content.models import Article, ArticleFigure, ArticlePage
from thepost.permissions import SYSTEM


def _figure(image_id: int, caption: str = "") -> str:
    title = f' "{caption}"' if caption else ""
    return f"The cranes came back.\n\n![A crane](image:{image_id}{title})\n\nWork starts Monday."


def _figures(services) -> set[tuple[int, int]]:
    with services.reads() as session:
        rows = session.execute(select(ArticleFigure.article_id, ArticleFigure.image_id))
        return {(a, i) for a, i in rows}


def test_a_save_records_the_pictures_its_body_shows(services) -> None:
    with services.writes.begin() as session:
        one, two, three = (f.image(services, session) for _ in range(3))
        body = _figure(one.id) + f"\n\n![Two](image:{two.id})\n\nNot one: ![x](image:{three.id})."
        story = f.article(services, session, body=body + "\n\n![Unknown](image:999999)")
    assert _figures(services) == {(story.id, one.id), (story.id, two.id)}
    with services.writes.begin() as session:
        data = actions.ArticleInput(title=story.title, body=_figure(two.id))
        actions.save_article(
            session,
            services.bus,
            services.media_urls,
            data,
            actor=SYSTEM,
            now=services.clock(),
            article_id=story.id,
        )
    assert _figures(services) == {(story.id, two.id)}
    with services.writes.begin() as session:
        data = actions.ArticleInput(title=story.title, body=_figure(two.id), body_format="html")
        actions.save_article(
            session,
            services.bus,
            services.media_urls,
            data,
            actor=SYSTEM,
            now=services.clock(),
            article_id=story.id,
        )
    assert _figures(services) == set()


def test_a_caption_changed_shows_on_the_articles_showing_the_picture_inline(
    client, services
) -> None:
    with services.writes.begin() as session:
        news = f.section(session, "News")
        picture = f.image(services, session, caption="Cranes idle at the quay", credit="Ann Lee")
        story = f.article(
            services, session, title="Cranes return", section=news, body=_figure(picture.id)
        )
        own_words = f.article(
            services,
            session,
            title="Cranes, again",
            section=news,
            body=_figure(picture.id, "A caption of its own"),
        )
        draft = f.article(
            services,
            session,
            title="Cranes draft",
            section=news,
            body=_figure(picture.id),
            publish=False,
        )
        featured = f.article(
            services, session, title="Cranes featured", section=news, featured_image_id=picture.id
        )
        unrelated = f.article(services, session, title="Ferry fares", section=news)
    path, other_path = f"/news/{story.slug}", f"/news/{own_words.slug}"
    assert "Cranes idle at the quay" in client.get(path).text
    assert "A caption of its own" in client.get(other_path).text
    hits, kept = queries_for(services, lambda: client.get(path))
    assert hits == 0 and "Cranes idle at the quay" in kept.text  # the page cache has it
    with services.reads() as session:
        unrelated_page = session.get(ArticlePage, unrelated.id)
        assert unrelated_page is not None
        unrelated_parts = (unrelated_page.top, unrelated_page.rest)

    # As the newsroom's picture page does it.
    with services.writes.begin() as session:
        media.describe_image(
            session,
            services.bus,
            picture.id,
            actor=SYSTEM,
            alt="Two cranes over the quay",
            caption="Cranes at work again",
            credit="Bo Chen",
        )

    page = client.get(path).text
    assert "Cranes at work again" in page and "Cranes idle at the quay" not in page
    assert "Bo Chen" in page and "Ann Lee" not in page
    assert 'alt="A crane"' in page  # the body's own alt text wins over the picture's
    with services.reads() as session:
        stored = session.get(ArticlePage, story.id)
        assert stored is not None
        # The stored page holds no body: the page puts the article's back (``body_at``).
        body = session.get(Article, story.id).body_html
        assert "Cranes at work again" in body and "Cranes idle at the quay" not in body
        assert stored.body_at is not None and "Cranes" not in stored.rest
        assert "Cranes at work again" in session.get(Article, draft.id).body_html
        featured_page = session.get(ArticlePage, featured.id)
        assert featured_page is not None
        assert 'alt="Two cranes over the quay"' in featured_page.top + featured_page.rest
        unrelated_page = session.get(ArticlePage, unrelated.id)
        assert (unrelated_page.top, unrelated_page.rest) == unrelated_parts
    other = client.get(other_path).text
    assert "A caption of its own" in other and "Bo Chen" in other and "Ann Lee" not in other
    # The feed's full text follows the stored body.
    feed = client.get("/feed/rss").text
    assert "Cranes at work again" in feed and "Cranes idle at the quay" not in feed


def test_render_again_touches_only_the_bodies_showing_the_picture(services) -> None:
    with services.writes.begin() as session:
        shown, other = f.image(services, session), f.image(services, session)
        story = f.article(services, session, body=_figure(shown.id))
        f.article(services, session, body=_figure(other.id))
        assert bodies.showing(session, shown.id) == [story.id]
        assert bodies.render_again(session, services.media_urls, shown.id) == [story.id]
