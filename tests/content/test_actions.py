"""Content actions against the real databases (SQLite and PostgreSQL)."""

import pytest
from sqlalchemy import func, select

import factories as f
from thepost.content import actions, media, taxonomy
from thepost.content.models import Article, ArticleSlug, Revision, Status
from thepost.errors import ValidationError
from thepost.permissions import SYSTEM


def test_slugs_are_unique(services) -> None:
    with services.writes.begin() as session:
        a = f.article(services, session, title="Storm hits the coast")
        b = f.article(services, session, title="Storm hits the coast")
        c = f.article(services, session, title="Storm hits the coast")
    assert (a.slug, b.slug, c.slug) == (
        "storm-hits-the-coast",
        "storm-hits-the-coast-2",
        "storm-hits-the-coast-3",
    )


def test_changing_a_slug_keeps_the_old_one_and_records_revisions(services) -> None:
    with services.writes.begin() as session:
        article = f.article(services, session, title="First headline")
        actions.save_article(
            session,
            services.bus,
            services.media_urls,
            actions.ArticleInput(title="Better headline", body="Text"),
            actor=SYSTEM,
            now=services.clock(),
            article_id=article.id,
        )
    with services.writes() as session:
        assert session.get(Article, article.id).slug == "better-headline"
        assert (
            session.scalar(
                select(ArticleSlug.article_id).where(ArticleSlug.slug == "first-headline")
            )
            == article.id
        )
        assert session.scalar(select(func.count()).where(Revision.article_id == article.id)) == 2


def test_an_old_slug_is_not_given_to_another_article(services) -> None:
    with services.writes.begin() as session:
        article = f.article(services, session, title="Original")
        actions.save_article(
            session,
            services.bus,
            services.media_urls,
            actions.ArticleInput(title="Renamed"),
            actor=SYSTEM,
            now=services.clock(),
            article_id=article.id,
        )
        other = f.article(services, session, title="Original")
    assert other.slug == "original-2"


def test_validation_errors_name_the_field(services) -> None:
    with services.writes.begin() as session, pytest.raises(ValidationError) as caught:
        actions.save_article(
            session,
            services.bus,
            services.media_urls,
            actions.ArticleInput(title=" ", canonical_url="ftp://x"),
            actor=SYSTEM,
            now=services.clock(),
        )
    assert set(caught.value.errors) == {"title", "canonical_url"}


def test_reserved_section_slugs_are_refused(services) -> None:
    with services.writes.begin() as session, pytest.raises(ValidationError):
        taxonomy.add_section(session, services.bus, actor=SYSTEM, name="Search")


def test_tags_are_created_once_and_reused(services) -> None:
    with services.writes.begin() as session:
        first = actions.tags_by_name(session, ["Climate", "climate ", "Energy"])
        again = actions.tags_by_name(session, ["CLIMATE"])
    assert [t.name for t in first] == ["Climate", "Energy"]
    assert again[0].id == first[0].id


def test_publishing_in_the_future_schedules(services, clock) -> None:
    with services.writes.begin() as session:
        article = f.article(services, session, publish=False)
        actions.publish_article(
            session,
            services.bus,
            article.id,
            actor=SYSTEM,
            now=clock(),
            at=clock.now.replace(year=2027),
        )
        assert article.status == Status.SCHEDULED
        actions.publish_article(session, services.bus, article.id, actor=SYSTEM, now=clock())
        assert article.status == Status.PUBLISHED


def test_images_are_deduplicated_by_content(services) -> None:
    data = f.jpeg(colour=(10, 20, 30))
    with services.writes.begin() as session:
        one = media.upload_image(session, services.storage, data, actor=SYSTEM, widths=(320,))
        two = media.upload_image(session, services.storage, data, actor=SYSTEM, widths=(320,))
    assert one.image.id == two.image.id and (one.created, two.created) == (True, False)


def test_a_non_image_upload_is_a_validation_error(services) -> None:
    with services.writes.begin() as session, pytest.raises(ValidationError) as caught:
        media.upload_image(
            session,
            services.storage,
            b"<svg xmlns='http://www.w3.org/2000/svg'></svg>",
            actor=SYSTEM,
        )
    assert "SVG" in caught.value.errors["file"]
