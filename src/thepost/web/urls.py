"""The one place that knows URL shapes. Templates and views build links only here;
a test checks each shape resolves to its route in ``routes.py``."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from thepost.content.models import Article, Author, Section, Tag
from thepost.web import static as static_files


def home() -> str:
    return "/"


def section(s: Section) -> str:
    return f"/{quote(s.slug)}"


def article(a: Article) -> str:
    section_slug = a.section.slug if a.section is not None else "news"
    return f"/{quote(section_slug)}/{quote(a.slug)}"


def article_path(section_slug: str, slug: str) -> str:
    return f"/{quote(section_slug or 'news')}/{quote(slug)}"


def comment_post(a: Article) -> str:
    return article(a) + "/comments"


def tag(t: Tag) -> str:
    return f"/tag/{quote(t.slug)}"


def author(a: Author) -> str:
    return f"/author/{quote(a.slug)}"


def search(q: str = "", **params: object) -> str:
    query = {"q": q, **{k: v for k, v in params.items() if v not in (None, "")}}
    return "/search?" + urlencode(query)


def latest() -> str:
    return "/latest"


def static(name: str) -> str:
    return f"/static/{name}?v={static_files.version(name)}"


def with_page(path: str, number: int, **params: object) -> str:
    query = {k: v for k, v in params.items() if v not in (None, "")}
    if number > 1:
        query["page"] = number
    return path + ("?" + urlencode(query) if query else "")
