"""Responsive ``<picture>`` markup, shared by stored article bodies and templates."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from thepost.media.images import rendition_key


def picture(
    url: Callable[[str], str],
    sha256: str,
    widths: Sequence[int],
    width: int,
    height: int,
    alt: str,
    sizes: str = "100vw",
    eager: bool = False,
    css_class: str = "",
) -> str:
    """A ``<picture>`` with WebP and JPEG ``srcset``s, intrinsic size and lazy loading."""
    if not widths:
        return ""
    largest = max(widths)
    shown_h = round(height * largest / width) if width else height

    def srcset(ext: str) -> str:
        return ", ".join(f"{escape(url(rendition_key(sha256, w, ext)))} {w}w" for w in widths)

    fallback = escape(
        url(rendition_key(sha256, min(w for w in widths if w >= min(640, largest)), "jpg"))
    )
    loading = 'fetchpriority="high"' if eager else 'loading="lazy"'
    klass = f' class="{escape(css_class)}"' if css_class else ""
    return (
        f"<picture{klass}>"
        f'<source type="image/webp" srcset="{srcset("webp")}" sizes="{escape(sizes)}">'
        f'<img src="{fallback}" srcset="{srcset("jpg")}" sizes="{escape(sizes)}" '
        f'width="{largest}" height="{shown_h}" alt="{escape(alt)}" {loading} decoding="async">'
        "</picture>"
    )
