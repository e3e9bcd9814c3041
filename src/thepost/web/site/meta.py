"""What a page tells search engines, social networks and feed readers about itself:
canonical URL, Open Graph and Twitter card tags, feed autodiscovery links and schema.org
JSON-LD (``NewsArticle``, ``BreadcrumbList``, ``WebSite`` with a ``SearchAction``).

Views build a ``PageMeta`` from what their one query set already loaded (no queries
here); ``templates/site/_meta.html`` renders it in the page's ``<head>``. Pictures are
linked at their absolute public address (``MediaUrls.jpeg``: the CDN's when one is set). JSON-LD is
embedded so that no text can end the script: ``<``, ``>`` and ``&`` are written as JSON
``\\u`` escapes, which parse back to the same characters. What the page says in words of
its own (feed titles, "Home") is an ``i18n.N_`` message, said in the site's language
where it is rendered.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

from markupsafe import Markup

from thepost.content import text
from thepost.content.live import Blog, Shown
from thepost.content.models import Article, Author, Image, Section, Tag
from thepost.content.page_queries import PageView
from thepost.content.site import SiteSettings
from thepost.i18n import N_, Text, translate
from thepost.media.urls import MediaUrls
from thepost.web import urls
from thepost.web.site.syndication import MEDIA_TYPES, TITLES

# Google's image guidance: at least 50,000 pixels; we offer the renditions this wide or more.
JSON_LD_MIN_WIDTH = 640
_SCRIPT_SAFE = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def script_json(data: Any) -> str:
    """JSON safe inside ``<script>``: no ``</script>``, ``<!--`` or entity can form."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.translate(_SCRIPT_SAFE).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


@dataclass(frozen=True)
class Picture:
    url: str
    width: int
    height: int
    alt: str


@dataclass(frozen=True)
class FeedLink:
    type: str
    title: str
    href: str


def _picture(
    media_urls: MediaUrls, image: Image | None, alt: str, width: int | None = None
) -> Picture | None:
    """A JPEG rendition of ``image``: ``width`` if given, else the largest."""
    if image is None or not image.renditions:
        return None
    width = width or max(image.renditions)
    height = round(image.height * width / image.width) if image.width else image.height
    return Picture(media_urls.jpeg(image.sha256, width), width, height, alt or image.alt)


def _json_ld_pictures(media_urls: MediaUrls, article: Article) -> list[Picture]:
    """The featured picture's renditions wide enough for JSON-LD (the largest if none is)."""
    picture = article.featured_image
    if picture is None:
        return []
    widths = [w for w in sorted(picture.renditions) if w >= JSON_LD_MIN_WIDTH]
    found = [
        _picture(media_urls, picture, article.alt, w)
        for w in widths or [max(picture.renditions, default=0)]
    ]
    return [p for p in found if p is not None]


