"""Live blog fixtures: a published story in the News section, made live by its author."""

from __future__ import annotations

from typing import Any

import pytest

import factories as f
from admin.conftest import Staff, staff  # noqa: F401  (a fixture)
from thepost.content import live
from thepost.content.models import Article
from thepost.services import Services


@pytest.fixture
def blog(services: Services, staff: Staff) -> Article:  # noqa: F811  (the fixture)
    """ "Offensive on Aleppo", a live blog whose byline is the author account's."""
    with services.writes.begin() as session:
        news = f.section(session, "News")
        byline = f.author(session, "Rania Haddad", user_id=staff.author.id)
        story = f.article(
            services, session, title="Offensive on Aleppo", section=news, authors=[byline]
        )
        live.start(session, services.bus, story.id, actor=staff.author, now=services.clock())
        return story


def post(services: Services, blog: Article, actor: Any, body: str, **kw: Any) -> int:
    """Post an entry (the clock moved on a second first, so each has its own time)."""
    services.clock.advance(seconds=1)  # type: ignore[attr-defined]
    with services.writes.begin() as session:
        entry = live.write_entry(
            session, services.bus, services.media_urls, blog.id,
            live.EntryInput(body=body, headline=kw.pop("headline", "")),
            actor=actor, now=services.clock(), post=kw.pop("post", True), **kw,
        )  # fmt: skip
        return entry.id
