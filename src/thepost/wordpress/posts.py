"""Posts: each converted (``convert``), saved through the article actions with its
status, its threaded comments and every old address; pages go to ``pages``. A chunk is
one transaction (``Context.chunk``)."""

from __future__ import annotations

import re
from datetime import datetime
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
    first,
    number,
)
from thepost.wordpress.models import ImportedItem
from thepost.wordpress.records import Item

# The database's statistics are refreshed at 1,000 posts and pages and each time their
# number doubles (``Context.refresh_statistics``).
STATISTICS_FROM = 1000


def posts_and_pages(ctx: Context, total: int) -> None:
    done, statistics_due = 0, STATISTICS_FROM
    for chunk in ctx.read():
        with ctx.chunk() as session:
            posts = [i for i in chunk if i.post_type == "post"]
            _comments(ctx, session, _posts(ctx, session, posts))
            kept = [i for i in chunk if i.post_type == "page"]
            known_pages = ctx.known(session, "page", [str(i.wp_id) for i in kept])
            for item in kept:
                pages.page(ctx, session, item, known_pages)
        done += len(chunk)
        if done >= statistics_due:
            ctx.refresh_statistics()
            statistics_due *= 2
        ctx.progress("posts", done, total)


def _posts(ctx: Context, session: Session, posts: list[Item]) -> list[tuple[Item, int]]:
    """A chunk's posts: the new ones created together, a changed one saved again, an
    unchanged one left. Returns each post written with its article's id."""
    known = ctx.known(session, "post", [str(i.wp_id) for i in posts])
    guids = _guids(session, [i.guid for i in posts if i.guid and str(i.wp_id) not in known])
    new: list[tuple[Item, actions.NewArticle]] = []
    written: list[tuple[Item, int]] = []
    for item in posts:
        if item.status in NOT_CONTENT:
            ctx.report.skip("post", f"status '{item.status}' in WordPress")
            continue
        key = str(item.wp_id)
        row = known.get(key) or guids.get(item.guid)
        if row is not None and row.key != key and row.target_id in ctx.touched:
            row = None  # two posts of this file share a GUID: each is its own story
        article = session.get(Article, row.target_id) if row is not None else None
        if article is None:
            status, when = _standing(ctx, item)
            data = _article_input(ctx, item, ctx.body(item))
            new.append((item, actions.NewArticle(data, status, when)))
        elif row is not None and row.digest == ctx.digest(item):
            ctx.report.count("post", "unchanged")
            ctx.report.count("comment", "unchanged", len(item.comments))
            if item.sticky:
                ctx.sticky.append(article.id)
        elif (saved := _update(ctx, session, article, item)) is not None:
            written.append((item, saved.id))
            _written(ctx, session, known, item, saved.id, "updated")
    made = actions.create_articles(
        session, ctx.services.bus, ctx.services.media_urls, [n for _, n in new],
        actor=ctx.actor, now=ctx.now,
    )  # fmt: skip
    for (item, _), result in zip(new, made, strict=True):
        if isinstance(result, DomainError):
            ctx.report.skip("post", f"refused: {result}")
        else:
            written.append((item, result.id))
            _written(ctx, session, known, item, result.id, "imported")
    return written


def _update(ctx: Context, session: Session, article: Article, item: Item) -> Article | None:
    """A post imported before and changed since, saved again through the article actions."""
    data = _article_input(ctx, item, ctx.body(item))
    try:
        saved = actions.save_article(
            session, ctx.services.bus, ctx.services.media_urls, data,
            actor=ctx.actor, now=ctx.now, article_id=article.id,
        )  # fmt: skip
    except DomainError as exc:
        ctx.report.skip("post", f"refused: {exc}")
        return None
    _status(ctx, session, saved, item)
    return saved


def _written(
    ctx: Context, session: Session, known: dict[str, ImportedItem], item: Item,
    article_id: int, how: str,
) -> None:  # fmt: skip
    """What follows a post's writing: remember where it came from, count it, keep its
    old addresses and its place as the lead."""
    ctx.keep(known, "post", str(item.wp_id), article_id, ctx.digest(item), item.guid)
    ctx.touched.add(article_id)
    ctx.report.count("post", how)
    if item.sticky:
        ctx.sticky.append(article_id)
    paths = _post_paths(ctx, item)
    ctx.redirect(session, paths, "article", article_id)
    feeds = {f"{p}/feed" for p in paths if "?" not in p}
    ctx.redirect(session, feeds, "article", article_id, "/comments/feed/rss")


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


