"""What the article and page editors show of a site's languages: the item's language and
what it translates (fields of the form), its other versions, and the languages it may
still be translated into (a button each: a draft in that language, ``translate``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from thepost import i18n
from thepost.content import translations
from thepost.content.models import Article, Page
from thepost.web import urls
from thepost.web.admin.pages import AdminRequest


@dataclass(frozen=True)
class Version:
    language: str
    name: str  # the language's, in itself
    title: str
    status: str
    href: str  # its editor


@dataclass(frozen=True)
class Languages:
    choices: list[tuple[str, str]]  # the language field's: "" for the site's own
    versions: list[Version]  # the other versions, in the order of the site's languages
    missing: list[tuple[str, str]]  # languages it has no version in yet


def languages(
    req: AdminRequest, session: Session, model: type[Article] | type[Page], item: Any
) -> Languages | None:
    """None for a site in one language (and an item translating nothing): no panel."""
    site = req.site
    if not site.languages and not (item is not None and item.translation_of_id):
        return None
    choices = [("", i18n.name(site.main_language))]
    choices += [(tag, i18n.name(tag)) for tag in site.languages]
    if item is None:
        return Languages(choices, [], [])
    found = translations.versions(session, model, item, settings=site, now=None)
    editor = urls.admin_article if model is Article else urls.admin_page
    others = [
        Version(v.language, i18n.name(v.language), v.item.title, v.item.status, editor(v.item.id))
        for v in found
        if v.item.id != item.id
    ]
    have = {v.language for v in found} | {translations.tag_of(site, item.language)}
    missing = [(tag, i18n.name(tag)) for tag in site.all_languages if tag not in have]
    return Languages(choices, others, missing)
