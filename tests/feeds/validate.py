"""Validators for what the site publishes for machines, each by its standard's own rules:

- Atom 1.0: the RELAX NG grammar of RFC 4287 Appendix B (``schemas/atom.rng``) plus the
  Schematron rules the RFC states beside it;
- JSON Feed 1.1: a JSON Schema written from the specification (``schemas/jsonfeed-1.1.json``);
- RSS 2.0: the rules of the RSS 2.0 specification (required channel elements, RFC 822
  dates, guid, enclosure), checked element by element (RSS has no official schema);
- sitemaps: the sitemaps.org XSDs with Google's image and news extensions.

Each raises AssertionError naming what is wrong (xmlschema raises its own validation error).
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from email.utils import parsedate_to_datetime
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import jsonschema
import xmlschema
from lxml import etree

SCHEMAS = Path(__file__).resolve().parent / "schemas"
ATOM = "{http://www.w3.org/2005/Atom}"


def parse(body: bytes) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(body)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def _is_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


# -- Atom --------------------------------------------------------------------------------


@cache
def _atom_schema() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMAS / "atom.rng")))


def atom(body: bytes) -> etree._Element:
    root = etree.fromstring(body)
    schema = _atom_schema()
    assert schema.validate(root), schema.error_log
    # The RFC's Schematron rules (section 4.1.1 and 4.1.2).
    feed_authors = root.findall(f"{ATOM}author")
    ids = [e.findtext(f"{ATOM}id") for e in root.findall(f"{ATOM}entry")]
    assert len(ids) == len(set(ids)), "entries share an id"
    for entry in root.findall(f"{ATOM}entry"):
        assert feed_authors or entry.findall(f"{ATOM}author"), "an entry has no author"
        links = entry.findall(f"{ATOM}link")
        alternates = [
            (link.get("type"), link.get("hreflang"))
            for link in links
            if link.get("rel", "alternate") == "alternate"
        ]
        assert len(alternates) == len(set(alternates)), "two alternate links of one type"
        if entry.find(f"{ATOM}content") is None:
            assert alternates, "an entry without content needs an alternate link"
    return root


# -- JSON Feed ---------------------------------------------------------------------------

_formats = jsonschema.FormatChecker()


@_formats.checks("uri")
def _uri(value: object) -> bool:
    return not isinstance(value, str) or _is_url(value)


@_formats.checks("date-time", raises=ValueError)
def _date_time(value: object) -> bool:
    # RFC 3339: a full date, a time, and an offset or Z.
    if not isinstance(value, str):
        return True
    if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", value):
        raise ValueError(value)
    return datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo is not None


def json_feed(body: bytes) -> dict[str, object]:
    document = json.loads(body)
    schema = json.loads((SCHEMAS / "jsonfeed-1.1.json").read_text())
    jsonschema.Draft202012Validator(schema, format_checker=_formats).validate(document)
    assert isinstance(document, dict)
    return document


# -- RSS 2.0 -----------------------------------------------------------------------------

CHANNEL_ELEMENTS = {
    "title", "link", "description", "language", "copyright", "managingEditor", "webMaster",
    "pubDate", "lastBuildDate", "category", "generator", "docs", "cloud", "ttl", "image",
    "rating", "textInput", "skipHours", "skipDays", "item",
}  # fmt: skip
ITEM_ELEMENTS = {
    "title", "link", "description", "author", "category", "comments", "enclosure", "guid",
    "pubDate", "source",
}  # fmt: skip
# RFC 822 date-time as RSS 2.0 uses it (four-digit years allowed, as the spec recommends).
RFC822 = re.compile(
    r"((Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
    r" \d{2,4} \d\d:\d\d(:\d\d)? ([+-]\d{4}|UT|GMT|EST|EDT|CST|CDT|MST|MDT|PST|PDT|[A-IK-Z])"
)
EMAIL = re.compile(r"[^@\s]+@[^@\s]+(\s+\(.+\))?")


def _date(element: etree._Element) -> datetime:
    text = (element.text or "").strip()
    assert RFC822.fullmatch(text), f"{element.tag} is not an RFC 822 date: {text!r}"
    return parsedate_to_datetime(text)


def _known(parent: etree._Element, allowed: set[str]) -> None:
    for child in parent:
        if not isinstance(child.tag, str):
            continue  # comments
        if child.tag.startswith("{"):
            continue  # namespaced extensions are allowed anywhere
        assert child.tag in allowed, f"<{child.tag}> is not an RSS 2.0 element of <{parent.tag}>"


def rss(body: bytes) -> etree._Element:
    root = etree.fromstring(body)
    assert root.tag == "rss" and root.get("version") == "2.0", "not an RSS 2.0 document"
    channels = root.findall("channel")
    assert len(channels) == 1, "RSS needs exactly one channel"
    channel = channels[0]
    _known(channel, CHANNEL_ELEMENTS)
    for name in ("title", "link", "description"):
        found = channel.findall(name)
        assert len(found) == 1, f"channel needs one <{name}>"
        assert (found[0].text or "").strip() or name == "description", f"empty channel <{name}>"
    assert _is_url(channel.findtext("link", "")), "channel link is not a URL"
    for name in ("pubDate", "lastBuildDate"):
        for element in channel.findall(name):
            _date(element)
    language = channel.findtext("language")
    if language is not None:
        assert re.fullmatch(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*", language), language
    ttl = channel.findtext("ttl")
    assert ttl is None or ttl.isdigit()
    for item in channel.findall("item"):
        _known(item, ITEM_ELEMENTS)
        assert item.find("title") is not None or item.find("description") is not None, (
            "an item needs a title or a description"
        )
        for name in ("title", "link", "description", "author", "comments", "guid", "pubDate"):
            assert len(item.findall(name)) <= 1, f"two <{name}> in an item"
        link = item.findtext("link")
        assert link is None or _is_url(link)
        comments = item.findtext("comments")
        assert comments is None or _is_url(comments)
        for element in item.findall("pubDate"):
            _date(element)
        author = item.findtext("author")
        assert author is None or EMAIL.fullmatch(author), "item author must be an email address"
        guid = item.find("guid")
        if guid is not None:
            assert (guid.text or "").strip(), "empty guid"
            assert guid.get("isPermaLink", "true") in ("true", "false")
            if guid.get("isPermaLink", "true") == "true":
                assert _is_url(guid.text or ""), "a permalink guid must be a URL"
        for enclosure in item.findall("enclosure"):
            assert _is_url(enclosure.get("url", "")), "enclosure url"
            assert (enclosure.get("length") or "").isdigit(), "enclosure length in bytes"
            assert re.fullmatch(r"[\w.+-]+/[\w.+-]+", enclosure.get("type", "")), "enclosure type"
        for source in item.findall("source"):
            assert _is_url(source.get("url", "")), "source needs a url"
    return root


# -- sitemaps ----------------------------------------------------------------------------

_ALL_SITEMAP_SCHEMAS = f"""<?xml version="1.0" encoding="UTF-8"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema"
            targetNamespace="http://www.sitemaps.org/schemas/sitemap/0.9">
  <xsd:include schemaLocation="{{main}}"/>
  <xsd:import namespace="http://www.google.com/schemas/sitemap-image/1.1"
              schemaLocation="{SCHEMAS / "sitemap-image.xsd"}"/>
  <xsd:import namespace="http://www.google.com/schemas/sitemap-news/0.9"
              schemaLocation="{SCHEMAS / "sitemap-news.xsd"}"/>
