"""Sections and tags, as editors manage them: create, rename, reorder, nest; merge and
delete tags. Each action checks ``Action.TAXONOMY_MANAGE`` (editors and admins) and emits
``SectionChanged`` or ``TagChanged`` with the articles that carry the section or tag, so
subscribers (the search index) can refresh them::

    section = add_section(session, bus, actor=editor, name="Climate")
    rename_section(session, bus, section.id, actor=editor, name="Climate & Energy")
    merge_tags(session, bus, source_id=old.id, into_id=new.id, actor=editor)

A section's slug (its URL) is set when it is created and kept when it is renamed, so
links to it keep working.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from thepost import i18n
from thepost.content import text, translations
from thepost.content.models import Article, Page, Section, SectionTranslation, Tag, article_tags
from thepost.content.site import SiteSettings
from thepost.errors import NotFound, ValidationError
from thepost.events import EventBus, SectionChanged, TagChanged
from thepost.i18n import N_
from thepost.permissions import Action, Principal, require

NAME_LIMIT = 120
DESCRIPTION_LIMIT = 1000
NO_ADDRESS = N_("The name needs a letter or digit for the address.")

# Section slugs that would shadow the site's own top-level paths.
RESERVED_SLUGS = frozenset(
    {"tag", "author", "search", "latest", "static", "media", "admin", "api", "feed", "feeds",
     "rss", "sitemap.xml", "robots.txt", "favicon.ico", "login", "logout", "preview",
     "comments", "healthz", "readyz", "ghost", "wp-json", "liveblog", "newsletters",
     "account"}
) | frozenset(i18n.LANGUAGES)  # fmt: skip


def _name(raw: str, field: str = "name") -> str:
    name = " ".join(raw.split())
    if not name:
        raise ValidationError({field: N_("A name is required.")})
    if len(name) > NAME_LIMIT:
        raise ValidationError(
            {
                field: N_(
                    "At most %(limit)s characters (%(given)s given).",
                    limit=NAME_LIMIT,
                    given=len(name),
                )
            }
        )
    return name


def translate_section(
    session: Session,
    bus: EventBus,
    section_id: int,
    names: dict[str, tuple[str, str]],
    *,
    settings: SiteSettings,
    actor: Principal,
) -> None:
    """Set a section's name and description in the site's other languages (``names``
    by language tag; an empty name drops that language's, which then shows the site's)."""
    require(actor, Action.TAXONOMY_MANAGE)
    _section(session, section_id)
    errors: dict[str, Any] = {}
    kept = translations.translated_sections(session, section_id).get(section_id, {})
    for language, (name, description) in names.items():
        if language not in settings.languages:
            errors[f"name_{language}"] = N_("Choose one of the languages the site publishes in.")
            continue
        name, description = " ".join(name.split()), description.strip()
        if len(name) > NAME_LIMIT:
            errors[f"name_{language}"] = N_(
                "At most %(limit)s characters (%(given)s given).",
                limit=NAME_LIMIT,
                given=len(name),
            )
        if len(description) > DESCRIPTION_LIMIT:
            errors[f"description_{language}"] = N_(
                "At most %(limit)s characters (%(given)s given).",
                limit=DESCRIPTION_LIMIT,
                given=len(description),
            )
        if errors:
            continue
        row = kept.get(language)
        if not name:
            if row is not None:
                session.delete(row)
        elif row is None:
            session.add(SectionTranslation(section_id=section_id, language=language, name=name,
                                           description=description))  # fmt: skip
        else:
            row.name, row.description = name, description
    if errors:
        raise ValidationError(errors)
    session.flush()
    bus.emit(session, SectionChanged(_section_articles(session, section_id), actor.id, section_id))


def _section(session: Session, section_id: int) -> Section:
    found = session.get(Section, section_id)
    if found is None:
        raise NotFound(f"section {section_id}")
    return found


def _section_articles(session: Session, section_id: int) -> tuple[int, ...]:
    return tuple(session.scalars(select(Article.id).where(Article.section_id == section_id)))


def _check_parent(session: Session, section_id: int | None, parent_id: int | None) -> None:
    """The parent exists and is not the section itself or one of its descendants."""
    seen: set[int] = set()
    current = parent_id
    while current is not None and current not in seen:
        if current == section_id:
            raise ValidationError({"parent_id": N_("A section cannot sit inside itself.")})
        seen.add(current)
        parent = session.get(Section, current)
        if parent is None:
            raise ValidationError({"parent_id": N_("No such section.")})
        current = parent.parent_id


def add_section(
    session: Session,
    bus: EventBus,
    *,
    actor: Principal,
    name: str,
    slug: str = "",
    parent_id: int | None = None,
    description: str = "",
) -> Section:
    require(actor, Action.TAXONOMY_MANAGE)
    clean = _name(name)
    if not text.slugify(slug or clean):
        raise ValidationError({"slug": NO_ADDRESS})
    _check_parent(session, None, parent_id)
    slug = text.slugify(slug or clean)
    if slug in RESERVED_SLUGS:
        raise ValidationError({"slug": f"'{slug}' is reserved for the site's own pages."})
    if session.scalar(select(Section.id).where(Section.slug == slug)):
        raise ValidationError({"slug": N_("A section with the slug '%(slug)s' exists.", slug=slug)})
    if session.scalar(select(Page.id).where(Page.slug == slug, Page.parent_id.is_(None))):
        raise ValidationError({"slug": N_("A page has the address /%(slug)s.", slug=slug)})
    last = session.scalar(select(func.max(Section.position))) or 0
    section = Section(
        name=clean,
        slug=slug,
        description=description.strip(),
        position=last + 1,
        parent_id=parent_id,
    )
    session.add(section)
    session.flush()
    bus.emit(session, SectionChanged((), actor.id, section.id))
    return section


def update_section(
    session: Session,
    bus: EventBus,
    section_id: int,
    *,
    actor: Principal,
    name: str,
    parent_id: int | None,
    description: str | None = None,
) -> Section:
    """Rename a section, or move it under another (``parent_id`` None: top level)."""
    require(actor, Action.TAXONOMY_MANAGE)
    section = _section(session, section_id)
    clean = _name(name)
    _check_parent(session, section.id, parent_id)
    renamed = clean != section.name
    section.name, section.parent_id = clean, parent_id
    if description is not None:
        section.description = description.strip()
    session.flush()
    articles = _section_articles(session, section.id) if renamed else ()
    bus.emit(session, SectionChanged(articles, actor.id, section.id))
    return section


def move_section(
    session: Session, bus: EventBus, section_id: int, *, actor: Principal, up: bool
) -> None:
    """One place up or down in the site's section menu."""
    require(actor, Action.TAXONOMY_MANAGE)
    ordered = list(session.scalars(select(Section).order_by(Section.position, Section.name)))
    index = next((i for i, s in enumerate(ordered) if s.id == section_id), None)
    if index is None:
        raise NotFound(f"section {section_id}")
    other = index - 1 if up else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, section in enumerate(ordered, start=1):
        section.position = position
    session.flush()
    bus.emit(session, SectionChanged((), actor.id, section_id))


