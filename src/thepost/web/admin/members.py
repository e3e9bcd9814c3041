"""Members in the newsroom (admins: their addresses are personal data): who has an
account, in which tier, searched by address or name."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.responses import Response

from thepost.members import queries
from thepost.web.admin.pages import AdminRequest

PAGE = 50


def index(req: AdminRequest) -> Response:
    query, tier = req.query("q", 200).strip(), req.query("tier", 12)
    page = req.query("page", 6)
    number = int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1
    with req.services.reads() as session:
        rows, total = queries.members(
            session, query=query, tier_id=int(tier) if tier.isdigit() else None,
            offset=(number - 1) * PAGE, limit=PAGE,
        )  # fmt: skip
        tiers = queries.tiers(session)
    return req.render(
        "admin/members.html", rows=rows, total=total, page=number,
        pages=max(1, -(-total // PAGE)), query=query, tier_filter=tier, tiers=tiers,
        filters=urlencode({"q": query, "tier": tier}),
    )  # fmt: skip
