"""Several languages on one site, on SQLite and PostgreSQL: stories, pages, sections and
menus in another language at ``/<language>/``, linked to their originals with
``hreflang`` both ways, the language switcher, sitemaps with alternates and feeds per
language; what the newsroom may and may not link."""

from __future__ import annotations

import re
from urllib.parse import quote
from xml.etree import ElementTree

import pytest

import factories as f
from thepost.content import actions, editorial, menus, page_actions, taxonomy, translations
from thepost.content.menus import MenuItemInput
from thepost.content.models import Article, Page
from thepost.content.page_actions import PageInput
from thepost.errors import ValidationError
from thepost.permissions import SYSTEM
from thepost.web import urls

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def _alternates(html: str) -> dict[str, str]:
    found = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html)
    return dict(found)


@pytest.fixture
def bilingual(services):
    """An English site publishing in Spanish too: a story and its translation, a page
    and its translation, a section named in Spanish, a Spanish header menu."""
    with services.writes.begin() as session:
        actions.update_site_settings(session, services.bus, actor=SYSTEM, languages=["es", "de"])
        politics = f.section(session, "Politics")
        story = f.article(
            services, session, title="The council votes", section=politics, slug="council-votes"
        )
        spanish = actions.translate_article(
            session, services.bus, services.media_urls, story.id, "es", actor=SYSTEM,
            now=services.clock(),
        )  # fmt: skip
        data = actions.ArticleInput(
            title="El consejo vota",
            body="El consejo votó anoche.\n\nSegundo párrafo.",
            slug="el-consejo-vota",
            section_id=politics.id,
            language="es",
            translation_of_id=story.id,
        )
        actions.save_article(
            session, services.bus, services.media_urls, data, actor=SYSTEM,
            now=services.clock(), article_id=spanish.id,
        )  # fmt: skip
        actions.publish_article(
            session, services.bus, spanish.id, actor=SYSTEM, now=services.clock()
        )
        english_only = f.article(services, session, title="Only in English", section=politics)
        taxonomy.translate_section(
            session, services.bus, politics.id, {"es": ("Política", "Noticias políticas.")},
            settings=actions.site.load(session), actor=SYSTEM,
        )  # fmt: skip
        about = page_actions.save_page(
            session, services.bus, services.media_urls, PageInput("About us", "Who we are.",
            slug="about"), actor=SYSTEM, now=services.clock(),
        )  # fmt: skip
        page_actions.publish_page(
            session, services.bus, about.id, actor=SYSTEM, now=services.clock()
        )
        acerca = page_actions.save_page(
            session, services.bus, services.media_urls,
            PageInput("Quiénes somos", "Somos una redacción.", slug="acerca", language="es",
                      translation_of_id=about.id),
            actor=SYSTEM, now=services.clock(),
        )  # fmt: skip
        page_actions.publish_page(
            session, services.bus, acerca.id, actor=SYSTEM, now=services.clock()
        )
        menus.save_menu(
            session, services.bus, "header",
            [MenuItemInput("", "home"), MenuItemInput("", "section", politics.id),
             MenuItemInput("", "page", acerca.id)],
            actor=SYSTEM, language="es",
        )  # fmt: skip
    return {"story": story.id, "spanish": spanish.id, "english_only": english_only.id}


def test_a_translation_lives_under_its_language_and_links_both_ways(client, bilingual) -> None:
    english = client.get("/politics/council-votes")
    spanish = client.get("/es/politics/el-consejo-vota")
    assert english.status_code == 200 and spanish.status_code == 200
    assert '<html lang="es"' in spanish.text and '<html lang="en"' in english.text
    base = "http://127.0.0.1:8000"
    pair = {
        "en": f"{base}/politics/council-votes",
        "es": f"{base}/es/politics/el-consejo-vota",
        "x-default": f"{base}/politics/council-votes",
    }
    assert _alternates(english.text) == pair
    assert _alternates(spanish.text) == pair
    # the switcher names each version in its own language, the page's own not a link
    assert 'hreflang="es" lang="es">Español</a>' in english.text
    assert '<span aria-current="page" lang="en">English</span>' in english.text
    # the Spanish page speaks Spanish around the story, and names its section so
    assert "Política</a>" in spanish.text
    assert "Deja una respuesta" in spanish.text or "Comentarios" in spanish.text
    # the story at the other language's address, or without its segment: one 301
    moved = client.get("/politics/el-consejo-vota", follow_redirects=False)
    assert moved.status_code == 301
    assert moved.headers["location"] == "/es/politics/el-consejo-vota"
    assert client.get("/es/politics/council-votes", follow_redirects=False).status_code == 301


