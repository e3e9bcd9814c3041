"""The catalogues under ``thepost/locale``: every language complete (no empty or fuzzy
entry, every plural form, the same placeholders and markup as the English), up to date
with the sources (what ``make messages`` extracts is what they hold), and no words in
the reader's or the newsroom's templates that skip gettext."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.frontend import CommandLineInterface
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from jinja2 import Environment

from thepost import i18n
from thepost.web.templating import TEMPLATE_DIR

ROOT = Path(__file__).resolve().parent.parent
LOCALE = Path(i18n.__file__).parent / "locale"
TRANSLATED = [tag for tag in i18n.LANGUAGES if tag != i18n.DEFAULT]
PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[#0 +-]*\d*(?:\.\d+)?[sdifr%]")
TAG = re.compile(r"</?[a-z][a-z0-9-]*")


def catalogue(tag: str) -> Catalog:
    with (LOCALE / tag / "LC_MESSAGES" / "messages.po").open("rb") as source:
        return read_po(source, locale=tag)


def messages(found: Catalog) -> list[Message]:
    return [m for m in found if m.id]


def placeholders(text: str) -> list[str]:
    return sorted(m.group(0) for m in PLACEHOLDER.finditer(text) if m.group(0) != "%%")


def tags(text: str) -> list[str]:
    return sorted(TAG.findall(text))


def single_numbers(found: Catalog) -> set[int]:
    """The plural forms that stand for one number alone (Arabic's zero, one and two):
    those may say their number in words, without its placeholder."""
    form = gettext.c2py(get_plural(str(found.locale)).plural_expr)
    seen: dict[int, set[int]] = {}
    for n in range(1000):
        seen.setdefault(form(n), set()).add(n)
    return {index for index, numbers in seen.items() if len(numbers) == 1}


def test_single_numbers() -> None:
    assert single_numbers(catalogue("ar")) == {0, 1, 2}
    assert single_numbers(catalogue("fr")) == set()  # "one" is 0 and 1


@pytest.mark.parametrize("tag", TRANSLATED)
def test_every_message_is_translated(tag: str) -> None:
    found = catalogue(tag)
    assert found.num_plurals == get_plural(tag).num_plurals
    problems = []
    for message in messages(found):
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(("fuzzy", message.id))
        if not all(strings):
            problems.append(("untranslated", message.id))
        if message.pluralizable and len(strings) != found.num_plurals:
            problems.append((f"{len(strings)} plural forms", message.id))
    assert problems == []


@pytest.mark.parametrize("tag", TRANSLATED)
def test_translations_keep_the_placeholders_and_markup(tag: str) -> None:
    found = catalogue(tag)
    alone = single_numbers(found)
    problems = []
    for message in messages(found):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = placeholders(ids[-1])
        assert all(placeholders(i) == wanted for i in ids), message.id
        for form, text in enumerate(strings):
            said = placeholders(text)
            if message.pluralizable and form in alone:
                ok = set(said) <= set(wanted) and len(set(wanted) - set(said)) <= 1
            else:
                ok = said == wanted
            if not ok:
                problems.append(("placeholders", message.id, text))
            if tags(text) != tags(ids[0]):
                problems.append(("markup", message.id, text))
    assert problems == []


def test_the_catalogues_hold_what_the_sources_say(tmp_path: Path) -> None:
    """Extracted as ``make messages`` extracts: a message added to a template or the
    code and not brought into the catalogues (and translated) fails here."""
    pot = tmp_path / "messages.pot"
    CommandLineInterface().run(
        [
            "pybabel",
            "--quiet",
            "extract",
            "-F",
            str(ROOT / "babel.cfg"),
            "-k",
            "N_plural:1,2",
            "-o",
            str(pot),
            str(ROOT),
        ]  # fmt: skip
    )
    with pot.open("rb") as source:
        extracted = {m.id for m in read_po(source) if m.id}
    assert extracted, "nothing extracted"
    for tag in TRANSLATED:
        held = {m.id for m in messages(catalogue(tag))}
        assert sorted(map(str, extracted - held)) == [], f"{tag}: not in the catalogue"
        assert sorted(map(str, held - extracted)) == [], f"{tag}: no longer in the sources"
    with (LOCALE / "messages.pot").open("rb") as source:
        assert {m.id for m in read_po(source) if m.id} == extracted


# Words a template may show as they are: not language (a letter standing for the logo).
NOT_WORDS = {
    "site/plain.html": ["P"],
    "admin/base.html": ["P"],
    "admin/login.html": ["P"],
    "admin/settings.html": ["https"],  # a web address's placeholder
}


def _shown_words(env: Environment, name: str, source: str) -> list[str]:
    """The literal words of a template a reader would see: its text outside tags,
    expressions and ``{% trans %}`` blocks, and its attributes people read (``alt``,
    ``title``, ``placeholder``, ``aria-label``), with scripts, styles and comments left
    out."""
    parts, translating, last = [], False, ""
    for _, kind, value in env.lex(source, name):
        if kind == "name" and last == "block_begin":
            translating = {"trans": True, "endtrans": False}.get(value, translating)
        parts.append(value if kind == "data" and not translating else " ")
        last = kind if kind != "whitespace" else last
    literal = "".join(parts)
    literal = re.sub(r"<(script|style|mj-style|mj-attributes)\b.*?</\1>", " ", literal, flags=re.S)
    literal = re.sub(r"<!--.*?-->", " ", literal, flags=re.S)
    read = re.findall(r'\b(?:alt|title|placeholder|aria-label)="([^"]*)"', literal)
    text = re.sub(r'[\w:-]+="[^"]*"', " ", literal)  # attributes, in tags or macros
    text = re.sub(r"<[^>]*>", " ", text)
    text = re.sub(r"&[a-z]+;|&#\d+;", " ", text)
    found = re.findall(r"[^\W\d_]+", " ".join([text, *read]))
    return [w for w in found if w not in NOT_WORDS.get(name, [])]


def test_the_templates_say_nothing_past_gettext() -> None:
    env = Environment(extensions=["jinja2.ext.i18n"])
    loose = {}
    for folder in ("site", "email", "admin"):
        for path in sorted((TEMPLATE_DIR / folder).iterdir()):
            name = f"{folder}/{path.name}"
            if words := _shown_words(env, name, path.read_text()):
                loose[name] = words
    assert loose == {}
