"""Embeds (content/embeds.py): which addresses become players, how a body marks one, and
that a stored player address is always one the site made."""

from __future__ import annotations

import re
from html import unescape

import pytest

from thepost.content import bodies, embeds, text
from thepost.web.security import content_security_policy, frame_policy
from wordpress.exports import XSS_DIR

PLAYERS = {
    "https://youtu.be/dQw4w9WgXcQ": ("YouTube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s": ("YouTube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    "https://www.youtube.com/shorts/aqz-KE-bpKQ": ("YouTube", "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"),
    "https://vimeo.com/76979871": ("Vimeo", "https://player.vimeo.com/video/76979871"),
    "https://x.com/NASA/status/1790000000000000000": ("X", "https://platform.twitter.com/embed/Tweet.html?id=1790000000000000000"),
    "https://twitter.com/jack/status/20": ("X", "https://platform.twitter.com/embed/Tweet.html?id=20"),
    "https://www.instagram.com/p/C1a2b3c4d5/": ("Instagram", "https://www.instagram.com/p/C1a2b3c4d5/embed/"),
    "https://www.tiktok.com/@scout2015/video/6718335390845095173": ("TikTok", "https://www.tiktok.com/embed/v2/6718335390845095173"),
    "https://www.facebook.com/nytimes/posts/pfbid02abc": ("Facebook", "https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2Fnytimes%2Fposts%2Fpfbid02abc"),
    "https://bsky.app/profile/bsky.app/post/3l6oveex3ii2l": ("Bluesky", "https://embed.bsky.app/embed/bsky.app/app.bsky.feed.post/3l6oveex3ii2l"),
    "https://mastodon.social/@Gargron/110000000000000000": ("Mastodon", "https://mastodon.social/@Gargron/110000000000000000/embed"),
    "https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk": ("Spotify", "https://open.spotify.com/embed/episode/4rOoJ6Egrf8K2IrywzwOMk"),
    "https://soundcloud.com/forss/flickermood": ("SoundCloud", "https://w.soundcloud.com/player/?url=https%3A%2F%2Fsoundcloud.com%2Fforss%2Fflickermood"),
    "https://www.google.com/maps/place/Citadel/@36.1995,37.1627,16z": ("Google Maps", "https://maps.google.com/maps?q=36.1995,37.1627&z=16&output=embed"),
    "https://datawrapper.dwcdn.net/Ls1dC/1/": ("Datawrapper", "https://datawrapper.dwcdn.net/Ls1dC/1/"),
    "https://public.flourish.studio/visualisation/1234567/": ("Flourish", "https://flo.uri.sh/visualisation/1234567/embed"),
    "https://www.documentcloud.org/documents/20059068-report": ("DocumentCloud", "https://embed.documentcloud.org/documents/20059068-report/"),
}  # fmt: skip


@pytest.mark.parametrize(("url", "expected"), PLAYERS.items(), ids=list(PLAYERS))
def test_each_provider_s_address_gives_its_player(url: str, expected: tuple[str, str]) -> None:
    found = embeds.find(url)
    assert found is not None and (found.name, found.player) == expected
    assert embeds.player_allowed(found.player)
    # the policy frames exactly these players (a Mastodon server by the page showing it)
    origin = re.match(r"https://[^/]+", found.player).group(0)  # type: ignore[union-attr]
    assert (origin in embeds.FRAME_ORIGINS) == (found.name != "Mastodon")


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/story",
        "https://www.youtube.com/@somechannel",
        "https://vimeo.com/channels/staffpicks",
        "https://x.com/NASA",
        "https://www.google.com/search?q=maps",
        "http://mastodon.social/@a/1",  # a player is only ever https
    ],
)
def test_other_addresses_are_link_cards_never_frames(url: str) -> None:
    found = embeds.find(url)
    assert found is not None and found.kind == "link" and found.player == ""
    html = embeds.figure(url)
    assert html is not None and "data-player" not in html and 'class="embed embed-link"' in html


@pytest.mark.parametrize(
    "line",
    ["javascript:alert(1)", "https://", "https://localhost/x", "ftp://example.com/x",
     "https://exa mple.com", 'https://example.com/"onmouseover="x', "see https://example.com"],
)  # fmt: skip
def test_no_web_address_no_embed(line: str) -> None:
    assert embeds.figure(line) is None


