"""What an import did, for a person: counts per kind and outcome, what was not converted,
which pictures were missing and for which story, who was created, what was decided.

The same report comes out of a real run and a ``--dry-run``; it is kept with the run
(``ImportRun.report``), written as a file and shown in the newsroom::

    report = Report()
    report.count("post", "imported")
    report.note("Password-protected posts are kept private to the newsroom.")
    print(report.text())
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from thepost.i18n import N_

OUTCOMES = ("imported", "updated", "unchanged", "skipped")
MAX_LISTED = 500  # per list, so a report stays readable and small whatever the file


@dataclass
class Report:
    counts: dict[str, Counter[str]] = field(default_factory=dict)
    skipped: Counter[str] = field(default_factory=Counter)  # "post: in WordPress's trash"
    unconverted: Counter[str] = field(default_factory=Counter)
    missing_pictures: list[str] = field(default_factory=list)
    authors_created: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    redirects: int = 0
    dry_run: bool = False

    def count(self, kind: str, outcome: str, n: int = 1) -> None:
        self.counts.setdefault(kind, Counter())[outcome] += n

    def skip(self, kind: str, why: str) -> None:
        self.count(kind, "skipped")
        self.skipped[f"{kind}: {why}"] += 1

    def missing(self, what: str) -> None:
        if len(self.missing_pictures) < MAX_LISTED:
            self.missing_pictures.append(what)
        else:
            self.skipped["missing pictures not listed"] += 1

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def new(self) -> int:
        return sum(c["imported"] for c in self.counts.values())

    def unchanged(self) -> int:
        return sum(c["unchanged"] for c in self.counts.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "counts": {kind: dict(c) for kind, c in self.counts.items()},
            "skipped": dict(self.skipped),
            "unconverted": dict(self.unconverted.most_common()),
            "missing_pictures": self.missing_pictures,
            "authors_created": self.authors_created,
            "notes": self.notes,
            "redirects": self.redirects,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        return cls(
            counts={kind: Counter(c) for kind, c in data.get("counts", {}).items()},
            skipped=Counter(data.get("skipped", {})),
            unconverted=Counter(data.get("unconverted", {})),
            missing_pictures=list(data.get("missing_pictures", [])),
            authors_created=list(data.get("authors_created", [])),
            notes=list(data.get("notes", [])),
            redirects=int(data.get("redirects", 0)),
            dry_run=bool(data.get("dry_run", False)),
        )

    def summary(self) -> str:
        """ "58 new, 0 unchanged" (an ``N_`` message: the newsroom shows it translated)."""
        return N_(
            "%(new)s new, %(unchanged)s unchanged", new=self.new(), unchanged=self.unchanged()
        )

    def text(self) -> str:
        lines = [
            ("Dry run: nothing was written. " if self.dry_run else "") + self.summary() + ".",
            "",
        ]
        width = max((len(kind) for kind in self.counts), default=0)
        for kind, counts in self.counts.items():
            shown = ", ".join(f"{counts[o]} {o}" for o in OUTCOMES if counts[o])
            lines.append(f"{kind.ljust(width)}  {shown}")
        lines.append(f"{'redirects'.ljust(width)}  {self.redirects} old addresses answer 301")
        for title, items in self.lists():
            lines += ["", f"{title}:", *(f"  {item}" for item in items)]
        return "\n".join(lines) + "\n"

    def lists(self) -> list[tuple[str, list[str]]]:
        """The report's lists that have something in them, titled."""
        unconverted = [f"{n} × {name}" for name, n in self.unconverted.most_common()]
        found = [
            (N_("Skipped"), [f"{n} × {why}" for why, n in self.skipped.items()]),
            (N_("Not converted (kept as sanitised HTML, or dropped when they only showed "
                "WordPress's own lists)"), unconverted),
            (N_("Missing pictures (not in the uploads folder)"), self.missing_pictures),
            (N_("Authors created"), self.authors_created),
            (N_("Notes"), self.notes),
        ]  # fmt: skip
        return [(title, items) for title, items in found if items]
