"""An article page's fixed parts, rendered once when the article is published or changed
and stored (``content.models.ArticlePage``), so a reader's request reads one row instead
of loading the article, its section, picture, bylines, tags and corrections and running
their templates.

The parts: the ``<head>`` tags (canonical URL, Open Graph, JSON-LD), the story above the
comment count and below it, and the card other articles' "You May Also Like" shows for
it. Each row carries a stamp: a digest of the templates that made it, the site settings
they show (name, description, language), the base URL and the pictures' URL. A row with
another stamp is not served: the page is rendered from the article as before, and
``thepost render`` (run by ``thepost migrate``) renders again every row that is out of
date. Whatever changes an article's parts (publish, edit, unpublish, correction, a
section or tag renamed, a picture described) re-renders its row in the same transaction
(``app.py`` subscribes ``refresh``)::

    refresh(session, templates, base_url, [article_id])
    parts = for_article(templates, base_url, site_settings, article)   # not stored
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from markupsafe import Markup
from sqlalchemy.orm import Session

from thepost.content import pages, queries, site
from thepost.content.models import LIVE_STATUSES, Article
from thepost.content.site import SiteSettings
from thepost.web.site import meta
from thepost.web.templating import Templates

STORY = "site/_story.html"
CARD = "site/_card.html"
HEAD = "site/_meta.html"
# Bump when Python code that shapes the parts changes (meta.py, ``Templates.picture``).
VERSION = 1


@dataclass(frozen=True)
class Parts:
    head: Markup
    top: Markup
    rest: Markup
    card: Markup

    def as_row(self, stamp: str) -> dict[str, str]:
        return {"stamp": stamp, "head": self.head, "top": self.top, "rest": self.rest,
                "card": self.card}  # fmt: skip


def stamp(templates: Templates, base_url: str, site_settings: SiteSettings) -> str:
    """What the stored parts depend on besides the article, as a short digest."""
    sources = "\0".join(templates.source(name) for name in (STORY, CARD, HEAD))
    shown = (site_settings.name, site_settings.description, site_settings.language)
    urls = (base_url.rstrip("/"), templates.media_url)
    text = "\0".join((str(VERSION), *urls, *shown, sources))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def card(templates: Templates, article: Article) -> Markup:
    """The card "You May Also Like" shows (``article`` loaded as for a card)."""
    return Markup(templates.module(CARD).card(article, heading="h3"))


def for_article(
    templates: Templates, base_url: str, site_settings: SiteSettings, article: Article, *,
    public: bool = True,
) -> Parts:  # fmt: skip
    """``article`` loaded as ``queries.article_by_slug`` loads it. A preview (``public``
    False) has the story only: no ``<head>`` tags of its own, no card."""
    story = templates.module(STORY)
    head = tile = Markup("")
    if public:
        page_meta = meta.article(base_url.rstrip("/"), article)
        head = Markup(templates.render(HEAD, meta=page_meta, site=site_settings))
        tile = card(templates, article)
    return Parts(
        head=head,
        top=Markup(story.story_top(article)),
        rest=Markup(story.story_rest(article)),
        card=tile,
    )


def refresh(session: Session, templates: Templates, base_url: str, ids: Iterable[int]) -> None:
    """Render and store the parts of the articles ``ids`` that readers can see (now or
    when their time comes); drop the rows of the others."""
    wanted = sorted(set(ids))
    if not wanted:
        return
    site_settings = site.load(session)
    current = stamp(templates, base_url, site_settings)
    rendered = {
        article.id: for_article(templates, base_url, site_settings, article).as_row(current)
        for article in queries.articles_for_pages(session, wanted)
        if article.status in LIVE_STATUSES
    }
    pages.store(session, rendered, dropped=[i for i in wanted if i not in rendered])


def refresh_stale(
    session_factory: Callable[[], Session], templates: Templates, base_url: str, *,
    batch: int = 200, progress: Callable[[int], None] = lambda n: None,
) -> int:  # fmt: skip
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
