"""Page benchmarks: cached pages over HTTP against nginx serving the same HTML, uncached
pages against Wagtail and WordPress serving the same articles, uncached server time as the
archive grows, publish-to-visible latency across processes, memory.

    .venv/bin/python bench/page_bench.py render --articles 1000 100000   # (c) in-process
    .venv/bin/python bench/page_bench.py http \\
        --wagtail /tmp/wagtail-work --wordpress /tmp/thepost-wordpress  # (b) wrk, side by side
    .venv/bin/python bench/page_bench.py latency                        # (d) two processes
    .venv/bin/python bench/page_bench.py chart bench/results/pages-*.json

Each command writes ``bench/results/pages-<command>-<utc time>.json``. Archives come from
``archive.py`` (built on first use). ``--wagtail`` takes a folder made by the anchors'
``setup.sh`` (``../shared/bench/anchors/``): the archive's articles are loaded into it
(``wagtail_search.py load``) and it is served as the anchors serve it. ``--wordpress``
sets WordPress up in a folder (``wordpress.py``) or takes the URL of one already holding
the articles. An anchor that is not set up is skipped, loudly, with the command that sets
it up. Everything runs on 127.0.0.1; every server started here is stopped on the way out,
and every phase is bounded in time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import archive  # noqa: E402
from search_bench import Unmetered, wagtail_env, wagtail_script  # noqa: E402

import wordpress  # noqa: E402

RESULTS = HERE / "results"
ANCHORS = HERE.parent.parent / "shared" / "bench" / "anchors"
THEPOST = [sys.executable, "-m", "thepost"]
WRK = ["wrk", "-t2", "-c32", "-d15s", "--timeout", "10s", "--latency"]
WARMUP = ["wrk", "-t2", "-c2", "-d3s"]


def stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def save(kind: str, result: dict[str, Any]) -> Path:
    RESULTS.mkdir(exist_ok=True)
    result = {"date_utc": datetime.now(UTC).isoformat(timespec="seconds"), **result}
    result["machine"] = {"cpus": os.cpu_count(), "load_1min_at_end": os.getloadavg()[0]}
    path = RESULTS / f"pages-{kind}-{stamp()}.json"
    path.write_text(json.dumps(result, indent=1))
    print(f"results in {path}")
    return path


# -- (c) uncached server time, in-process ----------------------------------------------------


def _scope(path: str) -> dict[str, Any]:
    raw, _, query = path.partition("?")
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": raw,
        "raw_path": raw.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"x")],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }


async def _call(app: Any, path: str) -> int:
    status = 0

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(_scope(path), receive, send)
    return status


def _counter(counted: list[int]) -> Any:
    return lambda *args, **kwargs: counted.append(1)


async def _measure(
    apps: list[Any], paths: list[list[str]], rounds: int, counted: list[int]
) -> list[tuple[list[float], list[float], int]]:
    """Wall-clock and CPU time (the process's, all threads) of each request, for each
    app with its paths. The apps take turns request by request, so that a slower spell
    of the machine falls on all of them alike."""
    for app, some in zip(apps, paths, strict=True):
        for path in some[:20]:
            assert await _call(app, path) == 200, path
    found: list[tuple[list[float], list[float], int]] = [([], [], 0) for _ in apps]
    for i in range(rounds):
        for k, (app, some) in enumerate(zip(apps, paths, strict=True)):
            counted.clear()
            began, began_cpu = time.perf_counter(), time.process_time()
            await _call(app, some[i % len(some)])
            times, cpu, _ = found[k]
            times.append(time.perf_counter() - began)
            cpu.append(time.process_time() - began_cpu)
            found[k] = (times, cpu, len(counted))
    return found


def _search_words() -> list[str]:
    """The search benchmark's queries of single words and unquoted word lists (the
    results page's work, typo corrections and phrases aside)."""
    listed = json.loads((HERE / "search_queries.json").read_text())["queries"]
    return [q["q"] for q in listed if q["kind"] in ("word-common", "word-medium", "multi-word")]


def _reader_pages(services: Any, info: dict[str, Any]) -> dict[str, list[str]]:
    """Every kind of reader page of an archive: its sampled articles, the home page, the
    first article's section, the most used tag, the author with most stories, the latest
    list, a search results page and the feeds."""
    from sqlalchemy import func, select

    from thepost.content.models import ArticleAuthor, Author, Tag, article_tags

    with services.reads() as session:
        tag = session.scalar(
            select(Tag.slug)
            .join(article_tags, article_tags.c.tag_id == Tag.id)
            .group_by(Tag.id)
            .order_by(func.count().desc())
            .limit(1)
        )
        author = session.scalar(
            select(Author.slug)
            .join(ArticleAuthor, ArticleAuthor.author_id == Author.id)
            .group_by(Author.id)
            .order_by(func.count().desc())
            .limit(1)
        )
    section = info["paths"][0].split("/")[1]
    return {
        "article": info["paths"],
        "home": ["/"],
        "section": [f"/{section}"],
        "tag": [f"/tag/{tag}"],
        "author": [f"/author/{author}"],
        "latest": ["/latest"],
        "search": [f"/search?{urlencode({'q': q})}" for q in _search_words()],
        "feed": ["/feed/rss"],
        "section feed": [f"/{section}/feed/rss"],
    }


def render(
    sizes: list[int], rounds: int, databases: dict[int, str] | None = None
) -> dict[str, Any]:
    """Median server time per page with the page cache off: the whole app (middleware,
    routing, queries, template) called as an ASGI app, no sockets; the archives' apps
    take turns. ``databases``: the PostgreSQL database of an archive size (else SQLite)."""
    from sqlalchemy import event

    from thepost.app import create_app
    from thepost.config import Settings

    out: dict[str, Any] = {"rounds": rounds, "interleaved": True, "sizes": {}}
    apps, cases = [], []
    counted: list[int] = []
    for n in sizes:
        url = (databases or {}).get(n, "")
        info = archive.build(n, database_url=url)
        settings = Settings(data_dir=Path(info["data_dir"]), database_url=url, page_cache=False)
        app = create_app(settings)
        app.state.services.limiter = Unmetered()  # one client searching all along
        event.listen(app.state.services.engine, "before_cursor_execute", _counter(counted))
        apps.append(app)
        cases.append(_reader_pages(app.state.services, info))
    figures: dict[int, dict[str, Any]] = {n: {} for n in sizes}
    for name in cases[0]:
        found = asyncio.run(_measure(apps, [c[name] for c in cases], rounds, counted))
        for n, (times, cpu, queries) in zip(sizes, found, strict=True):
            figures[n][name] = {
                "median_ms": round(statistics.median(times) * 1000, 3),
                "p90_ms": round(sorted(times)[int(len(times) * 0.9)] * 1000, 3),
                "min_ms": round(min(times) * 1000, 3),
                # CPU time is less sensitive than wall time to other work on the machine.
                "cpu_median_ms": round(statistics.median(cpu) * 1000, 3),
                "queries": queries,
            }
            print(f"{n:>7,} articles  {name:8s} {figures[n][name]}")
    for n, app in zip(sizes, apps, strict=True):
        out["sizes"][str(n)] = figures[n]
        app.state.services.engine.dispose()
    if len(sizes) > 1:
        small, large = out["sizes"][str(min(sizes))], out["sizes"][str(max(sizes))]
        out["growth"] = {k: round(large[k]["median_ms"] / small[k]["median_ms"], 2) for k in small}
        out["growth_cpu"] = {
            k: round(large[k]["cpu_median_ms"] / small[k]["cpu_median_ms"], 2) for k in small
        }
        print("growth (largest / smallest):", out["growth"], "CPU time:", out["growth_cpu"])
    return out


# -- servers ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_up(url: str, seconds: float = 60, proc: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the server exited ({proc.returncode}) before {url} came up")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


@contextmanager
def process(
    cmd: list[str], ready: str = "", *, env: dict[str, str] | None = None, cwd: Path | None = None
) -> Iterator[int]:
    """Run ``cmd`` until the block ends (SIGTERM, then SIGKILL after 30 s); with ``ready``,
    wait until that URL answers 200 first."""
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL)
    try:
        if ready:
            wait_up(ready, proc=proc)
        yield proc.pid
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def thepost(data_dir: str, *, workers: int = 2, **env: str) -> Iterator[tuple[str, int]]:
    port = free_port()
    environ = {**os.environ, "THEPOST_DATA_DIR": data_dir, **env}
    cmd = [*THEPOST, "serve", "--port", str(port), "--workers", str(workers)]
    base = f"http://127.0.0.1:{port}"
    with process(cmd, f"{base}/readyz", env=environ) as pid:
        yield base, pid


