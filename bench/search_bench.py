"""Search latency benchmark: the fixed 200 queries against N synthetic articles.

    .venv/bin/python bench/search_bench.py --articles 2000 --wagtail /tmp/wagtail-work
    .venv/bin/python bench/search_bench.py --articles 100000
    .venv/bin/python bench/search_bench.py --articles 2000 \\
        --postgres postgresql+psycopg://postgres@127.0.0.1:5432/thepost_bench

Builds the corpus (``search_corpus.py``; cached under /tmp/thepost-search-bench), then
for each of ``bench/search_queries.json``'s 200 queries, ``--reps`` times (the whole list
once per repetition, after one warm-up pass):

* in-process: ``services.search.search(session, parse(q), now=, filters=, limit=10)``
  in a fresh read session: what the backend costs (with ``--bm25``, on SQLite, each
  query is also run ranked by FTS5's own bm25() instead of ``thepost_bm25``, right
  before or after it, for a side-by-side of the two);
* HTTP: ``GET /search?q=...&section=...&from=...&to=...`` through starlette's
  TestClient (in-process ASGI, no socket): routing, filter lookups, search, cards,
  template rendering, i.e. the server's end-to-end time for the results page
  (page size 10, like Wagtail's), with the page cache off (it keeps a results page for
  60 s, and would answer every pass after the warm-up), and every article's page and
  card stored, as publishing leaves them (rendered first where the corpus lacks them).

With ``--wagtail WORK`` (a folder made by ../shared/bench/anchors/setup.sh) the same
articles are loaded into that Wagtail site when they are not there yet and the same
queries are timed there too (``wagtail_search.py``, run with WORK's venv), and the
report puts both side by side with the ratio Wagtail / ours. Every phase is bounded by
``--max-seconds``: what was measured by then is reported, and the cut is said.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import search_corpus as corpus  # noqa: E402

from thepost.ratelimit import RateLimiter  # noqa: E402

RESULTS = Path("/tmp/thepost-search-bench/results")
URL_QUERY_LIMIT = 65_536  # characters of a query string the HTTP test client accepts


def pct(sorted_ms: list[float], p: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    if not sorted_ms:
        return float("nan")
    k = max(0, min(len(sorted_ms) - 1, int(round(p / 100 * len(sorted_ms) + 0.5)) - 1))
    return sorted_ms[k]


def summary(samples: list[float]) -> dict[str, float]:
    s = sorted(samples)
    return {
        "n": len(s),
        "p50": pct(s, 50),
        "p95": pct(s, 95),
        "p99": pct(s, 99),
        "max": s[-1] if s else float("nan"),
        "mean": statistics.fmean(s) if s else float("nan"),
    }


def by_kind(queries: list[dict[str, Any]], times: dict[int, list[float]]) -> dict[str, Any]:
    groups: dict[str, list[float]] = defaultdict(list)
    for q in queries:
        groups[q["kind"]] += times.get(q["id"], [])
    return {k: summary(v) for k, v in groups.items() if v}


class Deadline:
    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def passed(self) -> bool:
        return time.monotonic() > self.end


class Unmetered(RateLimiter):
    """A limiter that lets every search through (the benchmark is one client)."""

    def hit(self, scope: str, key: str, *, per_seconds: int, amount: int = 1) -> bool:
        return True


def run_ours(
    info: dict[str, Any],
    postgres: str,
    queries: list[dict[str, Any]],
    reps: int,
    max_seconds: float,
    http: bool,
    bm25: bool = False,
) -> dict[str, Any]:
    from sqlalchemy import select
    from starlette.testclient import TestClient

    from thepost.app import create_app
    from thepost.content.models import Section
    from thepost.search.backends.base import Filters
    from thepost.search.query import parse

    services = corpus.services_for(Path(info["data_dir"]), postgres, page_size=10)
    with services.reads() as session:
        sections = {slug: id_ for slug, id_ in session.execute(select(Section.slug, Section.id))}

    def filters(q: dict[str, Any]) -> Filters:
        from datetime import date

        return Filters(
            section_id=sections[q["section"]] if q.get("section") else None,
            date_from=date.fromisoformat(q["from"]) if q.get("from") else None,
            date_to=date.fromisoformat(q["to"]) if q.get("to") else None,
        )

    prepared = [(q, parse(q["q"]), filters(q)) for q in queries]
    now = corpus.NOW
    search = services.search
    hits: dict[int, dict[str, Any]] = {}

    def once(parsed: Any, flt: Filters) -> Any:
        with services.reads() as session:
            return search.search(session, parsed, now=now, filters=flt, limit=10)

    backend = services.engine.dialect.name
    out: dict[str, Any] = {"backend": backend, "cut": [], "code": code_version(backend)}
    # In-process: one warm-up pass, then `reps` passes over the whole list.
    deadline = Deadline(max_seconds)
    for q, parsed, flt in prepared:
        found = once(parsed, flt)
        hits[q["id"]] = {
            "total": found.total,
            "capped": bool(found.extra.get("total_capped")),
            "corrected": found.corrected.text() if found.corrected else None,
            "shown": len(found.hits),
        }
    # With bm25, each query also runs ranked by FTS5's bm25() (SQLite), right before or
    # after (the order alternating by pass), for a side-by-side of the two.
    variants = [True, False] if bm25 else [True]
    times: dict[bool, dict[int, list[float]]] = {v: defaultdict(list) for v in variants}
    cpu: dict[bool, dict[int, list[float]]] = {v: defaultdict(list) for v in variants}
    for rep in range(reps):  # this thread's CPU time: less moved by other work than wall time
        if deadline.passed():
            out["cut"].append(f"in-process stopped after {rep} of {reps} passes")
            break
        for q, parsed, flt in prepared:
            for counted in variants if rep % 2 == 0 else variants[::-1]:
                if bm25:
                    search.counted = counted
                t, c = time.perf_counter(), time.thread_time()
                once(parsed, flt)
                times[counted][q["id"]].append((time.perf_counter() - t) * 1000)
                cpu[counted][q["id"]].append((time.thread_time() - c) * 1000)
    if bm25:
        search.counted = True
    for counted in variants:
        into = out if counted else out.setdefault("bm25", {})
        into["inprocess"] = summary([x for v in times[counted].values() for x in v])
        into["inprocess_cpu"] = summary([x for v in cpu[counted].values() for x in v])
        into["inprocess_by_kind"] = by_kind(queries, times[counted])
        into["inprocess_cpu_by_kind"] = by_kind(queries, cpu[counted])
        into["inprocess_per_query_ms"] = {
            i: statistics.median(v) for i, v in times[counted].items()
        }
    out["hits"] = hits

    if http:
        # Every live article of a real site has its page stored (publish renders it), and
        # the results page shows the cards stored with them: render those the bulk load
        # left out (once per corpus; 55 s at 100,000).
        from thepost.web.site import pages

        t0 = time.perf_counter()
        rendered = pages.refresh_stale(
            services.writes, services.templates, services.settings.base_url
        )
        if rendered:
            print(f"rendered {rendered:,} article pages in {time.perf_counter() - t0:.0f}s")
        # The page cache off: it would answer every pass after the warm-up from memory.
        settings = services.settings.model_copy(update={"page_cache": False})
        # One client asking thousands of times a minute: the site's meter would refuse it.
        services.limiter = Unmetered()
        app = create_app(settings, services=services)
        deadline = Deadline(max_seconds)
        http_times: dict[int, list[float]] = defaultdict(list)
        with TestClient(app, base_url="http://127.0.0.1:8000") as client:
            paths = []
            for q in queries:
                params = {"q": q["q"]}
                for key in ("section", "from", "to"):
                    if q.get(key):
                        params[key] = q[key]
                paths.append((q["id"], params))
            for _, params in paths:  # warm-up (templates compiled, caches filled)
                r = client.get("/search", params=params)
                assert r.status_code == 200, (params, r.status_code)
            size = len(r.content)
            for rep in range(reps):
                if deadline.passed():
                    out["cut"].append(f"HTTP stopped after {rep} of {reps} passes")
                    break
                for qid, params in paths:
                    t = time.perf_counter()
                    r = client.get("/search", params=params)
                    http_times[qid].append((time.perf_counter() - t) * 1000)
                    if r.status_code != 200:
                        raise SystemExit(f"/search {params} answered {r.status_code}")
        out["http"] = summary([x for v in http_times.values() for x in v])
        out["http_by_kind"] = by_kind(queries, http_times)
        out["http_last_page_bytes"] = size
        common = [q["q"] for q in queries if q["kind"] == "word-common"]
        out["adversarial"] = run_adversarial(services, app, common)
    services.engine.dispose()
    return out


def adversarial_queries(words: list[str]) -> dict[str, str]:
    """Hostile queries of 10,000 characters: what a stranger can paste into the box."""
    common = " ".join(words)
    size = 10_000

    def fill(unit: str) -> str:
        return (unit * (size // len(unit) + 1))[:size]

    return {
        "one letter": fill("a"),
        "one common word": fill("the "),
        "common words": fill(common + " "),
        "unclosed phrase of common words": '"' + fill(common + " ")[1:],
        "quoted words": fill('"of the" '),
        "exclusions": fill("-the "),
        "prefixes": fill("th "),
        "FTS syntax": fill('NEAR( * ^ " : AND OR NOT title:council {body}: '),
        "SQL injection": fill("'; DROP TABLE articles; -- 1' OR '1'='1 "),
        "quotes only": fill('"'),
        "control characters": fill("\x00\x01\x1f\u202e\u200b "),
        "emoji": fill("\U0001f642"),
        "accents": fill("é\u0301\u0308 "),
        "unknown words (typos)": fill("zqxvbnw "),
    }


def run_adversarial(services: Any, app: Any, words: list[str], reps: int = 3) -> dict[str, Any]:
    """Each hostile query ``reps`` times, in-process and through ``GET /search``; the
    slowest of each."""
    from starlette.testclient import TestClient

    from thepost.search.query import parse

    queries = adversarial_queries(words)
    out: dict[str, Any] = {}
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        for label, q in queries.items():
            inproc, http = [], []
            for _ in range(reps):
                t = time.perf_counter()
                with services.reads() as session:
                    services.search.search(session, parse(q), now=corpus.NOW, limit=10)
                inproc.append((time.perf_counter() - t) * 1000)
                if len(quote(q)) > URL_QUERY_LIMIT:
                    continue  # the test client refuses it (so would a front server)
                t = time.perf_counter()
                r = client.get("/search", params={"q": q})
                http.append((time.perf_counter() - t) * 1000)
                # A query the site refuses (NUL) gets its clear answer: 400, never a 500.
                if r.status_code not in (200, 400):
                    raise SystemExit(f"/search answered {r.status_code} to {label!r}")
                client.get("/search/suggest", params={"q": q})
            out[label] = {
                "chars": len(q),
                "inprocess_max": max(inproc),
                "http_max": max(http) if http else float("nan"),
            }
    return out


def wagtail_env(work: Path) -> dict[str, str]:
    """The environment the Wagtail anchor site in ``work`` runs with."""
    return {
        **os.environ,
        "NEWSBENCH_DATA": str(work / "data"),
        "DJANGO_SETTINGS_MODULE": "newsbench.settings",
    }


def wagtail_script(work: Path, *args: str, timeout: float) -> None:
    """Run ``wagtail_search.py ARGS`` with the Wagtail site's venv, from its site folder."""
    cmd = [str(work / "venv" / "bin" / "python"), str(HERE / "wagtail_search.py"), *args]
    print(f"$ (cd {work / 'site'} && {' '.join(cmd)})", flush=True)
    subprocess.run(cmd, cwd=work / "site", env=wagtail_env(work), check=True, timeout=timeout)


