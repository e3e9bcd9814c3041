"""Several app instances share one database and one media store (an S3-compatible bucket
on loopback): a picture uploaded through one is served, shown and deleted through
another. A store that cannot be reached fails the upload whole, with the form back."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select
from starlette.testclient import TestClient

import factories as f
from admin.conftest import sign_in
from media import samples
from s3server import free_port
from thepost.app import build_services, create_app
from thepost.content.models import Image
from thepost.media.images import rendition_keys

CDN = "https://cdn.thepost.test/pictures"


@pytest.fixture
def settings(settings, s3_server):
    return settings.model_copy(update=s3_server.bucket())


@pytest.fixture
def other(settings, services, tmp_path) -> Iterator[TestClient]:
    """A second instance: its own engine, services and data directory (as on another
    host); the same database and bucket."""
    second = settings.model_copy(update={"data_dir": tmp_path / "host-b"})
    services_b = build_services(second, clock=services.clock)
    with TestClient(create_app(second, services=services_b), follow_redirects=False) as client:
        yield client
    services_b.engine.dispose()


def _upload(client, token, data: bytes, **fields: str):
    return client.post(
        "/admin/media",
        data={"csrf_token": token, **fields},
        files={"file": ("photo.jpg", data, "image/jpeg")},
    )


def test_a_picture_uploaded_on_one_host_is_served_by_another(
    services, client, other, staff, tmp_path
) -> None:
    token = sign_in(client, staff.editor)
    uploaded = _upload(client, token, samples.jpeg_with_gps(), alt="Harbour at dawn")
    assert uploaded.status_code == 303
    image_id = int(re.search(r"/admin/media/(\d+)", uploaded.headers["location"]).group(1))
    with services.writes.begin() as session:
        image = session.get(Image, image_id)
        f.article(services, session, title="Shared harbour", featured_image_id=image_id)
        keys = rendition_keys(image.sha256, image.renditions)

    # The other host links the picture on its pages and serves the same bytes.
    html = other.get("/").text
    src = re.search(r'<img src="(/media/img/[^"]+)"', html).group(1)
    assert src.removeprefix("/media/") in keys
    for key in keys:
        here, there = client.get(f"/media/{key}"), other.get(f"/media/{key}")
        assert there.status_code == 200 and there.content == here.content, key
        assert there.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert b"Whistleblower" not in there.content
    assert not (tmp_path / "host-b").joinpath("media").exists()  # nothing kept locally

    # The same bytes uploaded on the other host are found by their sha256.
    token_b = sign_in(other, staff.editor)
    again = _upload(other, token_b, samples.jpeg_with_gps())
    assert again.headers["location"] == f"/admin/media/{image_id}?done=duplicate"

    # A picture deleted on the other host is gone for both.
    loose = _upload(other, token_b, samples.encoded("PNG"), alt="Loose")
    loose_id = int(re.search(r"/admin/media/(\d+)", loose.headers["location"]).group(1))
    with services.reads() as session:
        loose_image = session.get(Image, loose_id)
        loose_keys = rendition_keys(loose_image.sha256, loose_image.renditions)
    assert client.get(f"/media/{loose_keys[0]}").status_code == 200
    assert (
        other.post(f"/admin/media/{loose_id}/delete", data={"csrf_token": token_b}).status_code
        == 303
    )
    assert all(client.get(f"/media/{key}").status_code == 404 for key in loose_keys)


def test_pages_link_pictures_at_the_cdn_when_one_is_configured(settings, services) -> None:
    with services.writes.begin() as session:
        picture = f.image(services, session)
        f.article(
            services,
            session,
            title="Through the CDN",
            featured_image_id=picture.id,
            body=f"Before.\n\n![Figure](image:{picture.id})\n\nAfter.",
        )
        key = rendition_keys(picture.sha256, picture.renditions)[0]
    cdn = settings.model_copy(update={"media_url": CDN + "/"})
    services_cdn = build_services(cdn, clock=services.clock)
    with TestClient(create_app(cdn, services=services_cdn)) as client:
        home = client.get("/").text
        assert f'<img src="{CDN}/img/' in home and 'src="/media/' not in home
        with services_cdn.writes.begin() as session:
            later = f.article(
                services_cdn,
                session,
                title="Figure via CDN",
                body=f"One.\n\n![Figure](image:{picture.id})\n\nTwo.",
            )
            assert f'src="{CDN}/img/' in later.body_html
        # The site's own route still answers, for the CDN's origin and for links stored
        # in bodies before the CDN was configured.
        assert client.get(f"/media/{key}").status_code == 200
    services_cdn.engine.dispose()


@pytest.fixture
def unreachable(settings):
    """An S3 endpoint on a loopback port nobody listens on."""
    return settings.model_copy(update={"s3_endpoint_url": f"http://127.0.0.1:{free_port()}"})


def test_an_unreachable_store_gives_the_form_back_and_stores_nothing(
    unreachable, services, staff
) -> None:
    down = build_services(unreachable, clock=services.clock)
    with TestClient(create_app(unreachable, services=down), follow_redirects=False) as client:
        token = sign_in(client, staff.author)
        response = _upload(client, token, samples.encoded("PNG"), alt="Kept alt")
        assert response.status_code == 503
        assert "The media store cannot be reached; nothing was saved." in response.text
        assert 'id="f-file-error"' in response.text and 'value="Kept alt"' in response.text
        served = client.get("/media/img/00/none/320.webp")
        assert served.status_code == 503 and served.headers["retry-after"] == "10"
    with services.reads() as session:
        assert session.scalar(select(func.count(Image.id))) == 0
    down.engine.dispose()
