"""Synthetic news corpus for the search benchmark: N articles of about 600 words.

    .venv/bin/python bench/search_corpus.py build --articles 2000 [--postgres URL]
    .venv/bin/python bench/search_corpus.py queries      # rewrites bench/search_queries.json

Text comes from ``search_vocab`` (our own word lists, about 2,700 words, plus numbers)
drawn with Zipf-Mandelbrot weights, so a few words are everywhere and most are rare, in
sentences of varied length (log-normal, 5-45 words). Each article has a "cast" (one or
two places, people, a handful of topic words and stock phrases) that recurs through it,
so terms are bursty within a story the way news copy is. Article ``i`` depends only on
the seed and ``i``: the first 2,000 articles of the 100,000 corpus are the 2,000 corpus.

Rows go straight into ``sections``, ``tags``, ``authors``, ``articles``, ``article_tags``
and ``article_authors`` with SQLAlchemy Core bulk inserts (the project's own code is not
used to write articles: that would take hours at 100,000), then the search index is
rebuilt with the project's ``services.search.rebuild``. The same articles are written to
a JSON Lines file for the Wagtail loader (``wagtail_search.py``).

Built databases are cached under ``/tmp/thepost-search-bench/`` with a ``build.json``
that records how long each step took.
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import itertools
import json
import math
import multiprocessing
import random
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import search_vocab as vocab  # noqa: E402

SEED = 20261120
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)  # the benchmark's fixed clock
SPAN_DAYS = 3 * 365
CACHE = Path("/tmp/thepost-search-bench")
QUERIES = HERE / "search_queries.json"
QUERY_SAMPLE = 2000  # queries are drawn from the articles both corpus sizes share
GENERATOR_FILES = (Path(__file__), HERE / "search_vocab.py")


# -- weighted vocabularies -------------------------------------------------------------


class Zipf:
    """Words with Zipf-Mandelbrot weights 1 / (rank + q) ** s, in list order."""

    def __init__(self, words: list[str], s: float = 1.07, q: float = 2.7) -> None:
        self.words = words
        total = 0.0
        self.cum: list[float] = []
        for rank in range(len(words)):
            total += 1.0 / (rank + 1 + q) ** s
            self.cum.append(total)
        self.total = total

    def draw(self, rng: random.Random) -> str:
        index = bisect.bisect(self.cum, rng.random() * self.total)
        return self.words[min(index, len(self.words) - 1)]


def _shuffled(words: list[str], seed: int, keep: int) -> list[str]:
    """The list's first ``keep`` words stay in front (the common ones); the rest are
    shuffled so that rarity is not alphabetical or grouped by theme."""
    head, tail = words[:keep], words[keep:]
    random.Random(seed).shuffle(tail)
    return head + tail


FUNCTION = Zipf(vocab.FUNCTION, s=1.0, q=1.5)
GENERAL = Zipf(_shuffled(vocab.GENERAL, SEED + 1, 60))
TAIL = Zipf(_shuffled(vocab.TAIL, SEED + 2, 20), s=0.9, q=10)
PLACES = Zipf(_shuffled(vocab.PLACES, SEED + 3, 30), s=1.0, q=4)
FIRST = Zipf(vocab.FIRST_NAMES, s=0.8, q=5)
LAST = Zipf(vocab.LAST_NAMES, s=0.8, q=5)
TOPIC = {
    t: Zipf(_shuffled(vocab.topic_words(t), SEED + 10 + i, 25))
    for i, t in enumerate(sorted(vocab.TOPICS))
}
SECTION_WEIGHTS = [30, 14, 14, 12, 12, 8, 6, 4]  # news is the biggest section

# What a sentence slot holds, and how often (function words dominate, as in English).
KINDS = ["f", "t", "g", "tail", "place", "person", "colloc", "num", "kw", "coined"]
KIND_CUM = list(itertools.accumulate([44, 16, 14, 6, 3, 3, 2.5, 1.5, 10, 1.2]))

# The long tail real news has (surnames, small places, firms): proper nouns coined from
# syllables, about 27,900 of them, drawn with a Zipf (s = 1) law over their index.
SYLLABLES = (
    "bran nock vel tris mor dan kel ith ash ford wyn ler tor ben gal rith sen mar "
    "lo ca fen dor hal vin ro sa tem quil zar bek"
).split()
COINED = len(SYLLABLES) ** 2 + len(SYLLABLES) ** 3


def coined(k: int) -> str:
    n = len(SYLLABLES)
    if k < n * n:
        parts = [SYLLABLES[k // n], SYLLABLES[k % n]]
    else:
        k -= n * n
        parts = [SYLLABLES[k // (n * n)], SYLLABLES[(k // n) % n], SYLLABLES[k % n]]
    return "".join(parts).capitalize()


def draw_coined(rng: random.Random) -> str:
    return coined(min(COINED - 1, int(math.exp(rng.random() * math.log(COINED))) - 1))


# -- catalogues: sections, tags, authors ------------------------------------------------


@dataclass(frozen=True)
class Catalogue:
    sections: list[tuple[str, str, list[str]]]  # slug, name, topics
    tags: list[str]  # names; slug = lower-case, hyphenated
    topic_tags: dict[str, list[int]]  # topic -> indexes into tags
    authors: list[str]


def catalogue() -> Catalogue:
    rng = random.Random(SEED)
    tags: list[str] = []
    topic_tags: dict[str, list[int]] = {}
    for topic in sorted(vocab.TOPICS):
        picks = vocab.topic_words(topic)[:24] + [p.title() for p in vocab.COLLOCATIONS[topic][:8]]
        indexes = []
        for name in picks:
            name = name[:1].upper() + name[1:]
            if name not in tags:
                tags.append(name)
            indexes.append(tags.index(name))
        topic_tags[topic] = indexes
    for place in vocab.PLACES[:60]:
        if place not in tags:
            tags.append(place)
    authors: list[str] = []
    while len(authors) < 150:
        name = f"{rng.choice(vocab.FIRST_NAMES)} {rng.choice(vocab.LAST_NAMES)}"
        if name not in authors:
            authors.append(name)
    return Catalogue(list(vocab.SECTIONS), tags, topic_tags, authors)


def slug(text: str) -> str:
    out = "".join(c if c.isalnum() else "-" for c in text.lower())
    return "-".join(p for p in out.split("-") if p)


# -- articles ---------------------------------------------------------------------------


@dataclass
class Article:
    id: int
    slug: str
    title: str
    standfirst: str
    section: int  # index into catalogue().sections
    tags: list[int]
    authors: list[int]
    published_at: datetime
    paragraphs: list[str]
    heading: str
    heading_at: int  # the heading comes before this paragraph

    @property
    def body_text(self) -> str:
        parts = list(self.paragraphs)
        parts.insert(self.heading_at, self.heading)
        return " ".join(parts)

    @property
    def body_source(self) -> str:
        parts = list(self.paragraphs)
        parts.insert(self.heading_at, "## " + self.heading)
        return "\n\n".join(parts)

    @property
    def body_html(self) -> str:
        parts = [f"<p>{p}</p>" for p in self.paragraphs]
        parts.insert(self.heading_at, f"<h2>{self.heading}</h2>")
        return "\n".join(parts)


class Writer:
    """Sentences for one article, from its cast and its section's topics."""

    def __init__(self, rng: random.Random, cat: Catalogue, section: int) -> None:
        self.rng = rng
        self.topics = cat.sections[section][2]
        self.places = [PLACES.draw(rng) for _ in range(rng.choice((1, 1, 2)))]
        self.people = [(FIRST.draw(rng), LAST.draw(rng)) for _ in range(rng.choice((1, 2, 2, 3)))]
        main = self.topics[0]
        self.keywords = list(dict.fromkeys(TOPIC[main].draw(rng) for _ in range(5)))
        self.keywords += [GENERAL.draw(rng) for _ in range(2)]
        self.phrases = [rng.choice(vocab.COLLOCATIONS[main]) for _ in range(2)]
        self.named = [False] * len(self.people)

    def topic_word(self) -> str:
        rng = self.rng
        topic = self.topics[0] if rng.random() < 0.65 else rng.choice(self.topics)
        return TOPIC[topic].draw(rng)

    def person(self) -> str:
        i = self.rng.randrange(len(self.people))
        first, last = self.people[i]
        if not self.named[i]:  # full name first, surname afterwards, as papers do
            self.named[i] = True
            return f"{first} {last}"
        return last

    def number(self) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.3:
            return str(rng.randint(2, 99))
        if r < 0.5:
            return str(rng.randint(1990, 2026))
        if r < 0.75:
            return f"£{rng.randint(1, 900)}{rng.choice(('m', 'bn', 'k', ''))}"
        return f"{rng.randint(1, 99)} per cent"

    def word(self, kind: str) -> str:
        rng = self.rng
        if kind == "f":
            return FUNCTION.draw(rng)
        if kind == "t":
            return self.topic_word()
        if kind == "g":
            return GENERAL.draw(rng)
        if kind == "tail":
            return TAIL.draw(rng)
        if kind == "place":
            return rng.choice(self.places) if rng.random() < 0.7 else PLACES.draw(rng)
        if kind == "person":
            return self.person()
        if kind == "colloc":
            if rng.random() < 0.6:
                return rng.choice(self.phrases)
            return rng.choice(vocab.COLLOCATIONS[rng.choice(self.topics)])
        if kind == "num":
            return self.number()
        if kind == "coined":
            return draw_coined(rng)
        return rng.choice(self.keywords)

    def sentence(self, length: int | None = None) -> str:
        rng = self.rng
        if length is None:
            length = min(45, max(5, int(rng.lognormvariate(2.75, 0.42))))
        words: list[str] = []
        run = 0  # consecutive function words
        count = 0
        while count < length:
            kind = KINDS[bisect.bisect(KIND_CUM, rng.random() * KIND_CUM[-1])]
            if kind == "f" and run >= 2:
                kind = "t"
            run = run + 1 if kind == "f" else 0
            w = self.word(kind)
            count += w.count(" ") + 1
            if words and rng.random() < 0.05:
                words[-1] += ","
            words.append(w)
        text = " ".join(words)
        end = "." if rng.random() < 0.95 else rng.choice(("?", ":", "!"))
        return text[0].upper() + text[1:] + end

    def title(self) -> str:
        rng = self.rng
        parts = [
            rng.choice(self.keywords),
            self.topic_word(),
            rng.choice(self.places) if rng.random() < 0.6 else self.person(),
            GENERAL.draw(rng),
            rng.choice(self.keywords),
        ]
        rng.shuffle(parts)
        if rng.random() < 0.35:
            parts.insert(rng.randrange(len(parts)), rng.choice(self.phrases))
        glue = ["in", "as", "for", "after", "over", "to", "on"]
        for _ in range(rng.randint(1, 3)):
            parts.insert(rng.randrange(1, len(parts)), rng.choice(glue))
        text = " ".join(parts)
        return text[0].upper() + text[1:]


