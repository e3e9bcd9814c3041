"""The API's shapes: what each route reads (queries, bodies) and gives (answers), as
pydantic models. Inputs are checked with them; answers are built as plain dicts by
``formats`` (faster) and the tests check those against these models, so the OpenAPI
document (``openapi``) built from them says what the API really sends.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

MAX_LIMIT = 100


class Shape(BaseModel):
    """An answer: every field listed (a missing or extra one fails the tests)."""

    model_config = ConfigDict(extra="forbid")


class Input(BaseModel):
    """A body: unknown fields and wrong types are refused, never guessed at."""

    model_config = ConfigDict(extra="forbid", strict=True)


class Query(BaseModel):
    """A query string: values are text, read as the field's type; others are ignored."""

    model_config = ConfigDict(extra="ignore")


# -- answers -------------------------------------------------------------------------------


class ErrorItem(Shape):
    code: str = Field(description="What went wrong, for programs: required, invalid, ...")
    message: str = Field(description="What went wrong, for people.")
    field: str | None = Field(description="The field at fault (dotted path), if one is.")


class Errors(Shape):
    errors: list[ErrorItem]


class Rendition(Shape):
    width: int
    type: Literal["image/webp", "image/jpeg"]
    url: str


class Picture(Shape):
    id: int
    width: int
    height: int
    alt: str
    caption: str
    credit: str
    url: str = Field(description="The largest JPEG rendition.")
    renditions: list[Rendition]
    srcset: str = Field(description="The JPEG renditions as an <img srcset> value.")
    srcset_webp: str


class SectionOut(Shape):
    id: int
    slug: str
    name: str
    description: str
    parent_id: int | None
    position: int
    url: str


class TagOut(Shape):
    id: int
    slug: str
    name: str
    url: str


class AuthorOut(Shape):
    id: int
    slug: str
    name: str
    job_title: str
    bio: str
    url: str
    photo: Picture | None


class CorrectionOut(Shape):
    kind: Literal["correction", "update"]
    body: str
    created_at: datetime


class ArticleOut(Shape):
    id: int
    slug: str
    url: str
    title: str
    standfirst: str
    excerpt: str
    dateline: str
    status: str
    published_at: datetime | None
    first_published_at: datetime | None
    updated_at: datetime
    created_at: datetime
    section_id: int | None
    author_ids: list[int]
    featured_image_id: int | None
    featured_caption: str
    featured_credit: str
    featured_alt: str
    comments_open: bool
    word_count: int
    seo_title: str
    seo_description: str
    canonical_url: str
    body_format: Literal["markdown", "html"]
    live_status: Literal["", "live", "ended"] = Field(
        "", description='A live blog: "live" while it runs, "ended" after; "" for a story.'
    )
    access: Literal["public", "members"] = Field(
        "public",
        description='"members": a story for signed-in members; body_html then holds only the '
        "part everyone may read, and body_source is empty (the newsroom's answers hold both).",
    )
    language: str = Field(
        "",
        description='"" for the site\'s own language (the site\'s "language"), else the '
        'BCP 47 tag of another it publishes in (its "languages").',
    )
    translation_of_id: int | None = Field(
        None, description="The original this story translates (None: it is an original)."
    )
    body_html: str = Field(
        "", description="Sanitised HTML, as the page shows it. Lists: when fields= names it."
    )
    body_source: str = Field(
        "", description="What the editor holds (Markdown or HTML). Lists: when fields= names it."
    )
    corrections: list[CorrectionOut] = Field(
        [], description="Correction and update notes. Lists: when fields= names it."
    )
    section: SectionOut | None = Field(None, description="With include=section.")
    authors: list[AuthorOut] | None = Field(None, description="With include=authors.")
    tags: list[TagOut] | None = Field(None, description="With include=tags.")
    featured_image: Picture | None = Field(None, description="With include=featured_image.")


class PageOut(Shape):
    id: int
    slug: str
    path: str
    url: str
    parent_id: int | None
    title: str
    standfirst: str
    excerpt: str
    status: str
    published_at: datetime | None
    updated_at: datetime
    created_at: datetime
    seo_title: str
    seo_description: str
    featured_image_id: int | None
    body_html: str
    body_source: str
    body_format: Literal["markdown", "html"]


class CommentOut(Shape):
    id: int
    parent_id: int | None
    author_name: str
    author_url: str
    staff: bool = Field(description="Written by someone of the newsroom.")
    body_html: str
    created_at: datetime


class Pagination(Shape):
    limit: int
    page: int | None = Field(description="The page number, when asked for by page.")
    pages: int | None
    total: int | None = Field(description="How many there are (not with a cursor).")
    next_cursor: str | None = Field(description="Pass as cursor= for the next page.")
    next: str | None = Field(description="The URL of the next page.")


