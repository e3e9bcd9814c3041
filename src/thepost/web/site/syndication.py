"""Feed documents: one neutral ``Channel`` rendered as RSS 2.0, Atom 1.0 or JSON Feed 1.1,
each written out directly (a feed's twenty items, whose words are stored with their
stories, are a few string joins). No HTTP here; ``feeds.py`` serves them.

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
from email.utils import format_datetime
from html import escape
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
_CONTROLS = tuple(chr(c) for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)))
_LONG = 512  # from this length, looking for each character beats the pattern's scan
# Root-relative URLs in stored HTML (figures, internal links) made absolute for readers
# that show the content outside the site.
_URL_ATTR = re.compile(r'(\s(?:src|href|srcset)=")([^"]*)(")')


def clean(text: str) -> str:
    if len(text) >= _LONG and _carried(text):
        return text  # a story's body: nearly always, and found in a third of the time
    return _NOT_XML.sub("", text)


def _carried(text: str) -> bool:
    """Whether XML can carry every character of ``text``: a search for each control
    character (the search of one character is fast), and for the others only in a text
    that is not ASCII (a lone surrogate is what UTF-8 cannot encode)."""
    if not text.isascii():
        if "\ufffe" in text or "\uffff" in text:
            return False
        try:
            text.encode()
        except UnicodeEncodeError:
            return False
    return not any(c in text for c in _CONTROLS)


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

    def as_json(self, body_html: str = "", base_url: str = "") -> str:
        """The item as stored with its story's page (``ArticlePage.feed``), its text
        without the story's body (``body_html`` as ``article_item`` begins it with), which
        the feeds put back from the story's row (``of_json``). Whether the body's
        addresses need making absolute is found here once: for most, nothing changes."""
        found = asdict(self)
        found["published"], found["updated"] = _iso(self.published), _iso(self.updated)
        body = absolute_html(body_html, base_url) if body_html else ""
        if body and self.content_html is not None and self.content_html.startswith(body):
            found["content_html"] = self.content_html[len(body) :]
            found["body"] = "as is" if body == body_html else "absolute"
        return json.dumps(found, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def of_json(cls, stored: str, body_html: str = "", base_url: str = "") -> Item:
        """A stored item (``as_json``), its text begun again with the story's
        ``body_html`` when the body was left out."""
        found = json.loads(stored)
        image = found.pop("image")
        left_out = found.pop("body", "")
        if left_out:
            body = body_html if left_out == "as is" else absolute_html(body_html, base_url)
            found["content_html"] = body + found["content_html"]
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


def _x(value: str) -> str:
    """``value`` as XML character data."""
    return _NOT_XML.sub("", value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cdata(html: str) -> str:
    """A story's HTML as XML character data: a CDATA section, as WordPress writes its
    feeds' content, so that only ``]]>`` is looked for rather than every ``<``, ``>``
    and ``&`` replaced (a third of the time, the text a tenth shorter)."""
    return "<![CDATA[" + clean(html).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _a(value: str) -> str:
    """``value`` as an attribute's value, within double quotes."""
    return _x(value).replace('"', "&quot;")


def _xml(parts: list[str]) -> bytes:
    return ("<?xml version='1.0' encoding='UTF-8'?>\n" + "\n".join(parts) + "\n").encode()


def _media(image: Enclosure, indent: str) -> list[str]:
    return [
        f"{indent}<media:group>",
        f'{indent}  <media:content url="{_a(image.url)}" type="{_a(image.mime)}" '
        f'medium="image" height="{image.height}" width="{image.width}"/>',
        f"{indent}</media:group>",
    ]


