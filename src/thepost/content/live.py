"""Live blogs: any article made live, its entries posted as the story moves, then ended.

The article itself is the blog's summary and key points (edited in the story editor as
ever); its entries are ``LiveEntry`` rows. Who may do what (``permissions``):
contributors write entries that wait for someone who may post them; authors start, end
and post to their own stories' blogs; editors to any. Drafts are their writer's alone.
Every change readers see emits ``LiveBlogChanged``: the stored page is rendered again and
the cached pages (the update URL's answers among them) refreshed in every process::

    start(session, bus, 7, actor=editor, now=now)
    entry = write_entry(session, bus, media_urls, 7, EntryInput(body="Sirens heard."),
                        actor=editor, now=now, post=True)
    mark_entry(session, bus, entry.id, actor=editor, now=now, key_event=True)
    updates(session, 7)  # what readers' pages apply: the latest changes, deletions too

Readers' pages read ``page`` (the first entries, pinned first, and the key events) and
``older`` (the entries below an entry, a page at a time); the update URL reads
``updates``. Nothing here renders HTML: the templates do (``site/_live.html``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import false, func, or_, select, true
from sqlalchemy.orm import Session, joinedload

from thepost.content import bodies, queries, text
from thepost.content.actions import get_article, owned
from thepost.content.models import (
    ENDED,
    LIVE,
    Article,
    Author,
    EntryStatus,
    LiveEntry,
    Status,
)
from thepost.errors import NotFound, PermissionDenied, ValidationError
from thepost.events import EventBus, LiveBlogChanged
from thepost.i18n import N_
from thepost.media.urls import MediaUrls
from thepost.permissions import Action, Principal, can, require

PAGE = 20  # entries on the blog's page, and per "older entries" page
KEY_EVENTS = 30  # at most this many in the key events box (the newest)
UPDATES = 50  # changes the update URL lists; a reader further behind reloads the page
HEADLINE_LIMIT = 200
BODY_LIMIT = 20_000
NO_NEW_ENTRIES = N_("This live blog has ended: no new entries.")


@dataclass
class EntryInput:
    body: str
    headline: str = ""
    # Empty: the writer's own byline for a new entry, the bylines it has for a change.
    author_ids: list[int] = field(default_factory=list)

    def validate(self) -> None:
        errors = {}
        if not self.body.strip():
            errors["body"] = N_("Write the update.")
        elif len(self.body) > BODY_LIMIT:
            errors["body"] = N_(
                "At most %(limit)s characters (%(given)s given).",
                limit=BODY_LIMIT,
                given=len(self.body),
            )
        if len(self.headline) > HEADLINE_LIMIT:
            errors["headline"] = N_(
                "At most %(limit)s characters (%(given)s given).",
                limit=HEADLINE_LIMIT,
                given=len(self.headline),
            )
        if errors:
            raise ValidationError(errors)


# -- the blog -------------------------------------------------------------------------------


def may_post(session: Session, actor: Principal, article: Article) -> bool:
    """Whether ``actor`` posts to this blog (and edits, pins and deletes its entries)."""
    return can(actor, Action.LIVE_POST_OWN, owned(session, article))


def start(
    session: Session,
    bus: EventBus,
    article_id: int,
    *,
    actor: Principal,
    now: datetime,
    oldest_first: bool = False,
) -> Article:
    """Make a story a live blog (again, if it was ended: its entries are kept)."""
    article = get_article(session, article_id)
    require(actor, Action.LIVE_POST_OWN, owned(session, article))
    if article.status == Status.TRASHED:
        raise ValidationError({"status": N_("This article is in the trash.")})
    if article.for_members:
        raise ValidationError(
            {"access": N_("A story for members cannot be a live blog: its updates are public.")}
        )
    article.live_status = LIVE
    article.live_started_at = article.live_started_at or now
    article.live_ended_at = None
    article.live_oldest_first = oldest_first
    article.updated_at = max(article.updated_at, now)
    session.flush()
    bus.emit(session, LiveBlogChanged(article.id, actor.id, "started"))
    return article


def end(
    session: Session,
    bus: EventBus,
    article_id: int,
    *,
    actor: Principal,
    now: datetime,
    oldest_first: bool | None = None,
) -> Article:
    """End a live blog: an ordinary story from now on, its entries kept below it (oldest
    first when ``oldest_first``, as a finished event reads best)."""
    article = _blog(session, article_id)
    require(actor, Action.LIVE_POST_OWN, owned(session, article))
    article.live_status = ENDED
    article.live_ended_at = now
    if oldest_first is not None:
        article.live_oldest_first = oldest_first
    article.updated_at = max(article.updated_at, now)
    session.flush()
    bus.emit(session, LiveBlogChanged(article.id, actor.id, "ended"))
    return article


def _blog(session: Session, article_id: int) -> Article:
    article = get_article(session, article_id)
    if not article.live_status:
        raise ValidationError({"live": N_("This story is not a live blog.")})
    return article


# -- entries --------------------------------------------------------------------------------


def write_entry(
    session: Session,
    bus: EventBus,
    media_urls: MediaUrls,
    article_id: int,
    data: EntryInput,
    *,
    actor: Principal,
    now: datetime,
    entry_id: int | None = None,
    post: bool = False,
) -> LiveEntry:
    """Write a new entry or change one. ``post``: out to readers now (a contributor's
    waits for someone who may post it); else kept as a draft. A posted entry changed is
    edited in place and says so."""
    article = _blog(session, article_id)
    require(actor, Action.LIVE_DRAFT)
    poster = may_post(session, actor, article)
    entry = _entry(session, article, entry_id) if entry_id is not None else None
    if entry is not None:
        _may_change(session, actor, article, entry, poster)
    going_out = post and (entry is None or entry.status != EntryStatus.POSTED)
    if (entry is None or going_out) and article.live_status != LIVE:
        raise ValidationError({"live": NO_NEW_ENTRIES})
    data.validate()
    if entry is not None and not data.author_ids:  # a change keeps the entry's bylines
        authors = list(entry.author_ids or ())
    else:
        authors = _authors(session, actor, data.author_ids)
    source = text.newlines(data.body)
    body = bodies.render(session, media_urls, source, "markdown")
    was = entry.status if entry is not None else None
    if entry is None:
        entry = LiveEntry(article_id=article.id, user_id=actor.id, created_at=now, changed_at=now)
        session.add(entry)
    entry.headline = " ".join(data.headline.split())
    entry.body_source = source
    entry.body_html = body.html
    entry.body_text = text.html_to_text(body.html)
    entry.author_ids = authors
    if was == EntryStatus.POSTED:
        entry.edited_at = entry.changed_at = now
    elif post and poster:
        entry.status = EntryStatus.POSTED.value
        entry.posted_at = entry.changed_at = now
    elif post:
        entry.status = EntryStatus.PENDING.value
    else:
        entry.status = EntryStatus.DRAFT.value if was != EntryStatus.PENDING else was
    session.flush()
    if entry.status == EntryStatus.POSTED:
        kind = "edited" if was == EntryStatus.POSTED else "posted"
        _changed(session, bus, article, actor, kind, entry, now)
    return entry


def post_entry(
    session: Session, bus: EventBus, entry_id: int, *, actor: Principal, now: datetime
) -> LiveEntry:
    """Post a draft or a contributor's waiting entry as it is."""
    entry = _get_entry(session, entry_id)
    article = _blog(session, entry.article_id)
    require(actor, Action.LIVE_POST_OWN, owned(session, article))
    _may_change(session, actor, article, entry, True)
    if entry.status == EntryStatus.POSTED:
        return entry
    if article.live_status != LIVE:
        raise ValidationError({"live": NO_NEW_ENTRIES})
    entry.status = EntryStatus.POSTED.value
    entry.posted_at = entry.changed_at = now
    session.flush()
    _changed(session, bus, article, actor, "posted", entry, now)
    return entry


