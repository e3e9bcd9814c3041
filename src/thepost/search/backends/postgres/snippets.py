"""Snippets: a few words of a story's text around the words a query found, marked.

PostgreSQL's ``ts_headline`` parses and stems every word of the text it is given: for a
results page, the first 3,000 characters of ten bodies and ten standfirsts, and 20,000
characters again of a body matching further in (measured side by side on the same ten
texts at 100,000 articles: 4.6–7.0 ms for ``ts_headline``, 1.6 ms here). Here the text
is searched for the query's stems directly: the places where a word starts as a stem
does (Snowball rewrites only endings) are found with ``str.find`` in the text folded as
the index folds it (lower case, accents off, ``query.fold``, one character for one), and
only those words are stemmed, with the same Snowball stemmer as the document's
configuration (``search.languages``), so a match is marked where the index found one
("councils" for "council", "Elecciones" for "elección"). The snippet is ``WORDS`` words
around the first place holding the most of the query's stems, with an ellipsis where the
text goes on::

    make("The city council met. Councils vote.", Stems.of("'council'", "en"))
    # "The city \x02council\x03 met. \x02Councils\x03 vote." (marks: MARK_START, MARK_END)

A text with no match gives its first ``WORDS`` words.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from thepost.search import languages
from thepost.search.backends.base import MARK_END, MARK_START, snippet

WORDS = 24  # words a snippet shows (FTS5's snippet on SQLite shows as many)
LEAD = 4  # words shown before the first match
REACH = WORDS * 6  # characters after a match counted as the same place when choosing one
MATCHES = 50  # matches looked at, at most, per text and beginning
ELLIPSIS = "…"


def _marks() -> str:
    """The combining marks of the Basic Multilingual Plane as a character class's ranges:
    a word holds them (Arabic's vowel marks, "مُحَمَّد"), as the index's tokenizer keeps
    them."""
    codes = [c for c in range(0x300, 0x10000) if unicodedata.category(chr(c)) == "Mn"]
    ranges: list[tuple[int, int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges)


_WORD = re.compile(rf"[^\W_](?:[^\W_]|[{_marks()}])*")  # letters and digits, and the marks inside
_SPACE = re.compile(r"\s")
# The start of a word that may stem to a lexeme: a stem and the words it comes from share
# their first letters (Snowball rewrites endings only).
_START = 3


@functools.lru_cache(maxsize=4096)
def _fold(char: str) -> str:
    """One character as ``query.fold`` folds it, kept as it is where that would not be
    one character."""
    found = "".join(
        c for c in unicodedata.normalize("NFKD", char.lower()) if not unicodedata.combining(c)
    )
    return found if len(found) == 1 else char


def _folded_match(m: re.Match[str]) -> str:
    return _fold(m.group())


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_TSQUERY_LEXEME = re.compile(r"'((?:[^'\\]|''|\\.)*)'(:\*)?")
_UNQUOTED = re.compile(r"'(')|\\(.)")


def folded(text: str) -> str:
    """``text`` lower case without accents, character for character (so that a place in
    it is the same place in ``text``)."""
    low = text.lower()
    if len(low) != len(text):  # a capital that is two letters in lower case ("İ")
        return "".join(map(_fold, text))
    return low if low.isascii() else _NON_ASCII.sub(_folded_match, low)


def _letter(char: str) -> bool:
    """Whether ``char`` is part of a word: a letter, a digit or a combining mark."""
    return char.isalnum() or unicodedata.category(char) == "Mn"


@dataclass(frozen=True)
class Stems:
    """What a snippet marks: the query's lexemes, whole (``exact``) or as a prefix
    (``starts``), and how a word of the text becomes one."""

    exact: frozenset[str]
    starts: tuple[str, ...]
    stem: Callable[[str], str]
    beginnings: tuple[str, ...]  # how the words that may stem to one start

    @classmethod
    def of(cls, tsquery: str, language: str) -> Stems:
        """The positive lexemes of ``tsquery`` (PostgreSQL's text of it), stemmed as
        ``language`` (a tag) stems."""
        exact: set[str] = set()
        starts: list[str] = []
        for m in _TSQUERY_LEXEME.finditer(tsquery):
            lexeme = _UNQUOTED.sub(lambda u: u.group(1) or u.group(2), m.group(1))
            if m.group(2):
                starts.append(lexeme)
            else:
                exact.add(lexeme)
        beginnings = tuple(sorted({w[:_START] for w in (*exact, *starts) if w}))
        return cls(frozenset(exact), tuple(starts), _stemming(language), beginnings)

    def holds(self, word: str) -> str | None:
        """The lexeme ``word`` (folded) is, or starts with, when it is one of these."""
        if not word.isascii():
            word = "".join(c for c in word if not unicodedata.combining(c))
        stem = self.stem(word)
        if stem in self.exact:
            return stem
        return next((s for s in self.starts if stem.startswith(s)), None)


def _stemming(language: str) -> Callable[[str], str]:
    algorithm = languages.analysis(language).stemmer
    if algorithm is None:
        return str
    stemmer = languages.stemmer(algorithm)
    return lambda word: stemmer.stemWord(word) or word


def make(text: str, stems: Stems) -> str:
    """The snippet of ``text``: its words around the best match, marked."""
    if not text:
        return ""
    plain = folded(text)
    found = _found(plain, stems)
    anchor = _best(found)
    words = _around(plain, anchor)
    if not words:
        return ""
    marked = {start for start, _, _ in found}
    out: list[str] = [ELLIPSIS] if words[0][0] > 0 and _WORD.search(plain, 0, words[0][0]) else []
    at = words[0][0]
    for start, end in words:
        out.append(text[at:start])
        if start in marked:
            out += [MARK_START, text[start:end], MARK_END]
        else:
            out.append(text[start:end])
        at = end
    space = _SPACE.search(text, at)
    stop = space.start() if space else len(text)
    out.append(text[at:stop])
    if _WORD.search(plain, stop):
        out.append(ELLIPSIS)
    return "".join(out).strip()


def of(body: str, standfirst: str, stems: Stems) -> str:
    """A hit's snippet: the body's where it holds a match or there is no standfirst,
    else the standfirst's (made only then), as ``backends.base.snippet`` chooses."""
    found = make(body, stems)
    return snippet(found, make(standfirst, stems) if MARK_START not in found else standfirst)


def _found(plain: str, stems: Stems) -> list[tuple[int, int, str]]:
    """Each match in ``plain`` (folded), in order: its start, end and lexeme. A word is
    stemmed only where it starts as a lexeme does, found by ``str.find``."""
    found: list[tuple[int, int, str]] = []
    for beginning in stems.beginnings:
        at, matches = plain.find(beginning), 0
        while at >= 0 and matches < MATCHES:
            word = _WORD.match(plain, at)
            end = word.end() if word else at + len(beginning)
            if word and not (at and _letter(plain[at - 1])):
                lexeme = stems.holds(word.group())
                if lexeme is not None:
                    found.append((at, end, lexeme))
                    matches += 1
            at = plain.find(beginning, end)
    found.sort()
    return found


def _best(found: list[tuple[int, int, str]]) -> int:
    """Where the snippet's first match is: the first that has the most of the query's
    lexemes within ``REACH`` after it (0: no match)."""
    best, most = 0, 0
    for i, (start, _, _) in enumerate(found):
        held = set()
        for later, _, lexeme in found[i:]:
            if later >= start + REACH:
                break
            held.add(lexeme)
        if len(held) > most:
            best, most = start, len(held)
    return best


def _around(plain: str, anchor: int) -> list[tuple[int, int]]:
    """The words shown: up to ``LEAD`` before ``anchor`` and the rest of ``WORDS`` from
    it, as (start, end) in the text."""
    before = [
        (m.start(), m.end()) for m in _WORD.finditer(plain, max(0, anchor - 30 * LEAD), anchor)
    ]
    if before and before[0][0] > 0 and _WORD.match(plain, before[0][0] - 1):
        before = before[1:]  # a word cut by where the look back started
    words = before[-LEAD:] if anchor else []
    for m in _WORD.finditer(plain, anchor):
        if len(words) >= WORDS:
            break
        words.append((m.start(), m.end()))
    return words
