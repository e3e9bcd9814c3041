"""Import a WordPress export: every post, page, picture, comment, category, tag, author
and old address, through the same actions the newsroom uses.

The file is read as a stream, several times over (people and terms, then pictures, then
posts and pages, then menus), so memory does not grow with it. Work is written in
chunks, each one transaction whose reactions (search index, stored pages, related
articles, cached pages) run once for the whole chunk (``EventBus.batch``); a run killed
half-way leaves whole chunks behind, and the next run carries on from them.

What came from where is remembered (``ImportedItem``, keyed by WordPress id; posts by
GUID too, never by title), with a digest of what the item held: a second run of the same
file changes nothing and says "0 new, N unchanged"; a changed item is updated in place::

    report = run(services, Path("export.xml"), Options(uploads=Path("wp-content/uploads")))
    print(report.text())
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from sqlalchemy import select
from sqlalchemy.orm import Session

from thepost.accounts.queries import by_email
from thepost.comments import actions as comment_actions
from thepost.comments.models import Comment, CommentStatus
from thepost.content import actions, menus, page_actions, redirects, site, taxonomy, text
from thepost.content.media import upload_image
from thepost.content.models import (
    Article,
    Author,
    Image,
    Page,
    Redirect,
    Section,
    Status,
    Tag,
)
from thepost.errors import DomainError
from thepost.permissions import SYSTEM, Principal
from thepost.services import Services
from thepost.wordpress import convert, uploads, wxr
from thepost.wordpress.models import ImportedItem
from thepost.wordpress.records import Author as WPAuthor
from thepost.wordpress.records import Item, Site, Term
from thepost.wordpress.report import Report

log = logging.getLogger(__name__)

# kind, done, total: called after each chunk (the command line's bar, the newsroom's page)
Progress = Callable[[str, int, int], None]
CHUNK = 100
SOURCE = "wordpress"
LIVE = (Status.PUBLISHED, Status.SCHEDULED)
HEADING = "heading"  # a menu item that only heads a submenu (a "#" link in WordPress)
STATUSES = {
    "1": CommentStatus.APPROVED,
    "approve": CommentStatus.APPROVED,
    "0": CommentStatus.PENDING,
    "hold": CommentStatus.PENDING,
    "spam": CommentStatus.SPAM,
    "trash": CommentStatus.TRASH,
    "post-trashed": CommentStatus.TRASH,
}
PICTURE_TYPES = (".jpg", ".jpeg", ".png", ".gif", ".webp")
SEO_TITLE = ("_yoast_wpseo_title", "rank_math_title", "_aioseo_title")
SEO_DESCRIPTION = ("_yoast_wpseo_metadesc", "rank_math_description", "_aioseo_description")
PASSWORD_NOTE = (
    "Password-protected posts are kept private: the newsroom reads them, readers see "
    "nothing of them (The Post does not put stories behind a shared password)."
)


@dataclass
class Options:
    uploads: Path | None = None  # a copy of wp-content/uploads
    dry_run: bool = False
    # WordPress login -> the email of an existing account whose byline it becomes
    author_map: Mapping[str, str] = field(default_factory=dict)
    chunk: int = CHUNK  # items written per transaction
    # Which WordPress menus (by slug) become the header's and the footer's; by default
    # one named like "primary", "main" or "header" (else the longest), and one named
    # like "footer".
    header_menu: str = ""
    footer_menu: str = ""


def read_author_map(path: Path) -> dict[str, str]:
    """An author map file: a JSON object, or lines of ``login = account@email``."""
    raw = path.read_text(encoding="utf-8")
    if raw.lstrip().startswith("{"):
        data = json.loads(raw)
        return {str(k): str(v) for k, v in data.items()}
    pairs = (line.split("=", 1) for line in raw.splitlines() if "=" in line)
    return {k.strip(): v.strip() for k, v in pairs if k.strip() and not k.startswith("#")}


def run(
    services: Services,
    source: Path,
    options: Options | None = None,
    *,
    progress: Progress | None = None,
    actor: Principal = SYSTEM,
) -> Report:
    """Import ``source``; raises ``wxr.WXRError`` (nothing written) for a file that is
    not a safe, well-formed export."""
    return _Run(services, source, options or Options(), progress, actor).run()


class _Pictures:
    """The imported pictures, by WordPress attachment id and by upload path (any size)."""

    def __init__(self) -> None:
        self.ids: dict[int, int] = {}
        self.paths: dict[str, int] = {}

    def add(self, wp_id: int, url: str, image_id: int) -> None:
        self.ids[wp_id] = image_id
        self.paths[_upload_path(url)] = image_id

    def by_id(self, wp_id: int) -> int | None:
        return self.ids.get(wp_id)

    def by_url(self, url: str) -> int | None:
        return self.paths.get(_upload_path(url)) or self.paths.get(
            _upload_path(uploads.original_url(url))
        )


_RENDITION = re.compile(r"/img/[0-9a-f]{2}/([0-9a-f]{64})/\d+\.(?:jpg|webp)$")


def _upload_path(url: str) -> str:
    """An upload's address as the pictures are keyed: its path below the uploads
    folder, whichever host served it; any size of a picture The Post exported, by the
    picture's digest."""
    url = url.strip().split("?", 1)[0]
    if found := _RENDITION.search(url):
        return "sha256:" + found.group(1)
    return (uploads.relative(url) or url).lower()


