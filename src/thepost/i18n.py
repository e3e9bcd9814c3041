"""The languages the site speaks: which ones, which way each is written, and their
translations.

The site's language is a newsroom setting (``SiteSettings.language``); every string the
reader's site and its emails show goes through gettext in it, and dates are written the
way the language writes them (Babel's CLDR data). The catalogues are the ``.po`` files
under ``locale/`` (``make messages`` brings them up to date with the sources), read once
per process when a language is first asked for; English is the messages themselves::

    _ = translations("es-MX").gettext
    _("Leave a Reply")                             # "Deja una respuesta"

Code below the web layer does not know who will read what it says: it marks a message
with ``N_`` (``N_plural`` when it counts), which keeps the English text as it was and
remembers the message and its values, and the page or email that shows it translates
it (``translate``)::

    raise ValidationError({"name": N_("At most %(limit)s characters (%(given)s given).",
                                      limit=100, given=1200)})
    str(exc.errors["name"])                       # "At most 100 characters (1,200 given)."
    translate(exc.errors["name"], "de")           # "Höchstens 100 Zeichen (eingegeben: 1.200)."

A list among the values is joined as the language joins one ("A, B and C", "A, B y C").
"""

from __future__ import annotations

import functools
import gettext
from collections.abc import Mapping
from io import BytesIO
from pathlib import Path
from typing import Any

from babel.lists import format_list
from babel.numbers import format_decimal
from babel.support import Translations

LOCALE_DIR = Path(__file__).resolve().parent / "locale"

# The languages with complete translations, by BCP 47 tag, each named in itself.
LANGUAGES: dict[str, str] = {
    "en": "English",
    "es": "Español",
    "de": "Deutsch",
    "fr": "Français",
    "ar": "العربية",
}
DEFAULT = "en"
RIGHT_TO_LEFT = frozenset({"ar", "he", "fa", "ur"})


def base(language: str) -> str:
    """The language of a tag without its region ("pt-BR" -> "pt")."""
    return language.replace("_", "-").split("-", 1)[0].lower() or DEFAULT


def name(language: str) -> str:
    """A language's name in itself ("Español"), or its tag when it has no translations."""
    return LANGUAGES.get(base(language), language)


def direction(language: str) -> str:
    """ "rtl" for a language written right to left, else "ltr" (HTML's ``dir``)."""
    return "rtl" if base(language) in RIGHT_TO_LEFT else "ltr"


def name_of(language: str) -> str:
    """The name, in itself, of the language a tag speaks: "es-MX" -> "Español"; English
    for a tag without a translation (``translations`` speaks English for it)."""
    return LANGUAGES[base(language)] if catalogue(language) else LANGUAGES[DEFAULT]


def catalogue(language: str) -> Path | None:
    """The ``.po`` file of a tag's language, or None (English, or no translation)."""
    code = base(language)
    if code == DEFAULT or code not in LANGUAGES:
        return None
    path = LOCALE_DIR / code / "LC_MESSAGES" / "messages.po"
    return path if path.is_file() else None


@functools.cache  # the tags a site has: a handful
def translations(language: str) -> gettext.NullTranslations:
    """The translations of a BCP 47 tag's language ("es-MX": Spanish); the English
    messages themselves for English and for a language without a catalogue."""
    return _translations(base(language))


@functools.cache
def _translations(code: str) -> gettext.NullTranslations:
    path = catalogue(code)
    if path is None:
        return gettext.NullTranslations()
    # Babel's catalogue reader (and difflib) only for a site that speaks another language
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    # Compiled in memory from the .po file: no built .mo file to ship or to forget to
    # rebuild. Fuzzy entries are left out, as gettext's own compiler leaves them.
    with path.open("rb") as source:
        found = read_po(source, locale=code.replace("-", "_"))
    compiled = BytesIO()
    write_mo(compiled, found)
    compiled.seek(0)
    return Translations(compiled)


class Text(str):
    """A message in English, as ``N_`` and ``N_plural`` make it, that remembers how to
    say it in another language: its message (and plural message and count) and the
    values that fill its ``%(name)s`` places. Everywhere it is a plain string."""

    msgid: str
    plural: str | None
    n: int | None
    params: Mapping[str, Any]

    def __new__(
        cls,
        msgid: str,
        params: Mapping[str, Any],
        plural: str | None = None,
        count: int | None = None,
    ) -> Text:
        made = super().__new__(cls, _say(msgid, plural, count, params, DEFAULT))
        made.msgid, made.plural, made.n, made.params = msgid, plural, count, params
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return (Text, (self.msgid, dict(self.params), self.plural, self.n))

    def with_values(self, **params: Any) -> Text:
        """This message with values for its places (kept in a table of messages)."""
        return Text(self.msgid, params, self.plural, self.n)

    def said_in(self, language: str) -> str:
        return _say(self.msgid, self.plural, self.n, self.params, language)


def _say(
    msgid: str, plural: str | None, count: int | None, params: Mapping[str, Any], language: str
) -> str:
    """A message in ``language``, its values put in: messages among them translated,
    whole numbers written as the language writes them ("1,200", "1.200", "1 200")."""
    speech = translations(language) if language != DEFAULT else _ENGLISH
    if plural is None:
        found = speech.gettext(msgid)
    else:
        found = speech.ngettext(msgid, plural, count if count is not None else 1)
    if not params and plural is None:
        return found
    shown = {key: _value(value, language) for key, value in params.items()}
    return found % shown


def _value(value: Any, language: str) -> Any:
    if isinstance(value, Text):
        return value.said_in(language)
    if isinstance(value, list | tuple):  # "A, B and C", as the language joins a list
        code = base(language)
        said = [str(_value(item, language)) for item in value]
        return format_list(said, locale=code if code in LANGUAGES else DEFAULT) if said else ""
    if isinstance(value, int) and not isinstance(value, bool):
        code = base(language)
        return format_decimal(value, locale=code if code in LANGUAGES else DEFAULT)
    return value


_ENGLISH = gettext.NullTranslations()


def N_(message: str, **params: Any) -> Text:
    """A message to translate where it is shown, with the values of its ``%(name)s``."""
    return Text(message, params)


def N_plural(singular: str, plural: str, count: int, **params: Any) -> Text:
    """A message that counts: the form for ``count`` is chosen where it is shown (Arabic
    has six); ``params`` fill its places, the count among them by its own name."""
    return Text(singular, params, plural, count)


def translate(message: str, language: str) -> str:
    """``message`` in ``language`` when it is a ``Text``; any other string is shown as it
    is (a name, a title, words translated already)."""
    return message.said_in(language) if isinstance(message, Text) else message


def translate_all(messages: Mapping[str, str], language: str) -> dict[str, str]:
    """A form's errors (a message per field) in ``language``."""
    return {key: translate(value, language) for key, value in messages.items()}
