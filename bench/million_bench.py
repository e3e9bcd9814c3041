"""A large archive end to end: storage per article, `thepost reindex` and `thepost render`
over all of it, uncached pages against a 1,000-article archive, search, sitemaps.

    .venv/bin/python bench/million_bench.py --articles 1000000
    .venv/bin/python bench/million_bench.py --articles 1000000 \\
        --postgres postgresql+psycopg://postgres@127.0.0.1:5432

The archive is ``archive.py``'s (articles, pictures, comments, related lists), built once
per size and database without its stored pages and search index: those are made by
``thepost reindex`` and ``thepost render``, run here as the processes a site runs, each
timed with its peak memory (the high-water mark the command reports) and its progress
polled from the database. Both are resumable: a run stopped half-way (or
``--stop-reindex-after``) carries on when started again. Then, in this order, each
phase's figures written to
``bench/results/million-<database>-<articles>-<utc time>.json`` as soon as it ends:

- every table's and index's size in bytes per article, and the articles' own text
  (title, body as written, excerpt) per article;
- search: the search benchmark's 200 queries in-process (``search_bench.run_ours``);
- sitemaps: the Python allocation peak and the resident size while the sitemap index and
  the first and last article sitemap are streamed, against the 1,000-article archive;
- uncached pages (``page_bench.render``): the 1,000 and the large archive's apps taking
  turns, request by request.

With ``--postgres`` (a server URL) each archive gets a database of its own there,
``thepost_archive_<articles>``, created when missing. Timed phases hold
``/tmp/thepost-bench.lock``, as ``flock`` does.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import archive  # noqa: E402
import page_bench  # noqa: E402
import search_bench  # noqa: E402
import search_corpus as corpus  # noqa: E402
import sitemap_bench  # noqa: E402

RESULTS = HERE / "results"
SMALL = 1000  # the archive the pages and sitemaps are held against
LOCK = Path("/tmp/thepost-bench.lock")


def log(message: str) -> None:
    print(f"{datetime.now(UTC):%H:%M:%S} {message}", flush=True)


@contextmanager
def bench_lock() -> Iterator[None]:
    """The lock ``flock /tmp/thepost-bench.lock`` takes: timed phases run alone."""
    with LOCK.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def database_url(server: str, n: int) -> str:
    """The PostgreSQL database of the ``n``-article archive on ``server`` (created when
    missing); "" for SQLite."""
    if not server:
        return ""
    from sqlalchemy import create_engine, text

    name = f"thepost_archive_{n}"
    admin = create_engine(f"{server.rstrip('/')}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return f"{server.rstrip('/')}/{name}"


# -- the two commands, as processes ---------------------------------------------------------


def command(
    name: str,
    info: dict[str, Any],
    url: str,
    progress: Callable[[], int],
    *,
    every: float,
    stop_after: float = 0,
    min_free_gb: float = 0,
) -> dict[str, Any]:
    """Run ``thepost <name>`` over the archive: wall time, CPU time and peak resident size
    of the process (as the command reports it: VmHWM), its last lines, and its progress
    (``progress()``: stories done) logged every ``every`` seconds. ``stop_after``: kill
    it (SIGKILL) after so many seconds, as a crash would. It is killed too when the disk
    holding the archive has less than ``min_free_gb`` left (the commands carry on when
    run again)."""
    args = [sys.executable, "-m", "thepost", name, "--data-dir", info["data_dir"]]
    if url:
        args += ["--database-url", url]
    output = Path(info["data_dir"]) / f"{name}.out"
    done = threading.Event()
    began = time.perf_counter()
    start = progress()

    def watch() -> None:
        while not done.wait(every):
            now = progress()
            base = start if now >= start else 0  # a rebuild starts from an empty index
            rate = (now - base) / (time.perf_counter() - began)
            free = shutil.disk_usage(info["data_dir"]).free / 2**30
            log(f"  {name}: {now:,} stories done, {rate:.0f} a second, {free:.1f} GiB free")
            if free < min_free_gb:
                log(f"  {name}: stopped, less than {min_free_gb} GiB free on the disk")
                proc.kill()

    with output.open("w") as out:
        # The commands run the code of this checkout, whatever the virtualenv installed.
        env = {**os.environ, "PYTHONPATH": str(HERE.parent / "src")}
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, env=env)
        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        killer = threading.Timer(stop_after, proc.kill) if stop_after else None
        if killer:
            killer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        if killer:
            killer.cancel()
        done.set()
    elapsed = time.perf_counter() - began
    said = output.read_text(errors="replace")
    # The command's own figure: the child's ru_maxrss counts this process, which forked it.
    peak = re.search(r"peak memory (\d+) MiB", said)
    found = {
        "exit": os.waitstatus_to_exitcode(status),
        "seconds": round(elapsed, 1),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),
        "peak_rss_mib": int(peak[1]) if peak else None,
        "stories_before": start,
        "stories_after": progress(),
        "output_tail": said.splitlines()[-3:],
    }
    log(f"thepost {name}: {found}")
    return found


def indexed(services: Any) -> Callable[[], int]:
    """Live stories a rebuild under way has indexed (when none is, the index's documents)."""
    from sqlalchemy import func, select, text

    from thepost.content.models import LIVE_STATUSES, Article
    from thepost.search import state

    postgres = services.engine.dialect.name == "postgresql"
    documents = text(
        f"SELECT count(*) FROM {'search_documents' if postgres else 'search_fts_texts'}"
    )

    def count() -> int:
        with services.reads() as session:
            below = state.rebuilding(session)
            if below is None:
                return int(session.scalar(documents) or 0)
            live = select(func.count()).where(
                Article.status.in_(LIVE_STATUSES), Article.id >= below
            )
            return int(session.scalar(live) or 0)

    return count


def rendered(services: Any) -> Callable[[], int]:
    """Stories with stored page parts (current or not)."""
    from sqlalchemy import func, select

    from thepost.content.models import ArticlePage

    def count() -> int:
        with services.reads() as session:
            return int(session.scalar(select(func.count()).select_from(ArticlePage)) or 0)

    return count


# -- storage ----------------------------------------------------------------------------------

_SQLITE_SIZES = (
    "SELECT d.name, coalesce(m.type, 'table'), coalesce(m.tbl_name, d.name), SUM(d.pgsize) "
    "FROM dbstat AS d LEFT JOIN sqlite_master AS m ON m.name = d.name GROUP BY d.name"
)
_POSTGRES_SIZES = """
    SELECT c.relname, 'table', c.relname, pg_table_size(c.oid)
    FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'm')
    UNION ALL
    SELECT i.relname, 'index', t.relname, pg_relation_size(i.oid)
    FROM pg_index AS x JOIN pg_class AS i ON i.oid = x.indexrelid
    JOIN pg_class AS t ON t.oid = x.indrelid
    JOIN pg_namespace AS n ON n.oid = t.relnamespace
    WHERE n.nspname = 'public'
"""


def sizes(services: Any, n: int) -> dict[str, Any]:
    """Every table's (with its TOAST on PostgreSQL) and index's bytes, per article; the
    articles' own text per article (title, body as written, excerpt: UTF-8 bytes)."""
    from sqlalchemy import text

    postgres = services.engine.dialect.name == "postgresql"
    length = "octet_length({})" if postgres else "length(CAST({} AS BLOB))"
    own = " + ".join(length.format(c) for c in ("title", "body_source", "excerpt"))
    with services.engine.connect() as conn:
        rows = conn.execute(text(_POSTGRES_SIZES if postgres else _SQLITE_SIZES)).all()
        own_text = int(conn.scalar(text(f"SELECT SUM({own}) FROM articles")) or 0)
        total = int(
            conn.scalar(
                text(
                    "SELECT pg_database_size(current_database())"
                    if postgres
                    else "SELECT page_count * page_size FROM pragma_page_count, pragma_page_size"
                )
            )
            or 0
        )
    relations = sorted(
        (
            {
                "name": name,
                "kind": kind,
                "table": table,
                "bytes": int(size),
                "per_article": round(int(size) / n),
            }
            for name, kind, table, size in rows
            if size
        ),
        key=lambda r: -r["bytes"],
    )
    by_table: dict[str, int] = {}
    for r in relations:
        by_table[r["table"]] = by_table.get(r["table"], 0) + r["bytes"]
    found = {
        "database_bytes": total,
        "per_article": round(total / n),
        "own_text_per_article": round(own_text / n),
        "beyond_text_per_article": round((total - own_text) / n),
        "tables_with_indexes_per_article": {
            t: round(b / n) for t, b in sorted(by_table.items(), key=lambda x: -x[1])
        },
        "relations": relations,
    }
    log(
        f"database {total / 2**30:.2f} GiB: {found['per_article']:,} bytes an article, "
        f"{found['beyond_text_per_article']:,} beyond its own text "
        f"({found['own_text_per_article']:,})"
    )
    for r in relations[:15]:
        log(f"  {r['name']:40} {r['kind']:6} {r['per_article']:>8,} bytes an article")
    return found


# -- sitemaps ---------------------------------------------------------------------------------


def sitemaps(info: dict[str, Any], url: str) -> dict[str, Any]:
    """The sitemap index and the first and last article sitemaps, streamed: the Python
    allocation peak while each is produced (tracemalloc) and the process's resident size
    before and after (flat when nothing is held whole). The page cache is off: it keeps
    a page whole by design, and would answer the second fetch from memory."""
    from starlette.testclient import TestClient

    from thepost.app import create_app

    services = corpus.services_for(Path(info["data_dir"]), url, page_cache=False)
    found: dict[str, Any] = {}
    with (
        TestClient(create_app(services.settings, services=services)) as client,
        tempfile.TemporaryDirectory() as out,
    ):
        index = client.get("/sitemap.xml").text
        pages = [p for p in index.split("<loc>")[1:] if "sitemap-articles-" in p]
        paths = ["/sitemap.xml"]
        paths += [p.split("</loc>")[0].removeprefix(services.settings.base_url) for p in pages]
        for path in dict.fromkeys([paths[0], paths[1], paths[-1]]):
            rss_before = _rss_mib()
            size, seconds, _ = sitemap_bench.fetch(client, path, Path(out) / "page", trace=False)
            rss_after = _rss_mib()
            _, _, peak = sitemap_bench.fetch(client, path, Path(out) / "page", trace=True)
            found[path] = {
                "bytes": size,
                "seconds": round(seconds, 3),
                "python_peak_mib": round(peak / 2**20, 2),
                "rss_before_mib": rss_before,
                "rss_after_mib": rss_after,
            }
            log(f"  {path}: {found[path]}")
    services.engine.dispose()
    return found


def _rss_mib() -> float:
    """The process's resident size now (VmRSS)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


# -- the run ------------------------------------------------------------------------------------


def run(n: int, server: str, args: argparse.Namespace, out: Path) -> dict[str, Any]:
    result: dict[str, Any] = {
        "articles": n,
        "database": "postgresql" if server else "sqlite",
        "began_utc": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count()},
    }

    def save(phase: str, figures: Any) -> None:
        result[phase] = figures
        result["load_1min"] = os.getloadavg()[0]
        out.write_text(json.dumps(result, indent=1, default=str))

    url = database_url(server, n)
    small_url = database_url(server, SMALL)
    t0 = time.perf_counter()
    log(f"the {n:,}-article archive ({result['database']})")
    info = archive.build(n, database_url=url, prepared=False, log=log)
    save("build", {**info, "reused_after_s": round(time.perf_counter() - t0, 1)})
    small = archive.build(SMALL, database_url=small_url, log=log)
    services = corpus.services_for(Path(info["data_dir"]), url)

    reindexes = []
    if args.stop_reindex_after:
        reindexes.append(
            command(
                "reindex",
                info,
                url,
                indexed(services),
                every=args.every,
                stop_after=args.stop_reindex_after,
            )
        )
    reindexes.append(
        command(
            "reindex", info, url, indexed(services), every=args.every, min_free_gb=args.min_free_gb
        )
    )
    save("reindex", reindexes)
    # ``archive.build`` would index an archive without this again, in one transaction.
    info_file = Path(info["data_dir"]) / "info.json"
    kept = json.loads(info_file.read_text())
    kept["search_index_s"] = sum(r["seconds"] for r in reindexes)
    info_file.write_text(json.dumps(kept, indent=1))
    save("sizes_before_render", sizes(services, n))

    log("search: the 200 queries in-process")
    with bench_lock():
        searched = search_bench.run_ours(
            info, url, corpus.load_queries(), args.search_reps, args.max_seconds, http=False
        )
    searched.pop("hits", None)
    searched.pop("inprocess_per_query_ms", None)
    log(f"search in-process: {searched['inprocess']}")
    save("search", searched)

    log("sitemaps")
    with bench_lock():
        save("sitemaps", {str(SMALL): sitemaps(small, small_url), str(n): sitemaps(info, url)})

    save(
        "render",
        command(
            "render", info, url, rendered(services), every=args.every, min_free_gb=args.min_free_gb
        ),
    )
    save("sizes", sizes(services, n))
    services.engine.dispose()

    log(f"uncached pages, {SMALL:,} against {n:,} articles, {args.rounds} rounds")
    with bench_lock():
        figures = page_bench.render([SMALL, n], args.rounds, {SMALL: small_url, n: url})
    save("pages", figures)
    result["peak_rss_mib_of_this_process"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
    )
    save("ended_utc", datetime.now(UTC).isoformat(timespec="seconds"))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument(
        "--postgres", default="", help="a PostgreSQL server URL (postgresql+psycopg://...:5432)"
    )
    parser.add_argument("--rounds", type=int, default=200, help="requests timed per page")
    parser.add_argument("--search-reps", type=int, default=5, help="passes over the queries")
    parser.add_argument("--max-seconds", type=float, default=1200, help="search's time limit")
    parser.add_argument("--every", type=float, default=60, help="seconds between progress lines")
    parser.add_argument(
        "--stop-reindex-after",
        type=float,
        default=0,
        help="kill the first reindex after so many seconds, then run it again to the end",
    )
    parser.add_argument(
        "--min-free-gb",
        type=float,
        default=8,
        help="stop a command when the disk has less left (default 8)",
    )
    args = parser.parse_args()
    RESULTS.mkdir(exist_ok=True)
    database = "postgresql" if args.postgres else "sqlite"
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = RESULTS / f"million-{database}-{args.articles}-{stamp}.json"
    log(f"results in {out}")
    run(args.articles, args.postgres, args, out)
    log(f"done: {out}")


if __name__ == "__main__":
    main()
