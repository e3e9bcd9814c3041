"""A news archive for the page benchmarks: N articles with pictures, comments and related
articles, in SQLite (or PostgreSQL).

    .venv/bin/python bench/archive.py --articles 1000      # prints the data directory

Articles, sections, tags and authors come from the search benchmark's generator and bulk
loader (``search_corpus.insert_corpus``: our own synthetic text, about 600 words each,
three years of publish dates). On top of them this adds what a reader's page shows:

- 8 pictures, stored through the media library's ``upload_image`` (real WebP and JPEG
  renditions), one featured on every article;
- comments: 0 to 9 approved per article (4.5 on average), a third of them replies;
- "You May Also Like": the 4 previous stories of the same section, as the publish-time
  job would store them;
- each article's stored page parts (``thepost render``: what publishing renders);
- the search index (``thepost reindex``), for the results page.

The archive is built once per size under ``/tmp/thepost-page-bench/`` and reused (an
archive made before the index was built here gets it on its next use).
``articles_jsonl`` writes the same articles as JSON lines for the Wagtail and WordPress
anchors.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import search_corpus as corpus  # noqa: E402

ROOT = Path("/tmp/thepost-page-bench")
PICTURES = 8
SAMPLE = 200  # article URLs listed for the benchmarks
VERSION = 3  # bump when what is built changes


def where(n: int, database_url: str = "") -> Path:
    """The archive's data directory (with ``database_url``: its media and ``info.json``,
    the rows being in that PostgreSQL database, whose name the directory's carries)."""
    if database_url:
        return ROOT / f"postgres-{database_url.rsplit('/', 1)[-1]}-{n}-v{VERSION}"
    return ROOT / f"sqlite-{n}-v{VERSION}"


def build(
    n: int,
    *,
    force: bool = False,
    log: Any = print,
    database_url: str = "",
    prepared: bool = True,
) -> dict[str, Any]:
    """Build (or reuse) the archive of ``n`` articles; returns its ``info.json``. With
    ``database_url`` (an empty PostgreSQL database) the rows go there. Not ``prepared``:
    the stored page parts and the search index are left to ``thepost render`` and
    ``thepost reindex`` (run and timed by ``million_bench.py``)."""
    from thepost.db.migrate import upgrade

    data_dir = where(n, database_url)
    info_file = data_dir / "info.json"
    if info_file.exists() and not force:
        info: dict[str, Any] = json.loads(info_file.read_text())
        # A kept archive follows the code, as a deploy's `thepost migrate` does: otherwise
        # a change to what the stored page parts depend on would time the slow path.
        services = corpus.services_for(data_dir, database_url)
        upgrade(services.engine)
        if not prepared:
            services.engine.dispose()
            return info
        render_pages(services, log)
        if not info.get("search_index_s"):  # archives made before it was built here
            info["search_index_s"] = round(corpus.rebuild_index(services, n, log), 1)
            info_file.write_text(json.dumps(info, indent=1))
        services.engine.dispose()
        return info
    for old in data_dir.glob("thepost.sqlite3*"):
        old.unlink()
    services = corpus.services_for(data_dir, database_url)
    upgrade(services.engine)
    t0 = time.perf_counter()
    log(f"writing {n:,} articles into {data_dir}")
    images = _pictures(services)
    info = {
        "articles": n,
        "data_dir": str(data_dir),
        **corpus.insert_corpus(services, n, None, log, featured=images),
    }
    comments = _comments_and_related(services, n, log)
    if prepared:
        info["rendered"] = render_pages(services, log)
        info["search_index_s"] = round(corpus.rebuild_index(services, n, log), 1)
    info.update(comments=comments, pictures=len(images), build_s=round(time.perf_counter() - t0))
    info["paths"] = _sample_paths(services)
    services.engine.dispose()
    info_file.write_text(json.dumps(info, indent=1))
    log(f"archive ready: {info['comments']:,} comments, {info['build_s']} s")
    return info


def articles_jsonl(n: int) -> Path:
    """The archive's ``n`` articles as JSON lines (``search_corpus.to_json``: the same seeded
    generator, so the same stories), for loading them into the anchor sites. Written once,
    next to the archive."""
    path = where(n) / "articles.jsonl"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        cat = corpus.catalogue()
        part = path.with_suffix(".part")
        with part.open("w") as out:
            for batch in corpus.articles(n):
                out.writelines(json.dumps(corpus.to_json(a, cat)) + "\n" for a in batch)
        part.rename(path)
    return path


