"""The media library in the newsroom: upload by form, refusals in the form, duplicates,
alt text, search and pages, and who may use it."""

from __future__ import annotations

import re
from html import unescape

import pytest
from PIL import Image as PILImage
from sqlalchemy import func, select

import factories as f
from admin.conftest import sign_in
from media import samples
from thepost.content import media
from thepost.content.models import Image
from thepost.errors import PermissionDenied
from thepost.permissions import SYSTEM


def _upload(client, token, data: bytes, name: str = "photo.jpg", **fields: str):
    return client.post(
        "/admin/media",
        data={"csrf_token": token, **fields},
        files={"file": (name, data, "application/octet-stream")},
    )


def _count(services) -> int:
    with services.reads() as session:
        return session.scalar(select(func.count(Image.id))) or 0


def _field_error(html: str, name: str) -> str:
    match = re.search(rf'<p class="field-error" id="f-{name}-error">([^<]*)</p>', html)
    return unescape(match.group(1)) if match else ""


def test_an_author_uploads_a_picture_and_describes_it(services, client, staff) -> None:
    token = sign_in(client, staff.author)
    response = _upload(client, token, samples.jpeg_with_gps(), alt="A flooded street",
                       caption="Main Street at noon", credit="Jo Lens")  # fmt: skip
    assert response.status_code == 303
    location = response.headers["location"]
    assert re.fullmatch(r"/admin/media/\d+\?done=uploaded", location)
    page = client.get(location)
    assert page.status_code == 200
    assert "The picture is in the library" in page.text
    assert 'value="A flooded street"' in page.text and "Jo Lens" in page.text
    with services.reads() as session:
        image = session.scalars(select(Image)).one()
    assert (image.width, image.height, image.renditions) == (1000, 600, [320, 640, 960, 1000])
    # Every stored file is a rendition without metadata; each is served from /media.
    stored = sorted(p for p in services.settings.media_dir.rglob("*") if p.is_file())
    assert len(stored) == 8
    for path in stored:
        with PILImage.open(path) as opened:
            assert not opened.getexif() and "exif" not in opened.info, path
        assert b"Whistleblower" not in path.read_bytes()
    served = client.get(f"/media/img/{image.sha256[:2]}/{image.sha256}/320.webp")
    assert served.status_code == 200 and served.content[8:12] == b"WEBP"

    # Alt text, caption and credit are editable, with post/redirect/get.
    saved = client.post(location.split("?")[0], data={"csrf_token": token, "alt": "Water  on\nMain Street",
                        "caption": "", "credit": "Jo Lens / The Post"})  # fmt: skip
    assert saved.status_code == 303 and saved.headers["location"].endswith("?done=saved")
    with services.reads() as session:
        image = session.get(Image, image.id)
        assert (image.alt, image.caption, image.credit) == ("Water on Main Street", "",
                                                            "Jo Lens / The Post")  # fmt: skip
    too_long = client.post(location.split("?")[0],
                           data={"csrf_token": token, "alt": "x" * 501, "caption": "c"})  # fmt: skip
    assert too_long.status_code == 400
    assert _field_error(too_long.text, "alt") == "At most 500 characters (501 given)."
    assert 'value="' + "x" * 501 + '"' in too_long.text  # the text typed is kept


def test_the_same_bytes_twice_give_the_picture_already_there(services, client, staff) -> None:
    token = sign_in(client, staff.editor)
    data = samples.encoded("PNG")
    first = _upload(client, token, data, "a.png", alt="First")
    again = _upload(client, token, data, "copy-of-a.png", alt="Second")
    assert first.headers["location"].split("?")[0] == again.headers["location"].split("?")[0]
    assert again.headers["location"].endswith("?done=duplicate")
    assert "was in the library already" in client.get(again.headers["location"]).text
    assert _count(services) == 1


BAD_UPLOADS = {
    "empty": ("empty.jpg", b"", "The file is empty."),
    "text named .png": ("notes.png", b"Meeting notes\n" * 50, "not a JPEG, PNG, WebP or GIF"),
    "svg": ("logo.svg", samples.SVG, "SVG images are not accepted"),
    "svg named .jpg": ("logo.jpg", samples.SVG, "SVG images are not accepted"),
    "truncated": ("cut.jpg", samples.encoded("JPEG", (900, 900), quality=95)[:3000],
                  "damaged or incomplete"),
    "bomb header": ("bomb.png", samples.png_header_only(20_000, 20_000), "50 megapixels"),
    "over 20 MB": ("big.jpg", b"\xff\xd8\xff" + bytes(20 * 1024 * 1024), "larger than 20 MB"),
}  # fmt: skip


