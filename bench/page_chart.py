"""The page benchmarks at a glance: one PNG from the JSON files ``page_bench.py`` writes.

    .venv/bin/python bench/page_bench.py chart bench/results/pages-http-*.json \\
        bench/results/pages-render-*.json

Left: requests per second over HTTP (wrk on loopback) for cached and uncached pages and
nginx serving the same HTML as a static file, measured in one run. Right: median server
time of uncached pages at the smallest and largest archive, with the article target.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ARTICLE_TARGET_MS = 1.4
COLOURS = {"nginx": "#8c8c8c", "cached": "#1f6f43", "uncached": "#c0762b"}


def _latest(files: list[Path], kind: str) -> dict[str, Any] | None:
    chosen = sorted(f for f in files if f.name.startswith(f"pages-{kind}-"))
    return json.loads(chosen[-1].read_text()) if chosen else None


def draw(files: list[Path], out: Path) -> None:
    http, render = _latest(files, "http"), _latest(files, "render")
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 5.6), gridspec_kw={"wspace": 0.35})
    if http:
        _throughput(left, http)
    if render:
        _server_time(right, render)
    when = (http or render or {}).get("date_utc", "")
    fig.suptitle(
        f"The Post: page speed ({when[:16].replace('T', ' ')} UTC, 2 shared cores, "
        "wrk -t2 -c32 -d15s on loopback)",
        fontsize=12,
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110, bbox_inches="tight")
    print(f"chart in {out}")


def _throughput(ax: Any, http: dict[str, Any]) -> None:
    runs = http["runs"]
    rows = [
        ("nginx static", "nginx-static", "nginx"),
        ("The Post, cached", "thepost-cached", "cached"),
        ("The Post, cache off", "thepost-uncached", "uncached"),
    ]
    pages = ["article", "home"]
    width = 0.26
    for i, (label, prefix, colour) in enumerate(rows):
        values = [runs[f"{prefix}-{page}"]["req_s"] for page in pages]
        xs = [p + (i - 1) * width for p in range(len(pages))]
        bars = ax.bar(xs, values, width, label=label, color=COLOURS[colour])
        for bar, page in zip(bars, pages, strict=True):
            run = runs[f"{prefix}-{page}"]
            ax.annotate(
                f"{run['req_s']:,.0f}\np99 {run['p99_ms']:.1f} ms",
                (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                ha="center", va="bottom", fontsize=8, xytext=(0, 2), textcoords="offset points",
            )  # fmt: skip
    ratios = http.get("ratios", {})
    ax.set_xticks(
        range(len(pages)),
        [f"{page}\ncached / nginx = {ratios.get(f'cached/nginx {page}', 0):.2f}" for page in pages],
    )
    ax.set_ylabel("requests per second (more is better)")
    ax.set_title(f"Over HTTP, {http['articles']:,} articles")
    ax.margins(y=0.18)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3, fontsize=9)


def _server_time(ax: Any, render: dict[str, Any]) -> None:
    sizes = sorted(render["sizes"], key=int)
    pages = ["article", "home", "section"]
    width = 0.8 / len(sizes)
    shades = ["#e3a869", "#a1561a", "#6b3a12"]
    for i, size in enumerate(sizes):
        values = [render["sizes"][size][page]["median_ms"] for page in pages]
        xs = [p + (i - (len(sizes) - 1) / 2) * width for p in range(len(pages))]
        bars = ax.bar(xs, values, width, label=f"{int(size):,} articles", color=shades[i % 3])
        for bar, value in zip(bars, values, strict=True):
            ax.annotate(
                f"{value:.1f}",
                (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                ha="center", va="bottom", fontsize=8, xytext=(0, 2), textcoords="offset points",
            )  # fmt: skip
    ax.axhline(ARTICLE_TARGET_MS, color="#1f6f43", linestyle="--", linewidth=1)
    ax.annotate(
        f"article target {ARTICLE_TARGET_MS} ms",
        (-0.45, ARTICLE_TARGET_MS), xytext=(0, 3), textcoords="offset points",
        fontsize=8, color="#1f6f43",
    )  # fmt: skip
    growth = render.get("growth", {})
    ax.set_xticks(
        range(len(pages)), [f"{page}\ngrowth x{growth.get(page, 0):.2f}" for page in pages]
    )
    ax.set_ylabel("median server time, ms (less is better)")
    ax.set_title("Uncached pages, in-process (page cache off)")
    ax.margins(y=0.15)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3, fontsize=9)
