"""Content tables. Reads live in ``queries``, writes in ``actions``."""

from __future__ import annotations

import enum
import functools
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from thepost.content.text import html_to_text
from thepost.db.base import Base, Packed, UTCDateTime, utcnow


class Status(enum.StrEnum):
    DRAFT = "draft"
    PENDING = "pending"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    UNPUBLISHED = "unpublished"
    TRASHED = "trashed"  # out of sight and out of the lists; restored as a draft
    PRIVATE = "private"  # published for the newsroom only: signed-in staff read it, readers never


# An article readers may see: one of these statuses and a publish time that has passed.
LIVE_STATUSES = (Status.PUBLISHED.value, Status.SCHEDULED.value)


class Section(Base):
    __tablename__ = "sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("sections.id", ondelete="SET NULL"))


class SectionTranslation(Base):
    """A section's name and description in another of the site's languages."""

    __tablename__ = "section_translations"

    section_id: Mapped[int] = mapped_column(
        ForeignKey("sections.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")


class Tag(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))


class Image(Base):
    """An uploaded picture. ``renditions`` lists the widths stored in both WebP and JPEG."""

    __tablename__ = "images"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    renditions: Mapped[list[int]] = mapped_column(JSON, default=list)
    alt: Mapped[str] = mapped_column(Text, default="")
    caption: Mapped[str] = mapped_column(Text, default="")
    credit: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Whose words these are to change (editors change anyone's); None: nobody in particular.
    uploaded_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL", name="fk_images_uploaded_by_users")
    )


class Author(Base):
    __tablename__ = "authors"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    job_title: Mapped[str] = mapped_column(String(200), default="")
    bio: Mapped[str] = mapped_column(Text, default="")
    photo_id: Mapped[int | None] = mapped_column(ForeignKey("images.id", ondelete="SET NULL"))
    # The newsroom account behind the byline, if any (accounts own the users table).
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    photo: Mapped[Image | None] = relationship(lazy="raise")


