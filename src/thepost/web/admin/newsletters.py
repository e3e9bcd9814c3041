"""Newsletters in the newsroom: the newsletters themselves and their subscribers
(admins), and issues (editors): a story sent whole, or several as a list with a note
from the editor; previewed as the email itself, tested on the editor's own address,
then sent, with every recipient's outcome counted (and, for a newsletter that counts
them, who opened it and clicked: on the issue's page, and per issue on the newsletter's
page as a chart)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from babel.dates import get_day_names
from sqlalchemy.orm import Session
from starlette.concurrency import iterate_in_threadpool
from starlette.datastructures import UploadFile
from starlette.responses import HTMLResponse, Response, StreamingResponse

from thepost.content import queries as content_queries
from thepost.errors import NotFound, ValidationError
from thepost.i18n import N_
from thepost.newsletters import actions, providers, queries
from thepost.newsletters.models import Issue, IssueStatus, Newsletter
from thepost.permissions import Action
from thepost.web import newsletter_mail, urls
from thepost.web.admin import limits
from thepost.web.admin.pages import AdminRequest

DONE = {
    "saved": N_("Saved."),
    "created": N_("The newsletter is made: it is offered on the sign-up forms now."),
    "tested": N_("A test is on its way to your address."),
    "sending": N_("The issue is going out: the counts below move as it does."),
    "added": N_("The address is asked to confirm: it gets the newsletters once its owner does."),
}
NO_NEWSLETTER = N_("There is no such newsletter.")
NO_ISSUE = N_("There is no such issue.")
NEWSLETTER_FIELDS = (
    "digest_time",
    "digest_count",
    "name",
    "slug",
    "description",
    "cadence",
    "sender_name",
    "sender_address",
    "reply_to",
    "server",
    "position",
)
PAGE = 50
CHART_ISSUES = 20  # the newest issues in a newsletter's chart
# The email as shown in the newsroom, in a frame of the issue's page: its pictures and
# styles, nothing it could run.
PREVIEW_HEADERS = {
    "Content-Security-Policy": "sandbox; default-src 'none'; img-src * data:; "
    "style-src 'unsafe-inline'; frame-ancestors 'self'",
    "X-Frame-Options": "SAMEORIGIN",
}
STATUSES = ("active", "pending", "left", "unconfirmed", "suppressed")


def index(req: AdminRequest) -> Response:
    with req.services.reads() as session:
        listed = queries.newsletters(session)
        issues = queries.issues(session, limit=30)
        reach = {r.issue_id: r for r in queries.reach(session, [i.id for i, _ in issues])}
        growth = queries.growth(session)
    base = req.services.settings.base_url.rstrip("/")
    hooks = {
        N_("Amazon SES (an SNS topic, named in THEPOST_SES_TOPICS)"): base + urls.bounces("ses"),
        N_("Postmark (bounce and spam complaint webhooks)"): base
        + urls.bounces("postmark", providers.postmark_token(req.services.keys)),
        N_("Mailgun (failed and complained; THEPOST_MAILGUN_SIGNING_KEY)"): base
        + urls.bounces("mailgun"),
    }
    return req.render(
        "admin/newsletters.html",
        hooks=hooks if req.can(Action.NEWSLETTER_MANAGE) else {},
        listed=listed,
        issues=issues,
        reach=reach,
        chart=_chart(growth),
        message=DONE.get(req.query("done"), ""),
    )


def _chart(points: list[tuple[str, int]], width: int = 640, height: int = 120) -> dict[str, object]:
    """Subscribers over time as an SVG polyline's points (drawn by the template)."""
    if len(points) < 2:
        return {"points": "", "first": points[0] if points else None, "last": None, "top": 0}
    top = max(n for _, n in points) or 1
    step = width / (len(points) - 1)
    xy = " ".join(
        f"{i * step:.1f},{height - n * height / top:.1f}" for i, (_, n) in enumerate(points)
    )
    return {
        "points": xy,
        "first": points[0],
        "last": points[-1],
        "top": top,
        "width": width,
        "height": height,
    }


