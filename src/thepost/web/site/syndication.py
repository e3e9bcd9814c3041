"""Feed documents: one neutral ``Channel`` rendered as RSS 2.0 or Atom 1.0 (feedgen) or
JSON Feed 1.1. No HTTP here; ``feeds.py`` serves them.

Output is deterministic: the same data gives the same bytes (no build times, no
generator version), so a cache and ``ETag`` can rely on it. Entry ids are tag URIs
(RFC 4151) made of the article's id and first-publication date, so editing a headline
or slug never makes a reader's feed show the story twice.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from html import escape
from typing import Any
from urllib.parse import urlsplit

from thepost.content.models import Article
from thepost.i18n import N_, translate
from thepost.media.urls import MediaUrls
from thepost.web import urls

MEDIA_TYPES = {
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "json": "application/feed+json; charset=utf-8",
}
TITLES = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

# Characters XML 1.0 cannot carry at all; they are dropped rather than failing the feed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Root-relative URLs in stored HTML (figures, internal links) made absolute for readers
# that show the content outside the site.
_URL_ATTR = re.compile(r'(\s(?:src|href|srcset)=")([^"]*)(")')


def clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def absolute_html(html: str, base_url: str) -> str:
    base = base_url.rstrip("/")

    def fix(value: str) -> str:
        parts = [p.strip() for p in value.split(",")]
        return ", ".join(base + p if p[:1] == "/" and p[1:2] != "/" else p for p in parts)

    return _URL_ATTR.sub(lambda m: m.group(1) + fix(m.group(2)) + m.group(3), html)


def tag_uri(base_url: str, when: datetime, specific: str) -> str:
    """``tag:host,YYYY-MM-DD:specific`` (RFC 4151)."""
    host = urlsplit(base_url).hostname or "localhost"
    return f"tag:{host},{when.astimezone(UTC):%Y-%m-%d}:{specific}"


@dataclass(frozen=True)
class Enclosure:
    url: str
    mime: str
    width: int
    height: int


@dataclass
class Item:
    id: str
    url: str
    title: str
    summary: str  # plain text
    content_html: str | None  # None: excerpt only
    published: datetime
    updated: datetime
    authors: list[tuple[str, str]] = field(default_factory=list)  # (name, url or "")
    categories: list[str] = field(default_factory=list)  # section and tag names
    image: Enclosure | None = None
    comments_url: str = ""

    def as_json(self) -> str:
        """The item as stored with its story's page (``ArticlePage.feed``)."""
        found = asdict(self)
        found["published"], found["updated"] = _iso(self.published), _iso(self.updated)
        return json.dumps(found, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def of_json(cls, stored: str) -> Item:
        found = json.loads(stored)
        image = found.pop("image")
        return cls(
            **{
                **found,
                "published": datetime.fromisoformat(found["published"]),
                "updated": datetime.fromisoformat(found["updated"]),
                "authors": [tuple(a) for a in found["authors"]],
                "image": Enclosure(**image) if image else None,
            }
        )


def article_item(base_url: str, media_urls: MediaUrls, article: Article, *, language: str) -> Item:
    """A story as a feed item (``article`` loaded with its text, section, picture,
    bylines and tags), its text whole; its words in ``language``, the story's."""
    base_url = base_url.rstrip("/")
    published = article.published_at or article.created_at
    first = article.first_published_at or published
    image = None
    if article.featured_image is not None and article.featured_image.renditions:
        picture = article.featured_image
        width = max(picture.renditions)
        image = Enclosure(
            media_urls.jpeg(picture.sha256, width),
            "image/jpeg",
            width,
            round(picture.height * width / picture.width) if picture.width else picture.height,
        )
    page = base_url + urls.article(article)
    html = absolute_html(article.body_html, base_url)
    if article.for_members:  # the part everyone may read, and the way to the rest
        rest = translate(
            N_("The rest of this story is for members: read it on the site."), language
        )
        html += f'\n<p><a href="{escape(page)}">{escape(rest)}</a></p>'
    categories = [article.section.name] if article.section is not None else []
    return Item(
        id=tag_uri(base_url, first, f"article:{article.id}"),
        url=page,
        title=article.title,
        summary=article.standfirst or article.excerpt,
        content_html=html,
        published=published,
        updated=max(article.updated_at, published),
        authors=[(a.name, base_url + urls.author(a)) for a in article.authors],
        categories=categories + [t.name for t in article.tags],
        image=image,
        comments_url=page + "#comments",
    )


@dataclass
class Channel:
    title: str
    description: str
    home_url: str  # the HTML page the feed belongs to
    feed_urls: dict[str, str]  # kind -> absolute URL of each rendering
    language: str
    publisher: str
    items: list[Item]
    updated: datetime  # the newest change; the empty feed's is given by the caller

    @property
    def last_modified(self) -> datetime:
        return self.updated


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _generator(channel: Channel, kind: str) -> Any:
    # feedgen brings lxml (about 6 MiB): loaded by the first RSS or Atom feed a process
    # renders, not by every worker at start.
    from feedgen.feed import FeedGenerator

    fg = FeedGenerator()
    fg.load_extension("media", atom=True, rss=True)
    fg.load_extension("dc", atom=False, rss=True)
    fg.id(channel.feed_urls[kind])
    fg.title(clean(channel.title))
    fg.subtitle(clean(channel.description) or clean(channel.title))
    fg.link(href=channel.feed_urls[kind], rel="self", type=MEDIA_TYPES[kind].split(";")[0])
    # feedgen makes the last link RSS's channel <link>: the HTML page, not the feed.
    fg.link(href=channel.home_url, rel="alternate", type="text/html")
    fg.language(channel.language)
    fg.author({"name": clean(channel.publisher)})
    fg.generator(generator="The Post", uri=None, version=None)
    fg.updated(channel.updated)
    fg.lastBuildDate(channel.updated)
    for item in reversed(channel.items):  # feedgen prepends: newest ends up first
        entry = fg.add_entry()
        entry.guid(item.id, permalink=False)
        entry.title(clean(item.title))
        entry.link(href=item.url, rel="alternate", type="text/html")
        entry.published(item.published)
        entry.updated(item.updated)
        entry.summary(clean(item.summary) or clean(item.title))
        if item.content_html is not None:
            entry.content(clean(item.content_html), type="html")
        for name, url in item.authors:
            entry.author({"name": clean(name), **({"uri": url} if url else {})})
            if kind == "rss":
                entry.dc.dc_creator(clean(name))
        for label in item.categories:
            entry.category(term=clean(label))
        if item.comments_url:
            entry.comments(item.comments_url)
        if item.image is not None:
            image = item.image
            if kind == "rss":
                # RSS wants a byte length the storage does not record: 0 is the accepted
                # "unknown" (RSS Best Practices Profile); media:content carries the size.
                # Atom gets media:content only: feedgen 1.0 drops the rel of entry links,
                # which would turn an enclosure link into a second "alternate".
                entry.enclosure(image.url, 0, image.mime)
            entry.media.content(
                url=image.url,
                type=image.mime,
                medium="image",
                width=str(image.width),
                height=str(image.height),
            )
    return fg


def _rss(channel: Channel) -> bytes:
    # Bylines without an email address go out as dc:creator (set in _generator).
    body: bytes = _generator(channel, "rss").rss_str(pretty=True)
    return body


def _atom(channel: Channel) -> bytes:
    body: bytes = _generator(channel, "atom").atom_str(pretty=True)
    return body


def _json(channel: Channel) -> bytes:
    def item(i: Item) -> dict[str, object]:
        out: dict[str, object] = {"id": i.id, "url": i.url, "title": i.title}
        if i.content_html is not None:
            out["content_html"] = i.content_html
        else:
            out["content_text"] = i.summary or i.title
        if i.summary:
            out["summary"] = i.summary
        if i.image is not None:
            out["image"] = i.image.url
        out["date_published"] = _iso(i.published)
        out["date_modified"] = _iso(i.updated)
        if i.authors:
            out["authors"] = [
                {"name": name, **({"url": url} if url else {})} for name, url in i.authors
            ]
        if i.categories:
            out["tags"] = list(i.categories)
        if i.image is not None:
            out["attachments"] = [{"url": i.image.url, "mime_type": i.image.mime}]
        return out

    document = {
        "version": JSON_FEED_VERSION,
        "title": channel.title,
        "home_page_url": channel.home_url,
        "feed_url": channel.feed_urls["json"],
        "description": channel.description,
        "language": channel.language,
        "authors": [{"name": channel.publisher}],
        "items": [item(i) for i in channel.items],
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


RENDERERS: dict[str, Callable[[Channel], bytes]] = {"rss": _rss, "atom": _atom, "json": _json}


def render(channel: Channel, kind: str) -> bytes:
    return RENDERERS[kind](channel)
