"""WordPress exports read and written as streams: WordPress's theme unit test export read
whole and sampled, the older WXR versions, hostile files refused fast and small, faults
reported where they are, round trips through the writer, and memory that does not grow
with the file."""

from __future__ import annotations

import importlib.util
import io
import re
import time
import tracemalloc
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import fields, is_dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from thepost.wordpress import wxr
from thepost.wordpress.records import Author, Comment, Item, ItemTerm, Record, Site, Term
from thepost.wordpress.wxr import WXRError, read, write, xml_safe

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT.parent / "shared" / "fixtures" / "wordpress" / "themeunittestdata.wordpress.xml"
MB = 1024 * 1024


@pytest.fixture(scope="module")
def records() -> list[Record]:
    return list(read(FIXTURE))


def _of(records: list[Record], kind: type) -> list[Any]:
    return [record for record in records if isinstance(record, kind)]


def _item(records: list[Record], wp_id: int) -> Item:
    return next(item for item in _of(records, Item) if item.wp_id == wp_id)


# -- the theme unit test export --------------------------------------------------------


def _counted_by_hand() -> Counter[str]:
    """The fixture counted with the standard library's tree parser, not with ``read``."""
    wp = "{https://wordpress.org/export/1.2/}"
    channel = ET.parse(FIXTURE).getroot().find("channel")
    assert channel is not None
    counts: Counter[str] = Counter()
    for item in channel.iter("item"):
        counts[f"items:{item.findtext(f'{wp}post_type')}"] += 1
        counts["comments"] += len(item.findall(f"{wp}comment"))
    counts["authors"] = len(channel.findall(f"{wp}author"))
    counts["terms:category"] = len(channel.findall(f"{wp}category"))
    counts["terms:post_tag"] = len(channel.findall(f"{wp}tag"))
    for term in channel.findall(f"{wp}term"):
        counts[f"terms:{term.findtext(f'{wp}term_taxonomy')}"] += 1
    return counts


def test_fixture_counts_match_an_independent_count(records: list[Record]) -> None:
    by_hand = _counted_by_hand()
    assert by_hand["items:post"] == 58
    assert by_hand["items:page"] == 21
    assert by_hand["items:attachment"] == 37
    assert by_hand["items:nav_menu_item"] == 70
    assert by_hand["authors"] == 2
    assert by_hand["comments"] == 33
    # 68 <wp:category>, 110 <wp:tag>; one <wp:term> is a category again, six are menus
    assert (by_hand["terms:category"], by_hand["terms:post_tag"]) == (69, 110)
    assert by_hand["terms:nav_menu"] == 6

    counted = wxr.count(FIXTURE)
    assert {key: counted[key] for key in by_hand} == dict(by_hand)
    assert counted["items"] == 186
    assert counted["terms"] == 69 + 110 + 6

    assert isinstance(records[0], Site)
    assert len(_of(records, Site)) == 1
    assert len(_of(records, Item)) == 186
    assert Counter(item.post_type for item in _of(records, Item))["nav_menu_item"] == 70
    assert sum(len(item.comments) for item in _of(records, Item)) == 33


def test_fixture_records_come_in_file_order(records: list[Record]) -> None:
    kinds = [type(record).__name__ for record in records]
    first_item = kinds.index("Item")
    assert kinds[1:3] == ["Author", "Author"]
    assert set(kinds[3:first_item]) == {"Term"}
    assert set(kinds[first_item:]) == {"Item"}


def test_fixture_site_and_authors(records: list[Record]) -> None:
    assert records[0] == Site(
        title="Theme Unit Test Data",
        link="https://wpthemetestdata.wordpress.com",
        description="Just another WordPress website with a purposefully really long description",
        language="en",
        wxr_version="1.2",
        base_site_url="https://wordpress.com/",
        base_blog_url="https://wpthemetestdata.wordpress.com",
    )
    assert _of(records, Author)[1] == Author(
        login="themereviewteam",
        email="themereviewteam@gmail.com",
        display_name="Theme Reviewer",
        first_name="Theme",
        last_name="Review",
        wp_id=None,  # WordPress.com exports give authors no id
    )


