"""Newsletters in the API: the list offered to readers, a reader's sign-up (double
opt-in, as from the site's form: the answer is the same whether or not the address was
known), and the newsroom's subscribers (the ``subscribers:manage`` scope, admins).
Adding a subscriber through the API asks the address to confirm, like every other path."""

from __future__ import annotations

from dataclasses import asdict

from thepost.newsletters import actions, queries
from thepost.web.api import content
from thepost.web.api.framework import Answer, ApiError, ApiRequest

SIGNUPS_PER_HOUR = 10  # per client address, as the site's form


def newsletters(req: ApiRequest) -> Answer:
    with req.services.reads() as session:
        offered = queries.offered(session)
    return Answer({"newsletters": [asdict(n) for n in offered]})


def _subscribe(req: ApiRequest, source: str, consent: str) -> None:
    body = req.body
    with req.services.writes.begin() as session:
        actions.subscribe(
            session, req.services.bus, email=body.email, newsletter_ids=body.newsletters,
            source=source, consent_text=consent, now=req.now,
        )  # fmt: skip


def subscribe(req: ApiRequest) -> Answer:
    client = req.request.client.host if req.request.client else "-"
    who = req.services.keys.hash("ip", client)
    if not req.services.limiter.hit(
        "newsletter-signup", who, per_seconds=3600, amount=SIGNUPS_PER_HOUR
    ):
        raise ApiError(429, "too_many", "Too many sign-ups from here; try again later.")
    _subscribe(req, "api", actions.CONSENT)
    return Answer(PENDING, status=202, public=False)


PENDING = {
    "status": "pending",
    "message": "If the address can receive our newsletters, an email is on its way with a "
    "link to confirm. Nothing is sent until its owner does.",
}


def add_subscriber(req: ApiRequest) -> Answer:
    _subscribe(req, "api:newsroom", f"Added through the API by {req.actor.email}; the "
               "address's owner confirms by the emailed link.")  # fmt: skip
    return Answer(PENDING, status=202, public=False)


def subscribers(req: ApiRequest) -> Answer:
    q = req.query
    limit = content.checked_limit(q.limit)
    number = q.page or 1
    with req.services.reads() as session:
        rows, total = queries.subscribers(
            session, query=q.q.strip(), status=q.status, newsletter_id=q.newsletter,
            offset=(number - 1) * limit, limit=limit,
        )  # fmt: skip
    data = [
        {"id": r.id, "email": r.email, "confirmed_at": r.confirmed_at, "created_at": r.created_at,
         "newsletters": [n for n in r.newsletters.split(", ") if n], "suppressed": r.suppressed}
        for r in rows
    ]  # fmt: skip
    listed = content.numbered(rows, number, limit, total)
    return Answer(
        {"subscribers": data, "meta": content.meta(q, limit, total=total, page=listed)},
        public=False,
    )
