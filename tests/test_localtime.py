"""Dates as readers read them: the site's zone and language, DST nights, numerals."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from thepost.localtime import Local

NOON_UTC = datetime(2026, 12, 5, 12, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "date"),
    [
        ("en", "5 December 2026"),
        ("en-US", "December 5, 2026"),
        ("es", "5 de diciembre de 2026"),
        ("de", "5. Dezember 2026"),
        ("fr", "5 décembre 2026"),
        ("ar", "5 ديسمبر 2026"),
        ("xx-unknown", "5 December 2026"),
    ],
)
def test_a_date_is_written_as_the_language_writes_it(language: str, date: str) -> None:
    assert Local("UTC", language).date(NOON_UTC) == date


def test_the_time_is_local_with_its_zone() -> None:
    madrid = Local("Europe/Madrid", "es")
    assert madrid.date_and_time(NOON_UTC) == "5 de diciembre de 2026, 13:30 CET"
    assert madrid.iso(NOON_UTC) == "2026-12-05T13:30:00+01:00"
    summer = datetime(2026, 7, 1, 12, 30, tzinfo=UTC)
    assert madrid.time(summer) == "14:30 CEST" and madrid.iso(summer).endswith("+02:00")
    chicago = Local("America/Chicago", "en-US")
    assert chicago.date_and_time(NOON_UTC) == "December 5, 2026, 6:30\u202fAM CST"
    assert Local("Nowhere/Atlantis", "en").time(NOON_UTC) == "12:30 UTC"


def test_arabic_digits_follow_the_numerals_setting() -> None:
    beirut = Local("Asia/Beirut", "ar", "eastern")
    assert beirut.date(NOON_UTC) == "٥ ديسمبر ٢٠٢٦"
    assert "٢" in beirut.time(NOON_UTC) and "2" not in beirut.time(NOON_UTC)
    assert Local("Asia/Beirut", "ar").date(NOON_UTC) == "5 ديسمبر 2026"


def test_today_shows_the_time_and_older_days_the_date() -> None:
    berlin = Local("Europe/Berlin", "de")
    late = datetime(2026, 12, 5, 23, 30, tzinfo=UTC)  # already the 6th in Berlin
    assert berlin.when(late, now=datetime(2026, 12, 6, 8, 0, tzinfo=UTC)) == "00:30"
    assert berlin.when(NOON_UTC, now=datetime(2026, 12, 6, 8, 0, tzinfo=UTC)) == "5. Dez."


def test_a_typed_time_is_read_in_the_site_zone_across_dst() -> None:
    madrid = Local("Europe/Madrid", "en")
    assert madrid.to_utc("2026-12-05T14:30") == datetime(2026, 12, 5, 13, 30, tzinfo=UTC)
    # Clocks go forward at 02:00 on 29 March: 02:30 does not exist; it is read as the
    # same time past the change, 03:30 summer time.
    spring = madrid.to_utc("2026-03-29T02:30")
    assert spring == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert madrid.time(spring) == "03:30 CEST"
    # Clocks go back at 03:00 on 25 October: 02:30 comes twice; the first is meant.
    autumn = madrid.to_utc("2026-10-25T02:30")
    assert autumn == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert madrid.time(autumn) == "02:30 CEST"
    assert madrid.to_utc("2026-12-05T14:30+00:00") == datetime(2026, 12, 5, 14, 30, tzinfo=UTC)
    assert madrid.to_utc("not a time") is None
    assert madrid.field(autumn) == "2026-10-25T02:30"
