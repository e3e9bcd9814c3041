"""A WXR element, once parsed, as a record (for ``wxr.read``): which child is which field,
and how its text reads.

Names are taken as ``wp:post_id``, ``excerpt:encoded``, ``content:encoded`` or
``dc:creator`` whichever WXR version's namespace the file uses, and each kind of record
has a table from those names to its fields. Text is kept as it is; a number or a date
that is not one reads as 0 or None, never as an error::

    name("{http://wordpress.org/export/1.0/}post_id")  # "wp:post_id"
    record("item", element)  # an Item; None for an element that is no record
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, TypeVar
from xml.etree.ElementTree import Element

from thepost.wordpress.records import Author, Comment, Item, ItemTerm, Record, Term

_WXR_NAMESPACE = re.compile(r"https?://wordpress\.org/export/1\.\d+/(excerpt/)?")
_PREFIXES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
}
_DATE = re.compile(r"(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)")


@lru_cache(maxsize=256)
def name(tag: str) -> str:
    """``{http://wordpress.org/export/1.2/}post_id`` as ``wp:post_id``, whichever WXR
    version the namespace is of (``excerpt:``, ``content:`` and ``dc:`` alike); a name in
    no namespace stays as it is, one in another keeps its ``{namespace}``."""
    if not tag.startswith("{"):
        return tag
    namespace, _, local = tag[1:].partition("}")
    if match := _WXR_NAMESPACE.fullmatch(namespace):
        return ("excerpt:" if match.group(1) else "wp:") + local
    prefix = _PREFIXES.get(namespace)
    return f"{prefix}:{local}" if prefix else tag


def text(elem: Element) -> str:
    if len(elem) == 0:
        return elem.text or ""
    return "".join(elem.itertext())


def record(tag_name: str, elem: Element) -> Record | None:
    """The author, term or item ``elem`` holds (``tag_name`` is its ``name``)."""
    if tag_name == "item":
        return _item(elem)
    if tag_name == "wp:author":
        return _fill(Author(login=""), elem, _AUTHOR)
    if tag_name in _TERM:
        kind = _TERM_KINDS.get(tag_name, "")
        return _fill(Term(kind=kind, slug=""), elem, _TERM[tag_name])
    return None


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        return 0


def _optional_int(value: str) -> int | None:
    try:
        return int(value)
    except ValueError:
        return None


def _local_date(value: str) -> datetime | None:
    """``2019-03-14 09:30:00``; WordPress's ``0000-00-00 00:00:00`` (never dated) is None."""
    match = _DATE.fullmatch(value.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second = map(int, match.groups())
    try:
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


def _utc_date(value: str) -> datetime | None:
    date = _local_date(value)
    return date.replace(tzinfo=UTC) if date else None


def _sticky(value: str) -> bool:
    return value.strip() == "1"


Fields = dict[str, tuple[str, Callable[[str], Any]]]
R = TypeVar("R")

SITE = {
    "title": "title",
    "link": "link",
    "description": "description",
    "language": "language",
    "wp:wxr_version": "wxr_version",
    "wp:base_site_url": "base_site_url",
    "wp:base_blog_url": "base_blog_url",
}
_AUTHOR: Fields = {
    "wp:author_id": ("wp_id", _optional_int),
    "wp:author_login": ("login", str),
    "wp:author_email": ("email", str),
    "wp:author_display_name": ("display_name", str),
    "wp:author_first_name": ("first_name", str),
    "wp:author_last_name": ("last_name", str),
}
_TERM_KINDS = {"wp:category": "category", "wp:tag": "post_tag"}
_TERM: dict[str, Fields] = {
    "wp:category": {
        "wp:term_id": ("term_id", _optional_int),
        "wp:category_nicename": ("slug", str),
        "wp:category_parent": ("parent_slug", str),
        "wp:cat_name": ("name", str),
        "wp:category_description": ("description", str),
    },
    "wp:tag": {
        "wp:term_id": ("term_id", _optional_int),
        "wp:tag_slug": ("slug", str),
        "wp:tag_name": ("name", str),
        "wp:tag_description": ("description", str),
    },
    "wp:term": {
        "wp:term_id": ("term_id", _optional_int),
        "wp:term_taxonomy": ("kind", str),
        "wp:term_slug": ("slug", str),
        "wp:term_parent": ("parent_slug", str),
        "wp:term_name": ("name", str),
        "wp:term_description": ("description", str),
    },
}
_ITEM: Fields = {
    "wp:post_id": ("wp_id", _int),
    "wp:post_type": ("post_type", str),
    "title": ("title", str),
    "link": ("link", str),
    "guid": ("guid", str),
    "dc:creator": ("creator", str),
    "content:encoded": ("content", str),
    "excerpt:encoded": ("excerpt", str),
    "wp:post_date_gmt": ("date_gmt", _utc_date),
    "wp:post_date": ("date_local", _local_date),
    "wp:status": ("status", str),
    "wp:post_name": ("slug", str),
    "wp:post_parent": ("parent_id", _int),
    "wp:menu_order": ("menu_order", _int),
    "wp:post_password": ("password", str),
    "wp:is_sticky": ("sticky", _sticky),
    "wp:comment_status": ("comment_status", str),
    "wp:attachment_url": ("attachment_url", str),
}
_COMMENT: Fields = {
    "wp:comment_id": ("wp_id", _int),
    "wp:comment_content": ("content", str),
    "wp:comment_author": ("author", str),
    "wp:comment_author_email": ("author_email", str),
    "wp:comment_author_url": ("author_url", str),
    "wp:comment_author_IP": ("author_ip", str),
    "wp:comment_date_gmt": ("date_gmt", _utc_date),
    "wp:comment_approved": ("approved", str),
    "wp:comment_type": ("type", str),
    "wp:comment_parent": ("parent_id", _int),
    "wp:comment_user_id": ("user_id", _int),
}


def _set(target: object, fields: Fields, tag_name: str, elem: Element) -> bool:
    field = fields.get(tag_name)
    if field is None:
        return False
    setattr(target, field[0], field[1](text(elem)))
    return True


def _fill(target: R, elem: Element, fields: Fields) -> R:
    for child in elem:
        _set(target, fields, name(child.tag), child)
    return target


def _item(elem: Element) -> Item:
    item = Item(wp_id=0)
    for child in elem:
        tag_name = name(child.tag)
        if _set(item, _ITEM, tag_name, child):
            continue
        if tag_name == "category" and "nicename" in child.attrib:
            item.terms.append(_item_term(child))
        elif tag_name == "wp:postmeta":
            meta = {name(part.tag): text(part) for part in child}
            item.meta[meta.get("wp:meta_key", "")] = meta.get("wp:meta_value", "")
        elif tag_name == "wp:comment":
            item.comments.append(_fill(Comment(wp_id=0), child, _COMMENT))
    return item


def _item_term(elem: Element) -> ItemTerm:
    """``<category domain="post_tag" nicename="news">News</category>``; WXR 1.0 called a
    tag's domain ``tag``. A ``<category>`` without ``nicename`` is RSS's, not a term."""
    domain = elem.get("domain", "")
    return ItemTerm(
        domain="post_tag" if domain == "tag" else domain,
        slug=elem.get("nicename", ""),
        name=text(elem),
    )
