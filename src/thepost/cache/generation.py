"""The cache generation: one row whose counter goes up with every change readers can see.

A write bumps it inside its own transaction, so the counter and the change commit (or
roll back) together; every serving process compares the counter with the one it saw
last and drops its cached pages when they differ::

    bump(session)          # in the action's transaction (an in-transaction event handler)
    current(session)       # -> 42, read by each process's watcher
    hold(session)          # wait for the writers before, then hold them off until the end

Bumping locks the row until the transaction ends, so the writes readers see follow one
another through it: what one renders after bumping (or ``hold``) sees every such write
committed before it (PostgreSQL's READ COMMITTED reads what was committed when each
statement began; SQLite has one writer at a time).
"""

from __future__ import annotations

from sqlalchemy import BigInteger, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from thepost.db.base import Base

ROW = 1


class CacheGeneration(Base):
    __tablename__ = "cache_generation"

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


def bump(session: Session) -> None:
    changed = session.execute(
        update(CacheGeneration)
        .where(CacheGeneration.id == ROW)
        .values(value=CacheGeneration.value + 1)
    )
    if not getattr(changed, "rowcount", 1):  # the migration makes the row; an emptied table not
        session.add(CacheGeneration(id=ROW, value=1))
        session.flush()


def hold(session: Session) -> None:
    """Lock the row until this transaction ends, as ``bump`` does, without moving it."""
    session.execute(
        select(CacheGeneration.value).where(CacheGeneration.id == ROW).with_for_update()
    )


def current(session: Session) -> int:
    return session.scalar(select(CacheGeneration.value).where(CacheGeneration.id == ROW)) or 0
