"""The newsroom's workflow around an article, beyond saving and publishing
(``content.actions``): autosave, trash and restore, going back to a revision,
correction notes, secret preview links, and the live preview of unsaved text.

Like every action, each function checks the actor's permission itself, writes, and emits
an event after which readers' pages, the search index and related lists catch up::

    autosave(session, bus, media_urls, data, article_id=7, actor=user, now=now)
    trash_article(session, bus, 7, actor=user, now=now)
    token, expires = preview_token(session, keys, 7, actor=user, now=now)
    preview_article_id(session, keys, token, now=now)  # -> 7 until it expires or is revoked
    revoke_previews(session, bus, 7, actor=user)  # every link made so far stops working
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from thepost.content import access, locks, revisions, text
from thepost.content.actions import (
    LIMITS,
    ArticleInput,
    fill,
    get_article,
    owned,
    save_article,
    snapshot,
    store_revision,
)
from thepost.content.models import (
    LIVE_STATUSES,
    PUBLIC,
    Article,
    ArticleAuthor,
    Author,
    Correction,
    Image,
    Revision,
    Section,
    Status,
    Tag,
)
from thepost.errors import ValidationError
from thepost.events import (
    ArticleCorrected,
    ArticleRestored,
    ArticleTrashed,
    EventBus,
    PreviewsRevoked,
)
from thepost.i18n import N_
from thepost.keys import Keys
from thepost.media.urls import MediaUrls
from thepost.permissions import Action, Principal, require

PREVIEW_PURPOSE = "article-preview"
PREVIEW_HOURS = 72
CORRECTION_KINDS = {"correction": N_("Correction"), "update": N_("Update")}
CORRECTION_LIMIT = 2000
TRASHED = N_("This article is in the trash.")


# -- autosave ------------------------------------------------------------------------------


UNTITLED = "Untitled"


def hold_editing(
    session: Session,
    bus: EventBus,
    article_id: int,
    *,
    actor: Principal,
    now: datetime,
    take: bool = False,
) -> locks.Holder | None:
    """Hold the article's editing lock for ``actor`` (who may edit it), or say who else
    holds it; ``take`` takes it over (``content.locks``)."""
    article = get_article(session, article_id)
    require(actor, Action.ARTICLE_EDIT_OWN, owned(session, article))
    return locks.hold(session, bus, "article", article_id, actor=actor, now=now, take=take)


def autosave_new(
    session: Session,
    bus: EventBus,
    media_urls: MediaUrls,
    data: ArticleInput,
    *,
    actor: Principal,
    now: datetime,
) -> Article:
    """A new story's first autosave, from the first words typed: a draft (headed
    "Untitled" until it has a headline), held open in the editor by ``actor``."""
    if not data.title.strip():
        data.title = UNTITLED
    article = save_article(session, bus, media_urls, data, actor=actor, now=now, autosave=True)
    locks.hold(session, bus, "article", article.id, actor=actor, now=now)
    return article


def autosave(
    session: Session,
    bus: EventBus,
    media_urls: MediaUrls,
    data: ArticleInput,
    *,
    article_id: int,
    actor: Principal,
    now: datetime,
    since: datetime | None = None,
) -> Revision:
    """Keep what is being typed without flooding the history: one autosave revision per
    account, replaced each time. A draft is saved as well; a live article is left as
    readers see it, its autosave waiting in the revisions until someone restores it.
    ``since``: as for ``save_article``, nothing is kept over someone's newer save."""
    article = get_article(session, article_id)
    require(actor, Action.ARTICLE_EDIT_OWN, owned(session, article))
    if article.status not in LIVE_STATUSES:
        save_article(
            session,
            bus,
            media_urls,
            data,
            actor=actor,
            now=now,
            article_id=article_id,
            autosave=True,
            since=since,
        )
        return _latest_revision(session, article_id)
    if since is not None:
        revisions.check_stale(session, Revision, article_id, since=since, user_id=actor.id)
    data.validate()
    session.refresh(article, ["bylines", "tags"])
    kept = snapshot(article) | {
        "title": data.title.strip(),
        "slug": text.slugify(data.slug or data.title, max_length=LIMITS["slug"]),
        "standfirst": data.standfirst.strip(),
        "body_source": data.body,
        "dateline": data.dateline.strip(),
        "section_id": data.section_id,
        "tags": list(data.tags),
        "author_ids": list(dict.fromkeys(data.author_ids)),
        "featured_image_id": data.featured_image_id,
        "featured_caption": data.featured_caption,
        "featured_credit": data.featured_credit,
        "featured_alt": data.featured_alt,
        "comments_open": data.comments_open,
        "seo_title": data.seo_title,
        "seo_description": data.seo_description,
        "access": data.access,
        "preview_paragraphs": data.preview_paragraphs,
    }
    return store_revision(session, article_id, kept, actor.id, now, autosave=True)


