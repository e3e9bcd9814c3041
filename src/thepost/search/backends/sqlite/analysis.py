"""Text as ``search_fts`` indexes it: each word folded, then stemmed in its language.

FTS5 finds the words with its own tokenizer (``TOKENIZE``, ``search_fts``'s since
migration 0030), run on an FTS5 table in a private in-memory database of this thread;
PyStemmer's Snowball stemmer for the language (``search.languages``) stems each. The
stems, a space between, are what ``search_fts`` indexes, whose tokenizer then only
splits them again::

    documents([("es", "Las elecciones", "", "", "", "", "")])[0]["title"]
    # ['las', 'eleccion']

One stem per word, in order: the n-th token indexed is the n-th word of the text as
written. ``search_fts`` reads the text as written from its content table
(``search_fts_texts``), and FTS5's ``snippet()`` tokenizes that text to find the words a
match holds, so snippets show the story's own words with the matches marked, as they
did when FTS5 stemmed. The word pairs (``pairs``) are made from the same tokens.

A reader's words are analysed the same way, in the reader's language, with the
language's stop words left out (``query``); a quoted phrase keeps them, as the index
keeps every word.
"""

from __future__ import annotations

import functools
import sqlite3
import threading
import unicodedata
from collections.abc import Sequence

from thepost.search import languages
from thepost.search.query import Parsed

# search_fts's, migration 0030: Latin accents folded; a combining mark (Arabic's vowel
# marks, "كَتَبَ") kept inside its word rather than splitting it, and dropped by ``bare``.
TOKENIZE = "unicode61 remove_diacritics 2 categories 'L* N* Co Mn'"
_TOKEN_CATEGORIES = ("L", "N", "Co", "Mn")
COLUMNS = ("title", "standfirst", "tags", "authors", "section", "body")
WORDS_KEPT = 20_000  # a reader's words analysed, remembered (readers repeat themselves)

_local = threading.local()
_TOKENS = 'SELECT doc, col, "offset", term FROM tokens'
_INSERT = f"INSERT INTO doc (rowid, {', '.join(COLUMNS)}) VALUES (?{', ?' * len(COLUMNS)})"
_CLEAR = "INSERT INTO doc (doc) VALUES ('delete-all')"

Tokens = dict[str, list[str]]  # a document's tokens, by column


def _tokenizer() -> sqlite3.Connection:
    """This thread's in-memory database holding a copy of ``search_fts``'s tokenizer."""
    connection: sqlite3.Connection | None = getattr(_local, "connection", None)
    if connection is None:
        connection = sqlite3.connect(":memory:", isolation_level=None)
        connection.execute(
            f"CREATE VIRTUAL TABLE doc USING fts5({', '.join(COLUMNS)}, content = '', "
            f'tokenize = "{TOKENIZE}")'
        )
        connection.execute("CREATE VIRTUAL TABLE tokens USING fts5vocab(doc, instance)")
        _local.connection = connection
    return connection


def words(texts: Sequence[Sequence[str]]) -> list[Tokens]:
    """The words of each text, given as its ``COLUMNS``, as ``search_fts``'s tokenizer
    finds them (folded, in order), by column."""
    if not texts:
        return []
    connection = _tokenizer()
    connection.execute("BEGIN")
    try:
        connection.executemany(_INSERT, [(n, *text) for n, text in enumerate(texts)])
        placed: dict[tuple[int, str], dict[int, str]] = {}
        for doc, col, offset, term in connection.execute(_TOKENS).fetchall():
            at = placed.get((doc, col))
            if at is None:
                at = placed[doc, col] = {}
            at[offset] = term
    finally:
        connection.execute(_CLEAR)
        connection.execute("COMMIT")
    found: list[Tokens] = [{column: [] for column in COLUMNS} for _ in texts]
    for (doc, col), at in placed.items():
        found[doc][col] = [at[i] for i in range(len(at))]
    return found


def bare(token: str) -> str:
    """A token without the combining marks FTS5 keeps in it (folded as ``query.fold``
    folds a reader's words: "كَتَبَ" is "كتب", Greek "ά" is "α"); the token as it is when
    that would not be one token any more."""
    if token.isascii():
        return token
    found = "".join(c for c in unicodedata.normalize("NFD", token) if not unicodedata.combining(c))
    kept = all(unicodedata.category(c).startswith(_TOKEN_CATEGORIES) for c in found)
    return found if found and kept else token


def stems(tokens: list[str], language: str) -> list[str]:
    """``tokens`` bare and stemmed in ``language``, one for one (a token the stemmer would
    leave empty stays as it is)."""
    tokens = [bare(t) for t in tokens]
    algorithm = languages.analysis(language).stemmer
    if algorithm is None or not tokens:
        return tokens
    stemmed = languages.stemmer(algorithm).stemWords(tokens)
    return [stem or token for stem, token in zip(stemmed, tokens, strict=True)]


def documents(texts: Sequence[Sequence[str]]) -> list[Tokens]:
    """Each text's tokens as ``search_fts`` indexes them, by column; a text is given as
    its language and its ``COLUMNS``."""
    found = words([text[1:] for text in texts])
    for text, tokens in zip(texts, found, strict=True):
        for column in COLUMNS:
            tokens[column] = stems(tokens[column], text[0])
    return found


@functools.lru_cache(maxsize=WORDS_KEPT)
def word(typed: str, language: str) -> str:
    """A reader's word as the index holds it: its stem, or the stems of the tokens it
    makes, a space between (a phrase); "" for a word with no token."""
    if not typed:
        return ""
    tokens = words([(typed, *("",) * (len(COLUMNS) - 1))])[0][COLUMNS[0]]
    return " ".join(stems(tokens, language))


def query(parsed: Parsed, language: str) -> Parsed:
    """What a reader typed, as the index holds it in ``language``: the words stemmed, the
    stop words of words, exclusions and the last word left out (a phrase keeps its own)."""
    stops = languages.analysis(language).stops

    def kept(typed: Sequence[str]) -> list[str]:
        found = (word(w, language) for w in typed if not stops(w))
        return list(dict.fromkeys(w for w in found if w))

    terms = kept(parsed.terms)
    excluded = kept(parsed.excluded)
    phrases = [" ".join(word(w, language) for w in p).split() for p in parsed.phrases]
    prefix = word(parsed.prefix, language) if parsed.prefix and not stops(parsed.prefix) else ""
    return Parsed(terms, [p for p in phrases if p], excluded, prefix)
