"""An article page's fixed parts, rendered once when the article is published or changed
and stored (``content.models.ArticlePage``), so a reader's request reads one row instead
of loading the article, its section, picture, bylines, tags and corrections and running
their templates.

The parts: the ``<head>`` tags (canonical URL, Open Graph, JSON-LD), the story above the
comment count and below it, the words of the card the lists show for it and of the home
page's lead (``tiles``), its feed item, and the approved comments with their count. The
comments carry reply links down to the depth the moderation policy and the article's own
switch allow (``reply_depth``); when that differs at request time (comments closed by
age, a new policy), the page renders them afresh. The story's body is not stored again:
``rest`` and the feed item leave it out, and what serves them puts the article's own
``body_html`` back (``whole_rest``, ``syndication.Item.of_json``).

Each row carries a stamp: a digest of the templates that made it, the Python code that
shapes what they show (``SHAPING``) and the catalogue of the site's language, the site
settings they show (name, description, language), the base URL and the pictures' URL:
an upgrade that changes any of it makes the stored rows out of date by itself, with no
number to remember to bump. A row with another stamp is not served: the page is
rendered from the article as before, and ``thepost render`` (run by ``thepost migrate``)
renders again every row that is out of date. Whatever changes an article's parts
(publish, edit, unpublish, correction, a section or tag renamed, a picture described)
re-renders its row in the same transaction, and a comment shown, edited or taken down
re-renders its comments (``app.py`` subscribes ``refresh`` and ``refresh_threads``)::

    refresh(session, templates, base_url, [article_id])
    refresh_threads(session, templates, [article_id])
    parts = for_article(templates, base_url, site_settings, article, comments)  # not stored
"""

from __future__ import annotations

import functools
import hashlib
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session

from thepost import i18n, localtime
from thepost.comments import policy as comment_policy
from thepost.comments import queries as comment_queries
from thepost.content import live as live_blogs
from thepost.content import pages, queries, site, translations
from thepost.content.models import LIVE_STATUSES, Article
from thepost.content.site import SiteSettings
from thepost.media import html as media_html
from thepost.services import Renderer
from thepost.web import avatars, language, templating, urls
from thepost.web.api import formats
from thepost.web.site import meta, syndication

STORY = "site/_story.html"
CARD = "site/_card.html"
HEAD = "site/_meta.html"
THREAD = "site/_thread.html"
COMMENT = "site/_comment.html"
LIVE = "site/_live.html"
SIGN_IN = "site/_sign_in_form.html"
# The Python code that shapes the parts besides the templates: the head tags, the feed
# items, the pictures' markup, dates, links and avatars, the template helpers, and this
# module.
SHAPING = (
    meta,
    syndication,
    media_html,
    templating,
    localtime,
    language,
    i18n,
    urls,
    avatars,
    formats,
    sys.modules[__name__],
)


@dataclass(frozen=True)
class Parts:
    head: Markup
    top: Markup
    rest: Markup
    card: Markup
    thread: Markup
    comment_count: int
    reply_depth: int
    api: str = ""
    lead: Markup = Markup("")
    feed: str = ""
    body_html: str = ""  # the story's body as ``rest`` holds it, left out of the row

    def as_row(self, stamp: str) -> dict[str, str | int | None]:
        """The row to store: ``rest`` without the body (the article's row has it), with
        where it goes back (``body_at``; None when it is not found, and ``rest`` keeps it).
        Taken out at any place it occurs and put back there, it gives the same text."""
        at = self.rest.find(self.body_html) if self.body_html else -1
        rest = self.rest if at < 0 else self.rest[:at] + self.rest[at + len(self.body_html) :]
        return {
            "stamp": stamp,
            "head": self.head,
            "top": self.top,
            "rest": rest,
            "body_at": None if at < 0 else at,
            "card": self.card,
            "lead": self.lead,
            "feed": self.feed,
            "thread": self.thread,
            "comment_count": self.comment_count,
            "reply_depth": self.reply_depth,
            "api": self.api,
        }


def whole_rest(rest: str, body_at: int | None, body_html: str) -> Markup:
    """A stored ``rest`` with the article's body put back (``Parts.as_row``)."""
    if body_at is None:
        return Markup(rest)
    return Markup(rest[:body_at] + body_html + rest[body_at:])


def stamp(templates: Renderer, base_url: str, site_settings: SiteSettings) -> str:
    """What the stored parts depend on besides the article, as a short digest."""
    sources = "\0".join(
        templates.source(name) for name in (STORY, CARD, HEAD, THREAD, COMMENT, LIVE, SIGN_IN)
    )
    # The same for every language the site publishes in, the stories in each rendered
    # in theirs: one stamp finds every stale row.
    spoken = site_settings.all_languages
    shown = (
        site_settings.name, site_settings.description, *spoken,
        site_settings.time_zone, site_settings.numerals,
    )  # fmt: skip
    addresses = (base_url.rstrip("/"), templates.media_urls.base)
    # The words of the site's languages are shaped by their catalogues like the code.
    catalogues = [str(found) for found in map(i18n.catalogue, spoken) if found]
    code = (*(m.__file__ or "" for m in SHAPING), *catalogues)
    text = "\0".join((code_digest(code), *addresses, *shown, sources))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@functools.cache
