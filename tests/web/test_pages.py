"""Every reader page type, in-process, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

import factories as f
from statements import recorded
from thepost.content import actions
from thepost.permissions import SYSTEM


@pytest.fixture
def site(services):
    """A small newsroom: two sections, two authors, an article with everything."""
    with services.writes.begin() as session:
        politics = f.section(session, "Politics", description="Power and policy.")
        sport = f.section(session, "Sport")
        portrait = f.image(services, session)
        jane = f.author(
            session,
            "Jane Smith",
            bio="Jane covers the city council.",
            job_title="Political Editor",
            photo_id=portrait.id,
        )
        omar = f.author(session, "Omar Haddad")
        picture = f.image(services, session, caption="The council chamber", credit="Photo: A. Lens")
        inline = f.image(services, session)
        lead = f.article(
            services,
            session,
            title="Council passes the budget",
            section=politics,
            authors=[jane, omar],
            tags=["Budget", "City Council"],
            featured_image_id=picture.id,
            dateline="RIVERTON",
            standfirst="Councillors approved spending on housing and transport after a long debate.",
            body=f'The vote was close.\n\n![Members voting](image:{inline.id} "Hands raised")\n\n## What next\n\nMore.',
        )
        for i in range(3):
            f.article(
                services,
                session,
                title=f"Budget follow-up {i}",
                section=politics,
                tags=["Budget"],
                authors=[jane],
            )
        f.article(services, session, title="Derby ends level", section=sport, authors=[omar])
        first = f.comment(services, session, lead, name="Ana", body="Good news for renters.")
        f.comment(
            services,
            session,
            lead,
            parent=first,
            name="Ben",
            body="Agreed, see https://example.org/plan",
        )
        f.comment(
            services,
            session,
            lead,
            name="Hidden",
            body="Not yet approved",
            status=f.CommentStatus.PENDING,
        )
    return {"lead": lead, "politics": politics, "jane": jane, "portrait": portrait}


def test_home_page(client, site) -> None:
    page = client.get("/")
    assert page.status_code == 200
    html = page.text
    lead = html[html.find('class="lead"') :]
    assert lead.find("Derby ends level") < lead.find("</article>")  # the newest leads
    assert 'id="section-politics"' in html
    # The lead is not repeated: Sport has no other story, so no Sport block.
    assert 'id="section-sport"' not in html and html.count("Derby ends level") == 2  # + Latest
    assert "Connect with us" in html
    assert 'placeholder="Hi, what are you looking for?"' in html
    assert "public" in page.headers["cache-control"]


def test_section_tag_and_author_pages_list_cards(client, site) -> None:
    for path, heading in [
        ("/politics", "Politics"),
        ("/tag/budget", "Budget"),
        ("/author/jane-smith", "Jane Smith"),
    ]:
        page = client.get(path)
        assert page.status_code == 200, path
        assert f"<h1>{heading}</h1>" in page.text
        assert page.text.count('class="card ') >= 3
    assert "Derby ends level" not in client.get("/politics").text


def test_an_author_page_shows_the_author_their_photo_and_role(client, site) -> None:
    html = client.get("/author/jane-smith").text
    assert "Jane covers the city council." in html and "Political Editor" in html
    photo = html[html.index('class="author-photo"') :]
    assert site["portrait"].sha256 in photo[: photo.index("</div>")]
    image = re.search(r'<meta property="og:image" content="([^"]+)"', html)
    assert image is not None and site["portrait"].sha256 in image.group(1)
    assert site["portrait"].sha256 not in client.get("/author/omar-haddad").text


def test_article_page_has_every_part_in_order(client, site) -> None:
    html = client.get("/politics/council-passes-the-budget").text
    parts = [
        'placeholder="Hi, what are you looking for?"',
        "Connect with us",
        'class="label" href="/politics">Politics<',
        "<h1",
        'class="standfirst"',
        'href="/author/jane-smith"',
        'href="/author/omar-haddad"',
        "RIVERTON",
        "<time datetime=",
        'class="featured"',
        "The council chamber",
        "Photo: A. Lens",
        "The vote was close.",
        "Hands raised",
        'href="/tag/city-council"',
        "Click to comment",
        "Good news for renters.",
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked",
        "You May Also Like",
    ]
    positions = [html.find(p) for p in parts]
    missing = [p for p, at in zip(parts, positions, strict=True) if at < 0]
    order = [p for _, p in sorted(zip(positions, parts, strict=True))]
    assert not missing
    assert order == parts
    assert html.count("<h1") == 1
    assert "Not yet approved" not in html
    assert 'rel="nofollow ugc noopener"' in html
    assert "reader@example.org" not in html  # commenters' emails are never shown
    related = html[html.find("You May Also Like") :]
    assert related.count('class="card ') == 4


def test_threaded_comments_nest(client, site) -> None:
    html = client.get("/politics/council-passes-the-budget").text
    ana, ben = html.find("Good news for renters."), html.find("Agreed, see")
    assert 0 < ana < ben
    assert 'class="comment-list replies"' in html[ana:ben]


def test_images_are_responsive(client, site) -> None:
    html = client.get("/politics/council-passes-the-budget").text
    featured = re.search(r'<figure class="featured">.*?</figure>', html, re.S).group(0)
    assert 'fetchpriority="high"' in featured and 'loading="lazy"' not in featured
    for img in re.findall(r"<img [^>]+>", html):
        assert " width=" in img and " height=" in img and " srcset=" in img
    body = html[html.find('class="story-body"') :]
    assert 'loading="lazy"' in body


def test_media_files_are_served(client, site) -> None:
    html = client.get("/politics/council-passes-the-budget").text
    src = re.search(r'<img src="([^"]+)"', html).group(1)
    image = client.get(src)
    assert image.status_code == 200
    assert image.headers["content-type"] == "image/jpeg"


def test_old_slugs_redirect_permanently(client, services, site) -> None:
    lead = site["lead"]
    with services.writes.begin() as session:
        actions.save_article(
            session,
            services.bus,
            services.media_urls,
            actions.ArticleInput(
                title="Council passes the budget at last", section_id=lead.section_id
            ),
            actor=SYSTEM,
            now=services.clock(),
            article_id=lead.id,
        )
    moved = client.get("/politics/council-passes-the-budget")
    assert moved.status_code == 301
    assert moved.headers["location"] == "/politics/council-passes-the-budget-at-last"
    wrong_section = client.get("/sport/council-passes-the-budget-at-last")
    assert wrong_section.status_code == 301
    assert wrong_section.headers["location"] == "/politics/council-passes-the-budget-at-last"


def test_scheduled_articles_appear_by_themselves_when_due(client, services, clock, site) -> None:
    with services.writes.begin() as session:
        f.article(
            services,
            session,
            title="Tomorrow's embargoed story",
            section=site["politics"],
            tags=["Budget"],
            authors=[site["jane"]],
            published=clock.now + timedelta(days=1),
        )
    pages = [
        "/",
        "/politics",
        "/tag/budget",
        "/author/jane-smith",
        "/latest",
        "/search?q=embargoed",
    ]
    for path in pages:
        assert "embargoed story" not in client.get(path).text, path
    assert client.get("/politics/tomorrows-embargoed-story").status_code == 404

    clock.advance(days=1, minutes=1)
    for path in pages:
        assert "embargoed story" in client.get(path).text, path
    assert client.get("/politics/tomorrows-embargoed-story").status_code == 200


def test_drafts_and_unpublished_articles_are_invisible(client, services, site) -> None:
    with services.writes.begin() as session:
        f.article(
            services, session, title="A draft nobody sees", section=site["politics"], publish=False
        )
        actions.unpublish_article(
            session, services.bus, site["lead"].id, actor=SYSTEM, now=services.clock()
        )
    assert client.get("/politics/a-draft-nobody-sees").status_code == 404
    assert client.get("/politics/council-passes-the-budget").status_code == 404
    for path in ["/", "/politics", "/tag/budget", "/latest", "/search?q=council"]:
        html = client.get(path).text
        assert "A draft nobody sees" not in html and "Council passes the budget" not in html, path


def test_pagination(client, services, site) -> None:
    with services.writes.begin() as session:
        for i in range(30):
            f.article(services, session, title=f"Archive story {i}", section=site["politics"])
    first = client.get("/politics")
    assert 'rel="next" href="/politics?page=2"' in first.text
    last = client.get("/politics?page=3")
    assert last.status_code == 200 and 'rel="prev"' in last.text
    assert client.get("/politics?page=4").status_code == 404


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/no-such-section", 404),
        ("/politics/no-such-story", 404),
        ("/tag/no-such-tag", 404),
        ("/author/nobody", 404),
        ("/politics?page=abc", 200),
        ("/politics?page=", 200),
        ("/politics?page=-1", 404),
        ("/politics?page=0", 404),
        ("/politics?page=999999999", 404),
        ("/politics?page=1e9", 200),
        ("/politics?page=%ff%fe", 200),
        ("/%ff%fe", 404),
        ("/politics/%ff%fe%00", 400),  # no URL of the site holds a NUL
        ("/tag/%c0%af", 404),
        ("/" + "a" * 5000, 404),
        ("/politics/" + "b" * 5000, 404),
        ("/politics?" + "x=" + "y" * 10000, 200),
        ("/search?q=" + "%ff" * 50, 200),
        ("/search?q=" + "word+" * 3000, 200),
        ("/search?q=%25_%5C%27%22%3B--", 200),
        ("/latest?page=2", 404),
        ("/static/../../etc/passwd", 404),
        ("/media/../../etc/passwd", 404),
    ],
)
def test_bad_input_never_breaks_a_page(client, site, path, status) -> None:
    page = client.get(path)
    assert page.status_code == status, page.text[:300]
    if status == 404:
        assert "Page not found" in page.text


def test_head_requests(client, site) -> None:
    page = client.head("/politics/council-passes-the-budget")
    assert page.status_code == 200
    assert page.text == ""


def test_search_is_escaped(client, site) -> None:
    html = client.get("/search", params={"q": '<script>alert("x")</script>'}).text
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


def test_search_finds_words_in_any_order(client, site) -> None:
    html = client.get("/search", params={"q": "budget council"}).text
    assert "Council passes the budget" in html
    percent = client.get("/search", params={"q": "100%"})  # a LIKE wildcard, matched as text
    assert percent.status_code == 200
    assert "Council passes the budget" not in percent.text


def test_the_500_page_leaks_nothing(client, services, site, monkeypatch) -> None:
    from thepost.content import queries

    def explode(*args, **kwargs):
        raise RuntimeError("password=hunter2 at db.internal")

    monkeypatch.setattr(queries, "latest_rows", explode)  # read by every home page
    from starlette.testclient import TestClient

    with TestClient(client.app, raise_server_exceptions=False) as quiet:
        page = quiet.get("/")
    assert page.status_code == 500
    assert "Something went wrong" in page.text
    assert (
        "hunter2" not in page.text
        and "Traceback" not in page.text
        and "RuntimeError" not in page.text
    )


def statements(services, client, path) -> list[str]:
    """The SQL statements a GET of ``path`` runs (it must answer 200)."""
    with recorded(services.engine) as seen:
        assert client.get(path).status_code == 200
    return seen


def _count_queries(services, client, path) -> int:
    return len(statements(services, client, path))


def test_article_queries_do_not_grow_with_its_content(client, services, site) -> None:
    path = "/politics/council-passes-the-budget"
    before = statements(services, client, path)
    lead = site["lead"]
    with services.writes.begin() as session:
        authors = [f.author(session) for _ in range(6)]
        actions.save_article(
            session,
            services.bus,
            services.media_urls,
            actions.ArticleInput(
                title=lead.title,
                section_id=lead.section_id,
                author_ids=[a.id for a in authors],
                tags=[f"Tag {i}" for i in range(12)],
                featured_image_id=lead.featured_image_id,
            ),
            actor=SYSTEM,
            now=services.clock(),
            article_id=lead.id,
        )
        from thepost.content.models import Article

        article = session.get(Article, lead.id)
        for _ in range(25):
            f.comment(services, session, article)
        for i in range(8):
            f.article(
                services,
                session,
                title=f"More budget news {i}",
                section=site["politics"],
                tags=["Tag 1"],
            )
    after = statements(services, client, path)
    assert len(after) == len(before), "\n".join(after)
    assert len(after) <= 10
