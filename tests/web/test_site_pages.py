"""Pages (About, ...) and menus as readers get them, in-process, on SQLite and PostgreSQL:
their addresses beside sections and articles, what a page shows and what it does not,
where pages are listed and where never, and the cached pages that follow every change."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

import factories as f
from thepost.content import menus, page_actions, queries, taxonomy
from thepost.content.menus import MenuItemInput
from thepost.content.page_actions import PageInput
from thepost.permissions import SYSTEM
from web.test_pages import statements


def save(services, session, title: str, body: str = "Words of the page.", **kw):
    page_id = kw.pop("page_id", None)
    return page_actions.save_page(
        session,
        services.bus,
        services.media_urls,
        PageInput(title, body, **kw),
        actor=SYSTEM,
        now=services.clock(),
        page_id=page_id,
    )


def publish(services, session, page, at=None):
    page_actions.publish_page(
        session, services.bus, page.id, actor=SYSTEM, now=services.clock(), at=at
    )


@pytest.fixture
def site(services):
    """Two sections with stories, and pages three levels deep."""
    with services.writes.begin() as session:
        politics = f.section(session, "Politics", position=1)
        sport = f.section(session, "Sport", position=2)
        picture = f.image(services, session, caption="The newsroom", credit="Photo: A. Lens")
        for i in range(5):
            f.article(services, session, title=f"Council story {i}", section=politics)
        f.article(services, session, title="Team news", section=sport, slug="team")
        about = save(
            services,
            session,
            "About us",
            "We are a newsroom of *forty*, reporting on the harbourfront.",
            slug="about",
            standfirst="Who we are and what we do.",
            featured_image_id=picture.id,
            seo_description="The people behind The Post.",
        )
        team = save(
            services, session, "Our team", "Editors and reporters.", slug="team", parent_id=about.id
        )
        editors = save(services, session, "Editors", "The desk.", parent_id=team.id)
        for page in (about, team, editors):
            publish(services, session, page)
    return {"about": about, "team": team, "editors": editors, "politics": politics}


def _main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def test_a_page_lives_at_its_path_under_its_parents(client, site) -> None:
    for path, title in [
        ("/about", "About us"),
        ("/about/team", "Our team"),
        ("/about/team/editors", "Editors"),
    ]:
        page = client.get(path)
        assert page.status_code == 200, path
        assert f'<h1 id="page-title">{title}</h1>' in page.text
    for path in ["/about/nobody", "/nobody", "/about/team/editors/more"]:
        assert client.get(path).status_code == 404, path
    # The article route's own words stay its own (a 405 for a GET of the comment form).
    assert client.get("/sport/team/comments").status_code == 405


def test_a_page_shows_its_words_but_no_news_furniture(client, site) -> None:
    html = client.get("/about").text
    main = _main(html)
    assert "<em>forty</em>" in main and 'class="standfirst">Who we are and what we do.' in main
    assert "The newsroom" in main and "Photo: A. Lens" in main  # the featured picture
    for furniture in ('class="label"', "bylines", "Leave a Reply", "You May Also Like", "comment"):
        assert furniture not in main, furniture
    assert '<a href="/about/team">Our team</a>' in main  # its children, listed
    assert "breadcrumbs" not in main  # a top-level page has none
    assert "<title>About us | The Post</title>" in html
    assert '<meta name="description" content="The people behind The Post.">' in html
    assert '<link rel="canonical" href="http://127.0.0.1:8000/about">' in html
    assert '<meta property="og:title" content="About us">' in html
    assert '<meta property="og:image" content="' in html
    nested = _main(client.get("/about/team/editors").text)
    crumbs = nested[nested.index("breadcrumbs") : nested.index("</nav>")]
    assert (
        '<a href="/about">About us</a>' in crumbs and '<a href="/about/team">Our team</a>' in crumbs
    )
    assert '<li aria-current="page">Editors</li>' in crumbs


def test_sections_and_articles_win_and_keep_their_addresses(client, services, site) -> None:
    assert "Council story 4" in client.get("/politics").text
    assert '<h1 id="story-title">Team news</h1>' in client.get("/sport/team").text
    # /about/team: the article "team" lives under /sport; the page here wins over its 301.
    assert '<h1 id="page-title">Our team</h1>' in client.get("/about/team").text
    # Where no page is, the article's redirect stands.
    moved = client.get("/politics/team")
    assert moved.status_code == 301 and moved.headers["location"] == "/sport/team"


def test_drafts_private_and_future_pages_are_invisible_until_due(
    client, services, clock, site
) -> None:
    with services.writes.begin() as session:
        save(services, session, "A draft page", slug="draft")
        private = save(services, session, "A private page", slug="private")
        page_actions.set_page_status(
            session, services.bus, private.id, "private", actor=SYSTEM, now=clock.now
        )
        embargoed = save(services, session, "Embargoed page", "Launch words.", slug="launch")
        publish(services, session, embargoed, at=clock.now + timedelta(days=1))
    for path in ["/draft", "/private", "/launch"]:
        assert client.get(path).status_code == 404, path
    assert "Embargoed page" not in client.get("/search", params={"q": "launch"}).text
    assert "/launch" not in client.get("/sitemap-pages.xml").text
    clock.advance(days=1, minutes=1)
    assert client.get("/launch").status_code == 200
    assert "Embargoed page" in client.get("/search", params={"q": "launch"}).text
    assert "/launch" in client.get("/sitemap-pages.xml").text
    assert client.get("/draft").status_code == client.get("/private").status_code == 404


def test_a_moved_page_answers_301_from_its_old_addresses(client, services, site) -> None:
    assert client.get("/about/team/editors").status_code == 200  # cached, then moved
    with services.writes.begin() as session:
        save(
            services,
            session,
            "About us",
            "We are a newsroom.",
            slug="who-we-are",
            page_id=site["about"].id,
        )
    for old, new in [
        ("/about", "/who-we-are"),
        ("/about/team", "/who-we-are/team"),
        ("/about/team/editors", "/who-we-are/team/editors"),
    ]:
        moved = client.get(old)
        assert moved.status_code == 301, old
        assert moved.headers["location"] == new
        assert client.get(new).status_code == 200


def test_pages_are_not_news(client, site) -> None:
    """No page in the section lists, latest, home, feeds or "You May Also Like"."""
    paths = [
        "/",
        "/politics",
        "/latest",
        "/feed/rss",
        "/politics/feed/atom",
        "/politics/council-story-0",
        "/sitemap-news.xml",
        "/sitemap-articles-1.xml",
    ]
    for path in paths:
        page = client.get(path)
        assert page.status_code == 200, path
        body = page.text if path != "/" else _main(page.text)
        assert "About us" not in body and "/about" not in body, path


def test_pages_are_in_the_sitemap(client, site) -> None:
    index = client.get("/sitemap.xml").text
    assert "/sitemap-pages.xml" in index
    listed = client.get("/sitemap-pages.xml").text
    for path in ["/about", "/about/team", "/about/team/editors"]:
        assert f"<loc>http://127.0.0.1:8000{path}</loc>" in listed
    assert "<image:loc>" in listed  # About's featured picture


def test_search_finds_a_page_by_a_word_of_its_body(client, site) -> None:
    page = client.get("/search", params={"q": "harbourfront"})
    assert page.status_code == 200
    found = page.text[page.text.index("search-pages") :]
    assert '<span class="label">Page</span>' in found
    assert '<a href="/about">About us</a>' in found
    assert "No stories matched" in page.text  # the stories: none
    # A phrase, a prefix, an exclusion; a filter or a later page of results: no pages.
    assert "/about/team" in client.get("/search", params={"q": '"editors and" repo'}).text
    assert "search-pages" not in client.get("/search", params={"q": "harbourfront -forty"}).text
    assert (
        "search-pages"
        not in client.get("/search", params={"q": "harbourfront", "section": "politics"}).text
    )
    both = client.get("/search", params={"q": "council"}).text
    assert "search-pages" not in both and "Council story" in both


def test_search_follows_every_change_of_a_page(client, services, clock, site) -> None:
    """The pages' words are kept between searches: each change is found the moment it
    is made, on the same query (the results page was kept too)."""

    def found(q: str) -> str:
        page = client.get("/search", params={"q": q}).text
        return page[page.index("search-pages") :] if "search-pages" in page else ""

    assert '<a href="/about">About us</a>' in found("harbourfront")
    with services.writes.begin() as session:
        save(
            services, session, "About us", "We report on the lighthouse.", slug="who",
            page_id=site["about"].id,
        )  # fmt: skip
    assert found("harbourfront") == ""
    assert '<a href="/who">About us</a>' in found("lighthouse")
    assert "/who/team" in found("editors reporters")  # its child moved with it
    with services.writes.begin() as session:
        page_actions.unpublish_page(
            session, services.bus, site["about"].id, actor=SYSTEM, now=clock.now
        )
    assert found("lighthouse") == ""


def test_the_cached_page_follows_a_page_change(client, services, site) -> None:
    assert "forty" in client.get("/about").text
    assert client.get("/about").status_code == 200  # from the cache now
    with services.writes.begin() as session:
        save(services, session, "About us", "We are fifty.", slug="about", page_id=site["about"].id)
    assert "fifty" in client.get("/about").text


def _nav(html: str, label: str) -> str:
    start = html.index(f'aria-label="{label}"')
    return html[start : html.index("</nav>", start)]


def test_default_menus_are_the_header_and_footer_as_they_were(client, site) -> None:
    html = client.get("/politics/council-story-1").text
    header = _nav(html, "Sections")
    assert header == (
        'aria-label="Sections">\n'
        '    <ul class="wrap">\n'
        '      <li><a href="/">Home</a></li>\n'
        '      <li><a href="/politics" aria-current="page">Politics</a></li>\n'
        '      <li><a href="/sport">Sport</a></li>\n'
        "    </ul>\n  "
    )
    footer = re.sub(r">\s+<", "><", _nav(html, "Footer")).strip()
    assert footer == (
        'aria-label="Footer"><ul><li><a href="/politics">Politics</a></li>'
        '<li><a href="/sport">Sport</a></li><li><a href="/latest">Latest</a></li></ul>'
    )
    assert '<li><a href="/" aria-current="page">Home</a></li>' in client.get("/").text


def test_a_saved_menu_shows_on_every_cached_page_at_once(client, services, site) -> None:
    for path in ["/", "/politics", "/about", "/politics/council-story-1"]:
        assert client.get(path).status_code == 200  # each kept by the page cache
    with services.writes.begin() as session:
        menus.save_menu(
            session,
            services.bus,
            "header",
            [
                MenuItemInput(
                    "",
                    "page",
                    site["about"].id,
                    children=[MenuItemInput("The team", "page", site["team"].id)],
                ),
                MenuItemInput("Politics", "section", site["politics"].id),
                MenuItemInput("Newsletter", "url", url="https://example.org/letters"),
            ],
            actor=SYSTEM,
        )
        menus.save_menu(
            session, services.bus, "footer", [MenuItemInput("", "latest")], actor=SYSTEM
        )
    for path in ["/", "/politics", "/about", "/politics/council-story-1"]:
        html = client.get(path).text
        header = _nav(html, "Sections")
        assert "<summary>About us</summary>" in header, path
        assert '<a href="/about/team">The team</a>' in header
        assert '<a href="https://example.org/letters">Newsletter</a>' in header
        assert '/sport"' not in header and ">Home<" not in header
        assert re.sub(r">\s+<", "><", _nav(html, "Footer")).count("<li>") == 1
    assert '<a href="/about" aria-current="page">About us</a>' in client.get("/about").text
    # The label left empty follows the page's title.
    with services.writes.begin() as session:
        save(services, session, "About The Post", slug="about", page_id=site["about"].id)
    assert "<summary>About The Post</summary>" in client.get("/politics").text


def test_a_page_reads_the_menus_once_kept(client, services, site) -> None:
    """The menus are kept with the site's settings: a page rendered again reads only its
    own rows (the page itself, its children)."""
    client.get("/about")
    client.app.page_cache.store.clear()
    seen = [s for s in statements(services, client, "/about/team") if s.startswith("SELECT")]
    assert len(seen) <= 4  # no section is "team": the section, then the page and children
    with services.reads() as session:
        assert queries.sections(session)  # (the memo kept them; the database still has them)


def test_a_section_cannot_take_a_pages_address(services, site) -> None:
    with pytest.raises(Exception) as refused, services.writes.begin() as session:
        taxonomy.add_section(session, services.bus, actor=SYSTEM, name="About")
    assert "page" in str(refused.value)
