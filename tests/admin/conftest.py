"""Admin fixtures: accounts of every role and a way to sign a test client in."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from starlette.testclient import TestClient

from thepost.accounts import actions
from thepost.accounts.models import User
from thepost.permissions import SYSTEM, Role
from thepost.services import Services

PASSWORD = "correct horse battery staple"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Staff:
    contributor: User
    author: User
    editor: User
    admin: User

    def __getitem__(self, role: str) -> User:
        return getattr(self, role)


def make_user(services: Services, role: str, email: str = "", password: str = PASSWORD) -> User:
    with services.writes.begin() as session:
        return actions.create_user(
            session,
            actor=SYSTEM,
            email=email or f"{role}@thepost.test",
            password=password,
            display_name=f"{role.capitalize()} Person",
            role=role,
            now=services.clock(),
        )


@pytest.fixture
def staff(services: Services) -> Staff:
    return Staff(*(make_user(services, role) for role in Role))


def csrf_token(client: TestClient, path: str = "/admin/login") -> str:
    response = client.get(path)
    if response.status_code == 303:  # signed in already: the session's token
        response = client.get("/admin/")
    match = CSRF.search(response.text)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def login(client: TestClient, email: str, password: str = PASSWORD, **extra: str):
    token = csrf_token(client)
    return client.post(
        "/admin/login", data={"email": email, "password": password, "csrf_token": token, **extra}
    )


def sign_in(client: TestClient, user: User) -> str:
    """Sign the client in as ``user``; returns the session's CSRF token."""
    response = login(client, user.email)
    assert response.status_code == 303, response.text
    return csrf_token(client, "/admin/")
