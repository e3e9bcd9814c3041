"""Moving in from WordPress, from the newsroom (admins): upload an export, watch the
import move along, read its report. The import itself is ``thepost.wordpress``'s, the
same the command line runs; it works in a background thread (``wordpress.runs``) and
this page reads its progress from the database, so a reload or another worker shows it
too. Pictures come from the server's copy of ``wp-content/uploads`` through the command
line (``--uploads``); an import from here lists them as missing, and running the command
afterwards adds them without doubling anything."""

from __future__ import annotations

import shutil

from starlette.datastructures import UploadFile
from starlette.responses import Response

from thepost.i18n import N_
from thepost.web import urls
from thepost.web.admin import limits
from thepost.web.admin.pages import AdminRequest
from thepost.wordpress import importer, runs
from thepost.wordpress.report import Report

MAX_BODY = limits.IMPORT_BODY
SNIFF = 4096  # an export starts with its XML declaration and <rss>; a DTD comes before


def index(req: AdminRequest) -> Response:
    if not req.writing:
        return _page(req)
    upload = req.form.get("file") if req.form is not None else None
    dry_run = req.field("dry_run") == "1"
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _page(req, 400, {"file": N_("Choose a WordPress export (.xml) to import.")}, dry_run)
    head = upload.file.read(SNIFF)
    upload.file.seek(0)
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        message = N_("This file declares a DTD or entities, which an export never does; refused.")
        return _page(req, 400, {"file": message}, dry_run)
    if b"<rss" not in head and b"<?xml" not in head:
        wrong: dict[str, str] = {"file": N_("This is not a WordPress export (WXR) file.")}
        return _page(req, 400, wrong, dry_run)
    with req.services.writes.begin() as session:
        run_id = runs.start(session, upload.filename, actor=req.actor, dry_run=dry_run, now=req.now)
    folder = req.services.settings.data_dir / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{run_id}.xml"
    with path.open("wb") as out:
        shutil.copyfileobj(upload.file, out)
    runs.in_background(req.services, run_id, path, importer.Options(dry_run=dry_run))
    return req.redirect(urls.admin_import(run_id))


def _page(
    req: AdminRequest, status: int = 200, errors: dict[str, str] | None = None,
    dry_run: bool = False,
) -> Response:  # fmt: skip
    with req.services.reads() as session:
        recent = runs.recent(session)
    return req.render(
        "admin/imports.html",
        status=status,
        runs=recent,
        errors=errors or {},
        dry_run=dry_run,
        stalled=lambda run: runs.stalled(run, req.now),
        max_mb=MAX_BODY // (1024 * 1024),
    )


def run(req: AdminRequest) -> Response:
    run_id = int(req.request.path_params["run_id"])
    with req.services.reads() as session:
        found = runs.get(session, run_id)
        session.expunge(found)
    report = Report.from_dict(found.report) if found.report else None
    return req.render(
        "admin/import_run.html",
        run=found,
        report=report,
        stalled=runs.stalled(found, req.now),
    )
