"""What every backend does around its own search: the last word, and misspellings.

The last word, which ``query.parse`` marks as a possible prefix, is searched whole
first: a submitted query's last word is nearly always finished, and a prefix costs a
merge of every word it starts (after stemming, "government" is "govern*": most of the
index). It is widened to a prefix when the whole word finds fewer than ``FEW`` hits, is
not a vocabulary word itself, and starts one. When it starts none, a typo is the likelier
reason, and the prefix is tried only if no correction helps. (Search-as-you-type always
uses the prefix.)

A search that finds nothing is run again with the corrections (``Results.corrected``);
one that finds fewer than ``FEW`` hits offers the corrected query when that finds at
least ``FEW`` times as many (``Results.suggestion``). A backend passes its steps in::

    retries.search(query, Steps(run=..., count=..., starting=..., corrections=...))
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from thepost.search.backends.base import Results
from thepost.search.query import Parsed

FEW = 3  # fewer hits than this and a correction may be suggested


@dataclass(frozen=True)
class Steps:
    run: Callable[[Parsed], Results]  # one search: a page of hits and the total
    count: Callable[[Parsed], int]  # how many match, counting up to the total's cap
    starting: Callable[[str], tuple[bool, bool]]  # a known word? starts a longer one?
    corrections: Callable[[Sequence[str]], dict[str, str]]  # for unknown words


def search(query: Parsed, steps: Steps) -> Results:
    if query.empty:
        return Results([], 0)
    found = steps.run(whole(query))
    if found.total >= FEW:
        return found  # most searches: the vocabulary is not asked
    known, longer = steps.starting(query.prefix) if query.prefix else (False, False)
    widen = longer and not known
    if widen:
        widened = steps.run(query)
        found = widened if widened.total > found.total else found
        if found.total >= FEW:
            return found
    words = query.whole_words
    started = known or longer  # an unfinished last word is not corrected
    fixes = steps.corrections(words + ([query.prefix] if query.prefix and not started else []))
    if fixes:
        fixed = query.replace(fixes)
        if found.total == 0:
            retry = _whole_first(steps.run, fixed, widen=widen)
            if retry.total:
                retry.corrected = fixed
                return retry
        else:
            if steps.count(whole(fixed)) >= max(FEW, FEW * found.total):
                found.suggestion = fixed
            return found
    if query.prefix and not started:
        # No known word starts with it and no correction helped: it may still start
        # a word of some body.
        widened = steps.run(query)
        if widened.total > found.total:
            return widened
    return found


def whole(query: Parsed) -> Parsed:
    """``query`` with its last word taken as finished."""
    if not query.prefix:
        return query
    words = list(dict.fromkeys([*query.terms, query.prefix]))
    return Parsed(words, query.phrases, query.excluded)


def _whole_first(run: Callable[[Parsed], Results], query: Parsed, *, widen: bool) -> Results:
    if not query.prefix:
        return run(query)
    found = run(whole(query))
    if widen and found.total < FEW:
        widened = run(query)
        if widened.total > found.total:
            return widened
    return found