class Meta(Shape):
    pagination: Pagination


class ArticleList(Shape):
    articles: list[ArticleOut]
    meta: Meta


class ArticleOne(Shape):
    article: ArticleOut


class PageList(Shape):
    pages: list[PageOut]
    meta: Meta


class LiveEntryOut(Shape):
    id: int
    article_id: int
    status: Literal["draft", "pending", "posted", "deleted"] = Field(
        description="pending: a contributor's, waiting to be posted; deleted: its words gone."
    )
    headline: str
    body_html: str
    author_ids: list[int]
    pinned: bool
    key_event: bool
    posted_at: datetime | None
    edited_at: datetime | None = Field(description="The last change once posted.")
    url: str = Field(description="The blog's page opened at the entry (its own social card).")


class LiveEntryOne(Shape):
    entry: LiveEntryOut


class LiveBlog(Shape):
    live: LiveBlogOut


class LiveBlogOut(Shape):
    article_id: int
    status: Literal["live", "ended"]
    started_at: datetime | None
    ended_at: datetime | None
    order: Literal["newest", "oldest"] = Field(description="The order the page shows.")
    count: int = Field(description="Posted entries in all.")
    pinned: LiveEntryOut | None = Field(description="On the first page only.")
    key_events: list[int] = Field(description="Entry ids, newest first (at most 30).")
    entries: list[LiveEntryOut] = Field(description="A page of entries, in the blog's order.")
    next: str | None = Field(description="The next page's URL, when more follow.")


class PageOne(Shape):
    page: PageOut


class SectionList(Shape):
    sections: list[SectionOut]


class SectionOne(Shape):
    section: SectionOut


class TagList(Shape):
    tags: list[TagOut]
    meta: Meta


class TagOne(Shape):
    tag: TagOut


class AuthorList(Shape):
    authors: list[AuthorOut]
    meta: Meta


class AuthorOne(Shape):
    author: AuthorOut


class CommentList(Shape):
    comments: list[CommentOut]
    total: int


class SearchHit(Shape):
    article: ArticleOut
    snippet: str = Field(description="Plain text; matched words between [[ and ]].")


class PageHit(Shape):
    title: str
    url: str
    excerpt: str


class SearchResults(Shape):
    query: str
    corrected: str | None = Field(description="The query run instead, when a typo was fixed.")
    suggestion: str | None = Field(description="Did you mean..., when little was found.")
    total: int
    pages: list[PageHit] = Field(description="Pages (About, ...) matching, on the first page.")
    results: list[SearchHit]
    meta: Meta


class SocialLink(Shape):
    name: str
    url: str


class SettingsOut(Shape):
    name: str
    tagline: str
    description: str
    language: str
    url: str
    logo: Picture | None
    social: list[SocialLink]
    lead_ids: list[int]
    banner: BannerOut | None = Field(description="The breaking-news banner, while it is up.")


class BannerOut(Shape):
    text: str
    url: str = Field(description="Where it leads (absolute), or empty.")
    until: str | None = Field(description="When it comes down by itself (UTC), if set.")


class SettingsOne(Shape):
    settings: SettingsOut


# -- queries -------------------------------------------------------------------------------

Slug = Annotated[str, StringConstraints(max_length=200)]
Includes = Annotated[str, StringConstraints(max_length=200)]
STATUSES = ("draft", "pending", "scheduled", "published", "unpublished", "private", "trashed")


class Paged(Query):
    limit: int = Field(15, ge=1, description=f"At most {MAX_LIMIT}; more is a 400, not a cut.")
    page: int | None = Field(None, ge=1, le=10_000, description="A page number (with a total).")
    cursor: str | None = Field(None, max_length=200, description="From meta.pagination.")
    key: str | None = Field(None, description="A content key, when the site needs one.")


class ArticleQuery(Paged):
    section: Slug | None = Field(None, description="A section's slug.")
    tag: Slug | None = Field(None, description="A tag's slug.")
    author: Slug | None = Field(None, description="An author's slug.")
    status: str | None = Field(
        None,
        max_length=200,
        description="Comma-separated: " + ", ".join(STATUSES) + " or all (content:read tokens).",
    )
    published_after: datetime | None = None
    published_before: datetime | None = None
    updated_since: datetime | None = None
    language: str | None = Field(
        None,
        max_length=16,
        description="Stories in this language (a BCP 47 tag: the site's own or another it "
        "publishes in); every language when not given.",
    )
    order: Literal["published_at", "updated_at"] | None = Field(
        None, description="Newest first by this time; updated_at when a status is asked for."
    )
    fields: Includes | None = Field(None, description="Comma-separated fields to give.")
    include: Includes | None = Field(
        None, description="Comma-separated: authors, tags, section, featured_image."
    )


