"""Assembly: the only module that picks concrete parts and wires them together.

``build_services(settings)`` makes the engine, session factory, event bus, media storage,
media URLs and clock, and subscribes the cross-domain reactions to events.
``create_app(settings)`` wraps them in the web application. The CLI uses
``build_services`` too, so a publish from the command line triggers the same reactions as
one from the admin.
"""

from __future__ import annotations

import functools
import logging
import multiprocessing
import queue
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import datetime
from typing import Any

from anyio import to_thread
from fastapi import FastAPI
from sqlalchemy import Engine
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from thepost import __version__, secret
from thepost.accounts import models as _accounts_models  # noqa: F401  (registers tables)
from thepost.audit import log as audit_log
from thepost.cache import generation
from thepost.cache.invalidation import Invalidator
from thepost.cache.memo import Memo
from thepost.cache.store import Store
from thepost.comments import notify
from thepost.comments.models import Comment
from thepost.config import Settings
from thepost.content import bodies, page_actions, queries, related, site
from thepost.content import pages as stored_pages
from thepost.content.models import Article, Section
from thepost.db import make_engine, make_session_factory
from thepost.db.base import utcnow
from thepost.db.engine import plain_reads, retry_locked
from thepost.errors import ValidationError
from thepost.events import (
    ArticleChanged,
    ArticleCorrected,
    ArticleDeleted,
    ArticlePublished,
    ArticleRestored,
    ArticleTrashed,
    ArticleUnpublished,
    CommentApproved,
    CommentChanged,
    CommentModerated,
    CommentPosted,
    EditingTakenOver,
    EventBus,
    ImageDeleted,
    ImageDescribed,
    KeyRevoked,
    LiveBlogChanged,
    MenuChanged,
    NewslettersChanged,
    PageChanged,
    PageDeleted,
    PagePublished,
    PageUnpublished,
    PreviewsRevoked,
    SiteSettingsChanged,
    SubscriptionRequested,
    TaxonomyChanged,
    outward,
)
from thepost.keys import Keys
from thepost.mail import outbox
from thepost.mail.smtp import SmtpConnection, SmtpSender
from thepost.mail.worker import OutboxWorker
from thepost.media.local import LocalStorage
from thepost.media.s3 import S3Storage
from thepost.media.storage import Storage
from thepost.media.urls import MediaUrls
from thepost.members import models as _members_models  # noqa: F401  (registers tables)
from thepost.newsletters import digests, providers
from thepost.newsletters import notify as notify_newsletters
from thepost.newsletters import tokens as newsletter_tokens
from thepost.newsletters.models import Issue, Subscriber
from thepost.newsletters.sending import Composer, NewsletterWorker
from thepost.ratelimit import RateLimiter
from thepost.search import models as _search_models  # noqa: F401  (registers the table)
from thepost.search.backends.base import SearchBackend
from thepost.services import Clock, Services
from thepost.web import errors, newsletter_mail, routes, urls
from thepost.web.admin.auth import SESSION_COOKIE
from thepost.web.api.formats import Links
from thepost.web.api.payloads import Payloads
from thepost.web.nul import RefuseNul
from thepost.web.pagecache import PageCache
from thepost.web.security import SecurityHeaders
from thepost.web.site import account, home_parts, legacy, pages
from thepost.web.site import comments as comments_web
from thepost.web.site.account import MEMBER_COOKIE
from thepost.web.site.comments import MINE_COOKIE, pending_ids
from thepost.web.templating import Templates
from thepost.webhooks import outbox as webhook_outbox
from thepost.webhooks import sender as webhook_sender
from thepost.webhooks.worker import WebhookWorker
from thepost.wordpress import models as _wordpress_models  # noqa: F401  (registers tables)

log = logging.getLogger(__name__)


