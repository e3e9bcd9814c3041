"""No default secret key: one is made on first start and kept; weak ones are refused."""

from __future__ import annotations

import stat
import threading

import pytest

from thepost import secret
from thepost.app import build_services
from thepost.config import Settings, weak_key


@pytest.mark.parametrize(
    "key",
    ["change-me-in-production", "secret", "CHANGEME", "short-but-random-7Hq", "a" * 64,
     "abcabcabcabcabcabcabcabcabcabcabcabc"],
)  # fmt: skip
def test_a_weak_key_is_refused_with_the_way_to_a_good_one(key) -> None:
    assert weak_key(key)
    with pytest.raises(ValueError, match="secrets.token_urlsafe"):
        Settings(secret_key=key)
    with pytest.raises(ValueError, match="FALLBACKS"):
        Settings(secret_key_fallbacks=f"{'k9Xv2' * 8},{key}")


def test_a_strong_key_is_used_as_given(tmp_path) -> None:
    key = "tV8q3-ZpL0wR7yXn2bK5mJ9cH4dF6gS1aE0uI3oP"
    assert weak_key(key) is None
    services = build_services(Settings(data_dir=tmp_path, secret_key=key))
    assert services.keys.unsign("x", services.keys.sign("x", 1)) == 1
    assert not (tmp_path / secret.FILE).exists()


def test_without_a_key_one_is_made_once_private_and_kept(tmp_path) -> None:
    first = build_services(Settings(data_dir=tmp_path))
    path = tmp_path / secret.FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    key = path.read_text().strip()
    assert weak_key(key) is None
    token = first.keys.sign("preview", 3)
    again = build_services(Settings(data_dir=tmp_path))  # a restart, another worker
    assert again.keys.unsign("preview", token) == 3
    assert path.read_text().strip() == key
    other = build_services(Settings(data_dir=tmp_path / "elsewhere"))  # another site
    assert other.keys.unsign("preview", token) is None


def test_workers_starting_at_once_agree_on_one_key(tmp_path) -> None:
    keys: list[str] = []
    start = threading.Barrier(8)

    def worker() -> None:
        start.wait()
        keys.append(secret.load_or_create(tmp_path))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(keys) == 8 and len(set(keys)) == 1
    assert [p.name for p in tmp_path.iterdir()] == [secret.FILE]  # no drafts left behind


def test_a_weak_key_in_the_file_is_refused(tmp_path) -> None:
    (tmp_path / secret.FILE).write_text("secret\n")
    with pytest.raises(secret.SecretKeyError, match="delete the file"):
        secret.load_or_create(tmp_path)