class OneQuery(Query):
    fields: Includes | None = None
    include: Includes | None = None
    key: str | None = None


class KeyQuery(Query):
    key: str | None = None


class PagedQuery(Paged):
    pass


class SearchQuery(Query):
    q: str = Field(..., max_length=200, description="What to look for.")
    section: Slug | None = None
    tag: Slug | None = None
    author: Slug | None = None
    sort: Literal["relevance", "newest"] = "relevance"
    limit: int = Field(10, ge=1)
    page: int = Field(1, ge=1, le=100)
    include: Includes | None = None
    fields: Includes | None = None
    key: str | None = None


# -- bodies ------------------------------------------------------------------------------------


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain a NUL character")
    return value


# Text of at most so many characters, without NUL characters (no database stores one).
Text80 = Annotated[str, StringConstraints(max_length=80), AfterValidator(_no_nul)]
Text120 = Annotated[str, StringConstraints(max_length=120), AfterValidator(_no_nul)]
Text200 = Annotated[str, StringConstraints(max_length=200), AfterValidator(_no_nul)]
Text300 = Annotated[str, StringConstraints(max_length=300), AfterValidator(_no_nul)]
Text500 = Annotated[str, StringConstraints(max_length=500), AfterValidator(_no_nul)]
Text1000 = Annotated[str, StringConstraints(max_length=1_000), AfterValidator(_no_nul)]
Text2000 = Annotated[str, StringConstraints(max_length=2_000), AfterValidator(_no_nul)]
Text5000 = Annotated[str, StringConstraints(max_length=5_000), AfterValidator(_no_nul)]
Body = Annotated[str, StringConstraints(max_length=1_000_000), AfterValidator(_no_nul)]
EntryBody = Annotated[str, StringConstraints(max_length=20_000), AfterValidator(_no_nul)]

Id = Annotated[int, Field(ge=1, le=2**31 - 1)]


class ArticleFields(Input):
    """What a person edits in an article (``content.actions.ArticleInput``)."""

    body: Body = Field("", description="Markdown, or HTML with body_format html.")
    body_format: Literal["markdown", "html"] = "markdown"
    standfirst: Text1000 = ""
    slug: Text200 = Field("", description="Made from the title when empty.")
    section_id: Id | None = None
    tags: Annotated[list[Text120], Field(max_length=50)] = Field(
        [], description="Tag names; new ones are created."
    )
    author_ids: Annotated[list[Id], Field(max_length=20)] = Field(
        [], description="Bylines, in order (roles without byline rights: only themselves)."
    )
    dateline: Text120 = ""
    featured_image_id: Id | None = None
    featured_caption: Text2000 = ""
    featured_credit: Text300 = ""
    featured_alt: Text2000 = ""
    comments_open: bool = True
    seo_title: Text300 = ""
    seo_description: Text1000 = ""
    canonical_url: Text500 = ""
    access: Literal["public", "members"] = Field(
        "public", description='Who may read the whole story: "public", or "members" (signed in).'
    )
    preview_paragraphs: int = Field(
        3, ge=0, le=20, description="For a members' story: how many paragraphs everyone reads."
    )
    language: Annotated[str, Field(max_length=16)] = Field(
        "", description='"" for the site\'s own language, else one of its other languages.'
    )
    translation_of_id: Id | None = Field(
        None, description="The story it translates (any of its versions)."
    )


class ArticleIn(ArticleFields):
    title: Text300


class ArticlePatch(ArticleFields):
    """Only the fields sent change."""

    title: Text300 = ""


class PublishIn(Input):
    at: datetime | None = Field(
        None, description="When it goes out (UTC unless an offset is given); now when absent."
    )


class ScheduleIn(Input):
    at: datetime = Field(..., description="A time to come.")


class LiveStartIn(Input):
    oldest_first: bool = Field(False, description="Show the entries oldest first.")


class LiveEndIn(Input):
    oldest_first: bool | None = Field(None, description="Change the order (absent: keep it).")


class LiveEntryIn(Input):
    body: EntryBody = Field(
        ..., description="Markdown, as the story editor writes it (pictures, embeds, quotes)."
    )
    headline: Text200 = ""
    author_ids: Annotated[list[Id], Field(max_length=5)] = Field(
        [], description="Bylines (empty: the token's own; roles without byline rights: only it)."
    )
    post: bool = Field(
        True, description="Out to readers now (a contributor's waits); false keeps a draft."
    )


class LiveEntryPatch(Input):
    """Only the fields sent change; a posted entry changed says it was edited."""

    body: EntryBody | None = None
    headline: Text200 | None = None
    post: bool | None = Field(None, description="true posts a draft or a waiting entry.")
    pinned: bool | None = Field(None, description="Pin to the top (one at a time) or unpin.")
    key_event: bool | None = None