@contextmanager
def nginx(html: dict[str, bytes]) -> Iterator[str]:
    """nginx serving ``html`` (name -> bytes) as static files, with the anchors' config."""
    prefix = Path(tempfile.mkdtemp(prefix="thepost-nginx-"))
    for sub in ("html", "logs", "tmp"):
        (prefix / sub).mkdir()
    for name, body in html.items():
        (prefix / "html" / name).write_bytes(body)
    port = free_port()
    conf = (HERE / "nginx-static.conf.in").read_text()
    conf = conf.replace("@PREFIX@", str(prefix)).replace("@LISTEN@", f"127.0.0.1:{port}")
    conf = conf.replace("@USER@", os.environ.get("USER", "root"))
    (prefix / "nginx.conf").write_text(conf)
    base = f"http://127.0.0.1:{port}"
    try:
        with process(
            ["nginx", "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
            f"{base}/{next(iter(html))}",
        ):
            yield base
    finally:
        shutil.rmtree(prefix, ignore_errors=True)


@contextmanager
def wagtail_site(work: Path) -> Iterator[tuple[str, int]]:
    """The Wagtail anchor as the anchors serve it: gunicorn, 2 sync workers, SQLite, no
    page cache."""
    port = free_port()
    cmd = [
        str(work / "venv" / "bin" / "gunicorn"),
        "newsbench.wsgi:application",
        "--workers",
        "2",
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    base = f"http://127.0.0.1:{port}"
    with process(cmd, f"{base}/", env=wagtail_env(work), cwd=work / "site") as pid:
        yield base, pid


@contextmanager
def wordpress_site(work: Path, anchors: Path, port: int) -> Iterator[tuple[str, int]]:
    """WordPress (set up by ``wordpress.prepare`` for ``port``): php-fpm and nginx."""
    fpm, conf = wordpress.configs(work, anchors, port)
    base = f"http://127.0.0.1:{port}"
    with (
        process(["php-fpm8.2", "-F", "-y", str(fpm)]) as fpm_pid,
        process(["nginx", "-p", str(work), "-c", str(conf)], f"{base}/"),
    ):
        yield base, fpm_pid


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


# -- (b) cached pages over HTTP against nginx-static -------------------------------------------


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+|nan)(us|ms|s|m)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk(url: str) -> dict[str, Any]:
    subprocess.run([*WARMUP, url], capture_output=True, timeout=60, check=False)
    time.sleep(1)
    run = subprocess.run([*WRK, url], capture_output=True, text=True, timeout=90, check=True)
    text = run.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))  # type: ignore[union-attr]
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", text, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    if latency.keys() != {"50", "99"}:  # seen on an overloaded machine: keep the run, show why
        print(f"  wrk gave no latency percentiles for {url}:\n{text}", file=sys.stderr, flush=True)
    result = {
        "req_s": rps,
        "p50_ms": _ms(latency.get("50", "nanms")),
        "p99_ms": _ms(latency.get("99", "nanms")),
        "non_2xx": int(errors.group(1)) if errors else 0,
        "command": " ".join([*WRK, url]),
    }
    print(f"  {url}: {rps:,.0f} req/s, p99 {result['p99_ms']:.2f} ms", flush=True)
    time.sleep(1)
    return result


