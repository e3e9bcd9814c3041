"""Word-level comparison of revisions."""

from __future__ import annotations

from thepost.content.diff import Run, compare, diff_text, words


def test_words_keep_the_text_whole() -> None:
    text = "The council  met on Tuesday.\n\nIt voted."
    assert "".join(words(text)) == text
    assert words("a b") == ["a", " ", "b"]


def test_a_changed_word_shows_as_removed_then_added() -> None:
    runs = diff_text("The council met on Tuesday.", "The council met on Wednesday.")
    assert runs == (
        Run("same", "The council met on "),
        Run("removed", "Tuesday"),
        Run("added", "Wednesday"),
        Run("same", "."),
    )


def test_inserted_phrase_is_one_run_and_unchanged_text_is_kept() -> None:
    old = "Rain is expected tomorrow."
    new = "Heavy rain and strong winds are expected tomorrow."
    runs = diff_text(old, new)
    assert "".join(r.text for r in runs if r.op != "added") == old
    assert "".join(r.text for r in runs if r.op != "removed") == new
    assert [r.op for r in runs].count("same") >= 1


def test_identical_and_empty_texts() -> None:
    assert diff_text("same words", "same words") == (Run("same", "same words"),)
    assert diff_text("", "") == ()
    assert diff_text("", "new") == (Run("added", "new"),)


def test_compare_lists_only_changed_fields_with_readable_names() -> None:
    old = {"title": "Budget passes", "section_id": 1, "tags": ["Economy"], "author_ids": [7]}
    new = {
        "title": "Budget passes narrowly",
        "section_id": 2,
        "tags": ["Economy", "Council"],
        "author_ids": [7],
        "comments_open": False,
    }
    names = {"section_id": {1: "News", 2: "Politics"}, "author_ids": {7: "Ana Lima"}}
    changes = {c.name: c for c in compare(old, new, names=names)}
    assert set(changes) == {"title", "section_id", "tags", "comments_open"}
    assert changes["title"].added == 1 and changes["title"].removed == 0
    assert [r.text for r in changes["section_id"].runs] == ["News", "Politics"]
    assert changes["tags"].runs[-1] == Run("added", ", Council")
    assert changes["comments_open"].label == "Comments open"