def build_services(
    settings: Settings, *, clock: Clock = utcnow, engine: Engine | None = None
) -> Services:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = engine or make_engine(settings.resolved_database_url)
    media_urls = MediaUrls(settings.base_url, settings.media_url)
    pages = Invalidator(
        _cache_state(settings, engine, clock),
        clock,
        interval=settings.page_cache_check_ms / 1000,
        redis_url=settings.redis_url,
    )
    services = Services(
        settings=settings,
        engine=engine,
        writes=make_session_factory(engine),
        reads=make_session_factory(engine.execution_options(sqlite_immediate=False)),
        page_reads=make_session_factory(plain_reads(engine)),
        bus=EventBus(),
        storage=_media_store(settings),
        media_urls=media_urls,
        clock=clock,
        keys=Keys(
            settings.secret_key or secret.load_or_create(settings.data_dir),
            fallbacks=settings.fallback_keys,
        ),
        limiter=RateLimiter(settings.redis_url or "memory://"),
        search=_search_backend(engine),
        pages=pages,
        memo=Memo(pages, ttl=settings.page_cache_seconds),
        templates=Templates(settings.theme_dir, media_urls),
        reads_on_loop=engine.dialect.name == "sqlite",
        reactions_elsewhere=functools.partial(ReactionsElsewhere, settings),
        fetch=_fetch_sns,
    )
    # Stored article pages change in the same transaction as what they show; the index
    # too, never out of step (a renamed, merged or deleted section or tag changes what its
    # articles are found by). A batch (an import) does each once for all its articles.
    refresh = _refresh_pages(services)
    services.bus.subscribe_many_in_transaction(
        (ArticleChanged, TaxonomyChanged, CommentChanged, LiveBlogChanged),
        _stored_pages(services, refresh),
    )
    services.bus.subscribe_many_in_transaction(
        (ArticleChanged, TaxonomyChanged, LiveBlogChanged), _by_article(services.search.index)
    )
    # The site's stories follow a change of its language (theirs is ""): the index is
    # rebuilt in the new one within the same transaction, searches reading the old until
    # it commits.
    services.bus.subscribe_in_transaction(SiteSettingsChanged, _search_language(services))
    services.bus.subscribe_in_transaction(ImageDescribed, _picture_described(services, refresh))
    # The home page's top stories and section blocks: once at the end of a transaction
    # that changed what they show, after the stories' own cards.
    home_changed = _home_changed(services)
    for shown in HOME_SHOWN:
        services.bus.subscribe_many_in_transaction(shown, home_changed)
    services.bus.subscribe_in_transaction(CommentPosted, _comment_posted(services))
    services.bus.subscribe_in_transaction(SubscriptionRequested, _ask_to_confirm(services))
    services.bus.subscribe_in_transaction(CommentApproved, _notify_subscriber(services))
    # A deleted picture's files go once the row is surely gone; a store that fails here
    # leaves unlinked files behind, never a library entry without its files.
    services.bus.subscribe(ImageDeleted, _delete_files(services))
    # Webhooks: the outbox rows are written with the change (nothing told of a rolled-back
    # write, nothing lost after a commit); an import tells nothing.
    services.bus.subscribe_many_in_transaction(WEBHOOK_EVENTS, _webhooks(services))
    # Audit rows share the fate of the change they record.
    for event_type, action in AUDITED.items():
        services.bus.subscribe_many_in_transaction(event_type, _audit(services, action))
    # Cached pages: the generation moves with the change (same transaction); after the
    # commit this process refreshes at once and tells the others through Redis.
    changed = _pages_changed(services)
    for event_type in READER_VISIBLE:
        services.bus.subscribe_many_in_transaction(event_type, _bump_generation)
        services.bus.subscribe_many(event_type, changed)
    # After the pages are told (a story shows everywhere without waiting for it): the
    # "You May Also Like" lists the change touches, scored anew in their own
    # transaction, and the pages told again.
    services.bus.subscribe_many(ArticleChanged, _refresh_related(services))
    return services


