"""Image files for upload tests, good and bad, made in memory (cheaply, even the huge ones)."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from PIL import ExifTags, ImageDraw
from PIL import Image as PILImage

GPS = ExifTags.IFD.GPSInfo


def encoded(fmt: str, size: tuple[int, int] = (700, 400), colour=(200, 40, 60), **kw) -> bytes:
    buffer = io.BytesIO()
    image = PILImage.new("RGB", size, colour)
    if fmt == "GIF":
        image = image.convert("P")
    image.save(buffer, fmt, **kw)
    return buffer.getvalue()


def jpeg_with_gps(size: tuple[int, int] = (1000, 600)) -> bytes:
    """A JPEG whose EXIF says where it was taken, and on which camera."""
    exif = PILImage.Exif()
    exif[ExifTags.Base.Make] = "SourceCam"
    exif[ExifTags.Base.Model] = "Whistleblower 3000"
    exif[GPS] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (51.0, 30.0, 12.5),
        ExifTags.GPS.GPSLongitudeRef: "W",
        ExifTags.GPS.GPSLongitude: (0.0, 7.0, 39.0),
    }
    return encoded("JPEG", size, (30, 90, 160), exif=exif.tobytes())


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares ``width`` × ``height`` but carries a few bytes of pixels: a
    decompression bomb's header, 60 bytes long."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", ihdr)
        + _chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _chunk(b"IEND", b"")
    )


SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def photograph(path: Path) -> Path:
    """A 1600×1000 JPEG with a drawn scene and GPS in its EXIF, like a phone's."""
    image = PILImage.new("RGB", (1600, 1000), (120, 170, 210))
    draw = ImageDraw.Draw(image)
    for y in range(500, 1000):
        draw.line([(0, y), (1600, y)], fill=(60, 110 + (y - 500) // 8, 70))
    draw.ellipse([1200, 120, 1400, 320], fill=(250, 220, 90))
    draw.rectangle([300, 380, 700, 620], fill=(150, 60, 50))
    draw.polygon([(280, 380), (500, 230), (720, 380)], fill=(90, 40, 40))
    exif = PILImage.open(io.BytesIO(jpeg_with_gps())).getexif()
    image.save(path, "JPEG", quality=90, exif=exif.tobytes())
    return path
