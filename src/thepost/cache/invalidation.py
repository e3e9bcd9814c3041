"""When cached pages stop being true, and how every process hears of it.

A serving process keeps ``epoch``, a local number its page store compares on each
request: when it moves, the store empties. It moves when

- the database's generation counter differs from the one last seen (a watcher thread
  reads it every ``interval`` seconds, and at once after a write in this process);
- a message arrives on the Redis channel (when Redis is configured), sent after every
  write by whichever process made it;
- the clock passes the publish time of the next scheduled story, which is read with
  the counter: a page never outlives the moment a scheduled story goes live.

``state`` reads ``(generation, next publish time)`` in a short transaction of its own.
Redis is spoken to only when a Redis URL is given (``thepost.redis_client``)::

    invalidator = Invalidator(state, clock, interval=0.25, redis_url="")
    invalidator.start()       # in a serving process
    invalidator.changed()     # after a write commits here: refresh now, tell the others
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime

from thepost.redis_client import Redis, RedisError

log = logging.getLogger(__name__)
CHANNEL = "thepost:pages"
State = Callable[[], tuple[int, datetime | None]]


class Invalidator:
    def __init__(
        self, state: State, clock: Callable[[], datetime], *, interval: float, redis_url: str = ""
    ) -> None:
        self.epoch = 0
        self.next_publish: datetime | None = None
        self.storable = True  # False while the database cannot be read: serve, keep nothing
        self._state = state
        self._clock = clock
        self._interval = interval
        self._redis_url = redis_url
        self._seen: int | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._publisher: Redis | None = None
        self._users = 0  # lifespans using the threads (tests nest them)

    # -- the hit path ----------------------------------------------------------------

    def due(self) -> None:
        """Called per request: a scheduled story has gone live since the last read."""
        upcoming = self.next_publish
        if upcoming is not None and self._clock() >= upcoming:
            self.refresh()

    # -- news of changes ---------------------------------------------------------------

    def refresh(self) -> None:
        """Read the generation and the next publish time; move ``epoch`` when they say so."""
        with self._lock:
            try:
                generation, upcoming = self._state()
            except Exception:
                # The database is unreachable: what is kept is served as it was (as a CDN
                # serves stale-if-error; each entry still expires by its time to live),
                # nothing new is kept, and once the database answers the store starts
                # afresh (a change may have been missed).
                if self.storable:
                    log.exception("cannot read the cache generation; kept pages only")
                self.storable = False
                return
            if generation != self._seen or not self.storable or self._passed(self.next_publish):
                self.epoch += 1
            self._seen, self.next_publish, self.storable = generation, upcoming, True

    def _passed(self, when: datetime | None) -> bool:
        return when is not None and self._clock() >= when

    def changed(self) -> None:
        """A write that readers see committed in this process."""
        self.refresh()
        if self._redis_url:
            self._publish()

    def _publish(self) -> None:
        if self._publisher is None:
            self._publisher = Redis(self._redis_url, timeout=1)
        try:
            self._publisher.command("PUBLISH", CHANNEL, "changed")
        except RedisError:
            log.warning("could not tell other processes through Redis; they poll the database")

    # -- the serving process's threads ---------------------------------------------------

    def start(self) -> None:
        self._users += 1
        if self._users > 1:
            return
        self._stop.clear()
        self.refresh()
        self._threads = [
            threading.Thread(target=self._watch, name="thepost-cache-watch", daemon=True)
        ]
        if self._redis_url:
            self._threads.append(
                threading.Thread(target=self._listen, name="thepost-cache-listen", daemon=True)
            )
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        self._users = max(0, self._users - 1)
        if self._users:
            return
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads = []
        self.close()

    def close(self) -> None:
        """Let go of the connection that tells the others (made again if needed)."""
        if self._publisher is not None:
            self._publisher.close()

    def _watch(self) -> None:
        while not self._stop.wait(self._interval):
            self.refresh()

    def _listen(self) -> None:
        client = Redis(self._redis_url, timeout=5)  # its own connection per subscription
        while not self._stop.is_set():
            try:
                with client.subscribe(CHANNEL) as heard:
                    while not self._stop.is_set():
                        if heard.get(timeout=0.5) is not None:
                            self.refresh()
            except RedisError:
                log.warning(
                    "Redis unreachable for cache messages; retrying (the database is polled)"
                )
                self._stop.wait(2)