</xsd:schema>
"""


@cache
def _sitemap_schema(main: str) -> etree.XMLSchema:
    wrapper = _ALL_SITEMAP_SCHEMAS.replace("{main}", str(SCHEMAS / main))
    return etree.XMLSchema(etree.fromstring(wrapper.encode(), base_url=str(SCHEMAS) + "/"))


@cache
def _second_opinion(main: str) -> xmlschema.XMLSchema10:
    extensions = ("sitemap-image.xsd", "sitemap-news.xsd") if main == "sitemap.xsd" else ()
    return xmlschema.XMLSchema10([str(SCHEMAS / name) for name in (main, *extensions)])


def sitemap(body: bytes) -> etree._Element:
    """A urlset (with image and news extensions) or a sitemap index, validated by its XSD
    with lxml (libxml2) and, for documents up to 1 MB, with xmlschema as well."""
    root = etree.fromstring(body)
    main = "siteindex.xsd" if root.tag.endswith("sitemapindex") else "sitemap.xsd"
    schema = _sitemap_schema(main)
    assert schema.validate(root), schema.error_log
    if len(body) <= 1_000_000:
        _second_opinion(main).validate(body.decode())
    children = len(root)
    assert children <= 50_000, "more than 50,000 entries"
    assert len(body) <= 50 * 1024 * 1024, "larger than 50 MiB"
    return root
