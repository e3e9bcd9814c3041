"""Reading a WordPress export (WXR 1.0, 1.1 or 1.2) one record at a time, and writing one.

An export can hold a whole site, years of it, so nothing here holds more than one record:
``read`` parses the file as a stream and drops each element as soon as its record is
made; ``write`` (in ``wxr_writer``) writes each record as it comes::

    for record in wxr.read("export.xml"):  # a Site first, then Authors, Terms and Items
        ...                                # in the order of the file
    wxr.count("export.xml")   # {"items": 186, "items:post": 58, ..., "comments": 33, ...}
    wxr.survey("export.xml")  # the same totals, with the Site, authors and terms
    with open("out.xml", "wb") as out:
        wxr.write(out, records)  # WXR 1.2, as WordPress's own importer reads it

The file is untrusted. A DTD or an entity declaration, which no export has, is refused
before anything is read, so entity bombs and external references never expand; any other
fault (not XML, cut short, not an export) is a ``WXRError`` saying what is wrong and
where. Within a well-formed export, nothing is fatal: a number that is not one reads as
0 (or None where the record allows it), a date that is not one as None, and elements
this reader does not know are skipped.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any, BinaryIO
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import iterparse

from thepost.wordpress import wxr_elements as elements
from thepost.wordpress.records import Author, Item, Record, Site, Term
from thepost.wordpress.wxr_writer import write, xml_safe

__all__ = ["Survey", "WXRError", "count", "read", "survey", "write", "xml_safe"]

Source = str | os.PathLike[str] | BinaryIO

_VERSION = re.compile(r"(?<!\d)\d+\.\d+")  # not begun inside a run of digits: linear


class WXRError(ValueError):
    """The file cannot be read as a WordPress export; the message says why, for a person."""


def read(source: Source) -> Iterator[Record]:
    """Yield the export's ``Site``, then its authors, terms and items in file order.

    ``source`` is a path or a binary file open for reading (a path is opened and closed
    here). Raises ``WXRError`` when the file is refused; records read before a fault
    further on (a file cut short) have been yielded by then.
    """
    with ExitStack() as stack:
        if isinstance(source, str | os.PathLike):
            source = stack.enter_context(open(source, "rb"))
        yield from _records(_events(source))


def count(source: Source) -> dict[str, int]:
    """How much the export holds, for progress totals: ``items`` and ``items:<post_type>``,
    ``terms`` and ``terms:<kind>``, ``comments`` and ``authors``. One pass over the file."""
    return survey(source).totals


@dataclass
class Survey:
    totals: dict[str, int]  # as ``count`` gives them
    site: Site
    people_and_terms: list[Author | Term]  # in file order


def survey(source: Source) -> Survey:
    """One pass over the file: ``count``'s totals, the ``Site``, and the authors and terms
    themselves (few beside the items), so that an import need not read the file again
    for them. Raises ``WXRError`` as ``read`` does, having read it all."""
    totals: Counter[str] = Counter({"items": 0, "terms": 0, "comments": 0, "authors": 0})
    found = Survey({}, Site(), [])
    for record in read(source):
        if isinstance(record, Item):
            totals["items"] += 1
            totals[f"items:{record.post_type}"] += 1
            totals["comments"] += len(record.comments)
        elif isinstance(record, Term):
            totals["terms"] += 1
            totals[f"terms:{record.kind}"] += 1
            found.people_and_terms.append(record)
        elif isinstance(record, Author):
            totals["authors"] += 1
            found.people_and_terms.append(record)
        else:
            found.site = record
    found.totals = dict(totals)
    return found


def _events(stream: Any) -> Iterator[tuple[str, Element]]:
    """The parser's start and end events, its refusals and faults as ``WXRError``."""
    try:
        yield from iterparse(
            stream,
            events=("start", "end"),
            forbid_dtd=True,
            forbid_entities=True,
            forbid_external=True,
        )
    except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden):
        raise WXRError(
            "This file declares a DTD or entities, which an export never does; refusing it."
        ) from None
    except ParseError as error:
        line, column = error.position
        reason = re.sub(r": line \d+, column \d+$", "", str(error))
        raise WXRError(
            f"The file is not well-formed XML at line {line}, column {column + 1}: {reason}."
        ) from None
    except (ValueError, LookupError) as error:  # an encoding expat cannot take
        raise WXRError(
            f"The file's character encoding cannot be read ({error}); exports are UTF-8."
        ) from None


_OPENS_RECORDS = frozenset({"wp:author", "wp:category", "wp:tag", "wp:term", "item"})


def _records(events: Iterator[tuple[str, Element]]) -> Iterator[Record]:
    """Records from the events of ``<rss><channel>...</channel></rss>``.

    Each child of the channel is handled at its end and then removed from the tree, so the
    tree never holds more than the one element being read."""
    depth = 0
    root: Element | None = None
    channel: Element | None = None
    site: Site | None = Site()
    for event, elem in events:
        if event == "start":
            depth += 1
            if depth == 1:
                root = _check_root(elem)
            elif depth == 2 and elem.tag == "channel":
                channel = elem
            elif (
                depth == 3
                and channel is not None
                and site is not None
                and elements.name(elem.tag) in _OPENS_RECORDS
            ):
                yield _checked(site)
                site = None
            continue
        depth -= 1
        if depth == 2 and channel is not None:
            tag_name = elements.name(elem.tag)
            if site is not None and tag_name in elements.SITE:
                setattr(site, elements.SITE[tag_name], elements.text(elem))
            elif (found := elements.record(tag_name, elem)) is not None:
                yield found
            channel.remove(elem)
        elif depth == 1 and root is not None:
            if elem is channel:
                if site is not None:
                    yield _checked(site)
                    site = None
                channel = None
            root.remove(elem)
    if site is not None:
        raise WXRError("Not a WordPress export: the <rss> document holds no <channel>.")


def _check_root(elem: Element) -> Element:
    if elem.tag != "rss":
        name = elem.tag.rpartition("}")[2]
        raise WXRError(
            f"Not a WordPress export: the document is <{name}>, where an export is <rss> "
            "with a <channel>."
        )
    return elem


def _checked(site: Site) -> Site:
    """The site, once its channel is known to be an export's (WordPress asks the same)."""
    site.wxr_version = site.wxr_version.strip()
    if not site.wxr_version:
        raise WXRError(
            "Not a WordPress export: its channel has no <wp:wxr_version> (is it an RSS feed?)."
        )
    if not _VERSION.fullmatch(site.wxr_version):
        raise WXRError(
            f"Not a WordPress export: its WXR version {site.wxr_version!r} is not a version number."
        )
    return site
