"""Finding an upload's file from any of its addresses, and never outside the folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from thepost.wordpress.uploads import locate, original_url

SITE = "https://example.com/wp-content/uploads"


@pytest.mark.parametrize(
    ("url", "original"),
    [
        (f"{SITE}/2013/03/foo-300x225.jpg", f"{SITE}/2013/03/foo.jpg"),
        (f"{SITE}/2013/03/foo-scaled.jpg", f"{SITE}/2013/03/foo.jpg"),
        (f"{SITE}/2013/03/foo-rotated.jpeg", f"{SITE}/2013/03/foo.jpeg"),
        (f"{SITE}/2013/03/foo-1024x768-e1600000000.jpg", f"{SITE}/2013/03/foo.jpg"),
        (f"{SITE}/2013/03/foo-e1600000000000-150x150.png", f"{SITE}/2013/03/foo.png"),
        (f"{SITE}/2013/03/foo-scaled-300x225.jpg?w=604#top", f"{SITE}/2013/03/foo.jpg"),
        (f"{SITE}/2013/03/img_0513-1.jpg", f"{SITE}/2013/03/img_0513-1.jpg"),
        (f"{SITE}/2013/03/my-holiday-2019.jpg", f"{SITE}/2013/03/my-holiday-2019.jpg"),
        (f"{SITE}/2013/03/-300x225.jpg", f"{SITE}/2013/03/-300x225.jpg"),
        (
            "https://x.files.wordpress.com/2008/06/canola2.jpg?w=300",
            "https://x.files.wordpress.com/2008/06/canola2.jpg",
        ),
    ],
)
def test_original_url_drops_what_wordpress_added(url: str, original: str) -> None:
    assert original_url(url) == original


@pytest.fixture
def uploads(tmp_path: Path) -> Path:
    root = tmp_path / "uploads"
    (root / "2013" / "03").mkdir(parents=True)
    (root / "2013" / "03" / "foo.jpg").write_bytes(b"jpeg")
    (root / "2013" / "03" / "foo-300x225.jpg").write_bytes(b"small")
    (root / "2013" / "03" / "café au lait.png").write_bytes(b"png")
    (tmp_path / "secret.txt").write_text("outside")
    return root


@pytest.mark.parametrize(
    ("url", "found"),
    [
        (f"{SITE}/2013/03/foo.jpg", "2013/03/foo.jpg"),
        (f"{SITE}/2013/03/foo-300x225.jpg", "2013/03/foo-300x225.jpg"),  # the size, when kept
        (f"{SITE}/2013/03/foo-1024x768.jpg", "2013/03/foo.jpg"),
        (f"{SITE}/2013/03/foo-scaled.jpg", "2013/03/foo.jpg"),
        (f"{SITE}/2013/03/foo.jpg?resize=300%2C225&ssl=1", "2013/03/foo.jpg"),
        (f"{SITE}/2013/03/%66oo.jpg", "2013/03/foo.jpg"),
        (f"{SITE}/2013/03/caf%C3%A9%20au%20lait.png", "2013/03/café au lait.png"),
        ("http://old.example/files/2013/03/foo.jpg", "2013/03/foo.jpg"),
        (
            "https://example.wordpress.com/wp-content/blogs.dir/4/files/2013/03/foo.jpg",
            "2013/03/foo.jpg",
        ),
        ("https://example.files.wordpress.com/2013/03/foo.jpg?w=604", "2013/03/foo.jpg"),
    ],
)
def test_locate_finds_the_file_or_its_original(uploads: Path, url: str, found: str) -> None:
    assert locate(uploads, url) == (uploads / found).resolve()


@pytest.mark.parametrize(
    "url",
    [
        f"{SITE}/2013/03/bar.jpg",
        f"{SITE}/",
        f"{SITE}/2013/03",
        f"{SITE}/../secret.txt",
        f"{SITE}/../../secret.txt",
        f"{SITE}/2013/../../secret.txt",
        f"{SITE}/%2e%2e/secret.txt",
        f"{SITE}/2013/%2E%2E/%2e%2e/secret.txt",
        f"{SITE}/..%2fsecret.txt",
        f"{SITE}//etc/passwd",
        f"{SITE}/%2Fetc%2Fpasswd",
        f"{SITE}/2013/03/foo.jpg%00.png",
        f"{SITE}/{'a' * 5000}.jpg",
        "file:///etc/passwd",
    ],
)
def test_locate_finds_nothing_missing_or_outside(uploads: Path, url: str) -> None:
    assert locate(uploads, url) is None


def test_locate_follows_no_link_out_of_the_folder(uploads: Path, tmp_path: Path) -> None:
    os.symlink(tmp_path / "secret.txt", uploads / "2013" / "03" / "link.jpg")
    os.symlink(tmp_path, uploads / "2013" / "out")
    os.symlink(uploads / "2013" / "03" / "foo.jpg", uploads / "2013" / "03" / "alias.jpg")
    assert locate(uploads, f"{SITE}/2013/03/link.jpg") is None
    assert locate(uploads, f"{SITE}/2013/out/secret.txt") is None
    assert locate(uploads, f"{SITE}/2013/03/alias.jpg") == (uploads / "2013/03/foo.jpg").resolve()


def test_an_address_elsewhere_is_found_by_its_whole_path(uploads: Path) -> None:
    """A picture The Post exported lives at /media/img/...; its folder is written beside
    the export with the same paths."""
    target = uploads / "media" / "img" / "ab" / "1600.jpg"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"x")
    assert locate(uploads, "https://news.example/media/img/ab/1600.jpg") == target.resolve()
    assert locate(uploads, "https://news.example/media/img/ab/640.jpg") is None
