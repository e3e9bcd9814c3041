"""What an import remembers: which WordPress item became which row (so a second run
updates or skips instead of doubling), and each run's progress and report."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from thepost.db.base import Base, UTCDateTime, utcnow


class ImportedItem(Base):
    """A WordPress thing (``kind``: post, page, attachment, comment, category, tag,
    author, menu) by its WordPress key (its id; a term's or author's slug), the row it
    became (``target_id`` in the table of its kind) and a digest of what it held, so an
    unchanged item is skipped."""

    __tablename__ = "imported_items"

    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    guid: Mapped[str] = mapped_column(String(500), default="", index=True)
    target_id: Mapped[int] = mapped_column(Integer)
    digest: Mapped[str] = mapped_column(String(64), default="")


class ImportRun(Base):
    """One import, started from the newsroom or the command line: what it is doing now
    (``progress``) and, once done, its report."""

    __tablename__ = "import_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(300))
    state: Mapped[str] = mapped_column(String(16), default="waiting")  # running, done, failed
    dry_run: Mapped[bool] = mapped_column(Boolean, default=False)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    progress: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    report: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    error: Mapped[str] = mapped_column(Text, default="")
