"""Demo accounts, one per role, with published passwords: for trying the newsroom out
on demo content, never for a real site (``thepost demo`` and ``thepost serve --demo``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from thepost.accounts import actions, queries, tokens
from thepost.content import actions as content_actions
from thepost.permissions import SYSTEM, Role

ACCOUNTS = [
    ("admin@example.com", "Ada Admin", Role.ADMIN, "thepost-demo-admin"),
    ("editor@example.com", "Eddie Editor", Role.EDITOR, "thepost-demo-editor"),
    ("author@example.com", "Aisha Author", Role.AUTHOR, "thepost-demo-author"),
    ("contributor@example.com", "Carl Contributor", Role.CONTRIBUTOR, "thepost-demo-contributor"),
]


# The editor's API token, published like the passwords: to try the API on demo content.
TOKEN = "tp_thepost-demo-editor-token-0123456789abcdefgh"
TOKEN_SCOPES = ["content:read", "articles:write", "media:write", "comments:moderate"]

# Who writes gets an author profile, so their own name can go on a byline.
WRITERS = {Role.EDITOR: "Editor", Role.AUTHOR: "Reporter", Role.CONTRIBUTOR: "Contributor"}


def create(session: Session, *, now: datetime) -> list[tuple[str, str, str]]:
    """Create the accounts that do not exist yet; returns (email, role, password) of each."""
    for email, name, role, password in ACCOUNTS:
        if queries.by_email(session, email) is None:
            user = actions.create_user(
                session,
                actor=SYSTEM,
                email=email,
                password=password,
                display_name=name,
                role=role.value,
                now=now,
            )
            if role in WRITERS:
                content_actions.create_author(
                    session, name, job_title=WRITERS[role], user_id=user.id
                )
            if role == Role.EDITOR:
                tokens.create(
                    session, actor=user, name="Demo script", scopes=TOKEN_SCOPES, now=now,
                    secret=TOKEN,
                )  # fmt: skip
    return [(email, role.value, password) for email, _, role, password in ACCOUNTS]