def skip(out: dict[str, Any], name: str, reason: str) -> None:
    bar = "!" * 88
    print(f"\n{bar}\n{name} SKIPPED: {reason}\n{bar}\n", file=sys.stderr, flush=True)
    out["skipped"][name] = reason


def wagtail_missing(work: Path, anchors: Path) -> str:
    """Why the Wagtail anchor cannot run from ``work``, with the command that sets it up."""
    needed = [
        work / "venv" / "bin" / "gunicorn",
        work / "site" / "manage.py",
        work / "data" / "db.sqlite3",
    ]
    absent = [str(p) for p in needed if not p.exists()]
    if not absent:
        return ""
    return (
        f"{', '.join(absent)} not found. Set the Wagtail site up once with:\n"
        f"    ARTICLES=10 SKIP_APT=1 bash {anchors / 'setup.sh'} {work}"
    )


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:
        assert response.status == 200, (url, response.status)
        body: bytes = response.read()
        return body


def http(
    articles: int,
    wagtail: Path | None,
    wordpress_at: str | None,
    anchors: Path = ANCHORS,
    rounds: int = 1,
) -> dict[str, Any]:
    """wrk against each server in turn, one page at a time: The Post with its page cache,
    The Post with it off, nginx serving the same HTML as files, then the anchors (same
    articles, same wrk command) when asked for and available; ``rounds`` times over, and
    the median of each figure."""
    info = archive.build(articles)
    article = info["paths"][0]
    slug = article.rsplit("/", 1)[1]
    pages = {"article": article, "home": "/"}
    # Every other reader page, uncached, against Wagtail's home page (its busiest); the
    # search results page is timed in-process (``render``): one client searching this
    # fast is turned away by the search's rate limit, as it should be.
    services = archive.corpus.services_for(Path(info["data_dir"]))
    lists = {
        name: found[0]
        for name, found in _reader_pages(services, info).items()
        if name not in ("article", "home", "search")
    }
    services.engine.dispose()
    out: dict[str, Any] = {
        "articles": articles,
        "article_path": article,
        "runs": {},
        "bytes": {},
        "rss_mib": {},
        "skipped": {},
    }
    started = time.monotonic()
    anchor_pages = {"article": f"/{slug}/", "home": "/"}  # the same article, their URLs
    wp_base, wp_work, wp_port = "", None, 0
    # the anchors are loaded before any measurement, so the measured runs follow each other
    if wagtail and not (why := wagtail_missing(wagtail, anchors)):
        try:
            wagtail_script(
                wagtail,
                "load",
                "--jsonl",
                str(archive.articles_jsonl(articles)),
                "--articles",
                str(articles),
                "--max-seconds",
                "900",
                "--featured-images",
                timeout=1200,
            )
        except subprocess.SubprocessError as error:
            skip(out, "Wagtail", f"loading the articles failed: {error}")
            wagtail = None
    elif wagtail:
        skip(out, "Wagtail", why)
        wagtail = None
    if wordpress_at and wordpress_at.startswith("http"):
        wp_base = wordpress_at.rstrip("/")  # already serving our articles
    elif wordpress_at and not (why := wordpress.missing(anchors)):
        wp_work, wp_port = Path(wordpress_at).resolve(), free_port()
        jsonl = archive.articles_jsonl(articles)
        try:
            wordpress.prepare(wp_work, anchors, jsonl, articles, wp_port)
        except (subprocess.SubprocessError, OSError) as error:
            skip(out, "WordPress", f"setup failed: {error}")
            wp_work = None
    elif wordpress_at:
        skip(out, "WordPress", why)
    out["prepare_s"] = round(time.monotonic() - started)
    out["load_at_start"] = [round(x, 2) for x in os.getloadavg()]
    out["versions"] = versions(wagtail, bool(wp_work or wp_base))

    def measure(system: str, base: str, paths: dict[str, str], pid: int) -> None:
        for name, path in paths.items():
            body = fetch(base + path)
            out["bytes"][f"{system}-{name}"] = len(body)
            runs[f"{system}-{name}"] = wrk(base + path)
        if pid:
            out["rss_mib"][system] = [rss_mib(p) for p in children(pid)]

    failures = (RuntimeError, OSError, AssertionError, subprocess.SubprocessError)
    out["rounds"] = []
    for round_ in range(rounds):
        print(f"round {round_ + 1} of {rounds}", flush=True)
        runs: dict[str, Any] = {}
        out["rounds"].append(runs)
        html = {}
        with thepost(info["data_dir"]) as (base, pid):
            for name, path in pages.items():
                html[f"{name}.html"] = fetch(base + path)
            measure("thepost-cached", base, pages, pid)
        with thepost(info["data_dir"], THEPOST_PAGE_CACHE="false") as (base, pid):
            measure("thepost-uncached", base, {**pages, **lists}, pid)
        with nginx(html) as base:
            measure("nginx-static", base, {name: f"/{name}.html" for name in pages}, 0)
        try:  # an anchor that fails is reported, and what was measured is kept
            if wagtail:
                with wagtail_site(wagtail) as (base, pid):
                    measure("wagtail", base, anchor_pages, pid)
        except failures as error:
            skip(out, "Wagtail", f"serving or measuring failed: {error!r}")
            wagtail = None
        try:
            if wp_work:
                with wordpress_site(wp_work, anchors, wp_port) as (base, pid):
                    measure("wordpress", base, anchor_pages, pid)
            elif wp_base:
                measure("wordpress", wp_base, anchor_pages, 0)
        except failures as error:
            skip(out, "WordPress", f"serving or measuring failed: {error!r}")
            wp_work, wp_base = None, ""
    out["runs"] = medians(out["rounds"])
    out["ratios"] = ratios(out["runs"])
    out["ratios_per_round"] = [ratios(runs) for runs in out["rounds"]]
    for key, value in out["ratios"].items():
        each = ", ".join(f"{r[key]:,.3f}" for r in out["ratios_per_round"] if key in r)
        print(f"  {key:28s} {value:9,.3f}   (rounds: {each})")
    for name, reason in out["skipped"].items():
        print(f"{name} SKIPPED: {reason}", file=sys.stderr)
    return out


