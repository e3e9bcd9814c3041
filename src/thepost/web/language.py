"""The language a template speaks. ``{% trans %}``, ``_()`` and ``ngettext()`` in a
template look up its own render's language, never one set for the whole process, so
pages in different languages render at the same time on the same threads.

A template speaks its context's ``language`` (a BCP 47 tag) when it has one, else its
site's (``site``, the SiteSettings every reader page and email gets), else English.
Macros speak the language of the template that made them: ``Templates.module(name,
site)`` gives them the site, and partials import each other ``with context``.

Messages are "new style", as ``jinja2.ext.i18n`` makes them with ``newstyle=True``: the
template's values fill ``%(name)s`` places after the translation, escaped like any
other value. The callables are installed as they are rather than through Jinja's
wrappers and its ``_`` alias, which cost three calls through the context for each
message where one does (a page says some fifty).
"""

from __future__ import annotations

import gettext as gnu
from typing import Any

from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from jinja2.utils import missing
from markupsafe import Markup

from thepost import i18n


def language_of(context: Context) -> str:
    language = context.resolve_or_missing("language")
    if language is missing or language is None:
        language = getattr(context.resolve_or_missing("site"), "language", i18n.DEFAULT)
    return str(language)


def speech(context: Context) -> gnu.NullTranslations:
    return i18n.translations(language_of(context))


def _filled(context: Context, found: str, values: dict[str, Any]) -> str:
    """A translation with its values in, as Jinja's new-style gettext does it: the
    translation is trusted markup in an autoescaped template, the values are not (a
    message without values is still a format: "%%" is "%")."""
    if not values:
        found = found.replace("%%", "%") if "%%" in found else found
        return Markup(found) if context.eval_ctx.autoescape else found
    said: str = Markup(found) if context.eval_ctx.autoescape else found
    return said % values


@pass_context
def _gettext(context: Context, message: str, /, **values: Any) -> str:
    return _filled(context, speech(context).gettext(message), values)


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int, /, **values: Any) -> str:
    values.setdefault("num", n)
    return _filled(context, speech(context).ngettext(singular, plural, n), values)


@pass_context
def _pgettext(context: Context, within: str, message: str, /, **values: Any) -> str:
    values.setdefault("context", within)
    return _filled(context, speech(context).pgettext(within, message), values)


@pass_context
def _npgettext(
    context: Context, within: str, singular: str, plural: str, n: int, /, **values: Any
) -> str:
    values.setdefault("context", within)
    values.setdefault("num", n)
    return _filled(context, speech(context).npgettext(within, singular, plural, n), values)


@pass_context
def _translated(context: Context, message: Any) -> Any:
    """A message made in Python (``i18n.N_``) in the render's language; anything else
    as it is."""
    return i18n.translate(message, language_of(context)) if isinstance(message, str) else message


def install(env: Environment) -> None:
    """Give ``env`` (with ``jinja2.ext.i18n``) gettext that speaks each render's language,
    and the ``translated`` filter; ``{% trans %}`` blocks are trimmed of line breaks and
    indents, as they are extracted."""
    env.newstyle_gettext = True  # type: ignore[attr-defined]
    env.globals.update(
        _=_gettext, gettext=_gettext, ngettext=_ngettext, pgettext=_pgettext,
        npgettext=_npgettext,
    )  # fmt: skip
    env.policies["ext.i18n.trimmed"] = True
    env.filters["translated"] = _translated
