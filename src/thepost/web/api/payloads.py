"""What webhooks say: each domain event as the events of the API (``article.published``,
...) with the thing as the API shows it, built in the transaction of the change (the
outbox row is written there too)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from thepost.comments.models import Comment
from thepost.content import live, page_actions, site
from thepost.content.models import Article, Author, Section, Status, Tag
from thepost.content.models import Page as StoredPage
from thepost.events import (
    ArticleChanged,
    ArticleCorrected,
    ArticleDeleted,
    ArticlePublished,
    ArticleRestored,
    ArticleTrashed,
    ArticleUnpublished,
    AuthorChanged,
    CommentApproved,
    CommentChanged,
    CommentPosted,
    LiveBlogChanged,
    MenuChanged,
    PageChanged,
    PageDeleted,
    PagePublished,
    PageUnpublished,
    SectionChanged,
    SiteSettingsChanged,
    TagChanged,
)
from thepost.web.api import content, formats

# (type, subject, data) of an event as webhooks tell it
Told = tuple[str, str, dict[str, Any]]
ALL = formats.Shown(formats.ARTICLE_FIELDS, frozenset(formats.INCLUDES))


class Payloads:
    def __init__(self, links: formats.Links, clock: Callable[[], datetime]) -> None:
        self.links, self.clock = links, clock

    def describe(self, session: Session, kind: str, object_id: int) -> dict[str, Any]:
        """An article or page as the API shows it ({"id"} when it is gone)."""
        now = self.clock()
        if kind == "article":
            found = (
                session.scalars(content.one_article().where(Article.id == object_id))
                .unique()
                .first()
            )
            return formats.article(self.links, found, ALL, now=now) if found else {"id": object_id}
        page = session.get(StoredPage, object_id)
        if page is None:
            return {"id": object_id}
        path = page_actions.path_of(session, page)
        return formats.page(self.links, page, path, now=now)

    def told(self, session: Session, event: object) -> Told | None:
        """The webhook event of a domain event, or None when it tells nothing outside."""
        now = self.clock()
        if isinstance(event, ArticleChanged):
            return self._article(session, event, now)
        if isinstance(event, PageChanged):
            return self._page(session, event, now)
        if isinstance(event, CommentChanged):
            kind = (
                "comment.posted" if isinstance(event, CommentPosted)
                else "comment.approved" if isinstance(event, CommentApproved) else None
            )  # fmt: skip
            comment = session.get(Comment, event.comment_id)
            if kind is None or comment is None:
                return None
            return kind, f"article:{event.article_id}", _comment(comment)
        if isinstance(event, SectionChanged):
            s = session.get(Section, event.section_id)
            data = (
                formats.section(self.links, s) if s else {"id": event.section_id, "deleted": True}
            )
            return "section.changed", "", data
        if isinstance(event, TagChanged):
            t = session.get(Tag, event.tag_id)
            data = formats.tag(self.links, t) if t else {"id": event.tag_id, "deleted": True}
            return "tag.changed", "", data
        if isinstance(event, AuthorChanged):
            a = session.scalar(
                select(Author).where(Author.id == event.author_id).options(joinedload(Author.photo))
            )
            return (
                "author.changed",
                "",
                formats.author(self.links, a) if a else {"id": event.author_id},
            )
        if isinstance(event, LiveBlogChanged):
            return self._live(session, event)
        if isinstance(event, MenuChanged):
            return "menu.changed", "", {"slug": event.slug}
        if isinstance(event, SiteSettingsChanged):
            shown = site.load(session)
            values = {k: v for k, v in shown.as_dict().items() if k != "api_key_required"}
            return "settings.changed", "", {"keys": list(event.keys), "settings": values}
        return None

    def _article(self, session: Session, event: ArticleChanged, now: datetime) -> Told | None:
        subject = f"article:{event.article_id}"
        if isinstance(event, ArticleDeleted):
            return "article.deleted", subject, {"id": event.article_id}
        data = self.describe(session, "article", event.article_id)
        if isinstance(event, ArticlePublished):
            if data.get("status") == Status.SCHEDULED:
                scheduled = "rescheduled" if event.was == Status.SCHEDULED else "scheduled"
                return f"article.{scheduled}", subject, data
            return "article.published", subject, data
        named = {
            ArticleUnpublished: "article.unpublished",
            ArticleTrashed: "article.trashed",
            ArticleRestored: "article.restored",
            ArticleCorrected: "article.updated",
        }
        if type(event) in named:
            return named[type(event)], subject, data
        if type(event) is ArticleChanged and data.get("status") == Status.PUBLISHED:
            return "article.updated", subject, data  # an edit while live
        return None

    def _live(self, session: Session, event: LiveBlogChanged) -> Told | None:
        """A live blog started or ended (the article as the API shows it), or one of its
        entries posted, edited (pinned and marked too) or deleted."""
        subject = f"article:{event.article_id}"
        if event.entry_id is None:
            return (
                f"live.{event.kind}",
                subject,
                self.describe(session, "article", event.article_id),
            )
        entry = live.described(session, event.entry_id)
        article = session.scalar(
            select(Article)
            .where(Article.id == event.article_id)
            .options(joinedload(Article.section))
        )
        if entry is None or article is None:
            return None
        kind = {"posted": "posted", "edited": "updated", "deleted": "deleted"}[event.kind]
        return f"live_entry.{kind}", subject, formats.live_entry(self.links, entry, article)

    def _page(self, session: Session, event: PageChanged, now: datetime) -> Told | None:
        subject = f"page:{event.page_id}"
        if isinstance(event, PageDeleted):
            return "page.deleted", subject, {"id": event.page_id}
        data = self.describe(session, "page", event.page_id)
        if isinstance(event, PagePublished):
            scheduled = data.get("status") == Status.SCHEDULED
            return ("page.scheduled" if scheduled else "page.published"), subject, data
        if isinstance(event, PageUnpublished):
            return "page.unpublished", subject, data
        if data.get("status") == Status.PUBLISHED:
            return "page.updated", subject, data
        return None


def _comment(c: Comment) -> dict[str, Any]:
    return {
        "id": c.id,
        "article_id": c.article_id,
        "parent_id": c.parent_id,
        "author_name": c.author_name,
        "author_url": c.author_url,
        "status": c.status,
        "body_html": c.body_html,
        "created_at": formats.iso(c.created_at),
    }
