"""``thepost backup`` and ``thepost restore``: a backup taken while writers write holds
everything acknowledged before it began, and restores into an empty site."""

from __future__ import annotations

import string
import threading
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from click.testing import Result
from typer.testing import CliRunner

import factories as f
from conftest import PG_ADMIN
from thepost.app import build_services
from thepost.cli import app
from thepost.comments.models import Comment
from thepost.config import Settings
from thepost.content import media as content_media
from thepost.content.models import Article, Image
from thepost.db.revisions import at_head
from thepost.media.images import rendition_keys
from thepost.permissions import SYSTEM
from thepost.search.query import parse
from thepost.services import Services

runner = CliRunner()


def _said(result: Result) -> str:
    """The command's output as one line, however the terminal wrapped it (a long path
    moves the breaks)."""
    return " ".join(result.output.split())


def _word(n: int) -> str:
    """A word no other article has: the search must find this one article by it."""
    letters = string.ascii_lowercase
    return "zeb" + "".join(letters[int(d)] for d in str(n))


class Writer(threading.Thread):
    """Writes articles, comments and pictures through the actions until told to stop,
    noting each one once its transaction committed (acknowledged) and when."""

    def __init__(self, services: Services) -> None:
        super().__init__(daemon=True)
        self.services = services
        self.acked: list[tuple[float, str, int]] = []
        self.stop = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            n = 0
            while not self.stop.is_set():
                n += 1
                with self.services.writes.begin() as session:
                    article = f.article(self.services, session, title=f"Report {_word(n)}")
                    comment = f.comment(self.services, session, article)
                self.acked += [(time.monotonic(), "article", article.id)]
                self.acked += [(time.monotonic(), "comment", comment.id)]
                if n % 3 == 1:
                    with self.services.writes.begin() as session:
                        upload = content_media.upload_image(
                            session, self.services.storage, f.jpeg(64, 48), actor=SYSTEM
                        )
                    self.acked.append((time.monotonic(), "image", upload.image.id))
        except BaseException as exc:  # the test reports it
            self.error = exc


def _args(settings: Settings) -> list[str]:
    return ["--data-dir", str(settings.data_dir), "--database-url", settings.database_url]


@pytest.fixture
def empty_target(services: Services, tmp_path: Path):
    """Settings of an empty site: a new data directory, and a new PostgreSQL database."""
    data_dir = tmp_path / "restored"
    if services.engine.dialect.name == "sqlite":
        yield Settings(data_dir=data_dir)
        return
    name = f"thepost_restore_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield Settings(
            data_dir=data_dir, database_url=f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
        )
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_under_writes_restores_every_acknowledged_write(
    services: Services, settings: Settings, empty_target: Settings, tmp_path: Path
) -> None:
    writer = Writer(services)
    writer.start()
    deadline = time.monotonic() + 20
    while len({kind for _, kind, _ in writer.acked}) < 3 or len(writer.acked) < 12:
        assert time.monotonic() < deadline and writer.error is None, writer.error
        time.sleep(0.05)
    started = time.monotonic()
    result = runner.invoke(app, ["backup", str(tmp_path / "backup"), *_args(settings)])
    time.sleep(0.5)  # writes go on after the backup too
    writer.stop.set()
    writer.join(timeout=30)
    assert writer.error is None, writer.error
    assert result.exit_code == 0, result.output
    assert "Backed up" in _said(result)
    before = [(kind, id_) for at, kind, id_ in writer.acked if at < started]
    assert {kind for kind, _ in before} == {"article", "comment", "image"}

    target = ["--data-dir", str(empty_target.data_dir)]
    if empty_target.database_url:
        target += ["--database-url", empty_target.database_url]
    restored = runner.invoke(app, ["restore", str(tmp_path / "backup"), *target])
    assert restored.exit_code == 0, restored.output
    migrated = runner.invoke(app, ["migrate", *target])  # what the restore says to run next
    assert migrated.exit_code == 0 and "Migrations applied." in migrated.output, migrated.output

    again = build_services(empty_target)
    try:
        assert at_head(again.engine)
        models = {"article": Article, "comment": Comment, "image": Image}
        with again.reads() as session:
            for kind, id_ in before:
                row = session.get(models[kind], id_)
                assert row is not None, (kind, id_)
                if kind == "image":
                    for key in rendition_keys(row.sha256, row.renditions):
                        assert again.storage.exists(key), key
            articles = [session.get(Article, id_) for kind, id_ in before if kind == "article"]
            for article in articles[:: max(1, len(articles) // 5)]:
                word = article.title.split()[-1]
                hits = again.search.search(session, parse(word), now=again.clock()).hits
                assert article.id in [h.article_id for h in hits]
    finally:
        again.engine.dispose()


def _small_backup(services: Services, settings: Settings, dest: Path) -> None:
    with services.writes.begin() as session:
        f.article(services, session)
        f.image(services, session)
    result = runner.invoke(app, ["backup", str(dest), *_args(settings)])
    assert result.exit_code == 0, result.output


def test_a_damaged_or_unfinished_backup_is_refused(
    services: Services, settings: Settings, empty_target: Settings, tmp_path: Path
) -> None:
    dest = tmp_path / "backup"
    _small_backup(services, settings, dest)
    database = next(dest.glob("thepost.*"))
    data = bytearray(database.read_bytes())
    data[len(data) // 2] ^= 0xFF
    database.write_bytes(bytes(data))
    target = ["--data-dir", str(empty_target.data_dir)]
    if empty_target.database_url:
        target += ["--database-url", empty_target.database_url]

    result = runner.invoke(app, ["restore", str(dest), *target])
    assert result.exit_code == 1
    assert "damaged" in _said(result)
    assert not (empty_target.data_dir / "thepost.sqlite3").exists()

    (dest / "manifest.json").unlink()
    result = runner.invoke(app, ["restore", str(dest), *target])
    assert result.exit_code == 1
    assert "did not finish" in _said(result)


def test_restore_refuses_a_database_with_tables_without_force(
    services: Services, settings: Settings, empty_target: Settings, tmp_path: Path
) -> None:
    dest = tmp_path / "backup"
    _small_backup(services, settings, dest)
    target = ["--data-dir", str(empty_target.data_dir)]
    if empty_target.database_url:
        target += ["--database-url", empty_target.database_url]
    first = runner.invoke(app, ["restore", str(dest), *target])
    assert first.exit_code == 0, first.output
    result = runner.invoke(app, ["restore", str(dest), *target])
    assert result.exit_code == 1
    assert "not empty" in _said(result)
    forced = runner.invoke(app, ["restore", str(dest), "--force", *target])
    assert forced.exit_code == 0, forced.output


def test_backup_refuses_a_directory_that_is_not_empty(
    services: Services, settings: Settings, tmp_path: Path
) -> None:
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("keep me")
    result = runner.invoke(app, ["backup", str(tmp_path / "busy"), *_args(settings)])
    assert result.exit_code == 1
    assert "not empty" in _said(result)
    assert (tmp_path / "busy" / "notes.txt").read_text() == "keep me"
