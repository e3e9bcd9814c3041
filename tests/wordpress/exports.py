"""Exports for import tests: WordPress's theme unit test data (read from ../shared, never
copied), a copy of its uploads folder drawn on the fly, and exports written here."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from factories import jpeg
from thepost.wordpress import uploads, wxr
from thepost.wordpress.records import Author, Comment, Item, ItemTerm, Record, Site

ROOT = Path(__file__).resolve().parents[2]
EXPORT = ROOT / ".." / "shared" / "fixtures" / "wordpress" / "themeunittestdata.wordpress.xml"
XSS_DIR = ROOT / ".." / "shared" / "fixtures" / "xss"
NS = {"wp": "https://wordpress.org/export/1.2/"}


def items() -> list[ET.Element]:
    """The fixture's items, read independently of the importer (trusted test data)."""
    return ET.parse(EXPORT).getroot().findall("./channel/item")


def field(element: ET.Element, name: str) -> str:
    return (element.findtext(f"wp:{name}", default="", namespaces=NS) or "").strip()


def uploads_folder(folder: Path) -> Path:
    """A copy of wp-content/uploads holding a picture for each image attachment."""
    for n, item in enumerate(items()):
        url = field(item, "attachment_url")
        if url.lower().endswith((".jpg", ".gif")):
            path = folder / (uploads.relative(url) or "")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(jpeg(320 + n, 200, (n * 7 % 255, 90, 140)))
    return folder


def payloads() -> list[str]:
    files = sorted(p for p in XSS_DIR.glob("*.txt") if not p.name.startswith("LICENSE"))
    found = [line for f in files for line in f.read_text(encoding="utf-8").splitlines()]
    return list(dict.fromkeys(line for line in found if line.strip()))


def xss_export(path: Path, per_post: int = 25) -> Path:
    """An export whose titles, bodies, excerpts, captions, categories, tags, comment
    authors and comments are the XSS payloads."""
    with path.open("wb") as out:
        wxr.write(out, _xss_records(payloads(), per_post))
    return path


def _xss_records(found: list[str], per_post: int) -> Iterator[Record]:
    yield Site(title="Hostile", link="https://old.example", wxr_version="1.2")
    yield Author(login="mallory", display_name=found[0][:100], wp_id=1)
    start = datetime(2020, 1, 1, tzinfo=UTC)
    for n in range(0, len(found), per_post):
        group = found[n : n + per_post]
        body = "".join(
            f"<!-- wp:paragraph --><p>{p}</p><!-- /wp:paragraph -->\n\n{p}\n\n"
            f'[caption id="attachment_9" width="300"]<img src="https://old.example/'
            f'wp-content/uploads/x.jpg" alt="{p}"> {p}[/caption]\n\n'
            f"<!-- wp:html -->{p}<!-- /wp:html -->\n\n"
            f'<!-- wp:embed {{"url":"{p}"}} /-->'
            for p in group
        )
        when = start + timedelta(days=n)
        yield Item(
            wp_id=1000 + n,
            title=group[0][:250],
            link=f"https://old.example/?p={1000 + n}",
            guid=f"https://old.example/?p={1000 + n}",
            creator="mallory",
            content=body,
            excerpt=group[-1],
            date_gmt=when,
            date_local=when.replace(tzinfo=None),
            slug=f"hostile-{n}",
            terms=[
                ItemTerm("category", f"c{n}", group[1 % len(group)][:100]),
                ItemTerm("post_tag", f"t{n}", group[2 % len(group)][:100]),
            ],  # fmt: skip
            comments=[
                Comment(
                    wp_id=10_000 + n + i,
                    content=p,
                    author=p[:200],
                    author_url=p[:200],
                    author_email="reader@example.org",
                    date_gmt=when + timedelta(hours=i + 1),
                )
                for i, p in enumerate(group)
            ],
        )
