"""Declarative base with a naming convention, so migrations name constraints alike on
SQLite and PostgreSQL, a UTC datetime type that SQLite cannot silently make naive, and a
text type that SQLite keeps compressed."""

from __future__ import annotations

import zlib
from datetime import UTC, datetime
from typing import cast

from sqlalchemy import DateTime, MetaData, Table, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def table(model: type[Base]) -> Table:
    """A model's table, for Core statements: ``insert(table(Comment))`` given many rows
    runs as one statement executed for all (no object made for each, as the ORM's
    bulk insert does)."""
    return cast(Table, model.__table__)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out, on every backend."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC datetime")
        value = value.astimezone(UTC)
        # SQLite stores text; keep it naive-UTC so it sorts and compares correctly.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Packed(TypeDecorator[str]):
    """Text read and written whole, kept compressed (zlib) where the database keeps it as
    given: on SQLite, a BLOB in the ``TEXT`` column (SQLite keeps each value's own type,
    and the driver passes bytes through), compressed and decompressed here. PostgreSQL
    compresses large values itself (TOAST), so there it is plain text.

    For the large parts of a stored page, each read whole with its story (4–6 KB of
    HTML or JSON become 1–2 KB, decompressed in 10–20 µs); not for what lists read many
    at a time. A value written as text before (not a BLOB) is read as it is."""

    impl = Text
    cache_ok = True
    # zlib's default: within 1% of level 9's size here, at the same speed to read.
    LEVEL = 6

    def process_bind_param(self, value: str | None, dialect: Dialect) -> object:
        if value is None or dialect.name != "sqlite":
            return value
        return zlib.compress(value.encode(), self.LEVEL)

    def process_result_value(self, value: object, dialect: Dialect) -> str | None:
        if isinstance(value, bytes):
            return zlib.decompress(value).decode()
        return cast(str | None, value)


def utcnow() -> datetime:
    return datetime.now(UTC)
