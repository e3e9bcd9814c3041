"""A background thread that, every ``interval`` seconds, records the went-live events of
stories whose time has come and delivers what is due (``outbox``). Any number of
processes may run one: claims and the schedule's watermark (a row lock) keep them from
doing the same work twice. Errors are logged and the loop carries on."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from thepost.webhooks import outbox

log = logging.getLogger(__name__)
ROUNDS = 50  # claims per tick at most (of ``batch`` each)


class WebhookWorker:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        post: outbox.Post,
        clock: Callable[[], datetime],
        describe: outbox.Describe,
        *,
        reads: sessionmaker[Session] | None = None,
        interval: float = 2.0,
        batch: int = 5,  # a process killed mid-batch holds at most this many (leases)
    ) -> None:
        self.sessions, self.post, self.clock, self.describe = sessions, post, clock, describe
        self.reads = reads or sessions
        self.interval, self.batch = interval, batch
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self) -> outbox.Report:
        with self.reads() as session:
            if not outbox.due(session, now=self.clock()):
                return outbox.Report()
        with self.sessions.begin() as session:
            outbox.watch_schedule(session, now=self.clock(), describe=self.describe)
        # Rounds until nothing is claimed: a story's next event is claimable once the one
        # before it is delivered.
        total = outbox.Report()
        for _ in range(ROUNDS):
            report = outbox.deliver_due(
                self.sessions, self.post, clock=self.clock, batch=self.batch
            )
            total.add(report)
            if not report.claimed:
                break
        return total

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="thepost-webhooks", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout)

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):  # the first tick after one interval
            try:
                self.run_once()
            except Exception:
                log.exception("webhook delivery failed; trying again in %s s", self.interval)