def run_wagtail(
    work: Path, jsonl: str, n: int, reps: int, max_seconds: float, load_seconds: float
) -> dict[str, Any]:
    """Load the same articles into the Wagtail site (if not there yet) and time it."""
    out_file = RESULTS / f"wagtail-{n}.json"
    wagtail_script(
        work,
        "load",
        "--jsonl",
        jsonl,
        "--articles",
        str(n),
        "--max-seconds",
        str(load_seconds),
        timeout=load_seconds + 600,
    )
    wagtail_script(
        work,
        "bench",
        "--queries",
        str(corpus.QUERIES),
        "--articles",
        str(n),
        "--reps",
        str(reps),
        "--max-seconds",
        str(max_seconds),
        "--json",
        str(out_file),
        timeout=2 * max_seconds + 900,
    )
    return json.loads(out_file.read_text())


def code_version(backend: str) -> dict[str, str]:
    """Which search code was measured: the commit, and a hash of the backend's files
    (they may hold uncommitted work)."""
    try:
        git = ["git", "rev-parse", "--short", "HEAD"]
        run = subprocess.run(git, cwd=HERE.parent, capture_output=True, text=True, timeout=10)
        head = run.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        head = "?"
    name = "postgres" if backend == "postgresql" else "sqlite"
    return {"commit": head, "search_code": corpus.backend_version(name)}


