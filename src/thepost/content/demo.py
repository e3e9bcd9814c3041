"""Generated demo content: sections, authors, articles, pictures and comments.

Everything is made up on the spot from ``random.Random(seed)``, so the same seed gives
the same site, and nothing is fetched or copied. Writes go through the same actions the
newsroom uses, in one transaction::

    summary = demo.load(services, articles=96)

Pictures are abstract editorial illustrations drawn with Pillow (skylines, stadiums,
circuit boards...). Processing renditions is the slow part, so a small pool is drawn
once and shared between articles, each with its own caption, credit and alt text.
"""

from __future__ import annotations

import io
import math
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PIL import Image as PILImage
from PIL import ImageDraw, ImageFilter, ImageFont, ImageOps, features
from sqlalchemy import select
from sqlalchemy.orm import Session

from thepost.comments.actions import add_comment
from thepost.comments.models import CommentStatus
from thepost.content import actions, related
from thepost.content import demo_text as words
from thepost.content.actions import ArticleInput
from thepost.content.models import Author, Image, Section
from thepost.content.text import slugify, word_count
from thepost.events import EventBus
from thepost.permissions import SYSTEM

if TYPE_CHECKING:
    from thepost.app import Services

SIZE = (1600, 900)
PORTRAIT = 640
WIDTHS = (320, 640, 960, 1280)
MIN_WORDS, MAX_WORDS = 400, 900
Color = tuple[int, int, int]
T = TypeVar("T")


def load(services: Services, *, articles: int = 96, seed: int = 1) -> str:
    """Load generated demo content into services' database; return a one-line summary."""
    if articles < 1:
        raise ValueError("articles must be at least 1")
    rng = random.Random(seed)
    now = services.clock()
    # A bus with no subscribers: the related lists are rebuilt once at the end instead of
    # after every publish.
    bus = EventBus()
    with services.sessions.begin() as session:
        loader = _Loader(session, bus, services, rng, now)
        summary = loader.run(articles)
    return summary


# -- text ---------------------------------------------------------------------------------------

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


def _person(rng: random.Random) -> tuple[str, str, str]:
    first, last = rng.choice(words.FIRST_NAMES), rng.choice(words.LAST_NAMES)
    return f"{first} {last}", first, last


def article_values(
    rng: random.Random, section: dict[str, Any], topic: words.Topic, dateline: str
) -> dict[str, str | list[str]]:
    """The fixed cast of one article: its place, people and organisations."""
    person, _first, surname = _person(rng)
    expert, _efirst, expert_surname = _person(rng)
    while expert_surname == surname:
        expert, _efirst, expert_surname = _person(rng)
    resident, resident_first, _rlast = _person(rng)
    player, _pfirst, _plast = _person(rng)
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
            out.append(f'![{_md_text(alt)}](image:{image_id} "{caption.replace(chr(34), "")}")')
            placed += 1
    leftover = list(headings)
    if leftover and not heading_at:  # too short for headings in the middle: one before the end
        out.append(f"## {leftover.pop(0)}")
    total -= count(leftover)
    if quote_at < 0:
        total -= count([quote, attribution])
    out.append(" ".join(end))
    return Body("\n\n".join(out) + "\n", total, placed)


def _md_text(text: str) -> str:
    return re.sub(r"[\[\]()*_`<>]", "", text)


def standfirst(rng: random.Random, fill: Filler, topic: words.Topic) -> str:
    for _ in range(5):
        text = fill(rng.choice(topic["stands"]))
        if 15 <= word_count(text) <= 35:
            return text
    return text


# -- pictures -------------------------------------------------------------------------------------

# Per section: the styles its pictures use and palettes of
# (sky top, sky bottom, accent, dark, light) with words for the alt text.
PALETTES: dict[str, list[tuple[str, tuple[Color, Color, Color, Color, Color]]]] = {
    "News": [
        (
            "deep blue and amber",
            ((24, 42, 84), (236, 150, 92), (255, 214, 140), (20, 24, 40), (96, 112, 150)),
        ),
        (
            "slate and pale gold",
            ((44, 62, 80), (196, 184, 160), (250, 236, 190), (30, 36, 46), (120, 132, 140)),
        ),
    ],
    "World": [
        (
            "teal and sand",
            ((18, 72, 92), (222, 196, 150), (255, 236, 190), (14, 44, 56), (70, 130, 140)),
        ),
        (
            "ocean blue and coral",
            ((16, 46, 96), (240, 150, 130), (255, 210, 180), (12, 28, 60), (80, 120, 170)),
        ),
    ],
    "Politics": [
        (
            "navy and crimson",
            ((20, 26, 62), (180, 60, 70), (250, 200, 170), (14, 16, 36), (90, 90, 130)),
        ),
        (
            "stone grey and rose",
            ((60, 64, 82), (214, 170, 170), (252, 232, 214), (34, 36, 48), (140, 136, 150)),
        ),
    ],
    "Business": [
        (
            "forest green and gold",
            ((14, 52, 44), (210, 176, 90), (255, 226, 140), (10, 30, 26), (60, 120, 96)),
        ),
        (
            "charcoal and mint",
            ((30, 34, 40), (120, 190, 160), (200, 255, 220), (16, 18, 22), (80, 110, 100)),
        ),
    ],
    "Technology": [
        (
            "indigo and cyan",
            ((12, 14, 48), (40, 90, 140), (90, 230, 240), (6, 8, 24), (60, 80, 160)),
        ),
        (
            "black and violet",
            ((10, 10, 20), (70, 40, 120), (200, 140, 255), (4, 4, 10), (90, 70, 150)),
        ),
    ],
    "Entertainment": [
        (
            "plum and magenta",
            ((34, 12, 50), (150, 40, 110), (255, 180, 220), (18, 6, 26), (120, 60, 140)),
        ),
        (
            "midnight and gold",
            ((12, 16, 36), (90, 50, 60), (255, 210, 120), (6, 8, 18), (150, 110, 80)),
        ),
    ],
    "Sport": [
        (
            "evening blue and green",
            ((22, 40, 90), (110, 150, 200), (255, 250, 220), (14, 22, 40), (40, 130, 70)),
        ),
        (
            "sky blue and terracotta",
            ((70, 130, 200), (200, 225, 240), (255, 255, 230), (40, 50, 60), (190, 90, 60)),
        ),
    ],
    "Opinion": [
        (
            "muted pastels",
            ((236, 226, 210), (220, 206, 190), (214, 96, 76), (60, 64, 80), (120, 160, 170)),
        ),
        (
            "soft green and ochre",
            ((220, 230, 214), (200, 214, 196), (214, 150, 60), (50, 70, 64), (110, 150, 130)),
        ),
    ],
}

