"""How search analyses each language: its PostgreSQL text search configuration, its
Snowball stemmer and its stop words.

A document is analysed in its own language (its story's, or the site's for a story in
the site's own language) and a query in the reader's, so "elecciones" finds a story that
says "elección", and "Wahlen" one that says "Wahl"::

    analysis("es-MX")      # Analysis(config='thepost_spanish', stemmer='spanish', ...)
    analysis("pt")         # OTHER: words as they are, accents folded

A language is named by its tag as the site names it (``tag``: "es", "pt-br"); the
analysis goes by the tag's language ("es-MX" is Spanish). A language without a stemmer
here is searched word for word (``OTHER``), never with another language's rules.

On SQLite, stop words are left out of what a reader asks for, not out of the index: a
quoted phrase keeps them ("el Banco de España"). English has none there, as it never
had: a word in most documents ("the", "of") is left out of the ranking instead
(``backends.sqlite.counts``), and still has to match. On PostgreSQL the configuration's
dictionary drops its stop words from documents and queries alike, except English's,
which keeps every word (``thepost_english_stem``, migration 0032), so that "the who"
finds on both backends what it says.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from thepost import i18n
from thepost.search import stopwords
from thepost.search.query import fold

if TYPE_CHECKING:
    import Stemmer


@dataclass(frozen=True)
class Analysis:
    config: str  # the PostgreSQL text search configuration (migration 0030)
    stemmer: str | None  # the Snowball algorithm (PyStemmer's name); None: no stemming
    # Folded, as ``query.words`` gives words: what a query leaves out where the backend
    # analyses queries itself (SQLite); a PostgreSQL configuration has its own list.
    stop_words: frozenset[str] = frozenset()

    def stops(self, word: str) -> bool:
        """Whether a query leaves ``word`` (folded) out."""
        return word in self.stop_words


def _folded(words: str) -> frozenset[str]:
    return frozenset(fold(w) for w in words.split())


ANALYSES: dict[str, Analysis] = {
    "en": Analysis("thepost_english", "english"),
    "es": Analysis("thepost_spanish", "spanish", _folded(stopwords.SPANISH)),
    "de": Analysis("thepost_german", "german", _folded(stopwords.GERMAN)),
    "fr": Analysis("thepost_french", "french", _folded(stopwords.FRENCH)),
    "ar": Analysis("thepost_arabic", "arabic"),
}
OTHER = Analysis("thepost_simple", None)  # accents folded, nothing else


def tag(language: str) -> str:
    """A language tag as the index keeps it: "es", "pt-br" (``i18n.base`` spells them
    alike)."""
    return language.strip().replace("_", "-").lower()


def analysis(language: str) -> Analysis:
    """How text in ``language`` (a tag) is analysed."""
    return ANALYSES.get(i18n.base(language), OTHER)


_local = threading.local()


def stemmer(algorithm: str) -> Stemmer.Stemmer:
    """This thread's Snowball stemmer for ``algorithm`` (a stemmer keeps state between
    calls, so threads do not share one)."""
    stemmers: dict[str, Stemmer.Stemmer] | None = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    if algorithm not in stemmers:
        import Stemmer  # on first use: a worker on PostgreSQL needs it only for snippets

        stemmers[algorithm] = Stemmer.Stemmer(algorithm)
    return stemmers[algorithm]
