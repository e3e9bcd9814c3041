"""The demo loader: generated content goes in through the actions and looks like a site."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from thepost import demo
from thepost.app import build_services
from thepost.audit.models import AuditEntry
from thepost.comments.models import Comment, CommentStatus
from thepost.config import Settings
from thepost.content import access, menus, page_queries, queries, site
from thepost.content.models import (
    Article,
    ArticlePage,
    Author,
    RelatedArticle,
    Section,
    Status,
)
from thepost.db import migrate
from thepost.demo import bilingual
from thepost.search.query import parse
from thepost.services import Services

SECTIONS = [
    "News",
    "World",
    "Politics",
    "Business",
    "Technology",
    "Entertainment",
    "Sport",
    "Opinion",
]


def _loaded(data_dir: Path, articles: int = 24, seed: int = 1) -> tuple[Services, str]:
    # An explicit empty URL: always a fresh SQLite file under data_dir, whatever the env says.
    services = build_services(Settings(data_dir=data_dir, database_url=""))
    migrate.upgrade(services.engine)
    summary = demo.load(services, articles=articles, seed=seed)
    return services, summary


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Services, str]]:
    services, summary = _loaded(tmp_path_factory.mktemp("demo"))
    yield services, summary
    services.engine.dispose()


def test_summary_is_one_line(loaded: tuple[Services, str]) -> None:
    _services, summary = loaded
    assert "\n" not in summary
    assert "24 published articles" in summary


def test_sections_in_order(loaded: tuple[Services, str]) -> None:
    services, _ = loaded
    with services.writes() as session:
        sections = list(session.scalars(select(Section).order_by(Section.position)))
    assert [s.name for s in sections] == SECTIONS
    assert [s.position for s in sections] == list(range(1, 9))  # as the newsroom numbers them
    assert all(s.description.endswith(".") for s in sections)


def test_authors(loaded: tuple[Services, str]) -> None:
    services, _ = loaded
    with services.writes() as session:
        authors = list(session.scalars(select(Author)))
    assert 8 <= len(authors) <= 12
    assert all(a.job_title and a.bio.count(".") >= 2 for a in authors)
    with_photos = sum(a.photo_id is not None for a in authors)
    assert 3 <= with_photos <= len(authors) - 3


def test_published_articles_are_complete(loaded: tuple[Services, str]) -> None:
    services, _ = loaded
    with services.writes() as session:
        published = list(
            session.scalars(
                select(Article)
                .where(Article.status == Status.PUBLISHED.value)
                .options(selectinload(Article.bylines), selectinload(Article.tags))
            )
        )
        now = services.clock()
        assert len(published) >= 24
        briefs = {s[lang]["slug"] for s in bilingual.STORIES for lang in ("en", "es")}
        for article in published:
            # a live blog's story is its summary (entries follow); the stories written in
            # two languages are briefs
            if not article.live_status and article.slug not in briefs:
                assert 400 <= article.word_count <= 900, (article.title, article.word_count)
            assert 1 <= len(article.bylines) <= 3
            assert len(article.tags) >= 2
            assert article.featured_image_id is not None
            assert article.featured_alt and article.featured_caption and article.featured_credit
            assert article.dateline and article.dateline == article.dateline.upper()
            assert 15 <= len(article.standfirst.split()) <= 35
            assert "<h2>" in access.whole(article)
            assert article.published_at is not None
            assert now - timedelta(days=31) < article.published_at <= now
            assert article.updated_at >= article.published_at
        assert any("<figure" in a.body_html for a in published)
        # Some stories are for members, their rest behind the wall.
        gated = [a for a in published if a.access == "members"]
        assert gated and all(a.gated_html and a.body_html.count("<p>") >= 3 for a in gated)
        sections = Counter(
            a.section_id for a in published if not a.live_status and a.slug not in briefs
        )
        assert len(sections) == 8 and set(sections.values()) == {3}
        assert len({a.title for a in published}) == len(published)


def test_one_scheduled_and_one_draft_stay_hidden(loaded: tuple[Services, str]) -> None:
    services, _ = loaded
    now = services.clock()
    with services.writes() as session:
        statuses = Counter(session.scalars(select(Article.status)))
        assert statuses[Status.SCHEDULED.value] == 1
        assert statuses[Status.DRAFT.value] == 1
        scheduled = session.scalar(select(Article).where(Article.status == Status.SCHEDULED.value))
        assert scheduled is not None and scheduled.published_at is not None
        assert scheduled.published_at > now + timedelta(hours=23)
        draft = session.scalar(select(Article).where(Article.status == Status.DRAFT.value))
        assert draft is not None and draft.published_at is None
        # Nobody's "You May Also Like" points at the draft; none shows the scheduled one yet.
        assert draft.id not in set(session.scalars(select(RelatedArticle.related_id)))
        for article_id in session.scalars(select(Article.id).where(Article.status == "published")):
            shown = queries.related_cards(session, article_id, None, now=now)
            assert scheduled.id not in {a.id for a in shown}


def test_comments(loaded: tuple[Services, str]) -> None:
    services, _ = loaded
    with services.writes() as session:
        comments = list(session.scalars(select(Comment)))
        articles = {a.id: a for a in session.scalars(select(Article))}
    assert comments
    assert all(c.status == CommentStatus.APPROVED.value for c in comments)
    assert all(c.author_email.endswith(("@example.org", "@example.com")) for c in comments)
    by_id = {c.id: c for c in comments}
    replies = [c for c in comments if c.parent_id is not None]
    assert replies
    for reply in replies:
        parent = by_id[reply.parent_id]  # type: ignore[index]
        assert parent.article_id == reply.article_id
        assert parent.created_at <= reply.created_at

    def depth(c: Comment) -> int:
        return 1 if c.parent_id is None else 1 + depth(by_id[c.parent_id])

    assert max(depth(c) for c in comments) in (2, 3)
    for comment in comments:
        article = articles[comment.article_id]
        assert article.status == Status.PUBLISHED.value
        assert article.published_at is not None and comment.created_at >= article.published_at


def test_pages_and_the_footer_menu(loaded: tuple[Services, str]) -> None:
    services, summary = loaded
    assert "5 pages" in summary
    now = services.clock()
    with services.writes() as session:
        paths = page_queries.paths(session, live_only=now)
        found = menus.menus(session, now=now, sections=queries.sections(session))
        titles = {page_queries.live_page(session, p, now=now).page.title for p in paths.values()
                  if not p.startswith("es/")}  # fmt: skip
        spanish = page_queries.live_page(session, "quienes-somos", now=now, language="es")
    assert sorted(paths.values()) == [
        "about", "contact", "corrections", "es/quienes-somos", "terms", "terms/privacy"
    ]  # fmt: skip
    assert titles == {"About us", "Contact", "Corrections policy", "Terms of use", "Privacy"}
    assert spanish is not None and spanish.page.translation_of_id is not None
    footer = found["footer"]
    pages = ["About us", "Contact", "Corrections policy", "Terms of use"]
    assert [e.label for e in footer] == [*SECTIONS, "Latest", *pages]
    assert [c.target for c in footer[-1].children] == ["terms/privacy"]
    # The header is the default one: Home and the sections.
    assert [e.label for e in found["header"]] == ["Home", *SECTIONS]


def test_related_articles_stored(loaded: tuple[Services, str]) -> None:
    services, _ = loaded
    count = services.settings.related_count
    with services.writes() as session:
        published = set(
            session.scalars(select(Article.id).where(Article.status == Status.PUBLISHED.value))
        )
        scheduled = set(
            session.scalars(select(Article.id).where(Article.status == Status.SCHEDULED.value))
        )
        rows = list(session.scalars(select(RelatedArticle)))
    by_article: dict[int, list[RelatedArticle]] = {}
    for row in rows:
        by_article.setdefault(row.article_id, []).append(row)
    scheduled_or_published = published | scheduled
    for article_id in published:
        mine = by_article.get(article_id, [])
        assert len(mine) >= count  # with spare places for scheduled stories
        assert all(r.related_id != article_id for r in mine)
        assert {r.related_id for r in mine} <= scheduled_or_published
    with services.writes() as session:
        for article_id in published:
            shown = queries.related_cards(
                session, article_id, None, now=services.clock(), limit=count
            )
            assert len(shown) == count and {a.id for a in shown} <= published


def test_the_reactions_of_every_publish_ran_once_for_all(loaded: tuple[Services, str]) -> None:
    """The loader publishes in a batch: each article gets what a newsroom publish gives
    it (its stored page, its place in the search index, an audit row), with no step
    repeated by hand."""
    services, _ = loaded
    with services.writes() as session:
        live = set(
            session.scalars(
                select(Article.id).where(Article.status.in_(["published", "scheduled"]))
            )
        )
        stored = set(session.scalars(select(ArticlePage.article_id)))
        audited = Counter(
            int(row.object_id)
            for row in session.scalars(
                select(AuditEntry).where(AuditEntry.action == "article.publish")
            )
        )
        published = session.execute(
            select(Article.id, Article.title).where(Article.status == "published")
        ).all()
        for article_id, title in published[::5]:
            results = services.search.search(session, parse(title), now=services.clock())
            assert article_id in [hit.article_id for hit in results.hits], title
    assert live and live <= stored
    assert set(audited) == live and set(audited.values()) == {1}


def test_pictures_stored(loaded: tuple[Services, str]) -> None:
    services, _ = loaded
    files = list(services.settings.media_dir.rglob("*.webp"))
    assert files and list(services.settings.media_dir.rglob("*.jpg"))


def test_same_seed_same_content(loaded: tuple[Services, str], tmp_path: Path) -> None:
    first, _ = loaded
    second, _ = _loaded(tmp_path)
    try:
        query = select(Article.title, Article.body_source).order_by(Article.id)
        with first.writes() as a, second.writes() as b:
            assert a.execute(query).all() == b.execute(query).all()
    finally:
        second.engine.dispose()


def test_the_demo_accounts_come_with_a_published_api_token(tmp_path: Path) -> None:
    from thepost.accounts import tokens
    from thepost.demo import accounts as demo_accounts

    services = build_services(Settings(data_dir=tmp_path, database_url=""))
    migrate.upgrade(services.engine)
    with services.writes.begin() as session:
        demo_accounts.create(session, now=services.clock())
        demo_accounts.create(session, now=services.clock())  # again: nothing more
    with services.reads() as session:
        grant = tokens.resolve(session, demo_accounts.TOKEN, now=services.clock())
        assert grant is not None and grant.user is not None
        assert grant.user.email == "editor@example.com"
        assert grant.allows("articles:write") and not grant.allows("taxonomy:write")
    services.engine.dispose()


@pytest.mark.parametrize(
    ("language", "sections", "zone"),
    [
        ("es", ["Noticias", "Mundo", "Política"], "Europe/Madrid"),
        ("ar", ["أخبار", "العالم", "سياسة"], "Asia/Beirut"),
    ],
)
def test_the_demo_in_another_language(
    tmp_path: Path, language: str, sections: list[str], zone: str
) -> None:
    services = build_services(Settings(data_dir=tmp_path, database_url=""))
    migrate.upgrade(services.engine)
    demo.load(services, articles=8, language=language)
    with services.reads() as session:
        shown = site.load(session)
        assert (shown.language, shown.time_zone) == (language, zone)
        found = queries.sections(session)
        assert [s.name for s in found][:3] == sections
        # Addresses stay readable: Latin names give their own, others the English one.
        assert found[0].slug == ("noticias" if language == "es" else "news")
    services.engine.dispose()
    with pytest.raises(ValueError):
        demo.load(services, articles=8, language="xx")