@dataclass
class PageMeta:
    base_url: str
    path: str  # the page's own path (with ?page= when past the first)
    title: str = ""  # og:title; the site's name when empty
    description: str = ""
    og_type: str = "website"
    image: Picture | None = None
    images: list[Picture] = field(default_factory=list)  # the article's, for JSON-LD
    feeds: list[FeedLink] = field(default_factory=list)
    breadcrumbs: list[tuple[str, str]] = field(default_factory=list)  # (name, path)
    article: Article | None = None
    blog: Blog | None = None  # the article's, when it is a live blog
    home: bool = False
    share_url: str = ""  # og:url when the page is shared as a part of itself (an entry)

    @property
    def canonical(self) -> str:
        if self.article is not None and self.article.canonical_url:
            return self.article.canonical_url
        return self.base_url + self.path

    def absolute(self, path: str) -> str:
        return self.base_url + path

    def json_ld(self, site: SiteSettings) -> Markup:
        """The page's JSON-LD objects, each in its own script element."""
        objects: list[dict[str, Any]] = []
        if self.home:
            objects.append(self._website(site))
        if self.article is not None:
            objects.append(self._news_article(site, self.article))
        if self.breadcrumbs:
            objects.append(self._breadcrumbs(site.language))
        return Markup("\n").join(
            Markup('<script type="application/ld+json">{}</script>').format(Markup(script_json(o)))
            for o in objects
        )

    def _publisher(self, site: SiteSettings) -> dict[str, Any]:
        return {
            "@type": "Organization",
            "@id": self.absolute("/#publisher"),
            "name": site.name,
            "url": self.absolute(urls.home()),
            "logo": {
                "@type": "ImageObject",
                "url": self.absolute(urls.static("logo.png")),
                "width": _pixels(512),
                "height": _pixels(512),
            },
        }

    def _website(self, site: SiteSettings) -> dict[str, Any]:
        return {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "@id": self.absolute("/#website"),
            "name": site.name,
            "description": site.description,
            "url": self.absolute(urls.home()),
            "inLanguage": site.language,
            "publisher": self._publisher(site),
            "potentialAction": {
                "@type": "SearchAction",
                "target": {
                    "@type": "EntryPoint",
                    "urlTemplate": self.absolute("/search?q=") + "{search_term_string}",
                },
                "query-input": "required name=search_term_string",
            },
        }

    def _news_article(self, site: SiteSettings, article: Article) -> dict[str, Any]:
        published = article.published_at or article.created_at
        modified = max(article.updated_at, published)
        images = [
            {
                "@type": "ImageObject",
                "url": p.url,
                "width": _pixels(p.width),
                "height": _pixels(p.height),
            }
            for p in self.images
        ]
        authors: list[dict[str, Any]] = [self._person(a) for a in article.authors] or [
            {"@type": "Organization", "name": site.name, "url": self.absolute(urls.home())}
        ]
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "@id": self.canonical + "#article",
            "mainEntityOfPage": {"@type": "WebPage", "@id": self.canonical},
            "url": self.canonical,
            "headline": article.title[:110],
            "description": translate(self.description, site.language),
            "image": images or [self._publisher(site)["logo"]],
            "datePublished": _iso(published),
            "dateModified": _iso(modified),
            "author": authors,
            "publisher": self._publisher(site),
            "inLanguage": site.language,
            "isAccessibleForFree": True,
            "wordCount": article.word_count,
        }
        if article.for_members:
            # What search engines expect of a story behind a registration wall: the part
            # readers must sign in for, named by its selector (the wall on an anonymous
            # page, the story's rest on a member's).
            data["isAccessibleForFree"] = False
            data["hasPart"] = {
                "@type": "WebPageElement",
                "isAccessibleForFree": False,
                "cssSelector": ".members-only",
            }
        if article.featured_image is not None and images:
            data["thumbnailUrl"] = images[0]["url"]
        if article.section is not None:
            data["articleSection"] = article.section.name
        if article.tags:
            data["keywords"] = [t.name for t in article.tags]
        if self.blog is not None:
            data.update(self._live(self.blog, authors))
        return data

    def _live(self, blog: Blog, authors: list[dict[str, Any]]) -> dict[str, Any]:
        """A live blog as search engines read one: ``LiveBlogPosting`` with its coverage
        times and its latest entries, newest first (those on its first page)."""
        shown = sorted(
            [*blog.entries, *([blog.pinned] if blog.pinned else [])],
            key=lambda e: (e.posted_at, e.id),
            reverse=True,
        )
        data: dict[str, Any] = {"@type": "LiveBlogPosting"}
        if blog.started_at is not None:
            data["coverageStartTime"] = _iso(blog.started_at)
        if blog.ended_at is not None and not blog.running:
            data["coverageEndTime"] = _iso(blog.ended_at)
        data["liveBlogUpdate"] = [
            {
                "@type": "BlogPosting",
                "@id": f"{self.canonical}#{e.anchor}",
                "url": f"{self.canonical}#{e.anchor}",
                "headline": (e.headline or e.text)[:110],
                "articleBody": e.text,
                "datePublished": _iso(e.posted_at),
                "dateModified": _iso(e.edited_at or e.posted_at),
                "author": [self._person(a) for a in e.authors] or authors,
            }
            for e in shown
        ]
        return data

    def _person(self, author: Author) -> dict[str, Any]:
        person: dict[str, Any] = {
            "@type": "Person",
            "name": author.name,
            "url": self.absolute(urls.author(author)),
        }
        if author.job_title:
            person["jobTitle"] = author.job_title
        return person

    def _breadcrumbs(self, language: str) -> dict[str, Any]:
        return {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": n,
                    "name": translate(name, language),
                    "item": self.absolute(path),
                }
                for n, (name, path) in enumerate(self.breadcrumbs, 1)
            ],
        }


def _pixels(count: int) -> dict[str, Any]:
    """A size in pixels as schema.org defines ``width`` and ``height`` (a
    ``QuantitativeValue``; ``E37`` is UN/CEFACT's code for a pixel)."""
    return {"@type": "QuantitativeValue", "value": count, "unitCode": "E37"}


def _iso(value: Any) -> str:
    return str(value.replace(microsecond=0).isoformat())


def _feed_links(label: str, build: Any) -> list[FeedLink]:
    # "All stories (RSS)": not a message of its own, but its label may be one.
    return [
        FeedLink(
            MEDIA_TYPES[kind].split(";")[0],
            Text("%(label)s (%(format)s)", {"label": label, "format": title}),
            build(kind),
        )
        for kind, title in TITLES.items()
    ]