class ReactionsElsewhere:
    """Held after-commit reactions run by a process of its own (``EventBus.held``'s
    ``elsewhere``): a large import's related lists scored beside its writing instead of
    between its chunks. A batch is handed over as it falls due; the next one waits until
    the process has taken it (one runs, one waits: memory stays bounded). The process
    builds its own services from the same settings and runs the reactions as the
    importing process would, telling nothing outside (``EventBus.inward``). Should it
    stop, the batches left run here instead; ``close`` waits for the last."""

    def __init__(self, settings: Settings) -> None:
        context = multiprocessing.get_context("spawn")  # nothing of this process's state
        self._batches: Any = context.Queue(maxsize=1)
        self._process = context.Process(
            target=_react_elsewhere, args=(settings, self._batches), name="thepost-reactions",
            daemon=True,
        )  # fmt: skip
        self._settings = settings
        self._here: EventBus | None = None
        self._process.start()

    def __call__(self, events: list[object]) -> None:
        if self._put(events):
            return
        log.error("the reactions process stopped (exit %s): reacting here", self._process.exitcode)
        if self._here is None:
            self._here = build_services(self._settings).bus
        self._here.react(events)

    def close(self) -> None:
        self._put(None)  # the end
        self._process.join()
        self._batches.close()

    def _put(self, item: list[object] | None) -> bool:
        """Hand ``item`` over; False when the process is gone."""
        while self._process.is_alive():
            try:
                self._batches.put(item, timeout=1)
                return True
            except queue.Full:
                continue
        return False


def _react_elsewhere(settings: Settings, batches: Any) -> None:
    services = build_services(settings)
    try:
        with services.bus.inward():
            while (events := batches.get()) is not None:
                services.bus.react(events)
    finally:
        services.close()


WEBHOOK_EVENTS = (
    ArticleChanged,
    PageChanged,
    CommentChanged,
    TaxonomyChanged,
    MenuChanged,
    SiteSettingsChanged,
    LiveBlogChanged,
)


def payloads(services: Services) -> Payloads:
    links = Links(services.settings.base_url.rstrip("/"), services.media_urls)
    return Payloads(links, services.clock)


def _webhooks(services: Services) -> Callable[[Session, list[Any]], None]:
    told_by = payloads(services)

    def handler(session: Session, events: list[Any]) -> None:
        if not outward() or not webhook_outbox.listening(session):
            return
        for event in events:
            told = told_by.told(session, event)
            if told is not None:
                kind, subject, data = told
                webhook_outbox.record(session, kind, data, subject=subject, now=services.clock())

    return handler


def _article_ids(events: list[ArticleChanged | TaxonomyChanged]) -> list[int]:
    ids: dict[int, None] = {}
    for event in events:
        found = event.article_ids if isinstance(event, TaxonomyChanged) else (event.article_id,)
        ids.update(dict.fromkeys(found))
    return list(ids)


def _by_article(
    react: Callable[[Session, list[int]], object],
) -> Callable[[Session, list[Any]], None]:
    """A reaction to the articles of events."""

    def handler(session: Session, events: list[Any]) -> None:
        react(session, _article_ids(events))

    return handler


def _search_language(services: Services) -> Callable[[Session, SiteSettingsChanged], None]:
    def handler(session: Session, event: SiteSettingsChanged) -> None:
        if "language" in event.keys:
            services.search.follow_site_language(session)

    return handler


# Events that change what readers see. A comment held for moderation changes nothing
# (``_bump_generation`` skips it), so a flood of spam cannot empty the cache.
READER_VISIBLE = (
    ArticleChanged,
    CommentChanged,
    TaxonomyChanged,
    ImageDescribed,
    SiteSettingsChanged,
    PageChanged,  # a page, and the menus, children lists and search results showing it
    MenuChanged,  # every page shows the menus
    KeyRevoked,  # API answers kept for a content key
    LiveBlogChanged,  # the blog's page, its update URL's answers, its cards' "Live"
    NewslettersChanged,  # the sign-up boxes
)


def _shown(event: object) -> bool:
    return not (isinstance(event, CommentPosted) and event.status != "approved")


def _bump_generation(session: Session, events: list[object]) -> None:
    if any(_shown(event) for event in events):
        generation.bump(session)


def _pages_changed(services: Services) -> Callable[[list[object]], None]:
    def handler(events: list[object]) -> None:
        if any(_shown(event) for event in events):
            services.pages.changed()

    return handler


