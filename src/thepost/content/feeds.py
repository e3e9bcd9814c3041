"""Reads for feeds and sitemaps: only what readers may see (``queries.live``), loaded in a
fixed number of queries. Sitemap rows are yielded from a server-side cursor, so a sitemap
of 50,000 URLs is never held in memory::

    found = feeds.articles(session, now=now, section="politics")   # None: no such section
    for row in feeds.sitemap_rows(session, now=now, page=1, size=50_000):
        ...
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from thepost.content import queries
from thepost.content.models import (
    Article,
    ArticleAuthor,
    Author,
    Image,
    Section,
    Tag,
    article_tags,
)
from thepost.content.queries import live

FEED_ITEMS = 20
NEWS_WINDOW = timedelta(hours=48)
NEWS_MAX = 1000  # Google reads at most 1,000 URLs from a news sitemap
YIELD_PER = 1000


@dataclass
class FeedSource:
    """What a feed is about (None: the whole site) and its newest live articles, as rows
    of their stored feed items (``id``, ``stamp``, ``feed``, ``body_html``;
    ``queries.listing_rows``)."""

    subject: Section | Tag | Author | Article | None
    rows: list[Any]


def articles(
    session: Session,
    *,
    now: datetime,
    section: str = "",
    tag: str = "",
    author: str = "",
    limit: int = FEED_ITEMS,
    language: str = "",
) -> FeedSource | None:
    """The site's feed, or one section's, tag's or author's, of the stories in
    ``language`` ("": the site's own); None when the slug is unknown. Read newest first
    along the publish-time index, as the site's lists are."""
    subject: Section | Tag | Author | None = None
    if section:
        subject = queries.section_named(session, section)
    elif tag:
        subject = queries.tag_named(session, tag)
    elif author:
        subject = queries.author_named(session, author)
    if subject is None and (section or tag or author):
        return None
    listing = queries.Listing(
        section_id=subject.id if isinstance(subject, Section) else None,
        tag_id=subject.id if isinstance(subject, Tag) else None,
        author_id=subject.id if isinstance(subject, Author) else None,
        language=language,
    )
    rows = queries.listing_rows(session, listing, now=now, limit=limit, read=queries.FEED)
    return FeedSource(subject, rows)


# -- sitemaps ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SitemapRow:
    """One article URL of a sitemap, with its featured image's largest rendition."""

    article_id: int
    slug: str
    section_slug: str
    title: str
    published_at: datetime
    updated_at: datetime
    image_sha256: str | None
    image_widths: tuple[int, ...]
    language: str = ""  # as the column keeps it: "" for the site's own
    translation_of_id: int | None = None


def _sitemap_select(now: datetime) -> Any:
    return (
        select(
            Article.id,
            Article.slug,
            Section.slug,
            Article.title,
            Article.published_at,
            Article.updated_at,
            Image.sha256,
            Image.renditions,
            Article.language,
            Article.translation_of_id,
        )
        .outerjoin(Section, Section.id == Article.section_id)
        .outerjoin(Image, Image.id == Article.featured_image_id)
        .where(live(now))
    )


def _rows(session: Session, query: Select[Any]) -> Iterator[SitemapRow]:
    # yield_per streams from a server-side cursor on PostgreSQL and in batches on SQLite.
    for row in session.execute(query.execution_options(yield_per=YIELD_PER)):
        yield SitemapRow(
            row[0], row[1], row[2] or "", row[3], row[4], row[5], row[6], tuple(row[7] or ()),
            row[8], row[9],
        )  # fmt: skip


def sitemap_pages(session: Session, *, now: datetime, size: int) -> list[datetime]:
    """The newest change in each article sitemap page (pages in id order, ``size`` each)."""
    numbered = (
        select(
            Article.updated_at.label("updated"),
            Article.published_at.label("published"),
            ((func.row_number().over(order_by=Article.id) - 1) // size).label("bucket"),
        )
        .where(live(now))
        .subquery()
    )
    rows = session.execute(
        select(numbered.c.bucket, func.max(numbered.c.updated), func.max(numbered.c.published))
        .group_by(numbered.c.bucket)
        .order_by(numbered.c.bucket)
    ).all()
    return [max(updated, published) for _, updated, published in rows]


def sitemap_rows(session: Session, *, now: datetime, page: int, size: int) -> Iterator[SitemapRow]:
    """The live articles of sitemap page ``page`` (from 1), oldest id first, streamed."""
    query = _sitemap_select(now).order_by(Article.id).limit(size).offset((page - 1) * size)
    return _rows(session, query)


def translated(session: Session, *, now: datetime) -> dict[int, list[tuple[str, str, str]]]:
    """The live stories that have translations, by their group's original, each as
    (language as kept, section slug, slug): the sitemaps' alternates. Translations are
    a small part of an archive; a site without them reads one empty statement."""
    originals = select(Article.translation_of_id).where(
        Article.translation_of_id.is_not(None), live(now)
    )
    rows = session.execute(
        select(
            func.coalesce(Article.translation_of_id, Article.id),
            Article.language,
            Section.slug,
            Article.slug,
        )
        .outerjoin(Section, Section.id == Article.section_id)
        .where(
            live(now),
            or_(Article.translation_of_id.in_(originals), Article.id.in_(originals)),
        )
        .order_by(Article.id)
    )
    found: dict[int, list[tuple[str, str, str]]] = {}
    for root, language, section_slug, slug in rows:
        found.setdefault(root, []).append((language, section_slug or "", slug))
    return {root: versions for root, versions in found.items() if len(versions) > 1}


def news_rows(session: Session, *, now: datetime) -> list[SitemapRow]:
    """Articles first published in the last 48 hours, newest first (Google News)."""
    query = (
        _sitemap_select(now)
        .where(Article.published_at > now - NEWS_WINDOW)
        .order_by(Article.published_at.desc(), Article.id.desc())
        .limit(NEWS_MAX)
    )
    return list(_rows(session, query))


@dataclass(frozen=True)
class Listing:
    """A section, tag or author page for the sitemap, with its newest live article."""

    kind: str  # "section", "tag" or "author"
    slug: str
    lastmod: datetime
    language: str = ""  # the first segment of its language's pages ("": the site's own)


def listings(session: Session, *, now: datetime, limit: int, language: str = "") -> list[Listing]:
    """Sections, tags and authors that have live articles, each with its newest change
    (sections: of those in ``language``, "" for the site's own)."""
    newest = (func.max(Article.updated_at), func.max(Article.published_at))
    found: list[Listing] = []
    by_section = (
        select(Section.slug, *newest)
        .join(Article, Article.section_id == Section.id)
        .where(live(now), Article.language == language)
        .group_by(Section.slug)
        .order_by(Section.slug)
    )
    by_tag = (
        select(Tag.slug, *newest)
        .join(article_tags, article_tags.c.tag_id == Tag.id)
        .join(Article, Article.id == article_tags.c.article_id)
        .where(live(now))
        .group_by(Tag.slug)
        .order_by(Tag.slug)
    )
    by_author = (
        select(Author.slug, *newest)
        .join(ArticleAuthor, ArticleAuthor.author_id == Author.id)
        .join(Article, Article.id == ArticleAuthor.article_id)
        .where(live(now))
        .group_by(Author.slug)
        .order_by(Author.slug)
    )
    kinds = [("section", by_section), ("author", by_author), ("tag", by_tag)]
    for kind, query in kinds if not language else kinds[:1]:
        for slug, updated, published in session.execute(query.limit(max(0, limit - len(found)))):
            found.append(Listing(kind, slug, max(updated, published or updated), language))
    return found


def newest_change(session: Session, *, now: datetime) -> datetime | None:
    """When the newest live article was published or last changed."""
    row = session.execute(
        select(func.max(Article.updated_at), func.max(Article.published_at)).where(live(now))
    ).one()
    values = [v for v in row if v is not None]
    return max(values) if values else None
