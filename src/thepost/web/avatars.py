"""Commenters' avatars drawn from a keyed hash of their email: a symmetric 5x5 pattern in
inline SVG. No outside service (no Gravatar), no request, and the email cannot be
recovered from the picture."""

from __future__ import annotations

from markupsafe import Markup


def identicon(key: str, size: int = 40) -> Markup:
    digest = bytes.fromhex(key) if len(key) >= 32 else key.encode().ljust(32, b"\0")
    hue = int.from_bytes(digest[:2], "big") % 360
    cells = []
    for row in range(5):
        for col in range(3):
            if digest[2 + row * 3 + col] % 2:
                for x in {col, 4 - col}:
                    cells.append(f'<rect x="{x + 1}" y="{row + 1}" width="1" height="1"/>')
    return Markup(
        f'<svg class="avatar" width="{size}" height="{size}" viewBox="0 0 7 7" aria-hidden="true" '
        f'focusable="false"><rect width="7" height="7" fill="hsl({hue} 45% 92%)"/>'
        f'<g fill="hsl({hue} 55% 38%)">{"".join(cells)}</g></svg>'
    )
