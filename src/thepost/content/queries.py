"""Reads for the reader's site and the API. Each function loads everything its page
touches in a fixed number of queries (relationships are ``lazy="raise"``, so a template
cannot trigger a query by accident). Only live articles are ever returned: published,
with a publish time that has passed at ``now``.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    literal_column,
    null,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.orm import Session, defer, joinedload, selectinload

from thepost.content import counts, models, site
from thepost.content.models import (
    LIVE_STATUSES,
    MEMBERS,
    Article,
    ArticleAuthor,
    ArticlePage,
    ArticleSlug,
    Author,
    Image,
    RelatedArticle,
    Revision,
    Section,
    Status,
    StoryList,
    Tag,
    article_tags,
)
from thepost.content.revisions import history
from thepost.db.prepared import Prepared

T = TypeVar("T")
MAX_PAGE = 10_000
# One bound parameter per status, not an expanding list: the statement is then complete
# when it is compiled, with nothing left to rewrite on each execution.
_LIVE = [literal(status, String) for status in LIVE_STATUSES]


def live(now: Any, articles: Any = Article) -> ColumnElement[bool]:
    """``articles``: the model, or its table's columns (``Article.__table__.c``) in the
    statements that skip the ORM."""
    return articles.status.in_(_LIVE) & (articles.published_at <= now)  # type: ignore[no-any-return]


# What a card never shows: the story itself (the bulk of each row).
_NOT_ON_CARDS = (Article.body_html, Article.body_source, Article.keywords)


def story_deferred() -> list[Any]:
    """Loader options leaving out the story itself (the bulk of an article's row)."""
    return [defer(column, raiseload=True) for column in _NOT_ON_CARDS]


def _card_loads() -> list[Any]:
    """What a card shows beside the article's own row: section, picture, bylines."""
    return [
        joinedload(Article.section),
        joinedload(Article.featured_image),
        selectinload(Article.bylines).joinedload(ArticleAuthor.author),
    ]


def _card_options() -> list[Any]:
    return [*story_deferred(), *_card_loads()]


def _cards(now: datetime) -> Select[Article]:
    return (
        select(Article)
        .where(live(now))
        .options(*_card_options())
        .order_by(Article.published_at.desc(), Article.id.desc())
    )


@dataclass
class Page(Generic[T]):
    items: list[T]
    number: int
    size: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def parse_page(raw: str | None) -> int | None:
    """``?page=`` as a page number: missing or junk is page 1; out of range is None (404)."""
    if raw is None or raw == "":
        return 1
    if not raw.isascii() or not raw.isdigit() or len(raw) > 6:
        return 1 if not raw.lstrip("-").isdigit() else None
    number = int(raw)
    return number if 1 <= number <= MAX_PAGE else None


def _paginate(
    session: Session,
    query: Select[Article],
    number: int,
    size: int,
    *,
    listed: Select[Article] | None = None,
) -> Page[Article]:
    """A page of ``query`` (fetched through ``listed`` when given: the same rows, read
    another way) and the total."""
    total = (
        session.scalar(select(func.count()).select_from(query.options().order_by(None).subquery()))
        or 0
    )
    listed = query if listed is None else listed
    items = list(session.scalars(listed.limit(size).offset((number - 1) * size)).unique())
    return Page(items, number, size, total)


def _newest_first(now: datetime, language: str = "") -> Select[Article]:
    """Every live article's card in ``language``, newest first, read backwards along the
    publish-time index and stopped at the page's end. The status test is wrapped in a
    function so no planner picks the status index instead, which would sort every live
    row first."""
    visible = func.coalesce(Article.status, "").in_(LIVE_STATUSES) & (Article.published_at <= now)
    return (
        select(Article)
        .where(visible, Article.language == language)
        .options(*_card_options())
        .order_by(Article.published_at.desc(), Article.id.desc())
    )


# -- pages -------------------------------------------------------------------------------


HOME_LATEST = 10  # the home page's latest list


@dataclass
class Home:
    """The home page's stories as rows of ``TILE_COLUMNS``."""

    lead: Any | None
    top: list[Any]
    latest: list[Any]
    sections: list[tuple[Section, list[Any]]]


def home(
    session: Session,
    *,
    now: datetime,
    per_section: int = 4,
    latest: int = HOME_LATEST,
    pinned: Sequence[int] = (),
    language: str = "",
    shelves: Sequence[Section] | None = None,
) -> Home:
    """The lead story, the next few, the latest list, and a block per section, of the
    stories in ``language`` ("": the site's own). Live ``pinned`` stories
    (``SiteSettings.lead_ids``) lead, in their order, before the newest. ``shelves``:
    the sections in order, when the caller keeps them (else read here)."""
    recent = latest_rows(session, now=now, language=language, limit=max(5, latest))
    first = [
        row for row in stored_cards(session, list(pinned), now=now) if row.language == language
    ]
    ahead = first + [row for row in recent if row.id not in {p.id for p in first}]
    lead, top = (ahead[0] if ahead else None), ahead[1:5]
    shelves = sections(session) if shelves is None else shelves
    in_blocks = (
        _blocks(len(shelves), per_section).all(
            session,
            now=now,
            language=language,
            lead=lead.id if lead else 0,  # not repeated in its section's block
            **{f"section{i}": s.id for i, s in enumerate(shelves)},
        )
        if shelves
        else []
    )
    by_section: dict[int, list[Any]] = {}
    for row in in_blocks:
        by_section.setdefault(row.section_id or 0, []).append(row)
    blocks = [(s, by_section[s.id]) for s in shelves if s.id in by_section]
    return Home(lead, top, recent[:latest], blocks)


def latest_rows(
    session: Session, *, now: datetime, language: str = "", limit: int = HOME_LATEST
) -> list[Any]:
    """The newest ``limit`` live stories in ``language``, as rows of ``TILE_COLUMNS``."""
    return listing_rows(session, Listing(language=language), now=now, limit=limit, read=TILES)


@functools.cache
def _blocks(count: int, per_section: int) -> Prepared:
    """The newest ``per_section`` stories of each of ``count`` sections (``section0``,
    ``section1``...) but the ``lead``, as rows of ``TILE_COLUMNS``, newest first: each
    section's read from its index and stopped there (a window over every live article
    would grow with the archive). One prepared statement per number of sections."""
    newest = [
        select(_A.id)
        .where(
            live(_NOW, _A),
            _A.section_id == bindparam(f"section{i}", type_=Integer()),
            _A.language == bindparam("language", type_=String()),
            _A.id != bindparam("lead", type_=Integer()),
        )
        .order_by(_A.published_at.desc(), _A.id.desc())
        .limit(per_section)
        .subquery()
        for i in range(count)
    ]
    chosen = union_all(*(select(q.c.id) for q in newest))
    return Prepared(_CARDS.where(_A.id.in_(chosen)).order_by(_A.published_at.desc(), _A.id.desc()))


def sections(session: Session) -> list[Section]:
    return list(session.scalars(select(Section).order_by(Section.position, Section.name)))


def _by_slug(model: Any) -> Prepared:
    columns = model.__table__.c
    return Prepared(select(*columns).where(columns.slug == bindparam("slug")))


_TAG, _SECTION = _by_slug(Tag), _by_slug(Section)


def tag_named(session: Session, slug: str) -> Tag | None:
    """The tag of ``slug``, read by its index straight from the driver (a tenth of what
    the ORM's read costs a tag page): a ``Tag`` outside the session, whole (its columns),
    to read and not to change."""
    row = _TAG.first(session, slug=slug)
    return None if row is None else Tag(**row._asdict())


def section_named(session: Session, slug: str) -> Section | None:
    """The section of ``slug``, read as ``tag_named`` reads a tag."""
    row = _SECTION.first(session, slug=slug)
    return None if row is None else Section(**row._asdict())


def tag_list(session: Session, slug: str, *, language: str = "") -> tuple[Tag, Listing] | None:
    tag = tag_named(session, slug)
    if tag is None:
        return None
    return tag, Listing(tag_id=tag.id, language=language)


_AUTHOR_COLUMNS, _PHOTO_COLUMNS = list(Author.__table__.c), list(Image.__table__.c)
_AUTHOR = Prepared(
    select(*_AUTHOR_COLUMNS, *(c.label(f"image_{c.key}") for c in _PHOTO_COLUMNS))
    .outerjoin(Image.__table__, Image.__table__.c.id == Author.__table__.c.photo_id)
    .where(Author.__table__.c.slug == bindparam("slug"))
)


def author_named(session: Session, slug: str) -> Author | None:
    """The author of ``slug`` with their photo, read as ``tag_named`` reads a tag: an
    ``Author`` (and its ``Image``) outside the session, whole, to read and not to change."""
    row = _AUTHOR.first(session, slug=slug)
    if row is None:
        return None
    found = row._asdict()
    photo = None
    if row.photo_id is not None:
        photo = Image(**{c.key: found[f"image_{c.key}"] for c in _PHOTO_COLUMNS})
    return Author(**{c.key: found[c.key] for c in _AUTHOR_COLUMNS}, photo=photo)


def author_list(
    session: Session, slug: str, *, language: str = ""
) -> tuple[Author, Listing] | None:
    author = author_named(session, slug)
    if author is None:
        return None
    return author, Listing(author_id=author.id, language=language)


# -- lists of articles: the site's pages and the API -------------------------------------


@dataclass(frozen=True)
class Listing:
    """Which articles a list shows. By default the live ones, newest first (what readers
    see); ``statuses`` (the newsroom's reads through the API) lists those instead, and
    ``owner_id`` keeps to one account's own (what a contributor may read)."""

    section_id: int | None = None
    tag_id: int | None = None
    author_id: int | None = None
    published_after: datetime | None = None
    published_before: datetime | None = None
    updated_since: datetime | None = None
    statuses: tuple[str, ...] = ()
    owner_id: int | None = None
    language: str | None = None  # "" for the site's own language; None: every language
    order: str = "published_at"  # or "updated_at"
    ascending: bool = False  # oldest first (else newest first)
    ids: tuple[int, ...] = ()  # only these (given: the list holds no others)
    excluded: tuple[int, ...] = ()
    tags: bool = False  # load each article's tags too
    bodies: bool = False  # load the stories themselves (cards leave them out)

    def select(self, now: datetime) -> Select[Article]:
        return select(Article).where(*self.conditions(self.values(now)))

    def kept(self) -> tuple[str, int] | None:
        """The list whose size ``story_counts`` keeps that this one is (``counts.live``'s
        ``list`` and ``key``), or None: a list of the live stories in one language, of
        one section, tag or author or of all."""
        narrowed = (
            self.published_after, self.published_before, self.updated_since, self.owner_id,
        )  # fmt: skip
        if (
            self.language is None
            or self.statuses
            or self.ids
            or self.excluded
            or any(value is not None for value in narrowed)
        ):
            return None
        given = [(name, key) for name, key in (
            ("section", self.section_id), ("tag", self.tag_id), ("author", self.author_id)
        ) if key is not None]  # fmt: skip
        if len(given) > 1:
            return None
        return given[0] if given else ("all", 0)

    def values(self, now: datetime) -> dict[str, Any]:
        """What the list's conditions compare with, by name (those set)."""
        given = {
            "now": now,
            "section_id": self.section_id,
            "tag_id": self.tag_id,
            "author_id": self.author_id,
            "published_after": self.published_after,
            "published_before": self.published_before,
            "updated_since": self.updated_since,
            "owner_id": self.owner_id,
            "language": self.language,
        }
        return {name: value for name, value in given.items() if value is not None}

    def conditions(self, v: dict[str, Any]) -> list[ColumnElement[bool]]:
        """The list's conditions, comparing with ``v``: ``values`` themselves, or bound
        parameters of those names (a statement kept for lists of the same shape)."""
        now = v["now"]
        found = [
            _in_statuses(self.statuses, now)
            if self.statuses
            # (not the status index: walking published_at's is quicker for a newest-first list)
            else func.coalesce(Article.status, "").in_(_LIVE) & (Article.published_at <= now)
        ]
        if "section_id" in v:
            found.append(Article.section_id == v["section_id"])
        if "tag_id" in v:
            tagged = select(article_tags.c.article_id).where(article_tags.c.tag_id == v["tag_id"])
            found.append(Article.id.in_(tagged))
        if "author_id" in v:
            bylined = select(ArticleAuthor.article_id).where(
                ArticleAuthor.author_id == v["author_id"]
            )
            found.append(Article.id.in_(bylined))
        if "published_after" in v:
            found.append(Article.published_at > v["published_after"])
        if "published_before" in v:
            found.append(Article.published_at < v["published_before"])
        if "updated_since" in v:
            found.append(Article.updated_at >= v["updated_since"])
        if "owner_id" in v:
            found.append(owned_by(v["owner_id"]))
        if "language" in v:
            found.append(Article.language == v["language"])
        if self.ids:
            found.append(Article.id.in_(self.ids))
        if self.excluded:
            found.append(Article.id.not_in(self.excluded))
        return found

    def ordered(self, query: Select[Article]) -> Select[Article]:
        column = self.sort_column
        options = _card_options()
        if self.bodies:
            options = [*options[len(_NOT_ON_CARDS) :], selectinload(Article.corrections)]
        if self.tags:
            options.append(selectinload(Article.tags))
        if self.ascending:
            return query.options(*options).order_by(column.asc(), Article.id.asc())
        return query.options(*options).order_by(column.desc(), Article.id.desc())

    @property
    def sort_column(self) -> Any:
        return Article.updated_at if self.order == "updated_at" else Article.published_at


def _in_statuses(statuses: Sequence[str], now: datetime) -> ColumnElement[bool]:
    """Statuses as the newsroom lives them: "published" takes in scheduled stories whose
    time has come, "scheduled" only those still to come."""
    due = Article.published_at <= now
    parts = []
    for status in statuses:
        if status == Status.PUBLISHED:
            parts.append(live(now))
        elif status == Status.SCHEDULED:
            parts.append((Article.status == Status.SCHEDULED.value) & ~due)
        else:
            parts.append(Article.status == status)
    return or_(*parts)


def listing_page(
    session: Session, listing: Listing, *, now: datetime, page: int, size: int
) -> Page[Article]:
    """A numbered page of the list, and how many there are."""
    query = listing.ordered(listing.select(now))
    items = list(session.scalars(query.limit(size).offset((page - 1) * size)).unique())
    return Page(items, page, size, listing_count(session, listing, now=now))


def tiles_page(
    session: Session, listing: Listing, *, now: datetime, page: int, size: int
) -> Page[Any]:
    """A numbered page of the list as rows of ``TILE_COLUMNS`` (the reader's lists: each
    card from what is stored with its story), and how many there are."""
    rows = listing_rows(session, listing, now=now, limit=size, offset=(page - 1) * size, read=TILES)
    return Page(rows, page, size, listing_count(session, listing, now=now))


def listing_after(
    session: Session,
    listing: Listing,
    *,
    now: datetime,
    limit: int,
    after: tuple[datetime, int] | None = None,
) -> list[Article]:
    """Up to ``limit`` articles of the list that come after ``after`` (the sort time and
    id of the last one seen): a cursor that stays put while stories are published."""
    query = listing.select(now)
    if after is not None:
        column = listing.sort_column
        query = query.where(or_(column < after[0], and_(column == after[0], Article.id < after[1])))
    return list(session.scalars(listing.ordered(query).limit(limit)).unique())


def listing_count(session: Session, listing: Listing, *, now: datetime) -> int:
    """How many the list holds: a reader's list (every story, a section's, a tag's, an
    author's, in one language) from the count kept for it, any other by counting."""
    kept = listing.kept()
    if kept is not None:
        return counts.live(session, *kept, language=listing.language or "", now=now)
    counted = listing.select(now).with_only_columns(Article.id).subquery()
    return session.scalar(select(func.count()).select_from(counted)) or 0


def listing_rows(
    session: Session,
    listing: Listing,
    *,
    now: datetime,
    limit: int,
    offset: int = 0,
    after: tuple[datetime, int] | None = None,
    bodies: bool = False,
    read: str = "api",
) -> list[Any]:
    """The list as rows of what is stored with each article, in one statement: for
    answers built without loading the articles. ``read``: for the API (``stored_api``'s
    columns; ``stamp`` and ``api`` None where nothing is stored), ``TILES`` (what the
    cards show, ``TILE_COLUMNS``) or ``FEED`` (id, stamp, the feed item and the body it
    is stored without). ``after``: as ``listing_after``.

    A list of given ids is built afresh; the others run as a prepared statement kept for
    lists of their shape (which filters, statuses, order; a cursor or not; bodies or not)."""
    values = {**listing.values(now), "limit": limit, "offset": offset}
    if after is not None:
        values.update(after_time=after[0], after_id=after[1])
    if listing.ids or listing.excluded:
        return list(session.execute(_rows(listing, values, bodies, read)))
    shape = (
        frozenset(listing.statuses), frozenset(values), listing.order, listing.ascending, bodies,
        read,
    )  # fmt: skip
    prepared = _LISTING_ROWS.get(shape)
    if prepared is None:
        bound = {name: bindparam(name, type_=_BOUND[name]) for name in values}
        prepared = _LISTING_ROWS[shape] = Prepared(_rows(listing, bound, bodies, read))
    return prepared.all(session, **values)


def _rows(listing: Listing, v: dict[str, Any], bodies: bool, read: str) -> Select[Any]:
    kept = listing.kept()
    if read in (TILES, FEED) and kept is not None and "after_id" not in v:
        return _kept_rows(kept[0], v, read)
    column = listing.sort_column
    if read == TILES:
        query: Select[Any] = _with_tiles(select(*TILE_COLUMNS))
    else:
        columns = (
            list(_FEED_COLUMNS)
            if read == FEED
            else [*_STORED_COLUMNS, *((Article.body_html, _SHOWN_SOURCE) if bodies else ())]
        )
        query = (
            select(*columns)
            .select_from(Article)
            .outerjoin(ArticlePage, ArticlePage.article_id == Article.id)
        )
    query = query.where(*listing.conditions(v))
    if "after_id" in v:
        when, last = v["after_time"], v["after_id"]
        query = query.where(or_(column < when, and_(column == when, Article.id < last)))
    order = (
        (column.asc(), Article.id.asc())
        if listing.ascending
        else (column.desc(), Article.id.desc())
    )
    return query.order_by(*order).limit(v["limit"]).offset(v["offset"])


def _kept_rows(kind: str, v: dict[str, Any], read: str) -> Select[Any]:
    """A page of a reader's list (``Listing.kept``) from its entries (``StoryList``): one
    range of their index, newest first, then the page's stories' columns."""
    key = v[f"{kind}_id"] if kind != "all" else literal(0, Integer)
    entries = (
        select(_L.article_id, _L.published_at)
        .where(
            _L.list == literal(kind, String),
            _L.key == key,
            _L.language == v["language"],
            _L.published_at <= v["now"],
        )
        .order_by(_L.published_at.desc(), _L.article_id.desc())
        .limit(v["limit"])
        .offset(v["offset"])
        .subquery()
    )
    columns = (
        _with_tiles(select(*TILE_COLUMNS))
        if read == TILES
        else select(*_FEED_COLUMNS)
        .select_from(Article.__table__)
        .outerjoin(ArticlePage.__table__, _PAGE.article_id == _A.id)
    )
    return columns.join(entries, entries.c.article_id == _A.id).order_by(
        entries.c.published_at.desc(), entries.c.article_id.desc()
    )


_WHEN = Article.__table__.c.published_at.type
_BOUND = {
    **dict.fromkeys(("now", "published_after", "published_before", "updated_since"), _WHEN),
    "after_time": _WHEN,
    **dict.fromkeys(("section_id", "tag_id", "author_id", "owner_id", "after_id"), Integer()),
    **dict.fromkeys(("limit", "offset"), Integer()),
    "language": String(),
}
_LISTING_ROWS: dict[tuple[Any, ...], Prepared] = {}  # by the list's shape: a few dozen at most


def listing_by_ids(
    session: Session,
    ids: list[int],
    *,
    now: datetime,
    tags: bool = False,
    bodies: bool = False,
    statuses: tuple[str, ...] = (),
) -> list[Article]:
    """Those of ``ids`` (search hits) that are live (or have one of ``statuses``) as a list
    loads them, in any order."""
    if not ids:
        return []
    listing = Listing(tags=tags, bodies=bodies, statuses=statuses)
    query = listing.ordered(listing.select(now).where(Article.id.in_(ids)))
    return list(session.scalars(query).unique())


def live_counts(session: Session, *, now: datetime) -> tuple[dict[int, int], dict[int, int]]:
    """How many live stories each section and each tag holds (in every language)."""
    return counts.every(session, "section", now=now), counts.every(session, "tag", now=now)


def count_of(session: Session, model: Any) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def newest(session: Session, *, now: datetime, limit: int, language: str = "") -> list[Article]:
    """The newest live articles in ``language`` as cards, read along the publish-time
    index."""
    return list(session.scalars(_newest_first(now, language).limit(limit)).unique())


def cards_by_ids(session: Session, ids: list[int], *, now: datetime) -> list[Article]:
    """Live articles with what a card shows, in the order of ``ids`` (search hits)."""
    if not ids:
        return []
    found = {a.id: a for a in session.scalars(_cards(now).where(Article.id.in_(ids))).unique()}
    return [found[i] for i in ids if i in found]


def stories_by_ids(
    session: Session, ids: list[int], *, now: datetime, bodies: bool
) -> list[Article]:
    """Live articles as cards (and, with ``bodies``, with their text: a newsletter that
    sends a story whole), in the order of ``ids``."""
    if not ids:
        return []
    query = _cards(now) if not bodies else select(Article).where(live(now)).options(*_card_loads())
    found = {a.id: a for a in session.scalars(query.where(Article.id.in_(ids))).unique()}
    return [found[i] for i in ids if i in found]


def lookup_ids(
    session: Session, *, section: str = "", tag: str = "", author: str = ""
) -> tuple[int | None, int | None, int | None]:
    """Section, tag and author ids for filter slugs (None where absent or unknown)."""

    def one(model: Any, slug: str) -> int | None:
        return session.scalar(select(model.id).where(model.slug == slug)) if slug else None

    return one(Section, section), one(Tag, tag), one(Author, author)


def article_by_slug(session: Session, slug: str, *, now: datetime) -> Article | None:
    """One live article with its section, image, bylines (with photos) and tags."""
    query = select(Article).where(Article.slug == slug, live(now)).options(*_page())
    return session.scalars(query).unique().first()


def _page() -> list[Any]:
    """What an article page shows besides the row: section, image, bylines, tags, and the
    correction notes (joined to the row: the page's query count stays as it was)."""
    return [
        joinedload(Article.section),
        joinedload(Article.featured_image),
        joinedload(Article.corrections),
        selectinload(Article.bylines).joinedload(ArticleAuthor.author),
        selectinload(Article.tags),
    ]


# The article page's reads: built once (only their values change per request), on the
# tables' columns, so rows come back without the ORM's work per statement.
_A, _PAGE, _S = Article.__table__.c, ArticlePage.__table__.c, Section.__table__.c
_R = RelatedArticle.__table__.c
_NOW = bindparam("now", type_=Article.__table__.c.published_at.type)
_I, _L = Image.__table__.c, StoryList.__table__.c
# What a card or the home page's lead shows of a story, besides its stored words: its
# address, its picture (chosen per list: sizes, loading) and, for the latest list, its
# title and time.
TILE_COLUMNS = (
    _A.id, _A.slug, _A.title, _A.published_at, _A.language, _A.section_id, _A.live_status,
    _A.featured_alt, _S.slug.label("section_slug"), _PAGE.stamp, _PAGE.card, _PAGE.lead,
    _I.sha256, _I.renditions, _I.width, _I.height, _I.alt.label("image_alt"),
)  # fmt: skip
TILES, FEED = "tiles", "feed"  # what ``listing_rows`` reads besides the API's columns
# A feed's: the stored item, and the body it is stored without (``syndication.Item``).
_FEED_COLUMNS = (_A.id, _PAGE.stamp, _PAGE.feed, _A.body_html)


def _with_tiles(query: Select[Any]) -> Select[Any]:
    """``query`` over articles, joined to what ``TILE_COLUMNS`` read."""
    return (
        query.select_from(Article.__table__)
        .outerjoin(Section.__table__, _S.id == _A.section_id)
        .outerjoin(ArticlePage.__table__, _PAGE.article_id == _A.id)
        .outerjoin(Image.__table__, _I.id == _A.featured_image_id)
    )


_CARDS = _with_tiles(select(*TILE_COLUMNS))
# The article page served from its stored parts: one statement (a prepared one,
# ``db/prepared.py``) reads the story's row and its stored page, then its related cards.
# The row's ``body_html`` goes back into the stored ``rest`` (at ``body_at``).
_STORY_COLUMNS = (
    _A.id, _A.slug, _A.title, _A.seo_title, _A.seo_description, _A.excerpt, _A.comments_open,
    _A.published_at, _A.section_id, _A.language, _A.translation_of_id,
    _S.slug.label("section_slug"), _PAGE.stamp, _PAGE.head, _PAGE.top, _PAGE.rest,
    _PAGE.body_at, _A.body_html, _PAGE.thread, _PAGE.comment_count, _PAGE.reply_depth,
)  # fmt: skip
_ME = Article.__table__.alias("me")


def _every(columns: Sequence[Any], every: Sequence[Any]) -> list[Any]:
    """``every`` column (by name), those not among ``columns`` as NULLs of their type:
    the branches of a ``UNION`` have the same columns."""
    have = {c.key: c for c in columns}
    return [have.get(c.key, cast(null(), c.type).label(c.key)) for c in every]


def _story_and_cards() -> Prepared:
    """The live story of a slug with its stored page (``part`` 0), then its stored
    'You May Also Like' cards, the live ones in its language (``part`` 1, in order): the
    page's two reads in one round trip."""
    every = list({c.key: c for c in (*_STORY_COLUMNS, *TILE_COLUMNS)}.values())
    story = (
        select(
            literal_column("0", Integer).label("part"),
            literal_column("0", Integer).label("place"),
            *_every(_STORY_COLUMNS, every),
        )
        .select_from(Article.__table__)
        .outerjoin(Section.__table__, _S.id == _A.section_id)
        .outerjoin(ArticlePage.__table__, _PAGE.article_id == _A.id)
        .where(_A.slug == bindparam("slug"), live(_NOW, _A))
    )
    cards = (
        _with_tiles(
            select(
                literal_column("1", Integer).label("part"),
                _R.position.label("place"),
                *_every(TILE_COLUMNS, every),
            )
        )
        .join(RelatedArticle.__table__, _R.related_id == _A.id)
        .join(_ME, _ME.c.id == _R.article_id)
        .where(
            _ME.c.slug == bindparam("slug"),
            live(_NOW, _ME.c),
            _A.language == _ME.c.language,
            live(_NOW, _A),
        )
        .order_by(_R.position)
        .limit(bindparam("limit"))
        .subquery()
    )
    both = union_all(story, select(*cards.c)).order_by(text("part"), text("place"))
    return Prepared(both)


_STORY_AND_CARDS = _story_and_cards()
_RELATED_CARDS = Prepared(
    _CARDS.join(RelatedArticle.__table__, _R.related_id == _A.id)
    .where(
        _R.article_id == bindparam("article_id"),
        _A.language == bindparam("language"),
        live(_NOW, _A),
    )
    .order_by(_R.position)
    .limit(bindparam("limit"))
)


def stored_page(
    session: Session, slug: str, *, now: datetime, related: int = 4
) -> tuple[Any, list[Any]] | None:
    """A live article's own columns the page reads, its section's slug and its stored
    page (``stamp`` None: not rendered yet), with up to ``related`` of its related cards
    as ``related_cards`` finds them: (row, cards) or None."""
    rows = _STORY_AND_CARDS.all(session, slug=slug, now=now, limit=related)
    if not rows or rows[0].part != 0:
        return None
    story, cards = rows[0], rows[1:]
    return story, _topped_up(
        session, cards, story.id, story.section_id, now=now, limit=related, language=story.language
    )


def related_cards(
    session: Session,
    article_id: int,
    section_id: int | None,
    *,
    now: datetime,
    limit: int = 4,
    language: str = "",
) -> list[Any]:
    """The stored 'You May Also Like' list as rows of ``TILE_COLUMNS``, the live ones in
    the story's ``language``, topped up from the same section's latest (a short list:
    a brand-new site)."""
    found = _RELATED_CARDS.all(
        session, article_id=article_id, now=now, limit=limit, language=language
    )
    return _topped_up(
        session, found, article_id, section_id, now=now, limit=limit, language=language
    )


def _topped_up(
    session: Session,
    found: list[Any],
    article_id: int,
    section_id: int | None,
    *,
    now: datetime,
    limit: int,
    language: str,
) -> list[Any]:
    """``found`` topped up to ``limit`` from the section's latest (a brand-new site)."""
    if len(found) < limit:
        exclude = {article_id, *(row.id for row in found)}
        query = (
            _CARDS.where(live(now, _A), _A.id.not_in(exclude), _A.language == language)
            .order_by(_A.published_at.desc(), _A.id.desc())
            .limit(limit - len(found))
        )
        if section_id is not None:
            query = query.where(_A.section_id == section_id)
        found += session.execute(query)
    return found


def stored_cards(session: Session, ids: list[int], *, now: datetime) -> list[Any]:
    """The live ones of ``ids`` as rows of ``TILE_COLUMNS``, in the order of ``ids``."""
    if not ids:
        return []
    query = _CARDS.where(_A.id.in_(ids), live(now, _A))
    found = {row.id: row for row in session.execute(query)}
    return [found[i] for i in ids if i in found]


def articles_for_pages(session: Session, ids: list[int]) -> list[Article]:
    """Articles with everything their page shows, for rendering it."""
    if not ids:
        return []
    query = (
        select(Article)
        .where(Article.id.in_(ids))
        .options(*_page())
        # Read afresh: the article may be in the session already, changed and flushed.
        .execution_options(populate_existing=True)
    )
    return list(session.scalars(query).unique())


def current_slug(session: Session, old_slug: str, *, now: datetime) -> tuple[str, str, str] | None:
    """(section slug, article slug, language) of the live article that once had
    ``old_slug`` (``article_path``'s arguments)."""
    row = session.execute(
        select(Article.slug, Section.slug, Article.language)
        .join(ArticleSlug, ArticleSlug.article_id == Article.id)
        .outerjoin(Section, Section.id == Article.section_id)
        .where(ArticleSlug.slug == old_slug, live(now))
    ).first()
    return (row[1] or "", row[0], row[2]) if row else None


# -- the newsroom ------------------------------------------------------------------------


def creator(article_id: Any) -> Any:
    """The account that wrote an article's first revision (a correlated subquery when
    given a column): with the bylines' accounts, the article's owners."""
    return (
        select(Revision.user_id)
        .where(Revision.article_id == article_id)
        .order_by(Revision.id)
        .limit(1)
        .scalar_subquery()
    )


def owned_by(user_id: int) -> ColumnElement[bool]:
    bylined = (
        select(ArticleAuthor.article_id)
        .join(Author, Author.id == ArticleAuthor.author_id)
        .where(ArticleAuthor.article_id == Article.id, Author.user_id == user_id)
        .exists()
    )
    return bylined | (creator(Article.id) == user_id)


def status_counts(
    session: Session, *, now: datetime, owner_id: int | None = None
) -> dict[str, int]:
    """Articles per status as readers live it (a scheduled story whose time has come
    counts as published); ``owner_id``: only that user's own stories."""
    due = and_(Article.status == Status.SCHEDULED.value, Article.published_at <= now)
    shown = case((due, Status.PUBLISHED.value), else_=Article.status)
    query = select(shown, func.count(Article.id)).group_by(shown)
    if owner_id is not None:
        query = query.where(owned_by(owner_id))
    return {status: count for status, count in session.execute(query)}


@dataclass
class NewsroomFilter:
    """The article list's filters; empty values filter nothing."""

    status: str = ""
    section_id: int | None = None
    author_id: int | None = None
    text: str = ""
    owner_id: int | None = None  # only this account's articles (what contributors see)
    now: datetime | None = None  # given: "published" takes in scheduled stories now out


def newsroom_articles(
    session: Session, filters: NewsroomFilter, *, page: int, size: int
) -> Page[Article]:
    """Every article whatever its status, most recently changed first."""
    query = select(Article).options(
        joinedload(Article.section), selectinload(Article.bylines).joinedload(ArticleAuthor.author)
    )
    if filters.now is not None and filters.status == Status.PUBLISHED:
        query = query.where(live(filters.now))
    elif filters.now is not None and filters.status == Status.SCHEDULED:
        query = query.where(Article.status == filters.status, Article.published_at > filters.now)
    elif filters.status:
        query = query.where(Article.status == filters.status)
    else:  # the trash is looked at on its own
        query = query.where(Article.status != Status.TRASHED.value)
    if filters.section_id is not None:
        query = query.where(Article.section_id == filters.section_id)
    if filters.author_id is not None:
        query = query.where(
            select(ArticleAuthor.article_id)
            .where(
                ArticleAuthor.article_id == Article.id,
                ArticleAuthor.author_id == filters.author_id,
            )
            .exists()
        )
    if filters.text.strip():
        words = filters.text.strip().lower()
        query = query.where(func.lower(Article.title).contains(words, autoescape=True))
    if filters.owner_id is not None:
        query = query.where(owned_by(filters.owner_id))
    query = query.order_by(Article.updated_at.desc(), Article.id.desc())
    return _paginate(session, query, page, size)


def authors(session: Session) -> list[Author]:
    return list(session.scalars(select(Author).order_by(Author.name)))


def article_for_editor(session: Session, article_id: int) -> Article | None:
    """Any article, whatever its status, with everything the editor and a preview show."""
    query = select(Article).where(Article.id == article_id).options(*_page())
    return session.scalars(query).unique().first()


def revisions(session: Session, article_id: int) -> list[Revision]:
    """An article's revisions, newest first."""
    return history(session, Revision, article_id)


def recent_images(session: Session, *, limit: int = 24, include: int | None = None) -> list[Image]:
    """The library's newest pictures for the editor's picker, and ``include`` (the one
    chosen now) even when it is older."""
    images = list(session.scalars(select(Image).order_by(Image.id.desc()).limit(limit)))
    if include is not None and all(i.id != include for i in images):
        chosen = session.get(Image, include)
        if chosen is not None:
            images.insert(0, chosen)
    return images


def next_scheduled(session: Session, *, now: datetime) -> datetime | None:
    """When readers' pages next change by themselves: a story or page due to go live
    does, or the breaking-news banner comes down (pages must not be kept past it)."""
    soonest = union_all(
        *(
            select(func.min(model.published_at).label("at")).where(
                model.status.in_(LIVE_STATUSES), model.published_at > now
            )
            for model in (Article, models.Page)
        )
    ).subquery()
    due = session.scalar(select(func.min(soonest.c.at)))
    banner = site.load(session).banner(now)
    if banner is not None and banner.until is not None:
        due = banner.until if due is None else min(due, banner.until)
    return due


def addressed(
    session: Session, kind: str, target_id: int, *, now: datetime
) -> Article | Section | Tag | Author | None:
    """What an old address (``content.redirects``) names, if readers may see it: a live
    article (with its section, for its address), a section, tag or author."""
    if kind == "article":
        return session.scalar(
            select(Article).where(Article.id == target_id, live(now)).options(*_card_options())
        )
    if kind == "section":
        return session.get(Section, target_id)
    if kind == "tag":
        return session.get(Tag, target_id)
    if kind == "author":
        return session.get(Author, target_id)
    return None


def image(session: Session, image_id: int) -> Image | None:
    return session.get(Image, image_id)


# The Markdown of a story as readers' surfaces (the API) may show it: none for a story
# for members, whose source holds what lies behind the wall (``content.access``).
_SHOWN_SOURCE = case((Article.access == MEMBERS, literal("")), else_=Article.body_source).label(
    "body_source"
)
_STORED_COLUMNS = (
    Article.id, Article.status, Article.published_at, Article.updated_at, ArticlePage.stamp,
    ArticlePage.api,
)  # fmt: skip
_STORED_API = (
    select(*_STORED_COLUMNS, Article.body_html, _SHOWN_SOURCE)
    .select_from(Article)
    .join(ArticlePage, ArticlePage.article_id == Article.id)
)


def stored_api(session: Session, ids: list[int], *, now: datetime) -> dict[int, Any]:
    """The live ones of ``ids`` with what is stored for the API (``ArticlePage.api``), its
    stamp, and the row's status and body, in one statement."""
    if not ids:
        return {}
    rows = session.execute(_STORED_API.where(Article.id.in_(ids), live(now)))
    return {row.id: row for row in rows}