def mark_entry(
    session: Session,
    bus: EventBus,
    entry_id: int,
    *,
    actor: Principal,
    now: datetime,
    pinned: bool | None = None,
    key_event: bool | None = None,
) -> LiveEntry:
    """Pin a posted entry to the top of the blog (one at a time: pinning another unpins
    it) or take it down; mark it as a key event (listed in the key events box) or not."""
    entry = _get_entry(session, entry_id)
    article = _blog(session, entry.article_id)
    require(actor, Action.LIVE_POST_OWN, owned(session, article))
    if entry.status != EntryStatus.POSTED:
        raise ValidationError({"entry": N_("Only a posted entry is pinned or marked.")})
    if pinned:
        for other in session.scalars(
            select(LiveEntry).where(
                LiveEntry.article_id == article.id,
                LiveEntry.pinned.is_(True),
                LiveEntry.id != entry.id,
            )
        ):
            other.pinned, other.changed_at = False, now
    if pinned is not None:
        entry.pinned = pinned
    if key_event is not None:
        entry.key_event = key_event
    entry.changed_at = now
    session.flush()
    _changed(session, bus, article, actor, "edited", entry, now)
    return entry


def delete_entry(
    session: Session, bus: EventBus, entry_id: int, *, actor: Principal, now: datetime
) -> None:
    """Delete an entry: a posted one leaves readers' pages (kept as a mark that it went,
    its words emptied); a draft or a waiting one simply goes."""
    entry = _get_entry(session, entry_id)
    article = _blog(session, entry.article_id)
    poster = may_post(session, actor, article)
    _may_change(session, actor, article, entry, poster)
    if entry.status != EntryStatus.POSTED:
        session.delete(entry)
        session.flush()
        return
    entry.status = EntryStatus.DELETED.value
    entry.headline = entry.body_source = entry.body_html = entry.body_text = ""
    entry.pinned = entry.key_event = False
    entry.changed_at = now
    session.flush()
    _changed(session, bus, article, actor, "deleted", entry, now)


