"""The PostgreSQL backend on its own: tsvector weights, tsquery compilation, the vocabulary
kept exact through every kind of change, typo tolerance, and hostile input.

Runs on the PostgreSQL parameter only (the cross-backend behaviour is in test_search.py).
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta

import pytest
from alembic import command
from sqlalchemy import select, text

import factories as f
from search.steps import edit, found, publish, run, vocabulary
from thepost.content import actions, live
from thepost.content.models import LIVE_STATUSES, Article
from thepost.db.migrate import alembic_config, upgrade
from thepost.permissions import SYSTEM
from thepost.search import documents
from thepost.search.backends.base import MARK_END, MARK_START, Filters
from thepost.search.backends.postgres import PostgresSearch, reading, writing
from thepost.search.backends.postgres import vocabulary as pg_vocabulary
from thepost.search.query import Parsed, parse


@pytest.fixture(params=["postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    """Overrides conftest's: this file tests the tsvector backend alone."""
    return str(request.param)


@pytest.fixture
def search(services) -> PostgresSearch:
    assert isinstance(services.search, PostgresSearch)
    return services.search


def recounted(services) -> dict[str, int]:
    """What the vocabulary should hold: counted afresh from every indexed article."""
    with services.reads() as session:
        ids = list(session.scalars(select(Article.id).where(Article.status.in_(LIVE_STATUSES))))
        return dict(documents.vocabulary_counts(documents.load(session, ids)))


def index_rows(services) -> list[tuple]:
    with services.reads() as session:
        return session.execute(
            text(
                "SELECT article_id, document::text, body FROM search_documents ORDER BY article_id"
            )
        ).all()


# -- matching ------------------------------------------------------------------------------


def test_stemming_matches_other_forms(services) -> None:
    a = publish(services, title="Councils cut library hours", body="Libraries close early.")
    b = publish(services, title="A council meeting", body="The councillor was running late.")
    assert sorted(found(services, "council ")) == sorted([a.id, b.id])
    assert found(services, "library ") == [a.id]  # library = libraries
    assert found(services, "runs ") == [b.id]  # runs = running


def test_accents_fold_both_ways(services) -> None:
    a = publish(services, title="Café society", body="Crêpes and naïve art.")
    b = publish(services, title="Cafe prices rise", body="Plain text, no accents.")
    assert sorted(found(services, "cafe ")) == sorted([a.id, b.id])
    assert sorted(found(services, "café ")) == sorted([a.id, b.id])
    assert found(services, "naive crepes") == [a.id]


def test_phrase_needs_the_words_together(services) -> None:
    together = publish(services, title="Water supply restored", body="Pumps work again.")
    apart = publish(services, title="Supply of clean water", body="Bottled water arrives.")
    assert sorted(found(services, "water supply ")) == sorted([together.id, apart.id])
    assert found(services, '"water supply"') == [together.id]
    assert found(services, '"supply water"') == []


def test_phrases_do_not_run_across_fields_or_tags(services) -> None:
    a = publish(
        services,
        title="Harbour reopens",
        standfirst="Boats return",
        body="Fishing resumes.",
        tags=["Budget", "Council"],
    )
    assert found(services, '"budget council"') == []
    assert found(services, '"reopens boats"') == []
    assert found(services, '"harbour reopens"') == [a.id]
    assert found(services, "budget council") == [a.id]


def test_exclusion(services) -> None:
    a = publish(services, title="Council budget approved", body="Roads get money.")
    b = publish(services, title="Council housing vote", body="Homes near the river.")
    assert found(services, "council -budget") == [b.id]
    assert found(services, "council -roads") == [b.id]
    assert sorted(found(services, "council -nothinglikethis")) == sorted([a.id, b.id])


def test_nothing_positive_finds_nothing(services) -> None:
    publish(services, title="Council budget approved", body="The roads get money.")
    for query in ("-council", "-the", "-a -an"):
        result = run(services, query)
        assert result.hits == [] and result.total == 0, query
    with services.reads() as session:
        assert services.search.suggest(session, parse("-x"), now=services.clock()) == []


def test_english_stop_words_are_words(services) -> None:
    """English keeps every word, as on SQLite: a query of stop words alone finds what it
    says, and a phrase holds its stop words."""
    story = publish(services, title="The Who play the Isle of Wight", body="A reunion.")
    other = publish(services, title="Who won the vote", body="Counting goes on.")
    assert sorted(found(services, "the who")) == sorted([story.id, other.id])
    assert found(services, '"the who"') == [story.id]
    assert found(services, '"isle of wight"') == [story.id]
    assert found(services, '"isle wight"') == []
    assert found(services, "the -football") != []
    assert found(services, "a an the -of") == []  # "a" and "an" are in neither


