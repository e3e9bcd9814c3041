"""Page metadata: canonical URLs, feed autodiscovery, Open Graph, Twitter cards and
schema.org JSON-LD, read back out of the HTML the way crawlers read it."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from lxml import html as lxml_html

import factories as f
from thepost.content import actions
from thepost.permissions import SYSTEM
from thepost.web.site.meta import script_json

ROOT = Path(__file__).resolve().parents[2]
XSS_DIR = ROOT.parent / "shared" / "fixtures" / "xss"
BASE = "http://127.0.0.1:8000"
BREAKOUT = "</script><script>alert(1)</script> & <!-- Tom's \u2028 line"

# Google's Article structured data: the properties its documentation lists as required
# (for the richest results: headline, image, datePublished, publisher with name and logo)
# and recommended (author with name and url, dateModified, and the page it describes).
REQUIRED = ("headline", "image", "datePublished", "publisher")
RECOMMENDED = ("author", "dateModified", "mainEntityOfPage", "description", "articleSection")


def head(response) -> lxml_html.HtmlElement:
    assert response.status_code == 200
    return lxml_html.fromstring(response.content)


def json_ld(page: lxml_html.HtmlElement) -> dict[str, dict]:
    found = {}
    for script in page.xpath('//script[@type="application/ld+json"]'):
        data = json.loads(script.text)
        found[data["@type"]] = data
    return found


def og(page: lxml_html.HtmlElement, name: str) -> list[str]:
    return page.xpath(f'//meta[@property="{name}"]/@content')


def feeds(page: lxml_html.HtmlElement) -> list[str]:
    return page.xpath('//link[@rel="alternate"]/@href')


def iso(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    assert parsed.tzinfo is not None, value
    return parsed


@pytest.fixture
def site(services):
    with services.writes.begin() as session:
        politics = f.section(session, "Politics", description="Power and policy.")
        jane = f.author(session, "Jane Smith", job_title="Political Editor")
        picture = f.image(services, session)
        lead = f.article(
            services,
            session,
            title="Council passes the budget",
            section=politics,
            authors=[jane],
            tags=["Budget", "City Council"],
            featured_image_id=picture.id,
            standfirst="Councillors approved spending.",
        )
        unsigned = f.article(services, session, title=BREAKOUT, section=politics)
    return {"lead": lead, "unsigned": unsigned, "politics": politics}


def test_article_json_ld_has_every_google_property(client, site) -> None:
    page = head(client.get(f"/politics/{site['lead'].slug}"))
    data = json_ld(page)
    article = data["NewsArticle"]
    assert article["@context"] == "https://schema.org"
    for name in REQUIRED + RECOMMENDED:
        assert article.get(name), name
    assert article["headline"] == "Council passes the budget"
    assert article["description"] == "Councillors approved spending."
    assert article["articleSection"] == "Politics"
    assert article["keywords"] == ["Budget", "City Council"]
    assert iso(article["datePublished"]) <= iso(article["dateModified"])
    canonical = f"{BASE}/politics/{site['lead'].slug}"
    assert article["mainEntityOfPage"] == {"@type": "WebPage", "@id": canonical}
    assert article["author"] == [
        {
            "@type": "Person",
            "name": "Jane Smith",
            "url": f"{BASE}/author/jane-smith",
            "jobTitle": "Political Editor",
        }
    ]
    publisher = article["publisher"]
    assert publisher["@type"] == "Organization" and publisher["name"] == "The Post"
    assert publisher["logo"]["url"].startswith(f"{BASE}/static/logo.png")
    assert client.get(publisher["logo"]["url"].removeprefix(BASE)).status_code == 200
    images = article["image"]
    assert images and all(
        i["url"].startswith(f"{BASE}/media/")
        and i["width"]["value"] * i["height"]["value"] >= 50_000
        for i in images
    )
    crumbs = data["BreadcrumbList"]["itemListElement"]
    assert [(c["position"], c["name"], c["item"]) for c in crumbs] == [
        (1, "Home", f"{BASE}/"),
        (2, "Politics", f"{BASE}/politics"),
        (3, "Council passes the budget", canonical),
    ]


def test_the_json_ld_is_schema_org_as_defined(client, site) -> None:
    import schema_org

    for path in (f"/politics/{site['lead'].slug}", "/", "/politics", "/latest"):
        for name, data in json_ld(head(client.get(path))).items():
            assert schema_org.problems(data) == [], (path, name)


def test_every_article_page_has_the_properties(client, site) -> None:
    for article in (site["lead"], site["unsigned"]):
        data = json_ld(head(client.get(f"/politics/{article.slug}")))["NewsArticle"]
        for name in REQUIRED + RECOMMENDED:
            assert data.get(name), (article.slug, name)
        for author in data["author"]:
            assert author["name"] and author["url"].startswith(BASE)


def test_open_graph_and_twitter_card(client, site) -> None:
    page = head(client.get(f"/politics/{site['lead'].slug}"))
    assert og(page, "og:type") == ["article"]
    assert og(page, "og:title") == ["Council passes the budget"]
    assert og(page, "og:url") == [f"{BASE}/politics/{site['lead'].slug}"]
    assert og(page, "article:section") == ["Politics"]
    assert og(page, "article:tag") == ["Budget", "City Council"]
    assert iso(og(page, "article:published_time")[0]) <= iso(og(page, "article:modified_time")[0])
    image = og(page, "og:image")[0]
    assert image.startswith(f"{BASE}/media/") and image.endswith("/640.jpg")
    assert og(page, "og:image:width") == ["640"] and og(page, "og:image:height") == ["360"]
    assert page.xpath('//meta[@name="twitter:card"]/@content') == ["summary_large_image"]
    assert page.xpath('//meta[@name="twitter:image"]/@content') == [image]
    assert page.xpath('//meta[@name="description"]/@content') == ["Councillors approved spending."]


def test_canonical_url_honours_the_override(client, services, site) -> None:
    lead = site["lead"]
    page = head(client.get(f"/politics/{lead.slug}"))
    assert page.xpath('//link[@rel="canonical"]/@href') == [f"{BASE}/politics/{lead.slug}"]
    with services.writes.begin() as session:
        actions.save_article(
            session,
            services.bus,
            services.media_urls,
            actions.ArticleInput(
                title=lead.title,
                section_id=lead.section_id,
                canonical_url="https://partner.example/original-story",
            ),
            actor=SYSTEM,
            now=services.clock(),
            article_id=lead.id,
        )
    page = head(client.get(f"/politics/{lead.slug}"))
    assert page.xpath('//link[@rel="canonical"]/@href') == [
        "https://partner.example/original-story"
    ]
    assert og(page, "og:url") == ["https://partner.example/original-story"]
    assert (
        json_ld(page)["NewsArticle"]["mainEntityOfPage"]["@id"]
        == "https://partner.example/original-story"
    )


def test_a_headline_cannot_break_out_of_the_json_ld(client, site) -> None:
    response = client.get(f"/politics/{site['unsigned'].slug}")
    assert "<script>alert(1)" not in response.text
    page = head(response)
    scripts = page.xpath("//script")
    # (and the words the page's scripts show, a JSON block of its own)
    assert [s.get("type") for s in scripts if s.get("type")] == [
        "application/json",
        "application/ld+json",
        "application/ld+json",
    ]
    data = json_ld(page)
    assert data["NewsArticle"]["headline"] == BREAKOUT
    assert data["BreadcrumbList"]["itemListElement"][-1]["name"] == BREAKOUT
    # No byline: the publisher is the author.
    assert data["NewsArticle"]["author"] == [
        {"@type": "Organization", "name": "The Post", "url": f"{BASE}/"}
    ]


def test_script_json_survives_every_polyglot_payload() -> None:
    payloads = [p for p in (XSS_DIR / "XSS_Polyglots.txt").read_text().splitlines() if p.strip()]
    payloads += [
        p for p in (XSS_DIR / "xss_payloads_quick.txt").read_text().splitlines() if p.strip()
    ]
    assert len(payloads) > 20
    for payload in payloads:
        document = f'<html><head><script type="application/ld+json">{script_json({"headline": payload})}</script></head><body><p id="after">x</p></body></html>'
        page = lxml_html.fromstring(document)
        scripts = page.xpath("//script")
        assert len(scripts) == 1, payload
        assert json.loads(scripts[0].text) == {"headline": payload}
        assert page.xpath('//p[@id="after"]'), payload


def test_home_page_has_website_with_search_action_and_site_feeds(client, site) -> None:
    page = head(client.get("/"))
    website = json_ld(page)["WebSite"]
    assert website["url"] == f"{BASE}/" and website["name"] == "The Post"
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == f"{BASE}/search?q={{search_term_string}}"
    assert action["query-input"] == "required name=search_term_string"
    assert feeds(page) == ["/feed/rss", "/feed/atom", "/feed/json"]
    types = page.xpath('//link[@rel="alternate"]/@type')
    assert types == ["application/rss+xml", "application/atom+xml", "application/feed+json"]
    assert page.xpath('//link[@rel="canonical"]/@href') == [f"{BASE}/"]
    assert og(page, "og:type") == ["website"]


def test_listing_pages_link_their_own_feeds_and_breadcrumbs(client, site) -> None:
    for path, own in [
        ("/politics", "/politics/feed/"),
        ("/tag/budget", "/tag/budget/feed/"),
        ("/author/jane-smith", "/author/jane-smith/feed/"),
    ]:
        page = head(client.get(path))
        links = feeds(page)
        assert links[:3] == [own + k for k in ("rss", "atom", "json")], path
        assert links[3:] == ["/feed/rss", "/feed/atom", "/feed/json"], path
        for link in links:
            assert client.get(link).status_code == 200, link
        crumbs = json_ld(page)["BreadcrumbList"]["itemListElement"]
        assert crumbs[-1]["item"] == BASE + path
        assert page.xpath('//link[@rel="canonical"]/@href') == [BASE + path]


def test_article_page_links_its_comments_and_section_feeds(client, site) -> None:
    lead = site["lead"]
    links = feeds(head(client.get(f"/politics/{lead.slug}")))
    assert links[:3] == [
        f"/politics/{lead.slug}/comments/feed/{k}" for k in ("rss", "atom", "json")
    ]
    assert links[3:6] == [f"/politics/feed/{k}" for k in ("rss", "atom", "json")]
    for link in links:
        assert client.get(link).status_code == 200, link


def test_later_pages_and_search_have_their_own_canonical(client, services, site) -> None:
    with services.writes.begin() as session:
        for _ in range(services.settings.page_size):
            f.article(services, session, section=site["politics"])
    page = head(client.get("/politics?page=2"))
    assert page.xpath('//link[@rel="canonical"]/@href') == [f"{BASE}/politics?page=2"]
    search = head(client.get("/search?q=budget"))
    assert search.xpath('//meta[@name="robots"]/@content') == ["noindex"]
