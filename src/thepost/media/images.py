"""Validate an uploaded image by its content and make its renditions.

The checks run cheapest first, and none decodes a pixel until all have passed: the byte
count; the first bytes (magic numbers: JPEG, PNG, GIF, WebP; SVG is named and refused);
Pillow's lazy ``open``, which reads only the header, for the format and the pixel count.
Re-encoding drops EXIF (GPS included) and XMP; renditions are WebP and JPEG at standard
widths. The original bytes are hashed (duplicates) but never stored::

    processed = process(data)          # raises ImageError with a message for the uploader
    processed.files                    # {"img/ab/<sha>/640.webp": b"...", ...}
"""

from __future__ import annotations

import functools
import hashlib
import io
import warnings
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING

from thepost.i18n import N_

if TYPE_CHECKING:
    from PIL import Image as PILImage

MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 50_000_000
FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
WIDTHS = (320, 640, 960, 1280, 1920)
# WebP's limit on either side. A rendition is made only at widths where the picture's
# height fits too: a tall infographic gets its narrower renditions; a picture with no
# width that fits (a 1 x 30,000 strip) is refused.
MAX_SIDE = 16_383
RENDITION_FORMATS = (("webp", "WEBP"), ("jpg", "JPEG"))


@functools.cache
def _pillow() -> ModuleType:
    """Pillow's ``Image``, imported with the first picture uploaded: the pages only name
    renditions made before, and a worker serving them is spared Pillow's memory."""
    from PIL import Image

    # Pillow warns above MAX_IMAGE_PIXELS and refuses above twice that, at ``open``: its
    # own bomb check is set to our limit (the warning turned into a refusal in ``_probe``).
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    return Image


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


def rendition_keys(sha256: str, widths: list[int]) -> list[str]:
    """Every file stored for one picture."""
    return [rendition_key(sha256, w, ext) for w in widths for ext, _ in RENDITION_FORMATS]


def sniff(data: bytes) -> str | None:
    """The format the first bytes announce (Pillow's name), or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


def _looks_like_svg(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<?xml", b"<svg", b"<!doctype svg")) or b"<svg" in head


def _probe(data: bytes, expected: str) -> PILImage.Image:
    """Open lazily (header only) and check the format and the pixel count."""
    too_big = ImageError(
        N_(
            "The image is larger than %(size)s megapixels; make it smaller and upload it again.",
            size=MAX_PIXELS // 1_000_000,
        )
    )
    pil = _pillow()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pil.DecompressionBombWarning)
            probe = pil.open(io.BytesIO(data), formats=[expected])
    except (pil.DecompressionBombError, pil.DecompressionBombWarning) as exc:
        raise too_big from exc
    except Exception as exc:  # any failure to parse a stranger's header is their file's fault
        raise ImageError(N_("The file is damaged: its image header cannot be read.")) from exc
    if probe.width * probe.height > MAX_PIXELS:
        raise too_big
    return probe


def process(data: bytes, widths: tuple[int, ...] = WIDTHS) -> ProcessedImage:
    if not data:
        raise ImageError(N_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise ImageError(
            N_("The file is larger than %(size)s MB.", size=MAX_BYTES // (1024 * 1024))
        )
    kind = sniff(data)
    if kind is None:
        if _looks_like_svg(data):
            raise ImageError(
                N_(
                    "SVG images are not accepted (they can carry scripts); upload a "
                    "JPEG, PNG, WebP or GIF."
                )
            )
        raise ImageError(N_("This file is not a JPEG, PNG, WebP or GIF image, whatever its name."))
    from PIL import ImageOps

    probe = _probe(data, kind)
    try:
        probe.load()
        image = ImageOps.exif_transpose(probe).convert("RGB")
    except Exception as exc:  # truncated or corrupt data: Pillow raises many kinds
        raise ImageError(N_("The image is damaged or incomplete and cannot be read.")) from exc
    image.info = {}  # no EXIF, XMP or comments may ride along into the renditions
    sha = hashlib.sha256(data).hexdigest()
    chosen = rendition_widths(image.width, image.height, widths)
    if not chosen:
        raise ImageError(
            N_(
                "The image is too tall for its width (%(width)s x %(height)s pixels): no "
                "rendition could be made at most %(limit)s pixels high. Crop it or split it "
                "into several pictures.",
                width=str(image.width),
                height=str(image.height),
                limit=MAX_SIDE,
            )
        )
    result = ProcessedImage(sha, image.width, image.height, chosen)
    try:
        for width in chosen:
            _render(result, image, width)
    except (OSError, ValueError, MemoryError) as exc:  # an encoder's limit we did not foresee
        raise ImageError(
            N_("The image cannot be converted for the web; try another file.")
        ) from exc
    return result


def _height(width: int, height: int, at: int) -> int:
    return max(1, round(height * at / width))


def rendition_widths(width: int, height: int, widths: tuple[int, ...] = WIDTHS) -> list[int]:
    """The standard widths narrower than the picture, and its own width up to the widest,
    each only where the rendition's height is within ``MAX_SIDE``."""
    candidates = {w for w in widths if w < width} | {min(width, max(widths))}
    return sorted(w for w in candidates if _height(width, height, w) <= MAX_SIDE)


def _render(result: ProcessedImage, image: PILImage.Image, width: int) -> None:
    height = _height(image.width, image.height, width)
    resized = image
    if width != image.width:
        resized = image.resize((width, height), _pillow().Resampling.LANCZOS)
    for ext, fmt in RENDITION_FORMATS:
        buffer = io.BytesIO()
        if fmt == "WEBP":
            resized.save(buffer, fmt, quality=80, method=4)
        else:
            resized.save(buffer, fmt, quality=82, optimize=True, progressive=True)
        result.files[rendition_key(result.sha256, width, ext)] = buffer.getvalue()