def test_fixture_samples(records: list[Record]) -> None:
    terms = {(term.kind, term.slug): term for term in _of(records, Term)}
    assert terms["category", "child-2"].parent_slug == "child-1"
    assert terms["category", "child-1"].parent_slug == "parent"
    assert terms["category", "parent"].parent_slug == ""
    assert terms["nav_menu", "all-pages"].name == "All Pages"

    [sticky] = [item for item in _of(records, Item) if item.sticky]
    assert (sticky.wp_id, sticky.slug) == (1241, "template-sticky")
    assert ItemTerm("post_tag", "sticky-2", "sticky") in sticky.terms

    scheduled = _item(records, 1153)
    assert (scheduled.title, scheduled.status) == ("Scheduled", "future")
    assert scheduled.date_gmt == datetime(2030, 1, 1, 19, 0, 18, tzinfo=UTC)
    assert scheduled.date_local == datetime(2030, 1, 1, 12, 0, 18)
    assert scheduled.date_local.tzinfo is None

    [protected] = [item for item in _of(records, Item) if item.password]
    assert protected.password == "enter"
    assert _item(records, 1164).status == "draft"

    block_category = _item(records, 51)
    assert block_category.meta["_thumbnail_id"] == "761"
    thumbnail = _item(records, 761)
    assert thumbnail.post_type == "attachment"
    assert thumbnail.attachment_url.startswith("https://")
    assert "<!-- wp:paragraph -->" in block_category.content


def test_fixture_threaded_comments(records: list[Record]) -> None:
    threads = [item for item in _of(records, Item) if any(c.parent_id for c in item.comments)]
    assert threads
    for item in threads:
        ids = {comment.wp_id for comment in item.comments}
        assert {c.parent_id for c in item.comments if c.parent_id} <= ids
    every = {c.wp_id: c for item in _of(records, Item) for c in item.comments}
    assert every[905] == Comment(
        wp_id=905,
        content="Comment Depth 02",
        author="Jane Bloggs",
        author_email="example@example.org",
        author_url="http://example.org/",
        date_gmt=datetime(2013, 3, 14, 15, 1, 21, tzinfo=UTC),
        approved="1",
        parent_id=904,
    )
    assert every[904].parent_id == 0
    assert every[1017].approved == "0"


def test_sources_path_string_and_open_file() -> None:
    with FIXTURE.open("rb") as stream:
        from_file = list(read(stream))
        assert not stream.closed  # the caller's file stays the caller's
    assert list(read(str(FIXTURE))) == from_file


# -- older versions, and what a hand-made export gets wrong ------------------------------


def _export(wp: str, excerpt: str, version: str, item: str = "", channel: str = "") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="{excerpt}" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="{wp}">
<channel>
<title>Old Blog</title>
<link>http://old.example.com</link>
<description>Since 2008</description>
<language>en</language>
<wp:wxr_version>{version}</wp:wxr_version>
<wp:base_site_url>http://old.example.com</wp:base_site_url>
<wp:base_blog_url>http://old.example.com</wp:base_blog_url>
{channel}
<wp:category><wp:category_nicename>news</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[News]]></wp:cat_name></wp:category>
<wp:tag><wp:tag_slug>rain</wp:tag_slug><wp:tag_name><![CDATA[Rain]]></wp:tag_name></wp:tag>
<item>
<title>Hello</title>
<link>http://old.example.com/?p=1</link>
<dc:creator>admin</dc:creator>
<guid isPermaLink="false">http://old.example.com/?p=1</guid>
<content:encoded><![CDATA[<p>Body &amp; soul</p>]]></content:encoded>
<excerpt:encoded><![CDATA[Short]]></excerpt:encoded>
<wp:post_id>1</wp:post_id>
<wp:post_date>2008-03-14 09:30:00</wp:post_date>
<wp:post_date_gmt>2008-03-14 08:30:00</wp:post_date_gmt>
<wp:status>publish</wp:status>
<wp:post_type>post</wp:post_type>
<category><![CDATA[News]]></category>
<category domain="category" nicename="news"><![CDATA[News]]></category>
<category domain="tag"><![CDATA[Rain]]></category>
<category domain="tag" nicename="rain"><![CDATA[Rain]]></category>
{item}
</item>
</channel>
</rss>
""".encode()


@pytest.mark.parametrize(
    ("version", "wp", "excerpt"),
    [
        ("1.0", "http://wordpress.org/export/1.0/", "http://wordpress.org/export/1.0/excerpt/"),
        ("1.1", "http://wordpress.org/export/1.1/", "http://wordpress.org/export/1.1/excerpt/"),
        ("1.2", "http://wordpress.org/export/1.2/", "http://wordpress.org/export/1.2/excerpt/"),
        ("1.2", "https://wordpress.org/export/1.2/", "https://wordpress.org/export/1.2/excerpt/"),
        ("1.1", "http://wordpress.org/export/1.1/", "http://wordpress.org/export/1.0/excerpt/"),
    ],
)
def test_every_wxr_version_reads_alike(version: str, wp: str, excerpt: str) -> None:
    site, category, tag, item = read(io.BytesIO(_export(wp, excerpt, version)))
    old = "http://old.example.com"
    assert site == Site("Old Blog", old, "Since 2008", "en", version, old, old)
    assert category == Term(kind="category", slug="news", name="News")
    assert tag == Term(kind="post_tag", slug="rain", name="Rain")
    assert item == Item(
        wp_id=1,
        title="Hello",
        link="http://old.example.com/?p=1",
        guid="http://old.example.com/?p=1",
        creator="admin",
        content="<p>Body &amp; soul</p>",
        excerpt="Short",
        date_gmt=datetime(2008, 3, 14, 8, 30, tzinfo=UTC),
        date_local=datetime(2008, 3, 14, 9, 30),
        # RSS's own <category> is no term; WXR 1.0's "tag" domain is post_tag
        terms=[ItemTerm("category", "news", "News"), ItemTerm("post_tag", "rain", "Rain")],
    )


def test_junk_numbers_and_dates_and_unknown_elements_are_not_errors() -> None:
    junk = f"""