@pytest.mark.parametrize("case", BAD_UPLOADS)
def test_a_bad_upload_comes_back_in_the_form(services, client, staff, case) -> None:
    token = sign_in(client, staff.author)
    name, data, message = BAD_UPLOADS[case]
    response = _upload(client, token, data, name, alt="Kept alt", credit="Kept credit")
    assert response.status_code == 400
    assert message in _field_error(response.text, "file")
    assert 'value="Kept alt"' in response.text and 'value="Kept credit"' in response.text
    assert _count(services) == 0
    assert not any(p.is_file() for p in services.settings.media_dir.rglob("*"))


def test_a_png_named_jpg_is_read_as_the_png_it_is(services, client, staff) -> None:
    token = sign_in(client, staff.author)
    assert _upload(client, token, samples.encoded("PNG"), "holiday.jpg").status_code == 303
    assert _count(services) == 1


def test_no_file_and_an_oversized_body(services, client, staff) -> None:
    token = sign_in(client, staff.author)
    response = client.post("/admin/media", data={"csrf_token": token, "alt": "x"})
    assert response.status_code == 400
    assert _field_error(response.text, "file") == "Choose a picture to upload."
    # A body far over the limit is refused from its Content-Length, unread.
    huge = client.post(
        "/admin/media",
        content=b"x" * 10,
        headers={"Content-Type": "multipart/form-data; boundary=b", "X-CSRF-Token": token,
                 "Content-Length": str(30 * 1024 * 1024)},
    )  # fmt: skip
    assert huge.status_code == 413


def test_grid_search_and_pages(services, client, staff) -> None:
    with services.sessions.begin() as session:
        for n in range(26):
            media.upload_image(session, services.storage, f.jpeg(40, 30), actor=SYSTEM,
                               alt=f"Picture {n}", caption="Harbour" if n == 3 else "")  # fmt: skip
            services.clock.advance(minutes=1)
    sign_in(client, staff.author)
    first = client.get("/admin/media")
    assert first.status_code == 200
    assert first.text.count('class="media-tile"') == 24
    assert "26 pictures" in first.text and "Page 1 of 2" in first.text
    second = client.get("/admin/media?page=2")
    assert second.text.count('class="media-tile"') == 2
    assert client.get("/admin/media?page=3").status_code == 404
    found = client.get("/admin/media", params={"q": "harBOUR"})
    assert found.text.count('class="media-tile"') == 1 and "Picture 3" in found.text
    assert client.get("/admin/media", params={"q": "100%_"}).text.count("media-tile") == 0


def test_contributors_may_not_upload(services, client, staff) -> None:
    token = sign_in(client, staff.contributor)
    assert client.get("/admin/media").status_code == 403
    assert _upload(client, token, samples.encoded("PNG")).status_code == 403
    assert "/admin/media" not in client.get("/admin/").text  # not in the menu either
    with services.sessions() as session, pytest.raises(PermissionDenied):
        media.upload_image(session, services.storage, samples.encoded("PNG"),
                           actor=staff.contributor)  # fmt: skip
    assert _count(services) == 0


def test_media_add_command(tmp_path) -> None:
    from typer.testing import CliRunner

    from thepost.cli import app

    picture = tmp_path / "photo.webp"
    picture.write_bytes(samples.encoded("WEBP"))
    env = {"THEPOST_DATA_DIR": str(tmp_path / "data")}
    runner = CliRunner()
    assert runner.invoke(app, ["init"], env=env).exit_code == 0
    added = runner.invoke(app, ["media", "add", str(picture), "--alt", "A red card"], env=env)
    assert added.exit_code == 0, added.output
    assert "Image 1 added." in added.output
    again = runner.invoke(app, ["media", "add", str(picture)], env=env)
    assert "Image 1 was in the library already." in again.output
    svg = tmp_path / "x.png"
    svg.write_bytes(samples.SVG)
    refused = runner.invoke(app, ["media", "add", str(svg)], env=env)
    assert refused.exit_code == 1 and "SVG images are not accepted" in refused.output
