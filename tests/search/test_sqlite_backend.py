"""The SQLite FTS5 backend on its own: query compilation, ranking, snippets, the
vocabulary kept exact through every kind of change, typo tolerance, visibility, rebuilds
and hostile input.

Runs on the SQLite parameter only (the cross-backend behaviour is in test_search.py).
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import event, select, text

import factories as f
from search.steps import edit, found, publish, run, vocabulary
from thepost.content import actions
from thepost.content.models import LIVE_STATUSES, Article
from thepost.db import fts5rank
from thepost.permissions import SYSTEM
from thepost.search import documents
from thepost.search.backends.base import MARK_END, MARK_START, Filters
from thepost.search.backends.sqlite import SqliteSearch, analysis, counts, facets, reading
from thepost.search.query import Parsed, parse


@pytest.fixture
def search(services) -> SqliteSearch:
    if services.engine.dialect.name != "sqlite":
        pytest.skip("SQLite backend")
    assert isinstance(services.search, SqliteSearch)
    return services.search


def trigram_terms(services) -> Counter[str]:
    with services.reads() as session:
        return Counter(session.scalars(text("SELECT term FROM search_trigrams")))


def expected_vocabulary(services) -> dict[str, int]:
    """What the vocabulary must be: computed afresh from the live-status articles."""
    with services.reads() as session:
        ids = list(session.scalars(select(Article.id).where(Article.status.in_(LIVE_STATUSES))))
        return dict(documents.vocabulary_counts(documents.load(session, ids)))


def index_state(services):
    with services.reads() as session:
        return (
            session.execute(text("SELECT rowid, * FROM search_fts ORDER BY rowid")).all(),
            session.execute(text("SELECT * FROM search_terms ORDER BY term")).all(),
            session.execute(text("SELECT rowid, term FROM search_trigrams ORDER BY rowid")).all(),
            pair_tokens(services),
        )


def pair_tokens(services) -> list[tuple[str, int, str, int]]:
    """Every token of the contentless pairs table: (token, rowid, column, position)."""
    with services.writes.begin() as session:
        session.execute(
            text(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.pair_tokens "
                "USING fts5vocab(main, search_pairs, instance)"
            )
        )
        rows = session.execute(text('SELECT term, doc, col, "offset" FROM temp.pair_tokens'))
        return sorted((str(t), int(d), str(c), int(o)) for t, d, c, o in rows)


# -- matching ------------------------------------------------------------------------------


def test_round_trip(services, search) -> None:
    a = publish(services, title="Harbour bridge repainted", body="Painters worked at night.")
    publish(services, title="Something else entirely", body="Nothing to see.")
    results = run(services, "bridge")
    assert [h.article_id for h in results.hits] == [a.id]
    assert results.total == 1 and results.corrected is None and results.suggestion is None
    assert results.hits[0].score > 0


def test_stemming(services, search) -> None:
    council = publish(services, title="Councils merge", body="The councils agreed.")
    run_ = publish(services, title="Morning routine", body="She was running by the river.")
    assert found(services, "council ") == [council.id]
    assert found(services, "councils ") == [council.id]
    assert found(services, "run ") == [run_.id]
    assert found(services, "runs ") == [run_.id]


def test_accents_fold_both_ways(services, search) -> None:
    cafe = publish(services, title="Café society", body="Crème brûlée for everyone.")
    plain = publish(services, title="Cafe opening", body="Creme brulee on the menu.")
    assert set(found(services, "cafe ")) == {cafe.id, plain.id}
    assert set(found(services, "café ")) == {cafe.id, plain.id}
    assert set(found(services, "crème brûlée ")) == {cafe.id, plain.id}


def test_phrases_and_words(services, search) -> None:
    phrase = publish(services, title="Water supply restored", body="The water supply is back.")
    words = publish(services, title="Supply of clean water", body="Supply chains and water.")
    assert set(found(services, "water supply ")) == {phrase.id, words.id}
    assert found(services, '"water supply"') == [phrase.id]
    assert found(services, '"supply water"') == []


def test_a_phrase_does_not_run_from_one_tag_or_author_into_the_next(services, search) -> None:
    with services.writes.begin() as session:
        one, two = f.author(session, "Ana Budget"), f.author(session, "Council Reporter")
    a = publish(services, title="Quarterly report", tags=["Budget", "Council"], authors=[one, two])
    assert found(services, "budget council ") == [a.id]
    assert found(services, '"budget council"') == []
    assert found(services, '"ana budget"') == [a.id]


def test_phrases_found_by_pairs_are_the_phrases_of_the_index(services, search) -> None:
    """A query of phrases alone is found in the pairs table: the same articles as the
    phrase in ``search_fts`` (positions checked there), for phrases of two and three words,
    stems, accents, repeated words and names."""
    with services.writes.begin() as session:
        one, two = f.author(session, "Ana Budget"), f.author(session, "Council Reporter")
    made = [
        publish(services, title="Changes in the council", body="The change in rates is running."),
        publish(
            services,
            title="Rates change",
            body="In the end, rates changed in June.",
            tags=["Budget", "Council"],
            authors=[one, two],
        ),
        publish(
            services,
            title="Café society",
            standfirst="Crème brûlée in the café.",
            body="Of parliament, parliament spoke. The the protest.",
        ),
        publish(services, title="Protest the the", body="Water supply in the change."),
    ]
    queries = [
        '"change in"',
        '"changes in the"',
        '"rates change"',
        '"in the"',
        '"cafe society"',
        '"creme brulee in"',
        '"of parliament parliament"',
        '"protest the the"',
        '"the the"',
        '"budget council"',
        '"ana budget"',
        '"in the" "rates change"',
        '"supply water"',
        '"council rates"',
    ]
    with services.reads() as session:
        for q in queries:
            match = reading.compile_match(analysis.query(parse(q), "en"))
            assert reading.compile_pairs(parse(q)) is not None, q
            expected = sorted(
                session.scalars(
                    text("SELECT rowid FROM search_fts WHERE search_fts MATCH :m"), {"m": match}
                )
            )
            assert sorted(found(services, q)) == expected, q
    assert sorted(found(services, '"in the"')) == sorted(a.id for a in made)
    with services.writes.begin() as session:
        desk = f.section(session, "Desk")
    edit(services, made[3], section_id=desk.id)
    assert found(services, '"in the"', filters=Filters(section_id=desk.id)) == [made[3].id]
    assert found(services, '"in the"', filters=Filters(author_id=one.id)) == [made[1].id]


def test_pairs_follow_publish_edit_unpublish_and_delete(services, search, clock) -> None:
    a = publish(services, title="Harbour bridge repainted", body="Painters worked at night.")
    b = publish(services, title="Night painters", body="The harbour bridge closed.")
    assert sorted(found(services, '"harbour bridge"')) == sorted([a.id, b.id])
    assert {doc for _, doc, _, _ in pair_tokens(services)} == {a.id, b.id}
    edit(services, a, title="Harbour ferry repainted", body="Painters worked at dawn.")
    assert found(services, '"harbour bridge"') == [b.id]
    assert found(services, '"harbour ferry"') == [a.id]
    assert found(services, '"worked at night"') == []
    with services.writes.begin() as session:
        actions.unpublish_article(session, services.bus, b.id, actor=SYSTEM, now=clock())
    assert found(services, '"harbour bridge"') == []
    assert {doc for _, doc, _, _ in pair_tokens(services)} == {a.id}
    with services.writes.begin() as session:
        actions.publish_article(session, services.bus, b.id, actor=SYSTEM, now=clock())
    assert found(services, '"harbour bridge"') == [b.id]
    with services.writes.begin() as session:
        actions.delete_article(session, services.bus, a.id, actor=SYSTEM, now=clock())
    assert found(services, '"harbour ferry"') == []
    incremental = pair_tokens(services)
    assert {doc for _, doc, _, _ in incremental} == {b.id}
    with services.writes.begin() as session:
        search.rebuild(session)
    assert pair_tokens(services) == incremental


def test_frequent_words_are_left_out_of_the_ranking_only(services, search, clock) -> None:
    """Where FTS5's bm25() ranks, a word in most documents still has to match, and the
    order is the one bm25 of all the words gives (its weight is nil)."""
    search.counted = False
    for n in range(6):
        body = "The the story. " * (n + 1) + ("A council vote. " * (6 - n) if n % 2 else "")
        publish(services, title=f"Report {n}", body=body, published=clock.now - timedelta(n))
    lone = publish(services, title="Council alone", body="No article word here.")
    publish(services, title="Nothing", body="Nothing here either.")
    story = analysis.word("story", "en")  # the word as the index holds it
    with services.reads() as session:
        found = search._counts.of(session, ["the", "council", story])
        assert counts.frequent(found, search._counts.documents(session)) == {"the", story}
    assert reading.compile_words(parse("the council "), {"the"}) == '"council"'
    assert reading.compile_words(parse("the story "), {"the", "story"}) == '"the" AND "story"'
    assert reading.compile_words(parse("the sto"), {"the"}) == '"sto" *'
    ranked = run(services, "the council ")
    search._counts = counts.Counts()
    with services.reads() as session:
        found = search._counts.of(session, ["the"])
        assert counts.frequent(found, search._counts.documents(session)) == {"the"}
    search._counts._words["the"] = (search._counts._clock(), 0)  # as if in no document
    every_word = run(services, "the council ")
    assert [h.article_id for h in ranked.hits] == [h.article_id for h in every_word.hits]
    assert len(ranked.hits) == 3 and lone.id not in [h.article_id for h in ranked.hits]
    for a, b in zip(ranked.hits, every_word.hits, strict=True):
        assert a.score == pytest.approx(b.score, abs=1e-5)


RANKED = [
    "harbour", "the", "the harbour", "council vote", "the of ferry", "ferry night market",
    "bri", "harbour bri", '"harbour ferry"', '"the council"', '"of the" vote',
    '"council vote" "the harbour"', "council -budget", "the -bridge -budget", "ferry -bri",
]  # fmt: skip


@pytest.fixture
def ranked_corpus(services, clock):
    rng = random.Random(11)
    words = "the of council harbour vote ferry night market bridge budget".split()
    weights = [40, 30, 8, 5, 4, 3, 2, 2, 1, 1]
    with services.writes.begin() as session:
        sections = [f.section(session, name) for name in ("News", "Sport")]
    for n in range(48):
        title, standfirst, body = (
            " ".join(rng.choices(words, weights, k=k)).capitalize() for k in (5, 12, 30)
        )
        publish(
            services,
            title=title,
            standfirst=standfirst,
            body=body,
            section=sections[n % 2],
            published=clock.now - timedelta(days=n * 9),
        )
    return sections


def ranking(services, search, q, *, counted, **kw):
    search.counted = counted
    found = run(services, q, **kw)
    return found, [(h.article_id, h.snippet) for h in found.hits]


@pytest.mark.parametrize("q", RANKED)
def test_counted_ranking_is_bm25(services, search, ranked_corpus, monkeypatch, q) -> None:
    """thepost_bm25 with the counts of ``counts`` ranks as FTS5's bm25() does: the same
    hits, order, totals and snippets, the same scores, for every kind of query and
    filter, a page further on, sorted by date, and windows ranked id by id. (bm25() of
    every word: no word is taken as frequent.)"""
    monkeypatch.setattr(counts, "SHARE", 2.0)
    statements: list[str] = []
    event.listen(
        services.engine, "before_cursor_execute", lambda _c, _k, sql, *_: statements.append(sql)
    )
    section = ranked_corpus[1].id
    shown = 0
    for kw in (
        {},
        {"offset": 3, "limit": 4},
        {"sort": "newest"},
        {"filters": Filters(section_id=section)},
        {"filters": Filters(date_from=date(2026, 3, 1), date_to=date(2026, 10, 1))},
    ):
        bm25, bm25_hits = ranking(services, search, q, counted=False, **kw)
        for probe in (reading.PROBE, 0):  # 0: every window ranked id by id
            monkeypatch.setattr(reading, "PROBE", probe)
            counted, counted_hits = ranking(services, search, q, counted=True, **kw)
            assert counted_hits == bm25_hits, (q, kw, probe)
            shown += len(counted_hits)
            assert counted.total == bm25.total and counted.extra == bm25.extra
            assert [h.score for h in counted.hits] == pytest.approx(
                [h.score for h in bm25.hits], rel=1e-9, abs=1e-12
            )
    assert shown
    assert any(fts5rank.FUNCTION in sql for sql in statements)


def test_the_counts_given_follow_the_expression() -> None:
    """One entry per phrase of the expression ranked, in its order."""
    counts = {"the": 90, "harbour": 7, "ferry": 3}
    q = parse('the harbour "ferry night" -bridge bri')
    expression = '("the" AND "harbour" AND "ferry night" AND "bri" *) NOT "bridge"'
    assert reading.compile_match(q) == expression
    given = reading.counted(q, counts, 100, {"the"}, words=False)
    assert given == reading.Given("x 7 -1 -1 x", None, 100)
    assert reading.compile_words(q, {"the"}) == '"harbour" AND "ferry" AND "night" AND "bri" *'
    assert reading.counted(q, counts, 100, {"the"}, words=True).counts == "7 3 -1 -1"
    whole = parse("the harbour ferry ")
    assert reading.counted(whole, counts, 100, words=False) == reading.Given("90 7 3", 3, 100)
    assert reading.counted(whole, counts, 100, {"the", "harbour", "ferry"}, words=False) == (
        reading.Given("90 7 3", 3, 100)  # every word frequent: all kept
    )
    unknown = reading.Given("-1", None, 100)  # not one token, say: FTS5 counts it
    assert reading.counted(parse("quay "), counts, 100, words=False) == unknown


def test_exclusion(services, search) -> None:
    keep = publish(services, title="Election night", body="Votes counted in the hall.")
    publish(services, title="Election football", body="A football club elects a chair.")
    assert found(services, "election -football") == [keep.id]
    # Only exclusions: nothing positive to look for.
    assert run(services, Parsed(excluded=["football"])).total == 0


def test_prefix(services, search) -> None:
    a = publish(services, title="Penalties decide the final", body="Nerves held.")
    assert found(services, "penalt") == [a.id]
    assert found(services, "penalt ") == []  # a finished word is not a prefix
    assert found(services, Parsed(terms=["final"], prefix="pen")) == [a.id]


# -- ranking -------------------------------------------------------------------------------


def test_a_title_match_outranks_a_fresher_body_only_match(services, search, clock) -> None:
    body_only = publish(
        services,
        title="Weekend roundup",
        body="Among other things, the lighthouse was sold.",
        published=clock.now - timedelta(hours=1),
    )
    title = publish(
        services,
        title="Lighthouse sold to a trust",
        body="The deal closed on Friday.",
        published=clock.now - timedelta(days=20),
    )
    assert found(services, "lighthouse ") == [title.id, body_only.id]


def test_freshness_breaks_ties(services, search, clock) -> None:
    ids = [
        publish(
            services,
            title="Tram line extended",
            body="Same words in both.",
            published=clock.now - timedelta(days=days),
        ).id
        for days in (40, 2, 10)
    ]
    assert found(services, "tram ") == [ids[1], ids[2], ids[0]]
    scores = [h.score for h in run(services, "tram ").hits]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == 3


@pytest.mark.parametrize("narrow", [reading.NARROW, 0], ids=["id-sets", "row-checks"])
def test_filters_and_sort(services, search, clock, monkeypatch, narrow) -> None:
    monkeypatch.setattr(reading, "NARROW", narrow)
    with services.writes.begin() as session:
        politics, sport = f.section(session, "Politics"), f.section(session, "Sport")
        reporter = f.author(session, "Jo Reporter")
    day = clock.now - timedelta(days=3)
    a = publish(services, title="Budget vote", section=politics, tags=["Money"], published=day)
    b = publish(
        services,
        title="Budget for the stadium",
        section=sport,
        authors=[reporter],
        published=clock.now - timedelta(days=1),
    )
    c = publish(
        services, title="Budget talks", section=politics, published=day.replace(hour=23, minute=59)
    )
    with services.reads() as session:
        from thepost.content.queries import lookup_ids

        _, money, author_id = lookup_ids(session, section="", tag="money", author="jo-reporter")
    assert set(found(services, "budget ", filters=Filters(section_id=politics.id))) == {a.id, c.id}
    assert found(services, "budget ", filters=Filters(tag_id=money)) == [a.id]
    assert found(services, "budget ", filters=Filters(author_id=author_id)) == [b.id]
    # date_to is inclusive: the whole day counts.
    only_day = Filters(date_from=day.date(), date_to=day.date())
    assert set(found(services, "budget ", filters=only_day)) == {a.id, c.id}
    assert found(services, "budget ", filters=Filters(date_from=day.date() + timedelta(1))) == [
        b.id
    ]
    assert found(services, "budget ", filters=Filters(date_to=date(2000, 1, 1))) == []
    assert found(services, "budget ", sort="newest") == [b.id, c.id, a.id]


def test_pagination_and_the_total(services, search, clock, monkeypatch) -> None:
    ids = [
        publish(services, title=f"Heatwave day {n}", published=clock.now - timedelta(days=n)).id
        for n in range(1, 6)
    ]
    first = run(services, "heatwave ", limit=2)
    assert first.total == 5 and len(first.hits) == 2 and not first.extra
    pages = [found(services, "heatwave ", limit=2, offset=o, sort="newest") for o in (0, 2, 4)]
    assert pages == [ids[0:2], ids[2:4], ids[4:]]
    past = run(services, "heatwave ", limit=2, offset=10)
    assert past.hits == [] and past.total == 5
    # Beyond the window, results come from the latest matches (by id) and the total is
    # capped.
    monkeypatch.setattr(reading, "WINDOW", 3)
    capped = run(services, "heatwave ", limit=10)
    assert capped.total == 3 and capped.extra == {"total_capped": True}
    assert {h.article_id for h in capped.hits} <= set(ids[-4:])


def test_snippets_mark_the_matched_words(services, search) -> None:
    body = (
        " ".join(["Filler words go here."] * 20)
        + " The pumping station failed. "
        + " ".join(["More filler follows."] * 20)
    )
    publish(services, title="Outage", standfirst="A town without water.", body=body)
    hit = run(services, "pumping station ").hits[0]
    assert f"{MARK_START}pumping{MARK_END} {MARK_START}station{MARK_END}" in hit.snippet
    assert "…" in hit.snippet and len(hit.snippet) < len(body)
    # A standfirst-only match shows the standfirst; a headline-only match too.
    assert run(services, "town ").hits[0].snippet == f"A {MARK_START}town{MARK_END} without water."
    assert run(services, "outage ").hits[0].snippet == "A town without water."


# -- the vocabulary ------------------------------------------------------------------------


def test_vocabulary_counts_follow_every_change(services, search, clock) -> None:
    a = publish(services, title="Aleppo water supply", tags=["Syria"])
    b = publish(services, title="Aleppo market reopens", tags=["Syria", "Trade"])
    counts = vocabulary(services)
    assert counts["aleppo"] == 2 and counts["syria"] == 2 and counts["market"] == 1
    assert counts == expected_vocabulary(services)

    edit(services, b, title="Damascus market reopens", tags=["Trade"])
    counts = vocabulary(services)
    assert counts["aleppo"] == 1 and counts["damascus"] == 1 and counts["syria"] == 1
    assert counts == expected_vocabulary(services)

    with services.writes.begin() as session:
        actions.unpublish_article(session, services.bus, a.id, actor=SYSTEM, now=clock())
    counts = vocabulary(services)
    assert "aleppo" not in counts and "syria" not in counts and counts["damascus"] == 1
    assert counts == expected_vocabulary(services)
    assert trigram_terms(services) == Counter(counts.keys())  # one trigram row per word

    with services.writes.begin() as session:
        actions.publish_article(session, services.bus, a.id, actor=SYSTEM, now=clock())
    assert vocabulary(services) == expected_vocabulary(services)
    assert vocabulary(services)["aleppo"] == 1
    assert trigram_terms(services) == Counter(vocabulary(services).keys())


def test_scheduled_articles_count_in_the_vocabulary_but_are_not_found(services, search, clock):
    publish(services, title="Embargoed zeppelin story", published=clock.now + timedelta(hours=1))
    assert vocabulary(services)["zeppelin"] == 1
    assert found(services, "zeppelin ") == []


def test_reindexing_the_same_article_changes_nothing(services, search) -> None:
    a = publish(services, title="Ferry timetable changes", tags=["Transport"])
    before = index_state(services)
    with services.writes.begin() as session:
        search.index(session, [a.id, a.id])
        search.index(session, [])
        search.index(session, [999_999])  # no such article
    assert index_state(services) == before


# -- typo tolerance ------------------------------------------------------------------------


def test_corrections(services, search) -> None:
    publish(services, title="Aleppo water supply restored", body="Engineers at work.")
    publish(services, title="Aleppo market reopens", body="Traders return.")
    publish(services, title="Appleby horse fair", body="Horses and traders.")
    with services.reads() as session:
        assert search.corrections(session, ["alepo"]) == {"alepo": "aleppo"}
        assert search.corrections(session, ["aleppo", "market", "zz", "12345"]) == {}
        assert search.corrections(session, ["mraket"]) == {"mraket": "market"}  # transposition
        assert search.corrections(session, ["xqzvw"]) == {}
    results = run(services, "Alepo")
    assert len(results.hits) == 2 and results.corrected is not None
    assert results.corrected.text() == "aleppo"


def test_few_hits_get_a_suggestion(services, search) -> None:
    for n in range(6):
        publish(services, title=f"Harbour works phase {n}", body="Cranes arrived.")
    odd = publish(services, title="Odd one", body="Someone wrote harbor once.")
    results = run(services, "harbor ")
    assert [h.article_id for h in results.hits] == [odd.id]
    assert results.corrected is None
    assert results.suggestion is not None and results.suggestion.text() == "harbour"


def test_only_live_articles_are_found(services, search, clock) -> None:
    live = publish(services, title="Quokka census published")
    publish(services, title="Quokka draft", publish=False)
    gone = publish(services, title="Quokka withdrawn")
    with services.writes.begin() as session:
        actions.unpublish_article(session, services.bus, gone.id, actor=SYSTEM, now=clock())
    later = publish(services, title="Quokka embargo", published=clock.now + timedelta(hours=2))
    assert found(services, "quokka ") == [live.id]
    with services.reads() as session:
        assert search.suggest(session, parse("quok"), now=clock()) == [live.id]
    clock.advance(hours=3)  # no reindexing: visibility is decided at read time
    assert set(found(services, "quokka ")) == {live.id, later.id}
    with services.reads() as session:
        assert set(search.suggest(session, parse("quok"), now=clock())) == {live.id, later.id}


def test_suggest(services, search, clock) -> None:
    water = publish(services, title="Aleppo water supply restored")
    market = publish(services, title="Aleppo market reopens", published=clock.now - timedelta(2))
    publish(services, title="Unrelated", body="Aleppo water in the body only.")
    with services.reads() as session:
        now = clock()
        assert search.suggest(session, parse("aleppo wat"), now=now) == [water.id]
        assert search.suggest(session, parse("aleppo"), now=now) == [water.id, market.id]
        assert search.suggest(session, parse("aleppo -market"), now=now) == [water.id]
        assert search.suggest(session, parse("aleppo"), now=now, limit=1) == [water.id]
        assert search.suggest(session, parse(""), now=now) == []


# -- rebuild -------------------------------------------------------------------------------


def test_rebuild_equals_incremental_indexing(services, search, clock) -> None:
    with services.writes.begin() as session:
        author = f.author(session, "Layla Haddad")
        section = f.section(session, "World")
    a = publish(
        services,
        title="Aleppo water supply",
        tags=["Syria", "Water"],
        authors=[author],
        section=section,
    )
    b = publish(services, title="Market day in Aleppo", tags=["Syria"])
    publish(services, title="Scheduled story", published=clock.now + timedelta(days=1))
    publish(services, title="A draft", publish=False)
    edit(services, b, title="Market day in Damascus", tags=["Trade"])
    with services.writes.begin() as session:
        actions.unpublish_article(session, services.bus, a.id, actor=SYSTEM, now=clock())
        actions.publish_article(session, services.bus, a.id, actor=SYSTEM, now=clock())
    incremental = index_state(services)
    seen: list[int] = []
    with services.writes.begin() as session:
        assert search.rebuild(session, progress=seen.append, batch=2) == 3
    assert seen == [2, 3]
    assert index_state(services) == incremental
    assert vocabulary(services) == expected_vocabulary(services)


def test_rebuild_of_an_empty_site(services, search) -> None:
    with services.writes.begin() as session:
        assert search.rebuild(session) == 0
    assert index_state(services) == ([], [], [], [])


# -- hostile input -------------------------------------------------------------------------

HOSTILE = [
    "NEAR(",
    "NEAR(a b, 2)",
    "*",
    "^",
    '"',
    '""',
    ":",
    "title:council",
    "{title}: x",
    "AND OR NOT",
    "a AND",
    "NOT a",
    "-a",
    "- -",
    "'; DROP TABLE articles; --",
    "1' OR '1'='1",
    "\x00\x01\x1f\x7f",
    "\u202e\u200b\ufeff",
    "\ue000",
    "a" * 10_000,
    "council " * 2000,
    '"' * 5000,
    "-" * 3000,
    "🙂" * 3000,
    "ǅ ᾈ ﬁ ① ½ ²",
    "%_\\",
]


@pytest.mark.parametrize("q", HOSTILE, ids=lambda q: repr(q[:16]))
def test_hostile_queries_never_raise(services, search, q) -> None:
    publish(services, title="Council meets", body="Anything at all.")
    with services.reads() as session:
        now = services.clock()
        for parsed in (parse(q), parse(q, prefix_last=False)):
            search.search(session, parsed, now=now)
            search.search(session, parsed, now=now, sort="newest", limit=1, offset=5)
            search.suggest(session, parsed, now=now)
            search.corrections(session, parsed.positive_words)


def test_hand_made_parsed_input_is_still_quoted(services, search) -> None:
    """Parsed never holds syntax, but the backend quotes whatever it is given."""
    publish(services, title="Council meets", body="Anything at all.")
    weird = Parsed(
        terms=['council"', "NEAR(", "*", ""],
        phrases=[['a"b', "OR"], []],
        excluded=['"', "NOT", ""],
        prefix='x" OR "y',
    )
    with services.reads() as session:
        now = services.clock()
        assert search.search(session, weird, now=now).hits == []
        assert search.suggest(session, weird, now=now) == []
        search.corrections(session, weird.positive_words)
        only_empty = Parsed(terms=[""], phrases=[[]])
        assert search.search(session, only_empty, now=now).total == 0


# -- facets: section and date filters inside the index ---------------------------------------


def test_facet_tokens_cover_a_date_range() -> None:
    from datetime import UTC, datetime

    def at(y: int, m: int, d: int) -> datetime:
        return datetime(y, m, d, tzinfo=UTC)

    def plain(tokens: str | list[str]) -> str | list[str]:
        assert all(
            t.startswith(facets.MARK)
            for t in (tokens.split() if isinstance(tokens, str) else tokens)
        )
        return (
            tokens.replace(facets.MARK, "") if isinstance(tokens, str) else [t[1:] for t in tokens]
        )

    assert plain(facets.of(12, at(2026, 11, 3))) == "s12 y2026 q20264 m202611"
    assert plain(facets.of(None, at(2026, 1, 31))) == "y2026 q20261 m202601"
    assert plain(facets.dates(at(2026, 11, 20), at(2026, 11, 21))) == ["m202611"]
    assert plain(facets.dates(at(2024, 11, 20), at(2026, 2, 1))) == [
        "m202411",
        "m202412",
        "y2025",
        "m202601",
        "m202602",
    ]
    assert plain(facets.dates(at(2025, 3, 3), at(2026, 3, 3))) == [
        "m202503",
        "q20252",
        "q20253",
        "q20254",
        "q20261",
    ]
    assert plain(facets.dates(at(2025, 2, 1), at(2025, 8, 31))) == [
        "m202502",
        "m202503",
        "q20252",
        "m202507",
        "m202508",
    ]
    assert facets.dates(at(2026, 2, 1), at(2026, 1, 1)) == []
    assert facets.dates(at(1900, 2, 1), at(2026, 1, 1)) == []  # too long: no facet


def test_filtered_common_word_finds_exactly_the_filtered_matches(services, search, clock) -> None:
    """A word every article holds, under a section and a date range cutting months in
    two: the matches are exactly the articles inside both, the range's days exact."""
    with services.writes.begin() as session:
        sections = [f.section(session, f"Desk {n}") for n in range(3)]
    published = {}
    for n in range(24):
        when = clock.now - timedelta(days=9 * n + 1, hours=n)
        a = publish(
            services,
            title=f"Council meets {n}",
            body="The council met again.",
            section=sections[n % 3],
            published=when,
        )
        published[a.id] = (sections[n % 3].id, when)
    first, last = (clock.now - timedelta(days=150)).date(), (clock.now - timedelta(days=40)).date()
    for section in sections:
        filters = Filters(section_id=section.id, date_from=first, date_to=last)
        want = {
            i for i, (s, w) in published.items() if s == section.id and first <= w.date() <= last
        }
        got = run(services, "council", filters=filters, limit=50)
        assert {h.article_id for h in got.hits} == want and got.total == len(want)
    open_start = Filters(date_to=last)
    want = {i for i, (_, w) in published.items() if w.date() <= last}
    assert set(found(services, "council", filters=open_start, limit=50)) == want
    with services.reads() as session:
        tokens = session.scalar(
            text("SELECT facets FROM search_fts WHERE rowid = :id"), {"id": next(iter(published))}
        )
    section_id, when = next(iter(published.values()))
    y, q, m = when.year, (when.month + 2) // 3, when.month
    assert (
        tokens
        == facets.of(section_id, when)
        == f"\ue001s{section_id} \ue001y{y} \ue001q{y}{q} \ue001m{y}{m:02d}"
    )