def test_prefix_of_the_last_word(services) -> None:
    a = publish(services, title="Penalties decide the final", body="Extra time.")
    b = publish(services, title="The university expands", body="New halls.")
    assert found(services, "penalt") == [a.id]
    assert found(services, "penalt ") == []  # a finished word is not a prefix
    # The stem ("univers") is shorter than what was typed: the vocabulary bridges it.
    for typed in ("univ", "universit", "university"):
        assert found(services, typed) == [b.id], typed


def test_title_beats_body(services, clock) -> None:
    body_only = publish(
        services,
        title="Weekly round-up",
        body="Aleppo. Aleppo again, and Aleppo once more.",
        published=clock.now - timedelta(minutes=5),
    )
    headline = publish(
        services,
        title="Aleppo rebuilds",
        body="Work began in spring.",
        published=clock.now - timedelta(days=20),
    )
    standfirst = publish(
        services,
        title="Reconstruction",
        standfirst="The Aleppo market reopens.",
        body="Traders are back.",
        published=clock.now - timedelta(days=20),
    )
    assert found(services, "aleppo ") == [headline.id, standfirst.id, body_only.id]


def test_fresher_wins_a_tie(services, clock) -> None:
    old = publish(services, title="Flood warning", published=clock.now - timedelta(days=40))
    new = publish(services, title="Flood warning", published=clock.now - timedelta(days=2))
    mid = publish(services, title="Flood warning", published=clock.now - timedelta(days=10))
    hits = run(services, "flood").hits
    assert [h.article_id for h in hits] == [new.id, mid.id, old.id]
    assert hits[0].score > hits[1].score > hits[2].score > 0


def test_filters(services, clock) -> None:
    with services.writes.begin() as session:
        world, sport = f.section(session, "World"), f.section(session, "Sport")
        layla = f.author(session, "Layla Haddad")
        a = f.article(
            services,
            session,
            title="Storm hits the coast",
            section=world,
            tags=["Weather"],
            authors=[layla],
            published=clock.now - timedelta(days=3),
        )
        b = f.article(
            services,
            session,
            title="Storm stops the match",
            section=sport,
            tags=["Football", "Weather"],
            published=clock.now - timedelta(days=1),
        )
        weather, football = (t.id for t in actions.tags_by_name(session, ["Weather", "Football"]))
    assert found(services, "storm", filters=Filters(section_id=world.id)) == [a.id]
    assert found(services, "storm", filters=Filters(tag_id=football)) == [b.id]
    assert found(services, "storm", filters=Filters(tag_id=weather)) == [b.id, a.id]
    assert found(services, "storm", filters=Filters(author_id=layla.id)) == [a.id]
    day_a = (clock.now - timedelta(days=3)).date()
    day_b = (clock.now - timedelta(days=1)).date()
    assert found(services, "storm", filters=Filters(date_from=day_a, date_to=day_a)) == [a.id]
    assert found(services, "storm", filters=Filters(date_from=day_b)) == [b.id]
    assert found(services, "storm", filters=Filters(date_to=day_a)) == [a.id]
    assert found(services, "storm", filters=Filters(date_from=day_b, date_to=day_a)) == []
    both = Filters(section_id=sport.id, tag_id=weather, date_from=day_a, date_to=day_b)
    result = run(services, "storm", filters=both)
    assert [h.article_id for h in result.hits] == [b.id] and result.total == 1


def test_relevance_ranks_the_most_recent_matches(services, clock, monkeypatch) -> None:
    """Past ``RANK_WINDOW`` matches, only the most recent are ranked (a page further on
    widens the window)."""
    old = publish(services, title="Lighthouse", published=clock.now - timedelta(days=300))
    newer = [
        publish(
            services,
            title=f"Coast report {n}",
            body="The lighthouse keeper waved.",
            published=clock.now - timedelta(days=n),
        )
        for n in (1, 2)
    ]
    assert found(services, "lighthouse") == [old.id, newer[0].id, newer[1].id]
    monkeypatch.setattr(reading, "RANK_WINDOW", 2)
    result = run(services, "lighthouse", limit=2)
    assert [h.article_id for h in result.hits] == [newer[0].id, newer[1].id]
    assert result.total == 3
    assert found(services, "lighthouse", limit=3) == [old.id, newer[0].id, newer[1].id]


def test_sort_newest(services, clock) -> None:
    headline = publish(
        services, title="Bridge closes", published=clock.now - timedelta(days=9)
    )  # the better match, but older
    mention = publish(
        services,
        title="Traffic report",
        body="The bridge was busy.",
        published=clock.now - timedelta(days=1),
    )
    assert found(services, "bridge") == [headline.id, mention.id]
    result = run(services, "bridge", sort="newest")
    assert [h.article_id for h in result.hits] == [mention.id, headline.id]
    assert all(h.score > 0 for h in result.hits)


