"""The Redis client against the real server: commands, replies of every kind, publish and
subscribe, a connection the server closed, and addresses."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator

import pytest

from thepost.redis_client import Redis, RedisError, ReplyError, parse_url

URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def client() -> Iterator[Redis]:
    with Redis(URL, timeout=2) as client:
        try:
            client.command("PING")
        except RedisError as exc:
            pytest.skip(f"Redis not reachable at 127.0.0.1:6379 ({exc}); start it to run these")
        yield client


def test_replies_of_every_kind(client) -> None:
    key = f"test:{uuid.uuid4().hex}"
    assert client.command("PING") == b"PONG"
    assert client.command("SET", key, "é\r\n$3\r\n" * 3, "EX", 60) == b"OK"
    assert client.command("GET", key) == "é\r\n$3\r\n".encode() * 3
    assert client.command("GET", key + ":none") is None
    assert client.command("RPUSH", key + ":list", b"\x00\xff", 12, 1.5) == 3
    assert client.command("LRANGE", key + ":list", 0, -1) == [b"\x00\xff", b"12", b"1.5"]
    assert client.command("DEL", key, key + ":list") == 2
    with pytest.raises(ReplyError, match="unknown command"):
        client.command("NO-SUCH-COMMAND")
    assert client.command("PING") == b"PONG"  # an error reply leaves the connection usable
    # An error inside an array is one of its elements; the rest are still read.
    client.command("MULTI")
    client.command("SET", key, "text")
    client.command("INCR", key)
    client.command("GET", key)
    done, failed, value = client.command("EXEC")
    assert done == b"OK" and isinstance(failed, ReplyError) and value == b"text"
    assert client.command("DEL", key) == 1


def test_the_database_in_the_address_is_selected(client) -> None:
    key = f"test:{uuid.uuid4().hex}"
    client.command("SET", key, "15", "EX", 60)
    with Redis("redis://127.0.0.1:6379/14") as other:
        assert other.command("GET", key) is None
    with Redis("redis://127.0.0.1:6379?db=15") as same:
        assert same.command("GET", key) == b"15"


def test_a_connection_closed_by_the_server_is_made_again(client) -> None:
    assert client.command("CLIENT", "SETNAME", "closed-by-server") == b"OK"
    listing = client.command("CLIENT", "LIST").decode()
    mine = next(line for line in listing.splitlines() if "name=closed-by-server" in line)
    client_id = mine.split("id=", 1)[1].split(" ", 1)[0]
    with Redis(URL) as other:
        other.command("CLIENT", "KILL", "ID", client_id)
    assert client.command("PING") == b"PONG"


def test_publish_reaches_a_subscriber(client) -> None:
    channel = f"test:{uuid.uuid4().hex}"
    heard: list[bytes | None] = []
    subscribed = threading.Event()

    def listen() -> None:
        with Redis(URL, timeout=5).subscribe(channel) as subscription:
            subscribed.set()
            heard.append(subscription.get(timeout=0.05))  # nothing yet
            deadline = time.monotonic() + 5
            while len(heard) < 3 and time.monotonic() < deadline:
                message = subscription.get(timeout=0.5)
                if message is not None:
                    heard.append(message)

    listener = threading.Thread(target=listen)
    listener.start()
    assert subscribed.wait(5)
    time.sleep(0.2)  # past the first, empty wait
    assert client.command("PUBLISH", channel, "changed") == 1
    assert client.command("PUBLISH", channel, b"x" * 100_000) == 1
    listener.join(10)
    assert heard == [None, b"changed", b"x" * 100_000]


def test_nothing_listening_is_an_error_not_a_hang() -> None:
    started = time.monotonic()
    with pytest.raises(RedisError, match="cannot connect"), Redis("redis://127.0.0.1:1/0") as none:
        none.command("PING")
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    ("url", "parts"),
    [
        ("redis://127.0.0.1:6379/0", {"host": "127.0.0.1", "port": 6379, "db": 0}),
        ("redis://redis.internal", {"host": "redis.internal", "port": 6379, "db": 0}),
        ("rediss://:s%40cret@cache:6380/3", {"tls": True, "password": "s@cret", "db": 3}),
        ("redis://app:pw@cache/2", {"user": "app", "password": "pw", "db": 2}),
        ("unix:///run/redis.sock?db=4&password=pw", {"path": "/run/redis.sock", "db": 4}),
    ],
)
def test_addresses(url, parts) -> None:
    found = parse_url(url)
    assert {key: getattr(found, key) for key in parts} == parts


@pytest.mark.parametrize(
    "url", ["http://cache:6379", "redis://cache:port/0", "redis://cache/zero", "unix://", "cache"]
)
def test_not_addresses(url) -> None:
    with pytest.raises(ValueError):
        parse_url(url)
