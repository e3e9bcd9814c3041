"""Deactivating an account from the Users page ends every session it has, at once."""

from __future__ import annotations

from sqlalchemy import func, select
from starlette.testclient import TestClient

from admin.conftest import login, sign_in
from thepost.accounts.models import LoginSession
from thepost.app import create_app


def _sessions(services, user_id: int) -> int:
    with services.reads() as session:
        return (
            session.scalar(
                select(func.count())
                .select_from(LoginSession)
                .where(LoginSession.user_id == user_id)
            )
            or 0
        )


def test_deactivating_from_the_users_page_signs_the_person_out(
    services, client, settings, staff
) -> None:
    app = create_app(settings, services=services)
    with (
        TestClient(app, follow_redirects=False) as laptop,
        TestClient(app, follow_redirects=False) as phone,
    ):
        sign_in(laptop, staff.author)
        sign_in(phone, staff.author)
        assert laptop.get("/admin/").status_code == 200
        assert _sessions(services, staff.author.id) == 2
        token = sign_in(client, staff.admin)
        response = client.post(
            f"/admin/users/{staff.author.id}/active", data={"csrf_token": token, "active": "0"}
        )
        assert response.status_code == 303
        assert _sessions(services, staff.author.id) == 0
        for device in (laptop, phone):
            assert device.get("/admin/").headers["location"].startswith("/admin/login")
        assert login(laptop, staff.author.email).status_code == 400
