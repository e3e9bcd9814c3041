"""Embeds: a video, a post, a map or a chart from another site, shown in a story.

A web address alone on its line in a body (a blank line, or the start or end, on each
side) is an embed. When a provider below serves it, the stored body holds a *facade*:
the provider's name and the address as a link, and the player's address in
``data-player``. Nothing is requested from the provider while the page is read;
``static/embeds.js`` puts the player in place when the reader asks for it, and the
site's Content-Security-Policy lets frames come from these providers alone
(``FRAME_ORIGINS``; a Mastodon server is named by the page that shows one). Any other
address becomes a link card, never a frame::

    >>> print(figure("https://youtu.be/dQw4w9WgXcQ"))  # doctest: +NORMALIZE_WHITESPACE
    <figure class="embed embed-video" data-player="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"><a
    href="https://youtu.be/dQw4w9WgXcQ"><span class="embed-provider">YouTube</span> <span
    class="embed-title">youtu.be/dQw4w9WgXcQ</span></a></figure>

The same facade is made from an imported embed (``<figure class="embed"><a href=...>``,
written by the WordPress importer), its caption kept. Every pattern is anchored and
made of character classes: each reads an address once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape, unescape
from urllib.parse import parse_qs, quote, urlsplit

Player = Callable[[re.Match[str], str], str | None]  # (path match, address) -> the player's


@dataclass(frozen=True)
class Provider:
    name: str
    kind: str  # what the reader is shown: "video", "post", "audio", "map", "chart", "document"
    hosts: frozenset[str]
    path: re.Pattern[str]  # matched whole against the address's path
    player: Player
    frames: tuple[str, ...]  # the origins the player is served from


def _provider(name: str, kind: str, hosts: str, path: str, player: Player, frames: str) -> Provider:
    return Provider(
        name, kind, frozenset(hosts.split()), re.compile(path), player, tuple(frames.split())
    )


def _query(url: str, name: str) -> str:
    return (parse_qs(urlsplit(url).query).get(name) or [""])[0]


def _youtube(match: re.Match[str], url: str) -> str | None:
    video = match.group(1) or match.group(2) or _query(url, "v")
    ok = re.fullmatch(r"[\w-]{6,20}", video)
    return f"https://www.youtube-nocookie.com/embed/{video}" if ok else None


def _facebook(match: re.Match[str], url: str) -> str:
    plugin = "video" if match.group(1) == "videos" or match.group(2) == "watch" else "post"
    return f"https://www.facebook.com/plugins/{plugin}.php?href={quote(url, safe='')}"


def _google_maps(match: re.Match[str], url: str) -> str | None:
    if match.group("embed"):
        pb = _query(url, "pb")
        return f"https://www.google.com/maps/embed?pb={quote(pb, safe='!:.')}" if pb else None
    if match.group("lat"):
        where, zoom = f"{match.group('lat')},{match.group('lng')}", match.group("zoom") or "14"
    else:
        where = _query(url, "q") or match.group("search") or ""
        zoom = "14"
    where = where.replace("+", " ").strip()
    if not where:
        return None
    return f"https://maps.google.com/maps?q={quote(where, safe=',')}&z={zoom}&output=embed"


PROVIDERS: tuple[Provider, ...] = (
    _provider(
        "YouTube", "video", "youtube.com www.youtube.com m.youtube.com youtu.be",
        r"/watch|/(?:shorts|embed|live)/([\w-]{6,20})/?|/([\w-]{11})",
        _youtube, "https://www.youtube-nocookie.com",
    ),
    _provider(
        "Vimeo", "video", "vimeo.com www.vimeo.com player.vimeo.com", r"/(?:video/)?(\d{1,12})/?",
        lambda m, u: f"https://player.vimeo.com/video/{m.group(1)}", "https://player.vimeo.com",
    ),
    _provider(
        "X", "post", "x.com twitter.com www.twitter.com mobile.twitter.com mobile.x.com",
        r"/\w{1,15}/status/(\d{1,20})/?",
        lambda m, u: f"https://platform.twitter.com/embed/Tweet.html?id={m.group(1)}",
        "https://platform.twitter.com",
    ),
    _provider(
        "Instagram", "post", "instagram.com www.instagram.com", r"/(p|reel|tv)/([\w-]{5,40})/?",
        lambda m, u: f"https://www.instagram.com/{m.group(1)}/{m.group(2)}/embed/",
        "https://www.instagram.com",
    ),
    _provider(
        "TikTok", "video", "tiktok.com www.tiktok.com", r"/@[\w.-]{1,40}/video/(\d{1,25})/?",
        lambda m, u: f"https://www.tiktok.com/embed/v2/{m.group(1)}", "https://www.tiktok.com",
    ),
    _provider(
        "Facebook", "post", "facebook.com www.facebook.com m.facebook.com",
        r"/[\w.-]{1,80}/(posts|videos)/[\w.-]{1,80}/?|/(watch)/?|/permalink\.php",
        _facebook, "https://www.facebook.com",
    ),
    _provider(
        "Bluesky", "post", "bsky.app", r"/profile/([\w.:-]{1,253})/post/(\w{1,20})/?",
        lambda m, u: f"https://embed.bsky.app/embed/{m.group(1)}/app.bsky.feed.post/{m.group(2)}",
        "https://embed.bsky.app",
    ),
    _provider(
        "Spotify", "audio", "open.spotify.com",
        r"/(?:intl-[\w-]{2,8}/)?(track|album|playlist|episode|show|artist)/(\w{10,40})/?",
        lambda m, u: f"https://open.spotify.com/embed/{m.group(1)}/{m.group(2)}",
        "https://open.spotify.com",
    ),
    _provider(
        "SoundCloud", "audio", "soundcloud.com www.soundcloud.com m.soundcloud.com",
        r"/([\w-]{1,100})/([\w-]{1,200})(/[\w-]{1,200})?/?",
        lambda m, u: "https://w.soundcloud.com/player/?url="
        + quote(f"https://soundcloud.com{m.group(0).rstrip('/')}", safe=""),
        "https://w.soundcloud.com",
    ),
    _provider(
        "Google Maps", "map", "www.google.com google.com maps.google.com",
        r"/maps(?:(?P<embed>/embed)|/place/[^/]{1,200})?"
        r"(?:/@(?P<lat>-?\d{1,3}\.\d{1,10}),(?P<lng>-?\d{1,3}\.\d{1,10})(?:,(?P<zoom>\d{1,2}(?:\.\d+)?)z)?[^/]*)?"
        r"(?:/search/(?P<search>[^/]{1,200}))?(?:/data=[^/]*)?/?",
        _google_maps, "https://www.google.com https://maps.google.com",
    ),
    _provider(
        "Datawrapper", "chart", "datawrapper.dwcdn.net app.datawrapper.de",
        r"/(?:chart/)?(\w{5})(?:/(\d{1,4}))?/?(?:edit/?)?",
        lambda m, u: f"https://datawrapper.dwcdn.net/{m.group(1)}/{m.group(2) or ''}".rstrip("/")
        + "/",
        "https://datawrapper.dwcdn.net",
    ),
    _provider(
        "Flourish", "chart", "public.flourish.studio flo.uri.sh",
        r"/(visualisation|story)/(\d{1,12})/?(?:embed)?",
        lambda m, u: f"https://flo.uri.sh/{m.group(1)}/{m.group(2)}/embed", "https://flo.uri.sh",
    ),
    _provider(
        "DocumentCloud", "document",
        "documentcloud.org www.documentcloud.org embed.documentcloud.org",
        r"/documents/(\d{1,12}-[\w-]{0,200}|\d{1,12})(?:\.html)?/?",
        lambda m, u: f"https://embed.documentcloud.org/documents/{m.group(1)}/",
        "https://embed.documentcloud.org",
    ),
)  # fmt: skip

# Mastodon and the servers that speak like it: any host, so its origin is added to the
# policy of the page that shows one (``frame_origins``).
MASTODON = re.compile(r"/@(\w{1,30})(?:@[\w.-]{1,100})?/(\d{1,20})/?")
_MASTODON_PLAYER = re.compile(r"https://([a-z0-9.-]{1,253})/@\w{1,30}/\d{1,20}/embed")

FRAME_ORIGINS: tuple[str, ...] = tuple(
    dict.fromkeys(origin for provider in PROVIDERS for origin in provider.frames)
)
_FRAME_HOSTS = frozenset(origin.removeprefix("https://") for origin in FRAME_ORIGINS)
_LABEL = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")  # a host name's part between dots
_TOP = re.compile(r"[a-z]{2,63}")  # its last
_WEB_ADDRESS = re.compile(r"https?://[^\s<>\"'`]{1,2000}")


@dataclass(frozen=True)
class Embed:
    url: str
    name: str  # the provider's, or the address's host for a link card
    kind: str  # "link" for a link card
    player: str  # "" for a link card


def is_address(line: str) -> bool:
    """Whether ``line`` is a web address and nothing else (how a body marks an embed)."""
    return _WEB_ADDRESS.fullmatch(line) is not None


def find(url: str) -> Embed | None:
    """What ``url`` shows as: a provider's player, a link card, or None for no web address."""
    if not is_address(url):
        return None
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    *labels, top = host.split(".")
    if not labels or not _TOP.fullmatch(top) or not all(map(_LABEL.fullmatch, labels)):
        return None
    for provider in PROVIDERS:
        match = provider.path.fullmatch(parts.path) if host in provider.hosts else None
        if match and (player := provider.player(match, url)):
            return Embed(url, provider.name, provider.kind, player)
    if parts.scheme == "https" and (match := MASTODON.fullmatch(parts.path)):
        player = f"https://{host}/@{match.group(1)}/{match.group(2)}/embed"
        return Embed(url, "Mastodon", "post", player)
    return Embed(url, host.removeprefix("www."), "link", "")


