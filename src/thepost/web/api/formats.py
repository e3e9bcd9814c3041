"""Rows as the API shows them (``schemas`` says the shapes): plain dicts, built from the
objects the site's own queries load, with absolute URLs.

    shown = Shown.parse(fields="id,title", include="tags", base=ARTICLE_FIELDS)
    data = article(a, links, shown)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any

import orjson

from thepost.content import live
from thepost.content.models import (
    LIVE_STATUSES,
    Article,
    Author,
    Image,
    Section,
    Status,
    Tag,
)
from thepost.content.models import Page as StoredPage
from thepost.media.images import rendition_key
from thepost.media.urls import MediaUrls
from thepost.web import urls
from thepost.web.api import schemas
from thepost.web.api.base import ApiError, dumps, iso

INCLUDES = ("authors", "tags", "section", "featured_image")
ARTICLE_FIELDS = tuple(name for name in schemas.ArticleOut.model_fields if name not in INCLUDES)
# What a list gives unless ``fields`` names more: everything but the stories themselves.
HEAVY = ("body_html", "body_source", "corrections")
LIST_FIELDS = tuple(name for name in ARTICLE_FIELDS if name not in HEAVY)
# The story itself: never stored with the article's page (``stored``), read from its row.
BODY = ("body_html", "body_source")


@dataclass(frozen=True)
class Links:
    """How to make the addresses an answer holds."""

    base: str  # the site's public URL, no trailing slash
    media: MediaUrls

    def page(self, path: str) -> str:
        return self.base + path


@dataclass(frozen=True)
class Shown:
    """Which fields an answer gives (``fields=``) and what it brings along (``include=``)."""

    fields: tuple[str, ...]
    include: frozenset[str]

    @classmethod
    def parse(
        cls,
        fields: str | None,
        include: str | None,
        *,
        known: Iterable[str],
        default: Iterable[str],
    ) -> Shown:
        known = tuple(known)
        wanted = _names(fields) if fields else list(default)
        if unknown := [name for name in wanted if name not in known]:
            raise ApiError(
                400, "invalid", f"Unknown fields: {', '.join(unknown)}. Known: {', '.join(known)}.",
                "fields",
            )  # fmt: skip
        brought = _names(include) if include else []
        if unknown := [name for name in brought if name not in INCLUDES]:
            raise ApiError(
                400, "invalid", f"Cannot include: {', '.join(unknown)}. One of: "
                + ", ".join(INCLUDES) + ".", "include",
            )  # fmt: skip
        return cls(tuple(dict.fromkeys(wanted)), frozenset(brought))

    @property
    def heavy(self) -> bool:
        return any(name in HEAVY for name in self.fields)

    @cached_property
    def stored_order(self) -> tuple[int, ...]:
        """Where each member shown is, in a stored article's lines (``from_stored``)."""
        extra = {"status": _STATUS, "body_html": _BODY_HTML, "body_source": _BODY_SOURCE}
        names = (*self.fields, *(name for name in INCLUDES if name in self.include))
        return tuple(extra[name] if name in extra else _AT[name] for name in names)

    @cached_property
    def fields_from_row(self) -> bool:
        return any(name in BODY for name in self.fields)


def _names(raw: str) -> list[str]:
    return [name.strip() for name in raw.split(",") if name.strip()]


def picture(links: Links, image: Image | None, *, alt: str = "", caption: str = "",
            credit: str = "") -> dict[str, Any] | None:  # fmt: skip
    if image is None:
        return None
    widths = sorted(image.renditions or [])
    media = links.media

    def srcset(ext: str) -> str:
        return ", ".join(
            f"{media.absolute(rendition_key(image.sha256, w, ext))} {w}w" for w in widths
        )

    return {
        "id": image.id,
        "width": image.width,
        "height": image.height,
        "alt": alt or image.alt,
        "caption": caption or image.caption,
        "credit": credit or image.credit,
        "url": media.jpeg(image.sha256, widths[-1]) if widths else "",
        "renditions": [
            {"width": w, "type": kind, "url": media.absolute(rendition_key(image.sha256, w, ext))}
            for w in widths
            for ext, kind in (("webp", "image/webp"), ("jpg", "image/jpeg"))
        ],
        "srcset": srcset("jpg"),
        "srcset_webp": srcset("webp"),
    }


def section(links: Links, s: Section) -> dict[str, Any]:
    return {
        "id": s.id,
        "slug": s.slug,
        "name": s.name,
        "description": s.description,
        "parent_id": s.parent_id,
        "position": s.position,
        "url": links.page(urls.section(s)),
    }


def tag(links: Links, t: Tag) -> dict[str, Any]:
    return {"id": t.id, "slug": t.slug, "name": t.name, "url": links.page(urls.tag(t))}


def author(links: Links, a: Author, *, photo: bool = True) -> dict[str, Any]:
    return {
        "id": a.id,
        "slug": a.slug,
        "name": a.name,
        "job_title": a.job_title,
        "bio": a.bio,
        "url": links.page(urls.author(a)),
        "photo": picture(links, a.photo) if photo else None,
    }


