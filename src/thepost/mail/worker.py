"""A background thread that drains the outbox every few seconds.

Any number of processes may run one (claims keep them from sending a message twice).
Start it only when an SMTP host is configured; without one, mail stays queued::

    if settings.smtp_host:
        worker = OutboxWorker(services.writes, SmtpSender(...), services.clock)
        worker.start()
        ...
        worker.stop()

An error (database down, a bug) is logged and the loop carries on at the next tick.
When a tick fills a whole batch the next one starts at once, so a backlog drains fast.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from thepost.mail.outbox import DeliveryReport, deliver_due
from thepost.mail.smtp import Sender

log = logging.getLogger(__name__)


class Poller:
    """A daemon thread that calls ``run_once`` every ``interval`` seconds, at once again
    when it did a whole ``batch``; subclasses say what one run does and how many items it
    took."""

    name = "thepost-poller"

    def __init__(self, interval: float, batch: int) -> None:
        self.interval = interval
        self.batch = batch
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self) -> int:
        raise NotImplementedError

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError(f"{self.name} is already running")
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name=self.name, daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 1.0) -> None:
        """Wake the thread and wait for it; a send in flight finishes on its own (daemon)."""
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout)
            if thread.is_alive():
                log.warning("%s still busy after %.1f s; leaving it", self.name, timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _loop(self) -> None:
        while not self._stop.is_set():
            full = False
            try:
                full = self.run_once() >= self.batch
            except Exception:
                log.exception("%s failed; trying again in %s s", self.name, self.interval)
            if not full:
                self._stop.wait(self.interval)


class OutboxWorker(Poller):
    name = "thepost-outbox"

    def __init__(
        self,
        sessions: sessionmaker[Session],
        sender: Sender,
        clock: Callable[[], datetime],
        interval: float = 5.0,
        *,
        batch: int = 20,
    ) -> None:
        super().__init__(interval, batch)
        self.sessions = sessions
        self.sender = sender
        self.clock = clock

    def deliver(self) -> DeliveryReport:
        return deliver_due(self.sessions, self.sender, now=self.clock(), batch=self.batch)

    def run_once(self) -> int:
        return self.deliver().claimed
