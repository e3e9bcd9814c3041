"""People: the list of accounts, creating one, changing a role, (de)activating."""

from __future__ import annotations

from sqlalchemy import select
from starlette.responses import Response

from thepost.accounts import actions
from thepost.accounts.models import User
from thepost.errors import ValidationError
from thepost.i18n import N_
from thepost.permissions import Role
from thepost.web import urls
from thepost.web.admin import labels
from thepost.web.admin.pages import AdminRequest

ROLE_OPTIONS = [(r.value, labels.role(r.value)) for r in Role]
MESSAGES = {
    "created": N_("The account is created."),
    "role": N_("The role is changed."),
    "deactivated": N_("The account is deactivated and signed out everywhere."),
    "activated": N_("The account can sign in again."),
}


def _list(
    req: AdminRequest, *, status: int = 200, errors: dict[str, str] | None = None, message: str = ""
) -> Response:
    with req.services.reads() as session:
        users = list(session.scalars(select(User).order_by(User.is_active.desc(), User.email)))
    return req.render(
        "admin/users.html",
        status=status,
        users=users,
        roles=[r.value for r in Role],
        errors=errors or {},
        message=message or MESSAGES.get(req.query("done"), ""),
    )


def index(req: AdminRequest) -> Response:
    return _list(req)


def new(req: AdminRequest) -> Response:
    values = {
        "email": req.field("email", 254),
        "display_name": req.field("display_name", 300),
        "role": req.field("role", 20) or Role.CONTRIBUTOR.value,
    }
    if not req.writing:
        return req.render(
            "admin/user_new.html", values=values, errors={}, role_options=ROLE_OPTIONS
        )
    try:
        with req.services.writes.begin() as session:
            actions.create_user(
                session,
                actor=req.actor,
                password=req.field("password", 2000),
                now=req.now,
                ip_hash=req.ip_hash,
                **values,
            )
    except ValidationError as exc:
        return req.render(
            "admin/user_new.html",
            status=400,
            values=values,
            errors=exc.errors,
            role_options=ROLE_OPTIONS,
        )
    return req.redirect(urls.admin_users() + "?done=created")


def _user_id(req: AdminRequest) -> int:
    return int(req.request.path_params["user_id"])


def role(req: AdminRequest) -> Response:
    try:
        with req.services.writes.begin() as session:
            actions.set_role(
                session,
                req.actor,
                _user_id(req),
                req.field("role", 20),
                now=req.now,
                ip_hash=req.ip_hash,
            )
    except ValidationError as exc:
        return _list(req, status=400, errors=exc.errors)
    return req.redirect(urls.admin_users() + "?done=role")


def active(req: AdminRequest) -> Response:
    wanted = req.field("active", 5) == "1"
    try:
        with req.services.writes.begin() as session:
            actions.set_active(
                session, req.actor, _user_id(req), wanted, now=req.now, ip_hash=req.ip_hash
            )
    except ValidationError as exc:
        return _list(req, status=400, errors=exc.errors)
    return req.redirect(urls.admin_users() + ("?done=activated" if wanted else "?done=deactivated"))
