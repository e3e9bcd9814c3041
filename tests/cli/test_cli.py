"""The ``thepost`` command, run as a person runs it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, update
from typer.testing import CliRunner

from test_demo import SECTIONS  # the eight sections the demo must have
from thepost.accounts.models import User
from thepost.app import build_services
from thepost.cli import app
from thepost.comments.models import Comment
from thepost.config import Settings
from thepost.content import site
from thepost.content.models import Article, ArticlePage, Author, HomePart

runner = CliRunner()


def _env(tmp_path: Path) -> dict[str, str]:
    return {"THEPOST_DATA_DIR": str(tmp_path / "data")}


@pytest.mark.parametrize(
    "command",
    [[], ["serve"], ["init"], ["migrate"], ["demo"], ["createuser"], ["render"], ["banner"]],
)
def test_help(command) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output


def test_python_dash_m_works() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "thepost", "--help"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0 and "serve" in result.stdout


def test_init_creates_the_sqlite_database(tmp_path) -> None:
    result = runner.invoke(app, ["init"], env=_env(tmp_path))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "data" / "thepost.sqlite3").exists()
    assert runner.invoke(app, ["migrate"], env=_env(tmp_path)).exit_code == 0


def test_createuser(tmp_path) -> None:
    args = [
        "createuser",
        "--email",
        "Ed@Example.org",
        "--role",
        "admin",
        "--password",
        "correct horse battery",
    ]
    result = runner.invoke(app, args, env=_env(tmp_path))
    assert result.exit_code == 0, result.output
    services = build_services(Settings(data_dir=tmp_path / "data"))
    with services.writes() as session:
        user = session.scalar(select(User))
        assert (user.email, user.role) == ("ed@example.org", "admin")
        assert user.password_hash.startswith("$argon2id$")
    again = runner.invoke(app, args, env=_env(tmp_path))
    assert again.exit_code == 1 and "exists" in again.output
    short = runner.invoke(
        app, ["createuser", "--email", "x@example.org", "--password", "short"], env=_env(tmp_path)
    )
    assert short.exit_code == 1 and "at least 10" in short.output
    common = runner.invoke(
        app,
        ["createuser", "--email", "y@example.org", "--password", "password123"],
        env=_env(tmp_path),
    )
    assert common.exit_code == 1 and "too common" in common.output


def test_demo_loads_once(tmp_path) -> None:
    result = runner.invoke(app, ["demo", "--articles", "16"], env=_env(tmp_path))
    assert result.exit_code == 0, result.output
    services = build_services(Settings(data_dir=tmp_path / "data"))
    with services.writes() as session:
        count = session.scalar(select(func.count(Article.id)))
    assert count >= 16
    assert "admin@example.com" in result.output and "thepost-demo-admin" in result.output
    with services.writes() as session:
        roles = dict(session.execute(select(User.email, User.role)).all())
    assert roles == {
        "admin@example.com": "admin",
        "editor@example.com": "editor",
        "author@example.com": "author",
        "contributor@example.com": "contributor",
    }
    with services.writes() as session:  # who writes can put their own name on a byline
        writers = session.scalars(
            select(User.email).join(Author, Author.user_id == User.id).order_by(User.email)
        ).all()
    assert writers == ["author@example.com", "contributor@example.com", "editor@example.com"]
    again = runner.invoke(app, ["demo", "--articles", "16"], env=_env(tmp_path))
    assert "already has articles" in again.output
    with services.writes() as session:
        assert session.scalar(select(func.count(Article.id))) == count


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_demo_answers_on_its_port(tmp_path) -> None:
    """What `make demo` runs: a fresh data directory, demo content, a real server."""
    port = _free_port()
    env = {**os.environ, **_env(tmp_path)}
    server = subprocess.Popen(
        [sys.executable, "-m", "thepost", "serve", "--demo", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
                    html = page.read().decode()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    output = server.stdout.read().decode() if server.stdout else ""
                    pytest.fail(f"server did not come up:\n{output}")
                time.sleep(0.5)
        assert "Hi, what are you looking for?" in html
        assert "Connect with us" in html
        for section in SECTIONS:
            assert f">{section}</a>" in html
    finally:
        server.terminate()
        server.wait(timeout=30)
        if server.stdout:
            server.stdout.close()


def test_comments_list_and_moderate(tmp_path) -> None:
    assert runner.invoke(app, ["demo", "--articles", "8"], env=_env(tmp_path)).exit_code == 0
    services = build_services(Settings(data_dir=tmp_path / "data"))
    with services.writes() as session:
        comment_id = session.scalar(select(Comment.id).where(Comment.status == "approved"))
    listed = runner.invoke(app, ["comments", "list", "--status", "approved"], env=_env(tmp_path))
    assert listed.exit_code == 0 and "approved" in listed.output
    for action, status in [
        ("spam", "spam"),
        ("notspam", "approved"),
        ("trash", "trash"),
        ("restore", "approved"),
        ("unapprove", "pending"),
        ("approve", "approved"),
    ]:
        result = runner.invoke(app, ["comments", action, str(comment_id)], env=_env(tmp_path))
        assert result.exit_code == 0 and f"Comment {comment_id}: {status}" in result.output, (
            result.output
        )
    missing = runner.invoke(app, ["comments", "approve", "999999"], env=_env(tmp_path))
    assert missing.exit_code == 1 and "No such comment" in missing.output
    edited = runner.invoke(
        app, ["comments", "edit", str(comment_id), "--body", "Edited."], env=_env(tmp_path)
    )
    assert edited.exit_code == 0


def test_reindex_rebuilds_search(tmp_path) -> None:
    assert runner.invoke(app, ["demo", "--articles", "8"], env=_env(tmp_path)).exit_code == 0
    result = runner.invoke(app, ["reindex"], env=_env(tmp_path))
    assert result.exit_code == 0, result.output
    # 8, the live blog, the scheduled one and two stories with their Spanish versions
    assert "Indexed 14 published or scheduled articles." in result.output


def test_render_renders_the_article_pages_out_of_date(tmp_path) -> None:
    assert runner.invoke(app, ["demo", "--articles", "8"], env=_env(tmp_path)).exit_code == 0
    # Publishing rendered every page already.
    fresh = runner.invoke(app, ["render"], env=_env(tmp_path))
    assert fresh.exit_code == 0 and "Rendered 0 article pages." in fresh.output, fresh.output
    services = build_services(Settings(data_dir=tmp_path / "data"))
    with services.writes.begin() as session:
        session.execute(update(ArticlePage).values(stamp="rendered by an older release"))
        session.execute(update(HomePart).values(stamp="rendered by an older release"))
    result = runner.invoke(app, ["migrate"], env=_env(tmp_path))
    assert result.exit_code == 0 and "Rendered 14 article pages." in result.output, result.output
    assert "Rendered the home page's top stories and section blocks." in result.output
    with services.writes() as session:
        stamps = set(session.scalars(select(HomePart.stamp)))
    services.engine.dispose()
    assert stamps and "rendered by an older release" not in stamps


def test_the_banner_is_raised_and_lowered_from_the_command_line(tmp_path) -> None:
    assert runner.invoke(app, ["init"], env=_env(tmp_path)).exit_code == 0
    raised = runner.invoke(
        app,
        ["banner", "raise", "Polls close at ten", "--url", "/news/polls",
         "--until", "2099-05-01T22:00"],
        env=_env(tmp_path),
    )  # fmt: skip
    assert raised.exit_code == 0, raised.output
    assert "until 2099-05-01 22:00 UTC" in raised.output
    services = build_services(Settings(data_dir=tmp_path / "data"))
    with services.writes() as session:
        shown = site.load(session).banner(services.clock())
    assert shown is not None and (shown.text, shown.url) == ("Polls close at ten", "/news/polls")
    assert shown.until == datetime(2099, 5, 1, 22, 0, tzinfo=UTC)
    wrong = runner.invoke(
        app, ["banner", "raise", "x", "--url", "javascript:alert(1)"], env=_env(tmp_path)
    )
    assert wrong.exit_code == 1 and "banner_url" in wrong.output
    assert runner.invoke(app, ["banner", "lower"], env=_env(tmp_path)).exit_code == 0
    with services.writes() as session:
        assert site.load(session).banner(services.clock()) is None
    services.engine.dispose()
