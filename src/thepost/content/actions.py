"""Every write to content. The newsroom admin, the API, the CLI and the demo loader call
these functions, so a rule lives in one place.

Each action takes the session and its collaborators as arguments, checks that the
``actor`` may do it (``thepost.permissions``; ``SYSTEM`` for the CLI and the demo), writes,
records a revision where it applies, and emits an event that subscribers see after the
commit (publish, unpublish and delete also become audit rows, in the same transaction).
The caller commits::

    data = ArticleInput(title="Hello", body="Text")
    article = save_article(session, bus, media_urls, data, actor=user, now=now)
    publish_article(session, bus, article.id, actor=user, now=now)
    session.commit()
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from thepost.content import (
    access,
    bodies,
    queries,
    related,
    revisions,
    site,
    text,
    translations,
)
from thepost.content.models import (
    LIVE_STATUSES,
    MEMBERS,
    PUBLIC,
    Article,
    ArticleAuthor,
    ArticleSlug,
    Author,
    Image,
    Revision,
    Section,
    SiteSetting,
    Status,
    Tag,
)
from thepost.db.base import table
from thepost.errors import NotFound, ValidationError
from thepost.events import (
    ArticleChanged,
    ArticleDeleted,
    ArticlePublished,
    ArticleUnpublished,
    AuthorChanged,
    EventBus,
    SiteSettingsChanged,
)
from thepost.i18n import N_
from thepost.media.urls import MediaUrls
from thepost.permissions import Action, Owned, Principal, can, require

LIMITS = {"title": 300, "standfirst": 1000, "dateline": 120, "seo_title": 300, "slug": 200}


@dataclass
class ArticleInput:
    title: str
    body: str = ""
    standfirst: str = ""
    body_format: str = "markdown"
    slug: str = ""
    section_id: int | None = None
    tags: Sequence[str] = ()
    author_ids: Sequence[int] = ()
    dateline: str = ""
    featured_image_id: int | None = None
    featured_caption: str = ""
    featured_credit: str = ""
    featured_alt: str = ""
    comments_open: bool = True
    seo_title: str = ""
    seo_description: str = ""
    canonical_url: str = ""
    access: str = PUBLIC
    preview_paragraphs: int = 3
    # "" for the site's own language; and the story it translates (any of its versions)
    language: str = ""
    translation_of_id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.body = text.newlines(self.body)

    def validate(self) -> None:
        errors: dict[str, str] = {}
        if not self.title.strip():
            errors["title"] = N_("A headline is required.")
        for name, limit in LIMITS.items():
            value = getattr(self, name)
            if len(value) > limit:
                errors[name] = N_(
                    "At most %(limit)s characters (%(given)s given).", limit=limit, given=len(value)
                )
        if self.body_format not in ("markdown", "html"):
            errors["body_format"] = N_("Body format must be markdown or html.")
        if self.access not in access.ACCESS:
            errors["access"] = N_("Choose who may read the story: everyone or members.")
        if not 0 <= self.preview_paragraphs <= access.MAX_PREVIEW:
            errors["preview_paragraphs"] = N_(
                "Between 0 and %(limit)s paragraphs.", limit=access.MAX_PREVIEW
            )
        if self.canonical_url and not self.canonical_url.startswith(("https://", "http://")):
            errors["canonical_url"] = N_("The canonical URL must start with http:// or https://.")
        if errors:
            raise ValidationError(errors)


# -- taxonomy and people ----------------------------------------------------------------


def tags_by_name(session: Session, names: Sequence[str]) -> list[Tag]:
    """The tags with these names, created on the fly; order kept, duplicates dropped."""
    wanted = _tag_slugs(names)
    if not wanted:
        return []
    found = {t.slug: t for t in session.scalars(select(Tag).where(Tag.slug.in_(wanted)))}
    for slug, name in wanted.items():
        if slug not in found:
            found[slug] = Tag(slug=slug, name=name)
            session.add(found[slug])
    session.flush()
    return [found[slug] for slug in wanted]


def _tag_slugs(names: Sequence[str]) -> dict[str, str]:
    """Tag names by the slug each is found under, in order, the first of two alike kept."""
    wanted: dict[str, str] = {}
    for name in names:
        name = " ".join(name.split())[:120]
        if name:
            wanted.setdefault(text.slugify(name), name)
    return wanted


def create_author(
    session: Session,
    name: str,
    *,
    bio: str = "",
    job_title: str = "",
    photo_id: int | None = None,
    user_id: int | None = None,
) -> Author:
    author = Author(
        name=name.strip(),
        slug=_unique_slug(session, Author, text.slugify(name)),
        bio=bio,
        job_title=job_title,
        photo_id=photo_id,
        user_id=user_id,
    )
    session.add(author)
    session.flush()
    return author


AUTHOR_LIMITS = {"name": 200, "job_title": 200, "bio": 5000}


def _author_values(session: Session, values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    for name, limit in AUTHOR_LIMITS.items():
        if name in values:
            values[name] = str(values[name]).strip()
            if len(values[name]) > limit:
                errors[name] = N_(
                    "At most %(limit)s characters (%(given)s given).",
                    limit=limit,
                    given=len(values[name]),
                )
    if "name" in values and not text.slugify(values["name"]):
        errors["name"] = N_("A name with a letter or digit is required.")
    photo = values.get("photo_id")
    if photo is not None and session.get(Image, photo) is None:
        errors["photo_id"] = N_("No such picture in the library.")
    if errors:
        raise ValidationError(errors)
    return values


def add_author(
    session: Session,
    bus: EventBus,
    *,
    actor: Principal,
    name: str,
    job_title: str = "",
    bio: str = "",
    photo_id: int | None = None,
) -> Author:
    """A byline's profile (not an account: a guest writer, a wire service)."""
    require(actor, Action.AUTHOR_MANAGE)
    values = _author_values(
        session, {"name": name, "job_title": job_title, "bio": bio, "photo_id": photo_id}
    )
    author = create_author(session, **values)
    bus.emit(session, AuthorChanged((), actor.id, author.id))
    return author


