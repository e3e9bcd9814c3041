"""Article bodies as stored: rendered once, when an article is saved, never per request.

A Markdown body goes through ``text.render_body``: each paragraph that is a lone
``![alt](image:ID "caption")`` becomes a figure of picture ``ID``, its renditions linked at
their public address (``MediaUrls``) and the picture's caption, credit and alt text
written in (the reference's own alt and caption, when given, win). An HTML body (an
imported one) is sanitised as it is, except that each ``<img src="image:ID" alt="..."
title="caption">`` in it becomes the same figure, and each imported embed a facade
(``content.embeds``)::

    <p>Before.</p><img src="image:12" alt="A harbour" title="Dawn"><p>After.</p>

Which pictures a body shows as figures is kept (``ArticleFigure``), so that when a
picture is described anew the bodies showing it are rendered again with its new words::

    body = render(session, media_urls, source, "markdown")
    body.html, body.figures                          # the HTML; the ids of the pictures shown
    keep_figures(session, article_id, body.figures)  # with the save
    render_again(session, media_urls, image_id)      # -> ids of the articles rendered again
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape, unescape

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from thepost.content import access, embeds, text
from thepost.content.models import Article, ArticleFigure, Image
from thepost.media import html as media_html
from thepost.media.urls import MediaUrls

_IMAGE_REF = re.compile(r"\]\(image:(\d+)")  # a figure's picture in a body's source
_HTML_REF = re.compile(r"""<img\s+src="image:(\d+)"([^<>]*)>""")  # ... in an HTML body
_ATTRIBUTE = re.compile(r'\s(alt|title)="([^"]*)"')
FIGURE_SIZES = "(min-width: 60rem) 42rem, 100vw"


@dataclass(frozen=True)
class Body:
    html: str
    figures: frozenset[int]  # the pictures shown as figures


def figure_html(media_urls: MediaUrls, image: Image, alt: str, caption: str) -> str:
    """An inline figure as stored in an article body."""
    pic = media_html.picture(
        media_urls.url,
        image.sha256,
        image.renditions,
        image.width,
        image.height,
        alt or image.alt,
        sizes=FIGURE_SIZES,
    )
    caption = caption or image.caption
    parts = [escape(caption)] if caption else []
    if image.credit:
        parts.append(f'<span class="credit">{escape(image.credit)}</span>')
    figcaption = f"<figcaption>{' '.join(parts)}</figcaption>" if parts else ""
    return f'<figure class="inline">{pic}{figcaption}</figure>'


def render(session: Session, media_urls: MediaUrls, source: str, body_format: str) -> Body:
    pattern = _HTML_REF if body_format == "html" else _IMAGE_REF
    ids = {int(m.group(1)) for m in pattern.finditer(source)} if "image:" in source else set()
    images = (
        {i.id: i for i in session.scalars(select(Image).where(Image.id.in_(ids)))} if ids else {}
    )
    shown: set[int] = set()

    def figure(image_id: int, alt: str, caption: str) -> str | None:
        image = images.get(image_id)
        if image is None:
            return None
        shown.add(image_id)
        return figure_html(media_urls, image, alt, caption)

    if body_format == "html":
        return Body(_render_html(source, figure), frozenset(shown))
    return Body(text.render_body(source, figure), frozenset(shown))


def _render_html(source: str, figure: text.FigureRenderer) -> str:
    """An HTML body with its picture references made figures, then sanitised whole (the
    figures are ours and pass the allowlist as they are)."""

    def replace(match: re.Match[str]) -> str:
        words = {name: unescape(value) for name, value in _ATTRIBUTE.findall(match.group(2))}
        made = figure(int(match.group(1)), words.get("alt", ""), words.get("title", ""))
        return made or ""

    return text.sanitise(embeds.facades(_HTML_REF.sub(replace, source)))


def keep_figures(session: Session, article_id: int, figures: Iterable[int]) -> None:
    """Record that ``article_id``'s body shows ``figures`` (and no other picture)."""
    wanted = set(figures)
    kept = set(
        session.scalars(
            select(ArticleFigure.image_id).where(ArticleFigure.article_id == article_id)
        )
    )
    if kept - wanted:
        session.execute(
            delete(ArticleFigure).where(
                ArticleFigure.article_id == article_id,
                ArticleFigure.image_id.in_(kept - wanted),
            )
        )
    if wanted - kept:
        rows = [{"article_id": article_id, "image_id": i} for i in sorted(wanted - kept)]
        session.execute(insert(ArticleFigure), rows)


def add_figures(session: Session, figures: Mapping[int, Iterable[int]]) -> None:
    """Record the figures of articles that have none recorded yet (new ones), by
    article id, in one statement."""
    rows = [{"article_id": a, "image_id": i} for a, shown in figures.items() for i in sorted(shown)]
    if rows:
        session.execute(insert(ArticleFigure), rows)


def showing(session: Session, image_id: int) -> list[int]:
    """Articles (of any status) whose body shows ``image_id`` as a figure."""
    return list(
        session.scalars(
            select(ArticleFigure.article_id)
            .where(ArticleFigure.image_id == image_id)
            .order_by(ArticleFigure.article_id)
        )
    )


def render_again(session: Session, media_urls: MediaUrls, image_id: int) -> list[int]:
    """Render again the bodies that show ``image_id`` (its words changed) and return their
    articles' ids. Only the HTML changes: figures are left out of a body's text, so its
    excerpt, word count, keywords and search entry stay as they are."""
    ids = showing(session, image_id)
    if ids:
        for article in session.scalars(select(Article).where(Article.id.in_(ids))):
            body = render(session, media_urls, article.body_source, article.body_format)
            access.set_body(article, body.html)
        session.flush()
    return ids
