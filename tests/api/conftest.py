"""API fixtures: a small newsroom's content, and tokens of every role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

import factories
from admin.conftest import Staff, staff  # noqa: F401  (a fixture)
from thepost.accounts import tokens
from thepost.accounts.models import User
from thepost.content.models import Article, Author, Section
from thepost.permissions import SYSTEM
from thepost.services import Services


def make_token(services: Services, user: User, *scopes: str, kind: str = tokens.ADMIN) -> str:
    with services.writes.begin() as session:
        _, secret = tokens.create(
            session, actor=user, name=f"{user.role} {kind} {len(scopes)} scopes", scopes=list(scopes),
            kind=kind, now=services.clock(),
        )  # fmt: skip
    return secret


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


@dataclass
class Newsroom:
    news: Section
    sport: Section
    reporter: Author
    stories: list[Article]  # live, newest first
    draft: Article
    scheduled: Article


@pytest.fixture
def newsroom(services: Services, clock) -> Newsroom:
    now = services.clock()
    with services.writes.begin() as session:
        news = factories.section(session, "News")
        sport = factories.section(session, "Sport")
        reporter = factories.author(session, "Rana Haddad", job_title="Correspondent")
        stories = [
            factories.article(
                services,
                session,
                title=f"Story {n}",
                section=news if n % 2 else sport,
                authors=[reporter],
                tags=["Aleppo"] if n % 3 == 0 else ["Weather"],
                published=now - timedelta(hours=n),
            )  # fmt: skip
            for n in range(1, 8)
        ]
        draft = factories.article(services, session, title="A draft", publish=False)
        scheduled = factories.article(
            services, session, title="Tomorrow's story", published=now + timedelta(days=1)
        )
        session.expunge_all()
    assert SYSTEM
    return Newsroom(news, sport, reporter, stories, draft, scheduled)