def _standing(ctx: Context, item: Item) -> tuple[Status, datetime | None]:
    """How a post stands here: its status, and when it came out."""
    if item.password:
        ctx.report.note(PASSWORD_NOTE)
        return Status.PRIVATE, came_out(item)
    return STANDING.get(item.status, Status.DRAFT), came_out(item)


# A post's status in WordPress -> here (any other: a draft). A future post is published
# at its time: it appears by itself when the clock passes it.
STANDING = {
    "private": Status.PRIVATE,
    "publish": Status.PUBLISHED,
    "future": Status.PUBLISHED,
    "pending": Status.PENDING,
}


def _status(ctx: Context, session: Session, article: Article, item: Item) -> None:
    """A post saved again takes its status in the export."""
    bus, actor, now = ctx.services.bus, ctx.actor, ctx.now
    status, when = _standing(ctx, item)
    if status == Status.PRIVATE:
        actions.make_private(session, bus, article.id, actor=actor, now=now, at=when)
    elif status == Status.PUBLISHED:
        live = article.status in (Status.PUBLISHED, Status.SCHEDULED)
        if not live or article.published_at != when:
            actions.publish_article(session, bus, article.id, actor=actor, now=now,
                                    at=when or now)  # fmt: skip
            # An export says when a story came out, not when it last changed.
            if when is not None:
                article.first_published_at = article.updated_at = when
    elif status == Status.PENDING:
        if article.status != Status.PENDING:
            article.status = Status.PENDING.value
    elif article.status in (Status.PUBLISHED, Status.SCHEDULED):
        actions.unpublish_article(session, bus, article.id, actor=actor, now=now)
        article.status = Status.DRAFT.value


def _comments(ctx: Context, session: Session, written: list[tuple[Item, int]]) -> None:
    """The comments of a chunk's written posts not yet here, in as many statements as
    their threads are deep: parents first, whatever order the file lists them in."""
    keys = [str(c.wp_id) for item, _ in written for c in item.comments]
    known = ctx.known(session, "comment", keys)
    here = set(
        session.scalars(
            select(Comment.id).where(Comment.id.in_([r.target_id for r in known.values()]))
        )
    )
    ids: dict[tuple[int, int], int] = {}  # (article id, WordPress comment id) -> comment id
    waiting = []
    for item, article_id in written:
        for c in sorted(item.comments, key=lambda c: c.wp_id):
            row = known.get(str(c.wp_id))
            if row is not None and row.target_id in here:
                ids[article_id, c.wp_id] = row.target_id
                ctx.report.count("comment", "unchanged")
            elif c.approved not in STATUSES:
                ctx.report.skip("comment", f"status '{c.approved}'")
            else:
                waiting.append((article_id, c))
    while waiting:
        due = {(a, c.wp_id) for a, c in waiting}
        ready = [(a, c) for a, c in waiting if (a, c.parent_id) not in due]
        if not ready:  # a cycle: the rest start their own threads
            for _, c in waiting:
                c.parent_id = 0
            continue
        saved = comment_actions.import_comments(
            session, ctx.services.bus, ctx.services.keys,
            [_comment(ctx, c, a, ids.get((a, c.parent_id))) for a, c in ready],
            actor=ctx.actor,
        )  # fmt: skip
        for (a, c), comment_id in zip(ready, saved, strict=True):
            ids[a, c.wp_id] = comment_id
            ctx.keep(known, "comment", str(c.wp_id), comment_id)
            ctx.report.count("comment", "imported")
        waiting = [(a, c) for a, c in waiting if (a, c.wp_id) not in ids]


def _comment(
    ctx: Context, c: Any, article_id: int, parent_id: int | None
) -> comment_actions.Imported:
    """A WordPress comment as the comment actions import it."""
    return comment_actions.Imported(
        key=f"{SOURCE}:{ctx.site.link}:{c.wp_id}",
        name=unescape(c.author),
        email=c.author_email,
        url=c.author_url,
        body=_plain(c.content),
        created_at=c.date_gmt or ctx.now,
        status=STATUSES[c.approved],
        article_id=article_id,
        parent_id=parent_id,
    )


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
