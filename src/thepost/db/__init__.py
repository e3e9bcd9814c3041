"""Storage plumbing shared by every domain package: engine, base model, migrations.

Imports only SQLAlchemy, Alembic and ``thepost.config``.
"""

from thepost.db.base import Base, UTCDateTime
from thepost.db.engine import make_engine, make_session_factory

__all__ = ["Base", "UTCDateTime", "make_engine", "make_session_factory"]
