"""A newsletter sender in a process of its own, for the test that kills it mid-send:
settings from the environment (``THEPOST_*``), the real clock, one batch after another
until nothing is due."""

from __future__ import annotations

from thepost.app import build_services, newsletter_worker
from thepost.config import load_settings


def main() -> None:
    services = build_services(load_settings())
    worker = newsletter_worker(services)
    assert worker is not None
    while worker.run_once():
        pass


if __name__ == "__main__":
    main()