def _may_change(
    session: Session, actor: Principal, article: Article, entry: LiveEntry, poster: bool
) -> None:
    """A draft is its writer's; a waiting entry its writer's and the blog's posters'; a
    posted one the posters'."""
    mine = actor.id is not None and entry.user_id == actor.id
    if entry.status == EntryStatus.DELETED:
        raise NotFound(f"live entry {entry.id}")
    if entry.status == EntryStatus.DRAFT and not mine:
        raise NotFound(f"live entry {entry.id}")  # someone else's draft is not there to them
    if entry.status == EntryStatus.PENDING and not (mine or poster):
        raise NotFound(f"live entry {entry.id}")
    if entry.status == EntryStatus.POSTED and not poster:
        raise PermissionDenied(f"{actor.role} may not change the entries of this live blog")


def _changed(
    session: Session,
    bus: EventBus,
    article: Article,
    actor: Principal,
    kind: str,
    entry: LiveEntry,
    now: datetime,
) -> None:
    article.updated_at = max(article.updated_at, now)
    session.flush()
    bus.emit(session, LiveBlogChanged(article.id, actor.id, kind, entry.id))


def _entry(session: Session, article: Article, entry_id: int) -> LiveEntry:
    entry = _get_entry(session, entry_id)
    if entry.article_id != article.id:
        raise NotFound(f"live entry {entry_id}")
    return entry


def _get_entry(session: Session, entry_id: int) -> LiveEntry:
    entry = session.get(LiveEntry, entry_id)
    if entry is None:
        raise NotFound(f"live entry {entry_id}")
    return entry


def _authors(session: Session, actor: Principal, wanted: list[int]) -> list[int]:
    """The entry's bylines: those asked for (each must exist; only those who may put
    anyone on a byline name others), else the writer's own profile."""
    own = (
        list(session.scalars(select(Author.id).where(Author.user_id == actor.id)))
        if actor.id is not None
        else []
    )
    if not wanted:
        return own[:1]
    ids = list(dict.fromkeys(wanted))[:5]
    found = set(session.scalars(select(Author.id).where(Author.id.in_(ids))))
    if missing := [i for i in ids if i not in found]:
        raise ValidationError({"author_ids": N_("No such author: %(id)s.", id=str(missing[0]))})
    if not can(actor, Action.BYLINE_ANY) and not set(ids) <= set(own):
        raise ValidationError({"author_ids": N_("You may put only yourself on a byline.")})
    return ids