def make_article(i: int, cat: Catalogue) -> Article:
    """Article number ``i`` (0-based); the same for any corpus size."""
    rng = random.Random(SEED * 1_000_003 + i)
    section = rng.choices(range(len(cat.sections)), weights=SECTION_WEIGHTS)[0]
    w = Writer(rng, cat, section)
    title = w.title()
    standfirst = w.sentence(rng.randint(18, 32))
    target = int(rng.gauss(575, 40))
    paragraphs: list[str] = []
    words = 0
    while words < target:
        sentences = [w.sentence() for _ in range(rng.choice((1, 2, 2, 3, 3, 4)))]
        paragraph = " ".join(sentences)
        words += paragraph.count(" ") + 1
        paragraphs.append(paragraph)
    heading = w.sentence(rng.randint(3, 7)).rstrip(".?:!")
    main = cat.sections[section][2][0]
    tags = list(dict.fromkeys(rng.choice(cat.topic_tags[main]) for _ in range(rng.randint(2, 4))))
    if w.places[0] in cat.tags and rng.random() < 0.5:
        tags.append(cat.tags.index(w.places[0]))
    authors = list(
        dict.fromkeys(
            rng.randrange(len(cat.authors)) for _ in range(1 if rng.random() < 0.85 else 2)
        )
    )
    seconds = rng.uniform(3600, SPAN_DAYS * 86400)
    published = (NOW - timedelta(seconds=seconds)).replace(microsecond=0)
    return Article(
        id=i + 1,
        slug=f"{slug(title)[:80].strip('-')}-{i + 1}",
        title=title,
        standfirst=standfirst,
        section=section,
        tags=tags,
        authors=authors,
        published_at=published,
        paragraphs=paragraphs,
        heading=heading,
        heading_at=len(paragraphs) // 2,
    )


