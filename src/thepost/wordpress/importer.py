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

from sqlalchemy import select
from sqlalchemy.orm import Session

from thepost.accounts.queries import by_email
from thepost.comments import actions as comment_actions
from thepost.comments.models import Comment, CommentStatus
from thepost.content import actions, redirects, site, taxonomy, text
from thepost.content.media import upload_image
from thepost.content.models import Article, Author, Image, Redirect, Section, Status, Tag
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


def _upload_path(url: str) -> str:
    """An upload's address as the pictures are keyed: its path below the uploads
    folder, whichever host served it."""
    return (uploads.relative(url.strip()) or url.strip()).lower()


def _digest(item: Any) -> str:
    data = json.dumps(asdict(item), default=str, sort_keys=True)
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
                for item in chunk:
                    if item.post_type == "page":
                        self._page(session, item)
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
                if when is not None:
                    article.first_published_at = when
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

    def _page(self, session: Session, item: Item) -> None:
        self.report.skip("page", "pages are not imported yet")

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
