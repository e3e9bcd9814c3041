"""Signing up, on SQLite and PostgreSQL, against a real SMTP server on loopback: double
opt-in (a GET never confirms), preferences, a new address, one-click unsubscribe from the
token alone, and nothing mailed to an address that did not confirm."""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy import select

from newsletters.conftest import deliver_mail, links, make_newsletter
from thepost.mail.models import OutboxMessage
from thepost.newsletters import actions
from thepost.newsletters.models import Subscriber, Subscription
from thepost.web import urls

ORIGIN = {"origin": "http://testserver"}


def sign_up(client, email: str, *newsletter_ids: int, page: str = "/newsletters"):
    data = {"email": email, "newsletter": [str(i) for i in newsletter_ids], "from": page}
    return client.post("/newsletters/subscribe", data=data, headers=ORIGIN)


def statuses(services, email: str) -> dict[int, str]:
    with services.reads() as session:
        subscriber = session.scalar(select(Subscriber).where(Subscriber.email == email))
        if subscriber is None:
            return {}
        rows = session.scalars(
            select(Subscription).where(Subscription.subscriber_id == subscriber.id)
        )
        return {row.newsletter_id: row.status for row in rows}


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def test_a_sign_up_is_confirmed_by_a_post_never_by_a_get(client, services, smtp) -> None:
    morning, breaking = make_newsletter(services), make_newsletter(services, "Breaking News")
    page = client.get("/newsletters")
    assert page.status_code == 200
    assert "The Morning Briefing" in page.text and "Breaking News" in page.text
    answer = sign_up(client, "Reader@Example.org", morning, breaking, page="/politics/a-story")
    assert answer.status_code == 303 and answer.headers["location"] == "/newsletters/check"
    assert "Check your inbox" in client.get("/newsletters/check").text
    assert statuses(services, "reader@example.org") == {morning: "pending", breaking: "pending"}

    (mail,) = deliver_mail(services, smtp)
    assert mail["To"] == "reader@example.org"
    body = mail.get_body(("plain",)).get_content()
    assert "The Morning Briefing" in body and "Breaking News" in body
    (confirm,) = [u for u in links(mail) if "/newsletters/confirm" in u]

    # A mail scanner opening the link confirms nothing.
    shown = client.get(path_of(confirm))
    assert shown.status_code == 200 and 'method="post"' in shown.text
    assert statuses(services, "reader@example.org") == {morning: "pending", breaking: "pending"}

    done = client.post(path_of(confirm))
    assert done.status_code == 303
    assert statuses(services, "reader@example.org") == {morning: "active", breaking: "active"}
    with services.reads() as session:
        row = session.scalar(select(Subscription).where(Subscription.newsletter_id == morning))
        assert row.source == "/politics/a-story" and row.consent_text == actions.CONSENT
        assert actions.CONSENT in page.text  # the words shown are the words recorded
        assert row.confirmed_at == services.clock()
    preferences = client.get(done.headers["location"])
    assert "You are subscribed" in preferences.text and "reader@example.org" in preferences.text


def test_the_form_comes_back_with_its_errors_and_text(client, services) -> None:
    morning = make_newsletter(services)
    answer = sign_up(client, "not an address", morning)
    assert answer.status_code == 400
    assert "not an address" in answer.text and "single address" in answer.text
    answer = sign_up(client, "reader@example.org")
    assert answer.status_code == 400 and "Choose at least one newsletter" in answer.text
    assert 'value="reader@example.org"' in answer.text
    assert statuses(services, "reader@example.org") == {}


def test_nothing_but_the_confirmation_goes_to_an_unconfirmed_address(client, services, smtp):
    morning = make_newsletter(services)
    for _ in range(6):  # a form used to flood an address: three confirmations a day
        sign_up(client, "victim@example.org", morning)
    with services.reads() as session:
        queued = session.scalars(select(OutboxMessage.to_address)).all()
    assert queued == ["victim@example.org"] * 3


def test_a_link_opened_in_another_browser_and_a_forged_one(client, services, smtp) -> None:
    morning = make_newsletter(services)
    sign_up(client, "reader@example.org", morning)
    (mail,) = deliver_mail(services, smtp)
    (confirm,) = [u for u in links(mail) if "/newsletters/confirm" in u]
    forged = path_of(confirm)[:-3] + "abc"
    assert client.post(forged).status_code == 400
    client.cookies.clear()
    assert client.post(path_of(confirm)).status_code == 303  # the token alone is enough
    assert statuses(services, "reader@example.org") == {morning: "active"}


