"""The page benchmarks at a glance: one PNG from the JSON files ``page_bench.py`` writes.

    .venv/bin/python bench/page_bench.py chart bench/results/pages-http-*.json \\
        bench/results/pages-render-*.json

Left: requests per second over HTTP (wrk on loopback) for cached pages against nginx
serving the same HTML as a static file. Middle: with the page cache off, against Wagtail
and WordPress serving the same articles, with the target (10 times Wagtail); then every
other reader page with the cache off against 10 times Wagtail's home page. All measured
in one run. Right: median server time of every uncached page at the smallest and largest
archive, with the article target and the lists' (2 ms).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

ARTICLE_TARGET_MS = 1.4
LISTS_TARGET_MS = 2.0  # home and lists
UNCACHED_TARGET = 10  # times Wagtail's requests per second
PAGES = ["article", "home"]
CACHED = [
    ("nginx, same HTML as a static file", "nginx-static", "#8c8c8c"),
    ("The Post, page cache", "thepost-cached", "#1f6f43"),
]
UNCACHED = [
    ("The Post, page cache off", "thepost-uncached", "#c0762b"),
    ("Wagtail 8 (gunicorn, 2 sync workers)", "wagtail", "#3a6ea5"),
    ("WordPress 6.1 (php-fpm, Debian)", "wordpress", "#7b4f9d"),
]


def _latest(files: list[Path], kind: str) -> dict[str, Any] | None:
    chosen = sorted(f for f in files if f.name.startswith(f"pages-{kind}-"))
    return json.loads(chosen[-1].read_text()) if chosen else None


def draw(files: list[Path], out: Path) -> None:
    http, render = _latest(files, "http"), _latest(files, "render")
    fig, (cached, uncached, lists, right) = plt.subplots(
        1, 4, figsize=(27, 6.4), gridspec_kw={"wspace": 0.3, "width_ratios": [1, 1.3, 1.3, 1.4]}
    )
    if http:
        _bars(cached, http, CACHED, [("cached/nginx", "cached / nginx")])
        cached.set_title(
            "Cached pages against nginx serving the same HTML\n"
            f"(HTTP, {http['articles']:,} articles)"
        )
        ratios = [
            ("uncached/wagtail", "cache off / Wagtail"),
            ("uncached/wordpress", "cache off / WordPress"),
        ]
        _bars(uncached, http, UNCACHED, ratios)
        uncached.set_title(
            "Page cache off, against Wagtail and WordPress\n(the same articles, same run)"
        )
        _target(uncached, http)
        _lists(lists, http)
    if render:
        _server_time(right, render)
    when = (http or render or {}).get("date_utc", "")
    load = (http or render or {}).get("machine", {}).get("load_1min_at_end")
    fig.suptitle(
        f"The Post: page speed ({when[:16].replace('T', ' ')} UTC, 2 shared cores"
        + (f", load average {load:.1f} at the end" if load is not None else "")
        + "; wrk -t2 -c32 -d15s on loopback"
        + (f", median of {len(http['rounds'])} rounds)" if http and http.get("rounds") else ")"),
        fontsize=12,
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=100, bbox_inches="tight")
    print(f"chart in {out}")


def _bars(
    ax: Any, http: dict[str, Any], systems: list[tuple[str, str, str]], shown: list[tuple[str, str]]
) -> None:
    runs = http["runs"]
    present = [s for s in systems if all(f"{s[1]}-{page}" in runs for page in PAGES)]
    width = 0.8 / max(len(present), 1)
    for i, (name, prefix, colour) in enumerate(present):
        values = [runs[f"{prefix}-{page}"]["req_s"] for page in PAGES]
        xs = [p + (i - (len(present) - 1) / 2) * width for p in range(len(PAGES))]
        bars = ax.bar(xs, values, width, label=name, color=colour)
        for bar, page in zip(bars, PAGES, strict=True):
            run = runs[f"{prefix}-{page}"]
            ax.annotate(
                f"{run['req_s']:,.0f}\np99 {_duration(run['p99_ms'])}",
                (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                ha="center",
                va="bottom",
                fontsize=8,
                xytext=(0, 2),
                textcoords="offset points",
            )
    ratios = http.get("ratios", {})
    ticks = []
    for page in PAGES:
        lines = [
            f"{label} = {ratios[f'{key} {page}']:.2f}"
            for key, label in shown
            if f"{key} {page}" in ratios
        ]
        ticks.append("\n".join([page.upper(), *lines]))
    ax.set_xticks(range(len(PAGES)), ticks)
    ax.set_ylabel("requests per second (more is better)")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: f"{y:,.0f}"))
    ax.margins(y=0.2)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=1, fontsize=9)


def _duration(ms: float) -> str:
    if ms >= 1000:
        return f"{ms / 1000:.1f} s"
    return f"{ms:.0f} ms" if ms >= 10 else f"{ms:.1f} ms"


def _target(ax: Any, http: dict[str, Any]) -> None:
    """A dashed line over each page's bars at 10 times Wagtail's requests per second."""
    runs = http["runs"]
    for p, page in enumerate(PAGES):
        if f"wagtail-{page}" not in runs:
            continue
        goal = UNCACHED_TARGET * runs[f"wagtail-{page}"]["req_s"]
        ax.hlines(goal, p - 0.42, p + 0.42, colors="#c0762b", linestyles="--", linewidth=1.2)
        ax.annotate(
            f"target: {UNCACHED_TARGET}× Wagtail = {goal:,.0f}",
            (p + 0.42, goal),
            xytext=(0, 3),
            textcoords="offset points",
            fontsize=8,
            color="#a1561a",
            ha="right",
        )


def _lists(ax: Any, http: dict[str, Any]) -> None:
    """The other reader pages with the cache off, against 10 times Wagtail's home page."""
    runs, prefix = http["runs"], "thepost-uncached-"
    pages = [k.removeprefix(prefix) for k in runs if k.startswith(prefix)]
    pages = [p for p in pages if p not in PAGES]
    if not pages:
        ax.set_visible(False)
        return
    bars = ax.bar(range(len(pages)), [runs[prefix + p]["req_s"] for p in pages], color="#c0762b")
    for bar, page in zip(bars, pages, strict=True):
        ax.annotate(
            f"{runs[prefix + page]['req_s']:,.0f}",
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            ha="center",
            va="bottom",
            fontsize=8,
            xytext=(0, 2),
            textcoords="offset points",
        )
    ratios = http.get("ratios", {})
    ax.set_xticks(
        range(len(pages)),
        [f"{p}\n{ratios.get(f'uncached/wagtail-home {p}', 0):.1f}×" for p in pages],
        fontsize=8,
    )
    if "wagtail-home" in runs:
        goal = UNCACHED_TARGET * runs["wagtail-home"]["req_s"]
        ax.axhline(goal, color="#c0762b", linestyle="--", linewidth=1.2)
        ax.annotate(
            f"target: {UNCACHED_TARGET}× Wagtail's home = {goal:,.0f}",
            (-0.45, goal),
            xytext=(0, 3),
            textcoords="offset points",
            fontsize=8,
            color="#a1561a",
        )
    ax.set_ylabel("requests per second (more is better)")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: f"{y:,.0f}"))
    ax.margins(y=0.2)
    ax.set_title(
        "Every other reader page, page cache off\n(the same run; under each: × Wagtail's home)"
    )