BAR, BAR_LINE, TITLE_LINE, GROUP_GAP, BAR_LEFT = 10, 15, 18, 14, 84  # an SVG's units


def _bars(found: list[queries.Reach], width: int = 640) -> dict[str, object]:
    """Each issue's reach as a group of horizontal bars of an SVG (drawn by the
    template), newest first, all on one scale: sent, failed, suppressed and, for an
    issue that was counted, opened and clicked (with their share of those sent)."""
    top = max((max(r.sent, r.failed, r.suppressed) for r in found), default=0) or 1
    room = width - BAR_LEFT - 110  # what is left after the longest bar: its number and rate
    groups, y = [], 0
    for r in found:
        shown: list[tuple[str, int, float | None]] = [
            ("sent", r.sent, None), ("failed", r.failed, None), ("suppressed", r.suppressed, None)
        ]  # fmt: skip
        if r.counted:
            shown += [("opened", r.opened, r.open_rate), ("clicked", r.clicked, r.click_rate)]
        subject = r.subject if len(r.subject) <= 70 else r.subject[:69] + "…"
        bars = []
        for i, (kind, value, rate) in enumerate(shown):
            top_y = y + TITLE_LINE + i * BAR_LINE
            length = round(value * room / top, 1)
            bars.append({
                "kind": kind, "value": value, "y": top_y,
                "text_y": top_y + BAR - 1, "width": length, "value_x": BAR_LEFT + length + 6,
                "rate": f"{rate:.0%}" if rate is not None else "",
            })  # fmt: skip
        groups.append({"reach": r, "subject": subject, "y": y + 13, "bars": bars})
        y += TITLE_LINE + len(shown) * BAR_LINE + GROUP_GAP
    return {"groups": groups, "width": width, "height": max(y - GROUP_GAP, 0), "left": BAR_LEFT,
            "counted": any(r.counted for r in found)}  # fmt: skip


def _newsletter_values(req: AdminRequest) -> dict[str, object]:
    values: dict[str, object] = {k: req.field(k, 1200) for k in NEWSLETTER_FIELDS}
    form = req.form
    days = form.getlist("digest_days") if form is not None else []
    values["digest_days"] = "".join(d for d in days if isinstance(d, str) and d in "1234567")[:7]
    values["visible"] = req.field("visible", 1) == "1"
    values["count_opens"] = req.field("count_opens", 1) == "1"
    position = str(values["position"])
    values["position"] = int(position) if position.isdigit() and len(position) < 6 else 0
    return values


def newsletter(req: AdminRequest) -> Response:
    """A newsletter made or changed (admins)."""
    raw = req.request.path_params.get("newsletter_id")
    newsletter_id = int(raw) if raw is not None else None
    errors: dict[str, str] = {}
    if req.writing:
        values = _newsletter_values(req)
        try:
            with req.services.writes.begin() as session:
                saved = actions.save_newsletter(
                    session,
                    req.services.bus,
                    values,
                    actor=req.actor,
                    now=req.now,
                    newsletter_id=newsletter_id,
                )
                done = "saved" if newsletter_id else "created"
                return req.redirect(urls.admin_newsletter(saved.id) + f"?done={done}")
        except ValidationError as exc:
            errors = exc.errors
        except NotFound:
            return req.error(404, NO_NEWSLETTER)
    else:
        values = {**dict.fromkeys(NEWSLETTER_FIELDS, ""), "visible": True, "position": 0,
                  "digest_days": "12345", "digest_count": 8, "count_opens": False}  # fmt: skip
        if newsletter_id is not None:
            with req.services.reads() as session:
                found = session.get(Newsletter, newsletter_id)
                if found is None:
                    return req.error(404, NO_NEWSLETTER)
                shown = (*NEWSLETTER_FIELDS, "digest_days", "visible", "count_opens")
                values = {k: getattr(found, k) for k in shown}
    reach: list[queries.Reach] = []
    if newsletter_id is not None:
        with req.services.reads() as session:
            reach = queries.newsletter_reach(session, newsletter_id, limit=CHART_ISSUES)
    return req.render(
        "admin/newsletter.html",
        status=400 if errors else 200,
        values=values,
        errors=errors,
        newsletter_id=newsletter_id,
        servers=sorted(req.services.settings.servers),
        time_zone=req.site.time_zone,
        weekdays=_weekdays(req),
        bars=_bars(reach),
        message=DONE.get(req.query("done"), ""),
    )