article_tags = Table(
    "article_tags",
    Base.metadata,
    Column("article_id", ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class ArticleAuthor(Base):
    """Byline order matters, so authors hang off an association with a position."""

    __tablename__ = "article_authors"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    author_id: Mapped[int] = mapped_column(
        ForeignKey("authors.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    author: Mapped[Author] = relationship(lazy="raise")


@functools.lru_cache(maxsize=8192)
def article_path(section_slug: str, slug: str, language: str = "") -> str:
    """An article's address: its section's slug, then its own; under its language's
    segment when that is not the site's own (``language`` as the column keeps it). Kept:
    a list asks for the same few hundred addresses again and again."""
    return f"{'/' + language if language else ''}/{quote(section_slug or 'news')}/{quote(slug)}"


class _Published:
    """What articles and pages share: a status readers live by the clock, and a featured
    picture whose words the item may override."""

    if TYPE_CHECKING:  # the columns, as each model maps them
        status: Mapped[str]
        published_at: Mapped[datetime | None]
        first_published_at: Mapped[datetime | None]
        updated_at: Mapped[datetime]
        featured_caption: Mapped[str]
        featured_credit: Mapped[str]
        featured_alt: Mapped[str]
        featured_image: Mapped[Image | None]

    def status_at(self, now: datetime) -> str:
        """The status as readers live it: a scheduled one whose time has come is out."""
        if self.status == Status.SCHEDULED and self.published_at and self.published_at <= now:
            return Status.PUBLISHED.value
        return self.status

    def live_at(self, now: datetime) -> bool:
        """Whether readers see it at ``now``."""
        return self.status_at(now) == Status.PUBLISHED

    def go_out(self, when: datetime, now: datetime) -> None:
        """Published at ``when``: scheduled until then when it is still to come."""
        self.status = (Status.SCHEDULED if when > now else Status.PUBLISHED).value
        self.published_at = when
        if self.first_published_at is None or self.first_published_at > when:
            self.first_published_at = when
        self.updated_at = max(self.updated_at, now)

    @property
    def caption(self) -> str:
        return self.featured_caption or (self.featured_image.caption if self.featured_image else "")

    @property
    def credit(self) -> str:
        return self.featured_credit or (self.featured_image.credit if self.featured_image else "")

    @property
    def alt(self) -> str:
        return self.featured_alt or (self.featured_image.alt if self.featured_image else "")


class Article(_Published, Base):
    __tablename__ = "articles"
    __table_args__ = (
        Index("ix_articles_live", "status", "published_at"),
        Index("ix_articles_section_live", "section_id", "status", "published_at"),
        # Covers the visibility check of search hits without reading article bodies.
        Index("ix_articles_search", "id", "status", "published_at", "section_id"),
        # Covers what sitemaps and feeds' newest-change checks read (migration 0006).
        Index(
            "ix_articles_listing",
            "status",
            "published_at",
            "id",
            "updated_at",
            "section_id",
            "featured_image_id",
            "slug",
            "title",
        ),
        # Newest first, read in index order and stopped at the page's end: list pages
        # cost the same at any archive size.
        Index("ix_articles_published", "published_at", "id"),
        Index("ix_articles_section_published", "section_id", "published_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    standfirst: Mapped[str] = mapped_column(Text, default="")
    body_source: Mapped[str] = mapped_column(Text, default="")
    body_format: Mapped[str] = mapped_column(String(16), default="markdown")
    body_html: Mapped[str] = mapped_column(Text, default="")
    excerpt: Mapped[str] = mapped_column(Text, default="")
    word_count: Mapped[int] = mapped_column(Integer, default=0)
    # Distinctive words with weights, kept for scoring related articles cheaply.
    keywords: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    dateline: Mapped[str] = mapped_column(String(120), default="")
    status: Mapped[str] = mapped_column(String(16), default=Status.DRAFT.value)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    section_id: Mapped[int | None] = mapped_column(ForeignKey("sections.id", ondelete="SET NULL"))
    featured_image_id: Mapped[int | None] = mapped_column(
        ForeignKey("images.id", ondelete="SET NULL")
    )
    featured_caption: Mapped[str] = mapped_column(Text, default="")
    featured_credit: Mapped[str] = mapped_column(String(300), default="")
    featured_alt: Mapped[str] = mapped_column(Text, default="")
    comments_open: Mapped[bool] = mapped_column(Boolean, default=True)
    seo_title: Mapped[str] = mapped_column(String(300), default="")
    seo_description: Mapped[str] = mapped_column(Text, default="")
    canonical_url: Mapped[str] = mapped_column(String(500), default="")
    # Preview links carry the number they were made under; revoking them counts it up.
    preview_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # A live blog (``content.live``): "" for an ordinary story, "live" while its entries
    # come in, "ended" once over (its entries kept, oldest first when the newsroom says so).
    live_status: Mapped[str] = mapped_column(String(8), default="", server_default="")
    live_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    live_ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    live_oldest_first: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # Who may read the whole story: "public", or "members" (any signed-in member). For a
    # members' story ``body_html`` holds only its first ``preview_paragraphs``
    # paragraphs, what everyone may read, and ``gated_html`` the rest: every surface that
    # shows a body shows the public part unless it asks for the rest on purpose
    # (``content.access``).
    access: Mapped[str] = mapped_column(String(16), default="public", server_default="public")
    # The story's language: "" for the site's own, else a tag of another language the
    # site publishes in; and the story it translates ("translation_of_id" always names
    # the original, never another translation: ``content.translations``).
    language: Mapped[str] = mapped_column(String(16), default="", server_default="")
    translation_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL"), index=True
    )
    preview_paragraphs: Mapped[int] = mapped_column(Integer, default=3, server_default="3")
    gated_html: Mapped[str] = mapped_column(Text, default="", server_default="")

    section: Mapped[Section | None] = relationship(lazy="raise")
    featured_image: Mapped[Image | None] = relationship(lazy="raise")
    bylines: Mapped[list[ArticleAuthor]] = relationship(
        order_by=ArticleAuthor.position, cascade="all, delete-orphan", lazy="raise"
    )
    tags: Mapped[list[Tag]] = relationship(secondary=article_tags, lazy="raise")
    corrections: Mapped[list[Correction]] = relationship(
        order_by="Correction.created_at", cascade="all, delete-orphan", lazy="raise"
    )

    @property
    def path(self) -> str:
        """Its address on the site (its section loaded)."""
        section = self.section.slug if self.section is not None else ""
        return article_path(section, self.slug, self.language)

    @property
    def authors(self) -> list[Author]:
        return [byline.author for byline in self.bylines]

    @property
    def body_text(self) -> str:
        """The plain text of ``body_html`` (the public part of a members' story), made
        when read: for search documents, excerpts, newsletters' plain text and the Ghost
        API's ``plaintext``. Not stored (migration 0036): kept, it was as long as the body
        again in every row, and making it takes about 0.2 ms for a story of 4 KB."""
        return html_to_text(self.body_html)

    @property
    def is_live(self) -> bool:
        """A live blog still running (its cards say "Live")."""
        return self.live_status == LIVE

    @property
    def for_members(self) -> bool:
        return self.access == MEMBERS


LIVE, ENDED = "live", "ended"
PUBLIC, MEMBERS = (
    "public",
    "members",
)  # ``Article.access``  # ``Article.live_status`` of a live blog


class EntryStatus(enum.StrEnum):
    DRAFT = "draft"  # its writer's alone
    PENDING = "pending"  # a contributor's, waiting for someone who may post it
    POSTED = "posted"
    DELETED = "deleted"  # kept as a mark, so that readers' pages drop it in place


class LiveEntry(Base):
    """One update of a live blog. ``changed_at`` moves with anything readers see of it
    (posted, edited, pinned, marked, deleted): what the update URL reads."""

    __tablename__ = "live_entries"
    __table_args__ = (
        Index("ix_live_entries_posted", "article_id", "status", "posted_at"),
        Index("ix_live_entries_changed", "article_id", "changed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    # Who wrote it (drafts are theirs alone); ``author_ids`` the bylines it shows.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    author_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    headline: Mapped[str] = mapped_column(String(200), default="")
    body_source: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    body_text: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(8), default=EntryStatus.DRAFT.value)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    key_event: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # last edit once posted
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ArticleFigure(Base):
    """A picture an article's body shows as a figure. The body is rendered at save time
    with the picture's words in it (``content.bodies``), so when they change, the bodies
    listed here are rendered again."""

    __tablename__ = "article_figures"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    image_id: Mapped[int] = mapped_column(
        ForeignKey("images.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ArticleSlug(Base):
    """Every slug an article has had, so old URLs answer 301 to the current one."""

    __tablename__ = "article_slugs"

    slug: Mapped[str] = mapped_column(String(200), primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )


class RelatedArticle(Base):
    """'You May Also Like', computed at publish time and read with the page."""

    __tablename__ = "related_articles"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    related_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    score: Mapped[float] = mapped_column(default=0.0)


class ArticlePage(Base):
    """An article page's fixed parts, rendered when the article is published or changed
    (``web/site/pages.py``): the ``<head>`` tags, the story above and below the comment
    count, the card and lead the lists show for it, its feed item, and the approved
    comments (``thread``, with reply links below ``reply_depth``), rendered again when one
    of them changes. ``stamp`` names the templates and site settings they were rendered
    with; a page whose stamp differs is rendered afresh.

    The story's body is not among them: ``rest`` and the feed item are stored without it,
    and whatever serves them puts back the article's own ``body_html`` (at ``body_at`` in
    ``rest``). The parts read whole one story at a time are ``Packed`` (compressed on
    SQLite); the card and lead, which lists read many at a time, are not."""

    __tablename__ = "article_pages"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    stamp: Mapped[str] = mapped_column(String(64))
    head: Mapped[str] = mapped_column(Packed)
    top: Mapped[str] = mapped_column(Packed)
    rest: Mapped[str] = mapped_column(Packed)
    # Where the body goes back into ``rest``; None: ``rest`` holds it (not found in it).
    body_at: Mapped[int | None] = mapped_column(Integer)
    card: Mapped[str] = mapped_column(Text)
    lead: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The story as its feeds list it (``syndication.Item``, as JSON), its text without
    # the story's body (``Item.as_json``).
    feed: Mapped[str] = mapped_column(Packed, default="", server_default="")
    thread: Mapped[str] = mapped_column(Packed, default="", server_default="")
    comment_count: Mapped[int] = mapped_column(default=0, server_default="0")
    reply_depth: Mapped[int] = mapped_column(default=0, server_default="0")
    # The article as the API shows it, its body aside (read from the row): its JSON
    # object's members, one per line (``web/api/formats.stored``), so the API's reads cost
    # what the page's do.
    api: Mapped[str] = mapped_column(Packed, default="", server_default="")


class HomePart(Base):
    """The home page's top stories and section blocks in one edition (``language``: ""
    for the site's own), rendered whenever a story or what they show changes, in the
    same transaction (``web/site/home_parts.py``). ``stamp`` names the templates and settings
    they were rendered with; ``until`` is when the next scheduled story in the edition
    comes out (None: none is scheduled), from when they are no longer current. The page
    renders them itself when the stored ones are not current."""

    __tablename__ = "home_parts"

    language: Mapped[str] = mapped_column(String(16), primary_key=True)
    stamp: Mapped[str] = mapped_column(String(64))
    until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    top: Mapped[str] = mapped_column(Text)
    blocks: Mapped[str] = mapped_column(Text)


class StoryList(Base):
    """A story's place in a list it is in (``list``: "all", "section", "tag" or
    "author"; ``key``: the section's, tag's or author's id, 0 for all), kept for the
    stories published or scheduled with a publish time, in the lists' order: a page of
    any list is one range of the primary key. Kept by the database's triggers (migration
    0031), whatever writes the stories; readers see the entries whose time has come."""

    __tablename__ = "story_lists"

    list: Mapped[str] = mapped_column(String(8), primary_key=True)
    key: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    language: Mapped[str] = mapped_column(String(16), primary_key=True)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class StoryCount(Base):
    """How many stories a list holds in a language: those published or scheduled with a
    publish time (``list``: "all", "section", "tag" or "author"; ``key``: the section's,
    tag's or author's id, 0 for all). Kept by the database's triggers (migration 0032),
    whatever writes the stories; read through ``content.counts``."""

    __tablename__ = "story_counts"

    list: Mapped[str] = mapped_column(String(8), primary_key=True)
    key: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    language: Mapped[str] = mapped_column(String(16), primary_key=True)
    stories: Mapped[int] = mapped_column(Integer)


class Revision(Base):
    """A full snapshot of an article at each save."""

    __tablename__ = "revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Kept while someone types; the next save or autosave by the same account replaces it.
    autosave: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class Correction(Base):
    """A dated correction or update note an editor appends to an article, shown on it."""

    __tablename__ = "corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16), default="correction")
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Page(_Published, Base):
    """A page beside the news (About, Contact, Terms...): no section, byline, comments,
    feeds or related list. Its address is its slug under its parents' (``/about/team``):
    a slug is unique among its siblings, the top level included (the partial index)."""

    __tablename__ = "pages"
    __table_args__ = (
        UniqueConstraint("parent_id", "slug"),
        Index(
            "uq_pages_top_slug",
            "slug",
            "language",
            unique=True,
            sqlite_where=text("parent_id IS NULL"),
            postgresql_where=text("parent_id IS NULL"),
        ),
        Index("ix_pages_live", "status", "published_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("pages.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(Integer, default=0)  # among its siblings
    title: Mapped[str] = mapped_column(String(300))
    standfirst: Mapped[str] = mapped_column(Text, default="")
    body_source: Mapped[str] = mapped_column(Text, default="")
    body_format: Mapped[str] = mapped_column(String(16), default="markdown")
    body_html: Mapped[str] = mapped_column(Text, default="")
    body_text: Mapped[str] = mapped_column(Text, default="")
    excerpt: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default=Status.DRAFT.value)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    featured_image_id: Mapped[int | None] = mapped_column(
        ForeignKey("images.id", ondelete="SET NULL")
    )
    featured_caption: Mapped[str] = mapped_column(Text, default="")
    featured_credit: Mapped[str] = mapped_column(String(300), default="")
    featured_alt: Mapped[str] = mapped_column(Text, default="")
    seo_title: Mapped[str] = mapped_column(String(300), default="")
    seo_description: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(16), default="", server_default="")
    translation_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("pages.id", ondelete="SET NULL"), index=True
    )

    featured_image: Mapped[Image | None] = relationship(lazy="raise")


class PageSlug(Base):
    """Every address a page has had (its path without the leading slash), so old links
    answer 301 to where it is now."""

    __tablename__ = "page_slugs"

    path: Mapped[str] = mapped_column(String(1000), primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"), index=True)


class PageRevision(Base):
    """A full snapshot of a page at each save (``Revision`` is an article's)."""

    __tablename__ = "page_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    autosave: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class Menu(Base):
    """An editable menu of the site ("header", "footer"). Without a row, the menu is the
    default one (``content.menus``)."""

    __tablename__ = "menus"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))


class MenuItem(Base):
    """One link of a menu: to a section, page, tag or author (``target_id``, shown with
    its current address and, without a ``label``, its current name), the home page, the
    latest list, or a ``url``. Items nest one level under a ``parent_id``."""

    __tablename__ = "menu_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    menu_id: Mapped[int] = mapped_column(ForeignKey("menus.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("menu_items.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    label: Mapped[str] = mapped_column(String(120), default="")
    kind: Mapped[str] = mapped_column(String(16))
    target_id: Mapped[int | None] = mapped_column(Integer)
    url: Mapped[str] = mapped_column(String(500), default="")
    # The language whose pages show the item: "" for the site's own. A language with no
    # items of its own shows the site's.
    language: Mapped[str] = mapped_column(String(16), default="", server_default="")


class SiteSetting(Base):
    """Settings editors change from the newsroom (site name, social links, ...);
    deployment settings live in ``thepost.config`` instead."""

    __tablename__ = "site_settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class Redirect(Base):
    """An old address (an imported site's permalinks, ``/?p=12``, its feeds) that answers
    one 301 to the current address of what it named. The target is kept by kind and id,
    not as a URL, so a slug changed later still gets one hop, never a chain."""

    __tablename__ = "redirects"

    # The path as requested, without its trailing slash; a query form keeps its one
    # parameter (``/?p=12``).
    path: Mapped[str] = mapped_column(String(500), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # article, page, section, tag, author, image, url
    target_id: Mapped[int | None] = mapped_column(Integer)
    # For kind "url", the address; otherwise what follows the target's own address
    # ("/feed/rss" for an old feed URL).
    url: Mapped[str] = mapped_column(String(500), default="")
    source: Mapped[str] = mapped_column(String(16), default="")  # "wordpress" for an import


class EditLock(Base):
    """Who has a story or page open in the editor (``content.locks``): held while their
    editor says so every few seconds, free once it has not for ``locks.FRESH``."""

    __tablename__ = "edit_locks"

    kind: Mapped[str] = mapped_column(String(16), primary_key=True)  # "article" or "page"
    object_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    since: Mapped[datetime] = mapped_column(UTCDateTime)
    seen: Mapped[datetime] = mapped_column(UTCDateTime)
