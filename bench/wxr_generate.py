"""A synthetic WordPress export (WXR 1.2) of any size, for the import benchmark and tests.

    .venv/bin/python bench/wxr_generate.py /tmp/export.xml --posts 100000 --comments 3

What a news site running WordPress exports: one site, 3 authors, 12 categories (some
nested under others), 60 tags, then N posts, each about 400 words of Gutenberg blocks
(paragraphs, two headings, a list, a quote) from a fixed word list, filed under one or
two categories and a few tags, with WordPress's link, guid and date fields
(``https://example.org/2019/03/14/slug/``, ``https://example.org/?p=ID``, a post every
47 minutes from 2015 on, local time an hour ahead of UTC), a draft now and then, and
threaded comments (most approved, some held, some spam). The same seed gives the same
file, byte for byte.

Records are made one at a time and written through ``thepost.wordpress.wxr.write`` as
they come, so memory stays flat at any size. ``generate(out, posts, comments_per_post)``
does the same from Python.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import BinaryIO

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from thepost.wordpress.records import (  # noqa: E402
    Author,
    Comment,
    Item,
    ItemTerm,
    Record,
    Site,
    Term,
)
from thepost.wordpress.wxr import write  # noqa: E402

SITE = "https://example.org"
START = datetime(2015, 1, 5, 6, 0, tzinfo=UTC)
EVERY = timedelta(minutes=47)
LOCAL = timedelta(hours=1)
FIRST_POST_ID = 100

WORDS = """
council city plan water housing budget school road bridge market rail station harbour
river park library hospital clinic doctor nurse patient teacher pupil parent family
worker union strike wage price rent energy power grid storm flood rain summer winter
spring autumn harvest farm farmer village town county region minister mayor member
vote election campaign poll party leader opposition court judge jury trial verdict
police officer report inquiry review study survey figure data record number share
company firm bank loan debt tax rate profit loss sale trade export import factory
plant port ship train bus cycle lane street square hall museum gallery theatre film
music festival concert season match team club player coach goal win draw defeat league
cup final crowd fan stadium track race runner record medal weather forecast coast hill
valley forest field garden neighbour resident volunteer charity fund grant scheme
project site building tower flat home office shop cafe owner visitor tourist guide
history heritage archive letter paper page story reader editor writer photo picture
week month year morning evening night today yesterday tomorrow early late new old
young local national public private small large long short high low open closed
said says told asked agreed warned added expects plans wants needs hopes fears
""".split()
LINKERS = "the a of and to in on for with at from by after before over".split()

AUTHORS = [
    Author("maria.okafor", "maria@example.org", "Maria Okafor", "Maria", "Okafor", 1),
    Author("tom.lindqvist", "tom@example.org", "Tom Lindqvist", "Tom", "Lindqvist", 2),
    Author("ana.ribeiro", "ana@example.org", "Ana Ribeiro", "Ana", "Ribeiro", 3),
]
CATEGORIES = [  # slug, name, parent slug
    ("news", "News", ""),
    ("local", "Local", "news"),
    ("world", "World", "news"),
    ("europe", "Europe", "world"),
    ("politics", "Politics", ""),
    ("business", "Business", ""),
    ("markets", "Markets", "business"),
    ("sport", "Sport", ""),
    ("football", "Football", "sport"),
    ("culture", "Culture", ""),
    ("opinion", "Opinion", ""),
    ("weather", "Weather", "news"),
]
TAGS = WORDS[:60]
READERS = "Sam Lee Noor Ravi Jo Ines Kofi Mia Pat Yuki Ola Ben Zara Finn Lena Omar".split()


def generate(out: BinaryIO, posts: int, comments_per_post: int, *, seed: int = 1) -> None:
    """Write the export of ``posts`` posts, each with ``comments_per_post`` comments."""
    write(out, records(posts, comments_per_post, seed=seed))


def records(posts: int, comments_per_post: int, *, seed: int = 1) -> Iterator[Record]:
    rng = random.Random(seed)
    yield Site(
        title="The Example Gazette",
        link=SITE,
        description="News from the valley since 1998",
        language="en-GB",
        wxr_version="1.2",
        base_site_url=SITE,
        base_blog_url=SITE,
    )
    yield from AUTHORS
    for term_id, (slug, name, parent) in enumerate(CATEGORIES, start=2):
        yield Term("category", slug, name, term_id, parent)
    for term_id, tag in enumerate(TAGS, start=2 + len(CATEGORIES)):
        yield Term("post_tag", tag, tag.capitalize(), term_id)
    comment_ids = iter(range(1, posts * comments_per_post + 1))
    for index in range(posts):
        yield _post(rng, index, comments_per_post, comment_ids)


def _post(rng: random.Random, index: int, comments: int, ids: Iterator[int]) -> Item:
    wp_id = FIRST_POST_ID + index
    date = START + index * EVERY + timedelta(seconds=rng.randrange(600))
    title = _sentence(rng, rng.randint(5, 9)).rstrip(".")
    slug = "-".join(word.lower() for word in title.split())
    draft = rng.random() < 0.02
    author = rng.choice(AUTHORS)
    return Item(
        wp_id=wp_id,
        title=title,
        link=f"{SITE}/?p={wp_id}" if draft else f"{SITE}/{date + LOCAL:%Y/%m/%d}/{slug}/",
        guid=f"{SITE}/?p={wp_id}",
        creator=author.login,
        content=_body(rng),
        excerpt=_sentence(rng, rng.randint(15, 25)) if rng.random() < 0.25 else "",
        date_gmt=None if draft else date,
        date_local=(date + LOCAL).replace(tzinfo=None),
        status="draft" if draft else "publish",
        slug="" if draft else slug,
        comment_status="open",
        terms=_filed_under(rng),
        meta={"_edit_last": str(author.wp_id)},
        comments=[] if draft else _comments(rng, date, comments, ids),
    )


def _sentence(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(WORDS) if i % 3 else rng.choice(LINKERS) for i in range(1, words + 1)]
    return " ".join(chosen).capitalize() + "."


def _paragraph(rng: random.Random, words: int) -> str:
    sentences = []
    while words > 0:
        length = min(words, rng.randint(8, 22))
        sentences.append(_sentence(rng, length))
        words -= length
    return " ".join(sentences)


def _body(rng: random.Random) -> str:
    """About 400 words: paragraphs, two headings, a list and a quote, as the block editor
    saves them."""
    blocks = [_p(rng), _p(rng), _h(rng), _p(rng), _list(rng), _p(rng), _quote(rng), _h(rng)]
    blocks += [_p(rng), _p(rng)]
    return "\n\n".join(blocks)


def _p(rng: random.Random) -> str:
    text = _paragraph(rng, rng.randint(40, 60))
    return f"<!-- wp:paragraph -->\n<p>{text}</p>\n<!-- /wp:paragraph -->"


def _h(rng: random.Random) -> str:
    text = _sentence(rng, rng.randint(3, 6)).rstrip(".")
    return f'<!-- wp:heading -->\n<h2 class="wp-block-heading">{text}</h2>\n<!-- /wp:heading -->'


def _list(rng: random.Random) -> str:
    items = "".join(
        f"<!-- wp:list-item -->\n<li>{_sentence(rng, rng.randint(5, 10))}</li>\n"
        "<!-- /wp:list-item -->\n"
        for _ in range(rng.randint(3, 5))
    )
    return f"<!-- wp:list -->\n<ul>{items}</ul>\n<!-- /wp:list -->"


def _quote(rng: random.Random) -> str:
    said = _sentence(rng, rng.randint(12, 20))
    who = f"{rng.choice(READERS)} {rng.choice(AUTHORS).last_name}"
    return (
        '<!-- wp:quote -->\n<blockquote class="wp-block-quote">'
        f"<!-- wp:paragraph -->\n<p>{said}</p>\n<!-- /wp:paragraph --><cite>{who}</cite>"
        "</blockquote>\n<!-- /wp:quote -->"
    )


def _filed_under(rng: random.Random) -> list[ItemTerm]:
    categories = rng.sample(CATEGORIES, rng.choice((1, 1, 2)))
    tags = rng.sample(TAGS, rng.randint(0, 4))
    return [ItemTerm("category", slug, name) for slug, name, _ in categories] + [
        ItemTerm("post_tag", tag, tag.capitalize()) for tag in tags
    ]


def _comments(
    rng: random.Random, posted: datetime, count: int, ids: Iterator[int]
) -> list[Comment]:
    """``count`` comments, about half of them replies to an earlier one of the same post."""
    made: list[Comment] = []
    when = posted
    for _ in range(count):
        when += timedelta(minutes=rng.randint(3, 600))
        reader = rng.choice(READERS)
        parent = rng.choice(made).wp_id if made and rng.random() < 0.5 else 0
        roll = rng.random()
        made.append(
            Comment(
                wp_id=next(ids),
                content=_paragraph(rng, rng.randint(10, 60)),
                author=reader,
                author_email=f"{reader.lower()}@example.net",
                author_url=f"https://{reader.lower()}.example.net/" if roll < 0.2 else "",
                author_ip=f"198.51.100.{rng.randint(1, 254)}",
                date_gmt=when,
                approved="1" if roll < 0.85 else "0" if roll < 0.95 else "spam",
                type="comment",
                parent_id=parent,
            )
        )
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the file to write")
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--comments", type=int, default=3, help="comments per post")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    began = time.perf_counter()
    with args.out.open("wb") as out:
        generate(out, args.posts, args.comments, seed=args.seed)
    seconds = time.perf_counter() - began
    size = args.out.stat().st_size / 2**20
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{args.out}: {args.posts:,} posts, {size:,.1f} MiB in {seconds:.1f} s")
    print(f"peak RSS {peak:.0f} MiB")


if __name__ == "__main__":
    main()
