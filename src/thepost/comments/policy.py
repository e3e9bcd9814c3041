"""Moderation policy as data. Defaults follow WordPress's: a first-time commenter is held,
a commenter with an approved comment is published at once (when their browser proves it
wrote that comment: an address anyone can type proves nothing, and a newsroom member's
address is always held), two or more links hold a comment, the moderation list holds it
and the block list marks it spam.

The policy is a frozen dataclass stored as one site setting, so editors can change it
and tests can build one directly::

    policy = ModerationPolicy(max_links=3, moderation_words=("refund",))
    decision = policy.decide(facts)
    decision.status, decision.reasons   # ('pending', ['contains "refund"'])
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from thepost.comments.models import CommentStatus
from thepost.content.models import SiteSetting
from thepost.errors import ValidationError
from thepost.i18n import N_

SETTING_KEY = "comment_policy"
STAFF_ADDRESS = "uses a newsroom member's address"
_LINK = re.compile(r"https?://", re.I)


@dataclass(frozen=True)
class Facts:
    """What is known about a comment when it is posted."""

    name: str
    email: str
    url: str
    body: str
    ip_hash: str
    honeypot_filled: bool = False
    seconds_to_write: float | None = None  # None: no valid form stamp
    returning: bool = False  # this browser proved it wrote an approved comment as this address
    staff_address: bool = False  # the address is a newsroom member's
    spam_probability: float = 0.0
    spam_reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Decision:
    status: CommentStatus
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ModerationPolicy:
    hold_first_time: bool = True
    max_links: int = 2
    moderation_words: tuple[str, ...] = ()
    block_words: tuple[str, ...] = ()
    block_emails: tuple[str, ...] = ()
    block_ip_hashes: tuple[str, ...] = ()
    close_after_days: int = 0  # 0: comments stay open
    max_depth: int = 5
    min_seconds_to_write: float = 3.0
    flood_seconds: int = 15
    spam_threshold: float = 0.95
    hold_threshold: float = 0.5

    def decide(self, facts: Facts) -> Decision:
        text = f"{facts.name}\n{facts.email}\n{facts.url}\n{facts.body}".lower()
        spam = []
        if facts.honeypot_filled:
            spam.append("filled in the hidden field only robots see")
        if facts.email.lower() in {e.lower() for e in self.block_emails}:
            spam.append("email address is on the block list")
        if facts.ip_hash and facts.ip_hash in self.block_ip_hashes:
            spam.append("network address is on the block list")
        spam += [f'contains blocked word "{w}"' for w in self.block_words if _has(text, w)]
        if facts.spam_probability >= self.spam_threshold:
            spam.append(f"spam filter: {facts.spam_probability:.0%} likely spam")
        if spam:
            return Decision(CommentStatus.SPAM, spam + list(facts.spam_reasons))

        held = []
        links = len(_LINK.findall(facts.body))
        if self.max_links and links >= self.max_links:
            held.append(f"{links} links")
        held += [f'contains "{w}"' for w in self.moderation_words if _has(text, w)]
        if facts.seconds_to_write is None:
            held.append("the form's timestamp is missing or forged")
        elif facts.seconds_to_write < self.min_seconds_to_write:
            held.append(f"written in {facts.seconds_to_write:.1f} s")
        if facts.spam_probability >= self.hold_threshold:
            held.append(f"spam filter: {facts.spam_probability:.0%} likely spam")
            held += list(facts.spam_reasons)
        if facts.staff_address:
            held.append(STAFF_ADDRESS)
        if self.hold_first_time and not facts.returning:
            held.append("first comment from this address")
        if held:
            return Decision(CommentStatus.PENDING, held)
        return Decision(CommentStatus.APPROVED, [])

    def closed_by_age(self, published_at: datetime | None, now: datetime) -> bool:
        if not self.close_after_days or published_at is None:
            return False
        return now - published_at > timedelta(days=self.close_after_days)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


_FIELDS = {f.name for f in fields(ModerationPolicy)}


def from_dict(values: dict[str, Any]) -> ModerationPolicy:
    known: dict[str, Any] = {
        k: tuple(v) if isinstance(v, list) else v for k, v in values.items() if k in _FIELDS
    }
    return ModerationPolicy(**known)


def load(session: Session) -> ModerationPolicy:
    row = session.get(SiteSetting, SETTING_KEY)
    return (
        from_dict(row.value)
        if row is not None and isinstance(row.value, dict)
        else ModerationPolicy()
    )


def save(session: Session, policy: ModerationPolicy) -> None:
    row = session.get(SiteSetting, SETTING_KEY)
    if row is None:
        session.add(SiteSetting(key=SETTING_KEY, value=policy.as_dict()))
    else:
        row.value = policy.as_dict()
    session.flush()


# What a person may set from the settings form: (lowest, highest) for numbers. The list
# of blocked network addresses holds keyed hashes, not something typed, so it is kept.
NUMBERS: dict[str, tuple[float, float]] = {
    "max_links": (0, 100),
    "close_after_days": (0, 36_500),
    "max_depth": (1, 10),
    "min_seconds_to_write": (0, 600),
    "flood_seconds": (0, 3_600),
    "spam_threshold": (0.05, 1.0),
    "hold_threshold": (0.0, 1.0),
}
WORD_LISTS = ("moderation_words", "block_words", "block_emails")
MAX_WORDS = 500


def parse(form: dict[str, str], current: ModerationPolicy) -> ModerationPolicy:
    """A policy from form text (numbers as typed, word lists one per line), or
    ``ValidationError`` keyed by field."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {"hold_first_time": form.get("hold_first_time", "") in ("1", "on")}
    for name, (low, high) in NUMBERS.items():
        kind = type(getattr(ModerationPolicy, name))
        raw = form.get(name, "").strip()
        try:
            number = kind(raw)
        except ValueError:
            errors[name] = N_("Enter a number.") if kind is float else N_("Enter a whole number.")
            continue
        if not low <= number <= high:
            errors[name] = N_(
                "Between %(low)s and %(high)s.", low=format(low, "g"), high=format(high, "g")
            )
        values[name] = number
    for name in WORD_LISTS:
        words = [" ".join(line.split()) for line in form.get(name, "").splitlines()]
        kept = tuple(dict.fromkeys(w for w in words if w))
        if len(kept) > MAX_WORDS or any(len(w) > 200 for w in kept):
            errors[name] = N_(
                "At most %(limit)s entries of %(length)s characters each.",
                limit=MAX_WORDS,
                length=200,
            )
        values[name] = kept
    if not errors and values["hold_threshold"] > values["spam_threshold"]:
        errors["hold_threshold"] = N_("Hold at a lower score than the one that marks spam.")
    if errors:
        raise ValidationError(errors)
    return ModerationPolicy(**{**current.as_dict(), **values})


def _has(text: str, word: str) -> bool:
    word = word.strip().lower()
    return bool(word) and word in text
