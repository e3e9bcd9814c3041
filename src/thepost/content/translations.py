"""Several languages on one site: stories and pages in other languages, linked as
translations of each other; sections and menus in each language.

The site has its own language (``SiteSettings.language``) and may publish in others
(``SiteSettings.languages``). A story or page in the site's own language has
``language`` "", one in another language that language's tag; it lives under
``/<language>/`` (``/es/politica/elecciones``), with the home page, sections, the
latest list, search and feeds of that language beside it. "" rather than the tag itself,
so a site that changes its language takes its stories with it.

Translations form a group around the original: each translation's ``translation_of_id``
names the original itself, never another translation, so one statement finds the whole
group (``versions``) and the pages link every version to every other
(``<link rel="alternate" hreflang>`` both ways, and the language switcher). A group has
at most one version per language. Deleting the original makes its oldest translation
the group's original (``before_delete``)::

    spanish = translate_article(session, bus, media_urls, story.id, "es", actor=editor, now=now)
    versions(session, Article, story, now=now)  # [Version("en", story), Version("es", spanish)]

Sections keep one name per language (``SectionTranslation``), shown on that language's
pages; menus keep items per language (``MenuItem.language``, ``content.menus``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from thepost.content import text
from thepost.content.models import (
    LIVE_STATUSES,
    Article,
    MenuItem,
    Page,
    Section,
    SectionTranslation,
)
from thepost.content.site import SiteSettings
from thepost.errors import ValidationError
from thepost.i18n import N_

Model = type[Article] | type[Page]


@dataclass(frozen=True)
class Version:
    """One language's version of a story or page: its language's tag and the item."""

    language: str
    item: Any


def tag_of(settings: SiteSettings, language: str) -> str:
    """The language of an item whose column says ``language`` ("" is the site's own)."""
    return language or settings.main_language


def stored(settings: SiteSettings, language: str) -> str:
    """What the column keeps for ``language``: "" for the site's own language, the tag
    for one of its others; ``ValidationError`` for a language the site does not publish in."""
    language = language.strip()
    if language in ("", settings.main_language):
        return ""
    if language not in settings.languages:
        raise ValidationError(
            {"language": N_("Choose one of the languages the site publishes in.")}
        )
    return language


def original_id(item: Article | Page) -> int:
    """The id of the group's original (the item's own, for an original)."""
    return item.translation_of_id or item.id


def check_link(
    session: Session,
    model: Model,
    item_id: int | None,
    language: str,
    translation_of_id: int | None,
) -> int | None:
    """The original an item in ``language`` (as stored) translates, given the version
    asked for (any version of the group: its original is taken); ``ValidationError``
    when it cannot (missing, itself, an original with translations of its own), or when
    its group already has a version in that language."""
    root = None
    if translation_of_id is not None:
        other = cast(Article | Page | None, session.get(model, translation_of_id))
        if other is None:
            raise ValidationError({"translation_of_id": N_("No such story or page to translate.")})
        root = original_id(other)
        if root == item_id:
            raise ValidationError({"translation_of_id": N_("It cannot translate itself.")})
        if item_id is not None and session.scalar(
            select(model.id).where(model.translation_of_id == item_id).limit(1)
        ):
            raise ValidationError(
                {"translation_of_id": N_("It has translations of its own: it is an original.")}
            )
    group = root if root is not None else item_id
    if group is not None and session.scalar(
        select(model.id)
        .where(
            or_(model.id == group, model.translation_of_id == group),
            model.language == language,
            model.id != (item_id or -1),
        )
        .limit(1)
    ):
        raise ValidationError({"language": N_("Another version is already in this language.")})
    return root


def versions(
    session: Session,
    model: Model,
    item: Any,
    *,
    settings: SiteSettings,
    now: datetime | None,
    options: Sequence[Any] = (),
) -> list[Version]:
    """The group's versions readers can see at ``now`` (every one when None), in the
    order of the site's languages; [] for an item without translations."""
    if not item.translation_of_id and not settings.languages:
        return []  # a site in one language: no statement
    root = original_id(item)
    query = select(model).where(or_(model.id == root, model.translation_of_id == root))
    if now is not None:
        query = query.where(model.status.in_(LIVE_STATUSES), model.published_at <= now)
    items: list[Article | Page] = list(session.scalars(query.options(*options)))
    found = [Version(tag_of(settings, v.language), v) for v in items]
    if len(found) < 2:
        return []
    order = {tag: n for n, tag in enumerate(settings.all_languages)}
    return sorted(found, key=lambda v: order.get(v.language, len(order)))


def before_delete(session: Session, model: Model, item_id: int) -> None:
    """Keep a group whole when its original goes: its oldest translation becomes the
    original, and the others translate it."""
    heir = session.scalar(
        select(model.id).where(model.translation_of_id == item_id).order_by(model.id).limit(1)
    )
    if heir is None:
        return
    session.execute(update(model).where(model.id == heir).values(translation_of_id=None))
    session.execute(
        update(model).where(model.translation_of_id == item_id).values(translation_of_id=heir)
    )


def swap_main(session: Session, values: dict[str, Any], settings: SiteSettings) -> None:
    """When the site makes one of its other languages its own (``values``: the settings
    about to be stored, their ``language`` and ``languages`` set to say so): the stories,
    pages, sections and menus of the old own language keep it by name, and those of
    the new one become the site's own. A site in one language that changes it takes its
    stories with it, as "" says."""
    old, new = settings.main_language, values.get("language", settings.main_language)
    languages = list(values.get("languages", settings.languages))
    if new == old or new not in settings.languages:
        return
    values["languages"] = [old if tag == new else tag for tag in languages if tag != old]
    if old not in values["languages"]:
        values["languages"].append(old)
    for model in (Article, Page, MenuItem):  # in two steps: no two pages share an address
        session.execute(update(model).where(model.language == "").values(language=old))
        session.execute(update(model).where(model.language == new).values(language=""))
    for row in session.scalars(
        select(SectionTranslation).where(SectionTranslation.language == new)
    ):
        section = session.get(Section, row.section_id)
        if section is not None:
            section.name, row.name = row.name, section.name
            section.description, row.description = row.description, section.description
        row.language = old
    session.flush()


def draft_slug(slug: str, language: str) -> str:
    """A translation's first slug, until its translator gives it one in its language."""
    return text.slugify(f"{slug}-{language}", max_length=200)


# -- sections ------------------------------------------------------------------------------


def section_names(session: Session, language: str) -> tuple[tuple[int, str, str], ...]:
    """Every section's name and description in ``language`` (those translated)."""
    rows = session.execute(
        select(
            SectionTranslation.section_id, SectionTranslation.name, SectionTranslation.description
        )
        .where(SectionTranslation.language == language)
        .order_by(SectionTranslation.section_id)
    )
    return tuple((row[0], row[1], row[2]) for row in rows)


def translated_sections(
    session: Session, section_id: int | None = None
) -> dict[int, dict[str, SectionTranslation]]:
    """The sections' names in other languages (of one section, or all), by section id
    and language."""
    query = select(SectionTranslation)
    if section_id is not None:
        query = query.where(SectionTranslation.section_id == section_id)
    found: dict[int, dict[str, SectionTranslation]] = {}
    for row in session.scalars(query):
        found.setdefault(row.section_id, {})[row.language] = row
    return found
