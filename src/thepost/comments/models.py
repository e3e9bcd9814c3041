from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from thepost.db.base import Base, UTCDateTime, utcnow


class CommentStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    SPAM = "spam"
    TRASH = "trash"


class Comment(Base):
    __tablename__ = "comments"
    __table_args__ = (
        Index("ix_comments_article_status", "article_id", "status", "created_at"),
        # The same words from the same address on the same article are stored once, even
        # when fifty identical posts arrive together.
        Index("uq_comments_fingerprint", "article_id", "fingerprint", unique=True),
        Index("ix_comments_status_created", "status", "created_at"),
        Index("ix_comments_email_key", "email_key", "status"),
        Index("ix_comments_member_id", "member_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    depth: Mapped[int] = mapped_column(Integer, default=1)
    author_name: Mapped[str] = mapped_column(String(245))
    # Never rendered on any public surface.
    author_email: Mapped[str] = mapped_column(String(100))
    # Keyed hash of the lower-cased email: finds a returning commenter, draws the avatar.
    email_key: Mapped[str] = mapped_column(String(64), default="")
    author_url: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    fingerprint: Mapped[str] = mapped_column(String(64), default="")
    status: Mapped[str] = mapped_column(String(16), default=CommentStatus.PENDING.value)
    # Why the policy held it or called it spam, for moderators.
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    spam_score: Mapped[float] = mapped_column(Float, default=0.0)
    ip_hash: Mapped[str] = mapped_column(String(64), default="")
    # "Notify me of replies" was ticked; mail goes out only once the address's owner has
    # confirmed it through the link sent to that address (double opt-in).
    notify_replies: Mapped[bool] = mapped_column(Boolean, default=False)
    notify_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # Set when a newsroom account wrote it (a staff reply).
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Set when a signed-in member wrote it (their address proven by the sign-in link).
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The status before it went to spam or trash, so "restore" and "not spam" can go back.
    previous_status: Mapped[str] = mapped_column(String(16), default="")
    # What a moderator's decision taught the spam filter ("spam", "ham" or ""), so a
    # reversed decision can be unlearned exactly.
    trained_as: Mapped[str] = mapped_column(String(8), default="")


class SpamToken(Base):
    """Counts for the local spam classifier: how often a token was seen in spam and in
    legitimate comments. The row with token ``""`` holds the document totals."""

    __tablename__ = "spam_tokens"

    token: Mapped[str] = mapped_column(String(120), primary_key=True)
    spam: Mapped[int] = mapped_column(Integer, default=0)
    ham: Mapped[int] = mapped_column(Integer, default=0)
