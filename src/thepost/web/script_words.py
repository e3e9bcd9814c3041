"""The words the reader's scripts show (``static/*.js``), in the page's language.

Scripts hold no sentences of their own: each page carries these in a JSON block
(``site/_words.html``) that the scripts read, so a page in Spanish has Spanish buttons
and the scripts stay the same file, cached once, for every language. A message that
counts is given in each of the language's plural categories (Unicode CLDR's "one",
"few", "other"...), which the browser picks with ``Intl.PluralRules``; ``%(name)s``
places are filled by the script.
"""

from __future__ import annotations

import functools
from typing import Any

from babel import Locale
from jinja2 import pass_context
from jinja2.runtime import Context

from thepost import i18n
from thepost.i18n import N_, N_plural
from thepost.web import language

# The places are filled in the browser: "%(provider)s" stays "%(provider)s" here.
PROVIDER = {"provider": "%(provider)s"}
WORDS: dict[str, Any] = {
    "showUpdates": N_("New updates: show them"),
    "suggestions": N_("Suggested stories"),
    "embedNote": N_("It loads from %(provider)s, which then sees your visit.", **PROVIDER),
    "embedOpen": N_("Open on %(provider)s", **PROVIDER),
    "embedShow": {
        "video": N_("Play the video from %(provider)s", **PROVIDER),
        "audio": N_("Play the audio from %(provider)s", **PROVIDER),
        "post": N_("Show the post from %(provider)s", **PROVIDER),
        "map": N_("Show the map from %(provider)s", **PROVIDER),
        "chart": N_("Show the chart from %(provider)s", **PROVIDER),
        "document": N_("Show the document from %(provider)s", **PROVIDER),
        "content": N_("Show the content from %(provider)s", **PROVIDER),
    },
}
# Counted messages ("%(num)s": the count, filled in the browser).
COUNTED = {"newUpdates": N_plural("%(num)s new update", "%(num)s new updates", 0, num="%(num)s")}


@functools.cache
def words(tag: str) -> dict[str, Any]:
    """Every script's words in the language of ``tag``."""
    code = i18n.base(tag)

    def said(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: said(item) for key, item in value.items()}
        return i18n.translate(value, code)

    found = said(WORDS)
    rules = Locale.parse(code).plural_form
    speech = i18n.translations(code)
    # One number of each category stands for it: the form gettext gives that number.
    samples = {category: _sample(rules, category) for category in rules.tags | {"other"}}
    for key, message in COUNTED.items():
        found[key] = {
            category: speech.ngettext(message.msgid, message.plural or message.msgid, n)
            for category, n in samples.items()
        }
    return found


def _sample(rules: Any, category: str) -> int:
    return next((n for n in range(1000) if rules(n) == category), 1000)


@pass_context
def script_words(context: Context) -> dict[str, Any]:
    """The words for the page being rendered (its language)."""
    return words(language.language_of(context))