def fmt(x: float) -> str:
    if x != x:  # nan
        return "–"
    return f"{x:.2f}" if x < 100 else f"{x:.0f}"


def report(
    n: int,
    info: dict[str, Any],
    ours: dict[str, Any],
    wag: dict[str, Any] | None,
    queries: list[dict[str, Any]],
) -> str:
    lines = []
    mb = info.get("db_bytes", 0) / 1e6
    lines.append(
        f"N={n:,} articles (mean {info.get('mean_words')} words), backend {ours['backend']}: "
        f"corpus insert {info.get('insert_s')} s, index rebuild {info.get('index_build_s')} s, "
        f"database {mb:,.0f} MB; code: commit {ours['code']['commit']}, search files "
        f"{ours['code']['search_code']}"
    )
    lines.append("")
    lines.append("| system | path | samples | p50 ms | p95 ms | p99 ms | max ms | mean ms |")
    lines.append("|---|---|---:|---:|---:|---:|---:|---:|")

    def row(system: str, path: str, s: dict[str, float]) -> None:
        lines.append(
            f"| {system} | {path} | {s['n']} | {fmt(s['p50'])} | {fmt(s['p95'])} | "
            f"{fmt(s['p99'])} | {fmt(s['max'])} | {fmt(s['mean'])} |"
        )

    row(f"The Post ({ours['backend']})", "in-process search()", ours["inprocess"])
    if "inprocess_cpu" in ours:
        row(f"The Post ({ours['backend']})", "in-process search(), CPU time", ours["inprocess_cpu"])
    old = ours.get("bm25")
    if old:
        row("The Post (sqlite, FTS5 bm25())", "in-process search()", old["inprocess"])
        row("The Post (sqlite, FTS5 bm25())", "in-process search(), CPU time", old["inprocess_cpu"])
    if "http" in ours:
        row(f"The Post ({ours['backend']})", "HTTP GET /search", ours["http"])
    if wag:
        row(
            "Wagtail 8 (database backend, SQLite)",
            "in-process .search() + paginator",
            wag["inprocess"],
        )
        if "http" in wag:
            row(
                "Wagtail 8 (database backend, SQLite)",
                "HTTP GET /search/ (test client)",
                wag["http"],
            )
        lines.append("")
        lines.append("| ratio Wagtail / The Post | p50 | p95 | p99 |")
        lines.append("|---|---:|---:|---:|")
        for label, a, b in (
            ("in-process", wag["inprocess"], ours["inprocess"]),
            ("HTTP", wag.get("http"), ours.get("http")),
        ):
            if a and b:
                lines.append(
                    f"| {label} | {a['p50'] / b['p50']:.0f}× | {a['p95'] / b['p95']:.0f}× | "
                    f"{a['p99'] / b['p99']:.0f}× |"
                )
    lines.append("")
    lines.append("Per kind of query, in-process p50 / p95 ms:")
    lines.append("")
    head = "| kind | queries | The Post p50 | The Post p95 |"
    head += " bm25() p50 | bm25() p95 |" if old else ""
    head += " Wagtail p50 | Wagtail p95 |" if wag else ""
    lines.append(head)
    lines.append("|---|---:|---:|---:|" + "---:|---:|" * (bool(old) + bool(wag)))
    counts: dict[str, int] = defaultdict(int)
    for q in queries:
        counts[q["kind"]] += 1
    for kind, c in counts.items():
        o = ours["inprocess_by_kind"].get(kind)
        line = f"| {kind} | {c} | {fmt(o['p50'])} | {fmt(o['p95'])} |" if o else f"| {kind} |"
        if old:
            b = old["inprocess_by_kind"].get(kind)
            line += f" {fmt(b['p50'])} | {fmt(b['p95'])} |" if b else " – | – |"
        if wag:
            w = wag["inprocess_by_kind"].get(kind)
            line += f" {fmt(w['p50'])} | {fmt(w['p95'])} |" if w else " – | – |"
        lines.append(line)
    zero = sum(1 for h in ours["hits"].values() if h["total"] == 0)
    fixed = sum(1 for h in ours["hits"].values() if h["corrected"])
    capped = sum(1 for h in ours["hits"].values() if h["capped"])
    lines.append("")
    lines.append(
        f"The Post: {zero} of {len(queries)} queries found nothing, {fixed} were answered "
        f"through a typo correction, {capped} had their total capped at 1,000."
    )
    if wag:
        wz = sum(1 for h in wag["hits"].values() if h["total"] == 0)
        errors = sum(1 for h in wag["hits"].values() if h.get("error"))
        lines.append(
            f"Wagtail: {wz} of {len(queries)} queries found nothing"
            + (f", {errors} raised an error" if errors else "")
            + "."
        )
    if ours.get("adversarial"):
        lines.append("")
        lines.append(
            "Hostile queries of 10,000 characters (slowest of 3, ms; – where the encoded URL "
            "is too long for the HTTP test client):"
        )
        lines.append("")
        lines.append("| query | in-process search() | HTTP GET /search |")
        lines.append("|---|---:|---:|")
        for label, a in ours["adversarial"].items():
            lines.append(f"| {label} | {fmt(a['inprocess_max'])} | {fmt(a['http_max'])} |")
    for cut in ours.get("cut", []) + (wag.get("cut", []) if wag else []):
        lines.append(f"CUT SHORT: {cut}")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--postgres", default="", help="SQLAlchemy URL of a database to fill")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--no-http", action="store_true", help="skip the /search page timing")
    ap.add_argument(
        "--bm25", action="store_true", help="SQLite: also time each query ranked by FTS5's bm25()"
    )
    ap.add_argument("--wagtail", type=Path, help="Wagtail work dir made by anchors/setup.sh")
    ap.add_argument(
        "--max-seconds",
        type=float,
        default=1200,
        help="time limit of each timed phase (default 1200)",
    )
    ap.add_argument(
        "--wagtail-load-seconds",
        type=float,
        default=1200,
        help="time limit for loading articles into Wagtail",
    )
    ap.add_argument("--force", action="store_true", help="regenerate the corpus")
    ap.add_argument(
        "--cache",
        type=Path,
        default=corpus.CACHE,
        help=f"folder of the cached corpora (default {corpus.CACHE})",
    )
    a = ap.parse_args()
    queries = corpus.load_queries()
    if queries and corpus.generator_version() != json.loads(corpus.QUERIES.read_text()).get(
        "generator"
    ):
        print("warning: search_queries.json was made by another generator version")
    RESULTS.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    info = corpus.build(a.articles, a.postgres, force=a.force, cache=a.cache)
    print(f"corpus ready in {time.perf_counter() - t0:.0f}s: {info['data_dir']}", flush=True)
    if a.bm25 and a.postgres:
        ap.error("--bm25 is for SQLite")
    ours = run_ours(info, a.postgres, queries, a.reps, a.max_seconds, not a.no_http, a.bm25)
    wag = None
    if a.wagtail:
        wag = run_wagtail(
            a.wagtail, info["jsonl"], a.articles, a.reps, a.max_seconds, a.wagtail_load_seconds
        )
    text = report(a.articles, info, ours, wag, queries)
    print()
    print(text)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    out = RESULTS / f"search-{ours['backend']}-{a.articles}-{stamp}.json"
    out.write_text(
        json.dumps(
            {"build": info, "ours": ours, "wagtail": wag, "report": text}, indent=1, default=str
        )
    )
    (RESULTS / f"search-{ours['backend']}-{a.articles}-{stamp}.md").write_text(text + "\n")
    print(f"\nresults: {out}")


if __name__ == "__main__":
    main()