def test_a_body_marks_an_embed_by_an_address_alone_on_its_line() -> None:
    source = (
        "Intro.\n\nhttps://youtu.be/dQw4w9WgXcQ\n\n"
        "Watch https://youtu.be/dQw4w9WgXcQ\n\n"  # in a sentence: text
        "https://youtu.be/dQw4w9WgXcQ\nand more\n\n"  # a paragraph of two lines: text
        "> https://youtu.be/dQw4w9WgXcQ\n\n"  # in a quote: text
        "- https://youtu.be/dQw4w9WgXcQ\n\n"  # in a list: text
        "https://example.com/a?b=1&c=2\n"
    )
    html = text.render_body(source, {})
    assert html.count("data-player=") == 1
    assert html.count('<figure class="embed embed-video"') == 1
    assert '<figure class="embed embed-link"><a href="https://example.com/a?b=1&amp;c=2"' in html
    assert html.count("<p>Watch https://youtu.be/dQw4w9WgXcQ</p>") == 1
    assert "<li>https://youtu.be/dQw4w9WgXcQ</li>" in html


def test_the_sanitiser_keeps_only_the_players_the_site_makes() -> None:
    made = embeds.figure("https://youtu.be/dQw4w9WgXcQ", "A <em>song</em>")
    assert made is not None and text.sanitise(made).count("data-player=") == 1
    for forged in (
        "https://evil.example/frame",
        "javascript:alert(1)",
        "http://www.youtube-nocookie.com/embed/x",
        "https://www.youtube-nocookie.com.evil.example/embed/x",
        "https://evil.example/@a/1/embed?",
    ):
        html = f'<figure class="embed" data-player="{forged}"><a href="https://x.example">x</a></figure>'
        assert "data-player" not in text.sanitise(html), forged
    assert text.sanitise(text.sanitise(made)) == text.sanitise(made)  # stable


def test_an_imported_embed_becomes_a_facade_with_its_caption() -> None:
    imported = (
        "<p>Before.</p>"
        '<figure class="embed"><a href="https://youtu.be/dQw4w9WgXcQ">YouTube: https://youtu.be/dQw4w9WgXcQ</a>'
        "<figcaption>The <em>song</em></figcaption></figure>"
        '<figure class="embed"><a href="https://example.com/x" rel="noopener noreferrer">'
        "Embed: https://example.com/x</a></figure>"
        '<figure class="embed"><a href="https://youtu.be/unclosed'
    )
    html = bodies._render_html(imported, lambda i, a, c: None)
    assert html.count("data-player=") == 1
    assert "<figcaption>The <em>song</em></figcaption></figure>" in html
    assert 'class="embed embed-link"' in html


def test_a_page_showing_a_mastodon_post_names_its_server_in_its_policy() -> None:
    body = text.render_body("https://social.example.net/@reporter/1234\n", {})
    header = frame_policy("", [body])["content-security-policy"]
    frames = next(d for d in header.split("; ") if d.startswith("frame-src"))
    assert "https://social.example.net" in frames and "https://www.youtube-nocookie.com" in frames
    assert frame_policy("", [text.render_body("https://youtu.be/dQw4w9WgXcQ\n", {})]) == {}
    assert "frame-src" not in content_security_policy(admin=True)


def test_xss_payloads_alone_on_a_line_never_make_a_player() -> None:
    files = sorted(p for p in XSS_DIR.glob("*.txt") if not p.name.startswith("LICENSE"))
    lines = {line.strip() for f in files for line in f.read_text("utf-8").splitlines()} - {""}
    assert len(lines) > 400
    for line in lines:
        for source in (f"{line}\n", f"https://youtu.be/{line}\n", f"https://x.com/{line}\n"):
            html = text.render_body(source, {})
            for player in re.findall(r'data-player="([^"]*)"', html):
                assert embeds.player_allowed(unescape(player)), (line, player)
            assert not re.search(r"<(script|iframe)|<[^>]*\son[a-z]+=", html), (line, html)
