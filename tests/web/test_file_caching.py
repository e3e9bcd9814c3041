"""Assets and image renditions carry URLs that change with their content: cached a year."""

from __future__ import annotations

import re

import factories as f
from thepost.web import urls


def test_assets_and_renditions_are_immutable(client, services) -> None:
    asset = client.get(urls.static("site.css"))
    assert asset.status_code == 200
    assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
    with services.writes.begin() as session:
        picture = f.image(services, session)
        f.article(services, session, title="Pictured", featured_image_id=picture.id)
    html = client.get("/").text
    src = re.search(r'<img src="(/media/img/[^"]+)"', html).group(1)
    rendition = client.get(src)
    assert rendition.status_code == 200
    assert rendition.headers["cache-control"] == "public, max-age=31536000, immutable"
    (services.settings.media_dir / "notes.txt").write_text("not content-addressed")
    assert client.get("/media/notes.txt").headers["cache-control"] == "public, max-age=86400"