def code_digest(paths: tuple[str, ...]) -> str:
    """A digest of these source files (read once per process)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(Path(path).read_bytes() + b"\0")
    return digest.hexdigest()


def tile_words(
    templates: Renderer, article: Article, site_settings: SiteSettings
) -> tuple[Markup, Markup]:
    """The words of the story's card and of the home page's lead with it (``article``
    loaded as for a card); the lists put the pictures around them (``tiles``)."""
    module = templates.module(CARD, site_settings)
    return Markup(module.card_words(article)), Markup(module.lead_words(article))


def thread(
    templates: Renderer, nodes: list[comment_queries.Node], reply_depth: int,
    site_settings: SiteSettings,
) -> Markup:  # fmt: skip
    """The approved comments (``comment_queries.approved_thread``), with reply links
    below ``reply_depth`` (0: none)."""
    return Markup(templates.module(THREAD, site_settings).thread(nodes, reply_depth))


def for_article(
    templates: Renderer,
    base_url: str,
    site_settings: SiteSettings,
    article: Article,
    comments: comment_queries.Thread = ([], 0),
    *,
    max_depth: int = 0,
    public: bool = True,
    whole: bool = False,
    blog: live_blogs.Blog | None = None,
    entry: live_blogs.Shown | None = None,
) -> Parts:
    """``article`` loaded as ``queries.article_by_slug`` loads it, with its approved
    ``comments``, open for replies down to ``max_depth`` if the article takes comments. A
    preview (``public`` False) has the story only: no ``<head>`` tags of its own, no card.
    A story for members shows what lies behind its wall only when ``whole`` (a member's
    page, a preview): the stored parts never hold it."""
    story = templates.module(STORY, site_settings)
    head = tile = lead = Markup("")
    shown = item = ""
    if public:
        links = formats.Links(base_url.rstrip("/"), templates.media_urls)
        shown = formats.stored(links, article)
        section = article.section
        named = site_settings.section_name(section.id, section.name)[0] if section else ""
        page_meta = meta.article(
            base_url.rstrip("/"), templates.media_urls, article, blog, section_name=named
        )
        if entry is not None:
            page_meta = meta.for_entry(page_meta, article, entry)
        head = Markup(templates.render(HEAD, meta=page_meta, site=site_settings))
        tile, lead = tile_words(templates, article, site_settings)
        item = syndication.article_item(
            base_url, templates.media_urls, article, language=site_settings.language
        ).as_json(article.body_html, base_url)
    nodes, count = comments
    depth = max_depth if article.comments_open else 0
    return Parts(
        head=head,
        top=Markup(story.story_top(article)),
        rest=Markup(story.story_rest(article, blog, whole)),
        card=tile,
        thread=thread(templates, nodes, depth, site_settings),
        comment_count=count,
        reply_depth=depth,
        api=shown,
        lead=lead,
        feed=item,
        body_html=article.body_html,
    )


def refresh(session: Session, templates: Renderer, base_url: str, ids: Iterable[int]) -> None:
    """Render and store the parts of the articles ``ids`` that readers can see (now or
    when their time comes); drop the rows of the others."""
    wanted = sorted(set(ids))
    if not wanted:
        return
    site_settings = site.load(session)
    current = stamp(templates, base_url, site_settings)
    live = [a for a in queries.articles_for_pages(session, wanted) if a.status in LIVE_STATUSES]
    threads = comment_queries.approved_threads(session, [article.id for article in live])
    max_depth = comment_policy.load(session).max_depth
    editions = _editions(session, site_settings, {article.language for article in live})
    rendered = {
        article.id: for_article(
            templates, base_url, editions[article.language], article, threads[article.id],
            max_depth=max_depth, blog=live_blogs.page(session, article),
        ).as_row(current)
        for article in live
    }  # fmt: skip
    pages.store(session, rendered, dropped=[i for i in wanted if i not in rendered])


def _editions(
    session: Session, site_settings: SiteSettings, languages: Iterable[str]
) -> dict[str, SiteSettings]:
    """The site as the pages in each of ``languages`` (as articles keep them) show it."""
    return {
        language: site_settings.in_language(
            language, translations.section_names(session, language) if language else ()
        )
        for language in languages
    }


def refresh_threads(session: Session, templates: Renderer, ids: Iterable[int]) -> None:
    """Render again the stored comments of the articles ``ids`` (those with a stored page)."""
    found = pages.thread_depths(session, ids)
    threads = comment_queries.approved_threads(session, list(found))
    rows = session.execute(select(Article.id, Article.language).where(Article.id.in_(list(found))))
    languages: dict[int, str] = {row.id: row.language for row in rows}
    editions = _editions(session, site.load(session), set(languages.values()))
    pages.store_threads(
        session,
        {
            article_id: {
                "thread": thread(
                    templates, nodes, found[article_id], editions[languages[article_id]]
                ),
                "comment_count": count,
            }
            for article_id, (nodes, count) in threads.items()
        },
    )


def refresh_stale(
    session_factory: Callable[[], Session],
    templates: Renderer,
    base_url: str,
    *,
    batch: int = 200,
    progress: Callable[[int], None] = lambda n: None,
) -> int:
    """Render every live article whose stored parts are missing or out of date, a batch
    per transaction; returns how many were rendered."""
    done, after = 0, 0
    while True:
        with session_factory() as session, session.begin():
            current = stamp(templates, base_url, site.load(session))
            ids = pages.stale(session, current, after=after, limit=batch)
            if not ids:
                return done
            refresh(session, templates, base_url, ids)
        done, after = done + len(ids), ids[-1]
        progress(done)