def _weekdays(req: AdminRequest) -> list[tuple[str, str]]:
    """The digest's days, numbered from Monday (1), named as the newsroom's language
    shortens them (CLDR)."""
    names = get_day_names("abbreviated", locale=req.local.locale)
    return [(str(day + 1), names[day]) for day in range(7)]


def _issue_values(req: AdminRequest) -> dict[str, object]:
    form = req.form
    picked = form.getlist("article") if form is not None else []
    ids = _numbers([req.field("lead", 12), *picked])
    newsletter_id = req.field("newsletter_id", 12)
    return {
        "newsletter_id": int(newsletter_id) if newsletter_id.isdigit() else 0,
        "subject": req.field("subject", 400),
        "note": req.field("note", 10_000),
        "layout": req.field("layout", 10) or "story",
        "article_ids": list(dict.fromkeys(ids)),
    }


def _render(req: AdminRequest, session: Session, issue: Issue) -> None:
    html, text = newsletter_mail.render(session, req.services, issue, now=req.now)
    actions.set_rendering(session, issue.id, html, text)


def issue(req: AdminRequest) -> Response:
    """A draft issue written or changed; once sent, its counts and failures."""
    raw = req.request.path_params.get("issue_id")
    issue_id = int(raw) if raw is not None else None
    errors: dict[str, str] = {}
    values: dict[str, object]
    if req.writing:
        values = _issue_values(req)
        try:
            with req.services.writes.begin() as session:
                saved = actions.save_issue(
                    session,
                    actor=req.actor,
                    newsletter_id=int(values["newsletter_id"]),  # type: ignore[call-overload]
                    subject=str(values["subject"]),
                    note=str(values["note"]),
                    article_ids=list(values["article_ids"]),  # type: ignore[call-overload]
                    layout=str(values["layout"]),
                    now=req.now,
                    issue_id=issue_id,
                )
                _render(req, session, saved)
                return req.redirect(urls.admin_newsletter_issue(saved.id) + "?done=saved")
        except ValidationError as exc:
            errors = exc.errors
        except NotFound:
            return req.error(404, NO_ISSUE)
    with req.services.reads() as session:
        found = session.get(Issue, issue_id) if issue_id is not None else None
        if issue_id is not None and found is None:
            return req.error(404, NO_ISSUE)
        if not req.writing:
            values = _issue_defaults(req, session, found)
        newsletters = queries.newsletters(session)
        stories = content_queries.newest(session, now=req.now, limit=40)
        chosen = [i for i in values["article_ids"] if i not in {a.id for a in stories}]  # type: ignore[attr-defined]
        stories += content_queries.cards_by_ids(session, chosen, now=req.now)
        reach = queries.reach(session, [found.id])[0] if found is not None else None
        failures = queries.failures(session, found.id) if found is not None else []
    return req.render(
        "admin/newsletter_issue.html",
        status=400 if errors else 200,
        issue=found,
        values=values,
        errors=errors,
        newsletters=newsletters,
        stories=stories,
        reach=reach,
        failures=failures,
        message=DONE.get(req.query("done"), ""),
    )