def medians(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """Per server and page, the median of each figure over the rounds."""
    out = {}
    for key in dict.fromkeys(k for runs in rounds for k in runs):
        each = [runs[key] for runs in rounds if key in runs]
        out[key] = {
            figure: statistics.median(run[figure] for run in each)
            for figure in ("req_s", "p50_ms", "p99_ms")
        }
        out[key].update(
            non_2xx=sum(run["non_2xx"] for run in each),
            rounds=len(each),
            command=each[0]["command"],
        )
    return out


def versions(wagtail: Path | None, wordpress_used: bool) -> dict[str, str]:
    def output(*cmd: str) -> str:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=10).stdout.strip()

    found = {"wrk": output("wrk", "-v").split(" [")[0]}
    if wagtail:
        freeze = (wagtail / "pip-freeze.txt").read_text() if wagtail.exists() else ""
        found.update(re.findall(r"^(wagtail|Django|gunicorn)==(\S+)$", freeze, re.M))
    if wordpress_used:
        found["wordpress"] = output("dpkg-query", "-W", "-f", "${Version}", "wordpress")
    return found


RATIOS = [
    ("cached/nginx", "thepost-cached", "nginx-static"),
    ("uncached/wagtail", "thepost-uncached", "wagtail"),
    ("cached/wagtail", "thepost-cached", "wagtail"),
    ("uncached/wordpress", "thepost-uncached", "wordpress"),
    ("cached/wordpress", "thepost-cached", "wordpress"),
]


