"""Forwarded headers are believed only from the proxies listed in THEPOST_TRUSTED_PROXIES."""

from __future__ import annotations

import asyncio
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import requests
from typer.testing import CliRunner

from thepost import server
from thepost.cli import app


def _run_with(monkeypatch: pytest.MonkeyPatch, tmp_path, trusted: str) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    monkeypatch.setenv("THEPOST_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("THEPOST_TRUSTED_PROXIES", trusted)
    monkeypatch.setattr(server.uvicorn, "run", lambda app, **options: seen.update(options))
    server.run()
    return seen


def test_no_forwarded_header_is_believed_by_default(monkeypatch, tmp_path) -> None:
    options = _run_with(monkeypatch, tmp_path, "")
    assert options["proxy_headers"] is False
    assert options["forwarded_allow_ips"] == ""


def test_the_listed_proxies_and_networks_are_believed(monkeypatch, tmp_path) -> None:
    options = _run_with(monkeypatch, tmp_path, "10.0.0.5,192.168.1.0/24")
    assert options["proxy_headers"] is True
    assert options["forwarded_allow_ips"] == "10.0.0.5,192.168.1.0/24"


# A real server behind a real (tiny) reverse proxy on loopback.

PASSWORD = "correct horse battery"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _Proxy:
    """Forwards each connection to the server, adding the forwarded headers nginx adds."""

    def __init__(self, upstream: int, client: str, proto: str) -> None:
        self.upstream, self.client, self.proto = upstream, client, proto
        self.port = _free_port()
        self.loop = asyncio.new_event_loop()
        ready = threading.Event()
        self.thread = threading.Thread(target=self._serve, args=(ready,), daemon=True)
        self.thread.start()
        assert ready.wait(10)

    def _serve(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self.loop)
        self.server = self.loop.run_until_complete(
            asyncio.start_server(self._handle, "127.0.0.1", self.port)
        )
        ready.set()
        self.loop.run_forever()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        added = f"X-Forwarded-For: {self.client}\r\nX-Forwarded-Proto: {self.proto}\r\n"
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream)
        up_writer.write(head[:-2] + added.encode() + b"\r\n")

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            while data := await src.read(65536):
                dst.write(data)
                await dst.drain()
            dst.close()

        try:
            await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))
        finally:  # cancelled by ``stop`` while a kept-alive connection is still open
            for each in (writer, up_writer):
                each.close()

    def stop(self) -> None:
        async def shut() -> None:
            self.server.close()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await asyncio.sleep(0)  # the closed transports let go of their sockets

        asyncio.run_coroutine_threadsafe(shut(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


@contextmanager
def _server(tmp_path: Path, trusted: str) -> Iterator[int]:
    env = {
        **os.environ,
        "THEPOST_DATA_DIR": str(tmp_path / "data"),
        "THEPOST_BASE_URL": "https://news.example.org",
        "THEPOST_TRUSTED_PROXIES": trusted,
    }
    runner = CliRunner()
    assert runner.invoke(app, ["init"], env=env).exit_code == 0
    made = runner.invoke(
        app,
        ["createuser", "--email", "ed@example.org", "--role", "admin", "--password", PASSWORD],
        env=env,
    )
    assert made.exit_code == 0, made.output
    port = _free_port()
    env["THEPOST_PORT"] = str(port)
    server = subprocess.Popen(
        [sys.executable, "-m", "thepost.server"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=2).close()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "no server"
                time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(10)


def _login(port: int, email: str, password: str, **headers: str) -> requests.Response:
    """One connection per request, so the proxy adds its headers to each; the cookies are
    sent back by hand, since they are Secure and the test speaks plain http to the proxy."""
    url = f"http://127.0.0.1:{port}/admin/login"
    headers["Connection"] = "close"
    page = requests.get(url, headers=headers, timeout=30)
    match = CSRF.search(page.text)
    assert match, page.text[:500]
    cookies = "; ".join(f"{name}={value}" for name, value in page.cookies.items())
    return requests.post(
        url,
        data={"email": email, "password": password, "csrf_token": match.group(1)},
        headers={**headers, "Origin": "https://news.example.org", "Cookie": cookies},
        allow_redirects=False,
        timeout=30,
    )


def _fail_until_throttled(port: int, **headers: str) -> None:
    codes = [
        _login(port, f"nobody{n}@example.org", "wrong password!", **headers).status_code
        for n in range(7)
    ]
    assert codes[-1] == 429, codes


def test_behind_a_trusted_proxy_each_reader_has_their_own_login_limit(tmp_path) -> None:
    with _server(tmp_path, "127.0.0.1") as port:
        stranger = _Proxy(port, "203.0.113.7", "https")
        editor = _Proxy(port, "198.51.100.2", "https")
        try:
            _fail_until_throttled(stranger.port)
            answer = _login(editor.port, "ed@example.org", PASSWORD)
            assert answer.status_code == 303, answer.text[:500]
            cookie = answer.headers["set-cookie"]
            assert "thepost_session=" in cookie and "secure" in cookie.lower()
        finally:
            stranger.stop()
            editor.stop()


def test_forwarded_headers_from_an_untrusted_peer_are_ignored(tmp_path) -> None:
    with _server(tmp_path, "10.9.8.7") as port:
        _fail_until_throttled(port, **{"X-Forwarded-For": "203.0.113.7"})
        forged = {"X-Forwarded-For": "198.51.100.2"}
        assert _login(port, "ed@example.org", PASSWORD, **forged).status_code == 429