def test_preferences_choose_change_the_address_and_leave(client, services, smtp) -> None:
    morning, breaking = make_newsletter(services), make_newsletter(services, "Breaking News")
    sign_up(client, "reader@example.org", morning)
    (mail,) = deliver_mail(services, smtp)
    (confirm,) = [u for u in links(mail) if "/newsletters/confirm" in u]
    preferences = client.post(path_of(confirm)).headers["location"].split("&done=")[0]

    chose = client.post(preferences, data={"action": "choose", "newsletter": [str(breaking)]})
    assert chose.status_code == 303
    assert statuses(services, "reader@example.org") == {morning: "left", breaking: "active"}

    bad = client.post(preferences, data={"action": "address", "email": "nope"})
    assert bad.status_code == 400 and 'value="nope"' in bad.text
    moved = client.post(preferences, data={"action": "address", "email": "new@example.org"})
    assert moved.status_code == 303
    (mail,) = deliver_mail(services, smtp)
    assert mail["To"] == "new@example.org"
    assert statuses(services, "reader@example.org")  # still the old one until confirmed
    (confirm,) = [u for u in links(mail) if "/newsletters/confirm" in u]
    assert client.post(path_of(confirm)).status_code == 303
    assert statuses(services, "new@example.org") == {morning: "left", breaking: "active"}
    assert statuses(services, "reader@example.org") == {}
    # The old address's links carried the old key: they stop working.
    assert client.get(preferences).status_code == 400


def test_one_click_unsubscribe_needs_nothing_but_the_token(client, services, smtp) -> None:
    from thepost.newsletters import tokens

    morning, breaking = make_newsletter(services), make_newsletter(services, "Breaking News")
    sign_up(client, "reader@example.org", morning, breaking)
    (mail,) = deliver_mail(services, smtp)
    (confirm,) = [u for u in links(mail) if "/newsletters/confirm" in u]
    client.post(path_of(confirm))
    with services.reads() as session:
        subscriber = session.scalar(select(Subscriber))
        token = tokens.leave_token(services.keys, subscriber.id, subscriber.key, morning)
    client.cookies.clear()
    url = f"/newsletters/unsubscribe?token={token}"
    asked = client.get(url)
    assert asked.status_code == 200 and "Unsubscribe from The Morning Briefing?" in asked.text
    assert statuses(services, "reader@example.org")[morning] == "active"
    # RFC 8058: the mail provider POSTs this body, from anywhere, with no cookie.
    done = client.post(
        url, content=b"List-Unsubscribe=One-Click",
        headers={"content-type": "application/x-www-form-urlencoded", "origin": "https://mail.example"},
    )  # fmt: skip
    assert done.status_code == 200 and "no more of The Morning Briefing" in done.text
    assert statuses(services, "reader@example.org") == {morning: "left", breaking: "active"}
    assert client.post(url.replace("token=", "token=x")).status_code == 400


def test_the_sign_up_box_is_on_the_home_and_article_pages(client, services) -> None:
    from factories import article

    make_newsletter(services)
    with services.writes.begin() as session:
        path = urls.article_path("", article(services, session, title="A boxed story").slug)
    home = client.get("/")
    assert 'action="/newsletters/subscribe"' in home.text and "The Morning Briefing" in home.text
    story = client.get(path)
    assert story.status_code == 200 and "A boxed story" in story.text
    assert 'action="/newsletters/subscribe"' in story.text
    assert f'name="from" value="{path}"' in story.text


def test_two_sign_ups_of_one_new_address_at_once(services) -> None:
    """The second waits for the first's row and finds it (no error for the reader)."""
    import threading

    morning = make_newsletter(services)
    errors: list[BaseException] = []

    def sign_up_too() -> None:
        try:
            with services.writes.begin() as session:
                actions.subscribe(session, services.bus, email="same@example.org",
                                  newsletter_ids=[morning], source="b", consent_text="",
                                  now=services.clock())  # fmt: skip
        except BaseException as exc:  # noqa: BLE001  (reported below)
            errors.append(exc)

    with services.writes.begin() as session:
        actions.subscribe(session, services.bus, email="same@example.org",
                          newsletter_ids=[morning], source="a", consent_text="",
                          now=services.clock())  # fmt: skip
        second = threading.Thread(target=sign_up_too)
        second.start()
        second.join(0.3)  # it waits on the first's uncommitted row (or SQLite's lock)
    second.join(10)
    assert not errors, errors
    with services.reads() as session:
        assert session.scalars(select(Subscriber.email)).all() == ["same@example.org"]