# -- tags ---------------------------------------------------------------------------------


def _tag(session: Session, tag_id: int) -> Tag:
    found = session.get(Tag, tag_id)
    if found is None:
        raise NotFound(f"tag {tag_id}")
    return found


def _tag_articles(session: Session, tag_id: int) -> tuple[int, ...]:
    return tuple(
        session.scalars(select(article_tags.c.article_id).where(article_tags.c.tag_id == tag_id))
    )


def add_tag(session: Session, bus: EventBus, *, actor: Principal, name: str) -> Tag:
    require(actor, Action.TAXONOMY_MANAGE)
    clean = _name(name)
    slug = text.slugify(clean)
    if not slug:
        raise ValidationError({"name": NO_ADDRESS})
    if session.scalar(select(Tag.id).where(Tag.slug == slug)):
        raise ValidationError({"name": N_("A tag with the address '%(slug)s' exists.", slug=slug)})
    tag = Tag(name=clean, slug=slug)
    session.add(tag)
    session.flush()
    bus.emit(session, TagChanged((), actor.id, tag.id))
    return tag


def rename_tag(session: Session, bus: EventBus, tag_id: int, *, actor: Principal, name: str) -> Tag:
    """A new name; the address (slug) stays, so links keep working."""
    require(actor, Action.TAXONOMY_MANAGE)
    tag = _tag(session, tag_id)
    tag.name = _name(name)
    session.flush()
    bus.emit(session, TagChanged(_tag_articles(session, tag.id), actor.id, tag.id))
    return tag