def player_allowed(player: str) -> bool:
    """Whether a stored ``data-player`` is one ``find`` makes: kept by the sanitiser,
    whatever wrote the body, only then (and the policy names the origin besides)."""
    if not player.startswith("https://"):
        return False
    host = player[8:].split("/", 1)[0]
    return host in _FRAME_HOSTS or _MASTODON_PLAYER.fullmatch(player) is not None


def figure(url: str, caption_html: str = "") -> str | None:
    """The stored HTML of an embed (``caption_html`` is safe HTML), or None when ``url``
    is no web address."""
    embed = find(url)
    if embed is None:
        return None
    shown = url.split("://", 1)[1].removeprefix("www.")
    shown = shown if len(shown) <= 70 else shown[:69] + "…"
    player = f' data-player="{escape(embed.player)}"' if embed.player else ""
    caption = f"<figcaption>{caption_html}</figcaption>" if caption_html else ""
    return (
        f'<figure class="embed embed-{embed.kind}"{player}><a href="{escape(url)}">'
        f'<span class="embed-provider">{escape(embed.name)}</span> '
        f'<span class="embed-title">{escape(shown)}</span></a>{caption}</figure>'
    )


_IMPORTED = '<figure class="embed"><a href="'


def facades(html: str) -> str:
    """``html`` with each imported embed (``<figure class="embed"><a href="...">...</a>``
    and perhaps a caption) made the facade ``figure`` writes, in one pass."""
    if _IMPORTED not in html:
        return html
    parts, at = [], 0
    while (start := html.find(_IMPORTED, at)) != -1:
        end = html.find("</figure>", start)
        if end == -1:
            break
        made = _facade(html[start + len(_IMPORTED) : end])
        parts += [html[at:start], made or html[start : end + len("</figure>")]]
        at = end + len("</figure>")
    parts.append(html[at:])
    return "".join(parts)