def update_author(
    session: Session, bus: EventBus, author_id: int, *, actor: Principal, **values: Any
) -> Author:
    """Change a profile's ``name``, ``job_title``, ``bio`` or ``photo_id`` (those given);
    its address stays, so links keep working."""
    require(actor, Action.AUTHOR_MANAGE)
    author = session.get(Author, author_id)
    if author is None:
        raise NotFound(f"author {author_id}")
    unknown = set(values) - {*AUTHOR_LIMITS, "photo_id"}
    if unknown:
        raise ValidationError({name: N_("Not a field of an author.") for name in unknown})
    for name, value in _author_values(session, values).items():
        setattr(author, name, value)
    session.flush()
    articles = tuple(
        session.scalars(
            select(ArticleAuthor.article_id).where(ArticleAuthor.author_id == author.id)
        )
    )
    bus.emit(session, AuthorChanged(articles, actor.id, author.id))
    return author


def _unique_slug(session: Session, model: Any, base: str, exclude_id: int | None = None) -> str:
    return _unique_slugs(session, model, [base], exclude_id)[0]


def _unique_slugs(
    session: Session, model: Any, bases: Sequence[str], exclude_id: int | None = None
) -> list[str]:
    """A free slug for each base, in order: the base itself, else ``base-2``, ``base-3``...
    the first that no other row holds (for articles, nor any article's old slug) and no
    base before it in ``bases`` was given. Candidates are looked up by equality, a few
    at a time for all bases at once, so the slug index answers (a ``LIKE 'base%'``
    would read every slug of the table for each one)."""
    looked: set[str] = set()
    held: set[str] = set()

    def look(names: list[str]) -> None:
        fresh = sorted(set(names) - looked)
        looked.update(fresh)
        for start in range(0, len(fresh), 500):
            part = fresh[start : start + 500]
            held.update(
                session.scalars(
                    select(model.slug).where(model.slug.in_(part), model.id != (exclude_id or -1))
                )
            )
            if model is Article:  # an old slug of another article is taken too
                held.update(
                    session.scalars(
                        select(ArticleSlug.slug).where(
                            ArticleSlug.slug.in_(part),
                            ArticleSlug.article_id != (exclude_id or -1),
                        )
                    )
                )

    def tries(base: str, first: int, count: int) -> list[str]:
        return [base if n == 1 else f"{base}-{n}" for n in range(first, first + count)]

    look([name for base in dict.fromkeys(bases) for name in tries(base, 1, 4)])
    chosen: list[str] = []
    for base in bases:
        n = 1
        while True:
            name = tries(base, n, 1)[0]
            if name not in looked:
                look(tries(base, n, 64))
            if name not in held:
                break
            n += 1
        held.add(name)
        chosen.append(name)
    return chosen


