"""What a reader typed, parsed into a small, safe structure every backend compiles.

    >>> parse('aleppo "water supply" -football counc')
    Parsed(terms=['aleppo'], phrases=[['water', 'supply']], excluded=['football'], prefix='counc')

Words are lower-cased and accent-folded (é = e); anything that is not a letter or digit
separates words, so no search syntax of any engine can be smuggled through. Unbalanced
quotes close at the end. At most ``MAX_WORDS`` words are kept.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

MAX_WORDS = 12
MAX_WORD = 40
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def fold(text: str) -> str:
    """Lower case without accents: 'Café Ñandú' -> 'cafe nandu'."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return [w[:MAX_WORD] for w in _WORD.findall(fold(text))]


@dataclass
class Parsed:
    terms: list[str] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    prefix: str = ""  # the last word, when the reader may still be typing it

    @property
    def empty(self) -> bool:
        return not (self.terms or self.phrases or self.prefix)

    @property
    def whole_words(self) -> list[str]:
        """The terms and the phrases' words: the positive words but the prefix."""
        return [*self.terms, *(w for p in self.phrases for w in p)]

    @property
    def positive_words(self) -> list[str]:
        return [*self.whole_words, *([self.prefix] if self.prefix else [])]

    def replace(self, corrections: dict[str, str]) -> Parsed:
        """The same query with misspelt words swapped for corrections."""

        def fix(word: str) -> str:
            return corrections.get(word, word)

        return Parsed(
            [fix(t) for t in self.terms],
            [[fix(w) for w in p] for p in self.phrases],
            list(self.excluded),
            fix(self.prefix),
        )

    def text(self) -> str:
        """A readable form of the query (for "did you mean")."""
        parts = [*self.terms, *(f'"{" ".join(p)}"' for p in self.phrases)]
        parts += [f"-{w}" for w in self.excluded]
        if self.prefix:
            parts.append(self.prefix)
        return " ".join(parts)


def parse(raw: str, *, prefix_last: bool = True) -> Parsed:
    parsed = Parsed()
    budget = MAX_WORDS
    # Split on double quotes: odd segments are phrases (an unclosed one runs to the end).
    segments = raw.replace("“", '"').replace("”", '"').split('"')
    last_bare: tuple[str, bool] | None = None
    for index, segment in enumerate(segments):
        if budget <= 0:
            break
        if index % 2 == 1:
            phrase = words(segment)[:budget]
            budget -= len(phrase)
            if len(phrase) == 1:
                parsed.terms.append(phrase[0])
            elif phrase:
                parsed.phrases.append(phrase)
            last_bare = None
            continue
        for token in segment.split():
            negative = token.startswith("-") and len(token) > 1
            for word in words(token):
                if budget <= 0:
                    break
                budget -= 1
                if negative:
                    parsed.excluded.append(word)
                else:
                    parsed.terms.append(word)
                last_bare = (word, negative)
    # The last bare word, if the query ends with it, may be unfinished: match it as a prefix.
    ends_bare = not raw.rstrip().endswith('"') and raw == raw.rstrip()
    candidate = last_bare[0] if last_bare and not last_bare[1] else ""
    if prefix_last and ends_bare and len(candidate) >= 2 and parsed.terms[-1:] == [candidate]:
        parsed.prefix = parsed.terms.pop()
    parsed.terms = list(dict.fromkeys(parsed.terms))
    parsed.excluded = [w for w in dict.fromkeys(parsed.excluded) if w not in parsed.terms]
    return parsed
