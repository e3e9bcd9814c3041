"""'You May Also Like': computed on publish, stored, read with the page."""

from datetime import timedelta

import pytest
from sqlalchemy import select

import factories as f
from thepost import events
from thepost.content import actions, queries, related
from thepost.content.models import RelatedArticle
from thepost.permissions import SYSTEM

TOPICS = {
    "water": (
        "Reservoir levels fall as drought grips the valley",
        "Engineers warn the reservoir and the river are running dry. Farmers ration water for "
        "irrigation while the utility plans a pipeline and a desalination plant for the drought.",
        ["Drought", "Water"],
    ),
    "football": (
        "United reach the cup final after a late winner",
        "The striker scored in stoppage time as United beat City in the semi-final. The manager "
        "praised the defence and the goalkeeper before the cup final at the national stadium.",
        ["Football"],
    ),
    "chips": (
        "Chip maker opens a new semiconductor factory",
        "The semiconductor plant will make processors for phones and laptops. The chip maker "
        "said wafer output will double and the factory will hire engineers next year.",
        ["Semiconductors"],
    ),
}


def _corpus(services, session, sections=("News", "Sport", "Technology")):
    news, sport, tech = (f.section(session, n) for n in sections)
    home = {"water": news, "football": sport, "chips": tech}
    made = {}
    for round_ in range(4):
        for topic, (title, body, tags) in TOPICS.items():
            # Spread each topic over sections too, so "same section" alone cannot win.
            section = [news, sport, tech][(round_ + list(TOPICS).index(topic)) % 3]
            made.setdefault(topic, []).append(
                f.article(
                    services,
                    session,
                    title=f"{title} ({round_})",
                    body=body * 3,
                    tags=tags,
                    section=section if round_ else home[topic],
                    published=services.clock() - timedelta(days=round_ * 3 + 1),
                )
            )
    return made


def test_an_article_gets_related_articles_on_its_topic(services) -> None:
    with services.writes.begin() as session:
        made = _corpus(services, session)
    with services.writes() as session:
        for topic, articles in made.items():
            target = articles[0]
            shown = queries.related_cards(session, target.id, None, now=services.clock())
            assert len(shown) == 4
            ids = [a.id for a in shown]
            assert target.id not in ids
            assert len(set(ids)) == len(ids)
            same_topic = {a.id for a in articles}
            assert sum(i in same_topic for i in ids) == 3, topic  # all three siblings first
            assert ids[:3] == [i for i in ids if i in same_topic]


def test_the_topic_wins_without_tags_through_text_similarity(services) -> None:
    with services.writes.begin() as session:
        section = f.section(session, "News")
        others = [
            f.article(
                services,
                session,
                section=section,
                title=f"Unrelated market note {i}",
                body="Shares rose and bonds fell as traders weighed interest rates. " * 20,
            )
            for i in range(5)
        ]
        twin = f.article(
            services,
            session,
            section=section,
            title="Drought empties the reservoir",
            body=TOPICS["water"][1] * 3,
            published=services.clock() - timedelta(days=20),
        )
        target = f.article(
            services,
            session,
            section=section,
            title="Valley rations water in drought",
            body=TOPICS["water"][1] * 3,
        )
    with services.writes() as session:
        ids = [a.id for a in queries.related_cards(session, target.id, None, now=services.clock())]
    assert ids[0] == twin.id
    assert set(ids[1:]) <= {a.id for a in others}


def test_unpublished_articles_leave_every_list(services) -> None:
    with services.writes.begin() as session:
        made = _corpus(services, session)
    gone = made["water"][1]
    with services.writes.begin() as session:
        actions.unpublish_article(
            session, services.bus, gone.id, actor=SYSTEM, now=services.clock()
        )
    with services.writes() as session:
        stored = session.scalars(
            select(RelatedArticle).where(RelatedArticle.related_id == gone.id)
        ).all()
        assert stored == []
        for article in made["water"]:
            shown = queries.related_cards(session, article.id, None, now=services.clock())
            assert gone.id not in [a.id for a in shown]


def test_drafts_never_and_scheduled_stories_only_once_due(services, clock) -> None:
    with services.writes.begin() as session:
        made = _corpus(services, session)
        kwargs = {
            "title": TOPICS["water"][0],
            "body": TOPICS["water"][1] * 3,
            "tags": ["Water", "Drought"],
        }
        draft = f.article(services, session, publish=False, **kwargs)
        future = f.article(services, session, published=clock.now + timedelta(hours=2), **kwargs)
    target = made["water"][0].id
    with services.writes() as session:
        assert draft.id not in related.compute(session, target, now=clock(), count=50)
        shown = [a.id for a in queries.related_cards(session, target, None, now=clock())]
    assert future.id not in shown and len(shown) == 4
    clock.advance(hours=3)  # nothing is written when it falls due
    with services.writes() as session:
        shown = [a.id for a in queries.related_cards(session, target, None, now=clock())]
    assert future.id in shown and len(shown) == 4