def test_pagination_and_capped_total(services, clock, monkeypatch) -> None:
    made = [
        publish(services, title=f"Harbour news {n}", published=clock.now - timedelta(days=n))
        for n in range(1, 6)
    ]
    newest_first = [a.id for a in made]
    assert found(services, "harbour", limit=2) == newest_first[:2]
    assert found(services, "harbour", limit=2, offset=2) == newest_first[2:4]
    last = run(services, "harbour", limit=2, offset=4)
    assert [h.article_id for h in last.hits] == newest_first[4:] and last.total == 5
    assert run(services, "harbour", limit=2, offset=10).total == 5
    assert run(services, "harbour", limit=0).total == 5
    monkeypatch.setattr(reading, "COUNT_CAP", 3)
    capped = run(services, "harbour", limit=2)
    assert capped.total == 3 and capped.extra == {"total_capped": True}


def test_snippets_mark_matches(services) -> None:
    a = publish(
        services,
        title="Pumping station repaired",
        standfirst="Engineers worked for a week.",
        body="Residents queued for water. " * 20 + "The pumping station was repaired. " * 2,
    )
    hit = run(services, "pumping station").hits[0]
    assert hit.article_id == a.id
    assert f"{MARK_START}pumping{MARK_END}" in hit.snippet.lower()
    assert f"{MARK_START}station{MARK_END}" in hit.snippet.lower()
    assert len(hit.snippet.split()) <= 30
    # Only the standfirst matches: the snippet comes from there.
    hit = run(services, "engineers").hits[0]
    assert hit.snippet.startswith(f"{MARK_START}Engineers{MARK_END} worked for a week")


def test_snippets_find_matches_deep_in_the_body(services) -> None:
    filler = "Nothing much happened on the high street that day. " * 120  # 6,000 characters
    a = publish(services, title="A long day", body=filler + "Then the quokka arrived.")
    hit = run(services, "quokka").hits[0]
    assert hit.article_id == a.id and f"{MARK_START}quokka{MARK_END}" in hit.snippet


def test_snippet_of_a_headline_only_match(services) -> None:
    publish(services, title="Zebra crossing", standfirst="A new crossing.", body="Paint dries.")
    hit = run(services, "zebra").hits[0]
    assert hit.snippet == "A new crossing."


# -- what is indexed, and when -------------------------------------------------------------


def test_vocabulary_counts_stay_exact(services, clock) -> None:
    a = publish(services, title="Aleppo water supply", tags=["Syria"])
    b = publish(services, title="Aleppo market reopens", tags=["Syria", "Markets"])
    assert vocabulary(services) == recounted(services)
    assert vocabulary(services)["aleppo"] == 2 and vocabulary(services)["syria"] == 2

    edit(services, a, title="Damascus water supply", tags=["Syria", "Water"])
    counts = vocabulary(services)
    assert counts == recounted(services)
    assert counts["aleppo"] == 1 and counts["damascus"] == 1 and counts["water"] == 1

    with services.writes.begin() as session:
        actions.unpublish_article(session, services.bus, b.id, actor=SYSTEM, now=clock())
    counts = vocabulary(services)
    assert counts == recounted(services)
    assert "aleppo" not in counts and "markets" not in counts and counts["syria"] == 1

    with services.writes.begin() as session:
        actions.publish_article(session, services.bus, b.id, actor=SYSTEM, now=clock())
    assert vocabulary(services) == recounted(services)
    assert vocabulary(services)["aleppo"] == 1

    # A draft (never indexed) and a scheduled story (indexed, not yet visible).
    publish(services, title="Draft about Aleppo", publish=False)
    publish(services, title="Embargoed Aleppo story", published=clock.now + timedelta(days=1))
    assert vocabulary(services) == recounted(services)
    assert vocabulary(services)["aleppo"] == 2

    # Reindexing what did not change changes nothing.
    before = vocabulary(services)
    with services.writes.begin() as session:
        services.search.index(session, [a.id, b.id, a.id, 10**9])
    assert vocabulary(services) == before


def test_body_words_are_not_vocabulary(services) -> None:
    publish(services, title="Short title", standfirst="", body="Xylophones everywhere.")
    counts = vocabulary(services)
    assert "xylophones" not in counts and counts["short"] == 1


def test_only_visible_articles_are_found(services, clock) -> None:
    publish(services, title="Zebra draft", publish=False)
    later = publish(services, title="Zebra embargo", published=clock.now + timedelta(hours=1))
    gone = publish(services, title="Zebra withdrawn")
    with services.writes.begin() as session:
        actions.unpublish_article(session, services.bus, gone.id, actor=SYSTEM, now=clock())
    assert run(services, "zebra").total == 0
    with services.reads() as session:
        assert services.search.suggest(session, parse("zeb"), now=clock()) == []
    clock.advance(hours=2)  # no reindexing: visibility is decided when searching
    assert found(services, "zebra") == [later.id]
    with services.reads() as session:
        assert services.search.suggest(session, parse("zeb"), now=clock()) == [later.id]