def test_a_story_without_translations_has_no_alternates(client, bilingual) -> None:
    page = client.get("/politics/" + "only-in-english")
    assert page.status_code == 200
    assert _alternates(page.text) == {}
    assert 'class="versions' not in page.text


def test_each_language_lists_its_own_stories(client, bilingual) -> None:
    home, inicio = client.get("/"), client.get("/es/")
    assert "The council votes" in home.text and "El consejo vota" not in home.text
    assert "El consejo vota" in inicio.text and "Only in English" not in inicio.text
    section = client.get("/es/politics")
    assert "<h1>Política</h1>" in section.text and "Noticias políticas." in section.text
    assert "El consejo vota" in section.text and "The council votes" not in section.text
    assert _alternates(inicio.text) == {
        "en": "http://127.0.0.1:8000/",
        "es": "http://127.0.0.1:8000/es/",
        "de": "http://127.0.0.1:8000/de/",
        "x-default": "http://127.0.0.1:8000/",
    }
    # the Spanish menu; the German pages, with none of their own, show the site's
    assert re.search(r'<a href="/es/politics"[^>]*>Política</a>', inicio.text)
    assert 'href="/es/acerca"' in inicio.text
    assert re.search(r'<a href="/de/politics"[^>]*>Politics</a>', client.get("/de/").text)
    latest = client.get("/es/latest")
    assert "El consejo vota" in latest.text and "Only in English" not in latest.text


def test_languages_the_site_does_not_publish_in_are_not_found(client, bilingual) -> None:
    assert client.get("/fr/").status_code == 404
    assert client.get("/en/").status_code == 404  # the site's own lives at /
    assert client.get("/fr/politics/el-consejo-vota").status_code == 404


def test_pages_have_translations_too(client, bilingual) -> None:
    about, acerca = client.get("/about"), client.get("/es/acerca")
    assert about.status_code == 200 and acerca.status_code == 200
    pair = {
        "en": "http://127.0.0.1:8000/about",
        "es": "http://127.0.0.1:8000/es/acerca",
        "x-default": "http://127.0.0.1:8000/about",
    }
    assert _alternates(about.text) == pair and _alternates(acerca.text) == pair
    assert client.get("/acerca").status_code == 404


def test_feeds_per_language(client, bilingual) -> None:
    feed = client.get("/es/feed/rss")
    assert feed.status_code == 200
    channel = ElementTree.fromstring(feed.content).find("channel")
    assert channel.findtext("language") == "es"
    titles = [item.findtext("title") for item in channel.iter("item")]
    assert titles == ["El consejo vota"]
    english = ElementTree.fromstring(client.get("/feed/rss").content).find("channel")
    assert "El consejo vota" not in [i.findtext("title") for i in english.iter("item")]
    section = ElementTree.fromstring(client.get("/es/politics/feed/rss").content)
    assert section.find("channel").findtext("title").startswith("Política")
    # the Spanish pages name their feeds
    assert 'href="/es/feed/rss"' in client.get("/es/").text


def test_sitemaps_carry_alternates_both_ways(client, bilingual) -> None:
    articles = ElementTree.fromstring(client.get("/sitemap-articles-1.xml").content)
    by_loc = {
        url.findtext(f"{SM}loc"): {
            link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")
        }
        for url in articles.iter(f"{SM}url")
    }
    english = "http://127.0.0.1:8000/politics/council-votes"
    spanish = "http://127.0.0.1:8000/es/politics/el-consejo-vota"
    expected = {"en": english, "es": spanish, "x-default": english}
    assert by_loc[english] == expected and by_loc[spanish] == expected
    assert all(not links for loc, links in by_loc.items() if loc not in (english, spanish))
    listings = client.get("/sitemap-pages.xml").text
    assert "<loc>http://127.0.0.1:8000/es/</loc>" in listings
    assert "<loc>http://127.0.0.1:8000/es/politics</loc>" in listings
    pages = {
        url.findtext(f"{SM}loc"): {
            link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")
        }
        for url in ElementTree.fromstring(listings.encode()).iter(f"{SM}url")
    }
    about, acerca = "http://127.0.0.1:8000/about", "http://127.0.0.1:8000/es/acerca"
    assert pages[about] == pages[acerca] == {"en": about, "es": acerca, "x-default": about}
    home = "http://127.0.0.1:8000/"
    assert pages[home] == {
        "en": home, "es": home + "es/", "de": home + "de/", "x-default": home,
    }  # fmt: skip


