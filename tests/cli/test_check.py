"""``thepost check --deploy`` lists each unsafe setting with its fix and fails on serious ones."""

from __future__ import annotations

import os

from typer.testing import CliRunner

from thepost import deploycheck
from thepost.cli import app
from thepost.config import Settings

KEY = "tV8q3-ZpL0wR7yXn2bK5mJ9cH4dF6gS1aE0uI3oP"


def _safe(tmp_path, **more: object) -> Settings:
    tmp_path.chmod(0o700)
    values: dict[str, object] = {
        "data_dir": tmp_path,
        "secret_key": KEY,
        "base_url": "https://news.example.org",
        "trusted_proxies": "127.0.0.1",
    }
    return Settings(**(values | more))


def _messages(settings: Settings) -> str:
    return " ".join(p.message for p in deploycheck.run(settings))


def test_a_safe_configuration_has_no_problem(tmp_path) -> None:
    assert deploycheck.run(_safe(tmp_path)) == []


def test_debug_is_serious(tmp_path) -> None:
    [problem] = deploycheck.run(_safe(tmp_path, debug=True))
    assert problem.serious and "THEPOST_DEBUG" in problem.fix


def test_a_plain_http_base_url_is_serious(tmp_path) -> None:
    problems = deploycheck.run(_safe(tmp_path, base_url="http://news.example.org"))
    assert [p.serious for p in problems] == [True] and "https" in problems[0].fix


def test_no_key_on_postgresql_asks_for_one_in_the_environment(tmp_path) -> None:
    settings = _safe(tmp_path, secret_key="", database_url="postgresql+psycopg://x@h/db")
    [problem] = deploycheck.run(settings)
    assert problem.serious and "THEPOST_SECRET_KEY" in problem.fix


def test_a_readable_key_file_is_serious(tmp_path) -> None:
    key = tmp_path / "secret_key"
    key.write_text(KEY + "\n")
    key.chmod(0o644)
    assert "can be read by other users" in _messages(_safe(tmp_path, secret_key=""))
    key.chmod(0o600)
    assert deploycheck.run(_safe(tmp_path, secret_key="")) == []


def test_an_untrusted_proxy_in_front_is_a_warning(tmp_path) -> None:
    [problem] = deploycheck.run(_safe(tmp_path, trusted_proxies=""))
    assert not problem.serious and "THEPOST_TRUSTED_PROXIES" in problem.fix


def test_plain_http_media_on_an_https_site(tmp_path) -> None:
    assert "media URL" in _messages(_safe(tmp_path, media_url="http://cdn.example.org"))


def test_smtp_without_starttls_to_another_host(tmp_path) -> None:
    assert "STARTTLS" in _messages(_safe(tmp_path, smtp_host="mail.example.org"))
    assert deploycheck.run(_safe(tmp_path, smtp_host="127.0.0.1")) == []
    assert deploycheck.run(_safe(tmp_path, smtp_host="mail.example.org", smtp_starttls=True)) == []


def test_world_readable_or_writable_data(tmp_path) -> None:
    database = tmp_path / "thepost.sqlite3"
    database.write_bytes(b"")
    database.chmod(0o666)
    assert f"{database} can be written by any user" in _messages(_safe(tmp_path))
    database.chmod(0o600)
    settings = _safe(tmp_path)
    tmp_path.chmod(0o755)
    assert f"{tmp_path} can be read by any user" in _messages(settings)


def test_sqlite_on_a_network_file_system(tmp_path) -> None:
    mounts = tmp_path / "mounts"
    mounts.write_text(f"/dev/sda1 / ext4 rw 0 0\nserver:/export {tmp_path} nfs4 rw 0 0\n")
    problems = list(deploycheck.filesystem(_safe(tmp_path), mounts))
    assert "network file system (nfs4)" in problems[0].message
    assert deploycheck.fs_type(tmp_path.parent, mounts) == "ext4"


def test_the_command_prints_each_fix_and_fails_on_serious_problems(tmp_path) -> None:
    tmp_path.chmod(0o700)
    env = {
        "THEPOST_SECRET_KEY": KEY,
        "THEPOST_BASE_URL": "http://[x]",
        "THEPOST_DEBUG": "true",
        "THEPOST_TRUSTED_PROXIES": "",
    }
    result = CliRunner().invoke(app, ["check", "--deploy", "--data-dir", str(tmp_path)], env=env)
    assert result.exit_code == 1, result.output
    assert "Debug is on" in result.output and "http://[x]" in result.output
    assert "fix: Unset THEPOST_DEBUG." in result.output
    env |= {"THEPOST_BASE_URL": "https://news.example.org", "THEPOST_DEBUG": "false"}
    result = CliRunner().invoke(app, ["check", "--deploy", "--data-dir", str(tmp_path)], env=env)
    assert result.exit_code == 0, result.output
    assert "WARNING" in result.output and "THEPOST_TRUSTED_PROXIES" in result.output
    assert os.environ.get("THEPOST_DEBUG") is None