def test_rebuild_equals_incremental(services, clock) -> None:
    with services.writes.begin() as session:
        world = f.section(session, "World")
        writer = f.author(session, "Layla Haddad")
    a = publish(services, title="Aleppo water supply", section=world, authors=[writer])
    b = publish(services, title="Council budget", tags=["Budget", "Council"])
    publish(services, title="Scheduled story", published=clock.now + timedelta(days=2))
    publish(services, title="A draft", publish=False)
    edit(services, a, title="Aleppo water supply restored", tags=["Syria"])
    with services.writes.begin() as session:
        actions.unpublish_article(session, services.bus, b.id, actor=SYSTEM, now=clock())
    rows, terms = index_rows(services), vocabulary(services)
    answers = {q: found(services, q) for q in ("aleppo", "layla", "world", "council", "sched")}

    seen: list[int] = []
    with services.writes.begin() as session:
        assert services.search.rebuild(session, progress=seen.append, batch=1) == 2
    assert seen == [1, 2]
    assert index_rows(services) == rows
    assert vocabulary(services) == terms
    assert {q: found(services, q) for q in answers} == answers


def test_searches_go_on_during_a_rebuild(services) -> None:
    a = publish(services, title="Aleppo water supply")
    with services.writes.begin() as session:
        services.search.rebuild(session)
        # Not committed yet: another connection searches the old index, without waiting.
        with services.reads() as other:
            other.execute(text("SET LOCAL lock_timeout = '2s'"))
            result = services.search.search(other, parse("aleppo"), now=services.clock())
            assert [h.article_id for h in result.hits] == [a.id]


def test_the_configuration_follows_the_language(services) -> None:
    a = publish(services, title="Councils meeting", body="Running late.")
    assert found(services, "run ") == [a.id]
    with services.writes.begin() as session:  # a language searched word for word
        actions.update_site_settings(session, services.bus, actor=SYSTEM, language="pt")
    with services.reads() as session:
        stemmed = services.search.search(session, parse("run "), now=services.clock())
        exact = services.search.search(session, parse("running "), now=services.clock())
    assert stemmed.total == 0 and [h.article_id for h in exact.hits] == [a.id]


# -- typo tolerance ------------------------------------------------------------------------


def test_corrections(services, search) -> None:
    publish(services, title="Aleppo water supply", tags=["Syria"])
    publish(services, title="Aleppo market", tags=["Syria"])
    publish(services, title="Gaza ceasefire holds")
    publish(services, title="Government falls")
    with services.reads() as session:
        fixes = search.corrections(
            session, ["alepo", "aleppo", "syira", "haza", "govenrment", "xyzzy", "ab", "2024"]
        )
    assert fixes == {
        "alepo": "aleppo",
        "syira": "syria",  # a transposition is one edit
        "haza": "gaza",  # a short word: its trigrams are all broken, one edit finds it
        "govenrment": "government",
    }


def test_corrections_limit_the_distance(services, search) -> None:
    publish(services, title="Gaza and Aleppo")
    with services.reads() as session:
        assert search.corrections(session, ["gxzx"]) == {}  # 2 edits: too many for 4 letters
        assert search.corrections(session, ["alxxpo"]) == {"alxxpo": "aleppo"}  # 2 of 6
        assert search.corrections(session, ["axxxpo"]) == {}


def test_the_most_used_correction_wins_a_tie(services, search) -> None:
    publish(services, title="Mayor visits the mill")
    publish(services, title="Miller family reunion")
    for n in range(3):
        publish(services, title=f"Milk prices {n}")
    with services.reads() as session:
        assert search.corrections(session, ["mila"]) == {"mila": "milk"}


def test_a_misspelt_search_is_run_corrected(services) -> None:
    a = publish(services, title="Aleppo water supply")
    b = publish(services, title="Old market in Aleppo", body="Spices and soap.")
    result = run(services, "Alepo")
    assert sorted(h.article_id for h in result.hits) == sorted([a.id, b.id])
    assert result.corrected is not None and result.corrected.text() == "aleppo"
    result = run(services, '"alepo water"')
    assert [h.article_id for h in result.hits] == [a.id]
    assert result.corrected is not None and result.corrected.phrases == [["aleppo", "water"]]
    assert run(services, "alepo -water").corrected.text() == "aleppo -water"
    nothing = run(services, "qqqqqq")
    assert nothing.total == 0 and nothing.corrected is None


def test_few_hits_suggest_a_much_more_common_word(services) -> None:
    typo = publish(services, title="Weekly notes", body="The goverment said nothing.")
    for n in range(4):
        publish(services, title=f"Government plan {n}")
    result = run(services, "goverment ")
    assert [h.article_id for h in result.hits] == [typo.id]
    assert result.corrected is None
    assert result.suggestion is not None and result.suggestion.text() == "government"
    # Stemming already finds the other forms: no suggestion.
    assert run(services, "governments ").suggestion is None


def test_a_prefix_is_not_corrected_while_it_starts_a_word(services) -> None:
    publish(services, title="Councillors vote")
    result = run(services, "counc")
    assert result.total == 1 and result.corrected is None and result.suggestion is None