# -- articles ----------------------------------------------------------------------------


def save_article(
    session: Session,
    bus: EventBus,
    media_urls: MediaUrls,
    data: ArticleInput,
    *,
    actor: Principal,
    now: datetime,
    article_id: int | None = None,
    autosave: bool = False,
    since: datetime | None = None,
) -> Article:
    """Create or update an article, render its body (its figures linked at
    ``media_urls``), keep slug history, record a revision (an ``autosave`` one replaces
    the same account's autosave before it). With ``since`` (when the editor showed the
    article), refuse with ``revisions.StaleEdit`` if someone else saved it after."""
    if article_id is None:
        require(actor, Action.ARTICLE_CREATE)
        article = Article(created_at=now, status=Status.DRAFT.value)
    else:
        article = get_article(session, article_id)
        require(actor, Action.ARTICLE_EDIT_OWN, owned(session, article))
        if article.status == Status.TRASHED:
            raise ValidationError({"status": IN_THE_TRASH})
        if since is not None:
            revisions.check_stale(session, Revision, article.id, since=since, user_id=actor.id)
    data.validate()
    if article_id is not None:
        # Relationships are lazy="raise" for pages; load them here for the update.
        session.refresh(article, ["bylines", "tags"])
    _check_refs(session, data)
    author_ids = byline(
        session,
        actor,
        [b.author_id for b in article.bylines] if article_id else [],
        list(dict.fromkeys(data.author_ids)),
    )
    article.language = translations.stored(site.load(session), data.language)
    article.translation_of_id = translations.check_link(
        session, Article, article_id, article.language, data.translation_of_id
    )

    wanted_slug = text.slugify(data.slug or data.title, max_length=LIMITS["slug"])
    new_slug = _unique_slug(session, Article, wanted_slug, exclude_id=article_id)
    if article.slug and article.slug != new_slug:
        _remember_slug(session, article, article.slug)

    article.slug = new_slug
    figures = fill(session, media_urls, article, data)
    article.updated_at = now
    article.tags = tags_by_name(session, data.tags)
    article.bylines = [
        ArticleAuthor(author_id=author_id, position=i) for i, author_id in enumerate(author_ids)
    ]
    session.add(article)
    session.flush()
    bodies.keep_figures(session, article.id, figures)
    _record_revision(session, article, actor.id, now, autosave=autosave)
    if article.status in (Status.PUBLISHED, Status.SCHEDULED):
        bus.emit(session, ArticleChanged(article.id))
    return article


def translate_article(
    session: Session,
    bus: EventBus,
    media_urls: MediaUrls,
    article_id: int,
    language: str,
    *,
    actor: Principal,
    now: datetime,
) -> Article:
    """A draft in ``language`` translating the story (or the group's original when
    given a translation): its words to rewrite, its section, tags, bylines, picture and
    settings kept."""
    source = get_article(session, article_id)
    session.refresh(source, ["bylines", "tags"])
    data = ArticleInput(
        title=source.title,
        body=source.body_source,
        standfirst=source.standfirst,
        body_format=source.body_format,
        slug=translations.draft_slug(source.slug, language),
        section_id=source.section_id,
        tags=[t.name for t in source.tags],
        author_ids=[b.author_id for b in source.bylines],
        dateline=source.dateline,
        featured_image_id=source.featured_image_id,
        featured_caption=source.featured_caption,
        featured_credit=source.featured_credit,
        featured_alt=source.featured_alt,
        comments_open=source.comments_open,
        access=source.access,
        preview_paragraphs=source.preview_paragraphs,
        language=language,
        translation_of_id=source.id,
    )
    return save_article(session, bus, media_urls, data, actor=actor, now=now)


