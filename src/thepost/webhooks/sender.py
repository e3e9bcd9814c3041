"""One HTTP POST to a webhook endpoint, bounded and guarded.

The address's host is resolved once and every address it gives must be public (not
private, loopback, link-local, multicast or reserved) unless private addresses are
allowed (``THEPOST_WEBHOOKS_ALLOW_PRIVATE``); the connection then goes to the address
that was checked (a second lookup cannot swap in another: DNS rebinding), with the name
kept for the Host header and TLS. Redirects are not followed (a redirect is an answer
like any other: not a 2xx). Each socket operation times out after ``TIMEOUT`` seconds and
at most ``EXCERPT`` bytes of the answer are read.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from thepost.i18n import N_

TIMEOUT = 10.0
EXCERPT = 1024
USER_AGENT = "ThePost-Webhooks/1"


class Refused(Exception):
    """The address may not be posted to (its message says why)."""


class Unresolved(Refused):
    """The address's name does not resolve (now)."""


@dataclass(frozen=True)
class Answer:
    status: int  # 0: none (the error says why)
    body: str = ""
    retry_after: float | None = None  # seconds, when the receiver asked
    error: str = ""
    duration_ms: int = 0


def check_url(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path) of a usable endpoint address, or ``Refused``; the host's
    addresses are checked when the endpoint is saved and again at each delivery."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise Refused(N_("That is not a web address.")) from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused(N_("Use an http:// or https:// address."))
    if parts.username or parts.password:
        raise Refused(N_("Put no password in the address: the signature proves the sender."))
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80), path


def resolve(host: str, port: int, *, allow_private: bool) -> str:
    """An address of ``host`` to connect to, every one of them checked."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise Unresolved(f"The name {host} does not resolve.") from exc
    addresses = [str(info[4][0]) for info in found]
    if not allow_private:
        for address in addresses:
            ip = ipaddress.ip_address(address.split("%")[0])
            if not ip.is_global or ip.is_multicast:
                raise Refused(
                    N_(
                        "%(host)s is a private or local address (%(ip)s); webhooks go to public "
                        "addresses unless THEPOST_WEBHOOKS_ALLOW_PRIVATE is set.",
                        host=host,
                        ip=str(ip),
                    )
                )
    return addresses[0]


class _Pinned(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: str) -> None:
        super().__init__(host, port, timeout=TIMEOUT)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedTLS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str) -> None:
        super().__init__(host, port, timeout=TIMEOUT, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def post(url: str, body: bytes, headers: dict[str, str], *, allow_private: bool) -> Answer:
    started = time.monotonic()

    def took() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        scheme, host, port, path = check_url(url)
        address = resolve(host, port, allow_private=allow_private)
    except Refused as exc:
        return Answer(0, error=str(exc), duration_ms=took())
    kind = _PinnedTLS if scheme == "https" else _Pinned
    connection = kind(host, port, address)
    try:
        connection.request("POST", path, body=body, headers={**headers, "user-agent": USER_AGENT})
        response = connection.getresponse()
        excerpt = response.read(EXCERPT).decode("utf-8", "replace")
        return Answer(
            response.status,
            excerpt,
            retry_after(response.getheader("retry-after", "")),
            duration_ms=took(),
        )
    except (OSError, http.client.HTTPException, ssl.SSLError) as exc:
        return Answer(0, error=f"{type(exc).__name__}: {exc}"[:500], duration_ms=took())
    finally:
        connection.close()


def retry_after(value: str) -> float | None:
    """``Retry-After`` in seconds: a number, or an HTTP date."""
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - time.time())