def test_the_start_of_a_word_is_looked_up_by_the_vocabulary_b_tree(services) -> None:
    """Whether the last word is a word and starts a longer one: the B-tree of migration
    0035 answers, whatever LIKE's special characters the word holds."""
    publish(services, title="Councillors vote in the council 50% of the time")
    with services.reads() as session:
        assert pg_vocabulary.starting(session, "council") == (True, True)
        assert pg_vocabulary.starting(session, "councillors") == (True, False)
        assert pg_vocabulary.starting(session, "counc") == (False, True)
        assert pg_vocabulary.starting(session, "c%") == (False, False)
        assert pg_vocabulary.starting(session, "c_uncil") == (False, False)
        session.execute(text("SET LOCAL enable_seqscan = off"))
        plan = "\n".join(
            session.scalars(
                text("EXPLAIN " + str(pg_vocabulary._STARTING)),
                {"word": "counc", "pattern": pg_vocabulary.like_prefix("counc")},
            )
        )
        assert "ix_search_terms_prefix" in plan, plan


# -- suggestions ---------------------------------------------------------------------------


def test_suggest_headlines_only(services, clock) -> None:
    old = publish(services, title="Aleppo water supply", published=clock.now - timedelta(days=9))
    new = publish(services, title="Aleppo waterworks", published=clock.now - timedelta(days=1))
    publish(services, title="Weekly notes", body="Aleppo water is back.")
    with services.reads() as session:
        got = services.search.suggest(session, parse("aleppo wat"), now=clock())
        assert got == [new.id, old.id]
        assert services.search.suggest(session, parse("aleppo wat"), now=clock(), limit=1) == [
            new.id
        ]
        assert services.search.suggest(session, parse("aleppo -waterworks"), now=clock()) == [
            old.id
        ]


def test_suggest_digits_and_stems(services, clock) -> None:
    a = publish(services, title="Budget 2027 unveiled")
    b = publish(services, title="The university expands", published=clock.now - timedelta(days=3))
    with services.reads() as session:
        assert services.search.suggest(session, parse("budget 20"), now=clock()) == [a.id]
        assert services.search.suggest(session, parse("universit"), now=clock()) == [b.id]
        assert services.search.suggest(session, parse("universities"), now=clock()) == [b.id]
        assert services.search.suggest(session, parse("expands uni"), now=clock()) == [b.id]


def test_planner_settings_are_restored(services, search) -> None:
    """The backend steers the planner inside the caller's transaction, then puts every
    setting back."""
    publish(services, title="Council budget", body="The council met.")
    names = ("enable_seqscan", "enable_indexscan", "plan_cache_mode")
    read = text("SELECT " + ", ".join(f"current_setting('{n}')" for n in names))
    threshold = text("SELECT current_setting('pg_trgm.similarity_threshold', true)")
    with services.reads() as session:
        before = session.execute(read).one()
        search.search(session, parse("council"), now=services.clock())
        search.search(session, parse("cuoncil"), now=services.clock())  # corrected
        search.suggest(session, parse("coun"), now=services.clock())
        search.corrections(session, ["bduget", "cnl"])
        assert session.execute(read).one() == before == ("on", "on", "auto")
        assert session.scalar(threshold) in (None, "0.3")


# -- hostile input -------------------------------------------------------------------------

HOSTILE = [
    "",
    " ",
    "NEAR(",
    "NEAR(a b, 3)",
    "*",
    "^",
    '"',
    ":",
    "a:*",
    "a:* & !b | c <-> d",
    "AND OR NOT",
    "council AND NOT budget",
    'council NEAR(a b) "unbalanced',
    "title:council",
    "'; DROP TABLE articles; --",
    "1' OR '1'='1",
    "x'); SELECT pg_sleep(10); --",
    "\\' \\\\ %_",
    "\x00\x01\x1f\x7f",
    "coun\x00cil",
    "\u202e\u200b\ufeff",
    "a" * 10_000,
    "council " * 1500,
    '"' * 5000,
    "-" * 3000,
    "🙂" * 3000,
    "%",
    "_",
    "\\",
    "Ωmega ΣΊΣΥΦΟΣ 東京 مرحبا",
]


@pytest.mark.parametrize("raw", HOSTILE, ids=lambda raw: repr(raw[:20]))
def test_hostile_input_never_raises(services, search, raw) -> None:
    publish(services, title="Council budget", body="The council met.")
    now = services.clock()
    with services.reads() as session:
        for prefix_last in (True, False):
            parsed = parse(raw, prefix_last=prefix_last)
            for sort in ("relevance", "newest", "junk"):
                result = search.search(session, parsed, now=now, sort=sort)
                assert result.total >= 0
            search.suggest(session, parsed, now=now)
            search.corrections(session, parsed.positive_words)
        # The table is still there and nothing ran long.
        assert session.scalar(text("SELECT count(*) FROM articles")) == 1