def _server_time(ax: Any, render: dict[str, Any]) -> None:
    sizes = sorted(render["sizes"], key=int)
    pages = list(render["sizes"][sizes[0]])
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
                ha="center",
                va="bottom",
                fontsize=8,
                xytext=(0, 2),
                textcoords="offset points",
            )
    ax.axhline(ARTICLE_TARGET_MS, color="#1f6f43", linestyle="--", linewidth=1)
    ax.annotate(
        f"article target {ARTICLE_TARGET_MS} ms",
        (-0.45, ARTICLE_TARGET_MS),
        xytext=(0, 3),
        textcoords="offset points",
        fontsize=8,
        color="#1f6f43",
    )
    ax.axhline(LISTS_TARGET_MS, color="#3a6ea5", linestyle=":", linewidth=1)
    ax.annotate(
        f"home and lists goal {LISTS_TARGET_MS} ms",
        (len(pages) - 0.55, LISTS_TARGET_MS),
        xytext=(0, 3),
        textcoords="offset points",
        fontsize=8,
        color="#3a6ea5",
        ha="right",
    )
    growth = render.get("growth", {})
    ax.set_xticks(
        range(len(pages)),
        [f"{page}\n×{growth.get(page, 0):.2f}" for page in pages],
        fontsize=8,
    )
    ax.set_ylabel("median server time, ms (less is better)")
    when = render.get("date_utc", "")[:16].replace("T", " ")
    ax.set_title(
        "Uncached pages, in-process (page cache off)\n"
        f"(separate run, {when} UTC; under each: growth)"
    )
    ax.margins(y=0.15)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3, fontsize=9)
