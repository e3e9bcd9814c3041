"""The ``thepost`` command. Thin: each command builds services and calls actions.

thepost serve --demo          # create data/, load demo content, serve :8000
thepost init                  # create or upgrade the database
thepost createuser --email ed@example.org --role admin
thepost import wordpress export.xml --uploads wp-content/uploads
"""

from __future__ import annotations

import contextlib
import getpass
import os
import resource
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.progress import Progress, TaskID
from rich.table import Table

from thepost import demo, deploycheck
from thepost.accounts import actions as account_actions
from thepost.accounts import queries as account_queries
from thepost.accounts.models import Role
from thepost.app import build_services, newsletter_worker, outbox_worker
from thepost.comments import actions as comment_actions
from thepost.comments import queries as comment_queries
from thepost.comments.models import CommentStatus
from thepost.config import Settings, load_settings, to_environ
from thepost.content import actions as content_actions
from thepost.content import media as content_media
from thepost.db import migrate
from thepost.demo import accounts as demo_accounts
from thepost.errors import Conflict, NotFound, Unavailable, ValidationError
from thepost.i18n import LANGUAGES
from thepost.mail import outbox
from thepost.media.images import MAX_BYTES
from thepost.newsletters import bounces
from thepost.ops import backup as ops_backup
from thepost.permissions import SYSTEM
from thepost.services import Services
from thepost.terminal import cell, escaped
from thepost.web.site import home_parts, pages
from thepost.wordpress import exporter as wp_exporter
from thepost.wordpress import importer as wp_importer
from thepost.wordpress import wxr

T = TypeVar("T")
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


@contextlib.contextmanager
def _opened(
    data_dir: Path | None, database_url: str | None, *, migrate: bool = False, **more: object
) -> Iterator[Services]:
    """One command's services, the database migrated first when ``migrate``. Its
    connections close when the command ends, however it ends (a restore, or the next
    command in the same process, may need the database to itself). A refused input is
    printed beside its field and exits 1."""
    services = build_services(_settings(data_dir, database_url, **more))
    try:
        if migrate:
            _migrate(services)
        yield services
    except ValidationError as exc:
        for field, message in exc.errors.items():
            console.print(f"[red]{escaped(field)}[/red]: {escaped(message)}")
        raise typer.Exit(1) from exc
    finally:
        services.close()


def _migrate(services: Services) -> None:
    migrate.upgrade(services.engine)


def _load_demo(services: Services, articles: int, language: str = "en") -> None:
    with services.writes.begin() as session:
        if content_actions.count_articles(session):
            console.print("The database already has articles; demo content not loaded.")
            return
    with console.status("Loading demo content (drawing images, writing articles)..."):
        summary = demo.load(services, articles=articles, language=language)
    console.print(f"Loaded demo content: {summary}.")
    with services.writes.begin() as session:
        accounts = demo_accounts.create(session, now=services.clock())
    table = Table("newsroom login (/admin)", "role", "password", title="Demo accounts")
    for email, role, password in accounts:
        table.add_row(email, role, password)
    console.print(table)
    console.print(
        f"API (docs at /api/docs): the editor's token is {demo_accounts.TOKEN}, e.g.\n"
        f"  curl -H 'Authorization: Bearer {demo_accounts.TOKEN}' "
        "'http://127.0.0.1:8000/api/v1/articles?status=draft&limit=3'"
    )