def _facade(inner: str) -> str | None:
    """The facade for what an imported embed figure holds after ``<a href="``: its
    address, the link's end, perhaps a caption; None for anything else."""
    quote = inner.find('"')
    opened = inner.find(">", quote)
    closed = inner.find("</a>", opened)
    if -1 in (quote, opened, closed) or "<" in inner[quote:opened] or "<" in inner[opened:closed]:
        return None
    rest = inner[closed + len("</a>") :]
    if rest and not (rest.startswith("<figcaption>") and rest.endswith("</figcaption>")):
        return None
    caption = rest[len("<figcaption>") : -len("</figcaption>")] if rest else ""
    return figure(unescape(inner[:quote]), caption)


_STORED_PLAYER = re.compile(r'\sdata-player="([^"]{0,4000})"')


def checked(html: str) -> str:
    """``html`` (sanitised) with every ``data-player`` that ``find`` would not make removed."""
    if "data-player" not in html:
        return html
    return _STORED_PLAYER.sub(
        lambda m: m.group(0) if player_allowed(unescape(m.group(1))) else "", html
    )


def frame_origins(htmls: Iterable[str]) -> list[str]:
    """The origins of the Mastodon players in ``htmls``, which the page's policy must
    name besides ``FRAME_ORIGINS``."""
    found: dict[str, None] = {}
    for html in htmls:
        if '/embed"' not in html:
            continue
        for match in _STORED_PLAYER.finditer(html):
            host = _MASTODON_PLAYER.fullmatch(unescape(match.group(1)))
            if host and host.group(1) not in _FRAME_HOSTS:
                found[f"https://{host.group(1)}"] = None
    return list(found)