def _cache_state(
    settings: Settings, engine: Engine, clock: Clock
) -> Callable[[], tuple[int, datetime | None]]:
    """What the page cache watches, read through a pool of its own (file databases), so
    its polls neither wait behind page queries nor show up among them."""
    url = settings.resolved_database_url
    watched = engine
    if url not in ("sqlite://", "sqlite:///:memory:"):
        watched = make_engine(url, pool_size=1, max_overflow=2)
        sa_event.listen(engine, "engine_disposed", lambda _: watched.dispose())
    reads = make_session_factory(plain_reads(watched))

    def state() -> tuple[int, datetime | None]:
        with reads() as session:
            return generation.current(session), queries.next_scheduled(session, now=clock())

    return state


AUDITED = {
    ArticlePublished: audit_log.ARTICLE_PUBLISH,
    ArticleUnpublished: audit_log.ARTICLE_UNPUBLISH,
    ArticleDeleted: audit_log.ARTICLE_DELETE,
    ArticleTrashed: audit_log.ARTICLE_TRASH,
    ArticleRestored: audit_log.ARTICLE_RESTORE,
    ArticleCorrected: audit_log.ARTICLE_CORRECT,
    PreviewsRevoked: audit_log.ARTICLE_REVOKE_PREVIEWS,
    SiteSettingsChanged: audit_log.SETTINGS_CHANGE,
    CommentModerated: audit_log.COMMENT_MODERATE,
    ImageDeleted: audit_log.MEDIA_DELETE,
    PagePublished: audit_log.PAGE_PUBLISH,
    PageUnpublished: audit_log.PAGE_UNPUBLISH,
    PageDeleted: audit_log.PAGE_DELETE,
    MenuChanged: audit_log.MENU_CHANGE,
    EditingTakenOver: audit_log.EDITING_TAKE_OVER,
}


def _audit(services: Services, action: str) -> Callable[[Session, list[Any]], None]:
    def handler(session: Session, events: list[Any]) -> None:
        for event in events:
            entry(session, event)
        session.flush()

    def entry(session: Session, event: Any) -> None:
        obj: tuple[str, object]
        detail: dict[str, Any]
        if isinstance(event, SiteSettingsChanged):
            obj, detail = ("settings", ""), {"keys": list(event.keys)}
        elif isinstance(event, CommentModerated):
            obj, detail = (
                ("comment", event.comment_id),
                {"from": event.previous, "to": event.status},
            )
        elif isinstance(event, ImageDeleted):
            obj, detail = ("image", event.image_id), {}
        elif isinstance(event, PageChanged):
            obj, detail = ("page", event.page_id), {}
        elif isinstance(event, MenuChanged):
            obj, detail = ("menu", event.slug), {}
        elif isinstance(event, EditingTakenOver):
            obj, detail = (event.kind, event.object_id), {"from": event.from_user_id}
        else:
            obj, detail = ("article", event.article_id), {}
        audit_log.record(
            session, action, now=services.clock(), user_id=event.actor_id, obj=obj,
            detail=detail, flush=False,
        )  # fmt: skip

    return handler


def _delete_files(services: Services) -> Callable[[ImageDeleted], None]:
    def handler(event: ImageDeleted) -> None:
        for key in event.keys:
            services.storage.delete(key)

    return handler


def _media_store(settings: Settings) -> Storage:
    """Where the files are kept. Pages link them through ``MediaUrls``: at
    ``THEPOST_MEDIA_URL`` when set (a CDN), else at the site's own ``/media/`` route, which
    serves from whichever store this is."""
    if settings.media_store == "s3":
        return S3Storage(
            settings.s3_bucket,
            prefix=settings.s3_prefix,
            endpoint_url=settings.s3_endpoint_url,
            region=settings.s3_region,
            access_key_id=settings.s3_access_key_id,
            secret_access_key=settings.s3_secret_access_key,
        )
    return LocalStorage(settings.media_dir)


def _search_backend(engine: Engine) -> SearchBackend:
    # Only the database's own backend is imported: a worker on PostgreSQL never loads
    # SQLite's analysis (its stemmer and vocabulary), nor one on SQLite PostgreSQL's.
    if engine.dialect.name == "postgresql":
        from thepost.search.backends.postgres import PostgresSearch

        return PostgresSearch()
    from thepost.search.backends.sqlite import SqliteSearch

    return SqliteSearch()


