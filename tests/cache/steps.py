"""Steps the page cache tests share."""

from __future__ import annotations

from thepost.content import actions
from thepost.permissions import SYSTEM


def rewrite(services, story, body: str) -> None:
    """Give a published story a new body, as an editor's save would."""
    with services.writes.begin() as session:
        actions.save_article(
            session,
            services.bus,
            services.media_urls,
            actions.ArticleInput(title=story.title, body=body, section_id=story.section_id),
            actor=SYSTEM,
            now=services.clock(),
            article_id=story.id,
        )
