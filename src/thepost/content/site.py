"""Site settings editors change (name, tagline, logo, social links): defaults, reads and
the rules a change must meet (``clean``)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from thepost import localtime
from thepost.content.models import Image, SiteSetting
from thepost.errors import ValidationError

LIMITS = {"name": 120, "tagline": 200, "description": 500, "banner_text": 160,
          "postal_address": 300}  # fmt: skip
BANNER = ("banner_text", "banner_url", "banner_until")
MAX_SOCIAL = 8
MAX_LEADS = 10
SOCIAL_NAME_LIMIT = 40
# A BCP 47 tag as feeds and the news sitemap want it: "en", "pt-BR", "zh-Hant-TW".
LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}")


@dataclass(frozen=True)
class SiteSettings:
    name: str = "The Post"
    tagline: str = "Independent news, every day"
    description: str = "News, politics, business, technology, culture and sport."
    # BCP 47. The reader's site and its emails speak it when it is one of
    # ``i18n.LANGUAGES`` or a region of one ("es-MX"), English otherwise; feeds, pages
    # and the news sitemap declare it.
    language: str = "en"
    # The newsroom's time zone (IANA): every date shown, the newsroom's date fields, and
    # what happens at a local time (digests).
    time_zone: str = "UTC"
    # How Arabic writes its digits: "western" (0-9) or "eastern" (٠-٩).
    numerals: str = "western"
    # Feeds carry each article's whole body when on, its excerpt when off.
    feed_full_text: bool = True
    social: tuple[tuple[str, str], ...] = field(
        default=(
            ("Facebook", "https://www.facebook.com/"),
            ("X", "https://x.com/"),
            ("Instagram", "https://www.instagram.com/"),
            ("YouTube", "https://www.youtube.com/"),
        )
    )
    logo_id: int | None = None  # an image of the media library, shown in the masthead
    # Stories that lead the home page, the first live one on top (WordPress's sticky
    # posts arrive here); the newest follow.
    lead_ids: tuple[int, ...] = ()
    # The API's reads need a content key (``?key=``) when on; anyone may read what the
    # site shows when off.
    api_key_required: bool = False
    # The breaking-news banner over every public page: its text, where it leads (a path
    # of the site or an address), and when it comes down by itself (ISO 8601, UTC; ""
    # until an editor lowers it).
    banner_text: str = ""
    banner_url: str = ""
    banner_until: str = ""
    # The newsroom's postal address, at the foot of every newsletter (the law asks for
    # one in several countries).
    postal_address: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def banner(self, now: datetime) -> Banner | None:
        """The banner readers see at ``now``, if one is up."""
        if not self.banner_text:
            return None
        until = datetime.fromisoformat(self.banner_until) if self.banner_until else None
        if until is not None and until <= now:
            return None
        return Banner(self.banner_text, self.banner_url, until)


@dataclass(frozen=True)
class Banner:
    text: str
    url: str
    until: datetime | None


KEYS = {f.name for f in fields(SiteSettings)}


def load(session: Session) -> SiteSettings:
    # Only these keys: the table also holds other parts' settings (the comment policy's
    # word lists), and the page cache reads these at each of its polls.
    rows = select(SiteSetting.key, SiteSetting.value).where(SiteSetting.key.in_(sorted(KEYS)))
    values: dict[str, Any] = dict(session.execute(rows).all())
    if "social" in values:
        values["social"] = tuple(tuple(pair) for pair in values["social"])
    if "lead_ids" in values:
        values["lead_ids"] = tuple(values["lead_ids"])
    return SiteSettings(**values)


def logo(session: Session, settings: SiteSettings) -> Image | None:
    return session.get(Image, settings.logo_id) if settings.logo_id else None


def clean(values: dict[str, Any]) -> dict[str, Any]:
    """The values as they will be stored, or ``ValidationError`` with a message per field
    (``social`` for the links, naming the row)."""
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key in LIMITS:
            text = " ".join(str(value).split())
            if len(text) > LIMITS[key]:
                errors[key] = f"At most {LIMITS[key]} characters ({len(text)} given)."
            out[key] = text
        elif key == "social":
            out[key], problem = _social(value)
            if problem:
                errors[key] = problem
        elif key == "logo_id":
            out[key] = value if isinstance(value, int) and value > 0 else None
        elif key == "lead_ids":
            out[key] = [int(i) for i in value if isinstance(i, int) and i > 0][:MAX_LEADS]
        elif key in ("feed_full_text", "api_key_required"):
            out[key] = bool(value)
        elif key == "banner_url":
            out[key] = str(value).strip()
            if out[key] and not _address(out[key]):
                errors[key] = "A path of this site (/news/a-story) or an address (https://...)."
        elif key == "banner_until":
            out[key] = ""
            if isinstance(value, datetime) and value.tzinfo is not None:
                out[key] = value.astimezone(UTC).replace(microsecond=0).isoformat()
            elif value:
                errors[key] = "A date and time, or nothing to keep it up until it is lowered."
        elif key == "time_zone":
            out[key] = str(value).strip() or "UTC"
            if localtime.named(out[key]) is None:
                errors[key] = "A time zone name such as Europe/Madrid or America/Chicago."
        elif key == "numerals":
            out[key] = str(value).strip() or "western"
            if out[key] not in ("western", "eastern"):
                errors[key] = "Western (0-9) or eastern Arabic (٠-٩) digits."
        elif key == "language":
            out[key] = str(value).strip()
            if not LANGUAGE.fullmatch(out[key]):
                errors[key] = "A language tag such as en, fr or pt-BR."
        else:
            errors[key] = "Unknown setting."
    if "name" in out and not out["name"]:
        errors["name"] = "The site needs a name."
    if errors:
        raise ValidationError(errors)
    return out


def _address(url: str) -> bool:
    if len(url) > 300 or any(c.isspace() or ord(c) < 32 for c in url):
        return False
    if url.startswith("/"):
        return not url.startswith(("//", "/\\"))
    return url.startswith(("https://", "http://")) and len(url) > len("https://")


def _social(pairs: Any) -> tuple[list[list[str]], str]:
    links: list[list[str]] = []
    for row, pair in enumerate(pairs, start=1):
        name, url = (" ".join(str(part).split()) for part in pair)
        if not name and not url:
            continue
        if not name or not url:
            return links, f"Link {row}: give both a name and an address."
        if len(name) > SOCIAL_NAME_LIMIT:
            return links, f"Link {row}: the name is longer than {SOCIAL_NAME_LIMIT} characters."
        if not url.startswith(("https://", "http://")) or len(url) > 300 or " " in url:
            return links, f"Link {row}: the address must start with https:// or http://."
        links.append([name, url])
    if len(links) > MAX_SOCIAL:
        return links, f"At most {MAX_SOCIAL} links."
    return links, ""
