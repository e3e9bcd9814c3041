"""The audit log, newest first (admins only)."""

from __future__ import annotations

from sqlalchemy import select
from starlette.responses import Response

from thepost.accounts.models import User
from thepost.audit import log
from thepost.web.admin.pages import AdminRequest

PAGE_SIZE = 100


def index(req: AdminRequest) -> Response:
    action = req.query("action", 60)
    with req.services.reads() as session:
        entries = log.entries(session, action=action, limit=PAGE_SIZE)
        ids = {e.user_id for e in entries if e.user_id is not None}
        query = select(User.id, User.email).where(User.id.in_(ids))
        names = {user_id: email for user_id, email in session.execute(query)}
    return req.render("admin/audit.html", entries=entries, names=names, action=action)
