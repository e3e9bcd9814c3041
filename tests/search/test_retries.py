"""``retries.search``: what a backend's steps are asked, and in which order, for the last
word and for misspellings (the backends' own tests search real indexes; these pin the
order of the steps, over a small index of words written out here)."""

from __future__ import annotations

from collections.abc import Sequence

from thepost.search import retries
from thepost.search.backends.base import Hit, Results
from thepost.search.query import Parsed, parse

# Which documents hold which words, a prefix matching the start of a word.
DOCUMENTS = {
    1: {"council", "budget"},
    2: {"council", "housing"},
    3: {"council", "budget", "vote"},
    4: {"governor"},
    5: {"government"},
    6: {"governs"},
    7: {"counsil"},  # a typo in a story: found, but a correction finds more
}
VOCABULARY = {"council", "budget", "housing", "vote", "governor", "government", "governs"}


class Steps:
    def __init__(self) -> None:
        self.asked: list[str] = []

    def run(self, query: Parsed) -> Results:
        self.asked.append(
            "run " + " ".join(query.terms) + (f" {query.prefix}*" * bool(query.prefix))
        )
        ids = [
            i
            for i, words in DOCUMENTS.items()
            if all(t in words for t in query.terms)
            and (not query.prefix or any(w.startswith(query.prefix) for w in words))
        ]
        return Results([Hit(i, 1.0, "") for i in ids], len(ids))

    def count(self, query: Parsed) -> int:
        self.asked.append("count")
        return self.run(query).total

    def starting(self, prefix: str) -> tuple[bool, bool]:
        self.asked.append("starting")
        return prefix in VOCABULARY, any(w.startswith(prefix) and w != prefix for w in VOCABULARY)

    def corrections(self, words: Sequence[str]) -> dict[str, str]:
        self.asked.append("corrections")
        fixes = {"counsil": "council", "cousil": "council"}
        return {w: fixes[w] for w in words if w in fixes}

    def search(self, q: str) -> Results:
        return retries.search(
            parse(q),
            retries.Steps(
                run=self.run, count=self.count, starting=self.starting,
                corrections=self.corrections,
            ),
        )  # fmt: skip


def test_enough_hits_for_the_whole_last_word_ask_nothing_else() -> None:
    steps = Steps()
    assert steps.search("council").total == 3
    assert steps.asked == ["run council"]  # neither the vocabulary nor the corrections


def test_an_unfinished_last_word_is_widened_to_the_words_it_starts() -> None:
    steps = Steps()
    found = steps.search("govern")
    assert [h.article_id for h in found.hits] == [4, 5, 6]
    assert steps.asked == ["run govern", "starting", "run  govern*"]


def test_a_misspelt_word_is_corrected_when_nothing_is_found() -> None:
    steps = Steps()
    found = steps.search("budget cousil")
    assert [h.article_id for h in found.hits] == [1, 3] and found.corrected is not None
    assert found.corrected.positive_words == ["budget", "council"]
    assert steps.asked == ["run budget cousil", "starting", "corrections", "run budget council"]


def test_few_hits_offer_a_correction_that_finds_more() -> None:
    steps = Steps()
    found = steps.search("counsil")
    assert [h.article_id for h in found.hits] == [7] and found.corrected is None
    assert found.suggestion is not None and found.suggestion.positive_words == ["council"]
    assert steps.asked == ["run counsil", "starting", "corrections", "count", "run council"]
