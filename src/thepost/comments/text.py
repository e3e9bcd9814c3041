"""Comment bodies are plain text: paragraphs and line breaks kept, http(s) URLs linked
with ``rel="nofollow ugc noopener"``, every other character escaped."""

from __future__ import annotations

import re
from html import escape

_URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]]", re.I)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def render(body: str) -> str:
    body = body.replace("\r\n", "\n").strip()
    paragraphs = [p for p in _PARAGRAPH_BREAK.split(body) if p.strip()]
    return "".join(f"<p>{_linkify(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)


def _linkify(text: str) -> str:
    out, last = [], 0
    for match in _URL.finditer(text):
        out.append(escape(text[last : match.start()]))
        url = escape(match.group(0))
        out.append(f'<a href="{url}" rel="nofollow ugc noopener">{url}</a>')
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)