def test_facets_are_not_a_readers_words(services, search, clock) -> None:
    with services.writes.begin() as session:
        section = f.section(session, "World")
    publish(services, title="Harbour news", section=section, published=clock.now)
    assert found(services, f"s{section.id}") == []
    assert found(services, f"y{clock.now.year}") == []
    assert found(services, f"\ue001s{section.id}") == []
    assert found(services, f'"harbour news" -s{section.id}') != []


def test_facets_follow_a_change_of_section_and_date(services, search, clock) -> None:
    with services.writes.begin() as session:
        home, away = f.section(session, "Home"), f.section(session, "Away")
    a = publish(
        services, title="Ferry timetable", section=home, published=clock.now - timedelta(days=100)
    )
    in_home, in_away = Filters(section_id=home.id), Filters(section_id=away.id)
    assert found(services, "ferry", filters=in_home) == [a.id]
    edit(services, a, section_id=away.id)
    assert found(services, "ferry", filters=in_home) == []
    assert found(services, "ferry", filters=in_away) == [a.id]
    recent = Filters(date_from=(clock.now - timedelta(days=5)).date())
    assert found(services, "ferry", filters=recent) == []
    with services.writes.begin() as session:
        article = session.get(Article, a.id)
        assert article is not None
        article.published_at = clock.now - timedelta(days=1)
        services.search.index(session, [a.id])
    assert found(services, "ferry", filters=recent) == [a.id]


def test_migration_0008_writes_the_same_facets_as_indexing(services, search, clock) -> None:
    """Down to 0007 (no facets column) and up again: the copied index, facets computed
    in SQL, equals the one written article by article."""
    from alembic import command

    from thepost.db.migrate import alembic_config, upgrade

    with services.writes.begin() as session:
        desk = f.section(session, "Desk")
    publish(services, title="Tram fares", section=desk, published=clock.now - timedelta(days=40))
    publish(services, title="Tram lines", published=clock.now - timedelta(days=400))
    before = index_state(services)
    config = alembic_config(services.engine.url.render_as_string(hide_password=False))
    with services.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0007")
    with services.reads() as session:
        columns = [r[1] for r in session.execute(text("PRAGMA table_info(search_fts)"))]
    assert "facets" not in columns
    upgrade(services.engine)
    assert index_state(services) == before
    assert len(found(services, "tram", filters=Filters(section_id=desk.id))) == 1
