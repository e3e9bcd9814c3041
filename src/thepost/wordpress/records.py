"""What a WordPress export (WXR 1.0 to 1.2) holds, as plain records.

``wxr.read`` yields them from a file, one at a time; ``wxr.write`` writes them back as
WXR 1.2; the importer maps them onto The Post and the exporter builds them from it. They
hold text as it is in the file (nothing here is sanitised or trusted).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Site:
    title: str = ""
    link: str = ""  # the site's address, e.g. https://example.com
    description: str = ""
    language: str = ""
    wxr_version: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""


@dataclass
class Author:
    login: str
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""
    wp_id: int | None = None


@dataclass
class Term:
    """A category (``kind="category"``), a tag (``"post_tag"``) or another taxonomy's
    term (``"nav_menu"`` for a menu, ...)."""

    kind: str
    slug: str
    name: str = ""
    term_id: int | None = None
    parent_slug: str = ""
    description: str = ""


@dataclass
class ItemTerm:
    """A term an item is filed under: ``<category domain="category" nicename="news">``."""

    domain: str
    slug: str
    name: str = ""


@dataclass
class Comment:
    wp_id: int
    content: str = ""
    author: str = ""
    author_email: str = ""
    author_url: str = ""
    author_ip: str = ""
    date_gmt: datetime | None = None  # aware, UTC; None when the file has none
    approved: str = "1"  # "1", "0" (held), "spam" or "trash"
    type: str = ""  # "" or "comment", "pingback", "trackback"
    parent_id: int = 0
    user_id: int = 0


@dataclass
class Item:
    """A post, page, attachment, menu item (``post_type`` says which) or any other
    post type the export holds."""

    wp_id: int
    post_type: str = "post"
    title: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""  # the author's login
    content: str = ""
    excerpt: str = ""
    date_gmt: datetime | None = None  # aware, UTC; None for a draft never dated
    date_local: datetime | None = None  # naive, the site's local time (post_date)
    status: str = "publish"  # publish, future, draft, pending, private, inherit, trash ...
    slug: str = ""  # post_name
    parent_id: int = 0
    menu_order: int = 0
    password: str = ""
    sticky: bool = False
    comment_status: str = "open"
    attachment_url: str = ""
    terms: list[ItemTerm] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    comments: list[Comment] = field(default_factory=list)


Record = Site | Author | Term | Item
