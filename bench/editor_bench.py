"""Typing latency in the story editor on a long story, in Debian's Chromium.

A story of about 5,000 words with 20 figures is opened in the newsroom; the cursor goes
to its middle and characters are typed one by one; then the same, side by side, in the
plain Markdown textarea the editor replaces. Chromium's own counters give the main
thread's busy time per keystroke over the run (tasks, script, layout, style): the part
that must fit in a 16 ms frame. The page's probe gives, per key, the key's task (from
``keydown`` to a message posted then) and the time to the next frame drawn (to a message
posted from the next ``requestAnimationFrame`` callback); both add the input pipeline's
and the display's waits, which the page does not control (headless, software-drawn, on
a shared CPU). Also: the editor's JavaScript, gzip-compressed.

    .venv/bin/python bench/editor_bench.py [--keys 300] [--words 5000] [--figures 20]
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from playwright.sync_api import sync_playwright  # noqa: E402
from sqlalchemy import select  # noqa: E402

from browser.conftest import CHROMIUM, CHROMIUM_ARGS, DESKTOP, demo_services, serve  # noqa: E402
from thepost.content import actions  # noqa: E402
from thepost.content.actions import ArticleInput  # noqa: E402
from thepost.content.models import Article, Image  # noqa: E402
from thepost.demo import accounts  # noqa: E402
from thepost.permissions import SYSTEM  # noqa: E402

BUNDLE = ROOT / "src/thepost/static/build/visual-editor.js"

# Installed before any script of the page: per keystroke, key event -> next frame drawn.
PROBE = """
window.__lat = [];
window.__work = [];
addEventListener("keydown", (event) => {
  const start = event.timeStamp;
  const begun = performance.now();
  // The keystroke's own work: its key, input and the editor's handlers, one task.
  const after = new MessageChannel();
  after.port1.onmessage = () => window.__work.push(performance.now() - begun);
  after.port2.postMessage(0);
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => window.__lat.push(performance.now() - start);
    channel.port2.postMessage(0);
  });
}, true);
"""


def long_story(paragraphs: list[str], words: int, pictures: list[Image], figures: int) -> str:
    """About ``words`` words of demo paragraphs, a figure every few paragraphs."""
    out: list[str] = []
    count = placed = 0
    n = 0
    while count < words:
        text = paragraphs[n % len(paragraphs)]
        out.append(text)
        count += len(text.split())
        n += 1
        if placed < figures and n % 4 == 0:
            picture = pictures[placed % len(pictures)]
            out.append(f'![{picture.alt or "A picture"}](image:{picture.id} "Figure {placed + 1}")')
            placed += 1
        if n % 12 == 0:
            out.append(f"## Part {n // 12}")
    return "\n\n".join(out) + "\n"


METRICS = ("TaskDuration", "ScriptDuration", "LayoutDuration", "RecalcStyleDuration")


def measure(page, cdp, keys: int) -> tuple[list[float], list[float], dict[str, float]]:
    """Per keystroke: the probe's times; and the main thread's busy time per key, from
    Chromium's own counters (task, script, layout, style) over the whole run."""
    page.evaluate("() => { window.__lat = []; window.__work = []; }")
    page.wait_for_timeout(1000)  # the preview and autosave of what came before settle

    def counters() -> dict[str, float]:
        got = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        return {name: got[name] for name in METRICS}

    before = counters()
    for i in range(keys):
        page.keyboard.type("abcdefghij klmnopqrs "[i % 21])
    after = counters()
    busy = {name: (after[name] - before[name]) * 1000 / keys for name in METRICS}
    page.wait_for_timeout(300)
    work, frame = page.evaluate("window.__work"), page.evaluate("window.__lat")
    return work, frame, busy


def summary(name: str, what: str, values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return (
        f"{name:<18} {what:<14} keys {len(ordered):>4}  "
        f"median {statistics.median(ordered):6.2f} ms  p95 {p95:6.2f} ms  max {ordered[-1]:6.2f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keys", type=int, default=300)
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--figures", type=int, default=20)
    args = parser.parse_args()

    services = demo_services(Path(tempfile.mkdtemp(prefix="editor-bench-")), 24)
    with services.writes.begin() as session:
        accounts.create(session, now=services.clock())
        bodies = [a.body_source for a in session.scalars(select(Article))]
        paragraphs = [
            p for b in bodies for p in b.split("\n\n") if p and p[0].isalpha() and len(p) > 80
        ]
        pictures = list(session.scalars(select(Image).order_by(Image.id)))
        body = long_story(paragraphs, args.words, pictures, args.figures)
        article = actions.save_article(
            session, services.bus, services.media_urls,
            ArticleInput(title="A very long story", body=body), actor=SYSTEM, now=services.clock(),
        )  # fmt: skip
        article_id = article.id
    words = len(body.split())
    print(f"story: {words} words, {body.count('](image:')} figures, {len(body):,} characters")
    raw = BUNDLE.read_bytes()
    packed = len(gzip.compress(raw, 9))
    print(f"editor bundle: {len(raw) / 1024:.1f} KiB, gzip -9 {packed / 1024:.1f} KiB")

    with serve(services) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_context(**DESKTOP).new_page()
        page.add_init_script(PROBE)
        cdp = page.context.new_cdp_session(page)
        cdp.send("Performance.enable")
        page.goto(url + "/admin/login")
        page.get_by_label("Email").fill("editor@example.com")
        page.get_by_label("Password").fill("thepost-demo-editor")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(url + "/admin/")
        page.goto(f"{url}/admin/articles/{article_id}")
        body_box = page.get_by_role("textbox", name="Body")
        body_box.locator("p").nth(40).click()
        page.keyboard.press("End")
        visual = measure(page, cdp, args.keys)
        page.get_by_role("button", name="Markdown").click()
        source = page.locator("textarea[name=body]")
        source.click()
        source.evaluate("t => t.setSelectionRange(t.value.length / 2, t.value.length / 2)")
        plain = measure(page, cdp, args.keys)
        browser.close()
    for name, (work, frame, busy) in (("visual editor", visual), ("Markdown textarea", plain)):
        print(summary(name, "key task", work))
        print(summary(name, "to next frame", frame))
        shares = ", ".join(f"{k.removesuffix('Duration').lower()} {v:.2f}" for k, v in busy.items())
        print(f"{name:<18} main thread per key (ms): {shares}")
    ratio = visual[2]["TaskDuration"] / plain[2]["TaskDuration"]
    print(f"main thread per key, visual / textarea: {ratio:.2f}")


if __name__ == "__main__":
    main()