def test_short_lists_are_filled_from_the_same_section(services) -> None:
    with services.writes.begin() as session:
        section = f.section(session, "News")
        target = f.article(services, session, section=section)
        # Stored before its neighbours existed: nothing related yet.
        session.execute(RelatedArticle.__table__.delete())
        neighbour = f.article(services, session, section=section)
    with services.writes() as session:
        found = session.get(type(target), target.id)
        filled = queries.related_cards(session, found.id, found.section_id, now=services.clock())
    assert neighbour.id in [a.id for a in filled]
    assert target.id not in [a.id for a in filled]


def _stored(session, article_id: int) -> list[int]:
    return list(
        session.scalars(
            select(RelatedArticle.related_id)
            .where(RelatedArticle.article_id == article_id)
            .order_by(RelatedArticle.position)
        )
    )


def test_many_at_once_give_the_lists_one_at_a_time_would(services) -> None:
    """An import's bulk refresh (a few queries for hundreds of articles, each newcomer
    offered to its neighbours' lists) stores what scoring each article alone stores."""
    with services.writes.begin() as session:
        first = _corpus(services, session)  # one by one, lists kept up as they went
    with services.writes.begin() as session, services.bus.batch(session):
        second = _corpus(services, session, ("World", "Football", "Science"))
    with services.writes() as session:
        now = services.clock()
        everyone = [a.id for articles in (*first.values(), *second.values()) for a in articles]
        for article_id in everyone:
            expected = related.compute(session, article_id, now=now, count=4 + related.SPARE)
            assert _stored(session, article_id) == expected, article_id


@pytest.mark.parametrize("where", ["here", "elsewhere"])
def test_lists_held_over_many_transactions_are_the_ones_each_alone_would_get(
    services, monkeypatch, where
) -> None:
    """An import holds its chunks' after-commit reactions (``EventBus.held``); the lists
    are then scored in parts (``PART``), each leaving alone the lists the next scores:
    here, or in a process of their own while the writing goes on (a large import's).
    Every list ends as scoring each article alone stores it."""
    monkeypatch.setattr(events, "HELD", 7)  # some reactions run in the block, some at its end
    monkeypatch.setattr(related, "PART", 4)
    with services.writes.begin() as session:
        sections = [f.section(session, name) for name in ("News", "Sport", "Technology")]
    made = []
    elsewhere = services.reactions_elsewhere() if where == "elsewhere" else None
    with services.bus.held(elsewhere):
        for round_ in range(5):
            with services.writes.begin() as session, services.bus.batch(session):
                for n, (title, body, tags) in enumerate(TOPICS.values()):
                    made.append(
                        f.article(
                            services, session, title=f"{title} ({round_})", body=body,
                            tags=tags, section=session.merge(sections[(round_ + n) % 3]),
                            published=services.clock() - timedelta(days=round_ * 2 + n),
                        ).id
                    )  # fmt: skip
            if round_ == 1 and elsewhere is None:
                with services.writes() as session:  # six events held, none run yet
                    assert related.unlisted(session) == sorted(made)
    if elsewhere is not None:
        elsewhere.close()
    with services.writes() as session:
        assert related.unlisted(session) == []
        for article_id in made:
            expected = related.compute(session, article_id, now=services.clock(), count=6)
            assert _stored(session, article_id) == expected, article_id


def test_a_tags_newest_found_among_the_newest_articles_are_the_same(services, monkeypatch) -> None:
    """The bulk refresh looks for a tag's newest among the newest live articles first,
    then among more, then among all: with windows and pools small enough that each
    step is taken, each article's candidates are still the ones it has alone, ranked
    the same."""
    monkeypatch.setattr(related, "POOL", 3)
    monkeypatch.setattr(related, "RECENT", (2, 5))
    made = []
    with services.writes.begin() as session, services.bus.batch(session):
        sections = [f.section(session, n) for n in ("News", "Sport")]
        for i in range(14):
            title, body, tags = list(TOPICS.values())[i % 3]
            made.append(
                f.article(
                    services, session, title=f"{title} ({i})", body=body,
                    tags=[*tags, "Rare"] if i in (0, 13) else tags, section=sections[i % 2],
                    published=services.clock() - timedelta(hours=i * 7),  # never two alike
                )
            )  # fmt: skip
    with services.writes() as session:
        now = services.clock()
        pools = related._pools(session, [a.id for a in made], now=now)
        for article in made:
            alone = related.compute(session, article.id, now=now, count=100)
            assert [other for _score, other in pools[article.id]] == alone