# -- one builder per kind of page ---------------------------------------------------------


# ``edition``: the language's first segment of the page (``SiteSettings.edition``).


def site_feeds(edition: str = "") -> list[FeedLink]:
    return _feed_links(N_("All stories"), lambda kind: urls.feed(kind, edition))


def home(base_url: str, edition: str = "") -> PageMeta:
    return PageMeta(base_url, urls.home(edition), feeds=site_feeds(edition), home=True)


def listing(
    base_url: str,
    media_urls: MediaUrls,
    subject: Section | Tag | Author,
    path: str,
    description: str,
    *,
    name: str = "",
    edition: str = "",
) -> PageMeta:
    """A section, tag or author page (``name``: a section's in the page's language): its
    own feeds first, then the site's."""
    name = name or subject.name
    if isinstance(subject, Section):
        build: Any = lambda k: urls.section_feed(subject, k, edition)  # noqa: E731
        crumb = urls.section(subject, edition)
    elif isinstance(subject, Tag):
        build = lambda k: urls.tag_feed(subject, k)  # noqa: E731
        crumb = urls.tag(subject, edition)
    else:
        build = lambda k: urls.author_feed(subject, k)  # noqa: E731
        crumb = urls.author(subject, edition)
    return PageMeta(
        base_url,
        path,
        title=name,
        description=description,
        feeds=_feed_links(name, build) + site_feeds(edition),
        breadcrumbs=[(N_("Home"), urls.home(edition)), (name, crumb)],
        image=_picture(media_urls, subject.photo, subject.name)
        if isinstance(subject, Author)
        else None,
    )


def article(
    base_url: str,
    media_urls: MediaUrls,
    found: Article,
    blog: Blog | None = None,
    section_name: str = "",
) -> PageMeta:
    """A story's page (``section_name``: its section's in the story's language)."""
    edition = found.language
    crumbs: list[tuple[str, str]] = [(N_("Home"), urls.home(edition))]
    comments = N_("Comments on “%(title)s”", title=found.title)
    feeds = [*_feed_links(comments, lambda k: urls.comments_feed(found, k))]
    if blog is not None:
        updates = N_("Updates: %(title)s", title=found.title)
        feeds[:0] = _feed_links(updates, lambda k: urls.live_feed(found.id, k))
    if found.section is not None:
        section, name = found.section, section_name or found.section.name
        crumbs.append((name, urls.section(section, edition)))
        feeds += _feed_links(name, lambda k: urls.section_feed(section, k, edition))
    crumbs.append((found.title, urls.article(found)))
    return PageMeta(
        base_url,
        urls.article(found),
        title=found.seo_title or found.title,
        description=found.seo_description or found.standfirst or found.excerpt,
        og_type="article",
        image=_picture(media_urls, found.featured_image, found.alt),
        images=_json_ld_pictures(media_urls, found),
        feeds=feeds + site_feeds(edition),
        breadcrumbs=crumbs,
        article=found,
        blog=blog,
    )


def for_entry(found: PageMeta, article: Article, entry: Shown) -> PageMeta:
    """A live blog opened through one of its entries' links: the social card is the
    entry's (its own address, headline and words); the canonical URL stays the blog's."""
    return replace(
        found,
        title=f"{entry.headline}: {article.title}"
        if entry.headline
        else N_("Update: %(title)s", title=article.title),
        description=text.excerpt(entry.text, 200),
        share_url=found.absolute(urls.live_entry(article, entry.id).split("#")[0]),
    )


def page(base_url: str, media_urls: MediaUrls, found: PageView) -> PageMeta:
    """A page (About, ...): no feeds of its own, breadcrumbs through its live parents."""
    shown = found.page
    path = urls.page_path(found.path)
    crumbs: list[tuple[str, str]] = [(N_("Home"), urls.home(shown.language))]
    crumbs += [(c.title, urls.page_path(c.path)) for c in found.crumbs if c.path is not None]
    crumbs.append((shown.title, path))
    return PageMeta(
        base_url,
        path,
        title=shown.seo_title or shown.title,
        description=shown.seo_description or shown.standfirst or shown.excerpt,
        image=_picture(media_urls, shown.featured_image, shown.alt),
        feeds=site_feeds(shown.language),
        breadcrumbs=crumbs,
    )


def plain(base_url: str, path: str, edition: str = "") -> PageMeta:
    """Latest, search and other pages: a canonical URL and the site's feeds."""
    return PageMeta(base_url, path, feeds=site_feeds(edition))