def test_the_newsroom_cannot_link_what_cannot_be(services, bilingual) -> None:
    with services.writes.begin() as session:
        story = session.get(Article, bilingual["story"])
        with pytest.raises(ValidationError) as exc:  # a second Spanish version
            actions.translate_article(
                session, services.bus, services.media_urls, story.id, "es", actor=SYSTEM,
                now=services.clock(),
            )  # fmt: skip
        assert "language" in exc.value.errors
        with pytest.raises(ValidationError) as exc:  # a language the site does not publish in
            actions.translate_article(
                session, services.bus, services.media_urls, story.id, "fr", actor=SYSTEM,
                now=services.clock(),
            )  # fmt: skip
        assert "language" in exc.value.errors
        # a translation of a translation translates the original
        german = actions.translate_article(
            session, services.bus, services.media_urls, bilingual["spanish"], "de",
            actor=SYSTEM, now=services.clock(),
        )  # fmt: skip
        assert german.translation_of_id == story.id


def test_deleting_the_original_keeps_its_translations_together(services, bilingual) -> None:
    with services.writes.begin() as session:
        german = actions.translate_article(
            session, services.bus, services.media_urls, bilingual["story"], "de", actor=SYSTEM,
            now=services.clock(),
        )  # fmt: skip
        actions.delete_article(
            session, services.bus, bilingual["story"], actor=SYSTEM, now=services.clock()
        )
        spanish = session.get(Article, bilingual["spanish"])
        session.refresh(german)
        assert spanish.translation_of_id is None  # the oldest translation leads now
        assert german.translation_of_id == spanish.id
        shown = actions.site.load(session)
        found = translations.versions(session, Article, german, settings=shown, now=None)
        assert [v.language for v in found] == ["es", "de"]


def test_a_page_below_another_is_in_its_language(services, bilingual) -> None:
    with services.writes.begin() as session:
        acerca = session.scalar(actions.select(Page).where(Page.slug == "acerca"))
        equipo = page_actions.save_page(
            session, services.bus, services.media_urls,
            PageInput("Equipo", "Quiénes somos.", parent_id=acerca.id),
            actor=SYSTEM, now=services.clock(),
        )  # fmt: skip
        assert equipo.language == "es"
        assert page_actions.path_of(session, equipo) == "es/acerca/equipo"


def test_a_story_in_another_script_keeps_its_words_in_its_address(services, client) -> None:
    with services.writes.begin() as session:
        news = f.section(session, "News")
        story = f.article(services, session, title="الانتخابات البلدية ٢٠٢٦", section=news)
        assert story.slug == "الانتخابات-البلدية-٢٠٢٦"
    path = "/news/" + quote(story.slug)
    page = client.get(path)
    assert page.status_code == 200 and "الانتخابات البلدية" in page.text
    assert f'<link rel="canonical" href="http://127.0.0.1:8000{path}">' in page.text


def test_making_another_language_the_sites_own_swaps_them(client, services, bilingual) -> None:
    with services.writes.begin() as session:
        actions.update_site_settings(session, services.bus, actor=SYSTEM, language="es")
        shown = actions.site.load(session)
        assert (shown.language, shown.languages) == ("es", ("en", "de"))
    inicio = client.get("/")
    assert '<html lang="es"' in inicio.text and "El consejo vota" in inicio.text
    assert "Only in English" not in inicio.text
    assert "Política</a>" in inicio.text  # the section's Spanish name is its own now
    english = client.get("/en/politics/council-votes")
    assert english.status_code == 200 and "Politics</a>" in english.text
    assert client.get("/es/acerca", follow_redirects=False).status_code in (301, 404)
    assert client.get("/acerca").status_code == 200 and client.get("/en/about").status_code == 200


def test_a_translation_s_preview_speaks_its_language(client, services, bilingual) -> None:
    with services.writes.begin() as session:
        german = actions.translate_article(
            session, services.bus, services.media_urls, bilingual["story"], "de", actor=SYSTEM,
            now=services.clock(),
        )  # fmt: skip
        token, _ = editorial.preview_token(
            session, services.keys, german.id, actor=SYSTEM, now=services.clock()
        )
    page = client.get(urls.preview(token))
    assert page.status_code == 200 and '<html lang="de"' in page.text


def test_search_in_each_language_finds_its_own_stories(client, bilingual) -> None:
    found = client.get("/es/search?q=consejo")
    assert found.status_code == 200 and "El consejo vota" in found.text
    assert '<html lang="es"' in found.text and 'action="/es/search"' in found.text
    assert "El consejo vota" not in client.get("/search?q=consejo").text
    # each query its own page, in the page cache too
    assert "xyzzy" in client.get("/es/search?q=xyzzy").text
    suggested = client.get("/es/search/suggest?q=conse").json()
    assert [item["url"] for item in suggested["results"]] == ["/es/politics/el-consejo-vota"]
    assert "Disallow: /es/search\n" in client.get("/robots.txt").text
