"""The media library in the newsroom: upload by form, refusals in the form, duplicates,
alt text, search and pages, serving, deleting, and who may use it. Every test runs on
both media stores (a directory; an S3-compatible bucket on loopback) and both databases."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
from PIL import Image as PILImage
from sqlalchemy import func, select

import factories as f
from admin.conftest import make_user, sign_in
from media import samples
from s3server import stored_files
from thepost.audit.models import AuditEntry
from thepost.content import media
from thepost.content.models import Image
from thepost.errors import Conflict, PermissionDenied
from thepost.media.images import rendition_keys
from thepost.permissions import SYSTEM


@pytest.fixture
def settings(settings, media_store):
    return settings.model_copy(update=media_store)


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
    response = _upload(
        client,
        token,
        samples.jpeg_with_gps(),
        alt="A flooded street",
        caption="Main Street at noon",
        credit="Jo Lens",
    )
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
    stored = stored_files(services)
    assert sorted(stored) == sorted(rendition_keys(image.sha256, image.renditions))
    for key, blob in stored.items():
        with PILImage.open(io.BytesIO(blob)) as opened:
            assert not opened.getexif() and "exif" not in opened.info, key
        assert b"Whistleblower" not in blob
    served = client.get(f"/media/img/{image.sha256[:2]}/{image.sha256}/320.webp")
    assert served.status_code == 200 and served.content[8:12] == b"WEBP"

    # Alt text, caption and credit are editable, with post/redirect/get.
    saved = client.post(
        location.split("?")[0],
        data={
            "csrf_token": token,
            "alt": "Water  on\nMain Street",
            "caption": "",
            "credit": "Jo Lens / The Post",
        },
    )
    assert saved.status_code == 303 and saved.headers["location"].endswith("?done=saved")
    with services.reads() as session:
        image = session.get(Image, image.id)
        assert (image.alt, image.caption, image.credit) == (
            "Water on Main Street",
            "",
            "Jo Lens / The Post",
        )
    too_long = client.post(
        location.split("?")[0], data={"csrf_token": token, "alt": "x" * 501, "caption": "c"}
    )
    assert too_long.status_code == 400
    assert _field_error(too_long.text, "alt") == "At most 500 characters (501 given)."
    assert 'value="' + "x" * 501 + '"' in too_long.text  # the text typed is kept

    # Another author sees the words but cannot change them; an editor can.
    client.cookies.clear()
    other = sign_in(client, make_user(services, "author", "other.author@thepost.test"))
    page = client.get(location.split("?")[0])
    assert "Only whoever uploaded this picture, or an editor" in page.text
    assert 'name="alt"' not in page.text
    refused = client.post(
        location.split("?")[0],
        data={"csrf_token": other, "alt": "Defaced", "caption": "", "credit": ""},
    )
    assert refused.status_code == 403
    client.cookies.clear()
    editor = sign_in(client, staff.editor)
    fixed = client.post(
        location.split("?")[0],
        data={"csrf_token": editor, "alt": "Flood", "caption": "", "credit": "Jo Lens"},
    )
    assert fixed.status_code == 303
    with services.reads() as session:
        assert session.get(Image, image.id).alt == "Flood"


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
    "a strip no rendition fits": ("strip.png", samples.encoded("PNG", (1, 30_000)),
                                  "too tall for its width"),
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
    assert stored_files(services) == {}


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
        headers={
            "Content-Type": "multipart/form-data; boundary=b",
            "X-CSRF-Token": token,
            "Content-Length": str(30 * 1024 * 1024),
        },
    )
    assert huge.status_code == 413


def test_grid_search_and_pages(services, client, staff) -> None:
    with services.writes.begin() as session:
        for n in range(26):
            media.upload_image(
                session,
                services.storage,
                f.jpeg(40, 30),
                actor=SYSTEM,
                alt=f"Picture {n}",
                caption="Harbour" if n == 3 else "",
            )
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
    with services.writes() as session, pytest.raises(PermissionDenied):
        media.upload_image(
            session, services.storage, samples.encoded("PNG"), actor=staff.contributor
        )
    assert _count(services) == 0


def test_media_add_and_delete_commands(tmp_path, media_store) -> None:
    from typer.testing import CliRunner

    from thepost.cli import app

    picture = tmp_path / "photo.webp"
    picture.write_bytes(samples.encoded("WEBP"))
    env = {"THEPOST_DATA_DIR": str(tmp_path / "data")}
    env |= {f"THEPOST_{name.upper()}": str(value) for name, value in media_store.items()}
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
    deleted = runner.invoke(app, ["media", "delete", "1"], env=env)
    assert deleted.exit_code == 0 and "Image 1 deleted." in deleted.output
    gone = runner.invoke(app, ["media", "delete", "1"], env=env)
    assert gone.exit_code == 1 and "No such picture." in gone.output
    assert "added." in runner.invoke(app, ["media", "add", str(picture)], env=env).output


def test_renditions_are_served_from_the_store_with_long_caching(services, client) -> None:
    with services.writes.begin() as session:
        image = f.image(services, session)
        keys = rendition_keys(image.sha256, image.renditions)
    stored = stored_files(services)
    for key in keys:
        served = client.get(f"/media/{key}")
        assert served.status_code == 200, key
        assert served.content == stored[key]
        assert served.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert served.headers["content-type"] == (
            "image/webp" if key.endswith("webp") else "image/jpeg"
        )
        assert served.headers["content-length"] == str(len(stored[key]))
    again = client.get(f"/media/{keys[0]}", headers={"If-None-Match": served.headers["etag"]})
    assert again.status_code == 200  # another file's tag
    etag = client.get(f"/media/{keys[-1]}").headers["etag"]
    revalidated = client.get(f"/media/{keys[-1]}", headers={"If-None-Match": etag})
    assert revalidated.status_code == 304 and revalidated.content == b""
    head = client.head(f"/media/{keys[-1]}")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == str(len(stored[keys[-1]]))
    for missing in ("img/00/none/320.webp", "../thepost.sqlite3", "img/%2e%2e/%2e%2e/x", ""):
        assert client.get(f"/media/{missing}").status_code == 404, missing


def test_an_editor_deletes_a_picture_no_page_shows(services, client, staff) -> None:
    with services.writes.begin() as session:
        kept, loose = f.image(services, session), f.image(services, session)
        f.article(services, session, title="Storm warning", featured_image_id=kept.id)
        kept_id, loose_id = kept.id, loose.id
        loose_keys = rendition_keys(loose.sha256, loose.renditions)
    token = sign_in(client, staff.author)  # authors upload, but do not delete
    assert f"/admin/media/{loose_id}/delete" not in client.get(f"/admin/media/{loose_id}").text
    assert (
        client.post(f"/admin/media/{loose_id}/delete", data={"csrf_token": token}).status_code
        == 403
    )
    client.cookies.clear()

    token = sign_in(client, staff.editor)
    refused = client.post(f"/admin/media/{kept_id}/delete", data={"csrf_token": token})
    assert refused.status_code == 409
    assert "cannot be deleted while it is shown: “Storm warning”" in refused.text
    deleted = client.post(f"/admin/media/{loose_id}/delete", data={"csrf_token": token})
    assert deleted.status_code == 303 and deleted.headers["location"] == "/admin/media?done=deleted"
    assert "The picture was deleted." in client.get(deleted.headers["location"]).text
    assert _count(services) == 1
    assert not any(services.storage.exists(key) for key in loose_keys)
    assert all(client.get(f"/media/{key}").status_code == 404 for key in loose_keys)
    assert client.get(f"/admin/media/{loose_id}").status_code == 404
    assert client.get(f"/media/{rendition_keys(*_only(services))[0]}").status_code == 200
    with services.reads() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry is not None and entry.action == "media.delete"
    assert (entry.user_id, entry.object_type, entry.object_id) == (
        staff.editor.id,
        "image",
        str(loose_id),
    )


def _only(services) -> tuple[str, list[int]]:
    with services.reads() as session:
        image = session.scalars(select(Image)).one()
        return image.sha256, image.renditions


def test_a_picture_in_a_story_body_or_on_an_author_page_is_kept(services) -> None:
    with services.writes.begin() as session:
        figure, photo = f.image(services, session), f.image(services, session)
        f.article(
            services,
            session,
            title="Pictured inside",
            body=f"Intro.\n\n![A figure](image:{figure.id})\n\nMore.",
        )
        f.author(session, name="Jo Lens", photo_id=photo.id)
        cases = ((figure.id, "“Pictured inside”"), (photo.id, "Jo Lens’s author page"))
    for image_id, named in cases:
        with services.writes.begin() as session, pytest.raises(Conflict, match=named):
            media.delete_image(session, services.bus, image_id, actor=SYSTEM)
    assert _count(services) == 2 and len(stored_files(services)) == 8


# -- the story editor's picture picker (JSON) ----------------------------------------------


def test_the_picker_uploads_describes_and_searches_the_whole_library(
    services, client, staff
) -> None:
    token = sign_in(client, staff.author)
    headers = {"X-CSRF-Token": token, "Origin": "http://testserver"}
    sent = client.post(
        "/admin/media/upload",
        data={"csrf_token": token},
        files={"file": ("quay.jpg", samples.jpeg_with_gps(), "image/jpeg")},
        headers=headers,
    )
    assert sent.status_code == 200, sent.text
    picture = sent.json()
    assert picture["created"] is True and picture["alt"] == ""
    assert picture["thumb"].startswith("/media/img/") and picture["thumb"].endswith(".jpg")
    assert client.get(picture["thumb"]).status_code == 200
    again = client.post(
        "/admin/media/upload",
        data={"csrf_token": token},
        files={"file": ("again.jpg", samples.jpeg_with_gps(), "image/jpeg")},
        headers=headers,
    ).json()
    assert again["id"] == picture["id"] and again["created"] is False
    bad = client.post(
        "/admin/media/upload",
        data={"csrf_token": token},
        files={"file": ("x.jpg", b"<svg onload=alert(1)>", "image/jpeg")},
        headers=headers,
    )
    assert bad.status_code == 400 and "file" in bad.json()["errors"]

    words = {"alt": "Boats on the quay", "caption": "At dawn.", "credit": "R. Delgado"}
    described = client.post(
        f"/admin/media/{picture['id']}/describe", data={"csrf_token": token, **words}
    )
    assert described.status_code == 200 and described.json()["alt"] == "Boats on the quay"
    too_long = client.post(
        f"/admin/media/{picture['id']}/describe",
        data={"csrf_token": token, **words, "credit": "x" * 301},
    )
    assert too_long.status_code == 400 and "credit" in too_long.json()["errors"]

    # Forty more: the picker pages through all of them, and finds the old one by its words.
    with services.writes.begin() as session:
        for n in range(40):
            data = samples.encoded("JPEG", size=(64, 48), colour=(n * 5, 20, 30))
            media.upload_image(
                session, services.storage, data, actor=SYSTEM, alt=f"Filler {n}", widths=(320,)
            )
    first = client.get("/admin/media/pick").json()
    assert (first["total"], first["pages"], len(first["items"])) == (41, 2, 24)
    second = client.get("/admin/media/pick?page=2").json()
    assert picture["id"] in [item["id"] for item in second["items"]]
    found = client.get("/admin/media/pick?q=QUAY").json()
    assert [item["id"] for item in found["items"]] == [picture["id"]]
    named = client.get(f"/admin/media/pick?ids={picture['id']},999999,abc").json()
    assert [item["id"] for item in named["items"]] == [picture["id"]]
    assert client.get("/admin/media/pick?page=0").status_code in (400, 404)


def test_only_its_uploader_or_an_editor_describes_a_picture_from_the_picker(
    services, client, staff
) -> None:
    with services.writes.begin() as session:
        image = f.image(services, session)
        image_id = image.id
    token = sign_in(client, staff.author)
    refused = client.post(
        f"/admin/media/{image_id}/describe",
        data={"csrf_token": token, "alt": "Mine now", "caption": "", "credit": ""},
    )
    assert refused.status_code == 403
    with services.reads() as session:
        assert session.get(Image, image_id).alt == "A test picture"  # type: ignore[union-attr]
