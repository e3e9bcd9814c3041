"""Image validation by content, limits checked before decoding, metadata stripped."""

from __future__ import annotations

import io

import pytest
from PIL import Image as PILImage
from PIL import ImageFile

from media import samples
from thepost.media import images
from thepost.media.images import ImageError, process


def _metadata(blob: bytes) -> tuple[dict, dict]:
    opened = PILImage.open(io.BytesIO(blob))
    return dict(opened.getexif()), {k: v for k, v in opened.info.items() if k in ("exif", "xmp")}


def test_gps_and_camera_data_are_stripped_from_every_rendition() -> None:
    data = samples.jpeg_with_gps()
    exif = PILImage.open(io.BytesIO(data)).getexif()
    assert exif.get_ifd(samples.GPS) and exif[271] == "SourceCam"  # the upload carries them
    processed = process(data)
    assert processed.widths == [320, 640, 960, 1000]
    assert len(processed.files) == 2 * len(processed.widths)
    for key, blob in processed.files.items():
        assert _metadata(blob) == ({}, {}), key
        assert b"Exif" not in blob and b"SourceCam" not in blob and b"Whistleblower" not in blob
    # Only renditions are stored: the uploaded bytes, metadata and all, are not kept.
    assert all(blob != data for blob in processed.files.values())


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "GIF"])
def test_the_four_formats_are_accepted(fmt) -> None:
    processed = process(samples.encoded(fmt), widths=(320,))
    assert (processed.width, processed.height) == (700, 400)
    assert sorted(k.rsplit(".", 1)[1] for k in processed.files) == ["jpg", "webp"]


def _truncated() -> bytes:
    data = samples.encoded("JPEG", (1200, 800), quality=95)
    return data[: len(data) // 2]


BAD = {
    "empty": (b"", "empty"),
    "text named .png": (b"Just some notes, not a picture.\n" * 20, "not a JPEG, PNG, WebP or GIF"),
    "svg": (samples.SVG, "SVG images are not accepted"),
    "svg without xml prolog": (b"\n  <svg xmlns='http://www.w3.org/2000/svg'/>", "SVG"),
    "truncated jpeg": (_truncated(), "damaged or incomplete"),
    "png header cut short": (samples.png_header_only(100, 100)[:20], "damaged"),
    "huge declared dimensions": (samples.png_header_only(20_000, 20_000), "50 megapixels"),
    "just over the pixel limit": (samples.png_header_only(10_000, 5_001), "50 megapixels"),
    "between 1x and 2x Pillow's limit": (samples.png_header_only(9_000, 9_000), "50 megapixels"),
    "tiff": (samples.encoded("TIFF"), "not a JPEG, PNG, WebP or GIF"),
    "bmp": (samples.encoded("BMP"), "not a JPEG, PNG, WebP or GIF"),
    "jpeg magic then junk": (b"\xff\xd8\xff" + b"\x00" * 200, "damaged"),
}


@pytest.mark.parametrize("name", BAD)
def test_bad_files_get_a_clear_message(name) -> None:
    data, message = BAD[name]
    with pytest.raises(ImageError, match=message):
        process(data)


def test_size_is_checked_before_anything_is_read(monkeypatch) -> None:
    big = b"\xff\xd8\xff" + b"\x00" * images.MAX_BYTES
    opened = []
    monkeypatch.setattr(images._pillow(), "open", lambda *a, **k: opened.append(a))
    with pytest.raises(ImageError, match="larger than 20 MB"):
        process(big)
    assert opened == []


@pytest.mark.parametrize("size", [(7_100, 7_100), (20_000, 20_000)])
def test_pixels_are_counted_from_the_header_before_decoding(monkeypatch, size) -> None:
    def refuse(self):
        pytest.fail("a pixel was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse)
    with pytest.raises(ImageError, match="50 megapixels"):
        process(samples.png_header_only(*size))


def test_sniffing_reads_content_not_names() -> None:
    assert images.sniff(samples.encoded("PNG")) == "PNG"
    assert images.sniff(samples.encoded("JPEG")) == "JPEG"
    assert images.sniff(samples.encoded("WEBP")) == "WEBP"
    assert images.sniff(samples.encoded("GIF")) == "GIF"
    assert images.sniff(samples.SVG) is None


def _png(size: tuple[int, int], mode: str = "RGB") -> bytes:
    buffer = io.BytesIO()
    PILImage.new(mode, size).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("size", "widths"),
    [
        ((1000, 20_000), [320, 640]),  # a tall infographic: only what WebP can hold
        ((30_000, 1), [320, 640, 960, 1280, 1920]),
        ((16_384, 100), [320, 640, 960, 1280, 1920]),
        ((100, 16_383), [100]),
    ],
)
def test_extreme_shapes_get_the_renditions_that_fit(size, widths) -> None:
    processed = process(_png(size))
    assert processed.widths == widths
    for key, blob in processed.files.items():
        opened = PILImage.open(io.BytesIO(blob))
        assert max(opened.size) <= images.MAX_SIDE, key


@pytest.mark.parametrize("size", [(1, 30_000), (2, 40_000)])
def test_a_strip_no_rendition_fits_is_refused(size) -> None:
    with pytest.raises(ImageError, match="too tall for its width"):
        process(_png(size))


def _animated_gif(frames: int) -> bytes:
    buffer = io.BytesIO()
    first, *rest = [PILImage.new("P", (200, 100), i % 256) for i in range(frames)]
    first.save(buffer, "GIF", save_all=True, append_images=rest, duration=20)
    return buffer.getvalue()


def _cmyk_jpeg() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("CMYK", (300, 200), (0, 128, 255, 0)).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data",
    [_png((300, 200), "I;16"), _png((300, 200), "LA"), _png((300, 200), "P"), _cmyk_jpeg(),
     _animated_gif(300)],
    ids=["16-bit", "grey+alpha", "palette", "cmyk", "300 frames"],
)  # fmt: skip
def test_unusual_modes_become_ordinary_renditions(data) -> None:
    processed = process(data, widths=(320,))
    assert processed.files
