"""Write the site out as a WordPress export (WXR 1.2), so a newsroom is never locked in:
articles as posts, sections as categories, tags, authors, comments with their threads
and statuses, and the pictures as attachments with their public addresses. WordPress's
own importer reads it; so does ``thepost import wordpress``.

Rows are read in id order, a batch at a time, and written as they come::

    with open("site.xml", "wb") as out:
        counts = export(services, out)   # {"post": 96, "comment": 410, ...}

Ids are kept where WordPress has one table for all (posts, pages and attachments share
its ids): articles keep theirs; pictures are numbered after the articles.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import BinaryIO

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from thepost.accounts.models import User
from thepost.comments.models import Comment
from thepost.content import site
from thepost.content.models import Article, ArticleAuthor, Author, Image, Section, Status, Tag
from thepost.media.images import rendition_key
from thepost.services import Services
from thepost.wordpress import wxr
from thepost.wordpress.records import Author as WPAuthor
from thepost.wordpress.records import Comment as WPComment
from thepost.wordpress.records import Item, ItemTerm, Record, Site, Term

BATCH = 500
STATUSES = {
    Status.PUBLISHED.value: "publish",
    Status.SCHEDULED.value: "future",
    Status.DRAFT.value: "draft",
    Status.PENDING.value: "pending",
    Status.PRIVATE.value: "private",
    Status.UNPUBLISHED.value: "draft",
    Status.TRASHED.value: "trash",
}
COMMENT_STATUSES = {"approved": "1", "pending": "0", "spam": "spam", "trash": "trash"}


def export(services: Services, out: BinaryIO) -> Counter[str]:
    """Write the whole site to ``out``; returns how many of each kind were written."""
    counts: Counter[str] = Counter()
    with services.reads() as session:
        wxr.write(out, _counted(_records(services, session), counts))
    return counts


def _counted(records: Iterator[Record], counts: Counter[str]) -> Iterator[Record]:
    for record in records:
        if isinstance(record, Item):
            counts[record.post_type] += 1
            counts["comment"] += len(record.comments)
        elif isinstance(record, Term):
            counts[record.kind] += 1
        elif isinstance(record, WPAuthor):
            counts["author"] += 1
        yield record


def _records(services: Services, session: Session) -> Iterator[Record]:
    base = services.settings.base_url.rstrip("/")
    now = services.clock()
    settings = site.load(session)
    yield Site(
        title=settings.name,
        link=base,
        description=settings.tagline,
        language=settings.language,
        wxr_version="1.2",
        base_site_url=base,
        base_blog_url=base,
    )
    emails = dict(session.execute(select(User.id, User.email)).tuples().all())
    for author in session.scalars(select(Author).order_by(Author.id)):
        yield WPAuthor(
            login=author.slug,
            email=emails.get(author.user_id, "") if author.user_id else "",
            display_name=author.name,
            wp_id=author.id,
        )
    sections = {s.id: s for s in session.scalars(select(Section).order_by(Section.id))}
    for s in sections.values():
        parent = sections.get(s.parent_id) if s.parent_id else None
        yield Term("category", s.slug, s.name, s.id, parent.slug if parent else "", s.description)
    for tag in session.scalars(select(Tag).order_by(Tag.id)):
        yield Term("post_tag", tag.slug, tag.name, tag.id)
    pictures = (session.scalar(select(func.max(Article.id))) or 0) + 1
    yield from _attachments(services, session, pictures)
    yield from _posts(services, session, base, now, sections, pictures)


def _picture_url(services: Services, image: Image) -> str:
    return services.media_urls.url(rendition_key(image.sha256, max(image.renditions), "jpg"))


def _attachments(services: Services, session: Session, first_id: int) -> Iterator[Item]:
    after = 0
    while batch := list(
        session.scalars(select(Image).where(Image.id > after).order_by(Image.id).limit(BATCH))
    ):
        for image in batch:
            if not image.renditions:
                continue
            url = _picture_url(services, image)
            yield Item(
                wp_id=first_id + image.id,
                post_type="attachment",
                title=image.alt[:200] or f"Picture {image.id}",
                link=url,
                guid=url,
                excerpt=image.caption,
                content=image.credit,
                date_gmt=image.created_at,
                date_local=image.created_at.replace(tzinfo=None),
                status="inherit",
                slug=f"picture-{image.id}",
                attachment_url=url,
                meta={"_wp_attachment_image_alt": image.alt},
            )
        after = batch[-1].id


def _posts(
    services: Services,
    session: Session,
    base: str,
    now: datetime,
    sections: dict[int, Section],
    pictures: int,
) -> Iterator[Item]:
    after = 0
    while batch := list(
        session.scalars(
            select(Article)
            .where(Article.id > after)
            .order_by(Article.id)
            .limit(BATCH)
            .options(
                selectinload(Article.tags),
                selectinload(Article.bylines).joinedload(ArticleAuthor.author),
            )
        )
    ):
        ids = [a.id for a in batch]
        comments: dict[int, list[Comment]] = {}
        for c in session.scalars(
            select(Comment).where(Comment.article_id.in_(ids)).order_by(Comment.id)
        ):
            comments.setdefault(c.article_id, []).append(c)
        for article in batch:
            yield _post(base, now, article, sections, pictures, comments.get(article.id, []))
        session.expunge_all()
        after = ids[-1]


def _post(
    base: str,
    now: datetime,
    article: Article,
    sections: dict[int, Section],
    pictures: int,
    comments: list[Comment],
) -> Item:
    section = sections.get(article.section_id) if article.section_id else None
    link = f"{base}/{section.slug if section else 'news'}/{article.slug}"
    terms = [ItemTerm("category", section.slug, section.name)] if section else []
    terms += [ItemTerm("post_tag", t.slug, t.name) for t in article.tags]
    meta = {
        key: value
        for key, value in (
            ("_thumbnail_id", str(pictures + article.featured_image_id)
             if article.featured_image_id else ""),
            ("_yoast_wpseo_title", article.seo_title),
            ("_yoast_wpseo_metadesc", article.seo_description),
        )
        if value
    }  # fmt: skip
    status = STATUSES.get(article.status, "draft")
    if status == "publish" and article.published_at and article.published_at > now:
        status = "future"
    when = article.published_at
    return Item(
        wp_id=article.id,
        post_type="post",
        title=article.title,
        link=link,
        guid=link,
        creator=article.bylines[0].author.slug if article.bylines else "",
        content=article.body_html,
        excerpt=article.standfirst,
        date_gmt=when,
        date_local=when.astimezone(UTC).replace(tzinfo=None) if when else None,
        status=status,
        slug=article.slug,
        comment_status="open" if article.comments_open else "closed",
        terms=terms,
        meta=meta,
        comments=[
            WPComment(
                wp_id=c.id,
                content=c.body,
                author=c.author_name,
                author_email=c.author_email,
                author_url=c.author_url,
                date_gmt=c.created_at,
                approved=COMMENT_STATUSES.get(c.status, "0"),
                parent_id=c.parent_id or 0,
            )
            for c in comments
        ],
    )