def _chunk(bounds: tuple[int, int]) -> list[Article]:
    cat = catalogue()
    return [make_article(i, cat) for i in range(*bounds)]


def articles(n: int, *, chunk: int = 1000, workers: int = 2) -> Iterator[list[Article]]:
    """All ``n`` articles, in order, in chunks (generated on ``workers`` processes)."""
    bounds = [(s, min(n, s + chunk)) for s in range(0, n, chunk)]
    if workers <= 1 or len(bounds) <= 1:
        yield from map(_chunk, bounds)
        return
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(_chunk, bounds)


def to_json(a: Article, cat: Catalogue) -> dict[str, Any]:
    data = asdict(a)
    slug_, name, _ = cat.sections[a.section]
    data["section"] = {"slug": slug_, "name": name}
    data["tags"] = [cat.tags[t] for t in a.tags]
    data["authors"] = [cat.authors[x] for x in a.authors]
    data["published_at"] = a.published_at.isoformat()
    return data


# -- writing the database ------------------------------------------------------------------


def generator_version() -> str:
    h = hashlib.sha256()
    for f in GENERATOR_FILES:
        h.update(f.read_bytes())
    return h.hexdigest()[:12]


def backend_version(backend: str) -> str:
    """A hash of the search code whose index is cached: a change means reindexing."""
    src = HERE.parent / "src" / "thepost"
    backends = src / "search" / "backends"
    analysed = [src / "search" / name for name in ("documents.py", "languages.py", "stopwords.py")]
    files = [*analysed, *sorted(backends.glob(f"{backend}*.py"))]
    files += sorted((backends / backend).glob("*.py"))  # a backend that is a package
    files += sorted((src / "db" / "migrations" / "versions").glob("*.py"))
    h = hashlib.sha256()
    for f in files:
        h.update(f.read_bytes())
    return h.hexdigest()[:12]