@dataclass
class NewArticle:
    """An article for ``create_articles``: its fields, and how it stands."""

    data: ArticleInput
    status: Status = Status.DRAFT  # DRAFT, PENDING, PRIVATE or PUBLISHED
    # When it came out: a PUBLISHED one is scheduled while this is still to come; an
    # archive's story keeps it as its publication and last change dates.
    at: datetime | None = None


def create_articles(
    session: Session,
    bus: EventBus,
    media_urls: MediaUrls,
    new: Sequence[NewArticle],
    *,
    actor: Principal,
    now: datetime,
) -> list[Article | ValidationError]:
    """Create many articles at once (an import): each as ``save_article`` and then
    ``publish_article`` or ``make_private`` would make it, with its first revision and
    the same events, in a fixed number of statements for all of them. Each result is the
    article, or the ValidationError of an input that was refused (the others are made)."""
    require(actor, Action.ARTICLE_CREATE)
    if any(n.status in (Status.PUBLISHED, Status.PRIVATE) for n in new):
        require(actor, Action.ARTICLE_PUBLISH_ANY)
    results: list[Article | ValidationError] = []
    shown = site.load(session)
    for n, errors in zip(new, _ref_errors(session, [n.data for n in new]), strict=True):
        try:
            n.data.validate()
            if errors:
                raise ValidationError(errors)
            byline(session, actor, [], list(n.data.author_ids))
            language = translations.stored(shown, n.data.language)
        except ValidationError as exc:
            results.append(exc)
            continue
        results.append(
            Article(created_at=now, updated_at=now, status=Status.DRAFT.value, language=language)
        )
    made = [(n, a) for n, a in zip(new, results, strict=True) if isinstance(a, Article)]
    slugs = _unique_slugs(
        session,
        Article,
        [text.slugify(n.data.slug or n.data.title, max_length=LIMITS["slug"]) for n, _ in made],
    )
    tags = {t.slug: t for t in tags_by_name(session, [t for n, _ in made for t in n.data.tags])}
    figures, snapshots = [], []
    for (n, article), slug in zip(made, slugs, strict=True):
        article.slug = slug
        figures.append(fill(session, media_urls, article, n.data))
        article.tags = [tags[slug] for slug in _tag_slugs(n.data.tags)]
        article.bylines = [
            ArticleAuthor(author_id=author_id, position=i)
            for i, author_id in enumerate(dict.fromkeys(n.data.author_ids))
        ]
        snapshots.append(snapshot(article))  # as saved, before it goes out
        if n.status == Status.PUBLISHED:
            article.go_out(n.at or now, now)
            article.updated_at = n.at or now
        elif n.status == Status.PRIVATE:
            article.status, article.published_at = Status.PRIVATE.value, n.at or now
        elif n.status == Status.PENDING:
            article.status = Status.PENDING.value
    session.add_all(a for _, a in made)
    session.flush()
    bodies.add_figures(session, {a.id: shown for (_, a), shown in zip(made, figures, strict=True)})
    if made:  # the first revisions in one statement
        session.execute(
            insert(table(Revision)),
            [
                {"article_id": article.id, "user_id": actor.id, "created_at": now,
                 "snapshot": snap, "autosave": False}
                for (_, article), snap in zip(made, snapshots, strict=True)
            ],
        )  # fmt: skip
    for n, article in made:
        if n.status == Status.PUBLISHED:
            bus.emit(session, ArticlePublished(article.id, actor.id))
    return results