def ratios(runs: dict[str, Any]) -> dict[str, float]:
    """Requests per second of one system over another's, per page, where both ran."""
    out = {}
    for label, top, bottom in RATIOS:
        for page in ("article", "home"):
            if f"{top}-{page}" in runs and f"{bottom}-{page}" in runs:
                value = runs[f"{top}-{page}"]["req_s"] / runs[f"{bottom}-{page}"]["req_s"]
                out[f"{label} {page}"] = round(value, 3)
    # the other reader pages without the cache, against Wagtail's home page
    wagtail_home = runs.get("wagtail-home")
    for key, run in runs.items():
        page = key.removeprefix("thepost-uncached-")
        if wagtail_home and key.startswith("thepost-uncached-") and page not in ("article", "home"):
            out[f"uncached/wagtail-home {page}"] = round(run["req_s"] / wagtail_home["req_s"], 3)
    return out


# -- (d) publish to visible, two processes --------------------------------------------------


def publish(services: Any, title: str, section_id: int | None) -> None:
    """A new story in ``section_id``, saved and published now through the actions, as the
    CLI or the newsroom would."""
    from thepost.content import actions
    from thepost.permissions import SYSTEM

    with services.writes.begin() as session:
        data = actions.ArticleInput(title=title, section_id=section_id)
        article = actions.save_article(
            session, services.bus, services.media_urls, data, actor=SYSTEM, now=datetime.now(UTC)
        )
        actions.publish_article(
            session, services.bus, article.id, actor=SYSTEM, now=datetime.now(UTC)
        )


