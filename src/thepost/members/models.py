"""Members, their tiers, the sign-in links mailed to them and their signed-in browsers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from thepost.db.base import Base, UTCDateTime, utcnow


class MemberTier(Base):
    """A kind of membership. One is the default, given to every new member ("Free")."""

    __tablename__ = "member_tiers"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Member(Base):
    __tablename__ = "members"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # lower-cased
    name: Mapped[str] = mapped_column(String(200), default="")
    tier_id: Mapped[int] = mapped_column(ForeignKey("member_tiers.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class MemberLink(Base):
    """A sign-in link on its way to an address. ``id`` is a keyed hash of the link's
    token and ``code`` of the code printed beside it (for typing into the waiting page
    when the mail is opened on another device); ``browser`` a keyed hash of the random
    value the asking browser keeps in a cookie: the link signs in that browser alone.
    Used once, within minutes; ``next_path`` is where the reader was going."""

    __tablename__ = "member_links"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    browser: Mapped[str] = mapped_column(String(64), index=True)
    code: Mapped[str] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_path: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class MemberSession(Base):
    """A signed-in browser of a member; ``id`` is a keyed hash of its cookie's token."""

    __tablename__ = "member_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
