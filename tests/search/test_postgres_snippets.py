"""Snippets made from a story's text and the query's stems (PostgreSQL's backend makes
them in Python: ``search/backends/postgres/snippets.py``)."""

from __future__ import annotations

import time

from thepost.search.backends.base import MARK_END, MARK_START
from thepost.search.backends.postgres.snippets import ELLIPSIS, WORDS, Stems, make


def marked(word: str) -> str:
    return f"{MARK_START}{word}{MARK_END}"


def test_every_form_of_a_stem_is_marked_in_the_text_as_written() -> None:
    stems = Stems.of("'council' & 'vote'", "en")
    snippet = make("The City Council met. Councils voted, and the councillor left.", stems)
    assert snippet == (
        f"The City {marked('Council')} met. {marked('Councils')} {marked('voted')}, and the "
        "councillor left."
    )


def test_accents_and_case_are_folded_as_the_index_folds_them() -> None:
    stems = Stems.of("'eleccion' & 'espan'", "es")
    snippet = make("Las ELECCIONES de España, y la elección.", stems)
    assert snippet == (
        f"Las {marked('ELECCIONES')} de {marked('España')}, y la {marked('elección')}."
    )


def test_a_prefix_marks_the_words_whose_stem_starts_with_it() -> None:
    stems = Stems.of("'water' & 'supp':*", "en")
    snippet = make("Water supplies ran low; suppliers of water raised prices.", stems)
    assert snippet == (
        f"{marked('Water')} {marked('supplies')} ran low; {marked('suppliers')} of "
        f"{marked('water')} raised prices."
    )


def test_a_word_keeps_its_combining_marks() -> None:
    stems = Stems.of("'جدا'", "ar")
    assert marked("جداً") in make("وقال المتحدث إن الزيارة مهمة جداً للطلاب.", stems)


def test_the_snippet_is_taken_where_most_of_the_query_is() -> None:
    filler = " ".join(f"filler{i}" for i in range(200))
    text = f"The budget passed. {filler} The budget vote on the council was close. {filler}"
    snippet = make(text, Stems.of("'budget' & 'vote' & 'council'", "en"))
    assert snippet.startswith(ELLIPSIS) and snippet.endswith(ELLIPSIS)
    assert all(marked(w) in snippet for w in ("budget", "vote", "council"))
    assert len(snippet.split()) <= WORDS + 1


def test_a_text_without_a_match_gives_its_start() -> None:
    words = [f"word{i}" for i in range(100)]
    snippet = make(" ".join(words), Stems.of("'council'", "en"))
    assert snippet == " ".join(words[:WORDS]) + ELLIPSIS
    assert make("A new crossing.", Stems.of("'council'", "en")) == "A new crossing."
    assert make("", Stems.of("'council'", "en")) == ""


def test_inside_a_word_is_not_a_match() -> None:
    stems = Stems.of("'rate'", "en")
    assert make("Corporate pirates berate; rates rose.", stems) == (
        f"Corporate pirates berate; {marked('rates')} rose."
    )


def test_a_long_hostile_text_costs_time_in_proportion_to_its_length() -> None:
    stems = Stems.of("'the' & 'them' & 'ther':*", "en")
    small, large = "the " * 5_000, "the " * 50_000
    timings = []
    for text in (small, large):
        runs = []
        for _ in range(3):
            started = time.thread_time()
            make(text, stems)
            runs.append(time.thread_time() - started)
        timings.append(min(runs))
    # Matches are looked at up to a bound, so ten times the text takes about ten times the
    # time, never its square (a hundred times): the bound leaves room for a busy machine.
    assert timings[1] <= 30 * timings[0] + 0.05
