"""Instructions per uncached request, counted by callgrind: steadier than time on a busy
machine. Warms up, zeroes the counters, runs ``rounds`` requests of one page kind
in-process (as ``page_bench.py render`` does), then dumps the counters::

    valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.%p \\
        .venv/bin/python bench/page_callgrind.py --articles 1000 --page article --rounds 50
    grep ^summary: /tmp/cg.<pid>.1        # instructions of the rounds; divide by rounds

The dump ending in ``.1`` holds the rounds only (plus the few instructions spent waiting
for ``callgrind_control``). Instructions run by the kernel (SQLite's reads of the file)
are not counted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import archive  # noqa: E402
import page_bench  # noqa: E402


def _control(flag: str) -> None:
    """Ask callgrind to zero (-z) or dump (-d) this process's counters; keep running
    Python meanwhile (callgrind answers between blocks of code it runs)."""
    command = ["callgrind_control", flag, str(os.getpid())]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    while proc.poll() is None:
        sum(range(1000))
        time.sleep(0.001)


def main() -> None:
    from thepost.app import create_app
    from thepost.config import Settings

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--page", choices=["article", "home", "section"], default="article")
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    info = archive.build(args.articles)
    app = create_app(Settings(data_dir=Path(info["data_dir"]), page_cache=False))
    section = info["paths"][0].split("/")[1]
    paths = {"article": info["paths"], "home": ["/"], "section": [f"/{section}"]}[args.page]

    async def run(count: int, offset: int = 0) -> None:
        for i in range(count):
            path = paths[(i + offset) % len(paths)]
            assert await page_bench._call(app, path) == 200, path

    asyncio.run(run(40, offset=100))
    _control("-z")
    asyncio.run(run(args.rounds))
    _control("-d")


if __name__ == "__main__":
    main()
