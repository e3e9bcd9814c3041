"""Newsletters in the API, on SQLite and PostgreSQL: the list, a reader's sign-up (double
opt-in, the same answer for a known address), and subscribers behind the
``subscribers:manage`` scope (admins); an address added there is asked to confirm too."""

from __future__ import annotations

from sqlalchemy import select

from admin.conftest import make_user
from api.conftest import bearer, make_token
from newsletters.conftest import confirmed, make_newsletter
from thepost.mail.models import OutboxMessage
from thepost.newsletters.models import Subscription


def queued(services) -> list[str]:
    with services.reads() as session:
        return list(session.scalars(select(OutboxMessage.to_address)))


def test_a_reader_signs_up_through_the_api(client, services) -> None:
    morning = make_newsletter(services)
    listed = client.get("/api/v1/newsletters").json()
    assert [n["name"] for n in listed["newsletters"]] == ["The Morning Briefing"]
    answer = client.post("/api/v1/newsletters/subscribe",
                         json={"email": "reader@example.org", "newsletters": [morning]})  # fmt: skip
    assert answer.status_code == 202 and answer.json()["status"] == "pending"
    confirmed(services, morning, ["known@example.org"])
    again = client.post("/api/v1/newsletters/subscribe",
                        json={"email": "known@example.org", "newsletters": [morning]})  # fmt: skip
    assert again.json() == answer.json()  # nothing told about who is subscribed
    with services.reads() as session:
        assert session.scalar(select(Subscription.status).where(Subscription.source == "api")) == (
            "pending"
        )
    assert queued(services) == ["reader@example.org"]
    for bad in ({"email": "nope", "newsletters": [morning]}, {"email": "a@example.org"},
                {"email": "a@example.org", "newsletters": [morning], "confirmed": True},
                {"email": "a@example.org", "newsletters": [999]}):  # fmt: skip
        refused = client.post("/api/v1/newsletters/subscribe", json=bad)
        assert refused.status_code == 422, bad


def test_subscribers_need_the_admins_scope(client, services) -> None:
    morning = make_newsletter(services)
    confirmed(services, morning, ["a@example.org", "b@example.org"])
    admin = make_user(services, "admin")
    token = make_token(services, admin, "subscribers:manage")
    listed = client.get("/api/v1/admin/subscribers?q=a%40", headers=bearer(token)).json()
    assert [s["email"] for s in listed["subscribers"]] == ["a@example.org"]
    assert listed["subscribers"][0]["newsletters"] == ["The Morning Briefing"]
    assert client.get("/api/v1/admin/subscribers").status_code == 401
    other = make_token(services, admin, "articles:write")
    assert client.get("/api/v1/admin/subscribers", headers=bearer(other)).status_code == 403
    added = client.post("/api/v1/admin/subscribers", headers=bearer(token),
                        json={"email": "new@example.org", "newsletters": [morning]})  # fmt: skip
    assert added.status_code == 202
    assert queued(services) == ["new@example.org"]  # asked to confirm, like every path
    pending = client.get("/api/v1/admin/subscribers?status=unconfirmed", headers=bearer(token))
    assert [s["email"] for s in pending.json()["subscribers"]] == ["new@example.org"]
