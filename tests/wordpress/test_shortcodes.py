"""Shortcodes found in classic text: which bracketed words are shortcodes, their
attributes in any quoting, enclosed content, escapes, and linear time."""

from __future__ import annotations

import time

import pytest

from thepost.wordpress.convert.shortcodes import Shortcode, attributes, scan


def parts(text: str) -> list[object]:
    return [
        p if isinstance(p, str) else (p.name, p.attrs, p.positional, p.content, p.closing)
        for p in scan(text)
    ]


def test_attributes_in_double_single_or_no_quotes_and_positional() -> None:
    assert attributes(
        """ids="1,2" Columns='3' link=file "two words" https://x.example/a.mp3"""
    ) == (
        {"ids": "1,2", "columns": "3", "link": "file"},
        ["two words", "https://x.example/a.mp3"],
    )
    assert attributes("size=\u00a0large\u200bclass=a") == ({"size": "large", "class": "a"}, [])


def test_enclosing_shortcodes_take_their_content() -> None:
    text = (
        '[caption id="attachment_754" align="alignnone" width="604"]'
        '<a href="https://example.com/100_5478.jpg"><img src="https://example.com/100_5478.jpg" /></a>'
        " Bell on wharf in San Francisco[/caption]"
    )
    ((name, attrs, _, content, _),) = parts(text)
    assert (name, attrs["id"], attrs["width"]) == ("caption", "attachment_754", "604")
    assert content is not None and content.endswith("Bell on wharf in San Francisco")
    assert parts("[embed]https://youtu.be/x[/embed]") == [
        ("embed", {}, [], "https://youtu.be/x", False)
    ]


def test_other_shortcodes_come_as_lone_tags() -> None:
    assert parts('[su_button url="https://x.example"]Click[/su_button] [gallery/]') == [
        ("su_button", {"url": "https://x.example"}, [], None, False),
        "Click",
        ("su_button", {}, [], None, True),
        " ",
        ("gallery", {}, [], None, False),
    ]


def test_brackets_that_are_prose_stay_text() -> None:
    text = "children beaching their coracles [simple boat]. [sic] [1] [Note: x] [x=1]"
    assert parts(text) == [text]


def test_escaped_shortcodes_are_literal() -> None:
    assert parts("Type [[gallery]] or [[caption]x[/caption]] for one.") == [
        "Type ", "[gallery]", " or ", "[caption]x[/caption]", " for one.",
    ]  # fmt: skip
    assert parts("[[gallery ids='1']") == ["[", ("gallery", {"ids": "1"}, [], None, False)]


def test_a_closing_tag_of_prose_stays_text() -> None:
    assert parts("a [/b] c") == ["a [/b] c"]
    assert isinstance(next(scan("[/contact-form]")), Shortcode)


@pytest.mark.parametrize(
    "unit", ["[", "[a_b", "[a_b]", "[/a_b]", "[[x]]", "[caption]", "[gallery ids=", "[x ]", "]["]
)
def test_hostile_text_takes_linear_time(unit: str) -> None:
    text = unit * (1_000_000 // len(unit))
    began = time.thread_time()
    for _ in scan(text):
        pass
    assert time.thread_time() - began < 2
