from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from thepost.db.base import Base


class SearchTerm(Base):
    """The index's own vocabulary (folded, unstemmed words of headlines, standfirsts, tags,
    sections and authors) with how many live documents use each: "did you mean" and typo
    tolerance pick from it. Each backend adds a trigram index over ``term``; PostgreSQL's
    also a B-tree for the words a prefix starts (migration 0035)."""

    __tablename__ = "search_terms"

    term: Mapped[str] = mapped_column(String(40), primary_key=True)
    documents: Mapped[int] = mapped_column(Integer, default=0)


class SearchState(Base):
    """What the index was built for, by name (``search.state``): ``language``, the site's
    language its stories in the site's own language were analysed in."""

    __tablename__ = "search_state"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