class LiveQuery(Query):
    key: str | None = None
    after: int | None = Field(
        None, ge=1, lt=2**31, description="The entries after this one (from next)."
    )


class Revision(Shape):
    id: int
    created_at: datetime
    user_id: int | None
    autosave: bool
    snapshot: dict[str, Any]


class RevisionList(Shape):
    revisions: list[Revision]


class SectionIn(Input):
    name: Text120
    slug: Text80 = ""
    description: Text2000 = ""
    parent_id: Id | None = None


class SectionPatch(Input):
    name: Text120 = ""
    description: Text2000 | None = None
    parent_id: Id | None = None


class TagIn(Input):
    name: Text120


class MergeIn(Input):
    into: Id = Field(..., description="The tag that takes this one's stories.")


class CommentStatusIn(Input):
    status: Literal["approved", "pending", "spam", "trash"]


class ModeratedComment(Shape):
    id: int
    article_id: int
    parent_id: int | None
    author_name: str
    author_email: str
    author_url: str
    body: str
    body_html: str
    status: str
    created_at: datetime


class ModeratedOne(Shape):
    comment: ModeratedComment


class ModeratedList(Shape):
    comments: list[ModeratedComment]
    meta: Meta


class ModerationQuery(Paged):
    status: Literal["pending", "approved", "spam", "trash"] = "pending"


class PictureOne(Shape):
    picture: Picture


class PageFields(Input):
    body: Body = ""
    body_format: Literal["markdown", "html"] = "markdown"
    slug: Text200 = ""
    parent_id: Id | None = None
    standfirst: Text1000 = ""
    featured_image_id: Id | None = None
    featured_caption: Text2000 = ""
    featured_credit: Text300 = ""
    featured_alt: Text2000 = ""
    seo_title: Text300 = ""
    seo_description: Text1000 = ""
    position: Annotated[int, Field(ge=0, le=100_000)] = 0


class PageIn(PageFields):
    title: Text300


class PagePatch(PageFields):
    title: Text300 = ""


class AuthorIn(Input):
    name: Text200
    job_title: Text200 = ""
    bio: Text5000 = ""
    photo_id: Id | None = None


class AuthorPatch(Input):
    """Only the fields sent change."""

    name: Text200 = ""
    job_title: Text200 = ""
    bio: Text5000 = ""
    photo_id: Id | None = None


class MenuItemIn(Input):
    label: Text120 = Field("", description="Empty: the target's own name.")
    kind: Literal["home", "latest", "section", "page", "tag", "author", "url"]
    target_id: Id | None = Field(None, description="The section, page, tag or author.")
    url: Text500 = Field("", description="For kind url: https://, http://, mailto: or /path.")
    children: Annotated[list[MenuItemIn], Field(max_length=50)] = Field(
        [], description="One level of nesting."
    )


class MenuIn(Input):
    items: Annotated[list[MenuItemIn], Field(max_length=200)]


class MenuItemOut(Shape):
    kind: str
    label: str
    url: str
    children: list[MenuItemOut]


class MenuOut(Shape):
    slug: str
    items: list[MenuItemOut]


class MenuList(Shape):
    menus: list[MenuOut]


class MenuOne(Shape):
    menu: MenuOut


class WebhookPayload(Shape):
    """What a webhook endpoint receives: signed per Standard Webhooks (headers webhook-id,
    webhook-timestamp, webhook-signature)."""

    type: str = Field(description="article.published, comment.approved, ...")
    timestamp: datetime = Field(description="When it happened.")
    data: dict[str, Any] = Field(
        description="An article or page as the API shows it (with its authors, tags, section "
        "and picture); a comment, section, tag, author or the settings; {id} when deleted."
    )


# -- newsletters -----------------------------------------------------------------------------


class NewsletterOut(Shape):
    id: int
    slug: str
    name: str
    description: str
    cadence: str


class NewsletterList(Shape):
    newsletters: list[NewsletterOut]


class SubscribeIn(Input):
    email: Text300
    newsletters: list[Id] = Field(min_length=1, max_length=20)


class SubscribeOut(Shape):
    status: str  # "pending": a confirmation email is on its way (whether or not known)
    message: str


class SubscriberOut(Shape):
    id: int
    email: str
    confirmed_at: datetime | None
    created_at: datetime
    newsletters: list[str]
    suppressed: str


class SubscriberQuery(Paged):
    q: str = Field("", max_length=200, description="A part of the address.")
    status: Literal["", "active", "pending", "left", "unconfirmed", "suppressed"] = ""
    newsletter: int | None = Field(None, ge=1, description="A newsletter's id.")


class SubscriberList(Shape):
    subscribers: list[SubscriberOut]
    meta: Meta