OWN_BYLINE = N_("Your own name stays on the byline; only an editor adds someone else.")
IN_THE_TRASH = N_("This article is in the trash: restore it first.")


def byline_rule(actor: Principal) -> str:
    """What the byline field tells ``actor`` before they choose (empty: any byline)."""
    return "" if can(actor, Action.BYLINE_ANY) else OWN_BYLINE


def byline(session: Session, actor: Principal, before: list[int], wanted: list[int]) -> list[int]:
    """The byline ``actor`` may set. Editors (``BYLINE_ANY``) set any. Anyone else keeps
    their own name on a byline and adds nobody to it: a byline says who wrote the story,
    and its names own the story for the permission rules. (No byline at all credits
    nobody, and is allowed: the story is still its writer's, by its first revision.)"""
    if can(actor, Action.BYLINE_ANY) or not wanted:
        return wanted
    own = list(session.scalars(select(Author.id).where(Author.user_id == actor.id)))
    errors = {}
    if own and not set(own) & set(wanted):
        errors["author_ids"] = N_("Your own name must stay on the byline.")
    elif set(wanted) - set(before) - set(own):
        errors["author_ids"] = N_("Only an editor can add someone else to the byline.")
    if errors:
        raise ValidationError(errors)
    return wanted


def fill(
    session: Session, media_urls: MediaUrls, article: Article, data: ArticleInput
) -> frozenset[int]:
    """Set an article's own columns from the input and render its body, as the public
    page will show it (the editor's live preview fills an unsaved article the same way).
    Returns the ids of the pictures the body shows as figures."""
    body = bodies.render(session, media_urls, data.body, data.body_format)
    article.title = data.title.strip()
    article.standfirst = data.standfirst.strip()
    article.body_source = data.body
    article.body_format = data.body_format
    if data.access == MEMBERS and article.live_status:
        raise ValidationError(
            {"access": N_("A live blog is for everyone: its updates are public.")}
        )
    article.access, article.preview_paragraphs = data.access, data.preview_paragraphs
    words = access.set_body(article, body.html)
    # The excerpt is of what everyone may read: ``words`` unless a wall cuts it short.
    public = article.body_text if article.gated_html else words
    article.excerpt = text.excerpt(article.standfirst or public, 200)
    article.word_count = text.word_count(words)
    article.keywords = related.keywords(article.title, article.standfirst, words)
    article.dateline = data.dateline.strip()
    article.section_id = data.section_id
    article.featured_image_id = data.featured_image_id
    article.featured_caption = data.featured_caption
    article.featured_credit = data.featured_credit
    article.featured_alt = data.featured_alt
    article.comments_open = data.comments_open
    article.seo_title = data.seo_title
    article.seo_description = data.seo_description
    article.canonical_url = data.canonical_url
    return body.figures


def _check_refs(session: Session, data: ArticleInput) -> None:
    if errors := _ref_errors(session, [data])[0]:
        raise ValidationError(errors)


def _ref_errors(session: Session, inputs: Sequence[ArticleInput]) -> list[dict[str, str]]:
    """What each input names that does not exist (section, picture, authors), or a
    featured picture left without words for readers who cannot see it; one query per
    kind for all the inputs."""
    sections = {d.section_id for d in inputs if d.section_id is not None}
    pictures = {d.featured_image_id for d in inputs if d.featured_image_id is not None}
    people = {a for d in inputs for a in d.author_ids}
    if sections:
        sections &= set(session.scalars(select(Section.id).where(Section.id.in_(sections))))
    alts: dict[int, str] = {}
    if pictures:
        rows = session.execute(select(Image.id, Image.alt).where(Image.id.in_(pictures)))
        alts.update((image_id, alt) for image_id, alt in rows)
    if people:
        people &= set(session.scalars(select(Author.id).where(Author.id.in_(people))))
    found = []
    for data in inputs:
        errors: dict[str, str] = {}
        if data.section_id is not None and data.section_id not in sections:
            errors["section_id"] = N_("No such section.")
        if data.featured_image_id is not None:
            alt = alts.get(data.featured_image_id)
            if alt is None:
                errors["featured_image_id"] = N_("No such image.")
            elif not (data.featured_alt.strip() or alt.strip()):
                errors["featured_alt"] = N_("Describe the picture for readers who cannot see it.")
        if set(data.author_ids) - people:
            errors["author_ids"] = N_("Unknown author.")
        found.append(errors)
    return found


