"""Run the Alembic migrations that ship inside the package, against any engine."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, MetaData

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def make_revision(engine: Engine, metadata: MetaData, message: str) -> None:
    """Write a new migration by comparing ``metadata`` with the database at head."""
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        config.attributes["target_metadata"] = metadata
        command.revision(config, message=message, autogenerate=True)


@cache
def head() -> str | None:
    """The newest migration this code ships (read from the scripts once)."""
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def at_head(engine: Engine) -> bool:
    """Whether the database answers and its schema is the one this code expects."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision() == head()
