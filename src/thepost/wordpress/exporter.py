"""Write the site out as a WordPress export (WXR 1.2), so a newsroom is never locked in:
articles as posts, pages (nested) as pages, sections as categories, tags, authors,
comments with their threads and statuses, and the pictures as attachments with their
public addresses. WordPress's
own importer reads it; so does ``thepost import wordpress``.

Rows are read in id order, a batch at a time, and written as they come::

    with open("site.xml", "wb") as out:
        counts = export(services, out)   # {"post": 96, "comment": 410, ...}

Ids are kept where WordPress has one table for all (posts, pages and attachments share
its ids): articles keep theirs; pictures are numbered after the articles.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote, urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from thepost.accounts.models import User
from thepost.comments.models import Comment
from thepost.content import access, page_queries, site
from thepost.content.models import (
    Article,
    ArticleAuthor,
    Author,
    Image,
    Page,
    Section,
    Status,
    Tag,
)
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


def export(services: Services, out: BinaryIO, uploads: Path | None = None) -> Counter[str]:
    """Write the whole site to ``out``; returns how many of each kind were written. With
    ``uploads``, each picture's largest JPEG is written there too, at its address's
    path, as the uploads folder an import of the export reads."""
    counts: Counter[str] = Counter()
    with services.reads() as session:
        wxr.write(out, _counted(_records(services, session, uploads), counts))
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


def _records(services: Services, session: Session, uploads: Path | None) -> Iterator[Record]:
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
    emails = {user_id: email for user_id, email in session.execute(select(User.id, User.email))}
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
    pages = pictures + (session.scalar(select(func.max(Image.id))) or 0) + 1
    yield from _attachments(services, session, pictures, uploads)
    yield from _posts(services, session, base, now, sections, pictures)
    yield from _pages(session, base, now, pages, pictures)


def _pages(
    session: Session, base: str, now: datetime, first_id: int, pictures: int
) -> Iterator[Item]:
    """Pages, parents first (WordPress's importer wants a parent before its child)."""
    paths = page_queries.paths(session)
    rows = sorted(session.scalars(select(Page)), key=lambda p: paths.get(p.id, "").count("/"))
    shas = _shas(session, [p.body_html for p in rows])
    for page in rows:
        status = STATUSES.get(page.status, "draft")
        if status == "publish" and page.published_at and page.published_at > now:
            status = "future"
        when = page.published_at
        link = base + "/" + quote(paths.get(page.id, page.slug), safe="/")
        yield Item(
            wp_id=first_id + page.id,
            post_type="page",
            title=page.title,
            link=link,
            guid=link,
            content=_blocks(page.body_html, shas, pictures),
            excerpt=page.standfirst,
            date_gmt=when,
            date_local=when.astimezone(UTC).replace(tzinfo=None) if when else None,
            status=status,
            slug=page.slug,
            parent_id=first_id + page.parent_id if page.parent_id else 0,
            menu_order=page.position,
            comment_status="closed",
            meta=_seo(page, pictures),
        )


def _seo(row: Article | Page, pictures: int) -> dict[str, str]:
    """The featured picture and the search-engine fields, as WordPress (and Yoast) keep them."""
    pairs = (
        ("_thumbnail_id", str(pictures + row.featured_image_id) if row.featured_image_id else ""),
        ("_yoast_wpseo_title", row.seo_title),
        ("_yoast_wpseo_metadesc", row.seo_description),
    )
    return {key: value for key, value in pairs if value}


def _copy(services: Services, image: Image, target: Path) -> None:
    stored = services.storage.get(rendition_key(image.sha256, max(image.renditions), "jpg"))
    if stored is None:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("wb") as out:
            for chunk in stored.chunks:
                out.write(chunk)
    finally:
        stored.close()


def _picture_url(services: Services, image: Image) -> str:
    return services.media_urls.url(rendition_key(image.sha256, max(image.renditions), "jpg"))


def _attachments(
    services: Services, session: Session, first_id: int, uploads: Path | None
) -> Iterator[Item]:
    after = 0
    while batch := list(
        session.scalars(select(Image).where(Image.id > after).order_by(Image.id).limit(BATCH))
    ):
        for image in batch:
            if not image.renditions:
                continue
            url = _picture_url(services, image)
            if uploads is not None:
                _copy(services, image, uploads / urlsplit(url).path.lstrip("/"))
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
        shas = _shas(session, [access.whole(a) for a in batch])
        for article in batch:
            body = _blocks(access.whole(article), shas, pictures)
            yield _post(base, now, article, body, sections, pictures, comments.get(article.id, []))
        session.expunge_all()
        after = ids[-1]


def _post(
    base: str,
    now: datetime,
    article: Article,
    body: str,
    sections: dict[int, Section],
    pictures: int,
    comments: list[Comment],
) -> Item:
    section = sections.get(article.section_id) if article.section_id else None
    link = f"{base}/{quote(section.slug if section else 'news')}/{quote(article.slug)}"
    terms = [ItemTerm("category", section.slug, section.name)] if section else []
    terms += [ItemTerm("post_tag", t.slug, t.name) for t in article.tags]
    meta = _seo(article, pictures)
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
        content=body,
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


_FIGURE = re.compile(r'<figure class="inline">(.*?)</figure>', re.S)
_SHA = re.compile(r"/img/[0-9a-f]{2}/([0-9a-f]{64})/")
_IMG = re.compile(r"<img\b[^>]*>")
_SRC = re.compile(r'\ssrc="([^"]*)"')
_ALT = re.compile(r'\salt="([^"]*)"')
_CAPTION = re.compile(r"<figcaption>(.*?)(?:<span class=\"credit\">.*?</span>)?</figcaption>", re.S)


def _shas(session: Session, bodies: list[str]) -> dict[str, int]:
    """The ids of the pictures these bodies show, by digest."""
    shas = {sha for body in bodies for sha in _SHA.findall(body)}
    if not shas:
        return {}
    query = select(Image.sha256, Image.id).where(Image.sha256.in_(shas))
    return {sha: image_id for sha, image_id in session.execute(query)}


def _blocks(html: str, shas: dict[str, int], pictures: int) -> str:
    """A body's figures as WordPress's image blocks, naming their attachments (so both
    WordPress and The Post find the picture again); the rest as it is."""

    def block(match: re.Match[str]) -> str:
        inner = match.group(1)
        sha, img = _SHA.search(inner), _IMG.search(inner)
        if sha is None or img is None or sha.group(1) not in shas:
            return match.group(0)
        wp_id = pictures + shas[sha.group(1)]
        src = _SRC.search(img.group(0))
        alt = _ALT.search(img.group(0))
        caption = _CAPTION.search(inner)
        figcaption = f"<figcaption>{caption.group(1).strip()}</figcaption>" if caption else ""
        return (
            f'<!-- wp:image {{"id":{wp_id}}} -->\n<figure class="wp-block-image">'
            f'<img src="{src.group(1) if src else ""}" alt="{alt.group(1) if alt else ""}" '
            f'class="wp-image-{wp_id}"/>{figcaption}</figure>\n<!-- /wp:image -->'
        )

    return _FIGURE.sub(block, html)
