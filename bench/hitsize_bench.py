"""Cached pages at real sizes, side by side with nginx serving the same bytes as static
files, in one run: for each page (the page benchmarks' article, ~31 KB; the demo's largest
article, ~42 KB; a demo article with 80 comments, ~180 KB), kept-alive connections and one
connection per request (``Connection: close``), each without ``Accept-Encoding`` (the
identity bytes) and with ``Accept-Encoding: gzip, br`` (the brotli bytes)::

    .venv/bin/python bench/hitsize_bench.py                       # ~5 min
    .venv/bin/python bench/hitsize_bench.py --before /tmp/old/src --rounds 2 --seconds 5

``--before`` adds a second server running another checkout's ``src`` (e.g. a ``git
worktree`` of an earlier commit) on the same databases, measured in turn with this one and
nginx, so that a change to the hit path is read against its predecessor in the same
minutes. Every server runs at once (two workers each, idle while another is measured);
each case is measured on each server back to back. nginx is the anchors' config
(``nginx-static.conf.in``: two workers, ``sendfile on``, ``tcp_nopush on``) with one
addition, standing in for ``brotli_static`` (not in nginx-light): a request whose
``Accept-Encoding`` names ``br`` is answered from ``NAME.br`` beside the file (the same
brotli bytes The Post sends) with ``Content-Encoding: br``; every answer says ``Vary:
Accept-Encoding``. Besides requests per second it reports the server's CPU time per
request (as ``hitpath_bench.py``) and wrk's socket errors.

Both databases are built once under ``/tmp/thepost-hitsize-bench/``, at the migrations this
checkout ships (both servers must find their schema there): the 1,000-article archive of
``archive.py`` and the demo of ``thepost demo``, where the 80 comments are added to one of
its stories by ``import_comments``, the action that stores comments brought from elsewhere
and renders the story's thread again.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import hitpath_bench
import page_bench
from page_bench import HERE, archive, children, free_port, process, save

ROOT = Path("/tmp/thepost-hitsize-bench")
SRC = HERE.parent / "src"  # the servers and ``thepost demo`` run this checkout's code
VERSION = 2  # bump when what is built changes
COMMENTS = 80
PROTOCOL = ""  # each server's as its code's `thepost serve` runs it
CASES = {
    "keep-alive identity": [],
    "keep-alive br": ["-H", "Accept-Encoding: gzip, br"],
    "close identity": ["-H", "Connection: close"],
    "close br": ["-H", "Connection: close", "-H", "Accept-Encoding: gzip, br"],
}
# The anchors' config, answering a client that accepts brotli with the file's .br beside it.
NEGOTIATE = """
    map $http_accept_encoding $thepost_br {
        default "";
        "~*(^|[ ,])br($|[ ,;])" ".br";
    }
    map $thepost_br $thepost_encoding { default ""; ".br" "br"; }
