"""Login, logout, sessions (rotation, timeouts, revocation), throttling, cookies."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from starlette.testclient import TestClient

from admin.conftest import PASSWORD, csrf_token, login, make_user, sign_in
from thepost.accounts import actions, passwords, sessions
from thepost.accounts.models import LoginSession, User
from thepost.audit.models import AuditEntry
from thepost.permissions import SYSTEM
from thepost.web.admin.auth import DEVICE_COOKIE, SESSION_COOKIE


def _actions(services) -> list[str]:
    with services.reads() as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_login_sets_a_safe_cookie_and_logout_ends_the_session(services, client, staff) -> None:
    assert (
        client.get("/admin/articles").headers["location"] == "/admin/login?next=%2Fadmin%2Farticles"
    )
    response = login(client, "Editor@ThePost.test", next="/admin/articles")
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/articles"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # base_url is http here
    page = client.get("/admin/")
    assert page.status_code == 200 and "Editor Person" in page.text
    assert page.headers["cache-control"] == "private, no-store"
    # The table holds a hash of the token, never the token itself.
    token = client.cookies[SESSION_COOKIE]
    with services.reads() as session:
        ids = list(session.scalars(select(LoginSession.id)))
    assert ids == [sessions.session_id(services.keys, token)] and token not in ids

    logout = client.post("/admin/logout", data={"csrf_token": csrf_token(client, "/admin/")})
    assert logout.status_code == 303
    with services.reads() as session:
        assert session.scalar(select(LoginSession.id)) is None
    client.cookies.set(SESSION_COOKIE, token)  # replaying the old cookie gets nowhere
    assert client.get("/admin/").status_code == 303
    assert _actions(services)[-2:] == ["login", "logout"]


def test_secure_cookie_behind_https(tmp_path, settings, services, staff) -> None:
    from starlette.testclient import TestClient

    from thepost.app import create_app

    secure = settings.model_copy(update={"base_url": "https://news.example"})
    services.settings = secure
    with TestClient(
        create_app(secure, services=services),
        base_url="https://news.example",
        follow_redirects=False,
    ) as client:
        response = login(client, staff.author.email)
    assert response.status_code == 303
    assert "Secure" in response.headers["set-cookie"]


def test_a_new_session_id_at_every_login(services, client, staff) -> None:
    sign_in(client, staff.author)
    first = client.cookies[SESSION_COOKIE]
    response = login(client, staff.author.email)
    assert response.status_code == 303
    second = client.cookies[SESSION_COOKIE]
    assert second != first
    with services.reads() as session:
        ids = set(session.scalars(select(LoginSession.id)))
    assert ids == {sessions.session_id(services.keys, second)}  # the old one ended


def test_unknown_user_and_wrong_password_get_the_same_answer(services, client, staff) -> None:
    wrong = login(client, staff.admin.email, "not the password at all")
    unknown = login(client, "nobody@thepost.test", PASSWORD)
    inactive_user = make_user(services, "author", "gone@thepost.test")
    with services.writes.begin() as session:
        actions.set_active(session, SYSTEM, inactive_user.id, False, now=services.clock())
    inactive = login(client, "gone@thepost.test", PASSWORD)
    assert wrong.status_code == unknown.status_code == inactive.status_code == 400

    def body(response) -> str:
        return (
            CSRF_FREE(response.text)
            .replace("not the password at all", "")
            .replace("nobody@thepost.test", "")
            .replace(staff.admin.email, "")
            .replace("gone@thepost.test", "")
        )

    assert body(wrong) == body(unknown) == body(inactive)
    assert "The email or password is not right." in wrong.text
    assert 'value="nobody@thepost.test"' in unknown.text  # the email is kept
    assert SESSION_COOKIE not in client.cookies
    assert _actions(services).count("login.failed") == 3


def CSRF_FREE(html: str) -> str:
    import re

    return re.sub(r'name="csrf_token" value="[^"]+"', "", html)


def _attempt(services, email: str, password: str = PASSWORD, **seen: str) -> actions.LoginResult:
    """The sign-in action, committed (``seen``: ``ip_hash``, ``device``)."""
    with services.writes.begin() as session:
        return actions.login(
            session,
            services.keys,
            services.limiter,
            email=email,
            password=password,
            now=services.clock(),
            **seen,
        )


def test_sixth_failure_for_an_account_is_refused_even_with_the_password(services, staff) -> None:
    editor = staff.editor.email
    for n in range(5):  # from five different addresses: the account's own count
        assert not _attempt(services, editor, "wrong password", ip_hash=f"ip-{n}").ok
    result = _attempt(services, editor, ip_hash="ip-fresh")
    assert result.throttled and not result.ok
    assert _actions(services)[-1] == "login.throttled"
    # Another account from a fresh address is not affected.
    assert _attempt(services, staff.author.email, ip_hash="ip-other").ok


def test_sixth_failure_from_one_address_answers_429_with_a_page(services, client, staff) -> None:
    emails = ["a@thepost.test", staff.author.email, "b@thepost.test", "c@thepost.test", "d@x.org"]
    for email in emails:
        assert login(client, email, "wrong password here").status_code == 400
    refused = login(client, staff.editor.email, PASSWORD)  # right password, blocked address
    assert refused.status_code == 429
    assert "Too many failed sign-in attempts" in refused.text
    assert "<form" in refused.text  # a readable page, the form still there
    assert SESSION_COOKIE not in client.cookies


def test_throttling_counts_unknown_accounts_alike(services, client) -> None:
    for _ in range(5):
        assert login(client, "ghost@thepost.test", "whatever it is").status_code == 400
    assert login(client, "ghost@thepost.test", "whatever it is").status_code == 429


def test_strangers_guessing_a_password_do_not_lock_out_its_owner(services, client, staff):
    signed = login(client, staff.editor.email)  # the editor's own browser, earlier
    device = next(c for c in signed.headers.get_list("set-cookie") if c.startswith(DEVICE_COOKIE))
    assert "HttpOnly" in device and "SameSite=strict" in device
    assert "Path=/admin/login" in device and "Max-Age=31536000" in device
    client.cookies.delete(SESSION_COOKIE)

    stranger = TestClient(client.app, follow_redirects=False)
    for _ in range(5):
        assert login(stranger, staff.editor.email, "a wrong guess!").status_code == 400
    assert login(stranger, staff.editor.email).status_code == 429  # strangers: locked out
    assert login(client, staff.editor.email).status_code == 303  # its owner: not
    # The owner's browser has its own count of failures.
    client.cookies.delete(SESSION_COOKIE)
    for _ in range(5):
        assert login(client, staff.editor.email, "my own typo").status_code == 400
    assert login(client, staff.editor.email).status_code == 429


def test_a_device_token_vouches_for_its_account_and_year_only(services, clock, staff) -> None:
    def attempt(email: str, password: str, device: str = "") -> actions.LoginResult:
        return _attempt(services, email, password, ip_hash="one-address", device=device)

    device = attempt(staff.author.email, PASSWORD).device
    for _ in range(5):  # the editor's account and this address are now throttled
        attempt(staff.editor.email, "wrong guess here")
    assert attempt(staff.editor.email, PASSWORD, device).throttled  # the author's device
    forged = device[:-3] + ("AAA" if not device.endswith("AAA") else "BBB")
    assert attempt(staff.author.email, PASSWORD, forged).throttled  # the address counts
    assert attempt(staff.author.email, PASSWORD, device).ok
    clock.advance(days=366)
    assert attempt(staff.author.email, PASSWORD, device).throttled  # too old: a stranger


def test_idle_and_absolute_timeouts(services, client, clock, staff) -> None:
    settings = services.settings
    sign_in(client, staff.author)
    clock.advance(minutes=settings.session_idle_minutes - 1)
    assert client.get("/admin/").status_code == 200  # activity keeps it alive
    clock.advance(minutes=settings.session_idle_minutes - 1)
    assert client.get("/admin/").status_code == 200
    clock.advance(minutes=settings.session_idle_minutes + 1)
    assert client.get("/admin/").status_code == 303  # idle too long
    with services.reads() as session:
        assert session.scalar(select(LoginSession.id)) is None

    sign_in(client, staff.author)
    start, lifetime = clock.now, timedelta(hours=settings.session_lifetime_hours)
    while clock.now - start <= lifetime:  # busy all along: the idle timeout never strikes
        assert client.get("/admin/").status_code == 200
        clock.advance(minutes=30)
    assert client.get("/admin/").status_code == 303


def test_password_change_ends_the_other_sessions(services, client, staff) -> None:
    from starlette.testclient import TestClient

    from thepost.app import create_app

    with TestClient(
        create_app(services.settings, services=services), follow_redirects=False
    ) as other:
        sign_in(other, staff.editor)
        token = sign_in(client, staff.editor)
        bad = client.post(
            "/admin/password",
            data={"csrf_token": token, "current_password": PASSWORD, "new_password": "password123"},
        )
        assert bad.status_code == 400 and "too common" in bad.text
        new = "lighthouse keeper's autumn ledger"
        response = client.post(
            "/admin/password",
            data={"csrf_token": token, "current_password": PASSWORD, "new_password": new},
        )
        assert response.status_code == 303
        assert client.get("/admin/").status_code == 200  # this browser gets a new session
        assert other.get("/admin/").status_code == 303  # the other one is signed out
    assert login(client, staff.editor.email, new).status_code == 303
    assert "password.change" in _actions(services)


def test_deactivation_ends_sessions(services, client, staff) -> None:
    sign_in(client, staff.author)
    with services.writes.begin() as session:
        actions.set_active(session, staff.admin, staff.author.id, False, now=services.clock())
    assert client.get("/admin/").status_code == 303
    assert login(client, staff.author.email).status_code == 400


def test_rehash_at_login_when_parameters_change(services, staff, monkeypatch) -> None:
    from argon2 import PasswordHasher

    monkeypatch.setattr(passwords, "HASHER", passwords.site_hasher())
    weak = PasswordHasher(time_cost=1, memory_cost=19 * 1024, parallelism=1).hash(PASSWORD)
    with services.writes.begin() as session:
        session.get(User, staff.author.id).password_hash = weak
    assert _attempt(services, staff.author.email).ok
    with services.reads() as session:
        stored = session.get(User, staff.author.id).password_hash
    assert stored != weak and not passwords.needs_rehash(stored)
    assert "m=65536,t=2,p=1" in stored and stored.startswith("$argon2id$")


def test_password_policy() -> None:
    assert passwords.problem("short") == "Use at least 10 characters."
    for common in ("password123", "qwertyuiop", "Password1234!", "1234567890"):
        assert "too common" in (passwords.problem(common) or ""), common
    assert passwords.problem("walnut tramline sextant") is None
