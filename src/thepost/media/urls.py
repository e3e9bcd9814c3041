"""The public address of stored media: the one place that turns a media key into the URL
readers fetch it at. Everything that shows a picture links it through here: templates
(``Templates.picture``), article bodies rendered at save time, Open Graph and JSON-LD,
feeds and sitemaps.

Pictures are linked at ``THEPOST_MEDIA_URL`` when it is set (a CDN, or the bucket's
public address), else at the site's own ``/media/`` route (``web/routes.py``), which reads
from whichever store holds them. ``app.py`` builds the one instance from the settings::

    media_urls = MediaUrls("https://news.example", "https://cdn.example/m")
    media_urls.url("img/ab/abc/640.webp")    # "https://cdn.example/m/img/ab/abc/640.webp"
    MediaUrls("https://news.example").url("img/ab/abc/640.webp")  # "/media/img/ab/abc/640.webp"
    media_urls.absolute(key)                 # always absolute: feeds, sitemaps, og:image
    media_urls.jpeg(sha256, 640)             # a JPEG rendition's absolute URL
"""

from __future__ import annotations

from urllib.parse import urlsplit

from thepost.media.images import rendition_key

ROUTE = "/media"  # the site's own media route


class MediaUrls:
    """``site_url`` is the site's public URL (``THEPOST_BASE_URL``); ``public_url`` the
    base media is served from, empty for the site's own route."""

    def __init__(self, site_url: str, public_url: str = "") -> None:
        self.site = site_url.rstrip("/")
        self.base = (public_url or ROUTE).rstrip("/")

    def url(self, key: str) -> str:
        """Where pages link ``key``: root-relative on the site's own route, else at the
        public base as given (a CDN's address is absolute)."""
        return f"{self.base}/{key}"

    def absolute(self, key: str) -> str:
        """``url(key)`` made absolute, for readers outside the site's pages (feed
        readers, crawlers, social networks)."""
        url = self.url(key)
        if url.startswith("//"):  # a scheme-relative base takes the site's scheme
            return f"{urlsplit(self.site).scheme or 'https'}:{url}"
        return url if urlsplit(url).scheme else self.site + url

    def jpeg(self, sha256: str, width: int) -> str:
        """The absolute URL of a picture's JPEG rendition ``width`` pixels wide."""
        return self.absolute(rendition_key(sha256, width, "jpg"))