def latency(rounds: int, redis_url: str = "") -> dict[str, Any]:
    from sqlalchemy import select

    from thepost.app import build_services
    from thepost.config import Settings
    from thepost.content.models import Article, Section

    info = archive.build(1000)
    work = Path(tempfile.mkdtemp(prefix="thepost-latency-"))
    for part in Path(info["data_dir"]).glob("thepost.sqlite3*"):
        shutil.copy(part, work / part.name)
    services = build_services(Settings(data_dir=work, redis_url=redis_url))
    env = {"THEPOST_REDIS_URL": redis_url} if redis_url else {}
    times: list[float] = []
    try:
        with services.writes() as session:
            section = session.scalars(select(Section).order_by(Section.id)).first()
            assert section is not None
        with (
            thepost(str(work), workers=1, **env) as (one, _),
            thepost(str(work), workers=1, **env) as (two, _),
        ):
            for i in range(rounds):
                title = f"Breaking story number {i} {stamp()}"
                for base in (one, two):  # both hold the home page, cached
                    urllib.request.urlopen(base + "/").read()
                publish(services, title, section.id)
                began = time.perf_counter()
                waiting = {one, two}
                while waiting and time.perf_counter() - began < 10:
                    for base in list(waiting):
                        if title in urllib.request.urlopen(base + "/").read().decode():
                            waiting.discard(base)
                    time.sleep(0.005)
                times.append(time.perf_counter() - began)
                time.sleep(0.3)
        with services.writes() as session:
            assert session.scalar(select(Article.id).where(Article.title.like("Breaking%")))
    finally:
        services.engine.dispose()
        shutil.rmtree(work, ignore_errors=True)
    ms = sorted(t * 1000 for t in times)
    out = {
        "rounds": rounds,
        "redis": bool(redis_url),
        "median_ms": round(statistics.median(ms), 1),
        "max_ms": round(ms[-1], 1),
        "all_ms": [round(t, 1) for t in ms],
    }
    print(f"publish to visible on both: median {out['median_ms']} ms, max {out['max_ms']} ms")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("render", help="uncached server time in-process")
    r.add_argument("--articles", type=int, nargs="+", default=[1000, 100000])
    r.add_argument("--rounds", type=int, default=400)
    h = sub.add_parser("http", help="cached and uncached pages against nginx-static, with wrk")
    h.add_argument("--articles", type=int, default=1000)
    h.add_argument("--wagtail", type=Path, help="Wagtail work dir made by anchors/setup.sh")
    h.add_argument(
        "--wordpress",
        metavar="DIR_OR_URL",
        help="work dir for the WordPress anchor (set up here, needs root), or the "
        "URL of a WordPress already holding the articles",
    )
    h.add_argument("--anchors", type=Path, default=ANCHORS, help="the anchors' folder")
    h.add_argument("--rounds", type=int, default=1, help="the whole sequence this many times")
    lat = sub.add_parser("latency", help="publish to visible on two processes")
    lat.add_argument("--rounds", type=int, default=10)
    lat.add_argument("--redis", default="", help="Redis URL: invalidation by pub/sub too")
    c = sub.add_parser("chart", help="draw the PNG from result files")
    c.add_argument("files", nargs="+", type=Path)
    c.add_argument("--out", type=Path, default=HERE / "results" / "pages.png")
    args = parser.parse_args()
    if args.command == "render":
        save("render", render(args.articles, args.rounds))
    elif args.command == "http":
        if not shutil.which("wrk") or not shutil.which("nginx"):
            sys.exit("needs wrk and nginx: apt-get install wrk nginx-light")
        anchors = args.anchors.resolve()
        save("http", http(args.articles, args.wagtail, args.wordpress, anchors, args.rounds))
    elif args.command == "latency":
        save("latency", latency(args.rounds, args.redis))
    else:
        import page_chart

        page_chart.draw(args.files, args.out)


if __name__ == "__main__":
    main()
