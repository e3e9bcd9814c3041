"""Dates and times as the site's readers read them: in the site's time zone, written the
way its language writes them (Babel's CLDR data), with the zone's abbreviation.

Everything is stored in UTC; only what is shown is local. ``<time datetime>`` carries the
local time with its UTC offset (``iso``), so machines read the same instant::

    shown = Local("Europe/Madrid", "es")
    shown.date(when)       # "5 de diciembre de 2026"
    shown.date_and_time(when)  # "5 de diciembre de 2026, 14:30 CET"
    shown.iso(when)        # "2026-12-05T14:30:00+01:00"

A local time typed in the newsroom (``to_utc``) is read in the site's zone. Twice a year
a local time is missing or comes twice: on the night clocks go forward, 02:30 does not
exist and is read as the same time past the change (03:30, summer time); on the night
they go back, 02:30 comes twice and is read as the first (summer time), an hour before
the second.
"""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_date, format_datetime, format_time, match_skeleton

# English writes the day first unless a region says otherwise ("en-US").
_DEFAULT_REGION = {"en": "en_GB"}
# Eastern Arabic digits, for a site that writes Arabic with its own numerals.
_EASTERN = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
NUMERALS = ("western", "eastern")


def named(name: str) -> ZoneInfo | None:
    """The time zone of an IANA name, or None for an unknown one (or a path trick)."""
    if not name or len(name) > 60 or ".." in name or name.startswith("/"):
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


@functools.cache
def zone(name: str) -> ZoneInfo:
    """The time zone of an IANA name; UTC for an unknown one."""
    return named(name) or ZoneInfo("UTC")


@functools.cache
def locale(language: str) -> Locale:
    """Babel's locale for a BCP 47 tag ("pt-BR"); English for one it does not know."""
    tag = language.replace("-", "_")
    try:
        return Locale.parse(_DEFAULT_REGION.get(tag, tag))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en_GB")


@functools.cache
def _skeleton(skeleton: str, found: Locale) -> str:
    """The locale's pattern nearest a CLDR skeleton ("dMMM" -> "d MMM"), matched once:
    Babel's ``format_skeleton`` matches it again on every call, the bulk of its time."""
    patterns = found.datetime_skeletons
    return str(patterns[skeleton if skeleton in patterns else match_skeleton(skeleton, patterns)])


@functools.lru_cache(maxsize=4096)
def _when(shown: Local, value: datetime, today: date) -> str:
    """``Local.when``, kept: the home page's latest list shows the same few stories to
    every reader of the day."""
    local = shown.here(value)
    if local.date() == today:
        return shown.digits(format_time(local, "short", locale=shown.locale))
    return shown.digits(
        format_datetime(local, _skeleton("dMMM", shown.locale), locale=shown.locale)
    )


class Local:
    """The site's way of showing an instant (``value``: an aware datetime, in any zone)."""

    def __init__(self, time_zone: str = "UTC", language: str = "en", numerals: str = "western"):
        self.zone = zone(time_zone)
        self.locale = locale(language)
        # The numerals are how Arabic writes its digits: a newsroom in another language
        # on an Arabic site keeps its own.
        self.eastern = numerals == "eastern" and self.locale.language == "ar"

    def digits(self, text: str) -> str:
        return text.translate(_EASTERN) if self.eastern else text

    def here(self, value: datetime) -> datetime:
        return value.astimezone(self.zone)

    def date(self, value: datetime | None) -> str:
        """ "5 December 2026" ("5. Dezember 2026", "5 de diciembre de 2026")."""
        if value is None:
            return ""
        return self.digits(format_date(self.here(value), "long", locale=self.locale))

    def time(self, value: datetime | None) -> str:
        """ "14:30 CET": the time of day and the zone's abbreviation."""
        if value is None:
            return ""
        local = self.here(value)
        shown = format_time(local, "short", locale=self.locale)
        return self.digits(f"{shown} {local.tzname() or ''}".rstrip())

    def date_and_time(self, value: datetime | None) -> str:
        """The date and time as the language joins them ("5 December 2026, 14:30 CET")."""
        if value is None:
            return ""
        pattern = str(self.locale.datetime_formats["medium"])
        return pattern.replace("{1}", self.date(value)).replace("{0}", self.time(value))

    def when(self, value: datetime | None, now: datetime) -> str:
        """The time of day for today's stories, the short date for older ones."""
        if value is None:
            return ""
        return _when(self, value, self.here(now).date())

    def iso(self, value: datetime | None) -> str:
        """ISO 8601 with the local UTC offset, for ``<time datetime>``."""
        if value is None:
            return ""
        return self.here(value).replace(microsecond=0).isoformat()

    def field(self, value: datetime | None) -> str:
        """A ``datetime-local`` form value: the local time, to the minute."""
        return self.here(value).strftime("%Y-%m-%dT%H:%M") if value else ""

    def to_utc(self, raw: str) -> datetime | None:
        """A ``datetime-local`` value typed in the newsroom, read in the site's zone (an
        offset, if given, wins); None when it is not a date and time."""
        try:
            value = datetime.fromisoformat(raw.strip())
        except ValueError:
            return None
        if value.tzinfo is None:
            # fold=0: a repeated time is its first; a skipped one keeps the offset from
            # before the change, so it lands as far past it (PEP 495).
            value = value.replace(tzinfo=self.zone, fold=0)
        return value.astimezone(UTC)


UTC_SHOWN = Local()


@functools.cache
def og_locale(language: str) -> str:
    """Open Graph's ``og:locale`` of a language tag: language and territory ("es_ES")."""
    found = locale(language)
    if found.territory:
        return f"{found.language}_{found.territory}"
    likely = str(get_global("likely_subtags").get(found.language, found.language))
    parts = likely.split("_")
    return f"{parts[0]}_{parts[-1]}" if len(parts) > 1 else parts[0]


@functools.cache
def of(time_zone: str, language: str, numerals: str = "western") -> Local:
    """The (kept) way of showing dates for these settings."""
    return Local(time_zone, language, numerals)
