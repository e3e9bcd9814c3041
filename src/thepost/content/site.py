"""Site settings editors change (name, tagline, social links): defaults and reads."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from thepost.content.models import SiteSetting


@dataclass(frozen=True)
class SiteSettings:
    name: str = "The Post"
    tagline: str = "Independent news, every day"
    description: str = "News, politics, business, technology, culture and sport."
    language: str = "en"  # BCP 47; feeds and the news sitemap declare it
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

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


KEYS = {f.name for f in fields(SiteSettings)}


def load(session: Session) -> SiteSettings:
    stored: dict[str, Any] = dict(session.execute(select(SiteSetting.key, SiteSetting.value)).all())
    values: dict[str, Any] = {k: v for k, v in stored.items() if k in KEYS}
    if "social" in values:
        values["social"] = tuple(tuple(pair) for pair in values["social"])
    return SiteSettings(**values)
