from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from thepost.accounts.models import User


def by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
