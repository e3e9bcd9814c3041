"""Newsletters in the newsroom, on SQLite and PostgreSQL: an admin makes a newsletter, an
editor writes an issue from a story, previews it, tests it on their own address and sends
it; subscribers are listed, searched and added (asked to confirm). Authors see none of it."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from admin.conftest import sign_in
from factories import article
from newsletters.conftest import confirmed, make_newsletter
from thepost.newsletters.models import Issue, Recipient, Subscriber, Subscription

ORIGIN = {"origin": "http://testserver"}


@pytest.fixture
def settings(settings):
    """The newsroom signed in over the test client's plain http (no Secure cookies)."""
    return settings.model_copy(update={"base_url": "http://testserver"})


def test_an_editor_writes_previews_tests_and_sends_an_issue(client, services, staff, smtp, sender):
    admin_token = sign_in(client, staff.admin)
    made = client.post(
        "/admin/newsletters/new",
        data={"name": "The Evening Edition", "cadence": "Every day at 18:00",
              "csrf_token": admin_token, "visible": "1"},
        headers=ORIGIN,
    )  # fmt: skip
    assert made.status_code == 303
    newsletter_id = int(made.headers["location"].split("/")[-1].split("?")[0])
    confirmed(services, newsletter_id, ["a@example.org", "b@example.org"])
    with services.writes.begin() as session:
        story = article(services, session, title="The bridge reopens", body="Traffic is back.")
        story_id = story.id
    client.cookies.clear()
    token = sign_in(client, staff.editor)
    editor = client.get(f"/admin/articles/{story_id}")
    assert f"/admin/newsletters/issues/new?article={story_id}" in editor.text
    form = client.get(f"/admin/newsletters/issues/new?article={story_id}")
    assert form.status_code == 200 and 'value="The bridge reopens"' in form.text
    bad = client.post(
        "/admin/newsletters/issues/new",
        headers=ORIGIN,
        data={
            "csrf_token": token,
            "newsletter_id": str(newsletter_id),
            "subject": "",
            "note": "Kept",
        },
    )
    assert bad.status_code == 400 and "needs a subject line" in bad.text and "Kept" in bad.text
    saved = client.post("/admin/newsletters/issues/new", headers=ORIGIN, data={
        "csrf_token": token, "newsletter_id": str(newsletter_id), "subject": "Tonight",
        "layout": "story", "lead": str(story_id), "note": "Good evening."})  # fmt: skip
    assert saved.status_code == 303
    page = saved.headers["location"].split("?")[0]
    issue_id = int(page.rsplit("/", 1)[1])
    shown = client.get(page)
    assert "Send a test to editor@thepost.test" in shown.text
    preview = client.get(f"{page}/preview")
    assert preview.status_code == 200 and "Traffic is back." in preview.text
    assert "sandbox" in preview.headers["content-security-policy"]
    assert (
        client.post(f"{page}/test", data={"csrf_token": token}, headers=ORIGIN).status_code == 303
    )
    sender.deliver()
    assert [m["To"] for m in smtp.messages()] == ["editor@thepost.test"]
    assert (
        client.post(f"{page}/send", data={"csrf_token": token}, headers=ORIGIN).status_code == 303
    )
    sender.deliver()
    assert sorted(m["To"] for m in smtp.messages()[1:]) == ["a@example.org", "b@example.org"]
    after = client.get(page).text
    assert re.search(r"<dt>sent</dt><dd>2</dd>", after)
    with services.reads() as session:
        assert session.get(Issue, issue_id).status == "sent"
        assert session.scalar(select(Recipient.email).where(Recipient.proof.is_(True))) == (
            "editor@thepost.test"
        )
    # A sent issue cannot change.
    again = client.post(
        page,
        headers=ORIGIN,
        data={"csrf_token": token, "newsletter_id": str(newsletter_id), "subject": "Changed"},
    )
    assert again.status_code == 400
    listing = client.get("/admin/newsletters")
    assert "The Evening Edition" in listing.text and "Tonight" in listing.text