def test_syntax_in_words_built_by_hand_is_only_text(services, search) -> None:
    """Defence in depth: even words ``parse`` would never produce stay data."""
    a = publish(services, title="Council budget", body="The council met.")
    now = services.clock()
    weird = Parsed(
        terms=["council", "a&b", "'x'", ":*", "!", "(", "\\", "\x00", "bud\x00get"],
        phrases=[["council", "<->", "budget"]],
        excluded=["|", "x:*", "'"],
        prefix="bud'get:*",
    )
    with services.reads() as session:
        search.search(session, weird, now=now)
        search.suggest(session, weird, now=now)
        search.corrections(session, ["a'b", "%", "_x_", "\\", "x\x00y", ""])
        words = Parsed(terms=["council"], excluded=["x:* | council"])
        assert [h.article_id for h in search.search(session, words, now=now).hits] == [a.id]


def test_marked_lexemes_are_never_matched_by_a_query(services) -> None:
    """The vocabulary and the headline's own lexemes ride in the tsvector under marks no
    query can produce."""
    a = publish(services, title="Aleppo mayors", standfirst="", body="")
    with services.reads() as session:
        lexemes = session.scalar(text("SELECT document::text FROM search_documents"))
    vocabulary, title = writing.VOCABULARY_MARK, writing.TITLE_MARK
    assert f"'{vocabulary}aleppo'" in lexemes and f"'{vocabulary}mayors'" in lexemes
    # The headline again, in order (positions follow the rest of the document).
    assert re.search(f"'{title}aleppo':(\\d+)A '{title}mayor':(\\d+)A", lexemes)
    assert "'aleppo':1A" in lexemes and "'mayor':2A" in lexemes
    assert found(services, "aleppo") == [a.id] and found(services, "mayors") == [a.id]
    for marked in (vocabulary + "aleppo", title + "aleppo"):
        assert run(services, Parsed(terms=[marked])).hits == [run(services, "aleppo").hits[0]]
    assert Counter(lexemes.split())  # a well-formed tsvector


def test_documents_built_by_older_code_still_update(services) -> None:
    """A row without vocabulary lexemes (indexed before they existed) is replaced, and
    the vocabulary only gains the new words."""
    a = publish(services, title="Harbour walls", standfirst="")
    with services.writes.begin() as session:
        session.execute(
            text(
                "UPDATE search_documents SET document = to_tsvector('simple', "
                "(SELECT title FROM articles WHERE id = article_id))"
            )
        )
        session.execute(text("DELETE FROM search_terms"))
    edit(services, a, title="Harbour gates")
    assert vocabulary(services) == recounted(services)


# -- the newest documents first, and the index without btree_gin --------------------------


def outcomes(services, section_id: int) -> list[tuple]:
    """Every page of a few searches: ids, scores, snippets and totals."""
    asked = []
    for query, kw in (
        ("harbour", {}),
        ("harbour", {"offset": 3}),
        ("harbour", {"sort": "newest", "offset": 2}),
        ('"harbour news"', {}),
        ("harbour -ferry", {}),
        ("harbour", {"filters": Filters(section_id=section_id)}),
        ("harbour", {"limit": 0}),
        ("ferry", {}),
    ):
        result = run(services, query, limit=kw.pop("limit", 3), **kw)
        asked.append(
            (
                query,
                [(h.article_id, round(h.score, 9), h.snippet) for h in result.hits],
                result.total,
                result.extra,
            )
        )
    return asked


def statements_run(monkeypatch) -> list[object]:
    """The ``since`` of each search statement run from now on, in order."""
    since: list[object] = []
    real = reading._run

    def spy(session, where, compiled, sort, params):
        since.append(params["since"])
        return real(session, where, compiled, sort, params)

    monkeypatch.setattr(reading, "_run", spy)
    return since


def test_the_newest_slices_find_what_the_whole_archive_does(services, clock, monkeypatch) -> None:
    with services.writes.begin() as session:
        section = f.section(session, "Coast")
    for n in range(14):
        publish(
            services,
            title=f"Harbour news {n}" if n % 3 else f"Ferry timetable {n}",
            body="The harbour wall was mended. " * (1 + n % 4) + ("A ferry came." if n % 2 else ""),
            section=section if n % 2 else None,
            published=clock.now - timedelta(days=n, hours=n),
        )
    monkeypatch.setattr(reading, "COUNT_CAP", 4)
    monkeypatch.setattr(reading, "RANK_WINDOW", 2)
    monkeypatch.setattr(reading, "SLICES", ())  # every match read
    whole = outcomes(services, section.id)
    sliced = statements_run(monkeypatch)
    monkeypatch.setattr(reading, "SLICES", (5, 9))
    # Whatever the statistics say of these few documents, each slice is looked at.
    monkeypatch.setattr(reading.Slices, "share", lambda *args: 1.0)
    services.search._slices.forget()
    assert outcomes(services, section.id) == whole
    assert any(since is not None for since in sliced)  # the slices were looked at
    assert whole[0][2] == 4 and whole[0][3] == {"total_capped": True}


