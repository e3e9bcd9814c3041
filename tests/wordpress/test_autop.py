"""``autop``: WordPress's paragraphs and line breaks for classic posts, on the cases its
own tests pin down, and in linear time."""

from __future__ import annotations

import time

import pytest

from thepost.wordpress.convert import autop


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One\nline\n\nTwo", "<p>One<br />\nline</p>\n<p>Two</p>"),
        ("\n\n  \n", ""),
        ("a<div>b</div>", "<p>a</p>\n<div>b</div>"),
        ("paragraph1<hr>paragraph2", "<p>paragraph1</p>\n<hr>\n<p>paragraph2</p>"),
        ("<blockquote>foo</blockquote>", "<blockquote><p>foo</p></blockquote>"),
        ("<div>\ntext\n</div>", "<div>\ntext\n</div>"),
        ("Hello <a\nhref='world'>", "<p>Hello <a\nhref='world'></p>"),
        ("Hello <!-- a\nb -->", "<p>Hello <!-- a\nb --></p>"),
        ("line 1<br>\nline 2<br/>\nline 3", "<p>line 1<br />\nline 2<br />\nline 3</p>"),
        ("line 1<br>\n<br/>\nline 2<br/>\n<br />\n", "<p>line 1</p>\n<p>line 2</p>"),
        (
            '<figure>\n<img src="a.jpg" />\n<figcaption>Caption</figcaption>\n</figure>',
            '<figure>\n<img src="a.jpg" /><figcaption>Caption</figcaption></figure>',
        ),
        ("<script>\nvar a = 1;\n</script>", "<p><script>\nvar a = 1;\n</script></p>"),
        ("text</li>", "<p>text</p></li>"),
        ("<ul>\n\t<li>a</li>\n\t<li>b</li>\n</ul>", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
    ],
)
def test_wordpress_paragraph_rules(text: str, expected: str) -> None:
    assert autop(text).strip() == expected


def test_a_classic_post_with_a_list_between_paragraphs() -> None:
    text = (
        'First things first:\n<ul>\n<li><a href="/subscribe">Subscribe</a></li>\n</ul>\n'
        "As a subscriber, you will hear of each update.\nLog in and follow the steps.\n\n"
        "Thank you."
    )
    assert autop(text) == (
        '<p>First things first:</p>\n<ul>\n<li><a href="/subscribe">Subscribe</a></li>\n</ul>\n'
        "<p>As a subscriber, you will hear of each update.<br />\nLog in and follow the steps.</p>\n"
        "<p>Thank you.</p>\n"
    )


def test_pre_is_left_as_written() -> None:
    code = "Line1<br />Line2\n\n  indented\nActual line 3"
    assert autop(f"Look at this code\n\n<pre>{code}</pre>\n\nCool?") == (
        f"<p>Look at this code</p>\n<pre>{code}</pre>\n<p>Cool?</p>\n"
    )


def test_block_and_inline_elements() -> None:
    blocks = ["table", "div", "ul", "ol", "dl", "pre", "blockquote", "h2", "h6", "figure"]
    tags = [f"<{b}>foo</{b}>" for b in blocks]
    assert autop("".join(tags)).strip() == "\n".join(
        f"<{b}><p>foo</p></{b}>" if b == "blockquote" else f"<{b}>foo</{b}>" for b in blocks
    )
    inlines = ["a", "em", "strong", "code", "span", "sup", "sub", "abbr", "mark", "del"]
    assert autop("\n\n".join(f"<{i}>foo</{i}>" for i in inlines)).strip() == "\n".join(
        f"<p><{i}>foo</{i}></p>" for i in inlines
    )


@pytest.mark.parametrize(
    "unit", ["<p", "<div>", "<pre>", "<script>", "<!--", " \n", "a\n\n", "<br> ", "<", "</div>"]
)
def test_hostile_text_takes_linear_time(unit: str) -> None:
    """Four times the text takes about four times as long, not sixteen: a ratio of two
    runs on the same machine, so a busy machine slows both alike."""

    def best_of_three(size: int) -> float:
        text = unit * (size // len(unit))
        times = []
        for _ in range(3):
            began = time.thread_time()
            autop(text)
            times.append(time.thread_time() - began)
        return min(times)

    small, large = best_of_three(100_000), best_of_three(400_000)
    # Below a few milliseconds the clock's own noise dominates the ratio.
    assert large < 8 * max(small, 0.005)
