"""The signed tokens of the links mailed to subscribers.

Each names the subscriber and carries their ``key`` (a new address gets a new key, so
the links mailed to the old one stop working). A confirmation link also names the
address it confirms and lasts ``CONFIRM_DAYS``; the preferences and unsubscribe links in
every email last as long as the key (an email read a year later can still unsubscribe,
from the token alone: no session, no form token).

An issue with open and click counting (``newsletters.counting``) carries one more in its
picture and redirected links: it names the recipient row (one address, one issue) and
nothing else, so it gives away no key and changes nothing but that row's counts.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, NamedTuple, TypeGuard

from thepost.keys import Keys

CONFIRM_DAYS = 7
CONFIRM, MANAGE, LEAVE = "newsletter-confirm", "newsletter-manage", "newsletter-leave"
COUNT = "newsletter-count"


class Signed(NamedTuple):
    subscriber_id: int
    key: str
    email: str = ""  # a confirmation's address
    newsletter_id: int | None = None  # an unsubscribe link's newsletter


def confirm_token(keys: Keys, subscriber_id: int, key: str, email: str) -> str:
    return keys.sign(CONFIRM, [subscriber_id, key, email])


def manage_token(keys: Keys, subscriber_id: int, key: str) -> str:
    return keys.sign(MANAGE, [subscriber_id, key], timed=False)


def leave_token(keys: Keys, subscriber_id: int, key: str, newsletter_id: int) -> str:
    return keys.sign(LEAVE, [subscriber_id, key, newsletter_id], timed=False)


def count_token(keys: Keys, recipient_id: int) -> str:
    return keys.sign(COUNT, [recipient_id], timed=False)


def _shaped(found: Any, *types: type) -> TypeGuard[list[Any]]:
    """Whether a token's data is a list of exactly these types (bools are not ints)."""
    return (
        isinstance(found, list)
        and len(found) == len(types)
        and all(
            isinstance(v, t) and not isinstance(v, bool) for v, t in zip(found, types, strict=True)
        )
    )


def read_confirm(keys: Keys, token: str) -> Signed | None:
    found = keys.unsign(CONFIRM, token, max_age=int(timedelta(days=CONFIRM_DAYS).total_seconds()))
    return Signed(found[0], found[1], email=found[2]) if _shaped(found, int, str, str) else None


def read_manage(keys: Keys, token: str) -> Signed | None:
    found = keys.unsign(MANAGE, token, timed=False)
    return Signed(found[0], found[1]) if _shaped(found, int, str) else None


def read_leave(keys: Keys, token: str) -> Signed | None:
    found = keys.unsign(LEAVE, token, timed=False)
    if not _shaped(found, int, str, int):
        return None
    return Signed(found[0], found[1], newsletter_id=found[2])


def read_count(keys: Keys, token: str) -> int | None:
    """The recipient row a counting token names, or None."""
    found = keys.unsign(COUNT, token, timed=False)
    return int(found[0]) if _shaped(found, int) else None