"""
LOCATION = "location / { try_files $uri =404; }"
BROTLI_LOCATION = """location / {
            add_header Vary Accept-Encoding;
            add_header Content-Encoding $thepost_encoding;
            try_files $uri$thepost_br =404;
        }"""


def demo_database() -> tuple[str, dict[str, list[str]]]:
    """The demo's data directory and the paths of its two measured stories (built once)."""
    data_dir = ROOT / f"demo-v{VERSION}"
    if not (data_dir / "done").exists():
        shutil.rmtree(data_dir, ignore_errors=True)
        data_dir.mkdir(parents=True)
        env = {**os.environ, "THEPOST_DATA_DIR": str(data_dir), "PYTHONPATH": str(SRC)}
        subprocess.run(
            [sys.executable, "-m", "thepost", "demo"], env=env, check=True, timeout=600,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        _add_comments(data_dir)
        (data_dir / "done").write_text("")
    return str(data_dir), _paths(data_dir)


def _stories(services: Any) -> list[tuple[int, str, int]]:
    """Published stories as (id, path, approved comments), those with fewest comments first."""
    from sqlalchemy import text

    with services.reads() as session:
        rows = session.execute(
            text(
                "SELECT a.id, '/' || s.slug || '/' || a.slug, (SELECT count(*) FROM comments c"
                " WHERE c.article_id = a.id AND c.status = 'approved') AS n FROM articles a"
                " JOIN sections s ON s.id = a.section_id"
                " WHERE a.status = 'published' AND a.language = ''"
                " ORDER BY n, a.id"
            )
        )
        return [(int(i), str(p), int(n)) for i, p, n in rows]


def _add_comments(data_dir: Path) -> None:
    """Bring the first story without comments to ``COMMENTS`` approved ones, as readers
    write them: six to fourteen of the demo's sentences each, a third of them replies."""
    import search_corpus

    from thepost.comments.actions import Imported, import_comments
    from thepost.comments.models import CommentStatus
    from thepost.demo import words
    from thepost.permissions import SYSTEM

    services = search_corpus.services_for(data_dir)
    article_id = _stories(services)[0][0]
    rng = random.Random(COMMENTS)
    said = [*words.COMMENTS, *words.REPLIES]
    start = datetime.now(UTC) - timedelta(days=2)
    with services.writes.begin() as session:
        ids: list[int] = []
        for i in range(COMMENTS):
            parent = rng.choice(ids) if ids and i % 3 == 2 else None
            body = " ".join(rng.sample(said, rng.randint(6, 14))).replace("{place}", "Riverton")
            comment = Imported(
                key=f"hitsize:{i}", name=f"Reader {i + 1}", email=f"reader{i + 1}@example.org",
                url="", body=body, created_at=start + timedelta(minutes=20 * i),
                status=CommentStatus.APPROVED, article_id=article_id, parent_id=parent,
            )  # fmt: skip
            ids += import_comments(session, services.bus, services.keys, [comment], actor=SYSTEM)
    services.engine.dispose()


def _paths(data_dir: Path) -> dict[str, list[str]]:
    """The stories' paths: those the demo made, and the one with ``COMMENTS`` comments.
    A kept database is first brought to this checkout's migrations, as ``archive.build``
    does."""
    import search_corpus

    from thepost.db.migrate import upgrade

    services = search_corpus.services_for(data_dir)
    upgrade(services.engine)
    stories = _stories(services)
    services.engine.dispose()
    made = [path for _, path, n in stories if n < COMMENTS]
    return {"demo": made, "comments": [path for _, path, n in stories if n == COMMENTS]}


def _largest(base: str, paths: list[str]) -> str:
    """The path of the largest page among ``paths``, as ``base`` serves it."""
    return max(paths, key=lambda path: len(fetch(base + path)[0]))


@contextmanager
def nginx(files: dict[str, bytes]) -> Iterator[tuple[str, list[int]]]:
    """nginx serving ``files`` (name -> bytes), the anchors' config with brotli files
    answered as described above; yields the base URL and the workers' pids."""
    prefix = Path(tempfile.mkdtemp(prefix="thepost-nginx-"))
    for sub in ("html", "logs", "tmp"):
        (prefix / sub).mkdir()
    for name, body in files.items():
        (prefix / "html" / name).write_bytes(body)
    port = free_port()
    conf = (HERE / "nginx-static.conf.in").read_text()
    assert LOCATION in conf and "http {" in conf
    conf = conf.replace(LOCATION, BROTLI_LOCATION).replace("http {", "http {" + NEGOTIATE, 1)
    conf = conf.replace("@PREFIX@", str(prefix)).replace("@LISTEN@", f"127.0.0.1:{port}")
    conf = conf.replace("@USER@", os.environ.get("USER", "root"))
    (prefix / "nginx.conf").write_text(conf)
    base = f"http://127.0.0.1:{port}"
    command = ["nginx", "-p", str(prefix), "-c", str(prefix / "nginx.conf")]
    try:
        with process(command, f"{base}/{next(iter(files))}") as pid:
            yield base, children(pid)
    finally:
        shutil.rmtree(prefix, ignore_errors=True)


def fetch(url: str, *headers: str) -> tuple[bytes, dict[str, str]]:
    request = urllib.request.Request(url, headers=dict(h.split(": ", 1) for h in headers))
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read(), {k.lower(): v for k, v in response.headers.items()}


def run(rounds: int, seconds: int, before: str) -> dict[str, Any]:
    archive.ROOT = ROOT  # its own copy, at the migration this checkout ships
    small = archive.build(1000)
    demo_dir, demo_paths = demo_database()
    pages = {"small": (small["data_dir"], small["paths"][0])}
    systems = {"thepost": str(SRC)} | ({"thepost-before": before} if before else {})
    out: dict[str, Any] = {"seconds": seconds, "before": before, "pages": {}, "runs": []}
    out["load_at_start"] = Path("/proc/loadavg").read_text().split()[:3]
    print("load average at start:", *out["load_at_start"])
    for round_ in range(rounds):
        figures: dict[str, Any] = {}
        with ExitStack() as stack:
            servers: dict[tuple[str, str], tuple[str, list[int]]] = {}
            for system, src in systems.items():
                env = {"BENCH_HTTP": PROTOCOL, "PYTHONPATH": src}
                for data_dir in (small["data_dir"], demo_dir):
                    page_bench.THEPOST = [sys.executable, "-c", hitpath_bench.RUN]
                    base, pid = stack.enter_context(page_bench.thepost(data_dir, **env))
                    servers[system, data_dir] = base, [pid, *children(pid)]
            demo_base = servers["thepost", demo_dir][0]
            for name, paths in demo_paths.items():
                pages[name] = (demo_dir, _largest(demo_base, paths))
            files: dict[str, bytes] = {}
            for page, (data_dir, path) in pages.items():
                base = servers["thepost", data_dir][0]
                fetch(base + path)  # rendered and kept
                files[f"{page}.html"], _ = fetch(base + path)
                files[f"{page}.html.br"], head = fetch(base + path, "Accept-Encoding: gzip, br")
                assert head.get("content-encoding") == "br", head
                out["pages"][page] = {
                    "path": path,
                    "bytes": len(files[f"{page}.html"]),
                    "br_bytes": len(files[f"{page}.html.br"]),
                }
                for system in systems:
                    other = servers[system, data_dir][0]
                    got = len(fetch(other + path)[0])
                    out["pages"][page][f"{system}_bytes"] = got
            nginx_server = stack.enter_context(nginx(files))
            _check_nginx(nginx_server[0], files)
            for page, (data_dir, path) in pages.items():
                print(f"{page}: {out['pages'][page]}")
                for case, headers in CASES.items():
                    for system in systems:
                        base, pids = servers[system, data_dir]
                        figures[f"{system} {page} {case}"] = hitpath_bench.measure(
                            base + path, pids, seconds, headers=headers, warmup=1
                        )
                    base, pids = nginx_server
                    nginx_figure = hitpath_bench.measure(
                        f"{base}/{page}.html", pids, seconds, headers=headers, warmup=1
                    )
                    figures[f"nginx {page} {case}"] = nginx_figure
                    for system in systems:
                        ratio = figures[f"{system} {page} {case}"]["req_s"] / nginx_figure["req_s"]
                        figures[f"ratio {system}/nginx {page} {case}"] = round(ratio, 3)
        print(f"round {round_ + 1}:")
        for name, value in figures.items():
            if name.startswith("ratio"):
                print(f"  {name}: {value}")
        out["runs"].append(figures)
    out["load_at_end"] = Path("/proc/loadavg").read_text().split()[:3]
    print("load average at end:", *out["load_at_end"])
    return out


def _check_nginx(base: str, files: dict[str, bytes]) -> None:
    """nginx sends the bytes The Post sent, brotli ones with their header."""
    for name, body in files.items():
        if name.endswith(".br"):
            got, head = fetch(f"{base}/{name[:-3]}", "Accept-Encoding: gzip, br")
            assert head.get("content-encoding") == "br" and got == body, (name, head)
        else:
            got, head = fetch(f"{base}/{name}")
            assert "content-encoding" not in head and got == body, (name, head)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument(
        "--before", default="", help="another checkout's src directory, served beside this one"
    )
    args = parser.parse_args()
    save("hitsize", run(args.rounds, args.seconds, args.before))


if __name__ == "__main__":
    main()
