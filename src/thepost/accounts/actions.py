"""Writes to accounts, shared by the CLI and (later) the admin."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from thepost.accounts.models import Role, User
from thepost.accounts.passwords import MIN_LENGTH, hash_password
from thepost.errors import ValidationError
from thepost.mail.outbox import address_error


def create_user(
    session: Session,
    *,
    email: str,
    password: str,
    display_name: str = "",
    role: str = "contributor",
) -> User:
    email = email.strip().lower()
    errors = {}
    problem = address_error(email)
    if problem:
        errors["email"] = problem
    elif session.scalar(select(User.id).where(func.lower(User.email) == email)):
        errors["email"] = "An account with this email exists."
    if len(password) < MIN_LENGTH:
        errors["password"] = f"Use at least {MIN_LENGTH} characters."
    if role not in {r.value for r in Role}:
        errors["role"] = "Role must be one of: " + ", ".join(r.value for r in Role) + "."
    if errors:
        raise ValidationError(errors)
    user = User(
        email=email,
        display_name=display_name.strip() or email.split("@")[0],
        password_hash=hash_password(password),
        role=role,
    )
    session.add(user)
    session.flush()
    return user
