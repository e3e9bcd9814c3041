"""The block parser: WordPress's grammar (namespaces, attributes, void and nested blocks,
freeform HTML between them), its forgiving reading of broken markup, and its time on
hostile posts."""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from thepost.wordpress.convert.blocks import Block, parse, walk

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT.parent / "shared" / "fixtures" / "wordpress" / "themeunittestdata.wordpress.xml"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


def test_names_take_the_core_namespace_unless_they_name_one() -> None:
    blocks = parse(
        "<!-- wp:paragraph --><p>a</p><!-- /wp:paragraph -->"
        '<!-- wp:jetpack/map {"zoom":5} /-->'
        "<!-- wp:core/separator /-->"
    )
    assert [b.name for b in blocks] == ["core/paragraph", "jetpack/map", "core/separator"]
    assert blocks[0].inner_html == "<p>a</p>"
    assert blocks[1].attrs == {"zoom": 5}


def test_html_between_blocks_is_freeform() -> None:
    blocks = parse("<p>classic block</p>\n\n<!-- wp:separator /-->\nafter")
    assert [(b.name, b.inner_html) for b in blocks] == [
        ("", "<p>classic block</p>\n\n"),
        ("core/separator", ""),
        ("", "\nafter"),
    ]
    assert [b.name for b in parse("No blocks at all.\n\nA classic post.")] == [""]


def test_attributes_are_json_with_the_editors_escapes() -> None:
    (block,) = parse(
        '<!-- wp:paragraph {"placeholder":"\\u002d\\u002d\\u003e ends a comment","level":3} -->'
        "<p>x</p><!-- /wp:paragraph -->"
    )
    assert block.attrs == {"placeholder": "--> ends a comment", "level": 3}
    assert block.inner_html == "<p>x</p>"


def test_attributes_that_are_not_a_json_object_are_empty() -> None:
    deep = '{"a":' + "[" * 100_000 + "]" * 100_000 + "}"  # past json's recursion limit
    for attrs in ("{bad json}", '{"a": [1, }', '{"a":1}}', deep):
        (block,) = parse(f"<!-- wp:heading {attrs} --><h2>T</h2><!-- /wp:heading -->")
        assert (block.name, block.attrs, block.inner_html) == ("core/heading", {}, "<h2>T</h2>")


def test_inner_blocks_stand_in_their_parents_content() -> None:
    (columns,) = parse(
        '<!-- wp:columns --><div class="wp-block-columns"><!-- wp:column -->\n'
        '<div class="wp-block-column"><!-- wp:paragraph -->\n<p>One</p>\n<!-- /wp:paragraph --></div>\n'
        "<!-- /wp:column -->\n\n<!-- wp:column -->\n"
        '<div class="wp-block-column"><!-- wp:image {"id":611} -->\n<figure><img src="a.jpg"/></figure>\n'
        "<!-- /wp:image --></div>\n<!-- /wp:column --></div>\n<!-- /wp:columns -->"
    )
    assert [c.name for c in columns.inner_blocks] == ["core/column", "core/column"]
    assert columns.inner_content == [
        '<div class="wp-block-columns">',
        None,
        "\n\n",
        None,
        "</div>\n",
    ]
    first, second = columns.inner_blocks
    assert first.inner_blocks[0].inner_html == "\n<p>One</p>\n"
    assert second.inner_blocks[0].attrs == {"id": 611}
    assert [b.name for b in walk([columns])] == [
        "core/columns", "core/column", "core/paragraph", "core/column", "core/image",
    ]  # fmt: skip


def test_broken_nesting_is_read_as_wordpress_reads_it() -> None:
    # A closer closes the innermost open block whatever its name; a stray closer is left
    # as a comment; blocks open at the end close there.
    blocks = parse(
        "<!-- /wp:quote -->a<!-- wp:group --><!-- wp:quote -->b<!-- /wp:group -->c<!-- wp:list -->d"
    )
    assert [b.name for b in blocks] == ["", "core/group"]
    (group,) = blocks[1:]
    assert [b.name for b in group.inner_blocks] == ["core/quote", "core/list"]
    assert group.inner_blocks[0].inner_html == "b"
    assert group.inner_content == [None, "c", None]
    assert group.inner_blocks[1].inner_html == "d"


def test_comments_that_only_look_like_blocks_are_html() -> None:
    for html in (
        "<!-- wp:Paragraph -->",
        "<!--wp:paragraph -->",
        "<!-- wp:paragraph-->",
        "<!-- wp: -->",
    ):
        assert [b.name for b in parse(html)] == [""]


def test_every_block_of_the_theme_unit_test_export_is_found() -> None:
    contents = [e.text or "" for e in ET.parse(FIXTURE).getroot().iter(CONTENT)]
    openers = sum(len(re.findall(r"<!-- wp:", c)) for c in contents)
    found = [b for c in contents for b in walk(parse(c)) if b.name]
    assert openers == 609
    assert len(found) == openers


def test_hostile_posts_take_linear_time_and_no_recursion() -> None:
    cases = {
        "unclosed openers": "<!-- wp:" * 100_000,
        "unclosed blocks": "<!-- wp:paragraph -->" * 100_000,
        "unclosed attributes": '<!-- wp:a {"x":' * 100_000 + "} -->",
        "stray closers": "<!-- /wp:a -->" * 100_000,
        "deep nesting": "<!-- wp:group --><div>" * 10_000
        + "<p>x</p>"
        + "</div><!-- /wp:group -->" * 10_000,
    }
    for name, post in cases.items():
        # This thread's CPU time (servers other tests left running in this process do not
        # count), bounded far above a linear parse's and far below a quadratic one's.
        began = time.thread_time()
        blocks = parse(post)
        count = sum(1 for _ in walk(blocks))
        assert time.thread_time() - began < 5, name
        assert count in (1, 10_000, 100_000), name
    deepest = parse(cases["deep nesting"])[0]
    for _ in range(9_999):
        deepest = deepest.inner_blocks[0]
    assert isinstance(deepest, Block) and deepest.inner_html == "<div><p>x</p></div>"