def _now() -> datetime:
    return NOW


def services_for(data_dir: Path, database_url: str = "", **settings: Any) -> Any:
    from thepost.app import build_services
    from thepost.config import Settings

    data_dir.mkdir(parents=True, exist_ok=True)
    return build_services(
        Settings(data_dir=data_dir, database_url=database_url, **settings), clock=_now
    )


def insert_corpus(
    services: Any, n: int, jsonl: Path | None, log: Any = print, featured: Sequence[int] = ()
) -> dict[str, Any]:
    """Write the catalogues and ``n`` articles; returns timings. ``featured``: pictures
    featured in turn (article ``i`` has ``featured[i % len(featured)]``), written with
    each article: setting them afterwards rewrites every article, long bodies and all."""
    from sqlalchemy import insert, text

    from thepost.content.models import Article as ArticleRow
    from thepost.content.models import ArticleAuthor, Author, Section, Tag, article_tags
    from thepost.content.text import excerpt
    from thepost.db.base import Base

    cat = catalogue()
    t0 = time.perf_counter()
    engine = services.engine
    with engine.begin() as conn:
        # Start from empty content tables (a Postgres database may be reused).
        for table in reversed(Base.metadata.sorted_tables):
            if table.name in (
                "article_tags",
                "article_authors",
                "articles",
                "tags",
                "authors",
                "sections",
                "search_terms",
                "article_slugs",
                "related_articles",
                "revisions",
            ):
                conn.execute(table.delete())
        conn.execute(
            insert(Section.__table__),
            [
                {
                    "id": i + 1,
                    "slug": s,
                    "name": name,
                    "description": f"{name} from The Post.",
                    "position": i,
                    "parent_id": None,
                }
                for i, (s, name, _) in enumerate(cat.sections)
            ],
        )
        conn.execute(
            insert(Tag.__table__),
            [{"id": i + 1, "slug": slug(name), "name": name} for i, name in enumerate(cat.tags)],
        )
        conn.execute(
            insert(Author.__table__),
            [
                {
                    "id": i + 1,
                    "slug": slug(name) + f"-{i + 1}",
                    "name": name,
                    "job_title": "Reporter",
                    "bio": "",
                    "photo_id": None,
                    "user_id": None,
                }
                for i, name in enumerate(cat.authors)
            ],
        )
    out = jsonl.open("w") if jsonl else None
    words = 0
    try:
        for batch in articles(n):
            rows, tag_rows, author_rows = [], [], []
            for a in batch:
                count = len(a.body_text.split())
                words += count
                rows.append(
                    {
                        "id": a.id,
                        "slug": a.slug,
                        "title": a.title,
                        "standfirst": a.standfirst,
                        "body_source": a.body_source,
                        "body_format": "markdown",
                        "body_html": a.body_html,
                        "excerpt": excerpt(a.standfirst, 200),
                        "word_count": count,
                        "keywords": {},
                        "dateline": "",
                        "status": "published",
                        "published_at": a.published_at,
                        "first_published_at": a.published_at,
                        "created_at": a.published_at,
                        "updated_at": a.published_at,
                        "section_id": a.section + 1,
                        "featured_image_id": featured[a.id % len(featured)] if featured else None,
                        "featured_caption": "",
                        "featured_credit": "",
                        "featured_alt": "",
                        "comments_open": True,
                        "seo_title": "",
                        "seo_description": "",
                        "canonical_url": "",
                    }
                )
                tag_rows += [{"article_id": a.id, "tag_id": t + 1} for t in a.tags]
                author_rows += [
                    {"article_id": a.id, "author_id": x + 1, "position": p}
                    for p, x in enumerate(a.authors)
                ]
                if out:
                    out.write(json.dumps(to_json(a, cat)) + "\n")
            with engine.begin() as conn:
                conn.execute(insert(ArticleRow.__table__), rows)
                conn.execute(insert(article_tags), tag_rows)
                conn.execute(insert(ArticleAuthor.__table__), author_rows)
            done = batch[-1].id
            if done % 10000 == 0 or done == n:
                log(f"  {done:,}/{n:,} articles written ({time.perf_counter() - t0:.0f}s)")
    finally:
        if out:
            out.close()
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            for name in ("sections", "tags", "authors", "articles"):
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                        f"(SELECT COALESCE(MAX(id), 1) FROM {name}))"
                    )
                )
            conn.execute(text("ANALYZE"))
    return {"insert_s": round(time.perf_counter() - t0, 2), "mean_words": round(words / n, 1)}