# -- what readers see -----------------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """An entry as pages show it, its bylines' names read."""

    id: int
    article_id: int
    headline: str
    html: str
    text: str
    posted_at: datetime
    edited_at: datetime | None
    pinned: bool
    key_event: bool
    authors: tuple[Author, ...]
    status: str = EntryStatus.POSTED.value
    changed_at: datetime | None = None

    @property
    def anchor(self) -> str:
        return f"entry-{self.id}"


@dataclass(frozen=True)
class Blog:
    """A live blog's part of its page: ``entries`` the first page (the pinned one
    apart, above them), ``key_events`` newest first, ``more`` whether older entries
    follow, ``count`` all the posted ones, ``latest`` when one last changed."""

    status: str
    started_at: datetime | None
    ended_at: datetime | None
    oldest_first: bool
    pinned: Shown | None
    entries: list[Shown]
    key_events: list[Shown]
    count: int
    more: bool
    latest: datetime | None

    @property
    def running(self) -> bool:
        return self.status == LIVE


def _posted(article_id: int) -> Any:
    return (LiveEntry.article_id == article_id) & (LiveEntry.status == EntryStatus.POSTED.value)


def _order(oldest_first: bool) -> tuple[Any, ...]:
    if oldest_first:
        return (LiveEntry.posted_at.asc(), LiveEntry.id.asc())
    return (LiveEntry.posted_at.desc(), LiveEntry.id.desc())


def readers_blog(session: Session, article_id: int, *, now: datetime) -> Article | None:
    """A live blog readers may see (live now or ended), its section loaded for its
    address; None for anything else."""
    return session.scalar(
        select(Article)
        .where(Article.id == article_id, queries.live(now), Article.live_status != "")
        .options(joinedload(Article.section), *queries.story_deferred())
    )


def page(session: Session, article: Any, *, size: int = PAGE) -> Blog | None:
    """The blog's part of its page (None for a story that was never live)."""
    if not article.live_status:
        return None
    found = list(
        session.scalars(
            select(LiveEntry)
            .where(_posted(article.id), LiveEntry.pinned.is_(False))
            .order_by(*_order(article.live_oldest_first))
            .limit(size + 1)
        )
    )
    pinned = session.scalar(
        select(LiveEntry).where(_posted(article.id), LiveEntry.pinned.is_(True))
    )
    keys = list(
        session.scalars(
            select(LiveEntry)
            .where(_posted(article.id), LiveEntry.key_event.is_(True))
            .order_by(*_order(False))
            .limit(KEY_EVENTS)
        )
    )
    count = session.scalar(select(func.count()).where(_posted(article.id))) or 0
    latest = session.scalar(
        select(func.max(LiveEntry.changed_at)).where(LiveEntry.article_id == article.id)
    )
    shown = _shown(session, [*found[:size], *keys, *([pinned] if pinned else [])])
    return Blog(
        status=article.live_status,
        started_at=article.live_started_at,
        ended_at=article.live_ended_at,
        oldest_first=article.live_oldest_first,
        pinned=shown[pinned.id] if pinned else None,
        entries=[shown[e.id] for e in found[:size]],
        key_events=[shown[e.id] for e in keys],
        count=count,
        more=len(found) > size,
        latest=latest,
    )


def older(
    session: Session, article: Any, after: int, *, size: int = PAGE
) -> tuple[list[Shown], bool]:
    """The posted entries that come after entry ``after`` in the blog's order, a page of
    them, and whether more follow (None: ``after`` is not one of its posted entries)."""
    mark = session.scalar(select(LiveEntry).where(_posted(article.id), LiveEntry.id == after))
    if mark is None:
        raise NotFound(f"live entry {after}")
    when, ident = mark.posted_at, mark.id
    if article.live_oldest_first:
        beyond = or_(
            LiveEntry.posted_at > when, (LiveEntry.posted_at == when) & (LiveEntry.id > ident)
        )
    else:
        beyond = or_(
            LiveEntry.posted_at < when, (LiveEntry.posted_at == when) & (LiveEntry.id < ident)
        )
    found = list(
        session.scalars(
            select(LiveEntry)
            .where(_posted(article.id), LiveEntry.pinned.is_(False), beyond)
            .order_by(*_order(article.live_oldest_first))
            .limit(size + 1)
        )
    )
    shown = _shown(session, found[:size])
    return [shown[e.id] for e in found[:size]], len(found) > size


