"""What the index was built for: the site's own language, recorded in ``search_state``.

A story in the site's own language (``Article.language`` "") is analysed in the language
the index records (``own_language``), not in whatever the settings say at that moment:
the index stays of one piece, every such story analysed alike. Building the index (the
migration that made it, ``rebuild``) records the site's language of the time; when an
editor changes it, ``SearchBackend.follow_site_language`` (run in the settings' own
transaction) finds the two apart and rebuilds, so the new language is the index's from
the commit on. Where nothing is recorded (a database emptied by hand), searches take the
site's language, and the next story indexed records it.

A rebuild made a batch per transaction (``SearchBackend.reindex``) keeps its place here
too (``REBUILDING``: the lowest article id indexed so far; every live story below it is
still to index), from its first transaction until its last, so that one stopped half-way
carries on where it stopped.
"""

from __future__ import annotations

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from thepost.content import site
from thepost.search import languages
from thepost.search.models import SearchState

LANGUAGE = "language"
REBUILDING = "rebuilding"


def recorded(session: Session) -> str | None:
    """The language (a tag) the index was last built in, if one was recorded."""
    found: str | None = session.scalar(
        select(SearchState.value).where(SearchState.name == LANGUAGE)
    )
    return found


def site_language(session: Session) -> str:
    """The site's own language as the index names languages (``languages.tag``)."""
    return languages.tag(site.load(session).language)


def own_language(session: Session) -> str:
    """The language of the stories in the site's own language, as indexed."""
    found = recorded(session)
    return found if found is not None else site_language(session)


def indexing_language(session: Session) -> str:
    """``own_language``, for a write to the index: where nothing is recorded, the site's
    language, recorded from now on."""
    found = recorded(session)
    if found is None:
        found = site_language(session)
        record(session, found)
    return found


def record(session: Session, language: str) -> None:
    _put(session, LANGUAGE, language)


def rebuilding(session: Session) -> int | None:
    """Where a rebuild under way stands: the lowest article id it indexed (None: none
    under way)."""
    found = session.scalar(select(SearchState.value).where(SearchState.name == REBUILDING))
    return None if found is None else int(found)


def rebuilt_down_to(session: Session, article_id: int) -> None:
    """Record that a rebuild indexed every live story from ``article_id`` up."""
    _put(session, REBUILDING, str(article_id))


def rebuilt(session: Session) -> None:
    """Record that no rebuild is under way."""
    session.execute(delete(SearchState).where(SearchState.name == REBUILDING))


def _put(session: Session, name: str, value: str) -> None:
    session.execute(delete(SearchState).where(SearchState.name == name))
    session.execute(insert(SearchState).values(name=name, value=value))
