"""Sitemaps over a large archive: build every sitemap of N generated articles through the
app (in-process ASGI), validate each against the sitemaps.org and Google XSDs, and report
time and memory.

    .venv/bin/python bench/sitemap_bench.py --articles 100000
    .venv/bin/python bench/sitemap_bench.py --articles 100000 \\
        --postgres postgresql+psycopg://postgres@127.0.0.1:5432/thepost_sitemap_bench

Articles come from the search benchmark's seeded generator (``search_corpus``), written
with bulk inserts into a database cached under ``/tmp/thepost-sitemap-bench/``; every
article gets one of 500 featured images so the image extension is exercised. Each article
sitemap page is streamed to a file chunk by chunk (never joined in memory), and memory is
measured while the page is produced: ``tracemalloc`` peak of Python allocations during the
request, and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE.parent / "tests"))

import search_corpus  # noqa: E402

CACHE = Path("/tmp/thepost-sitemap-bench")
IMAGES = 500


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(n: int, postgres: str) -> Path:
    """The corpus database (reused when complete), with featured images."""
    from sqlalchemy import insert, update

    from thepost.content.models import Article, Image
    from thepost.db.migrate import upgrade

    backend = "postgres" if postgres else "sqlite"
    where = CACHE / f"{backend}-{n}-{search_corpus.generator_version()}"
    done = where / "build.json"
    if done.exists() and json.loads(done.read_text()).get("database_url") == postgres:
        return where
    if where.exists() and not postgres:
        for p in where.glob("thepost.sqlite3*"):
            p.unlink()
    where.mkdir(parents=True, exist_ok=True)
    services = search_corpus.services_for(where, postgres)
    upgrade(services.engine)
    print(f"generating {n:,} articles into {where}")
    info = search_corpus.insert_corpus(services, n, None)
    with services.engine.begin() as conn:
        conn.execute(Image.__table__.delete())
        conn.execute(
            insert(Image.__table__),
            [
                {
                    "id": i,
                    "sha256": f"{i:064x}",
                    "width": 1600,
                    "height": 900,
                    "renditions": [320, 640, 1280],
                    "alt": "",
                    "caption": "",
                    "credit": "",
                    "created_at": search_corpus.NOW,
                }
                for i in range(1, IMAGES + 1)
            ],
        )
        conn.execute(update(Article).values(featured_image_id=Article.id % IMAGES + 1))
    services.engine.dispose()
    done.write_text(json.dumps({**info, "database_url": postgres}, indent=2))
    return where


def fetch(client: Any, path: str, target: Path, *, trace: bool) -> tuple[int, float, int]:
    """Stream one sitemap to a file; (bytes, seconds, tracemalloc peak or 0)."""
    if trace:
        tracemalloc.start()
    t0 = time.perf_counter()
    size = 0
    with client.stream("GET", path) as response, target.open("wb") as sink:
        assert response.status_code == 200, (path, response.status_code)
        for chunk in response.iter_bytes():
            size += len(chunk)
            sink.write(chunk)
    elapsed = time.perf_counter() - t0
    peak = 0
    if trace:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return size, elapsed, peak


def run(n: int, postgres: str, page_size: int, out: Path) -> dict[str, Any]:
    from starlette.testclient import TestClient

    from feeds import validate  # the test suite's XSD validators
    from thepost.app import create_app
    from thepost.db.migrate import upgrade

    where = build(n, postgres)
    services = search_corpus.services_for(where, postgres, sitemap_page_size=page_size)
    upgrade(services.engine)  # a cached corpus gets migrations added since it was built
    out.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"articles": n, "page_size": page_size, "pages": []}
    with TestClient(create_app(services.settings, services=services)) as client:
        results["rss_after_start_mib"] = round(rss_mib(), 1)
        print(f"process RSS with the app started: {results['rss_after_start_mib']:.0f} MiB")
        t0 = time.perf_counter()
        index = client.get("/sitemap.xml")
        results["index_s"] = round(time.perf_counter() - t0, 3)
        root = validate.sitemap(index.content)
        paths = [
            loc.text.removeprefix(services.settings.base_url)
            for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
        ]
        urls_total = 0
        for path in paths:
            target = out / path.strip("/")
            size, elapsed, _ = fetch(client, path, target, trace=False)
            rss_before_validation = rss_mib()
            # Again under tracemalloc (which slows allocation): the Python memory peak.
            _, _, peak = fetch(client, path, target, trace=True)
            t1 = time.perf_counter()
            page = validate.sitemap(target.read_bytes())
            validated = time.perf_counter() - t1
            count = len(page)
            if "articles" in path:
                urls_total += count
            results["pages"].append(
                {
                    "path": path,
                    "urls": count,
                    "bytes": size,
                    "seconds": round(elapsed, 3),
                    "python_peak_mib": round(peak / 2**20, 1),
                    "rss_peak_mib_before_validation": round(rss_before_validation, 1),
                    "validate_s": round(validated, 2),
                }
            )
            print(
                f"{path:32} {count:>7,} URLs {size / 2**20:7.1f} MiB in {elapsed:6.2f}s; "
                f"Python peak {peak / 2**20:6.1f} MiB; RSS {rss_before_validation:.0f} MiB; "
                f"valid ({validated:.1f}s)"
            )
        assert urls_total == n, (urls_total, n)
    services.engine.dispose()
    results["peak_rss_mib"] = round(rss_mib(), 1)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--postgres", default="", help="an empty PostgreSQL database URL")
    parser.add_argument("--page-size", type=int, default=50_000)
    parser.add_argument("--out", type=Path, default=CACHE / "out")
    args = parser.parse_args()
    t0 = time.perf_counter()
    results = run(args.articles, args.postgres, args.page_size, args.out)
    results["total_s"] = round(time.perf_counter() - t0, 1)
    articles = [p for p in results["pages"] if "articles" in p["path"]]
    print(
        f"\n{results['articles']:,} articles: {len(articles)} article sitemaps, "
        f"slowest page {max(p['seconds'] for p in articles):.2f}s, "
        f"Python peak while streaming {max(p['python_peak_mib'] for p in articles):.1f} MiB, "
        f"process peak RSS {results['peak_rss_mib']:.0f} MiB (includes XSD validation)"
    )
    (args.out / "results.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