def latest(session: Session, article_id: int, *, limit: int = UPDATES) -> list[Shown]:
    """The newest posted entries (the pinned one among them), for the blog's feed."""
    found = list(
        session.scalars(
            select(LiveEntry).where(_posted(article_id)).order_by(*_order(False)).limit(limit)
        )
    )
    shown = _shown(session, found)
    return [shown[e.id] for e in found]


def entry(session: Session, article_id: int, entry_id: int) -> Shown | None:
    """One posted entry of the blog (a link to it shared), or None."""
    found = session.scalar(select(LiveEntry).where(_posted(article_id), LiveEntry.id == entry_id))
    return _shown(session, [found])[found.id] if found is not None else None


def described(session: Session, entry_id: int) -> Shown | None:
    """An entry whatever its state (for the API and webhooks), or None."""
    found = session.get(LiveEntry, entry_id)
    return _shown(session, [found])[found.id] if found is not None else None


def updates(session: Session, article_id: int, *, limit: int = UPDATES) -> list[Shown]:
    """The entries changed last, newest change first: posted, edited, pinned, marked or
    deleted (``status`` "deleted", their words gone). Every reader's page applies those
    newer than what it shows."""
    found = list(
        session.scalars(
            select(LiveEntry)
            .where(
                LiveEntry.article_id == article_id,
                LiveEntry.status.in_([EntryStatus.POSTED.value, EntryStatus.DELETED.value]),
            )
            .order_by(LiveEntry.changed_at.desc(), LiveEntry.id.desc())
            .limit(limit)
        )
    )
    shown = _shown(session, found)
    return [shown[e.id] for e in found]


def _shown(session: Session, entries: Iterable[LiveEntry]) -> dict[int, Shown]:
    entries = list(entries)
    wanted = {a for e in entries for a in e.author_ids or ()}
    authors = (
        {a.id: a for a in session.scalars(select(Author).where(Author.id.in_(wanted)))}
        if wanted
        else {}
    )
    return {
        e.id: Shown(
            id=e.id,
            article_id=e.article_id,
            headline=e.headline,
            html=e.body_html,
            text=e.body_text,
            posted_at=e.posted_at or e.created_at,
            edited_at=e.edited_at,
            pinned=e.pinned,
            key_event=e.key_event,
            authors=tuple(authors[a] for a in e.author_ids or () if a in authors),
            status=e.status,
            changed_at=e.changed_at,
        )
        for e in entries
    }


# -- the newsroom's composer ----------------------------------------------------------------


@dataclass(frozen=True)
class Desk:
    """What the composer lists for ``actor``: their own drafts, the entries waiting to be
    posted (their own, or every one for those who may post), and the posted ones."""

    drafts: list[LiveEntry]
    waiting: list[LiveEntry]
    posted: list[Shown]
    may_post: bool


def desk(session: Session, article: Article, actor: Principal, *, size: int = 50) -> Desk:
    poster = may_post(session, actor, article)
    mine = LiveEntry.user_id == actor.id if actor.id is not None else false()
    of_blog = LiveEntry.article_id == article.id
    drafts = session.scalars(
        select(LiveEntry)
        .where(of_blog, LiveEntry.status == EntryStatus.DRAFT.value, mine)
        .order_by(LiveEntry.created_at.desc())
    ).all()
    waiting_rule = (LiveEntry.status == EntryStatus.PENDING.value) & (
        mine if not poster else true()
    )
    waiting = session.scalars(
        select(LiveEntry).where(of_blog, waiting_rule).order_by(LiveEntry.created_at)
    ).all()
    posted = list(
        session.scalars(
            select(LiveEntry).where(_posted(article.id)).order_by(*_order(False)).limit(size)
        )
    )
    shown = _shown(session, posted)
    return Desk(list(drafts), list(waiting), [shown[e.id] for e in posted], poster)
