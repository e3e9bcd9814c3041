from thepost.content import text
from thepost.content.actions import ArticleInput
from thepost.content.page_actions import PageInput


def test_slugify_folds_accents_and_punctuation() -> None:
    assert text.slugify("Élan vital: Über café!") == "elan-vital-uber-cafe"
    assert text.slugify("   ") == "item"
    assert len(text.slugify("word " * 100)) <= 80
    assert text.slugify("Straße, Ølstykke & Œuvre") == "strasse-olstykke-oeuvre"


def test_slugify_keeps_the_letters_of_other_scripts() -> None:
    # Arabic without its short-vowel marks (headlines seldom carry them, readers never
    # type them), its digits kept; the marks of Cyrillic and Devanagari letters kept.
    assert text.slugify("الانتخابات البلدية ٢٠٢٦") == "الانتخابات-البلدية-٢٠٢٦"
    assert text.slugify("مُدَرِّسَة") == "مدرسة"
    assert text.slugify("Новый мэр: всё решено") == "новый-мэр-всё-решено"
    assert text.slugify("हिन्दी समाचार") == "हिन्दी-समाचार"
    assert text.slugify("北京 新闻, 한국어 뉴스") == "北京-新闻-한국어-뉴스"


def test_excerpt_cuts_at_a_word_boundary_with_an_ellipsis() -> None:
    source = "The council voted on Tuesday to approve a budget that includes new housing."
    cut = text.excerpt(source, 40)
    assert cut.endswith("...")
    assert source.startswith(cut[:-3])
    assert source[len(cut) - 3] == " "  # the word before the cut is whole
    assert text.excerpt("Short.", 40) == "Short."


def test_markdown_is_rendered_and_raw_html_is_escaped() -> None:
    html = text.render_body("Hello *world* <script>alert(1)</script>\n\n## Sub", {})
    assert "<em>world</em>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<h2>Sub</h2>" in html


def test_dangerous_links_are_dropped() -> None:
    html = text.render_body("[x](javascript:alert(1)) [y](https://example.org)", {})
    assert 'href="javascript' not in html
    assert 'href="https://example.org"' in html


def test_lone_image_paragraph_becomes_a_figure() -> None:
    def figure(image_id: int, alt: str, caption: str) -> str:
        return f'<figure><img src="/m/{image_id}.jpg" alt="{alt}"><figcaption>{caption}</figcaption></figure>'

    html = text.render_body('Before\n\n![A river](image:7 "High water")\n\nAfter', figure)
    assert (
        '<figure><img src="/m/7.jpg" alt="A river"><figcaption>High water</figcaption></figure>'
        in html
    )
    assert "<p><figure" not in html


def test_unknown_image_reference_disappears() -> None:
    assert "image:" not in text.render_body("![x](image:99)", lambda *_: None)


def test_imported_html_is_sanitised() -> None:
    html = text.clean_imported_html(
        '<p onclick="x()">Hi<img src=x onerror=alert(1)></p><iframe src="//e"></iframe>'
    )
    assert "onclick" not in html and "onerror" not in html and "iframe" not in html
    assert "<p>Hi" in html


def test_html_to_text_drops_figures_and_tags() -> None:
    assert (
        text.html_to_text(
            "<p>One &amp; two</p><figure><figcaption>Cap</figcaption></figure><p>Three</p>"
        )
        == "One & two Three"
    )
    # Inline tags join what they wrap to its neighbours; others part words.
    assert (
        text.html_to_text('<p>Won <em>7</em>, <a href="/x">lost</a> 2.<br>Next</p><p>Then</p>')
        == "Won 7, lost 2. Next Then"
    )
    assert text.html_to_text(
        "<p>H<sub>2</sub>O and <span\nclass=x>E=mc<sup>2</sup></span>.</p>"
    ) == ("H2O and E=mc2.")


def test_a_body_s_lines_end_in_a_newline_however_the_browser_sent_them() -> None:
    assert text.newlines("One.\r\n\r\nTwo.\rThree.\n") == "One.\n\nTwo.\nThree.\n"
    assert ArticleInput(title="T", body="a\r\nb").body == "a\nb"
    assert PageInput(title="T", body="a\r\nb").body == "a\nb"


def test_a_quote_marked_pullquote_is_set_as_a_pull_quote() -> None:
    html = text.render_body(
        "> [!pullquote]\n> We will rebuild it.\n>\n> — The mayor\n\n"
        "> [!pullquote]\n>\n> Marker alone on its line.\n\n"
        "> A plain quote.\n\n- > [!pullquote]\n  > in a list: a plain quote\n",
        {},
    )
    assert html.count('<figure class="pullquote"><blockquote>') == 2
    assert "<p>We will rebuild it.</p>\n<p>— The mayor</p>\n</blockquote></figure>" in html
    assert "<p>Marker alone on its line.</p>" in html and html.count("[!pullquote]") == 1
    assert "<blockquote>\n<p>A plain quote.</p>" in html
    assert text.html_to_text(html).startswith("A plain quote.")  # it repeats the story


def test_several_pictures_in_one_paragraph_are_a_gallery() -> None:
    def figure(image_id: int, alt: str, caption: str) -> str | None:
        return (
            f'<figure class="inline"><img src="/m/{image_id}.jpg" alt="{alt}"></figure>'
            if image_id < 9
            else None
        )

    html = text.render_body(
        '![Boats](image:1 "Dawn")\n![Nets](image:2)\n\n'  # a line each
        "![Quay](image:3) ![Crane](image:4)\n\n"  # side by side
        "![Alone](image:5)\n\n"
        "![Gone](image:9)\n![Also gone](image:10)\n\n"
        "Words and ![a picture](image:1)\n",
        figure,
    )
    assert html.count('<figure class="gallery">') == 2
    assert '<figure class="gallery"><figure class="inline"><img src="/m/1.jpg" alt="Boats">' in html
    assert '<figure class="inline"><img src="/m/5.jpg" alt="Alone"></figure>\n' in html
    assert "Gone" not in html  # unknown pictures show nothing
    assert html.count("<p>") == 1  # the paragraph with words stays one