def _issue_defaults(req: AdminRequest, session: Session, found: Issue | None) -> dict[str, object]:
    if found is not None:
        return {
            "newsletter_id": found.newsletter_id,
            "subject": found.subject,
            "note": found.note,
            "layout": found.layout,
            "article_ids": found.article_ids,
        }
    ids = _numbers([req.query("article")])
    cards = content_queries.cards_by_ids(session, ids, now=req.now)
    subject = cards[0].title if cards else ""
    chosen = req.query("newsletter")
    return {
        "newsletter_id": int(chosen) if chosen.isdigit() else 0,
        "subject": subject,
        "note": "",
        "layout": "story" if ids else "digest",
        "article_ids": ids,
    }


def preview(req: AdminRequest) -> Response:
    """The email itself, shown in the issue's page (a sandboxed frame)."""
    issue_id = int(req.request.path_params["issue_id"])
    with req.services.reads() as session:
        found = session.get(Issue, issue_id)
        if found is None:
            return req.error(404, NO_ISSUE)
        html = newsletter_mail.preview(found, req.services.settings.base_url)
    return HTMLResponse(html, headers=PREVIEW_HEADERS)


def test(req: AdminRequest) -> Response:
    issue_id = int(req.request.path_params["issue_id"])
    try:
        with req.services.writes.begin() as session:
            actions.proof(session, issue_id, actor=req.actor, to=req.actor.email, now=req.now)
    except NotFound:
        return req.error(404, NO_ISSUE)
    except ValidationError as exc:
        return req.error(409, " ".join(req.say_each(exc.errors).values()))
    return req.redirect(urls.admin_newsletter_issue(issue_id) + "?done=tested")


def send(req: AdminRequest) -> Response:
    """Send to every confirmed subscriber, with the stories as they read now."""
    issue_id = int(req.request.path_params["issue_id"])
    try:
        with req.services.writes.begin() as session:
            found = session.get(Issue, issue_id)
            if found is None:
                raise NotFound("issue")
            if found.status == IssueStatus.DRAFT:
                _render(req, session, found)
            actions.send_issue(session, issue_id, actor=req.actor, now=req.now)
    except NotFound:
        return req.error(404, NO_ISSUE)
    except ValidationError as exc:
        return req.error(409, " ".join(req.say_each(exc.errors).values()))
    return req.redirect(urls.admin_newsletter_issue(issue_id) + "?done=sending")


def _numbers(values: Any) -> list[int]:
    return [int(v) for v in list(values)[:20] if str(v).isdigit() and len(str(v)) < 10]


def subscribers(req: AdminRequest) -> Response:
    """Addresses, searched and filtered (admins); an address added here is asked to
    confirm, as from the reader's form."""
    errors: dict[str, str] = {}
    added: dict[str, Any] = {"email": "", "newsletter": []}
    if req.writing:
        chosen = _numbers(req.form.getlist("newsletter") if req.form is not None else [])
        added = {"email": req.field("email", 400), "newsletter": chosen}
        try:
            with req.services.writes.begin() as session:
                actions.subscribe(
                    session,
                    req.services.bus,
                    email=added["email"],
                    newsletter_ids=chosen,
                    source="newsroom",
                    consent_text=f"Added in the newsroom by {req.actor.email}; the address's "
                    "owner confirms by the emailed link.",
                    now=req.now,
                )
            return req.redirect(urls.admin_subscribers() + "?done=added")
        except ValidationError as exc:
            errors = exc.errors
    return _subscribers_page(req, added=added, errors=errors, status=400 if errors else 200)