@app.command()
def init(data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """Create the database (or bring it up to date)."""
    with _opened(data_dir, database_url, migrate=True) as services:
        url = services.engine.url.render_as_string(hide_password=True)
        console.print(f"Database ready: {escaped(url)}")


@app.command(name="migrate")
def migrate_command(data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """Apply pending database migrations, then render the article pages they (or new
    templates) left out of date."""
    with _opened(data_dir, database_url, migrate=True) as services:
        console.print("Migrations applied.")
        _render_pages(services)


@app.command(name="render")
def render_command(data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """Render the stored article pages that are missing or out of date (after an upgrade,
    a new theme, or a change of the site's name, description or language), and the home
    page's top stories and section blocks."""
    started = time.perf_counter()
    with _opened(data_dir, database_url, migrate=True) as services:
        _render_pages(services)
    console.print(_resources(started))


def _render_pages(services: Services) -> None:
    with services.writes.begin() as session:
        total = content_actions.count_articles(session)
    with Progress(console=console) as bar:
        task = bar.add_task("Rendering article pages", total=total)
        done = pages.refresh_stale(
            services.writes,
            services.templates,
            services.settings.base_url,
            progress=lambda n: bar.update(task, completed=n),
        )
    console.print(f"Rendered {done} article pages.")
    with services.writes.begin() as session:
        home_parts.refresh(session, services)
    console.print("Rendered the home page's top stories and section blocks.")


@app.command(name="demo")
def demo_command(
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
    articles: Annotated[int, typer.Option(min=8, max=5000, help="How many articles.")] = 96,
    language: Annotated[
        str,
        typer.Option(
            help="The site's language: " + ", ".join(LANGUAGES) + " (sections, interface "
            "and dates in it, in its time zone; the stories stay English)."
        ),
    ] = "en",
) -> None:
    """Load generated demo content (sections, authors, articles, images, comments, pages)."""
    if language not in LANGUAGES:
        console.print(f"[red]--language: one of {', '.join(LANGUAGES)}.[/red]")
        raise typer.Exit(2)
    with _opened(data_dir, database_url, migrate=True) as services:
        _load_demo(services, articles, language)


@app.command()
def check(
    deploy: Annotated[
        bool, typer.Option("--deploy", help="Check what a public site needs (TLS, keys, ...).")
    ] = False,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """List what is unsafe in this configuration, each with its fix; exit 1 on any serious."""
    settings = _settings(data_dir, database_url)
    problems = deploycheck.run(settings) if deploy else []
    for problem in problems:
        label = "ERROR" if problem.serious else "WARNING"
        console.print(f"{label}: {escaped(problem.message)}\n  fix: {escaped(problem.fix)}")
    if not problems:
        console.print("No problems found." if deploy else "Settings are valid.")
    if any(problem.serious for problem in problems):
        raise typer.Exit(1)


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
    opened = _opened(data_dir, database_url, migrate=True, host=host, port=port, workers=workers)
    with opened as services:
        if demo_content:
            _load_demo(services, 96)
        settings = services.settings
    console.print(f"Serving {escaped(settings.base_url)} on http://{settings.host}:{settings.port}")
    # The server reads these settings back (as every worker does) in a fresh interpreter
    # that replaces this one: it carries nothing of the command line's imports.
    os.environ.update(to_environ(settings))
    sys.stdout.flush()
    os.execv(sys.executable, [sys.executable, "-m", "thepost.server"])


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
    with _opened(data_dir, database_url, migrate=True) as services:
        if password is None:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                console.print("[red]The passwords differ.[/red]")
                raise typer.Exit(1)
        with services.writes.begin() as session:
            user = account_actions.create_user(
                session,
                actor=SYSTEM,
                email=email,
                password=password,
                display_name=name,
                role=role.value,
            )
            console.print(f"Created {user.role} {escaped(user.email)}.")


@app.command()
def reindex(data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """Rebuild the search index from scratch, a batch per transaction, newest stories
    first; a rebuild stopped half-way carries on where it stopped when run again."""
    started = time.perf_counter()
    with _opened(data_dir, database_url, migrate=True) as services:
        with services.writes.begin() as session:
            total = content_actions.count_articles(session)
        with Progress(console=console) as bar:
            task = bar.add_task("Indexing articles", total=total)
            done = services.search.reindex(
                services.writes, progress=lambda n: bar.update(task, completed=n)
            )
        console.print(f"Indexed {done} published or scheduled articles.")
    console.print(_resources(started))


def _resources(started: float) -> str:
    """The command's time and peak memory (resident set), for planning a large run."""
    return f"Took {time.perf_counter() - started:.1f} s; peak memory {_peak_kib() / 1024:.0f} MiB."


def _peak_kib() -> int:
    """This process's peak resident size: the kernel's high-water mark of its own memory
    where there is one (Linux's ``ru_maxrss`` also counts the parent that started it)."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


@app.command(name="backup")
def backup_command(
    dest: Annotated[Path, typer.Argument(help="A new (or empty) directory to write.")],
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Back up the database and the pictures while the site serves."""
    with _opened(data_dir, database_url) as services:
        summary = _copying(
            "Copying the database",
            "Copying pictures",
            lambda progress: ops_backup.backup(
                services.engine.url, services.storage, dest, progress=progress
            ),
        )
        counts = ", ".join(f"{n} {table}" for table, n in summary.counts.items())
        console.print(
            f"Backed up the {summary.kind} database at migration {escaped(summary.revision)} "
            f"({counts}) and {summary.files - 1} picture files: {summary.bytes:,} bytes "
            f"in {escaped(dest)}."
        )
        if summary.missing:
            console.print(
                f"[yellow]{len(summary.missing)} files of pictures deleted during the backup "
                "were gone; restoring brings back their library entries without them.[/yellow]"
            )


def _copying(first: str, then: str, run: Callable[[Callable[[int, int], None]], T]) -> T:
    """Run a backup or restore under a progress bar: ``first`` for the database, ``then``
    with a count for the pictures; a ``BackupError`` is printed and exits 1."""
    try:
        with Progress(console=console) as bar:
            task = bar.add_task(first, total=None)
            result = run(
                lambda n, total: bar.update(task, description=then, completed=n, total=total)
            )
            bar.update(task, completed=1, total=1)
    except ops_backup.BackupError as exc:
        console.print(f"[red]{escaped(exc)}[/red]")
        raise typer.Exit(1) from exc
    return result


@app.command(name="restore")
def restore_command(
    src: Annotated[Path, typer.Argument(help="A directory `thepost backup` wrote.")],
    force: Annotated[
        bool, typer.Option("--force", help="Replace a database that is not empty.")
    ] = False,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Restore a backup into the configured database and media store (stop the site
    first). The whole backup is checked before anything is touched."""
    with _opened(data_dir, database_url) as services:
        manifest = _copying(
            "Checking and restoring the database",
            "Restoring pictures",
            lambda progress: ops_backup.restore(
                src, services.engine.url, services.storage, force=force, progress=progress
            ),
        )
        counts = ", ".join(f"{n} {table}" for table, n in manifest["counts"].items())
        console.print(
            f"Restored the backup of {escaped(manifest['time'])} ({counts}) at migration "
            f"{escaped(manifest['revision'])}; run `thepost migrate` to bring it up to date."
        )


banner_app = typer.Typer(help="The breaking-news banner over every page.", no_args_is_help=True)
app.add_typer(banner_app, name="banner")


@banner_app.command("raise")
def banner_raise(
    text: Annotated[str, typer.Argument(help="One line, as readers will see it.")],
    url: Annotated[
        str, typer.Option(help="Where it leads: /a/path of the site or https://...")
    ] = "",
    until: Annotated[
        datetime | None,
        typer.Option(
            help="When it comes down by itself (UTC unless an offset is given).",
            formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M%z"],
        ),
    ] = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Raise the banner (the same action as the dashboard's form), replacing one that is up."""
    with _opened(data_dir, database_url) as services, services.writes.begin() as session:
        when = until if until is None or until.tzinfo else until.replace(tzinfo=UTC)
        content_actions.raise_banner(
            session, services.bus, actor=SYSTEM, text=text, url=url, until=when,
            now=services.clock(),
        )  # fmt: skip
        console.print("The banner is up" + (f" until {when:%Y-%m-%d %H:%M} UTC." if when else "."))


@banner_app.command("lower")
def banner_lower(data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """Lower the banner."""
    with _opened(data_dir, database_url) as services, services.writes.begin() as session:
        content_actions.lower_banner(session, services.bus, actor=SYSTEM)
        console.print("The banner is down.")


comments_app = typer.Typer(help="List and moderate reader comments.", no_args_is_help=True)
app.add_typer(comments_app, name="comments")
MODERATION = {
    "approve": comment_actions.approve,
    "unapprove": comment_actions.unapprove,
    "spam": comment_actions.mark_spam,
    "notspam": comment_actions.not_spam,
    "trash": comment_actions.trash,
    "restore": comment_actions.restore,
}


@comments_app.command("list")
def comments_list(
    status: Annotated[CommentStatus, typer.Option(help="Which tab to list.")] = (
        CommentStatus.PENDING
    ),
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 50,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """List comments with a status, newest first, with why they were held."""
    with _opened(data_dir, database_url) as services, services.writes() as session:
        counts = comment_queries.status_counts(session)
        console.print(" · ".join(f"{s.value} {counts.get(s.value, 0)}" for s in CommentStatus))
        table = Table("id", "article", "author", "comment", "spam", "why")
        for comment, title in comment_queries.moderation_list(session, status.value, limit=limit):
            table.add_row(
                str(comment.id),
                cell(title[:40]),
                cell(f"{comment.author_name}\n{comment.author_email}"),
                cell(comment.body[:120]),
                f"{comment.spam_score:.0%}",
                cell("\n".join(comment.reasons[:4])),
            )
        console.print(table)


def _moderate(action: str, ids: list[int], data_dir: Path | None, database_url: str | None) -> None:
    with _opened(data_dir, database_url) as services:
        try:
            with services.writes.begin() as session:
                for comment_id in ids:
                    comment = MODERATION[action](session, services.bus, comment_id, actor=SYSTEM)
                    console.print(f"Comment {comment.id}: {comment.status}")
        except NotFound as exc:
            console.print(f"[red]No such comment: {escaped(exc)}[/red]")
            raise typer.Exit(1) from exc


def _moderation_command(action: str) -> None:
    def command(
        ids: Annotated[list[int], typer.Argument(help="Comment ids.")],
        data_dir: DataDir = None,
        database_url: DatabaseUrl = None,
    ) -> None:
        _moderate(action, ids, data_dir, database_url)

    command.__doc__ = f"{action.capitalize()} comments (the same action as the admin's button)."
    comments_app.command(action)(command)


for _action in MODERATION:
    _moderation_command(_action)


@comments_app.command("edit")
def comments_edit(
    comment_id: Annotated[int, typer.Argument()],
    body: Annotated[str, typer.Option(help="The new text.")],
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Change a comment's text."""
    with _opened(data_dir, database_url) as services:
        with services.writes.begin() as session:
            comment_actions.edit(session, services.bus, comment_id, actor=SYSTEM, body=body)
        console.print(f"Comment {comment_id} edited.")


@comments_app.command("reply")
def comments_reply(
    comment_id: Annotated[int, typer.Argument()],
    body: Annotated[str, typer.Option(help="The reply.")],
    email: Annotated[str, typer.Option(help="Your newsroom account's email.")],
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Reply as staff: published at once, and the comment replied to is approved."""
    with _opened(data_dir, database_url) as services, services.writes.begin() as session:
        user = account_queries.by_email(session, email)
        if user is None:
            console.print(f"[red]No account with the email {escaped(email)}.[/red]")
            raise typer.Exit(1)
        reply = comment_actions.reply_as_staff(
            session,
            services.bus,
            services.keys,
            comment_id,
            name=user.display_name,
            email=user.email,
            body=body,
            actor=user,
            now=services.clock(),
        )
        console.print(f"Reply {reply.id} published.")


media_app = typer.Typer(help="The media library.", no_args_is_help=True)
app.add_typer(media_app, name="media")


@media_app.command("add")
def media_add(
    file: Annotated[
        Path,
        typer.Argument(
            help="A JPEG, PNG, WebP or GIF file.", exists=True, dir_okay=False, readable=True
        ),
    ],
    alt: Annotated[str, typer.Option(help="What the picture shows.")] = "",
    caption: Annotated[str, typer.Option()] = "",
    credit: Annotated[str, typer.Option()] = "",
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Add a picture to the media library (the same checks as the newsroom's upload form)."""
    with _opened(data_dir, database_url) as services:
        with file.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
        try:
            with services.writes.begin() as session:
                upload = content_media.upload_image(
                    session,
                    services.storage,
                    data,
                    actor=SYSTEM,
                    alt=alt,
                    caption=caption,
                    credit=credit,
                )
                image_id, created = upload.image.id, upload.created
        except Unavailable as exc:
            console.print(f"[red]{escaped(exc)}[/red]")
            raise typer.Exit(1) from exc
        console.print(
            f"Image {image_id} " + ("added." if created else "was in the library already.")
        )


@media_app.command("delete")
def media_delete(
    image_id: Annotated[int, typer.Argument(help="The picture's number (as in /admin/media/N).")],
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Delete a picture no story or author shows, with its files (the newsroom's action)."""
    with _opened(data_dir, database_url) as services:
        try:
            with services.writes.begin() as session:
                content_media.delete_image(session, services.bus, image_id, actor=SYSTEM)
        except (NotFound, Conflict) as exc:
            said = "No such picture." if isinstance(exc, NotFound) else escaped(exc)
            console.print(f"[red]{said}[/red]")
            raise typer.Exit(1) from exc
        console.print(f"Image {image_id} deleted.")


def main() -> None:
    app()


import_app = typer.Typer(help="Bring a site in from another platform.", no_args_is_help=True)
app.add_typer(import_app, name="import")
export_app = typer.Typer(help="Write the site out for another platform.", no_args_is_help=True)
app.add_typer(export_app, name="export")


@import_app.command("wordpress")
def import_wordpress(
    export: Annotated[Path, typer.Argument(help="A WordPress export (WXR) file.", exists=True)],
    uploads: Annotated[
        Path | None,
        typer.Option(help="A copy of the site's wp-content/uploads folder.", file_okay=False),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Write nothing; print the same report.")
    ] = False,
    author_map: Annotated[
        Path | None,
        typer.Option(help="Lines of 'wordpress-login = account email' (or a JSON object)."),
    ] = None,
    report_file: Annotated[
        Path | None, typer.Option("--report", help="Where to write the report.")
    ] = None,
    header_menu: Annotated[
        str, typer.Option(help="The slug of the WordPress menu that becomes the header's.")
    ] = "",
    footer_menu: Annotated[
        str, typer.Option(help="The slug of the WordPress menu that becomes the footer's.")
    ] = "",
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Import posts, pages, pictures, comments, categories, tags, authors and menus, and
    keep every old address answering. Safe to run again: nothing is doubled."""
    options = wp_importer.Options(
        uploads=uploads,
        dry_run=dry_run,
        author_map=wp_importer.read_author_map(author_map) if author_map else {},
        header_menu=header_menu,
        footer_menu=footer_menu,
    )
    with _opened(data_dir, database_url, migrate=True) as services:
        try:
            with Progress(console=console) as bar:
                tasks: dict[str, TaskID] = {}

                def progress(kind: str, done: int, total: int) -> None:
                    if kind not in tasks:
                        tasks[kind] = bar.add_task(kind.capitalize(), total=total)
                    bar.update(tasks[kind], completed=done, total=total)

                report = wp_importer.run(services, export, options, progress=progress)
        except wxr.WXRError as exc:
            console.print(f"[red]{escaped(exc)}[/red]")
            raise typer.Exit(1) from exc
    text = report.text()
    console.print(escaped(text), highlight=False)
    target = report_file or export.with_suffix(".report.txt")
    target.write_text(text, encoding="utf-8")
    console.print(f"Report written to {escaped(target)}")


@export_app.command("wordpress")
def export_wordpress(
    out: Annotated[Path, typer.Argument(help="The WXR file to write.", dir_okay=False)],
    uploads: Annotated[
        Path | None,
        typer.Option(help="A folder to write the pictures to, for an import elsewhere."),
    ] = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Write articles, sections, tags, authors, comments and pictures as a WordPress
    export (WXR 1.2) that WordPress, or The Post, imports."""
    with _opened(data_dir, database_url, migrate=True) as services, out.open("wb") as file:
        counts = wp_exporter.export(services, file, uploads)
    shown = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
    console.print(f"Wrote {escaped(out)}: {shown or 'an empty site'}.")


mail_app = typer.Typer(help="The site's own mail.", no_args_is_help=True)
app.add_typer(mail_app, name="mail")


@mail_app.command("queued")
def mail_queued(
    count: Annotated[int, typer.Option(min=1, max=100, help="How many, newest first.")] = 3,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Print the newest messages waiting to be sent: on a site with no SMTP server (the
    demo), the sign-in links and confirmations it would have mailed."""
    with _opened(data_dir, database_url) as services, services.reads() as session:
        found = outbox.waiting(session, limit=count)
        if not found:
            console.print("No message is waiting.")
        for message in found:
            console.print(
                f"To: {escaped(message.to_address)}\nSubject: {escaped(message.subject)}\n"
            )
            console.print(escaped(message.body), highlight=False)
            console.rule()


newsletters_app = typer.Typer(help="Newsletters: sending, bounces.", no_args_is_help=True)
app.add_typer(newsletters_app, name="newsletters")


@newsletters_app.command("send")
def newsletters_send(data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """Send what is due now (the site's own mail, digests, issues going out, retries),
    then stop: for a host that runs no web server, or serving processes that do not send
    (THEPOST_SEND_MAIL=false), from cron or a timer."""
    with _opened(data_dir, database_url) as services:
        worker, outbox = newsletter_worker(services), outbox_worker(services)
        if worker is None:
            console.print("[red]No SMTP server is configured (THEPOST_SMTP_HOST).[/red]")
            raise typer.Exit(1)
        mail = 0
        while outbox is not None and (done := outbox.deliver()).claimed:
            mail += len(done.sent)
        sent = failed = 0
        while (report := worker.deliver()).claimed:
            sent, failed = sent + report.sent, failed + report.failed
        console.print(
            f"{mail} message(s) of the site's own; newsletters: {sent} sent, {failed} failed."
        )


@newsletters_app.command("bounces")
def newsletters_bounces(
    maildir: Annotated[
        Path | None,
        typer.Option(
            help="A Maildir the bounce address delivers to: each message is read, "
            "recorded and removed. Without it, one message is read from stdin "
            '(an MTA\'s pipe: bounces: "|thepost newsletters bounces").'
        ),
    ] = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Record bounces (RFC 3464) and complaints (RFC 5965) from the bounce mailbox: hard
    bounces and complaints put the address on the suppression list."""
    with _opened(data_dir, database_url) as services:
        settings = services.settings
        found: list[tuple[Path | None, bytes]]
        if maildir is not None:
            files = sorted(p for sub in ("new", "cur") for p in (maildir / sub).glob("*"))
            found = [(p, p.read_bytes()[: bounces.MAX_MESSAGE]) for p in files if p.is_file()]
        else:
            found = [(None, sys.stdin.buffer.read(bounces.MAX_MESSAGE))]
        total: dict[str, int] = {}
        for path, raw in found:
            events = bounces.from_message(services.keys, raw, settings.bounce_address)
            with services.writes.begin() as session:
                counts = bounces.record(session, events, now=services.clock())
            for key, value in counts.items():
                total[key] = total.get(key, 0) + value
            if path is not None:
                path.unlink()
        console.print(
            f"{len(found)} message(s): {total.get('suppressed', 0)} address(es) suppressed, "
            f"{total.get('complaint', 0)} complaint(s), {total.get('soft', 0)} soft bounce(s)."
        )