def test_a_slice_too_small_for_a_filter_is_not_looked_at(services, clock, monkeypatch) -> None:
    """A section's share of the stories (``story_counts``) scales how many matches a
    slice is expected to hold, and dates older than a slice leave it out: each search
    below runs one statement, over all its matches, and finds what it finds without
    slices."""
    with services.writes.begin() as session:
        small = f.section(session, "Coast")
    for n in range(12):
        publish(
            services,
            title=f"Harbour news {n}",
            body="The harbour wall was mended.",
            section=small if n == 5 else None,
            published=clock.now - timedelta(days=n),
        )
    monkeypatch.setattr(reading, "COUNT_CAP", 3)
    asked = [
        Filters(section_id=small.id),
        Filters(
            date_from=(clock.now - timedelta(days=11)).date(),
            date_to=(clock.now - timedelta(days=8)).date(),
        ),
    ]
    monkeypatch.setattr(reading, "SLICES", ())
    whole = [run(services, "harbour", filters=where).total for where in asked]
    assert whole == [1, 3]
    statements = statements_run(monkeypatch)
    monkeypatch.setattr(reading, "SLICES", (4, 6))
    monkeypatch.setattr(reading.Slices, "share", lambda *args: 1.0)  # every story matches
    services.search._slices.forget()
    for where, total in zip(asked, whole, strict=True):
        statements.clear()
        assert run(services, "harbour", filters=where).total == total
        assert len(statements) == 1, where


def test_a_section_is_looked_for_in_the_index_with_the_words(services, clock, monkeypatch) -> None:
    """The section asked for is a condition of the combined index (migration 0038), not a
    filter on the rows read: only the section's matches are read from the table."""
    with services.writes.begin() as session:
        coast, hills = f.section(session, "Coast"), f.section(session, "Hills")
    for n in range(6):
        publish(
            services,
            title=f"Harbour news {n}",
            body="The harbour wall was mended.",
            section=coast if n % 3 == 0 else hills,
            published=clock.now - timedelta(days=n),
        )
    statements: list[tuple[object, dict]] = []
    real_statement, real_run = reading._statement, reading._run
    shapes: list[object] = []

    def statement(shape):
        shapes.append(shape)
        return real_statement(shape)

    def spy(session, where, compiled, sort, params):
        result = real_run(session, where, compiled, sort, params)
        statements.append((shapes[-1], params))
        return result

    monkeypatch.setattr(reading, "_statement", statement)
    monkeypatch.setattr(reading, "_run", spy)
    assert run(services, "harbour", filters=Filters(section_id=coast.id)).total == 2
    shape, params = statements[-1]
    explain = reading._typed("EXPLAIN " + real_statement(shape).text)
    with services.reads() as session, reading._planned(session):
        plan = "\n".join(session.scalars(explain, params))
    conditions = re.findall(r"(Index Cond|Filter|Recheck Cond): (.*)", plan)
    assert any(kind == "Index Cond" and "section_id" in cond for kind, cond in conditions), plan
    assert not any(kind == "Filter" and "section_id" in cond for kind, cond in conditions), plan


def test_without_btree_gin_two_indexes_find_the_same(services, clock, monkeypatch) -> None:
    """Where btree_gin is missing, migration 0032 makes a GIN index for the documents and
    one for their pairs, and every search reads all its matches."""
    with services.writes.begin() as session:
        section = f.section(session, "Coast")
    for n in range(8):
        publish(
            services,
            title=f"Harbour news {n}",
            body="A ferry came. " * (1 + n % 3),
            section=section if n % 2 else None,
            published=clock.now - timedelta(days=n),
        )
    monkeypatch.setattr(reading, "COUNT_CAP", 4)
    monkeypatch.setattr(reading, "SLICES", (3, 5))
    services.search._slices.forget()
    combined = outcomes(services, section.id)
    with services.writes.begin() as session:
        indexes = set(
            session.scalars(
                text("SELECT indexname FROM pg_indexes WHERE tablename = 'search_documents'")
            )
        )
    assert reading.COMBINED in indexes
    try:
        with services.engine.begin() as connection:
            connection.exec_driver_sql(f"DROP INDEX {reading.COMBINED}")
            for name, column in (("document", "document"), ("pairs", "pairs")):
                connection.exec_driver_sql(
                    f"CREATE INDEX ix_search_documents_{name} ON search_documents "
                    f"USING gin ({column})"
                )
        services.search._slices.forget()
        with services.reads() as session:
            assert services.search._slices.bounds(session, clock.now) == ()
        assert outcomes(services, section.id) == combined
        publish(services, title="Harbour late news", body="Still open.")
        assert run(services, "harbour late").total == 1
    finally:
        with services.engine.begin() as connection:
            for name in ("document", "pairs"):
                connection.exec_driver_sql(f"DROP INDEX IF EXISTS ix_search_documents_{name}")
            connection.exec_driver_sql(
                f"CREATE INDEX {reading.COMBINED} ON search_documents "
                "USING gin (document, pairs, published_at, section_id)"
            )