def _article(session: Session, services: Services, article_id: int) -> tuple[Article, str] | None:
    """The article and its absolute URL (its section is read apart: the article may be in
    the session already, loaded without it)."""
    article = session.get(Article, article_id)
    if article is None:
        return None
    section = session.get(Section, article.section_id) if article.section_id else None
    path = urls.article_path(section.slug if section else "", article.slug, article.language)
    return article, services.settings.base_url + path


def _queue(session: Session, services: Services, messages: list[outbox.Message]) -> None:
    for message in messages:
        try:
            outbox.enqueue(
                session,
                to=message.to,
                subject=message.subject,
                body=message.body,
                headers=message.headers,
                now=services.clock(),
            )
        except ValidationError as exc:  # an unusable address must not sink the comment
            log.warning("not notifying %r: %s", message.to, exc)


def _comment_posted(services: Services) -> Callable[[Session, CommentPosted], None]:
    """A held comment: its authors hear about it. "Notify me of replies": its address is
    asked to confirm."""

    def handler(session: Session, event: CommentPosted) -> None:
        comment = session.get(Comment, event.comment_id)
        found = _article(session, services, event.article_id)
        if comment is None or found is None:
            return
        now = services.clock()
        token = comments_web.confirm_token(services.keys, comment.id, now)
        link = services.settings.base_url + urls.comment_confirm_replies(token)
        language = site.load(session).language
        _queue(session, services, notify.awaiting_moderation(session, comment, *found))
        _queue(session, services, notify.asking_consent(
            session, comment, found[0], link, now=now, language=language,
        ))  # fmt: skip

    return handler


def _ask_to_confirm(services: Services) -> Callable[[Session, SubscriptionRequested], None]:
    """Double opt-in: the address is mailed a link whose page confirms with a click."""

    def handler(session: Session, event: SubscriptionRequested) -> None:
        subscriber = session.get(Subscriber, event.subscriber_id)
        if subscriber is None:
            return
        to = subscriber.new_email if event.new_address else subscriber.email
        token = newsletter_tokens.confirm_token(services.keys, subscriber.id, subscriber.key, to)
        link = services.settings.base_url + urls.newsletter_confirm(token)
        shown = site.load(session)
        _queue(session, services, [notify_newsletters.confirmation(
            session, subscriber.id, to, link, shown.name, new_address=event.new_address,
            language=shown.language,
        )])  # fmt: skip

    return handler


_SNS_DOCUMENTS: dict[str, bytes] = {}  # signing certificates, by URL (a handful)


def _fetch_sns(url: str) -> bytes:
    """A document of Amazon SNS (only there: the address is checked), certificates kept."""
    if not providers.sns_url(url):
        raise OSError(f"not an Amazon SNS address: {url}")
    if url in _SNS_DOCUMENTS:
        return _SNS_DOCUMENTS[url]
    import urllib.request  # here: only a site taking Amazon SNS's messages needs it

    with urllib.request.urlopen(url, timeout=5) as answer:  # noqa: S310 (https, checked)
        body: bytes = answer.read(256 * 1024)
    if url.endswith(".pem"):
        _SNS_DOCUMENTS[url] = body
    return body


def outbox_worker(services: Services) -> OutboxWorker | None:
    """The sender of the site's own mail (the outbox), when an SMTP host is configured."""
    settings = services.settings
    if not settings.smtp_host:
        return None
    sender = SmtpSender(
        settings.smtp_host,
        settings.smtp_port,
        mail_from=settings.mail_from,
        username=settings.smtp_username,
        password=settings.smtp_password,
        starttls=settings.smtp_starttls,
    )
    return OutboxWorker(services.writes, sender, services.clock)


