"""Word-level differences between two revisions of an article or a page.

A revision is a snapshot dict (``actions._record_revision``). ``compare(old, new)``
gives, field by field, the runs of text that stayed, went and came, so a template can
show them with ``<del>`` and ``<ins>``::

    for change in compare(old.snapshot, new.snapshot):
        change.label, [(run.op, run.text) for run in change.runs]

Words, punctuation and the whitespace between them are separate tokens, so a changed
comma or line break shows, and neighbouring changes merge into one run that reads as
a phrase.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any, Literal

from thepost.i18n import N_

Op = Literal["same", "removed", "added"]

# The fields people edit, in the order the editor shows them, each labelled as the
# editor labels it (``N_``: the newsroom shows the label in its language).
FIELDS: tuple[tuple[str, str], ...] = (
    ("title", N_("Headline")),
    ("slug", N_("Slug")),
    ("parent_id", N_("Parent page")),
    ("position", N_("Order")),
    ("standfirst", N_("Standfirst")),
    ("dateline", N_("Dateline")),
    ("body_source", N_("Body")),
    ("body_format", N_("Body format")),
    ("section_id", N_("Section")),
    ("tags", N_("Tags")),
    ("author_ids", N_("Authors")),
    ("featured_image_id", N_("Featured image")),
    ("featured_alt", N_("Image alt text")),
    ("featured_caption", N_("Image caption")),
    ("featured_credit", N_("Image credit")),
    ("seo_title", N_("SEO title")),
    ("seo_description", N_("SEO description")),
    ("canonical_url", N_("Canonical URL")),
    ("comments_open", N_("Comments open")),
    ("access", N_("Who may read it")),
    ("preview_paragraphs", N_("Paragraphs before the wall")),
)
_TOKEN = re.compile(r"\w+|[^\w\s]+|\s+")


@dataclass(frozen=True)
class Run:
    op: Op
    text: str


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    runs: tuple[Run, ...]

    @property
    def added(self) -> int:
        return sum(len(r.text.split()) for r in self.runs if r.op == "added")

    @property
    def removed(self) -> int:
        return sum(len(r.text.split()) for r in self.runs if r.op == "removed")


def words(text: str) -> list[str]:
    """Split into words, punctuation and whitespace; joined they give ``text`` back."""
    return _TOKEN.findall(text)


def diff_text(old: str, new: str) -> tuple[Run, ...]:
    """The runs that turn ``old`` into ``new``, word by word; adjacent runs of one kind
    are merged."""
    a, b = words(old), words(new)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    runs: list[Run] = []

    def push(op: Op, tokens: list[str]) -> None:
        if not tokens:
            return
        text = "".join(tokens)
        if runs and runs[-1].op == op:
            runs[-1] = Run(op, runs[-1].text + text)
        else:
            runs.append(Run(op, text))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            push("same", a[i1:i2])
        else:
            push("removed", a[i1:i2])
            push("added", b[j1:j2])
    return tuple(runs)


def _as_text(value: Any, names: Mapping[Any, str]) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(_as_text(v, names) for v in value)
    return names.get(value, str(value))


def compare(
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    *,
    names: Mapping[str, Mapping[Any, str]] | None = None,
) -> list[FieldChange]:
    """The fields that differ between two snapshots, with their word-level runs.

    ``names`` turns ids into what people read, per field: ``{"section_id": {3:
    "Politics"}, "author_ids": {7: "Ana Lima"}}``. A field missing from one snapshot
    (older revisions kept fewer) counts as empty.
    """
    names = names or {}
    changes = []
    for name, label in FIELDS:
        before = _as_text(old.get(name), names.get(name, {}))
        after = _as_text(new.get(name), names.get(name, {}))
        if before != after:
            changes.append(FieldChange(name, label, diff_text(before, after)))
    return changes