def _subscribers_page(
    req: AdminRequest, *, added: dict[str, Any] | None = None, errors: dict[str, str] | None = None,
    imported: actions.Imported | None = None, status: int = 200,
) -> Response:  # fmt: skip
    query, standing = req.query("q", 200).strip(), req.query("status", 20)
    newsletter_id = req.query("newsletter", 12)
    page = req.query("page", 6)
    number = int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1
    filters = {"q": query, "status": standing, "newsletter": newsletter_id}
    with req.services.reads() as session:
        rows, total = queries.subscribers(
            session, query=query, status=standing if standing in STATUSES else "",
            newsletter_id=int(newsletter_id) if newsletter_id.isdigit() else None,
            offset=(number - 1) * PAGE, limit=PAGE,
        )  # fmt: skip
        newsletters = queries.newsletters(session)
    return req.render(
        "admin/subscribers.html", status=status, rows=rows, total=total, page=number,
        pages=max(1, -(-total // PAGE)), query=query, status_filter=standing,
        newsletter_filter=newsletter_id, statuses=STATUSES, newsletters=newsletters,
        added=added or {"email": "", "newsletter": []}, errors=errors or {},
        imported=imported, filters=urlencode(filters),
        message=DONE.get(req.query("done"), ""),
    )  # fmt: skip


MAX_IMPORT_BYTES = limits.SUBSCRIBERS_CSV


def _cell(value: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def export(req: AdminRequest) -> Response:
    """The subscribers the list shows, as a CSV file (admins)."""
    status, newsletter_id = req.query("status", 20), req.query("newsletter", 12)
    query = req.query("q", 200).strip()

    def rows() -> Iterator[bytes]:
        with req.services.reads() as session:
            out = io.StringIO()
            writer = csv.writer(out)
            for n, row in enumerate(
                queries.export(
                    session, query=query, status=status if status in STATUSES else "",
                    newsletter_id=int(newsletter_id) if newsletter_id.isdigit() else None,
                ),
            ):  # fmt: skip
                writer.writerow([_cell(str(v)) for v in row])
                if n % 1000 == 999:
                    yield out.getvalue().encode()
                    out.seek(0)
                    out.truncate()
            yield out.getvalue().encode()

    name = f"subscribers-{req.now:%Y-%m-%d}.csv"
    return StreamingResponse(
        iterate_in_threadpool(rows()), media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )  # fmt: skip


def import_csv(req: AdminRequest) -> Response:
    """Addresses from a CSV file with an ``email`` column (and ``confirmed``, ``consent``
    when the file has them), added to the chosen newsletters."""
    form = req.form
    upload = form.get("file") if form is not None else None
    chosen = _numbers(form.getlist("newsletter") if form is not None else [])
    vouched = req.field("vouched", 1) == "1"
    errors: dict[str, str] = {}
    report = None
    if not isinstance(upload, UploadFile) or not upload.filename:
        errors["file"] = N_("Choose a CSV file.")
    else:
        raw = upload.file.read(MAX_IMPORT_BYTES + 1)
        if len(raw) > MAX_IMPORT_BYTES:
            errors["file"] = N_(
                "The file is larger than %(size)s MB: split it.", size=MAX_IMPORT_BYTES >> 20
            )
        else:
            text = raw.decode("utf-8-sig", errors="replace")
            reader = csv.DictReader(io.StringIO(text, newline=""))
            if "email" not in [(f or "").strip().lower() for f in reader.fieldnames or []]:
                errors["file"] = N_(
                    "The file's first line must name its columns, one of them email."
                )
            else:
                rows = ({(k or "").strip().lower(): (v or "") for k, v in row.items()
                         if isinstance(v, str)} for row in reader)  # fmt: skip
                try:
                    with req.services.writes.begin() as session:
                        report = actions.import_subscribers(
                            session, req.services.bus, rows, newsletter_ids=chosen,
                            vouched=vouched, source=upload.filename[:100], actor=req.actor,
                            now=req.now,
                        )  # fmt: skip
                except ValidationError as exc:
                    errors = exc.errors
                except csv.Error as exc:
                    errors["file"] = N_("The file is not CSV as expected: %(why)s.", why=exc)
    if report is None:
        return _subscribers_page(req, errors=errors, status=400)
    return _subscribers_page(req, imported=report)
