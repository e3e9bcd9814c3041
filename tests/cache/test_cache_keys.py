"""What a cached page is kept under: the path and the query parameters its page reads
(``web.routes.QUERY``), so that made-up parameters cannot make a render and a slot each."""

from __future__ import annotations

from statements import recorded
from thepost.content import redirects
from thepost.web import routes

PATH = "/news/the-bridge-reopens"


def renders(services, client, urls: list[str]) -> int:
    """How many of ``urls`` reached the database (were rendered, not answered from memory)."""
    rendered = 0
    for url in urls:
        with recorded(services.engine) as seen:
            assert client.get(url).status_code == 200, url
        rendered += bool(seen)
    return rendered


def test_made_up_parameters_make_one_page(client, services, story) -> None:
    urls = [f"/?x={n}" for n in range(50)] + [f"/news?utm_source=a&junk={n}" for n in range(20)]
    assert renders(services, client, ["/", "/news", *urls]) == 2
    assert len(client.app.page_cache.store) == 2


def test_a_page_is_keyed_on_what_it_reads(client, services, story) -> None:
    assert renders(services, client, ["/search?q=bridge&x=1", "/search?x=2&q=bridge"]) == 1
    assert renders(services, client, ["/search?q=ferry"]) == 1  # q is read: a page of its own
    # junk and 1 are the first page, as the section page reads them
    assert renders(services, client, ["/news", "/news?page=1", "/news?page=abc"]) == 1
    assert renders(services, client, [f"{PATH}?replytocom=x", PATH]) == 1


def test_every_keyed_route_is_in_the_table() -> None:
    names = {getattr(route, "name", "") for route in routes.table()}
    assert set(routes.QUERY) <= names


def test_the_parameters_a_page_reads_are_the_ones_keyed(client, services, story) -> None:
    reads = routes.query_reads(client.app.router.routes)
    assert set(reads("/search")) >= {"q", "page", "sort", "section", "tag", "author"}
    assert set(reads(PATH)) == {"replytocom", "entry"}  # entry: a live blog entry's link
    assert set(reads("/news")) == {"page"}
    assert set(reads("/")) == set(redirects.QUERY_KEYS)  # old plain permalinks: /?p=12
    assert reads("/feed/rss") == {}
    # the same pages in another language read the same
    assert set(reads("/es/search")) == set(reads("/search"))
    assert set(reads("/es/news")) == {"page"} and set(reads("/es" + PATH)) == set(reads(PATH))
