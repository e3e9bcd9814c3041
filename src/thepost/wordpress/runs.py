"""Imports started from the newsroom: each is an ``ImportRun`` row that a background
thread moves along (its progress written at most once a second, its report at the end),
so the progress page can be read from any process and survives a reload.

A run whose thread died with its process stays "running" with an old heartbeat; the page
says it stopped, and starting the same file again carries on (imports are re-runnable)::

    run_id = start(session, "export.xml", actor=user, dry_run=False, now=now)
    in_background(services, run_id, path, Options())
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from thepost.errors import NotFound
from thepost.permissions import Action, Principal, require
from thepost.services import Services
from thepost.wordpress import importer, wxr
from thepost.wordpress.models import ImportRun

log = logging.getLogger(__name__)
STALLED = timedelta(minutes=2)  # no progress for this long: the run's process is gone
HEARTBEAT = 1.0  # seconds between progress writes


def start(
    session: Session, filename: str, *, actor: Principal, dry_run: bool, now: datetime
) -> int:
    require(actor, Action.SITE_IMPORT)
    run = ImportRun(
        filename=filename[:300],
        state="running",
        dry_run=dry_run,
        user_id=actor.id,
        started_at=now,
        progress={"at": now.isoformat()},
    )
    session.add(run)
    session.flush()
    return run.id


def get(session: Session, run_id: int) -> ImportRun:
    run = session.get(ImportRun, run_id)
    if run is None:
        raise NotFound(f"import {run_id}")
    return run


def recent(session: Session, limit: int = 20) -> list[ImportRun]:
    return list(session.scalars(select(ImportRun).order_by(ImportRun.id.desc()).limit(limit)))


def stalled(run: ImportRun, now: datetime) -> bool:
    at = run.progress.get("at")
    return run.state == "running" and (at is None or datetime.fromisoformat(at) < now - STALLED)


def in_background(
    services: Services, run_id: int, path: Path, options: importer.Options
) -> threading.Thread:
    """Run the import in a thread of this process, recording into run ``run_id``."""
    thread = threading.Thread(
        target=_run, args=(services, run_id, path, options), name=f"import-{run_id}", daemon=True
    )
    thread.start()
    return thread


def _run(services: Services, run_id: int, path: Path, options: importer.Options) -> None:
    counts: dict[str, list[int]] = {}
    last = 0.0

    def progress(kind: str, done: int, total: int) -> None:
        nonlocal last
        counts[kind] = [done, total]
        if time.monotonic() - last >= HEARTBEAT or done >= total:
            last = time.monotonic()
            _record(services, run_id, progress={"at": services.clock().isoformat(), **counts})

    try:
        report = importer.run(services, path, options, progress=progress)
    except wxr.WXRError as exc:
        _record(services, run_id, state="failed", error=str(exc))
    except Exception:
        log.exception("import %s failed", run_id)
        _record(
            services,
            run_id,
            state="failed",
            error="The import stopped on an unexpected error (details are in the server's "
            "log). What was imported stays; starting it again carries on.",
        )
    else:
        _record(services, run_id, state="done", report=report.as_dict())


def _record(services: Services, run_id: int, **values: object) -> None:
    with services.writes.begin() as session:
        run = get(session, run_id)
        for name, value in values.items():
            setattr(run, name, value)
        if values.get("state") in ("done", "failed"):
            run.finished_at = services.clock()