def _rss(channel: Channel) -> bytes:
    """RSS 2.0 with the content, Dublin Core (bylines without an email address go out
    as ``dc:creator``), Media RSS and Atom (the ``self`` link) modules."""
    out = [
        '<rss xmlns:media="http://search.yahoo.com/mrss/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:atom="http://www.w3.org/2005/Atom" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" version="2.0">',
        "  <channel>",
        f"    <title>{_x(channel.title)}</title>",
        f"    <link>{_x(channel.home_url)}</link>",
        f"    <description>{_x(channel.description) or _x(channel.title)}</description>",
        f'    <atom:link href="{_a(channel.feed_urls["rss"])}" rel="self" '
        'type="application/rss+xml"/>',
        "    <docs>http://www.rssboard.org/rss-specification</docs>",
        "    <generator>The Post</generator>",
        f"    <language>{_x(channel.language)}</language>",
        f"    <lastBuildDate>{_rfc822(channel.updated)}</lastBuildDate>",
    ]
    for item in channel.items:
        out += [
            "    <item>",
            f"      <title>{_x(item.title)}</title>",
            f"      <link>{_x(item.url)}</link>",
            f"      <description>{_x(item.summary) or _x(item.title)}</description>",
        ]
        if item.content_html is not None:
            out.append(f"      <content:encoded>{_cdata(item.content_html)}</content:encoded>")
        out.append(f'      <guid isPermaLink="false">{_x(item.id)}</guid>')
        out += [f"      <category>{_x(label)}</category>" for label in item.categories]
        if item.comments_url:
            out.append(f"      <comments>{_x(item.comments_url)}</comments>")
        if item.image is not None:
            # RSS wants a byte length the storage does not record: 0 is the accepted
            # "unknown" (RSS Best Practices Profile); media:content carries the size.
            image = item.image
            out.append(
                f'      <enclosure url="{_a(image.url)}" length="0" type="{_a(image.mime)}"/>'
            )
        out.append(f"      <pubDate>{_rfc822(item.published)}</pubDate>")
        if item.image is not None:
            out += _media(item.image, "      ")
        out += [f"      <dc:creator>{_x(name)}</dc:creator>" for name, _ in item.authors]
        out.append("    </item>")
    return _xml([*out, "  </channel>", "</rss>"])


def _atom(channel: Channel) -> bytes:
    """Atom 1.0 with Media RSS for the pictures."""
    out = [
        '<feed xmlns:media="http://search.yahoo.com/mrss/" xmlns="http://www.w3.org/2005/Atom" '
        f'xml:lang="{_a(channel.language)}">',
        f"  <id>{_x(channel.feed_urls['atom'])}</id>",
        f"  <title>{_x(channel.title)}</title>",
        f"  <updated>{_rfc3339(channel.updated)}</updated>",
        "  <author>",
        f"    <name>{_x(channel.publisher)}</name>",
        "  </author>",
        f'  <link href="{_a(channel.feed_urls["atom"])}" rel="self" type="application/atom+xml"/>',
        f'  <link href="{_a(channel.home_url)}" rel="alternate" type="text/html"/>',
        "  <generator>The Post</generator>",
        f"  <subtitle>{_x(channel.description) or _x(channel.title)}</subtitle>",
    ]
    for item in channel.items:
        out += [
            "  <entry>",
            f"    <id>{_x(item.id)}</id>",
            f"    <title>{_x(item.title)}</title>",
            f"    <updated>{_rfc3339(item.updated)}</updated>",
        ]
        for name, url in item.authors:
            out += ["    <author>", f"      <name>{_x(name)}</name>"]
            if url:
                out.append(f"      <uri>{_x(url)}</uri>")
            out.append("    </author>")
        if item.content_html is not None:
            out.append(f'    <content type="html">{_cdata(item.content_html)}</content>')
        out += [
            f'    <link href="{_a(item.url)}" rel="alternate" type="text/html"/>',
            f"    <summary>{_x(item.summary) or _x(item.title)}</summary>",
        ]
        out += [f'    <category term="{_a(label)}"/>' for label in item.categories]
        out.append(f"    <published>{_rfc3339(item.published)}</published>")
        if item.image is not None:
            out += _media(item.image, "    ")
        out.append("  </entry>")
    return _xml([*out, "</feed>"])


def _rfc822(value: datetime) -> str:
    return format_datetime(value.astimezone(UTC))


def _rfc3339(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


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
