"""Newsletters, their subscribers and subscriptions, issues and each issue's recipients,
and the addresses nothing is ever sent to (the suppression list)."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from thepost.db.base import Base, UTCDateTime, utcnow


class SubscriptionStatus(enum.StrEnum):
    PENDING = "pending"  # asked for, not yet confirmed by the address's owner
    ACTIVE = "active"
    LEFT = "left"


class IssueStatus(enum.StrEnum):
    DRAFT = "draft"
    SENDING = "sending"  # its recipients are written; the sender works through them
    SENT = "sent"  # every recipient has an outcome


class RecipientStatus(enum.StrEnum):
    QUEUED = "queued"  # due at next_attempt_at
    SENDING = "sending"  # handed to the SMTP server, its outcome not yet written
    SENT = "sent"
    FAILED = "failed"  # with the server's answer
    SUPPRESSED = "suppressed"  # the address is on the suppression list, or left


class Newsletter(Base):
    __tablename__ = "newsletters"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    cadence: Mapped[str] = mapped_column(String(120), default="")  # "Every weekday at 7:00"
    sender_name: Mapped[str] = mapped_column(String(120), default="")
    sender_address: Mapped[str] = mapped_column(String(254), default="")
    reply_to: Mapped[str] = mapped_column(String(254), default="")
    # Which configured SMTP server sends it ("" : the site's own).
    server: Mapped[str] = mapped_column(String(40), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Offered on the sign-up forms (a retired newsletter keeps its history).
    visible: Mapped[bool] = mapped_column(Boolean, default=True)
    # Open and click counting (a pixel, redirected links): off unless the newsroom says so
    # (``newsletters.counting``).
    count_opens: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # An automatic digest: at this local time ("07:00", the site's time zone; "" : none),
    # on these ISO weekdays ("12345": Monday to Friday), the newest stories since the last.
    digest_time: Mapped[str] = mapped_column(String(5), default="")
    digest_days: Mapped[str] = mapped_column(String(7), default="1234567")
    digest_count: Mapped[int] = mapped_column(Integer, default=8)
    # The moment of the newest digest made (whether it found stories or not).
    digest_last_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Subscriber(Base):
    """An address and what its owner agreed to. ``key`` is in every link mailed to it
    (rotated when the address changes, so old links stop working); ``new_email`` waits
    for its own confirmation before it replaces ``email``."""

    __tablename__ = "subscribers"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # lower-cased
    new_email: Mapped[str] = mapped_column(String(254), default="")
    key: Mapped[str] = mapped_column(String(32))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the address
    # Confirmation mails asked for in the current day (a form cannot flood an address).
    asked_on: Mapped[str] = mapped_column(String(10), default="")
    asked_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Subscription(Base):
    """An address's consent to one newsletter: asked for when, from where (the form's
    page, the newsroom, an import, the API), with which words shown, and confirmed when
    (the address's owner, by the mailed link)."""

    __tablename__ = "subscriptions"
    __table_args__ = (Index("ix_subscriptions_newsletter", "newsletter_id", "status"),)

    subscriber_id: Mapped[int] = mapped_column(
        ForeignKey("subscribers.id", ondelete="CASCADE"), primary_key=True
    )
    newsletter_id: Mapped[int] = mapped_column(
        ForeignKey("newsletters.id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[str] = mapped_column(String(8), default=SubscriptionStatus.PENDING.value)
    source: Mapped[str] = mapped_column(String(300), default="")
    consent_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Suppression(Base):
    """An address nothing is sent to: a hard bounce, a complaint, or the newsroom's say."""

    __tablename__ = "suppressions"

    email: Mapped[str] = mapped_column(String(254), primary_key=True)
    reason: Mapped[str] = mapped_column(String(20))  # bounce, complaint, manual
    detail: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Issue(Base):
    """One newsletter mailing: its stories (the lead first), the editor's note, and the
    email as rendered when it went out (every recipient gets the same words). A digest
    names its moment, once per newsletter."""

    __tablename__ = "newsletter_issues"
    __table_args__ = (UniqueConstraint("newsletter_id", "digest_for"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    newsletter_id: Mapped[int] = mapped_column(
        ForeignKey("newsletters.id", ondelete="CASCADE"), index=True
    )
    subject: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")  # plain text, paragraphs
    article_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    # A story sent whole ("story"), or the lead and picks as cards ("digest").
    layout: Mapped[str] = mapped_column(String(8), default="story")
    status: Mapped[str] = mapped_column(String(8), default=IssueStatus.DRAFT.value)
    html: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # when sending began
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # when finished
    digest_for: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Rendered with open and click counting (its newsletter's choice at the time): a pixel,
    # and each link a redirect through the site to ``links[index]``, the only places the
    # redirect can lead.
    counted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    links: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")


class Recipient(Base):
    """An issue owed to an address: written for every subscriber when the issue goes
    out, in the same transaction, then worked through by the sender."""

    __tablename__ = "newsletter_recipients"
    __table_args__ = (
        UniqueConstraint("issue_id", "subscriber_id"),
        Index("ix_newsletter_recipients_due", "status", "next_attempt_at"),
        # Everything ``queries.reach`` counts, read from the index alone: several times
        # quicker than from the rows, for the newsroom's lists of issues of 100,000.
        Index(
            "ix_newsletter_recipients_reach",
            "issue_id", "proof", "status", "opened_at", "clicked_at", "clicks",
        ),
    )  # fmt: skip

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("newsletter_issues.id", ondelete="CASCADE"))
    subscriber_id: Mapped[int | None] = mapped_column(
        ForeignKey("subscribers.id", ondelete="SET NULL")
    )
    email: Mapped[str] = mapped_column(String(254))
    status: Mapped[str] = mapped_column(String(10), default=RecipientStatus.QUEUED.value)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answer: Mapped[str] = mapped_column(Text, default="")  # the server's, when it refused
    # A test send to the newsroom's own address (not counted with the issue's readers).
    proof: Mapped[bool] = mapped_column(Boolean, default=False)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Open and click counting, when the issue was counted: the first fetch of its pixel
    # (or first click), the first click, and how many clicks in all.
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    clicked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    clicks: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
