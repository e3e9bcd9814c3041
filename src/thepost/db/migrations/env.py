"""Alembic environment: uses the connection handed in by ``thepost.db.migrate``."""

from alembic import context

config = context.config
# Only autogenerate needs the models' metadata; `thepost makemigration` passes it in so
# that this package never imports the domain packages.
metadata = config.attributes.get("target_metadata")


def run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run(config.attributes["connection"])