def _latest_revision(session: Session, article_id: int) -> Revision:
    revision = session.scalar(
        select(Revision)
        .where(Revision.article_id == article_id)
        .order_by(Revision.id.desc())
        .limit(1)
    )
    assert revision is not None  # save_article has just written one
    return revision


# -- trash ---------------------------------------------------------------------------------


def trash_article(
    session: Session, bus: EventBus, article_id: int, *, actor: Principal, now: datetime
) -> Article:
    """Take an article off the site and out of the lists; ``restore_article`` undoes it."""
    article = get_article(session, article_id)
    require(actor, Action.ARTICLE_DELETE_OWN, owned(session, article))
    if article.status == Status.TRASHED:
        raise ValidationError({"status": N_("This article is in the trash already.")})
    article.status = Status.TRASHED.value
    article.updated_at = now
    session.flush()
    bus.emit(session, ArticleTrashed(article.id, actor.id))
    return article


def restore_article(
    session: Session, bus: EventBus, article_id: int, *, actor: Principal, now: datetime
) -> Article:
    """Out of the trash as a draft (as WordPress does): it goes out again only when
    someone publishes it."""
    article = get_article(session, article_id)
    require(actor, Action.ARTICLE_DELETE_OWN, owned(session, article))
    if article.status != Status.TRASHED:
        raise ValidationError({"status": N_("Only an article in the trash can be restored.")})
    article.status = Status.DRAFT.value
    article.updated_at = now
    session.flush()
    bus.emit(session, ArticleRestored(article.id, actor.id))
    return article


# -- revisions -----------------------------------------------------------------------------


def revision_of(session: Session, article_id: int, revision_id: int) -> Revision:
    return revisions.one(session, Revision, article_id, revision_id)


def input_from_snapshot(session: Session, snap: dict[str, Any]) -> ArticleInput:
    """An ``ArticleInput`` from a revision; a section, image or author deleted since is
    left out rather than refused."""
    section_id = snap.get("section_id")
    if section_id is not None and session.get(Section, section_id) is None:
        section_id = None
    image_id = snap.get("featured_image_id")
    if image_id is not None and session.get(Image, image_id) is None:
        image_id = None
    wanted = [int(i) for i in snap.get("author_ids") or []]
    known = set(session.scalars(select(Author.id).where(Author.id.in_(wanted))))
    original_id = snap.get("translation_of_id")
    if original_id is not None and session.get(Article, original_id) is None:
        original_id = None
    return ArticleInput(
        title=snap.get("title") or "Untitled",
        body=snap.get("body_source") or "",
        standfirst=snap.get("standfirst") or "",
        body_format=snap.get("body_format") or "markdown",
        slug=snap.get("slug") or "",
        section_id=section_id,
        tags=list(snap.get("tags") or []),
        author_ids=[i for i in wanted if i in known],
        dateline=snap.get("dateline") or "",
        featured_image_id=image_id,
        featured_caption=snap.get("featured_caption") or "",
        featured_credit=snap.get("featured_credit") or "",
        featured_alt=snap.get("featured_alt") or "",
        comments_open=bool(snap.get("comments_open", True)),
        seo_title=snap.get("seo_title") or "",
        seo_description=snap.get("seo_description") or "",
        canonical_url=snap.get("canonical_url") or "",
        access=snap.get("access") or PUBLIC,
        preview_paragraphs=access.preview_paragraphs(snap.get("preview_paragraphs", 3)),
        language=snap.get("language") or "",
        translation_of_id=original_id,
    )


def restore_revision(
    session: Session,
    bus: EventBus,
    media_urls: MediaUrls,
    article_id: int,
    revision_id: int,
    *,
    actor: Principal,
    now: datetime,
) -> Article:
    """Bring back an earlier version, as a new save on top of the history (nothing is
    lost: the version it replaces stays in the list)."""
    revision = revision_of(session, article_id, revision_id)
    data = input_from_snapshot(session, dict(revision.snapshot))
    return save_article(session, bus, media_urls, data, actor=actor, now=now, article_id=article_id)


# -- corrections ---------------------------------------------------------------------------


