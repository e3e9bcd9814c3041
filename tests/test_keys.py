"""Signed tokens: a form stamp on a shared page must not change with the wall clock."""

import itsdangerous.timed

from thepost.keys import Keys


def test_untimed_tokens_are_the_same_whenever_they_are_made(monkeypatch) -> None:
    keys = Keys("secret")
    stamp, timed = keys.sign("form", 1700000000, timed=False), keys.sign("form", 1)
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: 2_000_000_000)
    assert keys.sign("form", 1700000000, timed=False) == stamp
    assert keys.sign("form", 1) != timed
    assert keys.unsign("form", stamp, timed=False) == 1700000000


def test_forged_or_mixed_up_tokens_are_refused() -> None:
    keys = Keys("secret")
    token = keys.sign("unsubscribe", 5)
    assert keys.unsign("unsubscribe", token) == 5
    assert keys.unsign("other-purpose", token) is None
    assert Keys("another").unsign("unsubscribe", token) is None
    assert keys.unsign("unsubscribe", token + "x") is None
    # A timed token read as untimed has a valid signature over an undecodable payload:
    # refused, not raised (it was a 500 on the confirmation link).
    assert keys.unsign("unsubscribe", token, timed=False) is None


def test_keyed_hashes_depend_on_key_and_purpose() -> None:
    one, two = Keys("a"), Keys("b")
    assert one.hash("ip", "203.0.113.9") != two.hash("ip", "203.0.113.9")
    assert one.hash("ip", "x") != one.hash("email", "x")


def test_a_rotated_key_still_verifies_until_it_is_dropped() -> None:
    old, new = "o" * 8 + "ld-key-" + "x1y2z3w4" * 4, "n" * 8 + "ew-key-" + "a1b2c3d4" * 4
    token = Keys(old).sign("preview", 7)
    rotated = Keys(new, fallbacks=[old])
    assert rotated.unsign("preview", token) == 7
    assert Keys(new).unsign("preview", rotated.sign("preview", 8)) == 8  # signs with the new
    assert Keys(new).unsign("preview", token) is None  # the fallback gone: refused
