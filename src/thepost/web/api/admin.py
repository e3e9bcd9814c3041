"""The Admin API: the newsroom's writes, for a token acting as the person who made it.

Each view calls the same action as the newsroom's page for it, in one transaction, so
the permission check of the person's role, the events (pages refreshed, search, audit
log) and the revisions are the same whichever way a change comes in. The route's scope
was checked first (``framework.endpoint``).

An article's update names the version it changes (``If-Match``: the ETag of the article
as last read): if anyone saved it in between, the answer is ``412`` and nothing changes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from thepost.comments import actions as comment_actions
from thepost.comments import queries as comment_queries
from thepost.comments.models import Comment
from thepost.content import (
    access,
    actions,
    editorial,
    live,
    media,
    menus,
    page_actions,
    page_queries,
    queries,
    taxonomy,
)
from thepost.content.models import Article, EntryStatus, LiveEntry, Revision, Section, Tag
from thepost.media.images import WIDTHS
from thepost.permissions import Action, require
from thepost.web.api import content, formats, schemas
from thepost.web.api.framework import MAX_PICTURE, Answer, ApiError, ApiRequest


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# -- articles ------------------------------------------------------------------------------


def _shown_article(req: ApiRequest, session: Session, article_id: int, status: int = 200) -> Answer:
    found = session.scalars(content.one_article().where(Article.id == article_id)).unique().one()
    shown = formats.Shown.parse(
        None, "authors,tags,section,featured_image", known=formats.ARTICLE_FIELDS,
        default=formats.ARTICLE_FIELDS,
    )  # fmt: skip
    data = formats.article(content.links(req), found, shown, now=req.now)
    # The newsroom's own answer: the whole story, a members' one included.
    data["body_html"], data["body_source"] = access.whole(found), found.body_source
    headers = {"Location": content.links(req).base + f"/api/v1/articles/{found.id}"}
    return Answer(
        {"article": data}, status=status, version=content.version(found), public=False,
        headers=headers if status == 201 else {},
    )  # fmt: skip


def _input(body: schemas.ArticleFields, base: actions.ArticleInput | None = None) -> Any:
    sent = body.model_dump(exclude_unset=base is not None)
    if base is None:
        return actions.ArticleInput(**sent)
    return dataclasses.replace(base, **sent)


def create_article(req: ApiRequest) -> Answer:
    body: schemas.ArticleIn = req.body
    services = req.services
    with services.writes.begin() as session:
        article = actions.save_article(
            session, services.bus, services.media_urls, _input(body), actor=req.actor, now=req.now
        )
        return _shown_article(req, session, article.id, status=201)


def _matching(req: ApiRequest, session: Session, article_id: int, *, required: bool) -> Article:
    """The article, locked for this transaction, after checking ``If-Match``."""
    article = session.get(Article, article_id, with_for_update=True)
    if article is None:
        raise ApiError(404, "not_found", "There is no such article.")
    # Whoever may not edit it hears so before hearing about versions.
    require(req.actor, Action.ARTICLE_EDIT_OWN, actions.owned(session, article))
    sent = req.request.headers.get("if-match", "")
    if not sent:
        if required:
            raise ApiError(
                428, "precondition_required",
                "Send the ETag of the article as you last read it in If-Match, so that a "
                "save made since is never overwritten unseen.",
            )  # fmt: skip
        return article
    if content.version(article) not in _versions(sent):
        raise ApiError(
            412, "stale", "The article changed since you read it: read it again, then resend."
        )
    return article


def _versions(header: str) -> set[str]:
    """The versions named in an ``If-Match`` header (ETags ``"<version>.<digest>"``)."""
    return {
        tag.strip().removeprefix("W/").strip('"').split(".")[0]
        for tag in header.split(",")
        if tag.strip()
    }


def update_article(req: ApiRequest) -> Answer:
    body: schemas.ArticlePatch = req.body
    services, article_id = req.services, req.path["article_id"]
    with services.writes.begin() as session:
        article = _matching(req, session, article_id, required=True)
        session.refresh(article, ["bylines", "tags"])
        base = editorial.input_from_snapshot(session, actions.snapshot(article))
        data = _input(body, base)
        actions.save_article(
            session, services.bus, services.media_urls, data, actor=req.actor, now=req.now,
            article_id=article_id,
        )  # fmt: skip
        return _shown_article(req, session, article_id)


def _step(action: Callable[..., Any], *, timed: bool = False) -> Callable[[ApiRequest], Answer]:
    """A view for a workflow step: the action on the article, then the article."""

    def view(req: ApiRequest) -> Answer:
        services, article_id = req.services, req.path["article_id"]
        at = _utc(req.body.at) if timed else None
        if isinstance(req.body, schemas.ScheduleIn) and at is not None and at <= req.now:
            raise ApiError(422, "invalid", "To schedule, give a time to come.", "at")
        extra = {"at": at} if timed else {}
        with services.writes.begin() as session:
            _matching(req, session, article_id, required=False)
            action(session, services.bus, article_id, actor=req.actor, now=req.now, **extra)
            return _shown_article(req, session, article_id)

    view.__name__ = action.__name__
    return view


submit_article = _step(actions.submit_article)
publish_article = _step(actions.publish_article, timed=True)
schedule_article = _step(actions.publish_article, timed=True)
unpublish_article = _step(actions.unpublish_article)
trash_article = _step(editorial.trash_article)
restore_article = _step(editorial.restore_article)


def delete_article(req: ApiRequest) -> Answer:
    services, article_id = req.services, req.path["article_id"]
    with services.writes.begin() as session:
        _matching(req, session, article_id, required=False)
        actions.delete_article(session, services.bus, article_id, actor=req.actor, now=req.now)
    return Answer(status=204)


def revisions(req: ApiRequest) -> Answer:
    article_id = req.path["article_id"]
    with req.services.reads() as session:
        article = session.get(Article, article_id)
        if article is None:
            raise ApiError(404, "not_found", "There is no such article.")
        content.require_readable(req, session, article)
        found: list[Revision] = queries.revisions(session, article_id)
        return Answer(
            {
                "revisions": [
                    {
                        "id": r.id,
                        "created_at": formats.iso(r.created_at),
                        "user_id": r.user_id,
                        "autosave": r.autosave,
                        "snapshot": r.snapshot,
                    }
                    for r in found
                ]
            },
            public=False,
        )


# -- pages -------------------------------------------------------------------------------


def _shown_page(req: ApiRequest, session: Session, page_id: int, status: int = 200) -> Answer:
    page = page_actions.get_page(session, page_id)
    path = page_actions.path_of(session, page)
    return Answer(
        {"page": formats.page(content.links(req), page, path, now=req.now)},
        status=status,
        public=False,
    )


def _page_input(body: schemas.PageFields, base: page_actions.PageInput | None = None) -> Any:
    sent = body.model_dump(exclude_unset=base is not None)
    if base is None:
        return page_actions.PageInput(**sent)
    return dataclasses.replace(base, **sent)


def create_page(req: ApiRequest) -> Answer:
    services = req.services
    with services.writes.begin() as session:
        page = page_actions.save_page(
            session, services.bus, services.media_urls, _page_input(req.body), actor=req.actor,
            now=req.now,
        )  # fmt: skip
        return _shown_page(req, session, page.id, status=201)


def update_page(req: ApiRequest) -> Answer:
    services, page_id = req.services, req.path["page_id"]
    with services.writes.begin() as session:
        page = page_actions.get_page(session, page_id)
        base = page_actions.input_from_snapshot(session, page_actions.snapshot(page))
        page_actions.save_page(
            session, services.bus, services.media_urls, _page_input(req.body, base),
            actor=req.actor, now=req.now, page_id=page_id,
        )  # fmt: skip
        return _shown_page(req, session, page_id)


def _page_step(
    action: Callable[..., Any], *, timed: bool = False
) -> Callable[[ApiRequest], Answer]:
    def view(req: ApiRequest) -> Answer:
        services, page_id = req.services, req.path["page_id"]
        extra = {"at": _utc(req.body.at)} if timed else {}
        with services.writes.begin() as session:
            action(session, services.bus, page_id, actor=req.actor, now=req.now, **extra)
            return _shown_page(req, session, page_id)

    view.__name__ = action.__name__
    return view


publish_page = _page_step(page_actions.publish_page, timed=True)
unpublish_page = _page_step(page_actions.unpublish_page)
trash_page = _page_step(page_actions.trash_page)
restore_page = _page_step(page_actions.restore_page)


def delete_page(req: ApiRequest) -> Answer:
    services = req.services
    with services.writes.begin() as session:
        page_actions.delete_page(
            session, services.bus, req.path["page_id"], actor=req.actor, now=req.now
        )
    return Answer(status=204)


def admin_pages(req: ApiRequest) -> Answer:
    """Every page, whatever its status (for the newsroom's tools)."""
    q: schemas.PagedQuery = req.query
    limit = content.checked_limit(q.limit)
    number = q.page or 1
    with req.services.reads() as session:
        found = page_queries.listed(session, now=req.now, everything=True)
        chosen = found[(number - 1) * limit : number * limit]
        data = [formats.page(content.links(req), p, path, now=req.now) for p, path in chosen]
    listed = content.numbered(chosen, number, limit, len(found))
    return Answer(
        {"pages": data, "meta": content.meta(q, limit, total=len(found), page=listed)},
        public=False,
    )


# -- pictures ----------------------------------------------------------------------------------


def upload_picture(req: ApiRequest) -> Answer:
    form = req.upload
    upload = form.get("file")
    if upload is None or isinstance(upload, str):
        raise ApiError(422, "required", "Send the picture as the form's file field.", "file")
    data = upload.file.read(MAX_PICTURE + 1)
    words = {
        name: str(form.get(name) or "")[:2000].replace("\x00", "")
        for name in ("alt", "caption", "credit")
    }
    services = req.services
    with services.writes.begin() as session:
        made = media.upload_image(
            session, services.storage, data, actor=req.actor, widths=WIDTHS, **words
        )
        return Answer(
            {"picture": formats.picture(content.links(req), made.image)},
            status=201 if made.created else 200,
            public=False,
        )


# -- sections and tags -----------------------------------------------------------------------


def create_section(req: ApiRequest) -> Answer:
    body: schemas.SectionIn = req.body
    with req.services.writes.begin() as session:
        made = taxonomy.add_section(
            session, req.services.bus, actor=req.actor, name=body.name, slug=body.slug,
            parent_id=body.parent_id, description=body.description,
        )  # fmt: skip
        return Answer(
            {"section": formats.section(content.links(req), made)}, status=201, public=False
        )


def update_section(req: ApiRequest) -> Answer:
    body: schemas.SectionPatch = req.body
    sent = body.model_fields_set
    with req.services.writes.begin() as session:
        section = session.get(Section, req.path["section_id"])
        if section is None:
            raise ApiError(404, "not_found", "There is no such section.")
        made = taxonomy.update_section(
            session, req.services.bus, section.id, actor=req.actor,
            name=body.name if "name" in sent else section.name,
            parent_id=body.parent_id if "parent_id" in sent else section.parent_id,
            description=body.description,
        )  # fmt: skip
        return Answer({"section": formats.section(content.links(req), made)}, public=False)


def create_tag(req: ApiRequest) -> Answer:
    with req.services.writes.begin() as session:
        made = taxonomy.add_tag(session, req.services.bus, actor=req.actor, name=req.body.name)
        return Answer({"tag": formats.tag(content.links(req), made)}, status=201, public=False)


def rename_tag(req: ApiRequest) -> Answer:
    with req.services.writes.begin() as session:
        made = taxonomy.rename_tag(
            session, req.services.bus, req.path["tag_id"], actor=req.actor, name=req.body.name
        )
        return Answer({"tag": formats.tag(content.links(req), made)}, public=False)


def merge_tag(req: ApiRequest) -> Answer:
    with req.services.writes.begin() as session:
        made = taxonomy.merge_tags(
            session, req.services.bus, source_id=req.path["tag_id"], into_id=req.body.into,
            actor=req.actor,
        )  # fmt: skip
        return Answer({"tag": formats.tag(content.links(req), made)}, public=False)


def delete_tag(req: ApiRequest) -> Answer:
    with req.services.writes.begin() as session:
        if session.get(Tag, req.path["tag_id"]) is None:
            raise ApiError(404, "not_found", "There is no such tag.")
        taxonomy.delete_tag(session, req.services.bus, req.path["tag_id"], actor=req.actor)
    return Answer(status=204)


# -- comments ----------------------------------------------------------------------------------


def _moderated(c: Comment) -> dict[str, Any]:
    return {
        "id": c.id,
        "article_id": c.article_id,
        "parent_id": c.parent_id,
        "author_name": c.author_name,
        "author_email": c.author_email,
        "author_url": c.author_url,
        "body": c.body,
        "body_html": c.body_html,
        "status": c.status,
        "created_at": formats.iso(c.created_at),
    }


def moderation_queue(req: ApiRequest) -> Answer:
    q: schemas.ModerationQuery = req.query
    limit = content.checked_limit(q.limit)
    number = q.page or 1
    with req.services.reads() as session:
        total = comment_queries.status_counts(session).get(q.status, 0)
        rows = comment_queries.moderation_list(
            session, q.status, limit=limit, offset=(number - 1) * limit
        )
        data = [_moderated(c) for c, _ in rows]
    listed = content.numbered(data, number, limit, total)
    return Answer(
        {"comments": data, "meta": content.meta(q, limit, total=total, page=listed)},
        public=False,
    )


def moderate(req: ApiRequest) -> Answer:
    name = req.path["action"]
    if name not in comment_actions.MODERATION:
        raise ApiError(404, "not_found", "One of: " + ", ".join(comment_actions.MODERATION) + ".")
    with req.services.writes.begin() as session:
        made = comment_actions.MODERATION[name](
            session, req.services.bus, req.path["comment_id"], actor=req.actor
        )
        return Answer({"comment": _moderated(made)}, public=False)


# -- menus and authors ---------------------------------------------------------------------


def _menu_items(items: list[schemas.MenuItemIn]) -> list[menus.MenuItemInput]:
    return [
        menus.MenuItemInput(
            label=item.label,
            kind=item.kind,
            target_id=item.target_id,
            url=item.url,
            children=_menu_items(item.children),
        )  # fmt: skip
        for item in items
    ]


def save_menu(req: ApiRequest) -> Answer:
    slug = req.path["slug"]
    with req.services.writes.begin() as session:
        menus.save_menu(
            session, req.services.bus, slug, _menu_items(req.body.items), actor=req.actor
        )
    with req.services.reads() as session:
        found = menus.menus(session, now=req.now, sections=queries.sections(session))
    items = [content.menu_item(content.links(req), e) for e in found.get(slug, [])]
    return Answer({"menu": {"slug": slug, "items": items}}, public=False)


def create_author(req: ApiRequest) -> Answer:
    body: schemas.AuthorIn = req.body
    with req.services.writes.begin() as session:
        made = actions.add_author(session, req.services.bus, actor=req.actor, **body.model_dump())
        session.refresh(made, ["photo"])
        return Answer(
            {"author": formats.author(content.links(req), made)}, status=201, public=False
        )


def update_author(req: ApiRequest) -> Answer:
    body: schemas.AuthorPatch = req.body
    with req.services.writes.begin() as session:
        made = actions.update_author(
            session, req.services.bus, req.path["author_id"], actor=req.actor,
            **body.model_dump(exclude_unset=True),
        )  # fmt: skip
        session.refresh(made, ["photo"])
        return Answer({"author": formats.author(content.links(req), made)}, public=False)


# -- live blogs ------------------------------------------------------------------------------


def _blog(req: ApiRequest, session: Session, article_id: int) -> Answer:
    article = session.scalar(
        select(Article).where(Article.id == article_id).options(joinedload(Article.section))
    )
    assert article is not None
    return Answer({"live": content.live_blog_data(content.links(req), session, article)})


def _live_step(action: Callable[..., Any]) -> Callable[[ApiRequest], Answer]:
    """Start or end a live blog (``oldest_first`` as the body says), then the blog."""

    def view(req: ApiRequest) -> Answer:
        services, article_id = req.services, req.path["article_id"]
        with services.writes.begin() as session:
            action(session, services.bus, article_id, actor=req.actor, now=req.now,
                   oldest_first=req.body.oldest_first)  # fmt: skip
            return _blog(req, session, article_id)

    view.__name__ = f"{action.__name__}_live"
    return view


start_live = _live_step(live.start)
end_live = _live_step(live.end)


def _entry(req: ApiRequest, session: Session, entry_id: int, status: int = 200) -> Answer:
    shown = live.described(session, entry_id)
    assert shown is not None
    article = session.scalar(
        select(Article).where(Article.id == shown.article_id).options(joinedload(Article.section))
    )
    return Answer({"entry": formats.live_entry(content.links(req), shown, article)}, status=status)


def post_entry(req: ApiRequest) -> Answer:
    body: schemas.LiveEntryIn = req.body
    services = req.services
    data = live.EntryInput(body=body.body, headline=body.headline, author_ids=list(body.author_ids))
    with services.writes.begin() as session:
        entry = live.write_entry(
            session, services.bus, services.media_urls, req.path["article_id"], data,
            actor=req.actor, now=req.now, post=body.post,
        )  # fmt: skip
        return _entry(req, session, entry.id, status=201)


def change_entry(req: ApiRequest) -> Answer:
    """Words, then posting, then pin and key event: each the newsroom's own action."""
    body: schemas.LiveEntryPatch = req.body
    services, entry_id = req.services, req.path["entry_id"]
    with services.writes.begin() as session:
        entry = session.get(LiveEntry, entry_id)
        if entry is None or entry.status == EntryStatus.DELETED:
            raise ApiError(404, "not_found", "There is no such entry.")
        if body.body is not None or body.headline is not None:
            data = live.EntryInput(
                body=entry.body_source if body.body is None else body.body,
                headline=entry.headline if body.headline is None else body.headline,
                author_ids=list(entry.author_ids or ()),
            )
            live.write_entry(
                session, services.bus, services.media_urls, entry.article_id, data,
                actor=req.actor, now=req.now, entry_id=entry_id,
            )  # fmt: skip
        if body.post:
            live.post_entry(session, services.bus, entry_id, actor=req.actor, now=req.now)
        if body.pinned is not None or body.key_event is not None:
            live.mark_entry(session, services.bus, entry_id, actor=req.actor, now=req.now,
                            pinned=body.pinned, key_event=body.key_event)  # fmt: skip
        return _entry(req, session, entry_id)


def delete_entry(req: ApiRequest) -> Answer:
    services = req.services
    with services.writes.begin() as session:
        live.delete_entry(session, services.bus, req.path["entry_id"], actor=req.actor,
                          now=req.now)  # fmt: skip
    return Answer(status=204)