def status(a: Article | StoredPage | Any, now: datetime) -> str:
    """As readers live it: a scheduled story whose time has come is published."""
    if a.status in LIVE_STATUSES and a.published_at is not None and a.published_at <= now:
        return Status.PUBLISHED.value
    return a.status


def article(links: Links, a: Article, shown: Shown, *, now: datetime) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in shown.fields:
        values[name] = _ARTICLE[name](links, a, now)
    if "section" in shown.include:
        values["section"] = section(links, a.section) if a.section else None
    if "authors" in shown.include:
        values["authors"] = [author(links, b.author, photo=False) for b in a.bylines]
    if "tags" in shown.include:
        values["tags"] = [tag(links, t) for t in a.tags]
    if "featured_image" in shown.include:
        values["featured_image"] = picture(
            links, a.featured_image, alt=a.featured_alt, caption=a.featured_caption,
            credit=a.featured_credit,
        )  # fmt: skip
    return values


def _column(name: str) -> Any:
    return lambda links, a, now: getattr(a, name)


def _time(name: str) -> Any:
    return lambda links, a, now: iso(getattr(a, name))


_ARTICLE: dict[str, Any] = {
    **{name: _column(name) for name in ARTICLE_FIELDS},
    **{
        name: _time(name)
        for name in ("published_at", "first_published_at", "updated_at", "created_at")
    },
    "url": lambda links, a, now: links.page(urls.article(a)),
    # A story for members: its public part only (``body_html`` holds no more), and no
    # Markdown source, which holds it all (the newsroom's API answers put it back).
    "body_source": lambda links, a, now: "" if a.for_members else a.body_source,
    "status": lambda links, a, now: status(a, now),
    "author_ids": lambda links, a, now: [b.author_id for b in a.bylines],
    "corrections": lambda links, a, now: [
        {"kind": c.kind, "body": c.body, "created_at": iso(c.created_at)} for c in a.corrections
    ],
}


def live_entry(links: Links, e: live.Shown, article: Any) -> dict[str, Any]:
    """A live blog's entry as the API and webhooks show it (``article``: its blog, its
    section loaded, for the entry's address)."""
    return {
        "id": e.id,
        "article_id": e.article_id,
        "status": e.status,
        "headline": e.headline,
        "body_html": e.html,
        "author_ids": [a.id for a in e.authors],
        "pinned": e.pinned,
        "key_event": e.key_event,
        "posted_at": iso(e.posted_at) if e.status in ("posted", "deleted") else None,
        "edited_at": iso(e.edited_at),
        "url": links.page(urls.live_entry(article, e.id)),
    }


def page(links: Links, p: StoredPage, path: str, *, now: datetime) -> dict[str, Any]:
    return {
        "id": p.id,
        "slug": p.slug,
        "path": path,
        "url": links.page(urls.page_path(path)),
        "parent_id": p.parent_id,
        "title": p.title,
        "standfirst": p.standfirst,
        "excerpt": p.excerpt,
        "status": status(p, now),
        "published_at": iso(p.published_at),
        "updated_at": iso(p.updated_at),
        "created_at": iso(p.created_at),
        "seo_title": p.seo_title,
        "seo_description": p.seo_description,
        "featured_image_id": p.featured_image_id,
        "body_html": p.body_html,
        "body_source": p.body_source,
        "body_format": p.body_format,
    }


# What is stored with each article's page for the API's reads (``ArticlePage.api``): every
# field and inclusion but the body, as the members of its JSON object (``"name":value``),
# one per line, in this order. Compact JSON holds no line break of its own, and any choice
# of fields is then the chosen lines joined, with nothing parsed.
STORED = (*(name for name in ARTICLE_FIELDS if name not in BODY), *INCLUDES)
_AT = {name: i for i, name in enumerate(STORED)}
_STATUS, _BODY_HTML, _BODY_SOURCE = len(STORED), len(STORED) + 1, len(STORED) + 2


def stored(links: Links, a: Article) -> str:
    data = article(links, a, Shown(STORED[: -len(INCLUDES)], frozenset(INCLUDES)), now=a.updated_at)
    return "\n".join(_member(name, data[name]) for name in STORED)


def _member(name: str, value: Any) -> str:
    return dumps({name: value}).decode()[1:-1]


def from_stored(text: str, row: Any, shown: Shown, now: datetime) -> orjson.Fragment:
    """A stored article (``stored``) as ``shown`` asks, with ``row``'s status (set again
    at each read: a scheduled story goes out without a write) and body, as JSON."""
    members = text.split("\n")
    members.append(_member("status", status(row, now)))
    if shown.fields_from_row:
        members += (_member(name, getattr(row, name)) for name in BODY)
    return orjson.Fragment("{" + ",".join([members[i] for i in shown.stored_order]) + "}")
