"""Importing WordPress's theme unit test export, on SQLite and PostgreSQL: everything in
it arrives, every old address answers one 301, a second run changes nothing."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select
from starlette.testclient import TestClient

from thepost.comments.models import Comment
from thepost.content import page_queries, redirects, related
from thepost.content.models import (
    Article,
    Author,
    Image,
    Page,
    Redirect,
    RelatedArticle,
    Section,
    Status,
    Tag,
)
from thepost.services import Services
from thepost.web import urls
from thepost.wordpress import importer, wxr
from thepost.wordpress.models import ImportedItem
from wordpress import exports
from wordpress.exports import EXPORT, NS


def _items() -> list[ET.Element]:
    return exports.items()


def _field(item: ET.Element, name: str) -> str:
    return exports.field(item, name)


def _field_of(element: ET.Element, name: str) -> str:
    return exports.field(element, name)


def _posts() -> list[ET.Element]:
    return [i for i in _items() if _field(i, "post_type") == "post"]


@pytest.fixture
def uploads_folder(tmp_path: Path) -> Path:
    return exports.uploads_folder(tmp_path / "uploads")


def _run(services: Services, folder: Path | None = None, **options: object) -> importer.Report:
    return importer.run(services, EXPORT, importer.Options(uploads=folder, **options))  # type: ignore[arg-type]


def _count(services: Services, model: type) -> int:
    with services.reads() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_every_post_comment_term_author_and_picture_arrives(
    services: Services, uploads_folder: Path
) -> None:
    report = _run(services, uploads_folder)

    posts = _posts()
    assert _count(services, Article) == len(posts) == 58
    comments = [c for p in posts for c in p.findall("wp:comment", NS)]
    assert _count(services, Comment) == len(comments)
    slugs = {
        (c.findtext("wp:category_nicename", namespaces=NS) or "").strip()
        for c in ET.parse(EXPORT).getroot().findall("./channel/wp:category", NS)
    }
    assert _count(services, Section) == len(slugs)
    assert _count(services, Tag) >= 110  # the tags, and the categories beyond a post's first
    assert _count(services, Author) == 2
    images = [i for i in _items() if _field(i, "attachment_url").endswith((".jpg", ".gif"))]
    assert _count(services, Image) == len(images)
    assert report.counts["post"]["imported"] == 58
    assert report.counts["picture"]["imported"] == len(images)
    assert "block:core/latest-posts" in report.unconverted


def _article(services: Services, wp_id: int) -> Article:
    with services.reads() as session:
        row = session.get(ImportedItem, ("post", str(wp_id)))
        assert row is not None
        article = session.get(Article, row.target_id)
        assert article is not None
        session.expunge(article)
        return article


def _wp_id(title: str) -> int:
    item = next(i for i in _posts() if (i.findtext("title") or "").strip() == title)
    return int(_field(item, "post_id"))


def test_statuses_threads_and_pictures_are_kept(
    services: Services, uploads_folder: Path, client: TestClient, clock: object
) -> None:
    _run(services, uploads_folder)
    statuses = Counter(_field(p, "status") for p in _posts())
    with services.reads() as session:
        kept = Counter(session.scalars(select(Article.status)))
        held = session.scalar(select(func.count()).where(Comment.status == "pending"))
        replies = session.scalar(select(func.count()).where(Comment.parent_id.is_not(None)))
        figures = session.scalar(
            select(func.count()).where(Article.body_html.like('%<figure class="inline">%'))
        )
    assert kept[Status.DRAFT.value] == statuses["draft"]
    assert kept[Status.PRIVATE.value] >= 1  # the password-protected post
    assert held == sum(
        _field_of(c, "comment_approved") == "0"
        for p in _posts()
        for c in p.findall("wp:comment", NS)
    )
    assert replies and replies > 5
    assert figures and figures > 3

    # The sticky post leads the home page.
    sticky = next(p for p in _posts() if _field(p, "is_sticky") == "1")
    lead = _article(services, int(_field(sticky, "post_id")))
    home = client.get("/").text
    assert home.index(lead.title) < min(
        home.index(a.title) for a in _live_others(services, lead.id)[:3]
    )

    # The future post appears by itself once its time comes.
    future = next(p for p in _posts() if _field(p, "status") == "future")
    article = _article(services, int(_field(future, "post_id")))
    path = f"/{'news'}/{article.slug}"
    assert article.status == Status.SCHEDULED
    assert client.get(path, follow_redirects=True).status_code == 404
    clock.advance(seconds=(article.published_at - clock()).total_seconds() + 60)  # type: ignore[attr-defined, operator]
    page = client.get(_address(services, article.id), follow_redirects=False)
    assert page.status_code == 200

    # The password-protected post's words reach no reader.
    protected = next(p for p in _posts() if _field(p, "post_password"))
    article = _article(services, int(_field(protected, "post_id")))
    secret = " ".join(article.body_text.split()[:6])
    assert client.get(_address(services, article.id)).status_code == 404
    for reader_path in ("/", "/latest", "/feed/rss", f"/search?q={article.title}"):
        assert secret not in client.get(reader_path).text


def _live_others(services: Services, but: int) -> list[Article]:
    with services.reads() as session:
        return list(
            session.scalars(
                select(Article)
                .where(Article.status == Status.PUBLISHED, Article.id != but)
                .order_by(Article.published_at.desc())
            )
        )


def _address(services: Services, article_id: int) -> str:
    with services.reads() as session:
        article = session.get(Article, article_id)
        assert article is not None
        section = session.get(Section, article.section_id) if article.section_id else None
    return f"/{section.slug if section else 'news'}/{article.slug}"


def test_every_old_address_answers_one_301(services: Services, client: TestClient) -> None:
    _run(services)
    with services.reads() as session:
        rows = list(session.scalars(select(Redirect)))
    assert len(rows) > 500
    checked = 0
    for item in _posts():
        wp_id = int(_field(item, "post_id"))
        article = _article(services, wp_id)
        if article.status not in (Status.PUBLISHED, Status.SCHEDULED):
            continue
        if article.published_at and article.published_at > services.clock():
            continue
        target = _address(services, article.id)
        olds = {f"/?p={wp_id}", redirects.key_of_url(item.findtext("link") or "") + "/"}
        for old in olds:
            answer = client.get(old, follow_redirects=False)
            assert answer.status_code == 301, old
            assert answer.headers["location"] == target, old
            assert client.get(target, follow_redirects=False).status_code == 200
            checked += 1
    assert checked > 80
    # Categories, tags and authors, and their feeds.
    for old, new in (
        ("/category/parent-category/child-category-01/", "/child-category-01"),
        ("/tag/8bit/", "/tag/8bit"),
        ("/author/themedemos/", "/author/theme-buster"),
        ("/category/markup/feed/", "/markup/feed/rss"),
    ):
        answer = client.get(old, follow_redirects=False)
        assert (answer.status_code, answer.headers.get("location")) == (301, new), old


def test_a_second_run_changes_nothing_and_a_dry_run_writes_nothing(
    services: Services, uploads_folder: Path
) -> None:
    dry = _run(services, uploads_folder, dry_run=True)
    assert _count(services, Article) == _count(services, Image) == 0
    assert _count(services, Redirect) == 0
    first = _run(services, uploads_folder)
    assert dry.counts == first.counts
    counts = {m: _count(services, m) for m in (Article, Comment, Section, Tag, Author, Image)}
    again = _run(services, uploads_folder)
    assert again.summary() == f"0 new, {first.new()} unchanged"
    assert counts == {m: _count(services, m) for m in counts}


def test_reading_ahead_in_a_second_process_gives_the_same_import(
    services: Services, uploads_folder: Path
) -> None:
    """A large export is read and converted in a second process (``reading``); the
    fixture, read that way, gives what reading it in-process gives: the same report,
    and a second run in-process finds every digest unchanged."""
    dry = _run(services, uploads_folder, dry_run=True, read_ahead=False)
    ahead = _run(services, uploads_folder, read_ahead=True, chunk=7)
    assert ahead.counts == dry.counts
    assert ahead.text() == dry.text().replace("Dry run: nothing was written. ", "")
    again = _run(services, uploads_folder, read_ahead=False)
    assert again.summary() == f"0 new, {ahead.new()} unchanged"
    with services.reads() as session:
        bodies = dict(session.execute(select(Article.slug, Article.body_html)).all())
    with services.writes.begin() as session:
        session.execute(delete(Article))
    _run(services, uploads_folder, read_ahead=False)
    with services.reads() as session:
        assert dict(session.execute(select(Article.slug, Article.body_html)).all()) == bodies


def test_a_run_stopped_half_way_finishes_when_started_again(
    services: Services, uploads_folder: Path
) -> None:
    class Stop(Exception):
        pass

    def stop_after_first_chunk(kind: str, done: int, total: int) -> None:
        if kind == "posts":
            raise Stop

    with pytest.raises(Stop):
        importer.run(
            services, EXPORT, importer.Options(uploads=uploads_folder, chunk=20),
            progress=stop_after_first_chunk,
        )  # fmt: skip
    partial = _count(services, Article)
    assert 0 < partial < 58
    with services.writes.begin() as session:  # as a kill before the held reactions ran
        session.execute(delete(RelatedArticle))
    _run(services, uploads_folder)
    assert _count(services, Article) == 58
    with services.reads() as session:
        assert related.unlisted(session) == []
    assert _count(services, Comment) == len(
        [c for p in _posts() for c in p.findall("wp:comment", NS)]
    )


def test_an_unsafe_file_is_refused_and_nothing_is_written(
    services: Services, tmp_path: Path
) -> None:
    bomb = tmp_path / "bomb.xml"
    entities = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10 if n else "lol"}">' for n in range(10))
    bomb.write_text(
        f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]><rss><channel>&l9;</channel></rss>'
    )
    with pytest.raises(wxr.WXRError):
        importer.run(services, bomb)
    assert _count(services, Article) == _count(services, Section) == 0


def test_times_are_kept(services: Services) -> None:
    _run(services)
    item = next(
        p for p in _posts() if _field(p, "status") == "publish" and p.findall("wp:comment", NS)
    )
    article = _article(services, int(_field(item, "post_id")))
    gmt = _field(item, "post_date_gmt")
    assert article.published_at is not None
    assert article.published_at.strftime("%Y-%m-%d %H:%M:%S") == gmt
    assert abs(article.first_published_at - article.published_at) < timedelta(seconds=1)  # type: ignore[operator]


def test_pages_keep_their_tree_and_addresses_and_the_menu_arrives(
    services: Services, client: TestClient
) -> None:
    report = _run(services)
    pages = [i for i in _items() if _field(i, "post_type") == "page"]
    assert _count(services, Page) == len(pages) == 21
    assert report.counts["page"]["imported"] == 21
    with services.reads() as session:
        paths = page_queries.paths(session, live_only=services.clock())
        mapped = {
            int(row.key): row.target_id
            for row in session.scalars(select(ImportedItem).where(ImportedItem.kind == "page"))
        }
    children = [
        p for p in pages if _field(p, "post_parent") != "0" and _field(p, "status") == "publish"
    ]
    assert children
    for page in children:
        wp_id = int(_field(page, "post_id"))
        path = urls.page_path(paths[mapped[wp_id]])
        assert path.count("/") >= 2, path  # under its parent
        assert client.get(path, follow_redirects=False).status_code == 200, path
        for old in (f"/?page_id={wp_id}", redirects.key_of_url(page.findtext("link") or "") + "/"):
            answer = client.get(old, follow_redirects=False)
            assert (answer.status_code, answer.headers.get("location")) == (301, path), old
    header = client.get("/").text.split("</header>")[0]
    assert "Categories" in header and "Advanced" in header  # WordPress's "Testing Menu"
    assert report.counts["menu"]["imported"] == 1
    assert _run(services).counts["menu"]["unchanged"] == 1