def _pictures(services: Any) -> list[int]:
    from PIL import Image, ImageDraw

    from thepost.content import media
    from thepost.permissions import SYSTEM

    ids = []
    with services.writes.begin() as session:
        for i in range(PICTURES):
            picture = Image.new("RGB", (1600, 900), (40 + 25 * i, 90, 160 - 12 * i))
            draw = ImageDraw.Draw(picture)
            for k in range(12):
                draw.ellipse((k * 130, 200 + 30 * (k % 5), k * 130 + 300, 600), outline="white")
            buffer = io.BytesIO()
            picture.save(buffer, "JPEG", quality=85)
            upload = media.upload_image(
                session,
                services.storage,
                buffer.getvalue(),
                actor=SYSTEM,
                alt=f"Picture {i + 1}",
                caption=f"A scene from the story, number {i + 1}",
                credit="Photo: The Post",
            )
            ids.append(upload.image.id)
    return ids


def _comments_and_related(services: Any, n: int, log: Any) -> int:
    from sqlalchemy import insert, select

    from thepost.comments import text as comment_text
    from thepost.comments.models import Comment
    from thepost.content.models import Article, RelatedArticle

    rng = random.Random(corpus.SEED)
    cat = corpus.catalogue()
    writer = corpus.Writer(rng, cat, 0)
    total = 0
    with services.engine.begin() as conn:
        rows = conn.execute(
            select(Article.id, Article.section_id, Article.published_at).order_by(
                Article.published_at, Article.id
            )
        ).all()
    by_section: dict[int, list[int]] = {}
    related, comments = [], []
    next_id = 1
    for article_id, section_id, published in rows:
        earlier = by_section.setdefault(section_id, [])
        related += [
            {"article_id": article_id, "position": p, "related_id": other, "score": 1.0}
            for p, other in enumerate(reversed(earlier[-4:]))
        ]
        earlier.append(article_id)
        parent = None
        for k in range(rng.randrange(10)):
            body = " ".join(writer.sentence() for _ in range(rng.randint(1, 3)))
            reply = parent is not None and rng.random() < 0.33
            comments.append(
                {
                    "id": next_id,
                    "article_id": article_id,
                    "parent_id": parent if reply else None,
                    "depth": 2 if reply else 1,
                    "author_name": rng.choice(cat.authors),
                    "author_email": f"reader{next_id}@example.invalid",
                    "email_key": "",
                    "author_url": "",
                    "body": body,
                    "body_html": comment_text.render(body),
                    "fingerprint": f"{next_id:x}",
                    "status": "approved",
                    "reasons": [],
                    "spam_score": 0.0,
                    "ip_hash": "",
                    "notify_replies": False,
                    "user_id": None,
                    "created_at": published + timedelta(minutes=10 * (k + 1)),
                    "previous_status": "",
                    "trained_as": "",
                }
            )
            parent = None if reply else next_id
            next_id += 1
        if len(comments) > 20000 or article_id == rows[-1][0]:
            with services.engine.begin() as conn:
                conn.execute(insert(Comment.__table__), comments)
                if related:
                    conn.execute(insert(RelatedArticle.__table__), related)
            total += len(comments)
            comments, related = [], []
    log(f"  {total:,} comments, related lists for {n:,} articles")
    return total


def render_pages(services: Any, log: Any = print) -> int:
    """Render and store every article's page parts and the home page's, as ``thepost
    render`` does."""
    from thepost.web.site import home_parts, pages

    done = pages.refresh_stale(
        services.writes,
        services.templates,
        services.settings.base_url,
        batch=500,
        progress=lambda n: n % 10_000 == 0 and log(f"  {n:,} pages rendered"),
    )
    log(f"  {done:,} article pages rendered")
    with services.writes.begin() as session:
        home_parts.refresh(session, services)
    return int(done)


def _sample_paths(services: Any) -> list[str]:
    from sqlalchemy import select

    from thepost.content.models import Article, Section
    from thepost.web import urls

    rng = random.Random(corpus.SEED)
    with services.engine.connect() as conn:
        rows = conn.execute(
            select(Section.slug, Article.slug).join(Section, Section.id == Article.section_id)
        ).all()
    return [urls.article_path(s, a) for s, a in rng.sample(rows, min(SAMPLE, len(rows)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--force", action="store_true", help="build again even if it exists")
    parser.add_argument(
        "--unprepared",
        action="store_true",
        help="leave the stored pages and the search index to `thepost render` and `reindex`",
    )
    args = parser.parse_args()
    info = build(args.articles, force=args.force, prepared=not args.unprepared)
    print(info["data_dir"])


if __name__ == "__main__":
    main()
