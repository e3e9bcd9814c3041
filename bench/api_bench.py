"""API benchmark: the API's reads beside the HTML article page, uncached, on the page
benchmark's archive (``archive.py``).

    .venv/bin/python bench/api_bench.py render --articles 1000 --rounds 400   # in-process
    .venv/bin/python bench/api_bench.py http --articles 1000                  # wrk, req/s

``render`` calls ``create_app(Settings(page_cache=False))`` as an ASGI app with a plain
scope (no sockets), the cases taking turns request by request (``page_bench._measure``):
the article page (HTML), ``GET /api/v1/articles?limit=20&include=authors,tags,section``
and ``GET /api/v1/articles/{id}?include=authors,tags,section,featured_image``, cycling
through 200 articles. ``http`` serves the archive with ``thepost serve --workers 2`` and
the page cache off and runs ``wrk -t2 -c32 -d15s`` on each (``make bench-tools``
installs wrk). Results go to ``bench/results/api-<command>-<utc time>.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import archive  # noqa: E402
import page_bench  # noqa: E402

LIST = "/api/v1/articles?limit=20&include=authors,tags,section"
ONE = "/api/v1/articles/{id}?include=authors,tags,section,featured_image"


def _cases(info: dict[str, Any]) -> dict[str, list[str]]:
    from sqlalchemy import select

    from thepost.content.models import Article

    services = archive.corpus.services_for(Path(info["data_dir"]))
    slugs = [path.rsplit("/", 1)[1] for path in info["paths"]]
    with services.reads() as session:
        ids = dict(
            session.execute(select(Article.slug, Article.id).where(Article.slug.in_(slugs))).all()
        )
    services.engine.dispose()
    return {
        "article page": info["paths"],
        "api list": [LIST],
        "api article": [ONE.format(id=ids[slug]) for slug in slugs],
    }


def render(n: int, rounds: int) -> dict[str, Any]:
    from sqlalchemy import event

    from thepost.app import create_app
    from thepost.config import Settings

    info = archive.build(n)
    cases = _cases(info)
    app = create_app(Settings(data_dir=Path(info["data_dir"]), page_cache=False))
    counted: list[int] = []
    event.listen(app.state.services.engine, "before_cursor_execute", page_bench._counter(counted))
    names = list(cases)
    found = asyncio.run(
        page_bench._measure([app] * len(names), [cases[k] for k in names], rounds, counted)
    )
    out: dict[str, Any] = {"articles": n, "rounds": rounds, "cases": {}}
    for name, (times, cpu, queries) in zip(names, found, strict=True):
        out["cases"][name] = {
            "median_ms": round(statistics.median(times) * 1000, 3),
            "p90_ms": round(sorted(times)[int(len(times) * 0.9)] * 1000, 3),
            "cpu_median_ms": round(statistics.median(cpu) * 1000, 3),
            "queries": queries,
        }
        print(f"{name:12s} {out['cases'][name]}")
    page = out["cases"]["article page"]["median_ms"]
    out["ratio_to_article_page"] = {
        name: round(figures["median_ms"] / page, 2) for name, figures in out["cases"].items()
    }
    print("ratio to the article page:", out["ratio_to_article_page"])
    app.state.services.engine.dispose()
    return out


def http(n: int) -> dict[str, Any]:
    info = archive.build(n)
    cases = _cases(info)
    out: dict[str, Any] = {"articles": n, "wrk": " ".join(page_bench.WRK), "cases": {}}
    with page_bench.thepost(info["data_dir"], THEPOST_PAGE_CACHE="false") as (base, _):
        for name, paths in cases.items():
            url = base + paths[len(paths) // 2]
            subprocess.run([*page_bench.WARMUP, url], check=True, capture_output=True)
            done = subprocess.run(
                [*page_bench.WRK, url], check=True, capture_output=True, text=True
            )
            rate = float(re.search(r"Requests/sec:\s+([\d.]+)", done.stdout).group(1))
            out["cases"][name] = {"url": paths[len(paths) // 2], "requests_per_s": rate}
            print(f"{name:12s} {rate:9.1f} req/s")
    page = out["cases"]["article page"]["requests_per_s"]
    out["ratio_to_article_page"] = {
        name: round(page / figures["requests_per_s"], 2) for name, figures in out["cases"].items()
    }
    print("time per request relative to the article page:", out["ratio_to_article_page"])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    one = sub.add_parser("render")
    one.add_argument("--articles", type=int, default=1000)
    one.add_argument("--rounds", type=int, default=400)
    two = sub.add_parser("http")
    two.add_argument("--articles", type=int, default=1000)
    args = parser.parse_args()
    result = render(args.articles, args.rounds) if args.command == "render" else http(args.articles)
    path = page_bench.RESULTS / f"api-{args.command}-{page_bench.stamp()}.json"
    page_bench.RESULTS.mkdir(exist_ok=True)
    path.write_text(json.dumps(result, indent=1))
    print(f"results in {path}")


if __name__ == "__main__":
    main()