def rebuild_index(services: Any, n: int, log: Any = print) -> float:
    t0 = time.perf_counter()

    def progress(done: int) -> None:
        if done % 20000 == 0 or done == n:
            log(f"  {done:,}/{n:,} indexed ({time.perf_counter() - t0:.0f}s)")

    with services.writes.begin() as session:
        indexed = services.search.rebuild(session, progress=progress)
    if services.engine.dialect.name == "postgresql":
        from sqlalchemy import text

        with services.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.execute(text("VACUUM ANALYZE"))
    elapsed = time.perf_counter() - t0
    if indexed != n:
        log(f"  warning: rebuild indexed {indexed} documents, expected {n}")
    return elapsed


def db_size(services: Any) -> int:
    from sqlalchemy import text

    engine = services.engine
    if engine.dialect.name == "postgresql":
        with engine.connect() as c:
            return int(c.scalar(text("SELECT pg_database_size(current_database())")) or 0)
    path = Path(engine.url.database or "")
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def cache_dir(n: int, backend: str, cache: Path = CACHE) -> Path:
    return cache / f"{backend}-{n}-seed{SEED}-{generator_version()}"


def build(
    n: int, postgres: str = "", *, force: bool = False, log: Any = print, cache: Path = CACHE
) -> dict[str, Any]:
    """Build (or reuse) the corpus of ``n`` articles under ``cache``; returns build.json's
    contents plus ``data_dir`` and ``database_url``."""
    from thepost.db.migrate import upgrade

    backend = "postgres" if postgres else "sqlite"
    where = cache_dir(n, backend, cache)
    info_file = where / "build.json"
    info: dict[str, Any] = {}
    if info_file.exists() and not force:
        info = json.loads(info_file.read_text())
        if postgres and info.get("database_url") != postgres:
            info = {}
    jsonl = where / "articles.jsonl"
    if not info.get("corpus_complete"):
        if where.exists() and backend == "sqlite":
            for p in where.glob("thepost.sqlite3*"):
                p.unlink()
        where.mkdir(parents=True, exist_ok=True)
        services = services_for(where, postgres)
        upgrade(services.engine)
        log(f"generating {n:,} articles into {where} ({backend})")
        info = {
            "articles": n,
            "seed": SEED,
            "generator": generator_version(),
            "backend": backend,
            "database_url": postgres,
        }
        info.update(insert_corpus(services, n, jsonl, log))
        info["corpus_complete"] = True
        info_file.write_text(json.dumps(info, indent=2))
    else:
        services = services_for(where, postgres)
        t0 = time.perf_counter()
        upgrade(services.engine)
        if (migrated := time.perf_counter() - t0) > 1:  # a new migration ran on the archive
            log(f"migrated in {migrated:.0f}s")
            info["migrate_s"] = round(migrated, 2)
    version = backend_version(backend)
    if info.get("index_version") != version or force:
        log(f"rebuilding the search index ({backend}, code {version})")
        info["index_build_s"] = round(rebuild_index(services, n, log), 2)
        info["index_version"] = version
        info["db_bytes"] = db_size(services)
        info_file.write_text(json.dumps(info, indent=2))
    services.engine.dispose()
    info["data_dir"] = str(where)
    info["jsonl"] = str(jsonl)
    return info


