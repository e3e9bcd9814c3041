"""Posts: each converted (``convert``), saved through the article actions with its
status, its threaded comments and every old address; pages go to ``pages``. A chunk is
one transaction (``Context.chunk``)."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from thepost.comments import actions as comment_actions
from thepost.comments.models import Comment, CommentStatus
from thepost.content import actions, redirects, text
from thepost.content.models import Article, Status
from thepost.errors import DomainError
from thepost.wordpress import pages
from thepost.wordpress.context import (
    NOT_CONTENT,
    PASSWORD_NOTE,
    SEO_DESCRIPTION,
    SEO_TITLE,
    SOURCE,
    Context,
    came_out,
    digest_of,
    first,
    number,
)
from thepost.wordpress.models import ImportedItem
from thepost.wordpress.records import Item


def posts_and_pages(ctx: Context, total: int) -> None:
    done = 0
    records = (i for i in ctx.records((Item,)) if i.post_type in ("post", "page"))
    for chunk in ctx.chunks(records):
        with ctx.chunk() as session:
            posts = [i for i in chunk if i.post_type == "post"]
            known = ctx.known(session, "post", [str(i.wp_id) for i in posts])
            guids = _guids(session, [i.guid for i in posts if i.guid and str(i.wp_id) not in known])
            for item in posts:
                _post(ctx, session, item, known, guids)
            kept = [i for i in chunk if i.post_type == "page"]
            known_pages = ctx.known(session, "page", [str(i.wp_id) for i in kept])
            for item in kept:
                pages.page(ctx, session, item, known_pages)
        done += len(chunk)
        ctx.progress("posts", done, total)


def _post(
    ctx: Context,
    session: Session,
    item: Item,
    known: dict[str, ImportedItem],
    guids: dict[str, ImportedItem],
) -> None:
    if item.status in NOT_CONTENT:
        ctx.report.skip("post", f"status '{item.status}' in WordPress")
        return
    key, digest = str(item.wp_id), digest_of(item)
    row = known.get(key) or guids.get(item.guid)
    if row is not None and row.key != key and row.target_id in ctx.touched:
        row = None  # two posts of this file share a GUID: each is its own story
    article = session.get(Article, row.target_id) if row is not None else None
    if article is not None and row is not None and row.digest == digest:
        ctx.report.count("post", "unchanged")
        ctx.report.count("comment", "unchanged", len(item.comments))
        if item.sticky:
            ctx.sticky.append(article.id)
        return
    data = _article_input(ctx, item, ctx.body(item))
    try:
        saved = actions.save_article(
            session, ctx.services.bus, ctx.services.media_urls, data,
            actor=ctx.actor, now=ctx.now, article_id=article.id if article else None,
        )  # fmt: skip
    except DomainError as exc:
        ctx.report.skip("post", f"refused: {exc}")
        return
    _status(ctx, session, saved, item)
    _comments(ctx, session, saved.id, item)
    ctx.keep(session, known, "post", key, saved.id, digest, item.guid)
    ctx.touched.add(saved.id)
    ctx.report.count("post", "updated" if article else "imported")
    if item.sticky:
        ctx.sticky.append(saved.id)
    ctx.redirect(session, _post_paths(ctx, item), "article", saved.id)
    feeds = {f"{p}/feed" for p in _post_paths(ctx, item) if "?" not in p}
    ctx.redirect(session, feeds, "article", saved.id, "/comments/feed/rss")


def _guids(session: Session, guids: list[str]) -> dict[str, ImportedItem]:
    """Posts imported before under these GUIDs (another export of the same site)."""
    if not guids:
        return {}
    rows = session.scalars(
        select(ImportedItem).where(ImportedItem.kind == "post", ImportedItem.guid.in_(guids))
    )
    return {row.guid: row for row in rows}


def _post_paths(ctx: Context, item: Item) -> set[str]:
    paths = ctx.old_paths(item.link, item.guid) | {f"/?p={item.wp_id}"}
    if item.date_local and item.slug:
        d = item.date_local
        paths |= {f"/{d:%Y/%m/%d}/{item.slug}", f"/{d:%Y/%m}/{item.slug}"}
        paths = {redirects.key(p) for p in paths}
    return paths


def _article_input(ctx: Context, item: Item, body: str) -> actions.ArticleInput:
    categories = [t for t in item.terms if t.domain == "category"]
    tags = [ctx.tags.get(t.slug) or unescape(t.name) for t in item.terms
            if t.domain == "post_tag"]  # fmt: skip
    section_id = ctx.sections.get(categories[0].slug) if categories else None
    if len(categories) > 1:
        tags += [unescape(t.name) for t in categories[1:]]
        ctx.report.note(
            "Posts filed under several categories keep the first as their section; "
            "the others became tags."
        )
    author = ctx.authors.get(item.creator)
    image_id = ctx.pictures.by_id(number(item.meta.get("_thumbnail_id", "")))
    meta = item.meta
    return actions.ArticleInput(
        title=" ".join(unescape(item.title).split())[: actions.LIMITS["title"]] or "(untitled)",
        body=body,
        body_format="html",
        standfirst=text.html_to_text(item.excerpt)[: actions.LIMITS["standfirst"]],
        slug=text.slugify(unescape(item.slug) or item.title, max_length=200),
        section_id=section_id,
        tags=tags,
        author_ids=[author] if author else [],
        featured_image_id=image_id,
        comments_open=item.comment_status == "open",
        seo_title=first(meta, SEO_TITLE)[: actions.LIMITS["seo_title"]],
        seo_description=first(meta, SEO_DESCRIPTION)[:1000],
    )


def _status(ctx: Context, session: Session, article: Article, item: Item) -> None:
    bus, actor, now = ctx.services.bus, ctx.actor, ctx.now
    when = came_out(item)
    if item.password:
        ctx.report.note(PASSWORD_NOTE)
        actions.make_private(session, bus, article.id, actor=actor, now=now, at=when)
    elif item.status == "private":
        actions.make_private(session, bus, article.id, actor=actor, now=now, at=when)
    elif item.status in ("publish", "future"):
        live = article.status in (Status.PUBLISHED, Status.SCHEDULED)
        if not live or article.published_at != when:
            actions.publish_article(session, bus, article.id, actor=actor, now=now,
                                    at=when or now)  # fmt: skip
            # An export says when a story came out, not when it last changed.
            if when is not None:
                article.first_published_at = article.updated_at = when
    elif item.status == "pending":
        if article.status != Status.PENDING:
            article.status = Status.PENDING.value
    elif article.status in (Status.PUBLISHED, Status.SCHEDULED):
        actions.unpublish_article(session, bus, article.id, actor=actor, now=now)
        article.status = Status.DRAFT.value


def _comments(ctx: Context, session: Session, article_id: int, item: Item) -> None:
    keys = [str(c.wp_id) for c in item.comments]
    known = ctx.known(session, "comment", keys)
    ids = {int(k): row.target_id for k, row in known.items()}
    waiting = sorted(item.comments, key=lambda c: c.wp_id)
    while waiting:  # parents first, whatever order the file lists them in
        later = []
        for c in waiting:
            if (
                c.parent_id
                and c.parent_id not in ids
                and any(w.wp_id == c.parent_id for w in waiting)
            ):
                later.append(c)
                continue
            _comment(ctx, session, article_id, c, known, ids)
        if len(later) == len(waiting):  # a cycle: the rest start their own threads
            for c in later:
                c.parent_id = 0
        waiting = later


def _comment(
    ctx: Context, session: Session, article_id: int, c: Any,
             known: dict[str, ImportedItem], ids: dict[int, int]) -> None:  # fmt: skip
    key = str(c.wp_id)
    row = known.get(key)
    if row is not None and session.get(Comment, row.target_id) is not None:
        ctx.report.count("comment", "unchanged")
        return
    status = STATUSES.get(c.approved)
    if status is None:
        ctx.report.skip("comment", f"status '{c.approved}'")
        return
    imported = comment_actions.Imported(
        key=f"{SOURCE}:{ctx.site.link}:{c.wp_id}",
        name=unescape(c.author),
        email=c.author_email,
        url=c.author_url,
        body=_plain(c.content),
        created_at=c.date_gmt or ctx.now,
        status=status,
    )
    saved = comment_actions.import_comment(
        session, ctx.services.bus, ctx.services.keys, imported,
        article_id=article_id, parent_id=ids.get(c.parent_id), actor=ctx.actor,
    )  # fmt: skip
    ids[c.wp_id] = saved.id
    ctx.keep(session, known, "comment", key, saved.id)
    ctx.report.count("comment", "imported")


STATUSES = {
    "1": CommentStatus.APPROVED,
    "approve": CommentStatus.APPROVED,
    "0": CommentStatus.PENDING,
    "hold": CommentStatus.PENDING,
    "spam": CommentStatus.SPAM,
    "trash": CommentStatus.TRASH,
    "post-trashed": CommentStatus.TRASH,
}


_BREAK = re.compile(r"<br\s*/?>|</p\s*>", re.I)
_TAG = re.compile(r"<[^<>]*>")


def _plain(html: str) -> str:
    """A comment's text as WordPress showed it: its lines and paragraphs kept, its tags
    dropped (comments here are plain text, linked when they hold an address)."""
    return unescape(_TAG.sub("", _BREAK.sub("\n", html))).strip()