def newsletter_worker(services: Services) -> NewsletterWorker | None:
    """The sender of newsletter issues, when an SMTP server is configured."""
    settings = services.settings
    servers = settings.servers
    if not servers:
        return None
    base = settings.base_url.rstrip("/")

    def connect(name: str) -> SmtpConnection:
        server = servers.get(name) or servers.get("") or next(iter(servers.values()))
        return SmtpConnection(**server._asdict())

    compose = Composer(
        services.keys, settings.mail_from,
        manage_url=lambda token: base + urls.newsletter_preferences(token),
        leave_url=lambda token: base + urls.newsletter_unsubscribe(token),
        bounce_address=settings.bounce_address,
    )  # fmt: skip

    def render(session: Session, issue: Issue) -> tuple[str, str]:
        return newsletter_mail.render(session, services, issue, now=services.clock())

    return NewsletterWorker(
        services.writes, connect, compose, services.clock, rate=settings.newsletter_rate,
        digests=lambda now: digests.make_due(services.writes, render, now=now),
    )  # fmt: skip


def _notify_subscriber(services: Services) -> Callable[[Session, CommentApproved], None]:
    def handler(session: Session, event: CommentApproved) -> None:
        reply = session.get(Comment, event.comment_id)
        found = _article(session, services, event.article_id)
        if reply is None or found is None or reply.parent_id is None:
            return
        article, url = found
        token = comments_web.unsubscribe_token(services.keys, reply.parent_id)
        messages = notify.reply_approved(
            session,
            reply,
            article,
            f"{url}#comment-{reply.id}",
            services.settings.base_url + urls.comment_unsubscribe(token),
            language=site.load(session).language,
        )
        _queue(session, services, messages)

    return handler


# What the home page's stored top stories and section blocks show: stories and their
# cards, sections, pictures' words, the site's settings (its pinned stories, names).
HOME_SHOWN = (ArticleChanged, TaxonomyChanged, LiveBlogChanged, ImageDescribed, SiteSettingsChanged)
_HOME_DUE = "thepost.home_due"


def _home_changed(services: Services) -> Callable[[Session, list[object]], None]:
    """Marks the transaction: before it commits, the home page's parts are rendered
    again (once, however many changes it holds)."""

    def render(session: Session) -> None:
        if session.info.pop(_HOME_DUE, False):
            home_parts.refresh(session, services)

    def handler(session: Session, events: list[object]) -> None:
        if not session.info.get(_HOME_DUE):
            session.info[_HOME_DUE] = True
            sa_event.listen(session, "before_commit", render, once=True)

    return handler


def _refresh_pages(services: Services) -> Callable[[Session, Iterable[int]], None]:
    def refresh(session: Session, ids: Iterable[int]) -> None:
        pages.refresh(session, services.templates, services.settings.base_url, ids)

    return refresh


def _picture_described(
    services: Services, refresh: Callable[[Session, Iterable[int]], None]
) -> Callable[[Session, ImageDescribed], None]:
    """A picture's words are written into the bodies that show it as a figure (at save
    time) and into the stored pages of those and of the articles it features: the bodies
    are rendered again first, then the pages. Pages (About, ...) render at each request
    from their bodies, rendered again here too."""

    def handler(session: Session, event: ImageDescribed) -> None:
        inline = bodies.render_again(session, services.media_urls, event.image_id)
        refresh(session, [*stored_pages.featuring(session, event.image_id), *inline])
        page_actions.render_bodies_again(session, services.media_urls, event.image_id)

    return handler


def _stored_pages(
    services: Services, refresh: Callable[[Session, Iterable[int]], None]
) -> Callable[[Session, list[Any]], None]:
    """Articles changed: their stored pages rendered again, comments and all. Comments
    shown, edited or taken down: the threads of the other articles rendered again."""

    def handler(session: Session, events: list[Any]) -> None:
        rendered = _article_ids([e for e in events if not isinstance(e, CommentChanged)])
        refresh(session, rendered)
        # A comment shown as soon as it is posted also sends CommentApproved.
        shown = {
            e.article_id: None
            for e in events
            if isinstance(e, CommentChanged) and not isinstance(e, CommentPosted)
        }
        if threads := list(shown.keys() - set(rendered)):
            pages.refresh_threads(session, services.templates, threads)

    return handler


