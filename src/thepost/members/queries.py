"""Reads of members: the newsroom's list, the tiers, the counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from thepost.comments.models import Comment
from thepost.members.models import Member, MemberTier
from thepost.newsletters import queries as newsletter_queries
from thepost.newsletters.models import Subscriber


@dataclass(frozen=True)
class MemberRow:
    id: int
    email: str
    name: str
    tier: str
    created_at: datetime
    last_seen_at: datetime | None
    comments: int


def tiers(session: Session) -> list[tuple[MemberTier, int]]:
    """Every tier, with how many members it has."""
    counts: dict[int, int] = {
        tier_id: n
        for tier_id, n in session.execute(
            select(Member.tier_id, func.count()).group_by(Member.tier_id)
        )
    }
    found = session.scalars(select(MemberTier).order_by(MemberTier.position, MemberTier.id))
    return [(tier, counts.get(tier.id, 0)) for tier in found]


def members(
    session: Session, *, query: str = "", tier_id: int | None = None, offset: int = 0,
    limit: int = 50,
) -> tuple[list[MemberRow], int]:  # fmt: skip
    """The newsroom's list: addresses or names containing ``query``, of one tier;
    newest first, with how many comments each wrote signed in."""
    chosen = select(Member.id)
    if query:
        needle = query.lower()
        chosen = chosen.where(
            Member.email.contains(needle, autoescape=True)
            | func.lower(Member.name).contains(needle, autoescape=True)
        )
    if tier_id is not None:
        chosen = chosen.where(Member.tier_id == tier_id)
    total = session.scalar(select(func.count()).select_from(chosen.subquery())) or 0
    ids = list(session.scalars(chosen.order_by(Member.id.desc()).offset(offset).limit(limit)))
    if not ids:
        return [], total
    written: dict[int | None, int] = {
        member_id: n
        for member_id, n in session.execute(
            select(Comment.member_id, func.count())
            .where(Comment.member_id.in_(ids))
            .group_by(Comment.member_id)
        )
    }
    rows = session.execute(
        select(Member, MemberTier.name)
        .join(MemberTier, MemberTier.id == Member.tier_id)
        .where(Member.id.in_(ids))
        .order_by(Member.id.desc())
    )
    return [
        MemberRow(m.id, m.email, m.name, tier, m.created_at, m.last_seen_at, written.get(m.id, 0))
        for m, tier in rows
    ], total


def newsletters_of(session: Session, email: str) -> dict[int, str]:
    """The newsletters a member's address gets or asked for, and where each stands."""
    found = session.scalar(select(Subscriber.id).where(Subscriber.email == email))
    return newsletter_queries.subscriptions(session, found) if found is not None else {}