<wp:post_id>abc</wp:post_id><wp:menu_order></wp:menu_order><wp:post_parent>{"9" * 5000}</wp:post_parent>
<wp:post_date>yesterday</wp:post_date><wp:post_date_gmt>0000-00-00 00:00:00</wp:post_date_gmt>
<wp:is_sticky>yes</wp:is_sticky><wp:post_modified>2008-03-14 09:30:00</wp:post_modified>
<x:rating xmlns:x="urn:example:x"><x:stars>5</x:stars></x:rating>
<wp:postmeta><wp:meta_key>_edit_last</wp:meta_key><wp:meta_value>1</wp:meta_value></wp:postmeta>
<wp:postmeta><wp:meta_key>_edit_last</wp:meta_key><wp:meta_value>2</wp:meta_value></wp:postmeta>
<wp:comment><wp:comment_id>x</wp:comment_id><wp:comment_parent>-</wp:comment_parent>
<wp:comment_date_gmt>not a date</wp:comment_date_gmt><wp:comment_user_id/></wp:comment>"""
    channel = "<wp:author><wp:author_id>many</wp:author_id><wp:author_login>a</wp:author_login></wp:author><generator>x</generator>"
    wp = "http://wordpress.org/export/1.2/"
    records = list(read(io.BytesIO(_export(wp, wp + "excerpt/", "1.2", junk, channel))))
    author, item = records[1], records[-1]
    assert author == Author(login="a", wp_id=None)
    assert isinstance(item, Item)
    assert (item.wp_id, item.menu_order, item.parent_id, item.sticky) == (0, 0, 0, False)
    assert (item.date_local, item.date_gmt) == (None, None)
    assert item.meta == {"_edit_last": "2"}  # the last wins
    assert item.comments == [Comment(wp_id=0, parent_id=0, user_id=0, date_gmt=None)]


# -- files refused -----------------------------------------------------------------------

WXR_BODY = (
    '<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
    "<title>{title}</title><wp:wxr_version>1.2</wp:wxr_version>"
    "<item><title>{title}</title><wp:post_id>1</wp:post_id></item></channel></rss>"
)


def _billion_laughs() -> str:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)
    ]
    return f"<!DOCTYPE rss [{''.join(entities)}]>" + WXR_BODY.format(title="&lol9;")


def _quadratic_blowup() -> str:
    entity = '<!ENTITY a "' + "x" * 100_000 + '">'
    return f"<!DOCTYPE rss [{entity}]>" + WXR_BODY.format(title="&a;" * 100_000)


ATTACKS: dict[str, Callable[[], str]] = {
    "billion laughs": _billion_laughs,
    "quadratic blowup": _quadratic_blowup,
    "external entity": lambda: (
        '<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + WXR_BODY.format(title="&x;")
    ),
    "external DTD": lambda: (
        '<!DOCTYPE rss SYSTEM "http://127.0.0.1:9/x.dtd">' + WXR_BODY.format(title="t")
    ),
    "parameter entity": lambda: (
        '<!DOCTYPE rss [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p;]>'
        + WXR_BODY.format(title="t")
    ),
}


@pytest.mark.parametrize("attack", ATTACKS)
def test_hostile_files_are_refused_fast_small_and_before_any_record(
    attack: str, tmp_path: Path
) -> None:
    path = tmp_path / "export.xml"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n' + ATTACKS[attack]())
    records = read(path)
    tracemalloc.start()
    began = time.perf_counter()
    try:
        with pytest.raises(WXRError, match="declares a DTD or entities.*refusing it"):
            next(records)  # the DTD precedes the root: not even the Site comes out
        elapsed = time.perf_counter() - began
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert elapsed < 1.0
    assert peak < 64 * MB


def test_a_file_cut_short_says_where(tmp_path: Path) -> None:
    whole = FIXTURE.read_bytes()
    cut = whole[: len(whole) // 2]
    path = tmp_path / "export.xml"
    path.write_bytes(cut)
    got: list[Record] = []
    with pytest.raises(WXRError) as raised:
        got.extend(read(path))
    line = cut.count(b"\n") + 1
    assert re.fullmatch(
        rf"The file is not well-formed XML at line {line}, column \d+: .+\.", str(raised.value)
    )
    assert len(_of(got, Item)) > 50  # what came before the cut was read, as it streamed


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b'<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>',
            "Not a WordPress export: the document is <html>",
        ),
        (
            b'<rss version="2.0"><channel><title>News</title><item><title>A</title></item></channel></rss>',
            "Not a WordPress export: its channel has no <wp:wxr_version>",
        ),
        (
            b'<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>one</wp:wxr_version></channel></rss>',
            "Not a WordPress export: its WXR version 'one'",
        ),
        (
            b'<rss version="2.0"><title>x</title></rss>',
            "Not a WordPress export: the <rss> document holds no <channel>",
        ),
        (
            b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
            "not well-formed XML at line 1, column 9: not well-formed (invalid token)",
        ),
        (
            b"title,date\nHello,2019-03-14\n",
            "not well-formed XML at line 1, column 1: syntax error",
        ),
        (b"", "not well-formed XML at line 1, column 1: no element found"),
        (b"<rss><channel></rss>", "not well-formed XML at line 1, column 17: mismatched tag"),
        (
            b'<?xml version="1.0" encoding="shift_jis"?><rss/>',
            "character encoding cannot be read (multi-byte encodings are not supported)",
        ),
        (b'<?xml version="1.0" encoding="x-none"?><rss/>', "encoding cannot be read (unknown"),
    ],
)
def test_what_is_not_an_export_is_said_plainly(content: bytes, message: str) -> None:
    with pytest.raises(WXRError, match=re.escape(message)):
        list(read(io.BytesIO(content)))


# -- writing -----------------------------------------------------------------------------


def _written(records: list[Record]) -> bytes:
    out = io.BytesIO()
    write(out, records)
    return out.getvalue()


def test_the_fixture_round_trips(records: list[Record]) -> None:
    written = _written(records)
    again = list(read(io.BytesIO(written)))
    assert len(again) == len(records)
    for before, after in zip(records, again, strict=True):
        assert after == before
    assert _written(again) == written  # and writing is deterministic


def _element_names(source: Path | bytes) -> set[str]:
    stream = io.BytesIO(source) if isinstance(source, bytes) else source.open("rb")
    with stream:
        return {
            elem.tag.replace("https://wordpress.org/", "http://wordpress.org/")
            for _, elem in ET.iterparse(stream)
            if not elem.tag.startswith("{http://www.w3.org/1999/xhtml}")
        }


def test_written_files_use_wordpress_s_own_elements_and_namespaces(records: list[Record]) -> None:
    written = _written(records)
    head = written[:1000].decode()
    for declaration in (
        'xmlns:wp="http://wordpress.org/export/1.2/"',
        'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"',
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"',
        'xmlns:wfw="http://wellformedweb.org/CommentAPI/"',
        'xmlns:dc="http://purl.org/dc/elements/1.1/"',
    ):
        assert declaration in head
    # WordPress's export.php also writes these two; the WordPress.com fixture has none
    wordpress_writes = _element_names(FIXTURE) | {
        "{http://wordpress.org/export/1.2/}author_id",
        "{http://wordpress.org/export/1.2/}term_description",
    }
    assert _element_names(written) <= wordpress_writes
    # WordPress's fallback parser reads an author, and the version, from one line
    assert re.search(rb"\n\t<wp:author>.*</wp:author>\n", written)
    assert b"\n\t<wp:wxr_version>1.2</wp:wxr_version>\n" in written


HOSTILE = [
    "]]>",
    "a]]>b]]]]>c<![CDATA[d]]>",
    "<script>alert('x')</script>",
    "&amp; &lt; &#0; & &unknown; <!-- --> <?pi?>",
    "nul\x00 bell\x07 vt\x0b ff\x0c esc\x1b us\x1f del\x7f c1\x85",
    "lone \ud800 and \udfff surrogates, a pair \ud83d\ude00 too",
    "not characters: \ufffe \uffff",
    "astral 👩🏽‍💻 🎉 𝄞 𠜎",
    "RTL שלום עולם مرحبا بالعالم \u202eevil\u202c",
    "line ends\r\nwindows\rold mac\n\u2028\u2029",
    "  quotes \" ' and\ttabs  ",
    "",
]


def _hostile(n: int) -> str:
    return HOSTILE[n % len(HOSTILE)] + HOSTILE[(n * 7 + 3) % len(HOSTILE)]


def _hostile_records() -> list[Record]:
    counter = iter(range(1000))

    def h() -> str:
        return _hostile(next(counter))

    comment = Comment(
        wp_id=7,
        content=h(),
        author=h(),
        author_email=h(),
        author_url=h(),
        author_ip=h(),
        date_gmt=datetime(2019, 3, 14, 9, 30, 5, tzinfo=UTC),
        approved=h(),
        type=h(),
        parent_id=-1,
        user_id=3,
    )
    return [
        Site(h(), h(), h(), h(), "1.2", h(), h()),
        Author(h(), h(), h(), h(), h(), 4),
        Author(h(), wp_id=None),
        Term("category", h(), h(), 9, h(), h()),
        Term("post_tag", h(), h(), None, "", h()),
        Term("genre" + h(), h(), h(), 10, h(), h()),
        Item(
            wp_id=12,
            post_type=h(),
            title=h(),
            link=h(),
            guid=h(),
            creator=h(),
            content=h(),
            excerpt=h(),
            date_gmt=datetime(2019, 3, 14, 9, 30, tzinfo=UTC),
            date_local=datetime(2019, 3, 14, 10, 30),
            status=h(),
            slug=h(),
            parent_id=2,
            menu_order=-3,
            password=h(),
            sticky=True,
            comment_status=h(),
            attachment_url=h(),
            terms=[ItemTerm("category" + h(), h(), h()), ItemTerm(h(), "", "")],
            meta={f"key{n}" + h(): h() for n in range(5)},
            comments=[comment, replace(comment, wp_id=8, parent_id=7, date_gmt=None)],
        ),
        Item(wp_id=13, date_gmt=None, date_local=None),
    ]


def _cleaned(value: Any) -> Any:
    """``value`` with every string in it as the writer writes it."""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, list):
        return [_cleaned(v) for v in value]
    if isinstance(value, dict):
        return {_cleaned(k): _cleaned(v) for k, v in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{f.name: _cleaned(getattr(value, f.name)) for f in fields(value)})
    return value


def test_hostile_strings_round_trip_as_cleaned() -> None:
    records = _hostile_records()
    written = _written(records)
    ET.fromstring(written)  # well-formed for any XML parser, not only ours
    assert list(read(io.BytesIO(written))) == _cleaned(records)
    assert b"]]]]><![CDATA[>" in written


def test_xml_safe_keeps_what_xml_can_hold() -> None:
    assert xml_safe("a\x00b\x1fc\ud800d\ufffee\uffff") == "abcde"
    assert xml_safe("one\r\ntwo\rthree\n") == "one\ntwo\nthree\n"
    kept = "\t\n é 𝄞 👩🏽‍💻 \u2028 \x7f \ue000 \ufffd \U0010ffff"
    assert xml_safe(kept) == kept


def test_writer_needs_the_site_first_or_not_at_all() -> None:
    lone = list(read(io.BytesIO(_written([Item(wp_id=1, title="Only")]))))
    assert lone == [Site(wxr_version="1.2"), Item(wp_id=1, title="Only")]
    assert list(read(io.BytesIO(_written([])))) == [Site(wxr_version="1.2")]
    with pytest.raises(ValueError, match="first"):
        _written([Site(), Item(wp_id=1), Site()])
    with pytest.raises(TypeError):
        _written([Site(), ItemTerm("category", "news")])  # type: ignore[list-item]


# -- memory ------------------------------------------------------------------------------


def _lean_export(posts: int) -> Iterator[Record]:
    yield Site(title="Memory", wxr_version="1.2")
    for n in range(posts):
        yield Item(
            wp_id=n + 1,
            title=f"Post {n}",
            content="<!-- wp:paragraph --><p>" + "word " * 80 + "</p><!-- /wp:paragraph -->",
            date_gmt=datetime(2020, 1, 1, tzinfo=UTC),
            terms=[ItemTerm("category", "news", "News")],
            meta={"_edit_last": "1"},
            comments=[Comment(wp_id=n + 1, content="Agreed.")] if n % 10 == 0 else [],
        )


def _peak(work: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _write_file(path: Path, posts: int) -> None:
    with path.open("wb") as out:
        write(out, _lean_export(posts))


def _read_all(path: Path) -> None:
    for _ in read(path):
        pass


def test_memory_stays_flat_whatever_the_size(tmp_path: Path) -> None:
    small, large = tmp_path / "small.xml", tmp_path / "large.xml"
    _write_file(small, 2_000)
    _write_file(large, 20_000)
    assert large.stat().st_size > 9 * small.stat().st_size
    _read_all(small)  # caches warm before anything is measured
    read_small = _peak(lambda: _read_all(small))
    read_large = _peak(lambda: _read_all(large))
    assert read_large < 2 * read_small
    assert read_large < 4 * MB
    write_small = _peak(lambda: _write_file(tmp_path / "written.xml", 1_000))
    write_large = _peak(lambda: _write_file(tmp_path / "written.xml", 10_000))
    assert write_large < 2 * write_small
    assert write_large < 4 * MB


# -- the benchmark's generator -----------------------------------------------------------


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location(
        "wxr_generate", ROOT / "bench" / "wxr_generate.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_export_is_realistic_and_repeatable() -> None:
    generate = _generator().generate
    out = io.BytesIO()
    generate(out, 60, 4, seed=7)
    again, other = io.BytesIO(), io.BytesIO()
    generate(again, 60, 4, seed=7)
    generate(other, 60, 4, seed=8)
    assert out.getvalue() == again.getvalue() != other.getvalue()

    records = list(read(io.BytesIO(out.getvalue())))
    counted = wxr.count(io.BytesIO(out.getvalue()))
    assert (counted["authors"], counted["items:post"]) == (3, 60)
    terms = _of(records, Term)
    assert any(term.parent_slug for term in terms if term.kind == "category")
    assert counted["terms:post_tag"] > 10
    items = _of(records, Item)
    published = [item for item in items if item.status == "publish"]
    assert published
    for item in published:
        assert re.fullmatch(r"https://example\.org/\d{4}/\d{2}/\d{2}/[a-z-]+/", item.link)
        assert item.guid == f"https://example.org/?p={item.wp_id}"
        assert item.date_gmt and item.date_local
        words = len(re.sub(r"<[^>]+>", " ", item.content).split())
        assert 300 < words < 550
        for block in ("paragraph", "heading", "list", "quote"):
            assert f"<!-- wp:{block}" in item.content
        assert {term.domain for term in item.terms} >= {"category"}
        ids = [comment.wp_id for comment in item.comments]
        assert len(ids) == 4
        assert all(c.parent_id in ids[: ids.index(c.wp_id)] for c in item.comments if c.parent_id)
    comments = [comment for item in items for comment in item.comments]
    assert any(comment.parent_id for comment in comments)
    assert {comment.approved for comment in comments} >= {"1", "0"}
    assert {comment.approved for comment in comments} <= {"1", "0", "spam"}
