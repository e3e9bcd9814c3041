"""The ``thepost`` command. Thin: each command builds services and calls actions.

thepost serve --demo          # create data/, load demo content, serve :8000
thepost init                  # create or upgrade the database
thepost createuser --email ed@example.org --role admin
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path
from typing import Annotated

import typer
import uvicorn
from rich.console import Console
from sqlalchemy import inspect

from thepost.accounts import actions as account_actions
from thepost.accounts.models import Role
from thepost.app import Services, build_services, create_app
from thepost.config import Settings, load_settings, to_environ
from thepost.content import actions as content_actions
from thepost.content import demo
from thepost.db import migrate
from thepost.errors import ValidationError

app = typer.Typer(help="The Post: a self-hosted news publishing platform.", no_args_is_help=True)
console = Console()

DataDir = Annotated[
    Path | None, typer.Option("--data-dir", help="Data directory (THEPOST_DATA_DIR).")
]
DatabaseUrl = Annotated[
    str | None, typer.Option("--database-url", help="Database URL (THEPOST_DATABASE_URL).")
]


def _settings(data_dir: Path | None, database_url: str | None, **more: object) -> Settings:
    return load_settings(data_dir=data_dir, database_url=database_url, **more)


def _migrate(services: Services) -> None:
    migrate.upgrade(services.engine)


def _load_demo(services: Services, articles: int) -> None:
    with services.sessions.begin() as session:
        if content_actions.count_articles(session):
            console.print("The database already has articles; demo content not loaded.")
            return
    with console.status("Loading demo content (drawing images, writing articles)..."):
        summary = demo.load(services, articles=articles)
    console.print(f"Loaded demo content: {summary}.")


@app.command()
def init(data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """Create the database (or bring it up to date)."""
    services = build_services(_settings(data_dir, database_url))
    _migrate(services)
    console.print(f"Database ready: {services.engine.url.render_as_string(hide_password=True)}")


@app.command(name="migrate")
def migrate_command(data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """Apply pending database migrations."""
    services = build_services(_settings(data_dir, database_url))
    _migrate(services)
    console.print("Migrations applied.")


@app.command(name="demo")
def demo_command(
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
    articles: Annotated[int, typer.Option(min=8, max=5000, help="How many articles.")] = 96,
) -> None:
    """Load generated demo content (sections, authors, articles, images, comments)."""
    services = build_services(_settings(data_dir, database_url))
    _migrate(services)
    _load_demo(services, articles)


@app.command()
def serve(
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
    host: Annotated[str | None, typer.Option(help="Address to bind.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to bind.")] = None,
    workers: Annotated[int | None, typer.Option(help="Worker processes.")] = None,
    demo_content: Annotated[
        bool, typer.Option("--demo", help="Create the database and load demo content if empty.")
    ] = False,
) -> None:
    """Serve the site with uvicorn."""
    settings = _settings(data_dir, database_url, host=host, port=port, workers=workers)
    services = build_services(settings)
    _migrate(services)
    if demo_content:
        _load_demo(services, 96)
    elif not inspect(services.engine).has_table("articles"):
        console.print("No database yet: run `thepost init` first.")
        raise typer.Exit(1)
    console.print(f"Serving {settings.base_url} on http://{settings.host}:{settings.port}")
    if settings.workers > 1:
        # Each worker imports thepost.asgi and reads these settings back.
        os.environ.update(to_environ(settings))
        uvicorn.run(
            "thepost.asgi:app",
            host=settings.host,
            port=settings.port,
            workers=settings.workers,
            env_file=None,
            log_level="warning",
        )
    else:
        uvicorn.run(
            create_app(settings, services=services),
            host=settings.host,
            port=settings.port,
            log_level="warning",
        )


@app.command()
def createuser(
    email: Annotated[str, typer.Option(prompt=True, help="Login email.")],
    role: Annotated[Role, typer.Option(help="Role.")] = Role.CONTRIBUTOR,
    name: Annotated[str, typer.Option(help="Display name.")] = "",
    password: Annotated[
        str | None, typer.Option(help="Password (prompted for when omitted).")
    ] = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Create a newsroom account."""
    services = build_services(_settings(data_dir, database_url))
    _migrate(services)
    if password is None:
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            console.print("[red]The passwords differ.[/red]")
            raise typer.Exit(1)
    try:
        with services.sessions.begin() as session:
            user = account_actions.create_user(
                session, email=email, password=password, display_name=name, role=role.value
            )
            console.print(f"Created {user.role} {user.email}.")
    except ValidationError as exc:
        for field, message in exc.errors.items():
            console.print(f"[red]{field}[/red]: {message}")
        raise typer.Exit(1) from exc


def main() -> None:
    app()
