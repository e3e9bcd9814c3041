"""Text that came from someone else (a comment, a name, a file's caption), made safe to
print in a terminal through Rich.

Rich reads ``[...]`` in a printed string as markup: a comment holding
``[/al/.source+/ert/.source]`` would raise ``MarkupError`` and take the moderation list
down, and ``[link=...]`` would dress a line up. Control characters (an ESC sequence, a
carriage return, bidi overrides) could rewrite what the moderator sees. So every such value
goes through ``plain`` (control characters removed), and then ``cell`` (a Rich ``Text``,
never read as markup) or ``escaped`` (for an f-string printed with markup)::

    table.add_row(cell(comment.author_name), cell(comment.body))
    console.print(f"[red]No such comment: {escaped(exc)}[/red]")
"""

from __future__ import annotations

import re

from rich.markup import escape
from rich.text import Text

# C0 controls but tab and newline, DEL and C1 controls, and the bidi embeddings, overrides
# and isolates that reorder what follows them.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def plain(value: object) -> str:
    return _CONTROL.sub("", str(value))


def cell(value: object) -> Text:
    return Text(plain(value))


def escaped(value: object) -> str:
    return escape(plain(value))
