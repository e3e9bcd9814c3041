"""How fast a WordPress export imports, and whether memory stays flat.

    .venv/bin/python bench/import_bench.py --posts 100000 --comments 3 --database sqlite
    .venv/bin/python bench/import_bench.py --posts 100000 --comments 3 --database postgresql

Writes a synthetic export (``bench/wxr_generate.py``, in a child process so its memory
is not counted), imports it into an empty site (SQLite in a temporary folder, or a fresh
database on the PostgreSQL server at 127.0.0.1:5432), and prints posts per second and the
importer's resident memory as it goes (at each tenth of the posts) and at its peak. The
import is the real one, ``thepost.wordpress.importer.run``: chunks of 100 items, each
indexed, rendered and related in bulk. Then it runs the same import again, which must
find everything unchanged.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

import psycopg  # noqa: E402

from thepost.app import build_services  # noqa: E402
from thepost.config import Settings  # noqa: E402
from thepost.db.migrate import upgrade  # noqa: E402
from thepost.wordpress import importer  # noqa: E402

POSTGRES = "postgresql://postgres@127.0.0.1:5432"
DATABASE = "thepost_import_bench"


def rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def database_url(kind: str, folder: Path, name: str = DATABASE) -> str:
    """An empty database: SQLite in ``folder``, or ``name`` made afresh on the server."""
    if kind == "sqlite":
        return f"sqlite:///{folder / 'thepost.sqlite3'}"
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    return f"{POSTGRES}/{name}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=3, help="per post")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument(
        "--read-ahead", choices=("auto", "on", "off"), default="auto",
        help="read and convert the posts in a second process (auto: for 1,000 or more)",
    )  # fmt: skip
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="import-bench-") as tmp:
        folder = Path(tmp)
        export = folder / "export.xml"
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, str(HERE / "wxr_generate.py"), str(export),
             "--posts", str(args.posts), "--comments", str(args.comments)],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        size = export.stat().st_size / 2**20
        print(f"export: {args.posts:,} posts, {args.posts * args.comments:,} comments, "
              f"{size:,.0f} MiB, written in {time.perf_counter() - started:.0f} s")  # fmt: skip
        services = build_services(
            Settings(data_dir=folder / "data", database_url=database_url(args.database, folder))
        )
        upgrade(services.engine)
        before = rss_mib()
        samples: list[tuple[int, float, float]] = []  # posts done, RSS, seconds since start

        def progress(kind: str, done: int, total: int) -> None:
            if kind == "posts" and total and done * 10 // total > len(samples) - 1:
                samples.append((done, rss_mib(), time.perf_counter() - started))

        started = time.perf_counter()
        ahead = {"auto": None, "on": True, "off": False}[args.read_ahead]
        options = importer.Options(read_ahead=ahead)
        report = importer.run(services, export, options, progress=progress)
        seconds = time.perf_counter() - started
        posts = report.counts["post"]["imported"]
        print(f"{args.database}: {posts:,} posts imported in {seconds:,.0f} s: "
              f"{posts / seconds:,.0f} posts/s")  # fmt: skip
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        # The reading and reactions processes of a large file, when they ran (the largest).
        helper = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"memory (RSS) before: {before:.0f} MiB; as the posts went: "
              + ", ".join(f"{done:,}: {mib:.0f}" for done, mib, _ in samples)
              + f"; peak {peak:.0f} MiB; its helper processes' peak {helper:.0f} MiB")  # fmt: skip
        pace = [(b[0] - a[0]) / (b[2] - a[2]) for a, b in zip(samples, samples[1:], strict=False)]
        print("posts/s between those points: " + ", ".join(f"{rate:.0f}" for rate in pace))
        started = time.perf_counter()
        again = importer.run(services, export, options)
        print(f"second run: {again.summary()} in {time.perf_counter() - started:,.0f} s")
        services.engine.dispose()


if __name__ == "__main__":
    main()