# -- the fixed query list -------------------------------------------------------------------


def _typo(word: str, rng: random.Random, known: set[str]) -> str | None:
    """One edit (delete, transpose, substitute, insert) that is not itself a word."""
    for _ in range(20):
        i = rng.randrange(1, len(word) - 1)
        op = rng.choice(("delete", "delete", "transpose", "substitute", "insert"))
        if op == "delete":
            out = word[:i] + word[i + 1 :]
        elif op == "transpose":
            out = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        elif op == "substitute":
            out = word[:i] + rng.choice("aeiourstnl") + word[i + 1 :]
        else:
            out = word[:i] + rng.choice("aeiourstnl") + word[i:]
        if out != word and out not in known:
            return out
    return None


def _tokens(text: str) -> list[str]:
    return [t for t in "".join(c.lower() if c.isalnum() else " " for c in text).split()]


def make_queries(count: int = 200) -> list[dict[str, Any]]:
    """The fixed, seeded benchmark list, drawn from the first 2,000 articles."""
    rng = random.Random(SEED + 99)
    cat = catalogue()
    sample = [a for chunk in articles(QUERY_SAMPLE) for a in chunk]
    df: Counter[str] = Counter()  # document frequency over the sample
    for a in sample:
        df.update(set(_tokens(f"{a.title} {a.standfirst} {a.body_text}")))
    known = set(df) | vocab.all_words()
    words = [w for w, _ in df.most_common() if w.isalpha() and len(w) >= 3]
    queries: list[dict[str, Any]] = []

    def add(kind: str, q: str, **extra: Any) -> None:
        queries.append({"id": len(queries) + 1, "kind": kind, "q": q, **extra})

    # 90 single words: common (in the top 200 by document frequency, stop words included,
    # as readers do type them), medium, rare (in 1-5 of the 2,000 sample articles).
    common = words[:200]
    medium = [w for w in words if 40 <= df[w] <= 400]
    rare = [w for w in words if 1 <= df[w] <= 5]
    for w in ["council", "government", "the"] + rng.sample(common, 40):
        if sum(q["kind"] == "word-common" for q in queries) < 30 and w not in [
            q["q"] for q in queries
        ]:
            add("word-common", w)
    for w in rng.sample(medium, 30):
        add("word-medium", w)
    for w in ["aleppo", *rng.sample(rare, 40)]:
        if sum(q["kind"] == "word-rare" for q in queries) < 30 and w not in [
            q["q"] for q in queries
        ]:
            add("word-rare", w)
    # 40 two- and three-word queries: content words of one real article (so at least one
    # article has them all), unquoted: every word must match, in any order.
    stop = set(vocab.FUNCTION)
    for _ in range(40):
        a = rng.choice(sample)
        pool = [
            t
            for t in _tokens(f"{a.title} {a.standfirst} {a.body_text}")
            if t not in stop and t.isalpha() and len(t) >= 4
        ]
        picked = list(dict.fromkeys(rng.sample(pool, 3)))[: rng.choice((2, 2, 3))]
        add("multi-word", " ".join(picked))
    # 25 quoted phrases: 12 stock phrases, 13 runs of two or three adjacent words taken
    # from a sentence of a sample article.
    stock = [p for topic in sorted(vocab.COLLOCATIONS) for p in vocab.COLLOCATIONS[topic]]
    for p in rng.sample(stock, 12):
        add("phrase", f'"{p}"')
    while sum(q["kind"] == "phrase" for q in queries) < 25:
        a = rng.choice(sample)
        toks = _tokens(rng.choice(a.paragraphs))
        size = rng.choice((2, 3))
        if len(toks) <= size:
            continue
        start = rng.randrange(len(toks) - size)
        run = toks[start : start + size]
        if all(t in stop for t in run) or any(t.isdigit() for t in run):
            continue
        add("phrase", '"' + " ".join(run) + '"')
    # 25 typos: one edit away from a real word of the headline/standfirst vocabulary (the
    # words typo tolerance can offer), three of them fixed examples.
    head_df: Counter[str] = Counter()
    for a in sample:
        head_df.update(set(_tokens(f"{a.title} {a.standfirst}")))
    for q in ("alepo", "councl", "goverment"):
        add(
            "typo",
            q,
            intended={"alepo": "aleppo", "councl": "council", "goverment": "government"}[q],
        )
    candidates = [w for w, n in head_df.most_common(1500) if w.isalpha() and len(w) >= 5]
    for w in rng.sample(candidates, 60):
        if sum(q["kind"] == "typo" for q in queries) >= 25:
            break
        t = _typo(w, rng, known)
        if t and t not in [q["q"] for q in queries]:
            add("typo", t, intended=w)
    # 20 with filters: 10 by section, 6 by date range, 4 by both.
    sections = [s for s, _, _ in cat.sections]
    filtered_words = medium[:60] + common[:30]
    for k in range(20):
        w = rng.choice(filtered_words)
        extra: dict[str, Any] = {}
        if k < 10 or k >= 16:
            extra["section"] = rng.choice(sections)
        if k >= 10:
            start = (NOW - timedelta(days=rng.randint(30, SPAN_DAYS))).date()
            end = min(start + timedelta(days=rng.choice((7, 30, 90, 365))), NOW.date())
            extra["from"], extra["to"] = start.isoformat(), end.isoformat()
        add("filtered", w, **extra)
    assert len(queries) == count, len(queries)
    return queries


