"""How fast a newsletter issue goes out, and whether memory stays flat.

    .venv/bin/python bench/newsletter_bench.py --subscribers 100000 --database sqlite
    .venv/bin/python bench/newsletter_bench.py --subscribers 100000 --database postgresql

Makes a site with one newsletter, ``--subscribers`` confirmed subscribers and a story,
sends an issue to all of them through the real sender (``thepost.app.newsletter_worker``:
one worker, batches of 100, no rate limit) to an SMTP sink on loopback (aiosmtpd's
``Sink`` handler in a process of its own, which accepts and drops every message), and
prints messages per second and the sender's resident memory as it goes and at its peak.
Every recipient's outcome is then counted from the database: all must be sent.
"""

from __future__ import annotations

import argparse
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from import_bench import database_url, rss_mib  # noqa: E402
from sqlalchemy import func, insert, select  # noqa: E402

from thepost.app import build_services, newsletter_worker  # noqa: E402
from thepost.config import Settings  # noqa: E402
from thepost.content import actions as content  # noqa: E402
from thepost.db.base import table  # noqa: E402
from thepost.db.migrate import upgrade  # noqa: E402
from thepost.newsletters import actions  # noqa: E402
from thepost.newsletters.models import Recipient, Subscriber, Subscription  # noqa: E402
from thepost.permissions import SYSTEM  # noqa: E402
from thepost.web import newsletter_mail  # noqa: E402

DATABASE = "thepost_newsletter_bench"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def subscribers(services, newsletter_id: int, count: int) -> None:
    now = services.clock()
    with services.writes.begin() as session:
        for start in range(0, count, 5000):
            rows = [
                {
                    "email": f"reader{n}@example.org",
                    "new_email": "",
                    "key": f"key{n}",
                    "confirmed_at": now,
                    "asked_on": "",
                    "asked_count": 0,
                    "created_at": now,
                }
                for n in range(start, min(count, start + 5000))
            ]
            ids = session.scalars(
                insert(table(Subscriber)).returning(table(Subscriber).c.id), rows
            ).all()
            session.execute(
                insert(table(Subscription)),
                [
                    {
                        "subscriber_id": i,
                        "newsletter_id": newsletter_id,
                        "status": "active",
                        "source": "bench",
                        "consent_text": "",
                        "created_at": now,
                        "confirmed_at": now,
                    }
                    for i in ids
                ],
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args()
    port = free_port()
    sink = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            f"127.0.0.1:{port}",
            "-c",
            "aiosmtpd.handlers.Sink",
        ],
    )
    try:
        with tempfile.TemporaryDirectory(prefix="newsletter-bench-") as tmp:
            folder = Path(tmp)
            settings = Settings(
                data_dir=folder / "data",
                database_url=database_url(args.database, folder, DATABASE),
                smtp_host="127.0.0.1",
                smtp_port=port,
                base_url="https://thepost.example",
                newsletter_rate=0,
                bounce_address="bounces@thepost.example",
            )
            services = build_services(settings)
            upgrade(services.engine)
            now = services.clock()
            with services.writes.begin() as session:
                newsletter = actions.save_newsletter(
                    session, services.bus, {"name": "The Morning Briefing"}, actor=SYSTEM, now=now
                )
                story = content.save_article(
                    session,
                    services.bus,
                    services.media_urls,
                    content.ArticleInput(
                        title="The council votes on the budget",
                        standfirst="A long night ends in a narrow vote.",
                        body="\n\n".join(["A paragraph of the story, " * 12] * 12),
                    ),
                    actor=SYSTEM,
                    now=now,
                )
                content.publish_article(session, services.bus, story.id, actor=SYSTEM, now=now)
                issue = actions.save_issue(
                    session,
                    actor=SYSTEM,
                    newsletter_id=newsletter.id,
                    subject="Tonight's vote",
                    note="Good evening.",
                    article_ids=[story.id],
                    now=now,
                )
                html, text = newsletter_mail.render(session, services, issue, now=now)
                actions.set_rendering(session, issue.id, html, text)
            subscribers(services, newsletter.id, args.subscribers)
            started = time.perf_counter()
            with services.writes.begin() as session:
                actions.send_issue(session, issue.id, actor=SYSTEM, now=services.clock())
            print(
                f"{args.subscribers:,} recipients written in "
                f"{time.perf_counter() - started:.1f} s; message size {len(html) // 1024} KiB HTML"
            )
            worker = newsletter_worker(services)
            assert worker is not None
            before, samples, sent = rss_mib(), [], 0
            started = time.perf_counter()
            while (report := worker.deliver()).claimed:
                sent += report.sent
                if sent * 10 // args.subscribers > len(samples):
                    samples.append((sent, rss_mib(), time.perf_counter() - started))
            seconds = time.perf_counter() - started
            print(
                f"{args.database}: {sent:,} messages in {seconds:.0f} s: "
                f"{sent / seconds:.0f} messages/s (one worker)"
            )
            print(
                f"memory (RSS) before: {before:.0f} MiB; as they went: "
                + ", ".join(f"{n:,}: {mib:.0f}" for n, mib, _ in samples)
                + f"; peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
            )
            with services.reads() as session:
                counts = dict(
                    session.execute(
                        select(Recipient.status, func.count()).group_by(Recipient.status)
                    ).all()
                )
            print(f"outcomes: {counts}")
            assert counts == {"sent": args.subscribers}, counts
            services.engine.dispose()
    finally:
        sink.terminate()
        sink.wait()


if __name__ == "__main__":
    main()
