"""The serving process: uvicorn running ``thepost.asgi:app`` with settings from the
environment. ``thepost serve`` migrates, then replaces itself with this (``exec``, the
same process id for systemd and signals), so the server and its workers carry nothing
of the command line (Typer, Rich, Alembic, the demo generator)::

    python -m thepost.server      # THEPOST_* variables say where and how many workers

On SIGTERM uvicorn stops accepting, lets requests in flight finish (at most
``timeout_graceful_shutdown`` seconds) and runs the app's shutdown; no access log line per
request. A worker gets a minute to start (uvicorn's 5 s default restarts it forever on a
busy machine). Kept pages are answered in the HTTP protocol itself
(``thepost.web.protocol``); uvicorn runs on uvloop, which uvicorn[standard] installs.
The site serves no WebSocket (live blogs poll), so no WebSocket library is loaded.
"""

from __future__ import annotations

from typing import Any

import uvicorn

from thepost.config import load_settings

SERVER: dict[str, Any] = {
    "http": "thepost.web.protocol:HitProtocol",
    "log_level": "warning",
    "access_log": False,
    "timeout_graceful_shutdown": 20,
    "timeout_worker_healthcheck": 60,
    "server_header": False,
    "ws": "none",
}


def run() -> None:
    settings = load_settings()
    uvicorn.run(
        "thepost.asgi:app",
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        # Only a listed proxy may say who the reader is and whether they came by https;
        # uvicorn would otherwise trust 127.0.0.1 by default.
        proxy_headers=bool(settings.trusted_proxies),
        forwarded_allow_ips=settings.trusted_proxies or "",
        env_file=None,
        **SERVER,
    )


if __name__ == "__main__":
    run()