def add_correction(
    session: Session,
    bus: EventBus,
    article_id: int,
    *,
    kind: str,
    body: str,
    actor: Principal,
    now: datetime,
) -> Correction:
    """Append a dated correction or update note; it shows at the foot of the article."""
    article = get_article(session, article_id)
    require(actor, Action.ARTICLE_CORRECT)
    body = body.strip()
    errors = {}
    if kind not in CORRECTION_KINDS:
        errors["kind"] = N_("Choose a correction or an update.")
    if not body:
        errors["body"] = N_("Write what was corrected or updated.")
    elif len(body) > CORRECTION_LIMIT:
        errors["body"] = N_(
            "At most %(limit)s characters (%(given)s given).",
            limit=CORRECTION_LIMIT,
            given=len(body),
        )
    if article.status == Status.TRASHED:
        errors["status"] = TRASHED
    if errors:
        raise ValidationError(errors)
    note = Correction(article_id=article.id, kind=kind, body=body, created_at=now, user_id=actor.id)
    session.add(note)
    article.updated_at = now
    session.flush()
    bus.emit(session, ArticleCorrected(article.id, actor.id))
    return note


# -- previews ------------------------------------------------------------------------------


def preview_token(
    session: Session,
    keys: Keys,
    article_id: int,
    *,
    actor: Principal,
    now: datetime,
    hours: int = PREVIEW_HOURS,
) -> tuple[str, datetime]:
    """A secret link's token for a colleague without an account; it names the article
    and when it stops working, signed so neither can be changed."""
    article = get_article(session, article_id)
    require(actor, Action.ARTICLE_EDIT_OWN, owned(session, article))
    if article.status == Status.TRASHED:
        raise ValidationError({"status": TRASHED})
    expires = now + timedelta(hours=hours)
    data = {"a": article.id, "e": int(expires.timestamp()), "v": article.preview_epoch}
    return keys.sign(PREVIEW_PURPOSE, data, timed=False), expires


def preview_article_id(session: Session, keys: Keys, token: str, *, now: datetime) -> int | None:
    """The article a preview token names, or None when forged, damaged, expired or revoked."""
    data = keys.unsign(PREVIEW_PURPOSE, token[:500], timed=False)
    if not isinstance(data, dict):
        return None
    article_id, expires, epoch = data.get("a"), data.get("e"), data.get("v", 0)
    if not isinstance(expires, int) or now.timestamp() >= expires:
        return None
    if not isinstance(article_id, int) or not isinstance(epoch, int):
        return None
    current = session.scalar(select(Article.preview_epoch).where(Article.id == article_id))
    return article_id if current == epoch else None


def revoke_previews(session: Session, bus: EventBus, article_id: int, *, actor: Principal) -> None:
    """Every preview link of the article made so far stops working (a new one works)."""
    article = get_article(session, article_id)
    require(actor, Action.ARTICLE_EDIT_OWN, owned(session, article))
    article.preview_epoch += 1
    session.flush()
    bus.emit(session, PreviewsRevoked(article.id, actor.id))


def unsaved_article(
    session: Session,
    media_urls: MediaUrls,
    data: ArticleInput,
    *,
    now: datetime,
    article_id: int | None = None,
) -> Article:
    """An article built from the editor's form and never stored, rendered by the same
    code as a save, for the live preview. Unknown ids are left out, not refused."""
    article = Article(
        id=article_id,
        slug=text.slugify(data.slug or data.title or "preview", max_length=LIMITS["slug"]),
        status=Status.DRAFT.value,
        created_at=now,
        updated_at=now,
        published_at=now,
    )
    if article_id is not None:
        stored = session.get(Article, article_id)
        if stored is not None and stored.published_at is not None:
            article.published_at = stored.published_at
    fill(session, media_urls, article, data)
    article.section = session.get(Section, data.section_id) if data.section_id else None
    article.featured_image = (
        session.get(Image, data.featured_image_id) if data.featured_image_id else None
    )
    ids = list(dict.fromkeys(data.author_ids))
    found = {a.id: a for a in session.scalars(select(Author).where(Author.id.in_(ids)))}
    article.bylines = [
        ArticleAuthor(author=found[i], author_id=i, position=n)
        for n, i in enumerate(x for x in ids if x in found)
    ]
    names = {text.slugify(t): " ".join(t.split()) for t in data.tags if t.strip()}
    existing = {t.slug: t for t in session.scalars(select(Tag).where(Tag.slug.in_(names)))}
    article.tags = [existing.get(slug) or Tag(slug=slug, name=name) for slug, name in names.items()]
    article.corrections = []
    return article