def load_queries() -> list[dict[str, Any]]:
    return json.loads(QUERIES.read_text())["queries"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="generate the corpus and index it (cached)")
    b.add_argument("--articles", type=int, default=2000)
    b.add_argument("--postgres", default="", help="SQLAlchemy URL of an empty database")
    b.add_argument("--force", action="store_true")
    b.add_argument("--cache", type=Path, default=CACHE, help=f"corpora folder (default {CACHE})")
    sub.add_parser("queries", help=f"write {QUERIES.name}")
    s = sub.add_parser("sample", help="print one article")
    s.add_argument("--index", type=int, default=0)
    a = ap.parse_args()
    if a.cmd == "build":
        print(json.dumps(build(a.articles, a.postgres, force=a.force, cache=a.cache), indent=2))
    elif a.cmd == "queries":
        qs = make_queries()
        kinds = Counter(q["kind"] for q in qs)
        QUERIES.write_text(
            json.dumps(
                {
                    "about": "Fixed benchmark queries (bench/search_corpus.py queries); "
                    f"seed {SEED}, drawn from the first {QUERY_SAMPLE} articles.",
                    "generator": generator_version(),
                    "breakdown": dict(kinds),
                    "queries": qs,
                },
                indent=1,
            )
            + "\n"
        )
        print(f"{len(qs)} queries -> {QUERIES}: {dict(kinds)}")
    else:
        art = make_article(a.index, catalogue())
        print(json.dumps(to_json(art, catalogue()), indent=1, default=str))
        print(len(art.body_text.split()), "words")


if __name__ == "__main__":
    main()
