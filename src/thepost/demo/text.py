"""The demo's words: stories, standfirsts and bylines composed from the hand-written
lists in ``demo.words`` with a seeded ``random.Random`` (the same seed, the same text)."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from thepost.content.text import word_count
from thepost.demo import words

MIN_WORDS, MAX_WORDS = 400, 900


_SLOT = re.compile(r"\{(\w+)\}")
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _money(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.6:
        return f"£{rng.randint(2, 95)}.{rng.randint(1, 9)}m"
    if kind < 0.9:
        return f"£{rng.randint(11, 90) * 10}m"
    return f"£{rng.randint(1, 4)}.{rng.randint(1, 9)}bn"


# Values made afresh at every use: numbers, days, times.
FRESH: dict[str, Callable[[random.Random], str]] = {
    "n": lambda r: str(r.randint(3, 40)),
    "n_small": lambda r: str(r.randint(2, 9)),
    "n_few": lambda r: str(r.randint(2, 6)),
    "n_many": lambda r: str(r.randint(20, 60)),
    "big": lambda r: f"{r.randint(12, 480) * 10:,}",
    "pct": lambda r: f"{r.randint(5, 60)}%",
    "pct2": lambda r: f"{r.randint(5, 40)}%",
    "pct_small": lambda r: f"{r.randint(2, 9)}%",
    "pct_high": lambda r: f"{r.randint(52, 88)}%",
    "possession": lambda r: f"{r.randint(38, 68)}%",
    "money": _money,
    "money_small": lambda r: f"£{r.randint(15, 900) * 1000:,}",
    "bill": lambda r: f"£{r.randint(145, 189) * 10:,}",
    "day": lambda r: r.choice(_DAYS),
    "ago": lambda r: r.choice(
        [
            "a decade ago",
            "five years ago",
            "two years ago",
            "before the pandemic",
            "last year",
            "in 2019",
        ]
    ),
    "period": lambda r: r.choice(["year", "month", "spring", "autumn"]),
    "ordinal": lambda r: r.choice(["second", "third", "fourth"]),
    "score": lambda r: r.choice(["2-1", "3-2", "2-0", "1-0", "3-1", "4-2"]),
    "runs": lambda r: str(r.randint(96, 310)),
}

# People named in full with their role the first time, by surname afterwards.
_REFS = {
    "person_ref": ("{person}, the {role},", "{surname}"),
    "expert_ref": ("{expert}, {expert_role},", "{expert_surname}"),
}


class Filler:
    """Fills ``{slot}`` templates from fixed article values (a list means: pick one at
    each use) and fresh random values."""

    def __init__(self, rng: random.Random, values: dict[str, str | list[str]]) -> None:
        self.rng = rng
        self.values = values
        self.introduced: set[str] = set()

    def __call__(self, template: str) -> str:
        """The filled template as a sentence: first letter upper case."""
        text = self.raw(template)
        return text[:1].upper() + text[1:]

    def raw(self, template: str) -> str:
        def replace(match: re.Match[str]) -> str:
            key = match.group(1)
            if key in _REFS:
                first, again = _REFS[key]
                text = again if key in self.introduced else first
                self.introduced.add(key)
            elif key in self.values:
                value = self.values[key]
                text = self.rng.choice(value) if isinstance(value, list) else value
            elif key in FRESH:
                text = FRESH[key](self.rng)
            else:
                raise KeyError(f"unknown slot {{{key}}} in {template!r}")
            return self.raw(text) if "{" in text else text

        return _SLOT.sub(replace, template)


def someone(rng: random.Random) -> tuple[str, str, str]:
    first, last = rng.choice(words.FIRST_NAMES), rng.choice(words.LAST_NAMES)
    return f"{first} {last}", first, last


def article_values(
    rng: random.Random, section: dict[str, Any], topic: words.Topic, dateline: str
) -> dict[str, str | list[str]]:
    """The fixed cast of one article: its place, people and organisations."""
    person, _first, surname = someone(rng)
    expert, _efirst, expert_surname = someone(rng)
    while expert_surname == surname:
        expert, _efirst, expert_surname = someone(rng)
    resident, resident_first, _rlast = someone(rng)
    player, _pfirst, _plast = someone(rng)
    values: dict[str, str | list[str]] = {
        "place": dateline.title(),
        "person": person,
        "surname": surname,
        "expert": expert,
        "expert_surname": expert_surname,
        "expert_role": rng.choice(section["experts"]),
        "resident": resident,
        "resident_first": resident_first,
        "player": player,
    }
    for key, options in topic["slots"].items():
        # Groups vary from sentence to sentence; everything else is one thing per story.
        values[key] = list(options) if key == "group" else rng.choice(options)
    fill = Filler(rng, values)
    for key, value in list(values.items()):
        if isinstance(value, str) and "{" in value:
            values[key] = fill.raw(value)
    return values


class _Pool:
    """Sentences in a shuffled order, each used at most once."""

    def __init__(self, rng: random.Random, items: Sequence[str]) -> None:
        self.left = list(items)
        rng.shuffle(self.left)

    def __len__(self) -> int:
        return len(self.left)

    def take(self) -> str | None:
        return self.left.pop() if self.left else None


@dataclass
class Body:
    markdown: str
    words: int
    figures: int


def _claim(rng: random.Random, fill: Filler, claim: str) -> str:
    """Reported speech: who said it, a verb, and what they said."""
    speaker = rng.choice(
        ["{person_ref}", "{person_ref}", "{expert_ref}", "a spokesperson for {org}", "some {group}"]
    )
    who = fill.raw(speaker)
    if not who.endswith(",") and rng.random() < 0.35:
        return fill(f"{claim}, {who} said.")
    verb = rng.choice(words.SPEECH_VERBS)
    return fill(f"{who} {verb} that {claim}.")


def compose_body(
    rng: random.Random,
    fill: Filler,
    topic: words.Topic,
    section: str,
    *,
    figures: Sequence[tuple[int, str]] = (),
    captions: Sequence[str] = (),
) -> Body:
    """400-900 words of Markdown: paragraphs, 1-3 subheadings, maybe a quote, and a
    figure per ``(image id, alt)`` in ``figures`` captioned from ``captions``.
    No sentence is used twice in one article."""
    target = rng.randint(440, 700)
    voices = words.SECTION_VOICES[section]
    main = words.VOICES[voices[0]]
    opinion = voices[0] == "opinion"
    kinds: dict[str, list[str]] = {}
    for voice in voices:
        for kind, sentences in words.VOICES[voice].items():
            if kind not in ("intro", "next", "close"):
                kinds.setdefault(kind, []).extend(sentences)
    pools = {kind: _Pool(rng, sentences) for kind, sentences in kinds.items()}
    facts = _Pool(rng, topic["facts"])
    claims = _Pool(rng, words.CLAIMS[section] + ([] if opinion else words.GENERIC_CLAIMS))
    del claims.left[rng.randint(4, 6) :]  # reported speech in moderation
    closing = [s for v in voices for s in words.VOICES[v].get("close" if opinion else "next", [])]

    def sentence(kind: str) -> str | None:
        if kind == "fact":
            text = facts.take()
        elif kind == "claim":
            claim = claims.take()
            return _claim(rng, fill, claim) if claim else None
        else:
            text = pools[kind].take()
        return fill(text) if text else None

    def paragraph() -> list[str]:
        size = rng.choice([2, 3, 3, 4])
        out: list[str] = []
        order = [
            "fact",
            rng.choice(list(pools)),
            rng.choice(["claim", "fact"]),
            rng.choice(list(pools)),
        ]
        for kind in order:
            if len(out) >= size:
                break
            text = sentence(kind)
            if text is None:  # that pool is used up: any other one
                for other in ["fact", "claim", *pools]:
                    text = sentence(other)
                    if text:
                        break
            if text:
                out.append(text)
        return out

    blocks: list[list[str]] = [[s for s in (sentence("fact"), sentence("fact")) if s]]
    if "intro" in main:
        blocks.append([fill(rng.choice(main["intro"]))] + [s for s in [sentence("fact")] if s])
    end = [fill(s) for s in rng.sample(closing, rng.randint(1, 2))]
    subheads = [
        fill(s)
        for s in rng.sample(
            list(topic["subheads"]) + (words.OPINION_SUBHEADS if opinion else words.NEWS_SUBHEADS),
            rng.randint(1, 3),
        )
    ]
    quote = attribution = ""
    if topic["quotes"] and rng.random() < 0.7:
        quote = f'"{fill(rng.choice(topic["quotes"]))}"'
        attribution = f"— {fill.raw('{person}, {role}')}"

    def count(parts: Sequence[str]) -> int:
        return sum(word_count(p) for p in parts)

    fixed = count(end) + count(subheads) + count([quote, attribution])
    total = fixed + sum(count(b) for b in blocks)
    while total < target:
        para = paragraph()
        if not para:
            break
        if total + count(para) > MAX_WORDS:
            break
        blocks.append(para)
        total += count(para)

    # Subheadings go before paragraphs after the first two; figures after paragraphs.
    later = list(range(2, len(blocks)))
    heading_at = set(rng.sample(later, min(len(subheads), len(later))))
    quote_at = rng.randint(1, len(blocks) - 1) if quote and len(blocks) > 1 else -1
    free = [i for i in range(1, len(blocks)) if i + 1 not in heading_at]
    figure_at = set(rng.sample(free, min(len(figures), len(free))))
    headings, pictures = iter(subheads), iter(zip(figures, captions, strict=False))
    out: list[str] = []
    placed = 0
    for i, block in enumerate(blocks):
        if i in heading_at:
            out.append(f"## {next(headings)}")
        out.append(" ".join(block))
        if i == quote_at:
            out.append(f"> {quote}\n>\n> {attribution}")
        if i in figure_at:
            (image_id, alt), caption = next(pictures)
            out.append(
                f'![{markdown_text(alt)}](image:{image_id} "{caption.replace(chr(34), "")}")'
            )
            placed += 1
    leftover = list(headings)
    if leftover and not heading_at:  # too short for headings in the middle: one before the end
        out.append(f"## {leftover.pop(0)}")
    total -= count(leftover)
    if quote_at < 0:
        total -= count([quote, attribution])
    out.append(" ".join(end))
    return Body("\n\n".join(out) + "\n", total, placed)


def markdown_text(text: str) -> str:
    """``text`` fit for a picture reference's alt text (nothing Markdown reads as marks)."""
    return re.sub(r"[\[\]()*_`<>]", "", text)


def standfirst(rng: random.Random, fill: Filler, topic: words.Topic) -> str:
    for _ in range(5):
        text = fill(rng.choice(topic["stands"]))
        if 15 <= word_count(text) <= 35:
            return text
    return text
