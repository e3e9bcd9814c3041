"""Search behaviour every backend must show, run on SQLite (FTS5) and PostgreSQL (tsvector).

A fixed corpus, queries with the expected order of results, visibility, typo tolerance,
and the results page over HTTP with hostile input.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import update
from starlette.testclient import TestClient

import factories as f
from thepost.content import actions, queries
from thepost.content.models import ArticlePage
from thepost.permissions import SYSTEM
from thepost.search.backends.base import MARK_END, MARK_START, Filters
from thepost.search.query import parse
from thepost.web.site import search as search_views

CORPUS = [
    # key, section, title, standfirst, body, tags, days ago
    ("aleppo-water", "World", "Aleppo water supply restored after weeks of shortages",
     "Engineers repaired the main pumping station serving Aleppo.",
     "Residents queued for water for weeks. The pumping station was repaired by engineers.",
     ["Syria", "Water"], 2),
    ("aleppo-market", "World", "Old market reopens in Aleppo",
     "Traders return to the historic souk.",
     "Shops selling spices and soap opened their shutters for the first time in years.",
     ["Syria"], 30),
    ("council-budget", "Politics", "Council approves budget with cuts to libraries",
     "Councillors voted for the spending plan after a long debate.",
     "The council budget includes cuts to libraries and more money for road repairs.",
     ["Budget", "Council"], 1),
    ("council-housing", "Politics", "Housing plan splits the council",
     "A vote on new homes was delayed.",
     "Members of the council argued about housing density near the river.",
     ["Housing", "Council"], 5),
    ("library-mention", "News", "Volunteers keep a village hall open",
     "The hall hosts a weekly book swap.",
     "One volunteer said the council budget had left the hall without a caretaker.",
     ["Community"], 3),
    ("cafe-review", "Entertainment", "Café Noir serves the best crêpes in town",
     "A review of the new café on the high street.",
     "The café serves crêpes, coffee and cakes. The crêpes are thin and crisp.",
     ["Food"], 4),
    ("football-final", "Sport", "United win the cup final on penalties",
     "A late equaliser forced extra time.",
     "The goalkeeper saved two penalties as United lifted the cup at the national stadium.",
     ["Football"], 6),
    ("running-club", "Sport", "Runners raise money for the hospital",
     "A charity run through the park drew hundreds.",
     "Hundreds ran five kilometres; the fastest runner finished in sixteen minutes.",
     ["Running", "Charity"], 7),
]  # fmt: skip


@pytest.fixture
def corpus(services, clock):
    made = {}
    with services.writes.begin() as session:
        sections = {name: f.section(session, name) for name in {row[1] for row in CORPUS}}
        author = f.author(session, "Layla Haddad")
        for key, section, title, standfirst, body, tags, days in CORPUS:
            made[key] = f.article(
                services,
                session,
                title=title,
                standfirst=standfirst,
                body=body,
                tags=tags,
                section=sections[section],
                authors=[author] if key.startswith("aleppo") else [],
                published=clock.now - timedelta(days=days),
            )
    return {k: a.id for k, a in made.items()}


def ids(services, query, **kw):
    with services.reads() as session:
        found = services.search.search(session, parse(query), now=services.clock(), **kw)
    return found, [h.article_id for h in found.hits]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("aleppo", ["aleppo-water", "aleppo-market"]),  # fresher first when both match the title
        ("council", ["council-budget", "council-housing", "library-mention"]),  # title > body
        ("councils", ["council-budget", "council-housing", "library-mention"]),  # stemming
        ("council budget", ["council-budget", "library-mention"]),  # every word must match
        ('"council budget"', ["council-budget", "library-mention"]),  # the phrase
        ('"budget council"', []),  # words in another order are not the phrase
        ("council -libraries", ["council-housing", "library-mention"]),  # exclusion
        ("cafe", ["cafe-review"]),  # accents folded
        ("crêpes", ["cafe-review"]),
        ("penalt", ["football-final"]),  # prefix for the last word
        ("runner", ["running-club"]),
        ("water syria", ["aleppo-water"]),  # tags are searched
        ("layla haddad", ["aleppo-water", "aleppo-market"]),  # authors are searched
        ("politics housing", ["council-housing"]),  # section names are searched
    ],
)
def test_expected_order(services, corpus, query, expected) -> None:
    found, got = ids(services, query)
    assert got == [corpus[k] for k in expected], query
    assert found.total == len(expected)


def test_snippets_mark_the_matched_words(services, corpus) -> None:
    found, _ = ids(services, "pumping station")
    snippet = found.hits[0].snippet
    assert f"{MARK_START}pumping{MARK_END}" in snippet.lower() or MARK_START in snippet


def test_a_known_last_word_is_not_widened_to_a_prefix(services) -> None:
    with services.writes.begin() as session:
        fire = f.article(services, session, title="Fire at the depot", body="Smoke rose.")
        f.article(services, session, title="Firefighters praised", body="Medals given.")
    # "fire" is a word of the vocabulary: the reader meant it, not "firefighters".
    assert ids(services, "fire")[1] == [fire.id]
    assert ids(services, "firef")[1] == ids(services, "firefighters")[1] != []


def test_typos_are_forgiven(services, corpus) -> None:
    found, got = ids(services, "Alepo")
    assert got and set(got) == {corpus["aleppo-water"], corpus["aleppo-market"]}
    assert found.corrected is not None and found.corrected.text() == "aleppo"


def test_filters_and_sort(services, corpus, clock) -> None:
    with services.reads() as session:
        from thepost.content.queries import lookup_ids

        politics, council_tag, _ = lookup_ids(session, section="politics", tag="council")
    _, got = ids(services, "council", filters=Filters(section_id=politics))
    assert got == [corpus["council-budget"], corpus["council-housing"]]
    _, got = ids(services, "council", filters=Filters(tag_id=council_tag), sort="newest")
    assert got == [corpus["council-budget"], corpus["council-housing"]]
    day = (clock.now - timedelta(days=5)).date()
    _, got = ids(services, "council", filters=Filters(date_from=day, date_to=day))
    assert got == [corpus["council-housing"]]
    _, got = ids(services, "aleppo", sort="newest")
    assert got == [corpus["aleppo-water"], corpus["aleppo-market"]]


def test_pagination_counts_everything(services, corpus) -> None:
    found, got = ids(services, "council", limit=2, offset=0)
    assert found.total == 3 and len(got) == 2
    _, rest = ids(services, "council", limit=2, offset=2)
    assert rest == [corpus["library-mention"]]


def test_only_what_readers_may_see(services, corpus, clock) -> None:
    with services.writes.begin() as session:
        f.article(services, session, title="Zebra draft", publish=False)
        f.article(
            services, session, title="Zebra embargo", published=clock.now + timedelta(hours=1)
        )
        gone = f.article(services, session, title="Zebra withdrawn")
        actions.unpublish_article(session, services.bus, gone.id, actor=SYSTEM, now=clock())
    _, got = ids(services, "zebra")
    assert got == []
    clock.advance(hours=2)  # the embargo lifts with no reindexing
    found, got = ids(services, "zebra")
    assert len(got) == 1 and found.total == 1


def test_edits_are_searchable_at_once(services, corpus) -> None:
    with services.writes.begin() as session:
        actions.save_article(
            session,
            services.bus,
            services.media_urls,
            actions.ArticleInput(title="United win the cup final in a shoot-out", body="Quokka."),
            actor=SYSTEM,
            now=services.clock(),
            article_id=corpus["football-final"],
        )
    assert ids(services, "quokka")[1] == [corpus["football-final"]]
    assert ids(services, "goalkeeper")[1] == []


def test_suggest_headlines(services, corpus) -> None:
    with services.reads() as session:
        got = services.search.suggest(session, parse("aleppo wat"), now=services.clock())
    assert got[:1] == [corpus["aleppo-water"]]


def test_rebuild_gives_the_same_answers(services, corpus) -> None:
    before = {q: ids(services, q)[1] for q in ("council", "aleppo", "cafe", "runner")}
    with services.writes.begin() as session:
        count = services.search.rebuild(session)
    assert count == len(CORPUS)
    assert {q: ids(services, q)[1] for q in before} == before


# -- the results page --------------------------------------------------------------------


def test_results_page(client, corpus) -> None:
    page = client.get("/search", params={"q": "council budget"})
    assert page.status_code == 200
    html = page.text
    assert "2 results" in html
    assert "<mark>" in html
    assert html.find("Council approves budget") < html.find("Volunteers keep a village hall")


def test_results_are_the_stored_cards(client, services, corpus) -> None:
    """A result shows the card stored with its article's page; a card stored with other
    templates is rendered from the article instead."""
    water, market = corpus["aleppo-water"], corpus["aleppo-market"]
    with services.reads() as session:
        stored = {
            row.id: row.card
            for row in queries.stored_cards(session, [water, market], now=services.clock())
        }
    html = client.get("/search", params={"q": "aleppo"}).text
    assert all(card and card in html for card in stored.values())
    assert '<h2 class="visually-hidden">Results</h2>' in html
    with services.writes.begin() as session:
        session.execute(
            update(ArticlePage)
            .where(ArticlePage.article_id == water)
            .values(stamp="older templates", card="<p>An old card</p>")
        )
    html = client.get("/search", params={"q": "aleppo", "sort": "newest"}).text
    assert "An old card" not in html
    assert stored[water] in html and stored[market] in html


def test_did_you_mean_and_empty_state(client, corpus) -> None:
    html = client.get("/search", params={"q": "alepo"}).text
    assert "Showing results for" in html and "Aleppo water supply" in html
    empty = client.get("/search", params={"q": "xylophone"}).text
    assert "No stories matched" in empty and "Latest stories" in empty


def test_filters_on_the_page(client, corpus) -> None:
    html = client.get(
        "/search", params={"q": "council", "section": "politics", "sort": "newest"}
    ).text
    assert "2 results" in html and "Volunteers keep" not in html
    junk = client.get(
        "/search", params={"q": "council", "section": "nope", "from": "2026-99-99", "sort": "x"}
    )
    assert junk.status_code == 200 and "3 results" in junk.text


def test_suggest_json(client, corpus) -> None:
    data = client.get("/search/suggest", params={"q": "aleppo wat"}).json()
    assert data["results"][0] == {
        "title": "Aleppo water supply restored after weeks of shortages",
        "url": "/world/aleppo-water-supply-restored-after-weeks-of-shortages",
    }
    assert client.get("/search/suggest", params={"q": ""}).json() == {"results": []}


HOSTILE = [
    "",
    " ",
    "NEAR(",
    "*",
    "^",
    '"',
    ":",
    "AND OR NOT",
    'council NEAR(a b) "unbalanced',
    "title:council",
    "'; DROP TABLE articles; --",
    "1' OR '1'='1",
    "\x00\x01\x1f",
    "\u202e\u200b",
    "a" * 10_000,
    ("council " * 1500),
    ('"' * 5000),
    ("-" * 3000),
    "🙂" * 3000,
    "%",
    "\\",
]


@pytest.mark.parametrize("q", HOSTILE, ids=lambda q: repr(q[:20]))
def test_hostile_queries_get_a_page(client, corpus, q) -> None:
    expected = 400 if "\x00" in q else 200  # no URL of the site holds a NUL: refused first
    page = client.get("/search", params={"q": q})
    assert page.status_code == expected
    assert client.get("/search/suggest", params={"q": q}).status_code == expected


def test_invalid_utf8_and_escaping(client, corpus) -> None:
    assert client.get("/search?q=%ff%fe%fd").status_code == 200
    html = client.get("/search", params={"q": '<script>alert("x")</script>'}).text
    assert '<script>alert("x")</script>' not in html and "&lt;script&gt;" in html


def test_page_numbers(client, corpus) -> None:
    assert client.get("/search", params={"q": "council", "page": "2"}).status_code == 404
    assert client.get("/search", params={"q": "council", "page": "abc"}).status_code == 200


def test_dates_in_filters_are_plain_dates() -> None:
    assert date.fromisoformat("2026-11-20")  # the format the filter form sends
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", "2026-11-20")


def test_searches_are_metered_per_client(client, corpus) -> None:
    for n in range(search_views.PER_MINUTE["search"]):
        assert client.get("/search", params={"q": f"council {n}"}).status_code == 200
    refused = client.get("/search", params={"q": "council again"})
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "60"
    assert 'name="q"' in refused.text  # the search box is still there
    other = TestClient(client.app, client=("192.0.2.7", 5000))
    assert other.get("/search", params={"q": "council again"}).status_code == 200


def test_suggestions_are_metered_per_client(client, corpus) -> None:
    for n in range(search_views.PER_MINUTE["search-suggest"]):
        assert client.get("/search/suggest", params={"q": f"co{n}"}).status_code == 200
    refused = client.get("/search/suggest", params={"q": "council"})
    assert refused.status_code == 429 and refused.json() == {"results": []}