def _remember_slug(session: Session, article: Article, old: str) -> None:
    existing = session.get(ArticleSlug, old)
    if existing is None:
        session.add(ArticleSlug(slug=old, article_id=article.id))
    else:
        existing.article_id = article.id


def _record_revision(
    session: Session, article: Article, user_id: int | None, now: datetime, *, autosave: bool
) -> None:
    store_revision(session, article.id, snapshot(article), user_id, now, autosave=autosave)


def store_revision(
    session: Session,
    article_id: int,
    snapshot: dict[str, Any],
    user_id: int | None,
    now: datetime,
    *,
    autosave: bool,
) -> Revision:
    """Add a revision, or replace the newest one when it is this account's autosave
    (``revisions.store``)."""
    return revisions.store(session, Revision, article_id, snapshot, user_id, now, autosave=autosave)


def snapshot(article: Article) -> dict[str, Any]:
    """What a revision keeps of an article: every field a person edits."""
    return {
        "title": article.title,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body_source": article.body_source,
        "body_format": article.body_format,
        "dateline": article.dateline,
        "section_id": article.section_id,
        "tags": [t.name for t in article.tags],
        "author_ids": [b.author_id for b in article.bylines],
        "featured_image_id": article.featured_image_id,
        "featured_caption": article.featured_caption,
        "featured_credit": article.featured_credit,
        "featured_alt": article.featured_alt,
        "comments_open": article.comments_open,
        "seo_title": article.seo_title,
        "seo_description": article.seo_description,
        "canonical_url": article.canonical_url,
        "access": article.access,
        "preview_paragraphs": article.preview_paragraphs,
        "language": article.language,
        "translation_of_id": article.translation_of_id,
        "status": article.status,
    }


def owned(session: Session, article: Article) -> Owned:
    """Who owns the article for the permission rules: whoever created it (the first
    revision's account) and the accounts behind its bylines."""
    owners: set[int] = set(
        session.scalars(
            select(Author.user_id)
            .join(ArticleAuthor, ArticleAuthor.author_id == Author.id)
            .where(ArticleAuthor.article_id == article.id, Author.user_id.is_not(None))
        )
    )
    first = session.scalar(select(queries.creator(article.id)))
    if first is not None:
        owners.add(first)
    return Owned(frozenset(owners), published=article.status in LIVE_STATUSES)


def submit_article(
    session: Session, bus: EventBus, article_id: int, *, actor: Principal, now: datetime
) -> Article:
    """Send a draft to the editors for review (a contributor's way to publish)."""
    article = get_article(session, article_id)
    target = owned(session, article)
    require(actor, Action.ARTICLE_SUBMIT)
    require(actor, Action.ARTICLE_EDIT_OWN, target)
    if article.status not in (Status.DRAFT, Status.UNPUBLISHED):
        raise ValidationError(
            {"status": N_("Only a draft or an unpublished article can be submitted.")}
        )
    article.status = Status.PENDING.value
    article.updated_at = now
    session.flush()
    return article


def publish_article(
    session: Session,
    bus: EventBus,
    article_id: int,
    *,
    actor: Principal,
    now: datetime,
    at: datetime | None = None,
) -> Article:
    """Publish now, or schedule for ``at``. It becomes visible once ``at`` has passed,
    checked at read time, so no job has to run on time."""
    article = get_article(session, article_id)
    require(actor, Action.ARTICLE_PUBLISH_OWN, owned(session, article))
    if article.status == Status.TRASHED:
        raise ValidationError({"status": IN_THE_TRASH})
    was = article.status_at(now)
    article.go_out(at or now, now)
    session.flush()
    bus.emit(session, ArticlePublished(article.id, actor.id, was=was))
    return article


