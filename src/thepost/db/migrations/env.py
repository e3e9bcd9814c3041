"""Alembic environment: uses the connection handed in by ``thepost.db.migrate``."""

from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy.types import TypeDecorator

config = context.config
# Only autogenerate needs the models' metadata; `thepost.db.migrate.make_revision` passes it so
# that this package never imports the domain packages.
metadata = config.attributes.get("target_metadata")


def _plain_types(kind: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """A generated migration names plain SQLAlchemy types, never the app's own (a
    migration must do what it did the day it was written, whatever the app becomes):
    a ``TypeDecorator`` is written as the type it stores."""
    if kind == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl_instance!r}"
    return False


def run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=_plain_types,
    )
    with context.begin_transaction():
        context.run_migrations()


run(config.attributes["connection"])