# Each style draws on the picture and returns what it drew, for the alt text.
Style = Callable[[PILImage.Image, random.Random, tuple[Color, ...]], str]


def _jitter(rng: random.Random, color: Color, amount: int = 14) -> Color:
    return tuple(max(0, min(255, c + rng.randint(-amount, amount))) for c in color)  # type: ignore[return-value]


def _mix(a: Color, b: Color, t: float) -> Color:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def _gradient(size: tuple[int, int], top: Color, bottom: Color, mid: Color | None = None):  # type: ignore[no-untyped-def]
    ramp = PILImage.linear_gradient("L").resize(size)
    return ImageOps.colorize(ramp, top, bottom, mid)


def _glow(
    image: PILImage.Image, center: tuple[int, int], radius: int, color: Color, strength: float = 0.8
) -> None:
    # radial_gradient is 0 at the centre and 181 at the edge of the inscribed circle.
    falloff = [round(255 * strength * max(0.0, 1 - v / 181) ** 2) for v in range(256)]
    mask = PILImage.radial_gradient("L").point(falloff).resize((2 * radius, 2 * radius))
    image.paste(color, (center[0] - radius, center[1] - radius), mask)


def _sun(image: PILImage.Image, rng: random.Random, accent: Color, horizon: int) -> str:
    w = image.width
    x, r = rng.randint(w // 6, 5 * w // 6), rng.randint(60, 150)
    y = rng.randint(horizon // 3, horizon - r // 2)
    _glow(image, (x, y), r * 4, accent, 0.55)
    ImageDraw.Draw(image).ellipse(
        (x - r, y - r, x + r, y + r), fill=_mix(accent, (255, 255, 255), 0.3)
    )
    return "a low sun" if y > horizon * 0.6 else "a large pale sun"


def _hills(
    draw: ImageDraw.ImageDraw,
    rng: random.Random,
    base: int,
    amp: int,
    color: Color,
    width: int,
    height: int,
) -> None:
    waves = [
        (rng.uniform(0.6, 3.5), rng.uniform(0, math.tau), rng.uniform(0.3, 1)) for _ in range(3)
    ]
    points = [(0, height)]
    for x in range(0, width + 41, 40):
        t = x / width * math.tau
        y = base - amp * sum(a * math.sin(f * t + p) for f, p, a in waves) / 2
        points.append((x, round(y)))
    points.append((width, height))
    draw.polygon(points, fill=color)


def _skyline(
    draw: ImageDraw.ImageDraw,
    rng: random.Random,
    base: int,
    color: Color,
    tallest: int,
    width: int,
    windows: Color | None = None,
) -> None:
    x = rng.randint(-40, 0)
    while x < width:
        w = rng.randint(50, 150)
        h = rng.randint(tallest // 4, tallest)
        draw.rectangle((x, base - h, x + w, base), fill=color)
        if rng.random() < 0.25:  # a spire or a stepped top
            draw.rectangle((x + w // 3, base - h - h // 5, x + 2 * w // 3, base - h), fill=color)
        if windows is not None:
            for wy in range(base - h + 14, base - 14, 26):
                for wx in range(x + 10, x + w - 14, 22):
                    if rng.random() < 0.3:
                        draw.rectangle((wx, wy, wx + 8, wy + 12), fill=windows)
        x += w + rng.randint(0, 16)


def style_skyline(image, rng, p):  # type: ignore[no-untyped-def]
    top, bottom, accent, dark, light = p
    horizon = rng.randint(560, 700)
    sun = _sun(image, rng, accent, horizon)
    draw = ImageDraw.Draw(image, "RGBA")
    _skyline(draw, rng, horizon, _mix(light, bottom, 0.45), rng.randint(240, 380), image.width)
    _skyline(
        draw,
        rng,
        horizon + 40,
        dark,
        rng.randint(200, 330),
        image.width,
        windows=_mix(accent, dark, 0.2),
    )
    draw.rectangle((0, horizon + 40, image.width, image.height), fill=dark)
    return f"a city skyline at dusk beneath {sun}"


def style_hills(image, rng, p):  # type: ignore[no-untyped-def]
    top, bottom, accent, dark, light = p
    horizon = rng.randint(480, 620)
    sun = _sun(image, rng, accent, horizon)
    draw = ImageDraw.Draw(image, "RGBA")
    layers = 4
    for i in range(layers):
        color = _mix(_mix(light, bottom, 0.5), dark, (i + 1) / layers)
        _hills(draw, rng, horizon + i * 70, 120 - i * 15, color, image.width, image.height)
    return f"rolling hills in layers under {sun}"


def style_river(image, rng, p):  # type: ignore[no-untyped-def]
    top, bottom, accent, dark, light = p
    horizon = rng.randint(420, 520)
    sun = _sun(image, rng, accent, horizon)
    draw = ImageDraw.Draw(image, "RGBA")
    _hills(draw, rng, horizon, 60, _mix(light, dark, 0.4), image.width, image.height)
    _skyline(draw, rng, horizon + 30, _mix(light, dark, 0.6), 150, image.width)
    draw.rectangle((0, horizon + 30, image.width, image.height), fill=_mix(light, dark, 0.7))
    # A river widening towards the viewer.
    cx = rng.randint(600, 1000)
    left = [(cx - 30 + 260 * math.sin(t / 3) * t / 9, horizon + 30 + t * 50) for t in range(10)]
    right = [(x + 60 + 70 * t, y) for t, (x, y) in enumerate(left)]
    draw.polygon(left + right[::-1], fill=_mix(bottom, light, 0.4))
    for t in range(1, 10):
        y = horizon + 30 + t * 50
        draw.line((left[t][0] + 20, y, right[t][0] - 20, y), fill=(*accent, 70), width=2)
    return f"a town by a winding river under {sun}"


def style_sea(image, rng, p):  # type: ignore[no-untyped-def]
    top, bottom, accent, dark, light = p
    horizon = rng.randint(460, 560)
    x, r = rng.randint(400, 1200), rng.randint(70, 130)
    _glow(image, (x, horizon - r // 2), r * 4, accent, 0.5)
    draw = ImageDraw.Draw(image, "RGBA")
    draw.ellipse((x - r, horizon - r - r // 2, x + r, horizon + r - r // 2), fill=accent)
    sea = _gradient((image.width, image.height - horizon), _mix(light, dark, 0.3), dark)
    image.paste(sea, (0, horizon))
    for y in range(horizon + 8, image.height, 14):  # the sun's reflection, broken by waves
        spread = r * (1 + (y - horizon) / 300)
        for _ in range(3):
            cx = x + rng.uniform(-spread, spread)
            draw.line(
                (cx - rng.randint(10, 60), y, cx + rng.randint(10, 60), y),
                fill=(*accent, 110),
                width=3,
            )
    for _ in range(60):
        y = rng.randint(horizon + 10, image.height)
        cx = rng.randint(0, image.width)
        draw.line((cx, y, cx + rng.randint(20, 90), y), fill=(*light, 60), width=2)
    return "the sun setting over a calm sea"


def style_globe(image, rng, p):  # type: ignore[no-untyped-def]
    top, bottom, accent, dark, light = p
    w, h = image.size
    r = rng.randint(300, 380)
    cx, cy = rng.randint(w // 2 - 300, w // 2 + 300), h // 2 + rng.randint(-40, 60)
    _glow(image, (cx, cy), r + 160, light, 0.5)
    draw = ImageDraw.Draw(image, "RGBA")
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=_mix(top, light, 0.35))
    land = PILImage.new("L", image.size, 0)
    land_draw = ImageDraw.Draw(land)
    for _ in range(rng.randint(5, 9)):  # continents: clusters of blobs
        bx, by = cx + rng.randint(-r, r), cy + rng.randint(-r, r)
        for _ in range(rng.randint(3, 7)):
            ox, oy, s = rng.randint(-80, 80), rng.randint(-60, 60), rng.randint(30, 110)
            land_draw.ellipse(
                (bx + ox - s, by + oy - s // 2, bx + ox + s, by + oy + s // 2), fill=255
            )
    disc = PILImage.new("L", image.size, 0)
    ImageDraw.Draw(disc).ellipse((cx - r, cy - r, cx + r, cy + r), fill=255)
    land = PILImage.composite(land, PILImage.new("L", image.size, 0), disc)
    image.paste(_mix(bottom, accent, 0.3), (0, 0), land)
    line = (*_mix(accent, (255, 255, 255), 0.5), 90)
    for k in range(1, 6):  # meridians
        half = round(r * k / 6)
        draw.ellipse((cx - half, cy - r, cx + half, cy + r), outline=line, width=2)
    for k in range(-4, 5):  # parallels
        y = cy + round(r * k / 5)
        half = math.sqrt(max(0, r * r - (y - cy) ** 2))
        draw.line((cx - half, y, cx + half, y), fill=line, width=2)
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(*accent, 160), width=4)
    return "a stylised globe with lines of latitude and longitude"


def style_parliament(image, rng, p):  # type: ignore[no-untyped-def]
    top, bottom, accent, dark, light = p
    w, h = image.size
    base = rng.randint(700, 780)
    _sun(image, rng, accent, base - 200)
    draw = ImageDraw.Draw(image, "RGBA")
    _skyline(draw, rng, base, _mix(light, bottom, 0.5), 260, w)
    bw = rng.randint(800, 1100)
    x0 = (w - bw) // 2 + rng.randint(-150, 150)
    body_top = base - rng.randint(200, 260)
    stone = _mix(dark, light, 0.25)
    draw.rectangle((x0, body_top, x0 + bw, base), fill=stone)
    columns = rng.randint(8, 14)
    gap = bw / (columns * 2 + 1)
    for c in range(columns):
        cx = x0 + gap * (2 * c + 1)
        draw.rectangle((cx, body_top + 50, cx + gap, base - 20), fill=_mix(stone, light, 0.35))
    draw.rectangle(
        (x0 - 20, body_top + 30, x0 + bw + 20, body_top + 50), fill=_mix(stone, dark, 0.3)
    )
    draw.polygon(
        [(x0 - 20, body_top + 30), (x0 + bw // 2, body_top - 90), (x0 + bw + 20, body_top + 30)],
        fill=_mix(stone, dark, 0.2),
    )
    dr = rng.randint(110, 160)
    dx = x0 + bw // 2
    dome_base = body_top - 90
    draw.rectangle((dx - dr, dome_base - 60, dx + dr, dome_base + 10), fill=stone)
    draw.pieslice(
        (dx - dr, dome_base - 60 - dr, dx + dr, dome_base - 60 + dr), 180, 360, fill=stone
    )
    draw.rectangle((dx - 14, dome_base - 60 - dr - 50, dx + 14, dome_base - 60 - dr), fill=stone)
    pole_top = dome_base - 60 - dr - 130
    draw.line((dx, dome_base - 60 - dr - 50, dx, pole_top), fill=stone, width=4)
    draw.rectangle((dx + 2, pole_top, dx + 70, pole_top + 40), fill=accent)
    draw.rectangle((0, base, w, h), fill=dark)
    for _ in range(rng.randint(6, 12)):  # steps
        y = base + rng.randint(0, h - base)
        draw.line((x0 - 40, y, x0 + bw + 40, y), fill=(*light, 40), width=3)
    return "a domed, columned parliament building with a flag"


def style_chart(image, rng, p):  # type: ignore[no-untyped-def]
    top, bottom, accent, dark, light = p
    w, h = image.size
    draw = ImageDraw.Draw(image, "RGBA")
    for x in range(80, w, 120):
        draw.line((x, 60, x, h - 80), fill=(*light, 40), width=1)
    for y in range(80, h - 60, 90):
        draw.line((60, y, w - 60, y), fill=(*light, 40), width=1)
    bars = rng.randint(10, 16)
    bw = (w - 200) / bars
    level = rng.uniform(0.25, 0.4)
    tops = []
    for i in range(bars):
        level = max(0.1, min(0.85, level + rng.uniform(-0.08, 0.12)))
        x = 100 + i * bw
        y = h - 80 - level * (h - 200)
        draw.rectangle((x + bw * 0.18, y, x + bw * 0.82, h - 80), fill=(*light, 150))
        tops.append((x + bw / 2, y - 40))
    draw.line(tops, fill=accent, width=7, joint="curve")
    for x, y in tops:
        draw.ellipse((x - 10, y - 10, x + 10, y + 10), fill=accent)
    _glow(image, (round(tops[-1][0]), round(tops[-1][1])), 140, accent, 0.5)
    draw = ImageDraw.Draw(image, "RGBA")
    _skyline(draw, rng, h, (*dark, 200), 160, w)  # type: ignore[arg-type]
    trend = "rising" if tops[-1][1] < tops[0][1] else "uneven"
    return f"a bar chart with a {trend} trend line over a city skyline"


def style_circuit(image, rng, p):  # type: ignore[no-untyped-def]
    top, bottom, accent, dark, light = p
    w, h = image.size
    draw = ImageDraw.Draw(image, "RGBA")
    step = 40
    for _ in range(rng.randint(45, 70)):
        x, y = rng.randrange(0, w, step), rng.randrange(0, h, step)
        points = [(x, y)]
        for _ in range(rng.randint(2, 5)):
            dx, dy = rng.choice([(1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (1, -1)])
            length = rng.randint(2, 8) * step
            x, y = x + dx * length, y + dy * length
            points.append((x, y))
        color = (*rng.choice([accent, light]), rng.randint(90, 200))
        draw.line(points, fill=color, width=rng.choice([3, 4, 6]), joint="curve")
        ex, ey = points[-1]
        draw.ellipse((ex - 9, ey - 9, ex + 9, ey + 9), outline=color, width=3)
    cx, cy = w // 2 + rng.randint(-350, 350), h // 2 + rng.randint(-120, 120)
    s = rng.randint(120, 180)
    _glow(image, (cx, cy), s * 3, accent, 0.45)
    draw = ImageDraw.Draw(image, "RGBA")
    for k in range(-4, 5):  # pins
        off = k * s // 5
        draw.line(
            (cx + off, cy - s - 40, cx + off, cy + s + 40), fill=_mix(light, accent, 0.5), width=8
        )
        draw.line(
            (cx - s - 40, cy + off, cx + s + 40, cy + off), fill=_mix(light, accent, 0.5), width=8
        )
    draw.rounded_rectangle(
        (cx - s, cy - s, cx + s, cy + s), radius=18, fill=dark, outline=accent, width=5
    )
    draw.rounded_rectangle(
        (cx - s // 2, cy - s // 2, cx + s // 2, cy + s // 2),
        radius=10,
        outline=(*accent, 140),
        width=3,
    )
    return "a glowing microchip amid circuit-board traces"


def style_stage(image, rng, p):  # type: ignore[no-untyped-def]
    top, bottom, accent, dark, light = p
    w, h = image.size
    floor = rng.randint(660, 740)
    draw = ImageDraw.Draw(image, "RGBA")
    for _ in range(rng.randint(3, 5)):  # spotlight beams
        sx = rng.randint(200, w - 200)
        tx = sx + rng.randint(-400, 400)
        spread = rng.randint(90, 200)
        color = rng.choice([accent, light, (255, 255, 255)])
        draw.polygon(
            [(sx - 15, 0), (sx + 15, 0), (tx + spread, floor), (tx - spread, floor)],
            fill=(*color, 45),
        )
        draw.ellipse((tx - spread, floor - 30, tx + spread, floor + 30), fill=(*color, 70))
    draw.polygon([(0, floor), (w, floor), (w, h), (0, h)], fill=_mix(dark, bottom, 0.4))
    curtain = _mix(bottom, dark, 0.3)
    for side in (0, 1):
        width = rng.randint(180, 260)
        x0 = 0 if side == 0 else w - width
        for k in range(8):
            fold = _mix(curtain, dark, 0.45 if k % 2 else 0.1)
            draw.rectangle((x0 + k * width // 8, 0, x0 + (k + 1) * width // 8, h), fill=fold)
    for k in range(0, w, 80):  # valance
        draw.ellipse((k - 10, -60, k + 90, 70), fill=curtain)
    px = rng.randint(w // 2 - 200, w // 2 + 200)  # a performer at a microphone
    figure = _mix(dark, (0, 0, 0), 0.3)
    draw.ellipse((px - 28, floor - 250, px + 28, floor - 190), fill=figure)
    draw.rounded_rectangle((px - 45, floor - 185, px + 45, floor - 60), radius=30, fill=figure)
    draw.rectangle((px - 32, floor - 70, px - 8, floor), fill=figure)
    draw.rectangle((px + 8, floor - 70, px + 32, floor), fill=figure)
    draw.line((px + 70, floor, px + 70, floor - 200), fill=figure, width=5)
    draw.ellipse((px + 62, floor - 215, px + 78, floor - 195), fill=figure)
    return "a performer at a microphone on a stage lit by spotlights"


def style_bokeh(image, rng, p):  # type: ignore[no-untyped-def]
    top, bottom, accent, dark, light = p
    w, h = image.size
    layer = PILImage.new("RGB", (w // 2, h // 2), (0, 0, 0))
    draw = ImageDraw.Draw(layer, "RGBA")
    for _ in range(rng.randint(40, 70)):
        x, y, r = rng.randint(0, w // 2), rng.randint(0, h // 2), rng.randint(12, 70)
        color = rng.choice([accent, light, _mix(accent, (255, 255, 255), 0.4)])
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(*color, rng.randint(60, 160)))
    layer = layer.filter(ImageFilter.GaussianBlur(3)).resize((w, h))
    mask = layer.convert("L").point(lambda v: min(255, v * 2))
    image.paste(layer, (0, 0), mask)
    return "soft, out-of-focus circles of coloured light"


def style_stadium(image, rng, p):  # type: ignore[no-untyped-def]
    top, bottom, accent, dark, light = p
    w, h = image.size
    horizon = rng.randint(380, 460)
    draw = ImageDraw.Draw(image, "RGBA")
    stand = _mix(dark, top, 0.2)
    draw.polygon(
        [(0, horizon - 160), (w, horizon - 190), (w, horizon + 20), (0, horizon + 20)], fill=stand
    )
    for y in range(horizon - 150, horizon + 10, 18):  # rows of seats and crowd
        draw.line((0, y, w, y - 20), fill=(*_mix(stand, light, 0.3), 120), width=3)
    for x in (rng.randint(120, 300), rng.randint(w - 300, w - 120)):  # floodlights
        draw.rectangle((x - 6, horizon - 380, x + 6, horizon - 150), fill=dark)
        draw.rectangle((x - 50, horizon - 420, x + 50, horizon - 370), fill=dark)
        draw.polygon(
            [
                (x - 50, horizon - 380),
                (x + 50, horizon - 380),
                (w // 2 + 400, h),
                (w // 2 - 400, h),
            ],
            fill=(*accent, 28),
        )
        _glow(image, (x, horizon - 395), 140, accent, 0.8)
        draw = ImageDraw.Draw(image, "RGBA")
    grass = light
    stripes = 10
    for k in range(stripes):  # mown stripes in perspective
        t0, t1 = k / stripes, (k + 1) / stripes
        y0, y1 = (
            horizon + 20 + (h - horizon - 20) * t0**1.6,
            horizon + 20 + (h - horizon - 20) * t1**1.6,
        )
        draw.rectangle((0, y0, w, y1), fill=_mix(grass, dark, 0.15 if k % 2 else 0.0))
    white = (240, 240, 240, 210)
    mid = horizon + 20 + (h - horizon - 20) * 0.45**1.6
    draw.line((0, mid, w, mid), fill=white, width=4)
    draw.ellipse((w // 2 - 260, mid - 70, w // 2 + 260, mid + 70), outline=white, width=4)
    draw.line((0, horizon + 24, w, horizon + 24), fill=white, width=3)
    return "a floodlit football stadium with a striped pitch"


def style_track(image, rng, p):  # type: ignore[no-untyped-def]
    top, bottom, accent, dark, light = p
    w, h = image.size
    horizon = rng.randint(360, 440)
    sun = _sun(image, rng, accent, horizon)
    draw = ImageDraw.Draw(image, "RGBA")
    _hills(draw, rng, horizon, 40, _mix(dark, top, 0.4), w, h)
    draw.rectangle((0, horizon + 20, w, h), fill=(60, 120, 70))
    cx, cy = w // 2 + rng.randint(-200, 200), horizon + 20 + (h - horizon) // 2
    rx, ry = w * 0.75, (h - horizon) * 0.55
    draw.ellipse((cx - rx, cy - ry, cx + rx, cy + ry), fill=_mix((188, 92, 62), light, 0.15))
    for lane in range(7):
        k = 1 - lane * 0.035
        draw.ellipse(
            (cx - rx * k, cy - ry * k, cx + rx * k, cy + ry * k),
            outline=(245, 245, 245, 200),
            width=3,
        )
    k = 1 - 7 * 0.035
    draw.ellipse((cx - rx * k, cy - ry * k, cx + rx * k, cy + ry * k), fill=(70, 140, 80))
    return f"an athletics track with white lane lines under {sun}"


def style_shapes(image, rng, p):  # type: ignore[no-untyped-def]
    top, bottom, accent, dark, light = p
    w, h = image.size
    draw = ImageDraw.Draw(image, "RGBA")
    colors = [accent, light, dark, _mix(accent, light, 0.5)]
    for _ in range(rng.randint(7, 12)):
        color = (*rng.choice(colors), rng.randint(110, 210))
        x, y, s = rng.randint(0, w), rng.randint(0, h), rng.randint(80, 320)
        shape = rng.random()
        if shape < 0.4:
            draw.ellipse((x - s, y - s, x + s, y + s), fill=color)
        elif shape < 0.7:
            draw.rectangle((x - s, y - s // 2, x + s, y + s // 2), fill=color)
        else:
            draw.polygon([(x, y - s), (x + s, y + s), (x - s, y + s)], fill=color)
    for _ in range(rng.randint(4, 8)):
        y = rng.randint(0, h)
        draw.line((0, y, w, y + rng.randint(-200, 200)), fill=(*dark, 120), width=3)
    return "overlapping circles, triangles and bands of colour"


def style_bubbles(image, rng, p):  # type: ignore[no-untyped-def]
    top, bottom, accent, dark, light = p
    w, h = image.size
    draw = ImageDraw.Draw(image, "RGBA")
    for i in range(rng.randint(3, 5)):
        bw, bh = rng.randint(360, 620), rng.randint(180, 300)
        x, y = rng.randint(60, w - bw - 60), rng.randint(40, h - bh - 100)
        color = (*rng.choice([accent, light, _mix(dark, light, 0.4)]), 225)
        draw.rounded_rectangle((x, y, x + bw, y + bh), radius=48, fill=color)
        tx = x + (bw // 4 if i % 2 else 3 * bw // 4)
        draw.polygon(
            [
                (tx - 30, y + bh - 2),
                (tx + 30, y + bh - 2),
                (tx + (40 if i % 2 else -40), y + bh + 70),
            ],
            fill=color,
        )
        for line in range(rng.randint(2, 4)):  # lines of "text"
            ly = y + 50 + line * 48
            if ly > y + bh - 40:
                break
            length = rng.randint(bw // 3, bw - 100)
            draw.rounded_rectangle(
                (x + 50, ly, x + 50 + length, ly + 18),
                radius=9,
                fill=(*_mix(dark, (255, 255, 255), 0.15), 150),
            )
    return "overlapping speech bubbles"


STYLES: dict[str, list[Style]] = {
    "News": [style_skyline, style_hills, style_river],
    "World": [style_globe, style_sea, style_hills],
    "Politics": [style_parliament, style_skyline],
    "Business": [style_chart, style_skyline],
    "Technology": [style_circuit, style_chart],
    "Entertainment": [style_stage, style_bokeh],
    "Sport": [style_stadium, style_track],
    "Opinion": [style_shapes, style_bubbles],
}


def draw_picture(section: str, seed: int) -> tuple[bytes, str]:
    """A 1600x900 JPEG illustration for ``section`` and its alt text."""
    rng = random.Random(seed)
    words_, palette = rng.choice(PALETTES[section])
    colors = tuple(_jitter(rng, c) for c in palette)
    style = rng.choice(STYLES[section])
    top, bottom, _accent, _dark, light = colors
    image = _gradient(SIZE, top, bottom, _mix(top, bottom, 0.5) if rng.random() < 0.5 else None)
    what = style(image, rng, colors)
    return _jpeg(image), f"Illustration: {what}, in {words_}"


def draw_portrait(name: str, seed: int) -> bytes:
    """A square avatar: a plain background with a head-and-shoulders silhouette or initials."""
    rng = random.Random(seed)
    s = PORTRAIT
    background = _jitter(
        rng,
        rng.choice(
            [(196, 214, 226), (226, 206, 190), (206, 222, 200), (222, 208, 226), (236, 222, 180)]
        ),
        10,
    )
    image = _gradient((s, s), _mix(background, (255, 255, 255), 0.25), background)
    draw = ImageDraw.Draw(image)
    ink = _mix(background, (30, 34, 44), rng.uniform(0.55, 0.75))
    initials = "".join(part[0] for part in name.split()[:2]).upper()
    if seed % 2 and features.check("freetype2"):
        font = ImageFont.load_default(size=s * 3 // 8)
        box = draw.textbbox((0, 0), initials, font=font)
        x = (s - (box[2] - box[0])) / 2 - box[0]
        y = (s - (box[3] - box[1])) / 2 - box[1]
        draw.text((x, y), initials, fill=ink, font=font)
    else:
        draw.ellipse((s * 0.12, s * 0.66, s * 0.88, s * 1.4), fill=ink)  # shoulders
        draw.rectangle((s * 0.43, s * 0.52, s * 0.57, s * 0.72), fill=ink)  # neck
        draw.ellipse((s * 0.33, s * 0.2, s * 0.67, s * 0.6), fill=ink)  # head
    return _jpeg(image)


def _jpeg(image: PILImage.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


# -- loading -----------------------------------------------------------------------------------


@dataclass
class _Picture:
    id: int
    alt: str


@dataclass
class _Plan:
    section: dict[str, Any]
    topic: words.Topic
    title: str
    values: dict[str, str | list[str]]
    dateline: str


class _Loader:
    def __init__(
        self,
        session: Session,
        bus: EventBus,
        services: Services,
        rng: random.Random,
        now: datetime,
    ) -> None:
        self.session, self.bus, self.services, self.rng, self.now = (
            session,
            bus,
            services,
            rng,
            now,
        )
        self.storage = services.storage
        self.titles: set[str] = set()
        self.images = 0
        self.comments = 0
        self.commenters = self._commenters()

    def run(self, count: int) -> str:
        rng = self.rng
        actions.update_site_settings(
            self.session,
            self.bus,
            actor=SYSTEM,
            name="The Post",
            tagline=words.TAGLINE,
            social=words.SOCIAL,
        )
        sections = [self._section(info, i) for i, info in enumerate(words.SECTIONS)]
        section_ids = {info["name"]: s.id for info, s in zip(words.SECTIONS, sections, strict=True)}
        authors = self._authors()

        names = [info["name"] for info in words.SECTIONS]
        n_featured = min(30, max(len(names), count // 3))
        featured: dict[str, list[_Picture]] = {name: [] for name in names}
        for i in range(n_featured):
            name = names[i % len(names)]
            featured[name].append(self._picture(name))
        inline = [
            self._picture(names[(i * 3) % len(names)]) for i in range(min(10, max(2, count // 8)))
        ]
        featured_cycle = {name: _Cycle(rng, pics) for name, pics in featured.items()}
        inline_cycle = _Cycle(rng, inline)

        # Publish times over the last 30 days, oldest first, so ids follow time.
        times = sorted(self.now - timedelta(days=rng.uniform(0.05, 30)) for _ in range(count))
        topic_cycles = {name: _Cycle(rng, words.TOPICS[name]) for name in names}
        published = 0
        made_thread = False
        commented = 0
        for i, when in enumerate(times):
            info = words.SECTIONS[i % len(names)]
            plan = self._plan(info, topic_cycles[info["name"]].next())
            # The first story always has a picture in its body.
            n_inline = rng.choice([0, 0, 1, 1, 2, 3]) if i else rng.choice([1, 2, 3])
            article_id = self._article(
                plan,
                section_ids,
                authors,
                featured_cycle[info["name"]],
                inline_cycle,
                n_inline,
                created=when - timedelta(minutes=rng.randint(20, 300)),
            )
            updated = when
            if rng.random() < 0.3:
                updated = min(
                    when + timedelta(minutes=rng.randint(30, 2880)), self.now - timedelta(minutes=1)
                )
            actions.publish_article(
                self.session, self.bus, article_id, actor=SYSTEM, now=updated, at=when
            )
            published += 1
            if rng.random() < 1 / 3 or (i == count - 1 and not commented):
                self._comments(article_id, plan, when, thread=not made_thread)
                made_thread = True
                commented += 1

        # One story scheduled for tomorrow and one draft: neither may show on the site.
        plan = self._plan(words.SECTIONS[0], topic_cycles["News"].next())
        scheduled = self._article(
            plan,
            section_ids,
            authors,
            featured_cycle["News"],
            inline_cycle,
            1,
            created=self.now - timedelta(hours=2),
        )
        actions.publish_article(
            self.session,
            self.bus,
            scheduled,
            actor=SYSTEM,
            now=self.now,
            at=self.now + timedelta(days=1),
        )
        plan = self._plan(words.SECTIONS[-1], topic_cycles["Opinion"].next())
        self._article(
            plan,
            section_ids,
            authors,
            featured_cycle["Opinion"],
            inline_cycle,
            0,
            created=self.now - timedelta(hours=3),
        )

        count_related = self.services.settings.related_count
        related.rebuild_all(self.session, now=self.now, count=count_related)
        self.services.search.rebuild(self.session)
        return (
            f"{len(sections)} sections, {len(authors)} authors, "
            f"{published} published article{'s' * (published != 1)}, "
            f"1 scheduled, 1 draft, {self.images} images, {self.comments} comments"
        )

    # -- parts ---------------------------------------------------------------------------

    def _section(self, info: dict[str, Any], position: int) -> Section:
        existing = self.session.scalar(select(Section).where(Section.slug == slugify(info["name"])))
        if existing is not None:
            return existing
        return actions.create_section(
            self.session, info["name"], description=info["description"], position=position
        )

    def _authors(self) -> list[tuple[Author, list[str]]]:
        made = []
        for i, info in enumerate(words.AUTHORS):
            photo_id = None
            if info["photo"]:
                image = self._add_image(
                    draw_portrait(info["name"], self.rng.getrandbits(32) * 2 + (i % 2)),
                    alt=info["name"],
                    credit="The Post",
                )
                photo_id = image.id
            author = actions.create_author(
                self.session,
                info["name"],
                bio=info["bio"],
                job_title=info["job_title"],
                photo_id=photo_id,
            )
            made.append((author, info["sections"]))
        return made

    def _add_image(self, data: bytes, *, alt: str, caption: str = "", credit: str = "") -> Image:
        image = actions.add_image(
            self.session,
            self.storage,
            data,
            alt=alt,
            caption=caption,
            credit=credit,
            widths=WIDTHS,
        )
        self.images += 1
        return image

    def _picture(self, section: str) -> _Picture:
        data, alt = draw_picture(section, self.rng.getrandbits(32))
        credit = f"Illustration: {self.rng.choice(words.PHOTOGRAPHERS)} / The Post"
        image = self._add_image(data, alt=alt, credit=credit)
        return _Picture(image.id, alt)

    def _plan(self, info: dict[str, Any], topic: words.Topic) -> _Plan:
        rng = self.rng
        dateline = rng.choice(info["datelines"])
        values = article_values(rng, info, topic, dateline)
        fill = Filler(rng, values)
        title = fill(rng.choice(topic["heads"]))
        for _ in range(8):
            if title not in self.titles:
                break
            values = article_values(rng, info, topic, dateline)
            fill = Filler(rng, values)
            title = fill(rng.choice(topic["heads"]))
        self.titles.add(title)
        return _Plan(info, topic, title, values, dateline)

    def _article(
        self,
        plan: _Plan,
        section_ids: dict[str, int],
        authors: list[tuple[Author, list[str]]],
        featured: _Cycle[_Picture],
        inline: _Cycle[_Picture],
        n_inline: int,
        *,
        created: datetime,
    ) -> int:
        rng = self.rng
        fill = Filler(rng, plan.values)
        name = plan.section["name"]
        topic = plan.topic
        captions = [fill(c) for c in topic["captions"]]
        rng.shuffle(captions)
        pictures = inline.take(min(n_inline, len(captions) - 1))
        body = compose_body(
            rng,
            fill,
            topic,
            name,
            figures=[(p.id, p.alt) for p in pictures],
            captions=captions[1:],
        )
        tags = [topic["tags"][0]] + rng.sample(
            topic["tags"][1:], rng.randint(1, min(4, len(topic["tags"]) - 1))
        )
        picture = featured.next()
        regulars = [a for a, sections in authors if name in sections] or [a for a, _ in authors]
        byline = [rng.choice(regulars)]
        extra = rng.choices([0, 1, 2], weights=[70, 22, 8])[0]
        others = [a for a, _ in authors if a not in byline]
        byline += rng.sample(others, extra)
        data = ArticleInput(
            title=plan.title,
            standfirst=standfirst(rng, fill, topic),
            body=body.markdown,
            section_id=section_ids[name],
            tags=tags,
            author_ids=[a.id for a in byline],
            dateline=plan.dateline,
            featured_image_id=picture.id,
            featured_caption=captions[0],
            featured_credit=f"Illustration: {rng.choice(words.PHOTOGRAPHERS)} / The Post",
            featured_alt=picture.alt,
        )
        article = actions.save_article(
            self.session, self.bus, self.services.media_urls, data, actor=SYSTEM, now=created
        )
        return article.id

    def _commenters(self) -> list[tuple[str, str, str]]:
        rng = self.rng
        people = []
        for i in range(24):
            name, first, last = _person(rng)
            domain = rng.choice(["example.org", "example.com"])
            email = f"{first}.{last}{rng.randint(1, 99) if i % 3 == 0 else ''}@{domain}".lower()
            url = words.COMMENT_SITES[i % len(words.COMMENT_SITES)] if i % 8 == 0 else ""
            people.append((name, email, url))
        return people

    def _comments(self, article_id: int, plan: _Plan, published: datetime, *, thread: bool) -> None:
        rng = self.rng
        fill = Filler(rng, plan.values)
        k = rng.randint(3, 6) if thread else rng.randint(1, 6)
        bank = words.COMMENTS + words.SECTION_COMMENTS.get(plan.section["name"], []) * 2
        span = max(60.0, (self.now - published).total_seconds() / 60 - 1)
        stamps = sorted(
            published + timedelta(minutes=rng.uniform(5, min(span, 4320))) for _ in range(k)
        )
        made: list[tuple[int, int, str]] = []  # id, depth, author's name
        said: set[str] = set()  # one thread never repeats itself (nor may it: fingerprints)
        for i, when in enumerate(stamps):
            parent: tuple[int, int, str] | None = None
            if thread and i in (1, 2):
                parent = made[i - 1]  # a chain three deep
            elif made and rng.random() < 0.4:
                open_ = [m for m in made if m[1] < 3]
                parent = rng.choice(open_) if open_ else None
            name, email, url = rng.choice(
                [p for p in self.commenters if parent is None or p[0] != parent[2]]
            )
            if parent is not None:
                text = fill(rng.choice([r for r in words.REPLIES if r not in said]))
                said.add(text)
                if rng.random() < 0.5:
                    text = f"{parent[2].split()[0]}, {text[0].lower()}{text[1:]}"
            else:
                text = rng.choice([c for c in bank if c not in said])
                said.add(text)
                text = fill(text)
            comment = add_comment(
                self.session,
                self.services.keys,
                article_id=article_id,
                name=name,
                email=email,
                body=text,
                url=url,
                parent_id=parent[0] if parent else None,
                now=when,
                status=CommentStatus.APPROVED,
            )
            made.append((comment.id, parent[1] + 1 if parent else 1, name))
            self.comments += 1


class _Cycle(Generic[T]):
    """Items in a shuffled order, reshuffled after each pass, so reuse is spread out."""

    def __init__(self, rng: random.Random, items: Sequence[T]) -> None:
        self.rng = rng
        self.items = list(items)
        self.left: list[T] = []

    def next(self) -> T:
        if not self.left:
            self.left = list(self.items)
            self.rng.shuffle(self.left)
        return self.left.pop()

    def take(self, n: int) -> list[T]:
        chosen: list[T] = []
        for _ in range(min(n, len(self.items))):
            item = self.next()
            if item in chosen:  # a new pass started with a repeat: skip it
                continue
            chosen.append(item)
        return chosen