def test_migration_0032_makes_the_index_the_search_makes(services, clock) -> None:
    """Down to 0030 (English stop words dropped, no pairs) and up again: the documents
    the migration analyses anew equal those written story by story."""
    with services.writes.begin() as session:
        section = f.section(session, "Coast")
        author = f.author(session, "Ana López")
    publish(
        services,
        title="The Who play the harbour",
        standfirst="It was the first of three nights.",
        body="Fans of the band queued. " * 5,
        tags=["Music", "Harbour"],
        authors=[author],
        section=section,
    )
    publish(services, title="Who runs the ferry?", body="Nobody knows. " * 3)
    columns = (  # with the body the snippets read
        "article_id, language, published_at, section_id, document, pairs, body"
    )
    query = text(f"SELECT {columns} FROM search_documents ORDER BY article_id")
    with services.reads() as session:
        before = [tuple(str(c) for c in row) for row in session.execute(query)]
    assert sorted(found(services, "the who")) and found(services, '"the who"')
    config = alembic_config(services.engine.url.render_as_string(hide_password=False))
    try:
        with services.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0031")
        with services.reads() as session:
            stop = text("SELECT count(*) FROM search_documents WHERE document @@ 'the'")
            assert session.scalar(stop) == 0
    finally:
        upgrade(services.engine)
    with services.reads() as session:
        assert [tuple(str(c) for c in row) for row in session.execute(query)] == before


def test_migration_0038_puts_the_section_in_the_index_or_takes_one_built_before(
    services, clock
) -> None:
    with services.writes.begin() as session:
        section = f.section(session, "Coast")
    publish(services, title="Harbour news", body="The wall was mended.", section=section)
    config = alembic_config(services.engine.url.render_as_string(hide_password=False))

    def definition() -> str:
        with services.reads() as session:
            return str(
                session.scalar(
                    text("SELECT pg_get_indexdef(CAST(:i AS regclass))"), {"i": reading.COMBINED}
                )
            )

    def migrate(to: str) -> None:
        with services.engine.begin() as connection:
            config.attributes["connection"] = connection
            if to == "head":
                command.upgrade(config, to)
            else:
                command.downgrade(config, to)

    assert "published_at, section_id)" in definition()
    try:
        migrate("0037")
        assert "published_at)" in definition()
        migrate("head")  # built again in the migration
        assert "published_at, section_id)" in definition()
        migrate("0037")
        with services.engine.begin() as connection:  # as a site would, concurrently
            connection.exec_driver_sql(
                "CREATE INDEX ix_search_documents_match4 ON search_documents "
                "USING gin (document, pairs, published_at, section_id)"
            )
        migrate("head")
        assert "published_at, section_id)" in definition()
        with services.reads() as session:
            names = session.scalars(
                text("SELECT indexname FROM pg_indexes WHERE tablename = 'search_documents'")
            ).all()
        assert "ix_search_documents_match4" not in names and reading.COMBINED in names
    finally:
        upgrade(services.engine)
    assert run(services, "harbour", filters=Filters(section_id=section.id)).total == 1


def test_migration_0036_keeps_the_snippets_of_documents_written_without_a_body(
    services, clock
) -> None:
    """Documents written between 0033 and 0036 kept a body only for a live blog (the
    article's ``body_text`` stood in for the others' when snippets were made): migrated,
    each has its body again, and a search shows the snippets it showed before."""
    story = publish(
        services, title="Harbour works", body="A quokka crossed the new bridge at dawn. " * 3
    )
    blog = publish(services, title="Harbour live", body="Updates from the quay.")
    with services.writes.begin() as session:
        live.start(session, services.bus, blog.id, actor=SYSTEM, now=clock())
        live.write_entry(
            session, services.bus, services.media_urls, blog.id,
            live.EntryInput(body="Another quokka on the quay."), actor=SYSTEM, now=clock(),
            post=True,
        )  # fmt: skip

    def snippets() -> dict[int, str]:
        return {h.article_id: h.snippet for h in run(services, "quokka").hits}

    before = snippets()
    assert set(before) == {story.id, blog.id}
    assert f"{MARK_START}quokka{MARK_END} on the quay" in before[blog.id]
    config = alembic_config(services.engine.url.render_as_string(hide_password=False))
    try:
        with services.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0035")
            emptied = connection.execute(  # as the search wrote them from 0033 to 0036
                text(
                    "UPDATE search_documents AS d SET body = NULL FROM articles AS a "
                    "WHERE a.id = d.article_id AND d.body = a.body_text"
                )
            )
            assert emptied.rowcount == 1  # the story's; the blog's body is its own
    finally:
        upgrade(services.engine)
    assert snippets() == before
    with services.reads() as session:
        assert session.scalar(text("SELECT count(*) FROM search_documents WHERE body IS NULL")) == 0