def _digest(item: Any) -> str:
    data = json.dumps(
        [asdict(i) for i in item] if isinstance(item, list) else asdict(item),
        default=str,
        sort_keys=True,
    )
    return hashlib.sha256(data.encode()).hexdigest()


class _Run:
    def __init__(
        self,
        services: Services,
        source: Path,
        options: Options,
        progress: Progress | None,
        actor: Principal,
    ) -> None:
        self.services, self.source, self.options = services, source, options
        self.actor = actor
        self.progress = progress or (lambda kind, done, total: None)
        self.report = Report(dry_run=options.dry_run)
        self.pictures = _Pictures()
        self.now = services.clock()
        self.site = Site()
        self.sections: dict[str, int] = {}  # category slug -> section id
        self.tags: dict[str, str] = {}  # tag slug -> tag name
        self.authors: dict[str, int] = {}  # login -> author id
        self.missing_for: dict[int, list[str]] = {}  # post id -> its missing pictures' URLs
        self.attached: dict[int, list[int]] = {}  # post id -> its attachments' ids
        self.sticky: list[int] = []
        self.touched: set[int] = set()  # articles written by this run
        self._dry: Session | None = None
        self.redirects_due: list[Redirect] = []
        self.term_ids: dict[tuple[str, int], str] = {}  # (taxonomy, term id) -> slug
        self.menu_names: dict[str, str] = {}  # menu slug -> name
        self.orphans: list[tuple[int, int]] = []  # page id, its WordPress parent's id

    # -- the run --------------------------------------------------------------------

    def run(self) -> Report:
        totals = wxr.count(self.source)  # refuses an unsafe file before anything is written
        self.totals = totals
        if self.options.dry_run:
            self._dry = self.services.writes()
        try:
            self._people_and_terms()
            self._attachments(totals.get("items:attachment", 0))
            self._posts_and_pages(totals.get("items:post", 0) + totals.get("items:page", 0))
            self._menus()
            self._finish()
        finally:
            if self._dry is not None:
                self._dry.rollback()
                self._dry.close()
        return self.report

    @contextmanager
    def _chunk(self) -> Iterator[Session]:
        """One transaction whose reactions run once for all it wrote; in a dry run, a
        part of the one transaction that is rolled back at the end."""
        self.redirects_due = []
        if self._dry is not None:
            with self.services.bus.batch(self._dry):
                yield self._dry
                redirects.remember(self._dry, self.redirects_due)
            self._dry.flush()
            return
        with self.services.writes.begin() as session, self.services.bus.batch(session):
            yield session
            redirects.remember(session, self.redirects_due)

    def _records(self, kinds: tuple[type, ...]) -> Iterator[Any]:
        for record in wxr.read(self.source):
            if isinstance(record, Site):
                self.site = record
            if isinstance(record, kinds):
                yield record

    def _chunks(self, records: Iterator[Any]) -> Iterator[list[Any]]:
        chunk: list[Any] = []
        for record in records:
            chunk.append(record)
            if len(chunk) >= self.options.chunk:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    # -- what the import remembers --------------------------------------------------

    @staticmethod
    def _known(session: Session, kind: str, keys: list[str]) -> dict[str, ImportedItem]:
        if not keys:
            return {}
        rows = session.scalars(
            select(ImportedItem).where(ImportedItem.kind == kind, ImportedItem.key.in_(keys))
        )
        return {row.key: row for row in rows}

    @staticmethod
    def _keep(
        session: Session,
        known: dict[str, ImportedItem],
        kind: str,
        key: str,
        target_id: int,
        digest: str = "",
        guid: str = "",
    ) -> None:
        row = known.get(key)
        if row is None:
            row = ImportedItem(kind=kind, key=key)
            session.add(row)
            known[key] = row
        row.target_id, row.digest, row.guid = target_id, digest, guid[:500]

    def _redirect(self, session: Session, paths: set[str], kind: str, target_id: int,
                  url: str = "") -> None:  # fmt: skip
        """Keep these old paths, written together when the chunk ends."""
        self.redirects_due += [
            Redirect(path=p, kind=kind, target_id=target_id, url=url, source=SOURCE)
            for p in sorted(paths)
        ]

    def _old_paths(self, *urls: str) -> set[str]:
        """The paths of an item's old addresses. A plain permalink among them (a GUID
        like ``/?p=12``) is left out: it may name another item of the file, whose own
        ``/?p=`` address is the one that counts."""
        paths = {redirects.key_of_url(u) for u in urls if u and u.strip()}
        return {p for p in paths if p != "/" and "?" not in p}

    # -- people and terms -----------------------------------------------------------

    def _people_and_terms(self) -> None:
        people: list[WPAuthor] = []
        categories: list[Term] = []
        tags: list[Term] = []
        for record in self._records((WPAuthor, Term)):
            if isinstance(record, Term) and record.term_id:
                self.term_ids[(record.kind, record.term_id)] = record.slug
            if isinstance(record, Term) and record.kind == "nav_menu":
                self.menu_names[record.slug] = record.name or record.slug
            if isinstance(record, WPAuthor):
                people.append(record)
            elif record.kind == "category":
                categories.append(record)
            elif record.kind == "post_tag":
                tags.append(record)
        with self._chunk() as session:
            for person in people:
                self._author(session, person)
            self._categories(session, categories)
            self._tags(session, tags)

    def _author(self, session: Session, person: WPAuthor) -> None:
        known = self._known(session, "author", [person.login])
        row = known.get(person.login)
        if row is not None and session.get(Author, row.target_id) is not None:
            self.authors[person.login] = row.target_id
            self.report.count("author", "unchanged")
        else:
            user = None
            if email := self.options.author_map.get(person.login):
                user = by_email(session, email)
                if user is None:
                    self.report.note(f"Author map: no account {email} (for {person.login}).")
            author = None
            if user is not None:
                author = session.scalar(select(Author).where(Author.user_id == user.id))
            if author is None:
                name = person.display_name.strip() or (
                    f"{person.first_name} {person.last_name}".strip() or person.login
                )
                author = actions.create_author(
                    session, name[:200], user_id=user.id if user else None
                )
                self.report.authors_created.append(f"{author.name} ({person.login})")
            self.authors[person.login] = author.id
            self._keep(session, known, "author", person.login, author.id)
            self.report.count("author", "imported")
        target = self.authors[person.login]
        paths = {f"/author/{person.login}", f"/?author={person.wp_id}" if person.wp_id else ""}
        self._redirect(session, {p for p in paths if p}, "author", target)
        self._redirect(session, {f"/author/{person.login}/feed"}, "author", target, "/feed/rss")

    def _categories(self, session: Session, categories: list[Term]) -> None:
        by_slug = {c.slug: c for c in categories}
        known = self._known(session, "category", list(by_slug))
        done: set[str] = set()

        def chain(term: Term) -> list[Term]:  # the term's ancestors first, cycles cut
            out, seen = [term], {term.slug}
            while (parent := by_slug.get(out[0].parent_slug)) and parent.slug not in seen:
                out.insert(0, parent)
                seen.add(parent.slug)
            return out

        for term in categories:
            for each in chain(term):
                if each.slug not in done:
                    self._category(session, each, known)
                    done.add(each.slug)
            path = "/".join(t.slug for t in chain(term))
            target = self.sections[term.slug]
            old = {f"/category/{path}", f"/category/{term.slug}"}
            if term.term_id:
                old.add(f"/?cat={term.term_id}")
            self._redirect(session, old, "section", target)
            self._redirect(session, {f"{p}/feed" for p in old if "?" not in p}, "section",
                           target, "/feed/rss")  # fmt: skip

    def _category(self, session: Session, term: Term, known: dict[str, ImportedItem]) -> None:
        row = known.get(term.slug)
        if row is not None and session.get(Section, row.target_id) is not None:
            self.sections[term.slug] = row.target_id
            self.report.count("category", "unchanged")
            return
        slug = text.slugify(unescape(term.slug) or term.name)
        section = session.scalar(select(Section).where(Section.slug == slug))
        if section is None:
            name = " ".join(unescape(term.name).split())[:120] or slug
            parent = self.sections.get(term.parent_slug)
            try:
                section = taxonomy.add_section(
                    session, self.services.bus, actor=self.actor, name=name, slug=slug,
                    parent_id=parent, description=unescape(term.description)[:2000],
                )  # fmt: skip
            except DomainError:  # a reserved or taken address: the name's own, numbered
                slug = f"{slug}-{term.term_id or 2}"
                section = taxonomy.add_section(
                    session, self.services.bus, actor=self.actor, name=name, slug=slug,
                    parent_id=parent,
                )  # fmt: skip
                self.report.note(f"Category '{term.slug}' is at /{slug}: its own address is taken.")
        self.sections[term.slug] = section.id
        self._keep(session, known, "category", term.slug, section.id)
        self.report.count("category", "imported")

    def _tags(self, session: Session, terms: list[Term]) -> None:
        known = self._known(session, "tag", [t.slug for t in terms])
        for term in terms:
            name = " ".join(unescape(term.name or term.slug).split())[:120]
            self.tags[term.slug] = name
            row = known.get(term.slug)
            if row is not None and session.get(Tag, row.target_id) is not None:
                self.report.count("tag", "unchanged")
                tag_id = row.target_id
            else:
                found = actions.tags_by_name(session, [name])
                if not found:
                    self.report.skip("tag", "no name")
                    continue
                tag_id = found[0].id
                self._keep(session, known, "tag", term.slug, tag_id)
                self.report.count("tag", "imported")
            old = {f"/tag/{term.slug}"} | ({f"/?tag={term.slug}"})
            self._redirect(session, old, "tag", tag_id)
            self._redirect(session, {f"/tag/{term.slug}/feed"}, "tag", tag_id, "/feed/rss")

    # -- pictures -------------------------------------------------------------------

    def _attachments(self, total: int) -> None:
        done = 0
        folder = self.options.uploads
        if folder is None and total:
            self.report.note("No uploads folder given: pictures are listed as missing.")
        records = (i for i in self._records((Item,)) if i.post_type == "attachment")
        for chunk in self._chunks(records):
            with self._chunk() as session:
                known = self._known(session, "attachment", [str(i.wp_id) for i in chunk])
                for item in chunk:
                    self._attachment(session, item, known, folder)
            done += len(chunk)
            self.progress("pictures", done, total)

    def _attachment(
        self, session: Session, item: Item, known: dict[str, ImportedItem], folder: Path | None
    ) -> None:
        key, url = str(item.wp_id), item.attachment_url or item.guid
        self.attached.setdefault(item.parent_id, []).append(item.wp_id)
        row = known.get(key)
        if row is not None and session.get(Image, row.target_id) is not None:
            self.pictures.add(item.wp_id, url, row.target_id)
            self.report.count("picture", "unchanged")
            return
        if not url.split("?")[0].lower().endswith(PICTURE_TYPES):
            self.report.skip("attachment", "not a picture: its posts link to it where it was")
            return
        found = uploads.locate(folder, url) if folder is not None else None
        if found is None:
            self.missing_for.setdefault(item.parent_id, []).append(url)
            self.report.skip("picture", "file not in the uploads folder")
            return
        alt = item.meta.get("_wp_attachment_image_alt", "").strip()
        caption = text.html_to_text(item.excerpt)[:2000]
        if not alt:
            alt = caption or item.title
            self.report.note(
                "Pictures without alt text were described by their caption or title: "
                "look them over in the media library."
            )
        try:
            upload = upload_image(
                session, self.services.storage, found.read_bytes(), actor=self.actor,
                alt=alt[:1000], caption=caption,
            )  # fmt: skip
        except DomainError as exc:
            self.report.skip("picture", f"not a picture The Post accepts ({exc})")
            return
        self.pictures.add(item.wp_id, url, upload.image.id)
        self._keep(session, known, "attachment", key, upload.image.id)
        self.report.count("picture", "imported")
        old = self._old_paths(item.link, url) | {f"/?attachment_id={item.wp_id}"}
        self._redirect(session, old, "image", upload.image.id)

    # -- posts and pages ------------------------------------------------------------

    def _posts_and_pages(self, total: int) -> None:
        done = 0
        records = (i for i in self._records((Item,)) if i.post_type in ("post", "page"))
        for chunk in self._chunks(records):
            with self._chunk() as session:
                posts = [i for i in chunk if i.post_type == "post"]
                known = self._known(session, "post", [str(i.wp_id) for i in posts])
                guids = self._guids(
                    session, [i.guid for i in posts if i.guid and str(i.wp_id) not in known]
                )
                for item in posts:
                    self._post(session, item, known, guids)
                pages = [i for i in chunk if i.post_type == "page"]
                known_pages = self._known(session, "page", [str(i.wp_id) for i in pages])
                for item in pages:
                    self._page(session, item, known_pages)
            done += len(chunk)
            self.progress("posts", done, total)

    def _post(
        self,
        session: Session,
        item: Item,
        known: dict[str, ImportedItem],
        guids: dict[str, ImportedItem],
    ) -> None:
        if item.status in ("trash", "auto-draft", "inherit"):
            self.report.skip("post", f"status '{item.status}' in WordPress")
            return
        key, digest = str(item.wp_id), _digest(item)
        row = known.get(key) or guids.get(item.guid)
        if row is not None and row.key != key and row.target_id in self.touched:
            row = None  # two posts of this file share a GUID: each is its own story
        article = session.get(Article, row.target_id) if row is not None else None
        if article is not None and row is not None and row.digest == digest:
            self.report.count("post", "unchanged")
            self.report.count("comment", "unchanged", len(item.comments))
            if item.sticky:
                self.sticky.append(article.id)
            return
        attached = self.attached.get(item.wp_id, ())
        converted = convert.convert(item.content, self.pictures, attached)
        self.report.unconverted.update(converted.unconverted)
        for url in [*converted.missing, *self.missing_for.pop(item.wp_id, [])]:
            self.report.missing(f"{url} (in '{item.title or item.wp_id}')")
        data = self._article_input(item, converted.html)
        try:
            saved = actions.save_article(
                session, self.services.bus, self.services.media_urls, data,
                actor=self.actor, now=self.now, article_id=article.id if article else None,
            )  # fmt: skip
        except DomainError as exc:
            self.report.skip("post", f"refused: {exc}")
            return
        self._status(session, saved, item)
        self._comments(session, saved.id, item)
        self._keep(session, known, "post", key, saved.id, digest, item.guid)
        self.touched.add(saved.id)
        self.report.count("post", "updated" if article else "imported")
        if item.sticky:
            self.sticky.append(saved.id)
        self._redirect(session, self._post_paths(item), "article", saved.id)
        feeds = {f"{p}/feed" for p in self._post_paths(item) if "?" not in p}
        self._redirect(session, feeds, "article", saved.id, "/comments/feed/rss")

    @staticmethod
    def _guids(session: Session, guids: list[str]) -> dict[str, ImportedItem]:
        """Posts imported before under these GUIDs (another export of the same site)."""
        if not guids:
            return {}
        rows = session.scalars(
            select(ImportedItem).where(ImportedItem.kind == "post", ImportedItem.guid.in_(guids))
        )
        return {row.guid: row for row in rows}

    def _post_paths(self, item: Item) -> set[str]:
        paths = self._old_paths(item.link, item.guid) | {f"/?p={item.wp_id}"}
        if item.date_local and item.slug:
            d = item.date_local
            paths |= {f"/{d:%Y/%m/%d}/{item.slug}", f"/{d:%Y/%m}/{item.slug}"}
            paths = {redirects.key(p) for p in paths}
        return paths

    def _article_input(self, item: Item, body: str) -> actions.ArticleInput:
        categories = [t for t in item.terms if t.domain == "category"]
        tags = [self.tags.get(t.slug) or unescape(t.name) for t in item.terms
                if t.domain == "post_tag"]  # fmt: skip
        section_id = self.sections.get(categories[0].slug) if categories else None
        if len(categories) > 1:
            tags += [unescape(t.name) for t in categories[1:]]
            self.report.note(
                "Posts filed under several categories keep the first as their section; "
                "the others became tags."
            )
        author = self.authors.get(item.creator)
        image_id = self.pictures.by_id(_int(item.meta.get("_thumbnail_id", "")))
        meta = item.meta
        return actions.ArticleInput(
            title=" ".join(unescape(item.title).split())[: actions.LIMITS["title"]] or "(untitled)",
            body=body,
            body_format="html",
            standfirst=text.html_to_text(item.excerpt)[: actions.LIMITS["standfirst"]],
            slug=text.slugify(unescape(item.slug) or item.title, max_length=200),
            section_id=section_id,
            tags=tags,
            author_ids=[author] if author else [],
            featured_image_id=image_id,
            comments_open=item.comment_status == "open",
            seo_title=_first(meta, SEO_TITLE)[: actions.LIMITS["seo_title"]],
            seo_description=_first(meta, SEO_DESCRIPTION)[:1000],
        )

    def _status(self, session: Session, article: Article, item: Item) -> None:
        bus, actor, now = self.services.bus, self.actor, self.now
        when = item.date_gmt or (item.date_local.replace(tzinfo=UTC) if item.date_local else None)
        if item.password:
            self.report.note(PASSWORD_NOTE)
            actions.make_private(session, bus, article.id, actor=actor, now=now, at=when)
        elif item.status == "private":
            actions.make_private(session, bus, article.id, actor=actor, now=now, at=when)
        elif item.status in ("publish", "future"):
            live = article.status in (Status.PUBLISHED, Status.SCHEDULED)
            if not live or article.published_at != when:
                actions.publish_article(session, bus, article.id, actor=actor, now=now,
                                        at=when or now)  # fmt: skip
                # An export says when a story came out, not when it last changed.
                if when is not None:
                    article.first_published_at = article.updated_at = when
        elif item.status == "pending":
            if article.status != Status.PENDING:
                article.status = Status.PENDING.value
        elif article.status in (Status.PUBLISHED, Status.SCHEDULED):
            actions.unpublish_article(session, bus, article.id, actor=actor, now=now)
            article.status = Status.DRAFT.value

    def _comments(self, session: Session, article_id: int, item: Item) -> None:
        keys = [str(c.wp_id) for c in item.comments]
        known = self._known(session, "comment", keys)
        ids = {int(k): row.target_id for k, row in known.items()}
        waiting = sorted(item.comments, key=lambda c: c.wp_id)
        while waiting:  # parents first, whatever order the file lists them in
            later = []
            for c in waiting:
                if (
                    c.parent_id
                    and c.parent_id not in ids
                    and any(w.wp_id == c.parent_id for w in waiting)
                ):
                    later.append(c)
                    continue
                self._comment(session, article_id, c, known, ids)
            if len(later) == len(waiting):  # a cycle: the rest start their own threads
                for c in later:
                    c.parent_id = 0
            waiting = later

    def _comment(self, session: Session, article_id: int, c: Any,
                 known: dict[str, ImportedItem], ids: dict[int, int]) -> None:  # fmt: skip
        key = str(c.wp_id)
        row = known.get(key)
        if row is not None and session.get(Comment, row.target_id) is not None:
            self.report.count("comment", "unchanged")
            return
        status = STATUSES.get(c.approved)
        if status is None:
            self.report.skip("comment", f"status '{c.approved}'")
            return
        imported = comment_actions.Imported(
            key=f"{SOURCE}:{self.site.link}:{c.wp_id}",
            name=unescape(c.author),
            email=c.author_email,
            url=c.author_url,
            body=_plain(c.content),
            created_at=c.date_gmt or self.now,
            status=status,
        )
        saved = comment_actions.import_comment(
            session, self.services.bus, self.services.keys, imported,
            article_id=article_id, parent_id=ids.get(c.parent_id), actor=self.actor,
        )  # fmt: skip
        ids[c.wp_id] = saved.id
        self._keep(session, known, "comment", key, saved.id)
        self.report.count("comment", "imported")

    def _page(self, session: Session, item: Item, known: dict[str, ImportedItem]) -> None:
        if item.status in ("trash", "auto-draft", "inherit"):
            self.report.skip("page", f"status '{item.status}' in WordPress")
            return
        key, digest = str(item.wp_id), _digest(item)
        row = known.get(key)
        page = session.get(Page, row.target_id) if row is not None else None
        for _comment in item.comments:
            self.report.skip("comment", "on a page (pages take no comments)")
        if page is not None and row is not None and row.digest == digest:
            self.report.count("page", "unchanged")
            return
        converted = convert.convert(item.content, self.pictures, self.attached.get(item.wp_id, ()))
        self.report.unconverted.update(converted.unconverted)
        for url in [*converted.missing, *self.missing_for.pop(item.wp_id, [])]:
            self.report.missing(f"{url} (in '{item.title or item.wp_id}')")
        parent = self._known(session, "page", [str(item.parent_id)]) if item.parent_id else {}
        data = page_actions.PageInput(
            title=_title(item.title),
            body=converted.html,
            body_format="html",
            slug=text.slugify(unquote(item.slug) or item.title, max_length=200),
            parent_id=parent[str(item.parent_id)].target_id if parent else None,
            standfirst=text.html_to_text(item.excerpt)[:1000],
            featured_image_id=self.pictures.by_id(_int(item.meta.get("_thumbnail_id", ""))),
            seo_title=_first(item.meta, SEO_TITLE)[:300],
            seo_description=_first(item.meta, SEO_DESCRIPTION)[:1000],
            position=min(max(item.menu_order, 0), 100_000),
        )
        saved = self._save_page(session, data, page.id if page else None, item.title)
        if saved is None:
            return
        if item.parent_id and not parent:
            self.orphans.append((saved.id, item.parent_id))
        self._page_status(session, saved, item)
        self._keep(session, known, "page", key, saved.id, digest, item.guid)
        self.report.count("page", "updated" if page else "imported")
        old = self._old_paths(item.link, item.guid) | {f"/?page_id={item.wp_id}"}
        self._redirect(session, old, "page", saved.id)

    def _save_page(
        self, session: Session, data: page_actions.PageInput, page_id: int | None, title: str
    ) -> Page | None:
        """Save, and when the page's own address is taken (by a section, a reserved
        word or a sibling), save it at one made from its title, numbered."""
        bus, urls, now = self.services.bus, self.services.media_urls, self.now
        try:
            with session.begin_nested():
                return page_actions.save_page(
                    session, bus, urls, data, actor=self.actor, now=now, page_id=page_id
                )
        except DomainError as exc:
            if "slug" not in getattr(exc, "errors", {}):
                self.report.skip("page", f"refused: {exc}")
                return None
        self.report.note(f"Page '{title}' took a new address: its own is taken here.")
        data.slug = ""
        return page_actions.save_page(
            session, bus, urls, data, actor=self.actor, now=now, page_id=page_id
        )

    def _page_status(self, session: Session, page: Page, item: Item) -> None:
        bus, actor, now = self.services.bus, self.actor, self.now
        when = item.date_gmt or (item.date_local.replace(tzinfo=UTC) if item.date_local else None)
        if item.password or item.status == "private":
            if item.password:
                self.report.note(PASSWORD_NOTE)
            if page.status != Status.PRIVATE:
                page_actions.set_page_status(
                    session, bus, page.id, Status.PRIVATE, actor=actor, now=now
                )
        elif item.status in ("publish", "future"):
            if page.status not in LIVE or page.published_at != when:
                page_actions.publish_page(session, bus, page.id, actor=actor, now=now, at=when)
        elif page.status != Status.DRAFT:
            page_actions.set_page_status(session, bus, page.id, Status.DRAFT, actor=actor, now=now)

    def _adopt_orphans(self) -> None:
        """Pages listed before their parent get it once every page is in."""
        if not self.orphans:
            return
        with self._chunk() as session:
            parents = self._known(session, "page", [str(p) for _, p in self.orphans])
            for page_id, wp_parent in self.orphans:
                parent = parents.get(str(wp_parent))
                if parent is None:
                    self.report.note("Some pages' parents are not in the export: they stand alone.")
                    continue
                snap = page_actions.snapshot(page_actions.get_page(session, page_id))
                data = page_actions.input_from_snapshot(session, snap)
                data.parent_id = parent.target_id
                self._save_page(session, data, page_id, data.title)

    # -- menus ----------------------------------------------------------------------

    def _menus(self) -> None:
        self._adopt_orphans()
        found: dict[str, list[Item]] = {}
        for item in self._records((Item,)):
            if item.post_type == "nav_menu_item":
                menu = next((t.slug for t in item.terms if t.domain == "nav_menu"), "")
                found.setdefault(menu, []).append(item)
        if not found:
            return
        places = self._menu_places(found)
        with self._chunk() as session:
            known = self._known(session, "menu", list(places))
            for place, slug in places.items():
                entries = self._menu_entries(session, found[slug])
                name = self.menu_names.get(slug, slug)
                digest = _digest(entries)
                if place in known and known[place].digest == digest:
                    self.report.count("menu", "unchanged")
                    continue
                try:
                    with session.begin_nested():
                        menus.save_menu(session, self.services.bus, place, entries,
                                        actor=self.actor)  # fmt: skip
                except DomainError as exc:
                    self.report.skip("menu", f"'{name}' refused: {exc}")
                    continue
                self._keep(session, known, "menu", place, 0, digest)
                self.report.count("menu", "imported")
                self.report.note(f"WordPress menu '{name}' is the {place} menu.")
        for slug in sorted(set(found) - set(places.values())):
            name = self.menu_names.get(slug, slug)
            self.report.skip("menu", "not used: The Post has a header and a footer menu")
            self.report.note(f"WordPress menu '{name}' was not imported (no place for it).")

    def _menu_places(self, found: dict[str, list[Item]]) -> dict[str, str]:
        def named(*words: str) -> str:
            return next((m for m in found if any(w in m.lower() for w in words)), "")

        header = self.options.header_menu or named("primary", "main", "header", "top")
        if not header:
            header = max((m for m in found if "social" not in m), key=lambda m: len(found[m]),
                         default="")  # fmt: skip
        footer = self.options.footer_menu or named("footer", "bottom")
        return {place: m for place, m in (("header", header), ("footer", footer))
                if m in found and not (place == "footer" and m == header)}  # fmt: skip

    def _menu_entries(self, session: Session, items: list[Item]) -> list[menus.MenuItemInput]:
        """A WordPress menu as The Post's: one level of nesting (deeper items are put
        under their top-level ancestor), in WordPress's order."""
        ordered = sorted(items, key=lambda i: (i.menu_order, i.wp_id))
        parent_of = {i.wp_id: _int(i.meta.get("_menu_item_menu_item_parent", "")) for i in ordered}

        def top(wp_id: int) -> int:
            seen = {wp_id}
            while (
                parent_of.get(wp_id)
                and parent_of[wp_id] in parent_of
                and parent_of[wp_id] not in seen
            ):
                wp_id = parent_of[wp_id]
                seen.add(wp_id)
            return wp_id

        children: dict[int, list[menus.MenuItemInput]] = {}
        tops: list[tuple[int, menus.MenuItemInput]] = []
        for item in ordered:
            entry = self._menu_entry(session, item)
            if entry is None:
                continue
            root = top(item.wp_id)
            if entry.kind == HEADING and root != item.wp_id:
                continue  # a heading deeper down: its items follow under the top one
            if root == item.wp_id:
                tops.append((item.wp_id, entry))
            else:
                children.setdefault(root, []).append(entry)
        found = []
        for i, entry in tops:
            below = tuple(children.get(i, ()))
            if entry.kind == HEADING:  # WordPress's "#" link, a heading over its submenu
                if not below:
                    continue
                entry = menus.MenuItemInput(entry.label, below[0].kind, below[0].target_id,
                                            below[0].url)  # fmt: skip
            found.append(
                menus.MenuItemInput(entry.label, entry.kind, entry.target_id, entry.url, below)
            )
        return found

    def _menu_entry(self, session: Session, item: Item) -> menus.MenuItemInput | None:
        meta, label = item.meta, " ".join(unescape(item.title).split())[:200]
        kind, what = meta.get("_menu_item_type", ""), meta.get("_menu_item_object", "")
        target = _int(meta.get("_menu_item_object_id", ""))
        if kind == "taxonomy" and what in ("category", "post_tag"):
            slug = self.term_ids.get((what, target), "")
            if what == "category" and slug in self.sections:
                return menus.MenuItemInput(label, "section", self.sections[slug])
            row = self._known(session, "tag", [slug]).get(slug)
            if row is not None:
                return menus.MenuItemInput(label, "tag", row.target_id)
        elif kind == "post_type" and what == "page":
            row = self._known(session, "page", [str(target)]).get(str(target))
            if row is not None:
                return menus.MenuItemInput(label, "page", row.target_id)
        elif kind == "post_type" and what == "post":
            row = self._known(session, "post", [str(target)]).get(str(target))
            article = session.get(Article, row.target_id) if row is not None else None
            if article is not None:
                section = session.get(Section, article.section_id) if article.section_id else None
                path = f"/{section.slug if section else 'news'}/{article.slug}"
                return menus.MenuItemInput(label or article.title, "url", url=path)
        elif kind == "custom":
            url = meta.get("_menu_item_url", "").strip()
            if url in ("", "#") and label:
                return menus.MenuItemInput(label, HEADING)
            base = self.site.link.rstrip("/")
            if base and url.rstrip("/") == base:
                return menus.MenuItemInput(label, "home")
            if base and url.startswith(base + "/"):
                url = redirects.key_of_url(url)
            if url.startswith(("http://", "https://", "mailto:", "/")) and label:
                return menus.MenuItemInput(label, "url", url=url)
        self.report.skip("menu item", "what it linked to is not here")
        return None

    def _finish(self) -> None:
        with self._chunk() as session:
            self.report.redirects = redirects.count(session, SOURCE)
        if self.sticky:
            with self._chunk() as session:
                if list(site.load(session).lead_ids) != self.sticky:
                    actions.update_site_settings(
                        session, self.services.bus, actor=self.actor, lead_ids=self.sticky
                    )
            self.report.note(f"{len(self.sticky)} sticky post(s) lead the home page.")


def _title(raw: str) -> str:
    return " ".join(unescape(raw).split())[:300] or "(untitled)"


def _first(meta: Mapping[str, str], keys: tuple[str, ...]) -> str:
    return next((meta[k].strip() for k in keys if meta.get(k, "").strip()), "")


def _int(value: str) -> int:
    return int(value) if value.strip().isdigit() and len(value.strip()) < 12 else 0


_BREAK = re.compile(r"<br\s*/?>|</p\s*>", re.I)
_TAG = re.compile(r"<[^<>]*>")


def _plain(html: str) -> str:
    """A comment's text as WordPress showed it: its lines and paragraphs kept, its tags
    dropped (comments here are plain text, linked when they hold an address)."""
    return unescape(_TAG.sub("", _BREAK.sub("\n", html))).strip()