def _refresh_related(services: Services) -> Callable[[list[ArticleChanged]], None]:
    def handler(events: list[ArticleChanged]) -> None:
        # Many at once (an import's held reactions): a transaction per part, so other
        # writers never wait long, each part leaving alone the lists of the others.
        ids = list(dict.fromkeys(event.article_id for event in events))
        read = related.Newest(upto=max(ids))
        for start in range(0, len(ids), related.PART):
            part, now = ids[start : start + related.PART], services.clock()
            count = services.settings.related_count
            if len(ids) == 1:
                with services.writes.begin() as session:
                    related.refresh_many(session, part, now=now, count=count)
                    generation.bump(session)
                continue
            # Scored outside the writing transaction (it only reads), so that another
            # process writing meanwhile (an import's chunks) waits only for the storing.
            with services.reads() as session:
                scored = related.score_many(
                    session, part, now=now, count=count, settled=set(ids), read=read
                )

            def store(scored: related.Scored = scored, now: datetime = now) -> None:
                with services.writes.begin() as session:
                    related.store_many(session, scored, now=now)
                    generation.bump(session)  # neighbours' lists changed too

            retry_locked(store)  # beside an import's chunks, on SQLite
        services.pages.changed()

    return handler


def _lifespan(services: Services) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """Background work of a serving process: the mail outbox and newsletters, when SMTP is
    configured and the process sends mail."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        settings = services.settings
        worker = outbox_worker(services) if settings.send_mail else None
        newsletters = newsletter_worker(services) if settings.send_mail else None
        for started in (worker, newsletters):
            if started is not None:
                started.start()
        # Fewer threads than anyio's 40: pages are short and hold the GIL; every thread
        # may keep a database connection and a malloc arena of its own.
        to_thread.current_default_thread_limiter().total_tokens = settings.threads
        services.pages.start()  # the page cache and the memo both listen to it
        hooks = WebhookWorker(
            services.writes,
            functools.partial(webhook_sender.post, allow_private=settings.webhooks_allow_private),
            services.clock,
            payloads(services).describe,
            reads=services.reads,
            interval=settings.webhooks_interval_ms / 1000,
        )
        hooks.start()
        try:
            yield
        finally:
            hooks.stop()
            services.pages.stop()
            if worker is not None:
                worker.stop()
            if newsletters is not None:
                newsletters.stop()

    return lifespan


class Site(FastAPI):
    """The web app, with the page cache in front of everything the framework does per
    request (a hit never reaches FastAPI's own ``__call__``), and the security headers on
    the app, so the cache stores them with each page and replays them on hits, HEADs
    and 304s, in the ASGI middleware and in the protocol alike)."""

    page_cache: PageCache | None = None
    security: SecurityHeaders | None = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if self.page_cache is not None:
            return await self.page_cache(scope, receive, send)
        if self.security is not None:
            return await self.security(scope, receive, send)
        return await super().__call__(scope, receive, send)


def create_app(settings: Settings, *, services: Services | None = None) -> FastAPI:
    services = services or build_services(settings)
    app = Site(
        lifespan=_lifespan(services),
        title=services.settings.base_url,
        version=__version__,
        routes=routes.table(),
        exception_handlers=errors.handlers(moved=legacy.redirect),
        debug=settings.debug,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    # A path with a trailing slash is answered by ``web.site.legacy`` (one 301), not by
    # the router's 307.
    app.router.redirect_slashes = False
    app.add_middleware(RefuseNul)
    app.security = SecurityHeaders(
        functools.partial(FastAPI.__call__, app),
        media_url=services.media_urls.base,
        hsts_seconds=settings.hsts_seconds,
    )
    app.state.services = services
    if settings.page_cache:
        app.page_cache = PageCache(
            app.security,
            store=Store(settings.page_cache_mb * 1024 * 1024),
            invalidator=services.pages,
            ttl=settings.page_cache_seconds,
            never=NEVER_CACHED,
            personal_cookies={
                SESSION_COOKIE: None,
                MINE_COOKIE: lambda value: bool(pending_ids(services.keys, value)),
                MEMBER_COOKIE: lambda value: (
                    account.session_token(services.keys, value) is not None
                ),
            },
            reads=routes.query_reads(app.router.routes),
        )
    return app


# Paths the page cache never keeps (nor even looks up): per-user, or files with their own
# caching.
NEVER_CACHED = (
    "/admin", "/comments/", "/newsletters/", "/account", "/healthz", "/readyz", "/static/",
    "/media/",
)  # fmt: skip
