"""Site settings (admins): the site's name, tagline, logo, language and social links,
and the comment moderation policy. One form, one transaction, errors beside the fields."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from starlette.responses import Response

from thepost import i18n
from thepost.comments import actions as comment_actions
from thepost.comments import policy as policies
from thepost.content import actions, site
from thepost.content.models import Image
from thepost.errors import ValidationError
from thepost.i18n import N_
from thepost.web import urls
from thepost.web.admin.pages import AdminRequest

SOCIAL_ROWS = site.MAX_SOCIAL
TEXT = ("name", "tagline", "description", "language", "time_zone", "numerals", "postal_address")
NUMERALS = [
    ("western", N_("Western digits: %(digits)s", digits="0123456789")),
    ("eastern", N_("Eastern Arabic digits: %(digits)s", digits="٠١٢٣٤٥٦٧٨٩")),
]
POLICY_FIELDS = ("hold_first_time", *policies.NUMBERS, *policies.WORD_LISTS)
NO_ALT = N_("No alt text")


def _current(settings: site.SiteSettings, policy: policies.ModerationPolicy) -> dict[str, Any]:
    values: dict[str, Any] = {k: getattr(settings, k) for k in TEXT}
    values["logo_id"] = str(settings.logo_id or "")
    values["feed_full_text"] = "1" if settings.feed_full_text else ""
    values["api_key_required"] = "1" if settings.api_key_required else ""
    values["languages"] = list(settings.languages)
    for n in range(SOCIAL_ROWS):
        name, url = settings.social[n] if n < len(settings.social) else ("", "")
        values[f"social_name_{n}"], values[f"social_url_{n}"] = name, url
    for name in policies.NUMBERS:
        values[name] = f"{getattr(policy, name):g}"
    for name in policies.WORD_LISTS:
        values[name] = "\n".join(getattr(policy, name))
    values["hold_first_time"] = "1" if policy.hold_first_time else ""
    return values


def _languages(current: str) -> list[tuple[str, str]]:
    """The languages the reader's site is translated into, each named in itself. A tag
    the site has that is not one of them stays offered, so saving keeps it: a region of
    one of them speaks its language ("es-MX"), any other tag English."""
    options = list(i18n.LANGUAGES.items())
    if current and current not in i18n.LANGUAGES:
        options.append((current, f"{current} ({i18n.name_of(current)})"))
    return options


def _typed(req: AdminRequest) -> dict[str, Any]:
    values: dict[str, Any] = {k: req.field(k, 1000) for k in TEXT}
    values["logo_id"] = req.field("logo_id", 12)
    values["feed_full_text"] = req.field("feed_full_text", 1)
    values["api_key_required"] = req.field("api_key_required", 1)
    chosen = req.form.getlist("languages") if req.form is not None else []
    values["languages"] = [
        tag[:16] for tag in chosen[: len(i18n.LANGUAGES)] if isinstance(tag, str)
    ]
    for n in range(SOCIAL_ROWS):
        for part in ("name", "url"):
            values[f"social_{part}_{n}"] = req.field(f"social_{part}_{n}", 400)
    for name in POLICY_FIELDS:
        values[name] = req.field(name, 20_000)
    return values


def _form(
    req: AdminRequest, values: dict[str, Any], errors: dict[str, str], status: int = 200
) -> Response:
    with req.services.reads() as session:
        images = session.execute(
            select(Image.id, Image.alt, Image.width, Image.height).order_by(Image.id.desc())
        ).all()
    logos = [
        (str(i), N_("%(alt)s (%(width)s×%(height)s, #%(id)s)", alt=alt or NO_ALT, width=w,
                    height=h, id=i))
        for i, alt, w, h in images
    ]  # fmt: skip
    return req.render(
        "admin/settings.html",
        status=status,
        values=values,
        errors=errors,
        logo_options=logos,
        language_options=_languages(str(values.get("language", ""))),
        other_languages=list(i18n.LANGUAGES.items()),
        numerals_options=NUMERALS,
        social_rows=range(SOCIAL_ROWS),
        message=N_("Settings saved. Readers see them now.") if req.query("done") == "saved" else "",
    )


def index(req: AdminRequest) -> Response:
    with req.services.reads() as session:
        settings, policy = site.load(session), policies.load(session)
    if not req.writing:
        return _form(req, _current(settings, policy), {})
    values = _typed(req)
    errors: dict[str, str] = {}
    try:
        new_policy = policies.parse(values, policy)
    except ValidationError as exc:
        errors.update(exc.errors)
    logo = values["logo_id"]
    changes = {
        **{k: values[k] for k in TEXT},
        "logo_id": int(logo) if logo.isdigit() else None,
        "feed_full_text": values["feed_full_text"] == "1",
        "api_key_required": values["api_key_required"] == "1",
        "languages": values["languages"],
        "social": [
            (values[f"social_name_{n}"], values[f"social_url_{n}"]) for n in range(SOCIAL_ROWS)
        ],
    }
    if not errors:
        try:
            with req.services.writes.begin() as session:
                actions.update_site_settings(session, req.services.bus, actor=req.actor, **changes)
                comment_actions.update_policy(
                    session, req.services.bus, new_policy, actor=req.actor
                )
        except ValidationError as exc:
            errors.update(exc.errors)
    else:  # show the site fields' problems too, in the same answer
        try:
            site.clean(changes)
        except ValidationError as exc:
            errors.update(exc.errors)
    if errors:
        return _form(req, values, errors, status=400)
    return req.redirect(urls.admin_settings() + "?done=saved")
