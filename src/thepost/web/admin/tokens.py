"""API tokens: each person makes, sees and revokes their own (admins see everyone's and
make content keys). A new token's secret is shown once, on the page that answers the
form, and never again."""

from __future__ import annotations

from datetime import timedelta

from starlette.responses import Response

from thepost.accounts import tokens
from thepost.errors import ValidationError
from thepost.i18n import N_
from thepost.permissions import Action
from thepost.web import urls
from thepost.web.admin.pages import AdminRequest

EXPIRY_DAYS = (
    ("30", N_("%(days)s days", days=30)),
    ("90", N_("%(days)s days", days=90)),
    ("365", N_("A year")),
    ("", N_("Never")),
)


def index(req: AdminRequest) -> Response:
    values = {
        "name": req.field("name", 200),
        "kind": req.field("kind", 20) or tokens.ADMIN,
        "expires": req.field("expires", 5) if req.writing else "90",
    }
    chosen = req.form.getlist("scopes") if req.writing and req.form is not None else []
    if not req.writing:
        return _page(req, values, [str(s) for s in chosen])
    days = values["expires"]
    try:
        with req.services.writes.begin() as session:
            _, secret = tokens.create(
                session,
                actor=req.actor,
                name=values["name"],
                kind=values["kind"],
                scopes=[str(s)[:40] for s in chosen][:20],
                now=req.now,
                expires_at=req.now + timedelta(days=int(days)) if days.isdigit() else None,
            )
    except ValidationError as exc:
        return _page(req, values, [str(s) for s in chosen], errors=exc.errors, status=400)
    return _page(req, {**values, "name": ""}, [], secret=secret, made=values["name"])


def _page(
    req: AdminRequest,
    values: dict[str, str],
    chosen: list[str],
    *,
    errors: dict[str, str] | None = None,
    status: int = 200,
    secret: str = "",
    made: str = "",
) -> Response:
    with req.services.reads() as session:
        listed = tokens.listed(session, actor=req.actor)
    return req.render(
        "admin/tokens.html",
        status=status,
        listed=listed,
        scopes=tokens.offered(req.actor),
        all_scopes=tokens.SCOPES,
        values=values,
        chosen=chosen,
        errors=errors or {},
        secret=secret,
        made=made,
        expiry_options=EXPIRY_DAYS,
        content_keys=req.can(Action.SETTINGS_MANAGE),
        message=N_("The token is revoked.") if req.query("done") == "revoked" else "",
    )


def revoke(req: AdminRequest) -> Response:
    with req.services.writes.begin() as session:
        tokens.revoke(
            session, req.services.bus, int(req.request.path_params["token_id"]),
            actor=req.actor, now=req.now,
        )  # fmt: skip
    return req.redirect(urls.admin_tokens() + "?done=revoked")
