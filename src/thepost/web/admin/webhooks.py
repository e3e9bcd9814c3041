"""Webhooks in the newsroom (admins): endpoints made, changed, turned on and off, their
secrets rotated, and each endpoint's log of deliveries and attempts, with a replay
button per delivery."""

from __future__ import annotations

from starlette.responses import Response

from thepost.errors import ValidationError
from thepost.i18n import N_
from thepost.web import urls
from thepost.web.admin.pages import AdminRequest
from thepost.webhooks import actions, outbox, queries
from thepost.webhooks.models import WebhookEndpoint

DONE = {
    "created": N_("The endpoint is made: copy its secret to the receiver."),
    "saved": N_("The endpoint is saved."),
    "rotated": N_("A new secret signs from now on; the old one signs too for 24 hours."),
    "deleted": N_("The endpoint is deleted."),
    "replayed": N_("The delivery is sent again."),
}


def _values(req: AdminRequest) -> dict[str, object]:
    chosen = req.form.getlist("events") if req.form is not None else []
    return {
        "url": req.field("url", 600),
        "description": req.field("description", 300),
        "events": [str(e)[:40] for e in chosen][:40],
        "enabled": req.field("enabled", 1) == "1",
    }


def index(req: AdminRequest) -> Response:
    values = _values(req) if req.writing else {"url": "", "description": "", "events": []}
    errors: dict[str, str] = {}
    if req.writing:
        try:
            with req.services.writes.begin() as session:
                made = actions.create_endpoint(
                    session, actor=req.actor, url=str(values["url"]),
                    events=list(values["events"]),  # type: ignore[call-overload]
                    description=str(values["description"]), now=req.now,
                    allow_private=req.services.settings.webhooks_allow_private,
                )  # fmt: skip
                return req.redirect(urls.admin_webhook(made.id) + "?done=created")
        except ValidationError as exc:
            errors = exc.errors
    with req.services.reads() as session:
        listed = queries.endpoints(session)
    return req.render(
        "admin/webhooks.html",
        status=400 if errors else 200,
        listed=listed,
        values=values,
        errors=errors,
        events=outbox.EVENTS,
        message=DONE.get(req.query("done"), ""),
    )


def endpoint(req: AdminRequest) -> Response:
    endpoint_id = int(req.request.path_params["endpoint_id"])
    errors: dict[str, str] = {}
    values: dict[str, object] | None = None
    if req.writing:
        values = _values(req)
        try:
            with req.services.writes.begin() as session:
                actions.update_endpoint(
                    session, endpoint_id, actor=req.actor, url=str(values["url"]),
                    events=list(values["events"]),  # type: ignore[call-overload]
                    description=str(values["description"]), enabled=bool(values["enabled"]),
                    now=req.now, allow_private=req.services.settings.webhooks_allow_private,
                )  # fmt: skip
            return req.redirect(urls.admin_webhook(endpoint_id) + "?done=saved")
        except ValidationError as exc:
            errors = exc.errors
    with req.services.reads() as session:
        found = session.get(WebhookEndpoint, endpoint_id)
        if found is None:
            return req.error(404, N_("There is no such endpoint."))
        log = queries.deliveries(session, endpoint_id)
    values = values or {
        "url": found.url,
        "description": found.description,
        "events": found.events,
        "enabled": found.enabled,
    }
    return req.render(
        "admin/webhook.html",
        status=400 if errors else 200,
        endpoint=found,
        values=values,
        errors=errors,
        events=outbox.EVENTS,
        log=log,
        message=DONE.get(req.query("done"), ""),
    )


def rotate(req: AdminRequest) -> Response:
    endpoint_id = int(req.request.path_params["endpoint_id"])
    with req.services.writes.begin() as session:
        actions.rotate_secret(session, endpoint_id, actor=req.actor, now=req.now)
    return req.redirect(urls.admin_webhook(endpoint_id) + "?done=rotated")


def delete(req: AdminRequest) -> Response:
    endpoint_id = int(req.request.path_params["endpoint_id"])
    with req.services.writes.begin() as session:
        actions.delete_endpoint(session, endpoint_id, actor=req.actor, now=req.now)
    return req.redirect(urls.admin_webhooks() + "?done=deleted")


def replay(req: AdminRequest) -> Response:
    endpoint_id = int(req.request.path_params["endpoint_id"])
    delivery_id = int(req.request.path_params["delivery_id"])
    try:
        with req.services.writes.begin() as session:
            actions.replay(session, delivery_id, actor=req.actor, now=req.now)
    except ValidationError:
        return req.error(404, N_("There is no such delivery."))
    return req.redirect(urls.admin_webhook(endpoint_id) + "?done=replayed")
