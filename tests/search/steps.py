"""Steps the per-backend search tests share: publish, edit, search, read the vocabulary."""

from __future__ import annotations

from sqlalchemy import select

import factories as f
from thepost.content import actions
from thepost.permissions import SYSTEM
from thepost.search.models import SearchTerm
from thepost.search.query import Parsed, parse


def run(services, query, **kw):
    parsed = query if isinstance(query, Parsed) else parse(query)
    with services.reads() as session:
        return services.search.search(session, parsed, now=services.clock(), **kw)


def found(services, query, **kw) -> list[int]:
    return [h.article_id for h in run(services, query, **kw).hits]


def publish(services, **kw):
    with services.writes.begin() as session:
        return f.article(services, session, **kw)


def edit(services, article, **kw):
    data = {
        "title": article.title,
        "body": article.body_source,
        "standfirst": article.standfirst,
        **kw,
    }
    with services.writes.begin() as session:
        return actions.save_article(
            session,
            services.bus,
            services.media_urls,
            actions.ArticleInput(**data),
            actor=SYSTEM,
            now=services.clock(),
            article_id=article.id,
        )


def vocabulary(services) -> dict[str, int]:
    with services.reads() as session:
        return {t: n for t, n in session.execute(select(SearchTerm.term, SearchTerm.documents))}
