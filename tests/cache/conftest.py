"""The story most page-cache tests read, in a section with one other article."""

from __future__ import annotations

import pytest

import factories as f


@pytest.fixture
def story(services):
    with services.writes.begin() as session:
        news = f.section(session, "News")
        story = f.article(services, session, title="The bridge reopens", section=news)
        f.article(services, session, title="Ferry fares rise", section=news)
        return story