def test_subscribers_are_for_admins_and_an_added_address_must_confirm(
    client, services, staff, smtp
) -> None:
    morning = make_newsletter(services)
    confirmed(services, morning, [f"reader{n}@example.org" for n in range(60)])
    sign_in(client, staff.author)
    assert client.get("/admin/subscribers").status_code == 403
    assert client.get("/admin/newsletters").status_code == 403
    client.cookies.clear()
    token = sign_in(client, staff.admin)
    listed = client.get("/admin/subscribers?q=reader5")
    assert "reader5@example.org" in listed.text and "reader50@example.org" in listed.text
    assert "reader6@example.org" not in listed.text
    assert "Page 1 of 2" in client.get("/admin/subscribers").text
    added = client.post(
        "/admin/subscribers",
        headers=ORIGIN,
        data={"csrf_token": token, "email": "new@example.org", "newsletter": str(morning)},
    )
    assert added.status_code == 303
    with services.reads() as session:
        subscriber = session.scalar(select(Subscriber).where(Subscriber.email == "new@example.org"))
        assert subscriber.confirmed_at is None
    pending = client.get("/admin/subscribers?status=unconfirmed")
    assert "new@example.org" in pending.text and "reader1@example.org" not in pending.text


def test_no_subscriber_address_on_any_public_page(client, services) -> None:
    """A canary address: the sign-up pages, the home page, feeds, sitemaps and the API
    never show it."""
    morning = make_newsletter(services)
    confirmed(services, morning, ["canary-7f3a@example.org"])
    with services.writes.begin() as session:
        article(services, session, title="A story")
    for path in ("/", "/newsletters", "/latest", "/feed/rss", "/feed/json", "/sitemap.xml",
                 "/api/v1/articles", "/api/v1/settings", "/search?q=canary"):  # fmt: skip
        answer = client.get(path)
        assert answer.status_code < 400, path
        assert "canary-7f3a" not in answer.text, path


def test_subscribers_in_and_out_as_csv(client, services, staff, smtp) -> None:
    morning = make_newsletter(services)
    confirmed(services, morning, ["old@example.org"])
    token = sign_in(client, staff.admin)
    rows = (
        b"Email,Confirmed,Consent,Name\n"
        b"ana@example.org,yes,Signed up at the book fair 2025-05-01,Ana\n"
        b"ben@example.org,no,,Ben\n"
        b"not an address,yes,,X\n"
        b"ANA@example.org,yes,,again\n"
        b"old@example.org,yes,,\n"
        b"=cmd@example.org,no,,formula\n"
    )

    def upload(vouched: bool):
        data = {"csrf_token": token, "newsletter": str(morning)} | (
            {"vouched": "1"} if vouched else {}
        )
        return client.post("/admin/subscribers/import", data=data, headers=ORIGIN,
                           files={"file": ("fair.csv", rows, "text/csv")})  # fmt: skip

    answer = upload(vouched=False)  # not vouched: everyone is asked to confirm
    assert answer.status_code == 200, answer.text
    assert (
        "3 new addresses; 0 subscribed at once, 3 asked to confirm, 1 subscribed already"
        in answer.text
    )
    assert "Line 4:" in answer.text and "Line 5: the same address again" in answer.text
    with services.reads() as session:
        found = dict(session.execute(select(Subscriber.email, Subscriber.confirmed_at)).all())
    assert found["ana@example.org"] is None
    assert len(smtp_outbox(services)) == 3

    answer = upload(vouched=True)  # vouched: the lines marked confirmed are active
    assert "1 subscribed at once" in answer.text
    with services.reads() as session:
        ana = session.scalar(select(Subscriber).where(Subscriber.email == "ana@example.org"))
        assert ana.confirmed_at is not None
        consent = session.scalar(
            select(Subscription.consent_text).where(Subscription.subscriber_id == ana.id)
        )
    assert "book fair" in consent and "fair.csv" in consent

    bad = client.post("/admin/subscribers/import", headers=ORIGIN,
                      data={"csrf_token": token, "newsletter": str(morning)},
                      files={"file": ("x.csv", b"name\nAna\n", "text/csv")})  # fmt: skip
    assert bad.status_code == 400 and "one of them email" in bad.text

    exported = client.get("/admin/subscribers/export.csv?status=active")
    assert exported.headers["content-type"].startswith("text/csv")
    lines = exported.text.splitlines()
    assert lines[0] == "email,confirmed,confirmed_at,signed_up_at,newsletters,suppressed"
    assert {line.split(",")[0] for line in lines[1:]} == {"old@example.org", "ana@example.org"}
    everyone = client.get("/admin/subscribers/export.csv").text
    assert "'=cmd@example.org" in everyone  # never a formula in a spreadsheet


def smtp_outbox(services) -> list[str]:
    from thepost.mail.models import OutboxMessage

    with services.reads() as session:
        return list(session.scalars(select(OutboxMessage.to_address)))
