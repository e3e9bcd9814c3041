"""Validate an uploaded image by its content and make its renditions.

Limits are checked from the header before any pixel is decoded. Re-encoding drops
EXIF (GPS included), ICC aside; renditions are WebP and JPEG at standard widths.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field

from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError

MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 50_000_000
FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
WIDTHS = (320, 640, 960, 1280, 1920)
RENDITION_FORMATS = (("webp", "WEBP"), ("jpg", "JPEG"))


class ImageError(ValueError):
    """The upload is not an image we accept; the message is for the person uploading."""


@dataclass
class ProcessedImage:
    sha256: str
    width: int
    height: int
    widths: list[int]
    files: dict[str, bytes] = field(default_factory=dict)  # key suffix -> bytes


def rendition_key(sha256: str, width: int, ext: str) -> str:
    return f"img/{sha256[:2]}/{sha256}/{width}.{ext}"


def process(data: bytes, widths: tuple[int, ...] = WIDTHS) -> ProcessedImage:
    if len(data) > MAX_BYTES:
        raise ImageError("The file is larger than 20 MB.")
    if data.lstrip()[:5].lower() in (b"<?xml", b"<svg ") or b"<svg" in data[:1024].lower():
        raise ImageError("SVG images are not accepted; upload a JPEG, PNG, WebP or GIF.")
    try:
        probe = PILImage.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError) as exc:
        raise ImageError("The file is not an image we can read (JPEG, PNG, WebP or GIF).") from exc
    if probe.format not in FORMATS:
        raise ImageError("Only JPEG, PNG, WebP and GIF images are accepted.")
    if probe.width * probe.height > MAX_PIXELS:
        raise ImageError("The image is larger than 50 megapixels.")
    try:
        probe.load()
        image = ImageOps.exif_transpose(probe)
    except (OSError, ValueError, PILImage.DecompressionBombError) as exc:
        raise ImageError("The image is damaged and cannot be read.") from exc
    image = image.convert("RGB")
    sha = hashlib.sha256(data).hexdigest()
    chosen = sorted({w for w in widths if w < image.width} | {min(image.width, max(widths))})
    result = ProcessedImage(sha, image.width, image.height, chosen)
    for width in chosen:
        height = max(1, round(image.height * width / image.width))
        resized = (
            image
            if width == image.width
            else image.resize((width, height), PILImage.Resampling.LANCZOS)
        )
        for ext, fmt in RENDITION_FORMATS:
            buffer = io.BytesIO()
            resized.save(buffer, fmt, quality=80, method=4) if fmt == "WEBP" else resized.save(
                buffer, fmt, quality=82, optimize=True, progressive=True
            )
            result.files[rendition_key(sha, width, ext)] = buffer.getvalue()
    return result
