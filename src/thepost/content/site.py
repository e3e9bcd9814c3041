"""Site settings editors change (name, tagline, logo, social links): defaults, reads and
the rules a change must meet (``clean``)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from thepost import i18n, localtime
from thepost.content.models import Image, SiteSetting
from thepost.errors import ValidationError
from thepost.i18n import N_

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
    # The other languages the site publishes in (``i18n.LANGUAGES``), each at
    # ``/<language>/``: translations of stories and pages, sections and menus
    # (``content.translations``).
    languages: tuple[str, ...] = ()
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
    # Not stored: set on the site as one of its languages shows it (``in_language``).
    # The site's own language (``language`` is the one the page speaks), and the names
    # and descriptions of sections in the page's language, by section id.
    main_language: str = field(default="", metadata={"stored": False})
    section_names: tuple[tuple[int, str, str], ...] = field(default=(), metadata={"stored": False})

    def __post_init__(self) -> None:
        if not self.main_language:
            object.__setattr__(self, "main_language", self.language)

    def as_dict(self) -> dict[str, Any]:
        shown = asdict(self)
        for name in set(shown) - KEYS:
            del shown[name]
        return shown

    @property
    def edition(self) -> str:
        """The language's path segment: "" for the site's own language, else its tag."""
        return "" if self.language == self.main_language else self.language

    @property
    def all_languages(self) -> tuple[str, ...]:
        """Every language the site publishes in, its own first."""
        return (self.main_language, *self.languages)

    def in_language(
        self, language: str, section_names: tuple[tuple[int, str, str], ...] = ()
    ) -> SiteSettings:
        """The site as its pages in ``language`` (one of ``all_languages``, or "" for the
        site's own) show it, with the sections' names in that language."""
        return replace(self, language=language or self.main_language, section_names=section_names)

    def section_name(self, section_id: int, name: str, description: str = "") -> tuple[str, str]:
        """A section's name and description in the page's language (``section_names``),
        or as the site's own language has them."""
        for found_id, found_name, found_description in self.section_names:
            if found_id == section_id:
                return found_name, found_description or description
        return name, description

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


KEYS = {f.name for f in fields(SiteSettings) if f.metadata.get("stored", True)}


def load(session: Session) -> SiteSettings:
    # Only these keys: the table also holds other parts' settings (the comment policy's
    # word lists), and the page cache reads these at each of its polls.
    rows = select(SiteSetting.key, SiteSetting.value).where(SiteSetting.key.in_(sorted(KEYS)))
    values: dict[str, Any] = dict(session.execute(rows).all())
    if "social" in values:
        values["social"] = tuple(tuple(pair) for pair in values["social"])
    if "lead_ids" in values:
        values["lead_ids"] = tuple(values["lead_ids"])
    if "languages" in values:
        values["languages"] = tuple(values["languages"])
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
                errors[key] = N_(
                    "At most %(limit)s characters (%(given)s given).",
                    limit=LIMITS[key],
                    given=len(text),
                )
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
                errors[key] = N_("A path of this site (/news/a-story) or an address (https://...).")
        elif key == "banner_until":
            out[key] = ""
            if isinstance(value, datetime) and value.tzinfo is not None:
                out[key] = value.astimezone(UTC).replace(microsecond=0).isoformat()
            elif value:
                errors[key] = N_("A date and time, or nothing to keep it up until it is lowered.")
        elif key == "time_zone":
            out[key] = str(value).strip() or "UTC"
            if localtime.named(out[key]) is None:
                errors[key] = N_("A time zone name such as Europe/Madrid or America/Chicago.")
        elif key == "numerals":
            out[key] = str(value).strip() or "western"
            if out[key] not in ("western", "eastern"):
                errors[key] = N_("Western (0-9) or eastern Arabic (٠-٩) digits.")
        elif key == "language":
            out[key] = str(value).strip()
            if not LANGUAGE.fullmatch(out[key]):
                errors[key] = N_("A language tag such as en, fr or pt-BR.")
        elif key == "languages":
            out[key] = list(dict.fromkeys(str(tag).strip() for tag in value))
            if any(tag not in i18n.LANGUAGES for tag in out[key]):
                errors[key] = N_("Choose among the languages the site has translations for.")
        else:
            errors[key] = N_("Unknown setting.")
    if "name" in out and not out["name"]:
        errors["name"] = N_("The site needs a name.")
    if "language" in out and out["language"] in out.get("languages", ()):
        out["languages"].remove(out["language"])  # the site's own is not another one
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
            return links, N_("Link %(row)s: give both a name and an address.", row=row)
        if len(name) > SOCIAL_NAME_LIMIT:
            return links, N_(
                "Link %(row)s: the name is longer than %(limit)s characters.",
                row=row,
                limit=SOCIAL_NAME_LIMIT,
            )
        if not url.startswith(("https://", "http://")) or len(url) > 300 or " " in url:
            return links, N_(
                "Link %(row)s: the address must start with https:// or http://.", row=row
            )
        links.append([name, url])
    if len(links) > MAX_SOCIAL:
        return links, N_("At most %(limit)s links.", limit=MAX_SOCIAL)
    return links, ""
