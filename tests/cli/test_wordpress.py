"""``thepost import wordpress`` and ``thepost export wordpress``, run as a person runs
them: a round trip gives the same site, and an import killed half-way finishes when run
again, nothing doubled or lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import func, select
from typer.testing import CliRunner

from thepost.app import build_services
from thepost.cli import app
from thepost.comments.models import Comment
from thepost.config import Settings
from thepost.content.models import Article, ArticleFigure, Author, Image, Page, Section, Tag
from thepost.content.text import html_to_text
from thepost.services import Services
from thepost.wordpress import wxr
from thepost.wordpress.models import ImportedItem
from wordpress.exports import EXPORT, uploads_folder

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]


def _env(data: Path) -> dict[str, str]:
    return {"THEPOST_DATA_DIR": str(data)}


def _site(data: Path) -> Services:
    return build_services(Settings(data_dir=data))


def _shape(data: Path) -> dict[str, object]:
    """What a reader finds: the counts, and every live article's and page's address and
    words."""
    services = _site(data)
    try:
        with services.reads() as session:
            counts = {
                model.__name__: session.scalar(select(func.count()).select_from(model))
                for model in (Article, Comment, Section, Tag, Author, Page, Image, ArticleFigure)
            }
            articles = {
                (section or "news", slug, status, html_to_text(html))
                for slug, section, status, html in session.execute(
                    select(Article.slug, Section.slug, Article.status, Article.body_html).outerjoin(
                        Section, Section.id == Article.section_id
                    )
                )
            }
            comments = Counter(session.scalars(select(Comment.status)))
            pages = {
                (slug, status) for slug, status in session.execute(select(Page.slug, Page.status))
            }
    finally:
        services.engine.dispose()
    return {"counts": counts, "articles": articles, "comments": comments, "pages": pages}


def test_a_round_trip_gives_the_same_site(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    pictures = uploads_folder(tmp_path / "uploads")
    result = runner.invoke(
        app,
        ["import", "wordpress", str(EXPORT), "--uploads", str(pictures),
         "--report", str(tmp_path / "report.txt")],
        env=_env(first),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "new, 0 unchanged" in (tmp_path / "report.txt").read_text()

    out, files = tmp_path / "site.xml", tmp_path / "exported-pictures"
    result = runner.invoke(
        app, ["export", "wordpress", str(out), "--uploads", str(files)], env=_env(first)
    )
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())  # however the terminal wrapped the long path
    assert "58 post" in said and "21 page" in said

    result = runner.invoke(
        app, ["import", "wordpress", str(out), "--uploads", str(files)], env=_env(second)
    )
    assert result.exit_code == 0, result.output
    before, after = _shape(first), _shape(second)
    assert before["counts"] == after["counts"]
    assert before["comments"] == after["comments"]
    assert before["pages"] == after["pages"]
    assert before["articles"] == after["articles"]


def test_an_import_killed_half_way_finishes_when_run_again(tmp_path: Path) -> None:
    export, data = tmp_path / "big.xml", tmp_path / "data"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "wxr_generate.py"), str(export),
         "--posts", "600", "--comments", "2"],
        check=True, stdout=subprocess.DEVNULL, timeout=120,
    )  # fmt: skip
    command = [sys.executable, "-m", "thepost", "import", "wordpress", str(export)]
    env = {**os.environ, **_env(data), "PYTHONPATH": str(ROOT / "src")}
    log = tmp_path / "first-run.log"
    with (
        log.open("wb") as errors,
        subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=errors) as process,
    ):
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and _posts(data) < 150:
            assert process.poll() is None, log.read_text()
            time.sleep(0.2)
        os.kill(process.pid, signal.SIGKILL)
    halfway = _posts(data)
    assert 0 < halfway < 600

    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    services = _site(data)
    try:
        with services.reads() as session:
            articles = session.scalar(select(func.count()).select_from(Article))
            comments = session.scalar(select(func.count()).select_from(Comment))
            mapped = session.scalar(select(func.count()).where(ImportedItem.kind == "post"))
    finally:
        services.engine.dispose()
    assert articles == mapped == 600
    assert comments == wxr.count(export)["comments"]
    rerun = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert "0 new" in rerun.stdout


def _posts(data: Path) -> int:
    if not (data / "thepost.sqlite3").exists():
        return 0
    services = _site(data)
    try:
        with services.reads() as session:
            return session.scalar(select(func.count()).where(ImportedItem.kind == "post")) or 0
    except Exception:  # the tables are not there yet
        return 0
    finally:
        services.engine.dispose()
