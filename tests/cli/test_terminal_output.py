"""Strangers' text in the CLI's output: printed as text, never as Rich markup, with no
control character that could rewrite the moderator's terminal."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

import factories as f
from thepost import cli
from thepost.app import build_services
from thepost.comments.models import CommentStatus
from thepost.config import Settings
from thepost.db.migrate import upgrade
from thepost.terminal import plain

XSS = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "xss"
TERMINAL = [
    "\x1b[2J\x1b[1;1HAll comments approved.",  # clear the screen, then lie
    "Fine comment\r\x1b[31mRED ALERT\x1b[0m",
    "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\",  # a hidden hyperlink
    "abc\u202eevil\u202c and \x9b31m C1 too",
    "[/al/.source+/ert/.source]",
    "[link=https://evil.example]safe[/link] [bold]loud",
]


def payloads() -> list[str]:
    files = sorted(XSS.glob("*.txt"))
    if not files:
        pytest.fail(f"no payload files in {XSS}: the checkout needs ../shared beside it")
    lines = {line for file in files for line in file.read_text("utf-8", "replace").splitlines()}
    return sorted(line for line in lines if line.strip())


def test_comments_list_prints_every_payload_as_text(tmp_path, monkeypatch) -> None:
    bodies = payloads() + TERMINAL
    services = build_services(Settings(data_dir=tmp_path / "data"))
    upgrade(services.engine)
    with services.writes.begin() as session:
        story = f.article(services, session, title="The [bold]bridge[/bold] reopens")
        for n, body in enumerate(bodies):
            f.comment(
                services,
                session,
                story,
                status=CommentStatus.PENDING,
                body=body,
                name=body[:60] or "x",
                email=f"r{n}@example.org",
            )
    services.engine.dispose()
    monkeypatch.setattr(cli, "console", Console(width=3000, color_system=None))
    result = CliRunner().invoke(
        cli.app,
        ["comments", "list", "--status", "pending", "--limit", "1000"],
        env={"THEPOST_DATA_DIR": str(tmp_path / "data")},
    )
    assert result.exit_code == 0, result.output
    output = result.output
    assert "\x1b" not in output and "\x9b" not in output and "\r" not in output
    assert "\u202e" not in output
    assert "[/al/.source+/ert/.source]" in output
    assert "[link=https://evil.example]safe[/link] [bold]loud" in output
    assert "The [bold]bridge[/bold] reopens"[:40] in output
    shown = [b for b in bodies if "\t" not in b and len(b.strip()) <= 100]
    missing = [b for b in shown if plain(b.strip()) not in output]
    assert not missing, missing[:5]