def merge_tags(
    session: Session, bus: EventBus, *, source_id: int, into_id: int, actor: Principal
) -> Tag:
    """Every article tagged ``source`` is tagged ``into`` instead; ``source`` is deleted."""
    require(actor, Action.TAXONOMY_MANAGE)
    source, into = _tag(session, source_id), _tag(session, into_id)
    if source.id == into.id:
        raise ValidationError({"into": N_("Choose another tag to merge into.")})
    moved = _tag_articles(session, source.id)
    have = set(_tag_articles(session, into.id))
    rows = [{"article_id": a, "tag_id": into.id} for a in moved if a not in have]
    if rows:
        session.execute(insert(article_tags), rows)
    session.execute(delete(article_tags).where(article_tags.c.tag_id == source.id))
    session.delete(source)
    session.flush()
    bus.emit(session, TagChanged(moved, actor.id, into.id))
    return into


def delete_tag(session: Session, bus: EventBus, tag_id: int, *, actor: Principal) -> None:
    require(actor, Action.TAXONOMY_MANAGE)
    tag = _tag(session, tag_id)
    articles = _tag_articles(session, tag.id)
    session.execute(delete(article_tags).where(article_tags.c.tag_id == tag.id))
    session.delete(tag)
    session.flush()
    bus.emit(session, TagChanged(articles, actor.id, tag_id))


def tag_by_name(session: Session, name: str) -> Tag | None:
    """The tag called ``name`` (or with that address), for the merge form."""
    clean = " ".join(name.split())
    return session.scalar(
        select(Tag).where(
            (func.lower(Tag.name) == clean.lower()) | (Tag.slug == text.slugify(clean))
        )
    )


# -- reads for the newsroom ---------------------------------------------------------------


def sections_with_counts(session: Session) -> list[tuple[Section, int]]:
    """Every section in menu order with how many articles it holds."""
    counts = dict(
        session.execute(
            select(Article.section_id, func.count())
            .where(Article.section_id.is_not(None))
            .group_by(Article.section_id)
        ).all()
    )
    ordered = session.scalars(select(Section).order_by(Section.position, Section.name))
    return [(s, counts.get(s.id, 0)) for s in ordered]


def tags_with_counts(
    session: Session, text_filter: str = "", *, page: int = 1, size: int = 50
) -> tuple[list[tuple[Tag, int]], int]:
    """Tags by name with how many articles carry each, one page, and the total."""
    count = func.count(article_tags.c.article_id)
    query = select(Tag, count).outerjoin(article_tags, article_tags.c.tag_id == Tag.id)
    if text_filter:
        query = query.where(func.lower(Tag.name).contains(text_filter.lower(), autoescape=True))
    total_query = select(func.count(Tag.id))
    if text_filter:
        total_query = total_query.where(
            func.lower(Tag.name).contains(text_filter.lower(), autoescape=True)
        )
    rows = session.execute(
        query.group_by(Tag.id)
        .order_by(func.lower(Tag.name), Tag.id)
        .limit(size)
        .offset((page - 1) * size)
    ).all()
    return [(tag, n) for tag, n in rows], session.scalar(total_query) or 0
