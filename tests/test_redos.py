"""Every regular expression of the package, and every text function a stranger's input
reaches, runs in time linear in its input: fed adversarial text at the longest length its
field allows, each finishes in under 2 seconds of CPU time (a quadratic pattern takes 100 s
on a 65,525-character comment). This is the suite's one timed test: the bound is fifty
times what a linear pattern needs, counted in the CPU time of the thread doing the work
(other work on a busy machine does not count), and a child process is killed past it, so a
regression fails instead of hanging.

The expressions are found, not listed: any ``re.Pattern`` at module level in ``thepost``
is tried, so a new one is covered the day it is written. Keep patterns at module level.
"""

from __future__ import annotations

import importlib
import multiprocessing
import pkgutil
import re
import time
from collections.abc import Callable, Iterator

import pytest

import thepost
from thepost.comments import actions as comment_actions
from thepost.comments import spam
from thepost.comments import text as comment_text
from thepost.content import text as content_text
from thepost.errors import DomainError
from thepost.mail.outbox import address_error
from thepost.search.query import parse

BOUND = 2.0
LONGEST_FIELD = comment_actions.LIMITS["body"]  # 65,525: the longest field a stranger sends
ARTICLE_BODY = 2_000_000  # an imported or pasted body (the editor's request limit)

# What backtracking patterns choke on: long runs of one kind of character (or a short
# repeated unit) between a prefix that starts a match and a tail that spoils it.
UNITS = [
    " ",
    "\t",
    "\n",
    "1",
    "1,",
    "1.",
    ".",
    "-",
    "_",
    "a",
    "A",
    "a.",
    "a-",
    "a1",
    "a@",
    "@a.",
    "www.",
    "http://",
    "$1",
    "$1 ",
    "1 ",
    " k",
    "<a ",
    "<figure>",
    "[url",
    "+1 ",
    "(1",
    "1)",
    "\u200b",
    "%",
    "'",
    '"',
    "=",
    "&",
    "#",
    "/",
    "\\",
    ":",
    "!",
    "A!",
]
ENDS = [("", "!"), ("$1", "x"), ("http://", "\x00"), ("a", "@"), ("<", " "), ("\n", "1")]


def attacks(length: int) -> Iterator[str]:
    for unit in UNITS:
        run = unit * (length // len(unit))
        for prefix, tail in ENDS:
            yield (prefix + run)[: length - 1] + tail


def _patterns() -> dict[str, re.Pattern[str]]:
    found: dict[str, re.Pattern[str]] = {}
    for info in pkgutil.walk_packages(thepost.__path__, "thepost."):
        if info.name.endswith("__main__") or ".migrations" in info.name:
            continue
        try:
            module = importlib.import_module(info.name)
        except ImportError:  # an optional compiled part
            continue
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and value.pattern and isinstance(value.pattern, str):
                found[f"{info.name}.{name}"] = value
    return found


PATTERNS = _patterns()


def _slowest(work: Callable[[str], object], length: int, out: multiprocessing.Queue) -> None:
    worst, sample = 0.0, ""
    for text in attacks(length):
        began = time.thread_time()
        work(text)
        took = time.thread_time() - began
        if took > worst:
            worst, sample = took, text
    out.put((worst, sample[:20] + "..." + sample[-5:]))


def slowest(work: Callable[[str], object], length: int) -> tuple[float, str]:
    """The longest one input took, in a child process killed past the bound (per input,
    with room for the whole list)."""
    context = multiprocessing.get_context("fork")
    out = context.Queue()
    child = context.Process(target=_slowest, args=(work, length, out))
    child.start()
    child.join(BOUND * len(UNITS) * len(ENDS) / 4)
    if child.is_alive():
        child.kill()
        child.join()
        pytest.fail("gave no answer in time: an input took far longer than the bound")
    return out.get(timeout=10)


def test_the_expressions_are_found() -> None:
    assert "thepost.comments.spam._PER_PERIOD" in PATTERNS
    assert len(PATTERNS) >= 30


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_each_expression_is_linear(name) -> None:
    pattern = PATTERNS[name]
    worst, sample = slowest(pattern.findall, LONGEST_FIELD)
    assert worst < BOUND, f"{name} took {worst:.1f} s on {sample!r}"


FUNCTIONS: dict[str, tuple[Callable[[str], object], int]] = {
    "spam tokens of a comment body": (lambda t: spam.tokens("Ann", "a@example.org", "", t),
                                      LONGEST_FIELD),
    "spam tokens of a name": (lambda t: spam.tokens(t, "a@example.org", "", "Hi"),
                              comment_actions.LIMITS["author_name"]),
    "spam tokens of a website": (lambda t: spam.tokens("Ann", "a@example.org", t, "Hi"),
                                 comment_actions.LIMITS["author_url"]),
    "a comment's validation": (lambda t: comment_actions.check(comment_actions.Submission(
        article_id=1, name="Ann", email="a@example.org", body=t, url="")), LONGEST_FIELD),
    "a comment rendered": (comment_text.render, LONGEST_FIELD),
    "an address checked": (address_error, 10_000),
    "a search query parsed": (parse, 10_000),
    "a body's text": (content_text.html_to_text, ARTICLE_BODY),
    "an excerpt": (content_text.excerpt, ARTICLE_BODY),
    "a slug": (content_text.slugify, 10_000),
}  # fmt: skip


@pytest.mark.parametrize("name", FUNCTIONS)
def test_each_text_function_is_linear(name) -> None:
    work, length = FUNCTIONS[name]

    def quietly(text: str) -> object:
        try:
            return work(text)
        except DomainError:  # refused input is an answer too (ValidationError)
            return None

    worst, sample = slowest(quietly, length)
    assert worst < BOUND, f"{name} took {worst:.1f} s on {sample!r}"
