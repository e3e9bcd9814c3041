"""The Wagtail side of the search benchmark: load our synthetic articles into the Wagtail
anchor site and time its database search over the same 200 queries.

Runs with the Wagtail site's own venv, from its site folder (``search_bench.py
--wagtail WORK`` does this for you)::

    cd WORK/site && NEWSBENCH_DATA=WORK/data DJANGO_SETTINGS_MODULE=newsbench.settings \\
        WORK/venv/bin/python /path/to/bench/wagtail_search.py load --jsonl ARTICLES.jsonl
    ... wagtail_search.py bench --queries bench/search_queries.json --json OUT.json

``load`` replaces the site's articles and categories with ours, page by page, the way
Wagtail creates pages (``home.add_child(instance=ArticlePage(...))`` in a transaction,
which also writes the search index through Wagtail's signal handlers): title, slug,
date, author, intro (= our standfirst), category (= our section), and a StreamField
body of our paragraphs with our heading. No images for the search benchmark (its
articles have none); with ``--featured-images`` (the page benchmark, whose articles each
have a featured picture) every page gets one of the site's images as its featured image,
in turn, as ours do.

``bench`` times, per query, what the site's search view does: ``ArticlePage.objects
.live().select_related("category").search(q)`` paginated 10 per page (a count and the
ranked first page), in-process; and ``GET /search/?q=`` through Django's test client
(middleware, view, template), as the anchors' ``render_time.py`` does. Filters: the
date range is applied as ``.filter(date__gte=, date__lte=)`` (``date`` is a
FilterField); the section as ``.filter(id__in=<ids of the category's pages>)``, because
the site's ``ArticlePage`` has no ``FilterField("category")``. The site's search view
takes no filters, so over HTTP a filtered query runs unfiltered there.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsbench.settings")

import django  # noqa: E402

django.setup()

from django.core.paginator import Paginator  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from news.models import ArticlePage, Category, HomePage  # noqa: E402
from wagtail.images.models import Image  # noqa: E402
from wagtail.models import Page, Site  # noqa: E402

MARKER = Path(os.environ.get("NEWSBENCH_DATA", "data")) / "thepost-corpus.json"


def ensure_home() -> HomePage:
    home = HomePage.objects.first()
    if home:
        return home
    root = Page.get_first_root_node()
    for p in Page.objects.filter(depth=2, content_type__model="page"):
        p.delete()
    root.refresh_from_db()
    home = root.add_child(instance=HomePage(title="The Daily Bench", slug="home", live=True))
    Site.objects.all().delete()
    Site.objects.create(
        hostname="localhost",
        port=80,
        root_page=home,
        is_default_site=True,
        site_name="The Daily Bench",
    )
    return home


def load(jsonl: Path, articles: int, max_seconds: float, featured_images: bool = False) -> None:
    head = jsonl.read_text().split("\n", 1)[0] if jsonl.exists() else ""
    want = {"jsonl": str(jsonl), "articles": articles, "first": json.loads(head)["slug"]}
    images = list(Image.objects.order_by("id")) if featured_images else []
    if featured_images:
        want["featured_images"] = len(images)
    if MARKER.exists() and json.loads(MARKER.read_text()).get("want") == want:
        done = json.loads(MARKER.read_text())
        print(f"Wagtail already holds these {articles:,} articles (loaded in {done['load_s']} s)")
        return
    MARKER.unlink(missing_ok=True)
    t0 = time.perf_counter()
    home = ensure_home()
    ArticlePage.objects.all().delete()
    home.refresh_from_db()
    home.numchild = home.get_children().count()
    home.save(update_fields=["numchild"])
    Category.objects.all().delete()
    print(f"wiped earlier articles ({time.perf_counter() - t0:.0f}s)", flush=True)
    t0 = time.perf_counter()
    categories: dict[str, Category] = {}
    loaded = 0
    per_1000: list[float] = []
    t_block = time.perf_counter()
    with jsonl.open() as f:
        for line in f:
            if loaded >= articles:
                break
            a = json.loads(line)
            sec = a["section"]
            cat = categories.get(sec["slug"])
            if cat is None:
                cat = categories[sec["slug"]] = Category.objects.create(
                    name=sec["name"], slug=sec["slug"]
                )
            body: list[tuple[str, Any]] = [("paragraph", f"<p>{p}</p>") for p in a["paragraphs"]]
            body.insert(a["heading_at"], ("heading", a["heading"]))
            published = dt.datetime.fromisoformat(a["published_at"])
            page = ArticlePage(
                title=a["title"],
                slug=a["slug"][:255],
                date=published.date(),
                author=", ".join(a["authors"])[:120],
                intro=a["standfirst"],
                category=cat,
                featured_image=images[loaded % len(images)] if images else None,
                body=body,
                live=True,
                first_published_at=published,
                last_published_at=published,
            )
            with transaction.atomic():
                home.add_child(instance=page)
            loaded += 1
            if loaded % 1000 == 0:
                per_1000.append(time.perf_counter() - t_block)
                t_block = time.perf_counter()
            if loaded % 500 == 0:
                elapsed = time.perf_counter() - t0
                print(
                    f"  {loaded:,}/{articles:,} pages ({elapsed:.0f}s, "
                    f"{elapsed / loaded * 1000:.1f} s per 1,000)",
                    flush=True,
                )
                if elapsed > max_seconds:
                    break
    elapsed = time.perf_counter() - t0
    info = {
        "want": want,
        "loaded": loaded,
        "load_s": round(elapsed, 1),
        "s_per_1000": round(elapsed / max(loaded, 1) * 1000, 1),
        "s_per_1000_blocks": [round(x, 1) for x in per_1000],
    }
    if loaded < articles:
        projected = elapsed / max(loaded, 1) * articles
        print(
            f"STOPPED at {loaded:,} of {articles:,} pages after {elapsed:.0f}s "
            f"(limit {max_seconds:.0f}s); at {info['s_per_1000']} s per 1,000 the whole "
            f"load would take about {projected / 60:.0f} min"
        )
        info["projected_s"] = round(projected)
        (MARKER.parent / "thepost-corpus-partial.json").write_text(json.dumps(info, indent=1))
        raise SystemExit(3)
    MARKER.write_text(json.dumps(info, indent=1))
    print(f"loaded {loaded:,} Wagtail pages in {elapsed:.0f}s ({info['s_per_1000']} s per 1,000)")


def pct(s: list[float], p: float) -> float:
    if not s:
        return float("nan")
    return s[max(0, min(len(s) - 1, int(round(p / 100 * len(s) + 0.5)) - 1))]


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


def bench(
    queries_file: Path, articles: int, reps: int, max_seconds: float, out: Path, http: bool
) -> None:
    queries = json.loads(queries_file.read_text())["queries"]
    loaded = ArticlePage.objects.live().count()
    if loaded != articles:
        raise SystemExit(f"Wagtail holds {loaded} live articles, expected {articles}")
    cats = {c.slug: c.id for c in Category.objects.all()}
    base = ArticlePage.objects.live().select_related("category")

    def queryset(q: dict[str, Any]) -> Any:
        qs = base
        if q.get("section"):
            ids = ArticlePage.objects.filter(category_id=cats[q["section"]]).values("id")
            qs = qs.filter(id__in=ids)
        if q.get("from"):
            qs = qs.filter(date__gte=dt.date.fromisoformat(q["from"]))
        if q.get("to"):
            qs = qs.filter(date__lte=dt.date.fromisoformat(q["to"]))
        return qs

    def once(q: dict[str, Any]) -> tuple[int, int]:
        results = queryset(q).search(q["q"])  # what news.views.search does, plus filters
        page = Paginator(results, 10).page(1)
        shown = list(page.object_list)
        return page.paginator.count, len(shown)

    result: dict[str, Any] = {"cut": [], "hits": {}}
    for q in queries:  # warm-up, and the hit counts
        try:
            total, shown = once(q)
            result["hits"][q["id"]] = {"total": total, "shown": shown}
        except Exception as exc:  # reported, never hidden
            result["hits"][q["id"]] = {"total": 0, "error": f"{type(exc).__name__}: {exc}"}
    ok = [q for q in queries if "error" not in result["hits"][q["id"]]]
    times: dict[int, list[float]] = defaultdict(list)
    end = time.monotonic() + max_seconds
    print(f"Wagtail in-process: {len(ok)} queries x {reps}", flush=True)
    for rep in range(reps):
        if time.monotonic() > end:
            result["cut"].append(f"Wagtail in-process stopped after {rep} of {reps} passes")
            break
        for q in ok:
            t = time.perf_counter()
            once(q)
            times[q["id"]].append((time.perf_counter() - t) * 1000)
        print(f"  pass {rep + 1}/{reps} done", flush=True)
    result["inprocess"] = summary([x for v in times.values() for x in v])
    result["inprocess_by_kind"] = _by_kind(queries, times)
    result["inprocess_per_query_ms"] = {i: statistics.median(v) for i, v in times.items()}

    if http:
        client = Client()
        http_times: dict[int, list[float]] = defaultdict(list)
        for q in queries[:: max(1, len(queries) // 20)]:  # warm-up (the DB is warm already)
            r = client.get("/search/", {"q": q["q"]}, HTTP_HOST="127.0.0.1")
            assert r.status_code == 200, (q, r.status_code)
        connection.force_debug_cursor = False
        end = time.monotonic() + max_seconds
        print(f"Wagtail HTTP (test client): {len(queries)} queries x {reps}", flush=True)
        for rep in range(reps):
            if time.monotonic() > end:
                result["cut"].append(f"Wagtail HTTP stopped after {rep} of {reps} passes")
                break
            for q in queries:
                t = time.perf_counter()
                r = client.get("/search/", {"q": q["q"]}, HTTP_HOST="127.0.0.1")
                http_times[q["id"]].append((time.perf_counter() - t) * 1000)
                if r.status_code != 200:
                    raise SystemExit(f"/search/?q={q['q']} answered {r.status_code}")
            print(f"  pass {rep + 1}/{reps} done", flush=True)
        result["http"] = summary([x for v in http_times.values() for x in v])
        result["http_by_kind"] = _by_kind(queries, http_times)
    import wagtail

    result["versions"] = {"wagtail": wagtail.__version__, "django": django.get_version()}
    out.write_text(json.dumps(result, indent=1))
    s = result["inprocess"]
    print(f"Wagtail in-process: p50 {s['p50']:.1f} ms, p95 {s['p95']:.1f} ms -> {out}")


def _by_kind(queries: list[dict[str, Any]], times: dict[int, list[float]]) -> dict[str, Any]:
    groups: dict[str, list[float]] = defaultdict(list)
    for q in queries:
        groups[q["kind"]] += times.get(q["id"], [])
    return {k: summary(v) for k, v in groups.items() if v}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    lo = sub.add_parser("load")
    lo.add_argument("--jsonl", type=Path, required=True)
    lo.add_argument("--articles", type=int, required=True)
    lo.add_argument("--max-seconds", type=float, default=1200)
    lo.add_argument(
        "--featured-images",
        action="store_true",
        help="every page gets one of the site's images as featured image",
    )
    be = sub.add_parser("bench")
    be.add_argument("--queries", type=Path, required=True)
    be.add_argument("--articles", type=int, required=True)
    be.add_argument("--reps", type=int, default=5)
    be.add_argument("--max-seconds", type=float, default=1200)
    be.add_argument("--json", type=Path, required=True)
    be.add_argument("--no-http", action="store_true")
    a = ap.parse_args()
    if a.cmd == "load":
        load(a.jsonl, a.articles, a.max_seconds, a.featured_images)
    else:
        bench(a.queries, a.articles, a.reps, a.max_seconds, a.json, not a.no_http)


if __name__ == "__main__":
    main()