def unpublish_article(
    session: Session, bus: EventBus, article_id: int, *, actor: Principal, now: datetime
) -> Article:
    article = get_article(session, article_id)
    require(actor, Action.ARTICLE_UNPUBLISH_OWN, owned(session, article))
    article.status = Status.UNPUBLISHED.value
    article.updated_at = now
    session.flush()
    bus.emit(session, ArticleUnpublished(article.id, actor.id))
    return article


def make_private(
    session: Session,
    bus: EventBus,
    article_id: int,
    *,
    actor: Principal,
    now: datetime,
    at: datetime | None = None,
) -> Article:
    """Keep an article for the newsroom only: signed-in staff open it (its preview),
    readers never see it anywhere. ``at`` dates it (an imported story keeps its date)."""
    article = get_article(session, article_id)
    require(actor, Action.ARTICLE_UNPUBLISH_OWN, owned(session, article))
    was_live = article.status in LIVE_STATUSES
    article.status = Status.PRIVATE.value
    article.published_at = at or article.published_at or now
    article.updated_at = max(article.updated_at, now)
    session.flush()
    if was_live:
        bus.emit(session, ArticleUnpublished(article.id, actor.id))
    return article


def delete_article(
    session: Session, bus: EventBus, article_id: int, *, actor: Principal, now: datetime
) -> None:
    """Delete an article with its revisions, slug history and comments (cascades)."""
    article = get_article(session, article_id)
    require(actor, Action.ARTICLE_DELETE_OWN, owned(session, article))
    translations.before_delete(session, Article, article_id)
    # The database's ON DELETE CASCADE removes what hangs off the row.
    session.expunge(article)
    session.execute(delete(Article).where(Article.id == article_id))
    bus.emit(session, ArticleDeleted(article_id, actor.id))


def get_article(session: Session, article_id: int) -> Article:
    article = session.get(Article, article_id)
    if article is None:
        raise NotFound(f"article {article_id}")
    return article


def update_site_settings(
    session: Session, bus: EventBus, *, actor: Principal, **values: Any
) -> None:
    """Change site settings (``site.SiteSettings`` fields); validated by ``site.clean``."""
    require(actor, Action.SETTINGS_MANAGE)
    values = site.clean(values)
    translations.swap_main(session, values, site.load(session))
    if values.get("logo_id") is not None and session.get(Image, values["logo_id"]) is None:
        raise ValidationError({"logo_id": N_("No such image in the library.")})
    _store_settings(session, bus, values, actor)


def raise_banner(
    session: Session,
    bus: EventBus,
    *,
    actor: Principal,
    text: str,
    url: str = "",
    until: datetime | None = None,
    now: datetime,
) -> None:
    """Put the breaking-news banner over every public page (replacing one that is up),
    until ``until`` or until it is lowered."""
    require(actor, Action.BANNER_MANAGE)
    values = site.clean({"banner_text": text, "banner_url": url, "banner_until": until})
    errors = {}
    if not values["banner_text"]:
        errors["banner_text"] = N_("Say what is happening, in a line.")
    if until is not None and until <= now:
        errors["banner_until"] = N_("A time still to come (or nothing).")
    if errors:
        raise ValidationError(errors)
    _store_settings(session, bus, values, actor)


def lower_banner(session: Session, bus: EventBus, *, actor: Principal) -> None:
    require(actor, Action.BANNER_MANAGE)
    _store_settings(session, bus, dict.fromkeys(site.BANNER, ""), actor)


def _store_settings(
    session: Session, bus: EventBus, values: dict[str, Any], actor: Principal
) -> None:
    for key, value in values.items():
        row = session.get(SiteSetting, key)
        if row is None:
            session.add(SiteSetting(key=key, value=value))
        else:
            row.value = value
    session.flush()
    bus.emit(session, SiteSettingsChanged(tuple(sorted(values)), actor.id))


def count_articles(session: Session) -> int:
    return session.scalar(select(func.count(Article.id))) or 0
