"""Password hashing with argon2id at OWASP's recommended parameters, and the password policy.

The policy: at least ``MIN_LENGTH`` characters, and not one of the 30,000 most common
passwords (the list zxcvbn ships), nor one of them with digits or symbols tacked on.
"""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from thepost.i18n import N_


def site_hasher() -> PasswordHasher:
    """OWASP: argon2id, m=19 MiB, t=2, p=1 is the minimum; we use more memory."""
    return PasswordHasher(time_cost=2, memory_cost=64 * 1024, parallelism=1)


HASHER = site_hasher()
MIN_LENGTH = 10
MAX_LENGTH = 1024  # hashing megabytes of "password" is a denial of service, not security
_DECORATION = "0123456789!@#$%^&*()-_=+.,?~ "


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def verify(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return HASHER.check_needs_rehash(password_hash)


@cache
def _common() -> frozenset[str]:
    # Imported here: the lists take 12 MiB, needed only by the newsroom's password forms,
    # not in every worker that serves pages.
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def is_common(password: str) -> bool:
    folded = password.lower()
    bare = folded.strip(_DECORATION)
    return folded in _common() or (len(bare) >= 4 and bare in _common())


def problem(password: str) -> str | None:
    """Why this password may not be used, or None when it may."""
    if len(password) < MIN_LENGTH:
        return N_("Use at least %(limit)s characters.", limit=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return N_("Use at most %(limit)s characters.", limit=MAX_LENGTH)
    if is_common(password):
        return N_("This password is too common: attackers try it first. Choose another.")
    return None


# Verified against when the email matches no account, so a wrong email costs the same
# time as a wrong password and the answer's timing does not tell them apart.
DUMMY_HASH = hash_password("no account has this password, it only spends the same time")
