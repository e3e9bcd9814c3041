"""Signing in by emailed link, on SQLite and PostgreSQL, against a real SMTP server on
loopback: the link works once, for minutes, in the browser that asked; its code works
on that browser's page; asking never tells whether an address has an account; the
account page, its forms and signing out."""

from __future__ import annotations

from sqlalchemy import func, select
from starlette.testclient import TestClient

import factories as f
from members.conftest import ORIGIN, ask, link_and_code, mailed, sign_in
from newsletters.conftest import make_newsletter
from thepost.comments.models import Comment, CommentStatus
from thepost.members.actions import CODE_ATTEMPTS, LINKS_PER_HOUR
from thepost.members.models import Member, MemberSession
from thepost.newsletters.models import Subscriber, Subscription
from thepost.web.site.account import BROWSER_COOKIE, MEMBER_COOKIE


def other_browser(client: TestClient) -> TestClient:
    return TestClient(client.app, follow_redirects=False)


def members(services) -> list[Member]:
    with services.reads() as session:
        return list(session.scalars(select(Member).order_by(Member.id)))


def test_a_link_signs_in_once_and_only_the_browser_that_asked(client, services, smtp) -> None:
    answer = ask(client, "Reader@Example.org", "/news/a-story")
    assert answer.status_code == 303 and answer.headers["location"] == "/account/check"
    assert client.cookies.get(BROWSER_COOKIE)
    assert "Check your inbox" in client.get("/account/check").text
    (message,) = mailed(services, smtp)
    assert message["To"] == "reader@example.org"
    link, _ = link_and_code(message)
    assert members(services) == []  # nobody is made until the link is followed

    # A mail scanner (another browser, without the asking browser's cookie) uses nothing up.
    scanner = other_browser(client)
    refused = scanner.get(link)
    assert refused.status_code == 403 and "browser where you asked" in refused.text
    assert MEMBER_COOKIE not in scanner.cookies and members(services) == []

    signed = client.get(link)
    assert signed.status_code == 303 and signed.headers["location"] == "/news/a-story"
    assert signed.headers["cache-control"] == "private, no-store"
    assert client.cookies.get(MEMBER_COOKIE) and not client.cookies.get(BROWSER_COOKIE)
    (member,) = members(services)
    assert member.email == "reader@example.org" and member.tier_id is not None
    page = client.get("/account")
    assert page.status_code == 200 and "reader@example.org" in page.text
    assert page.headers["cache-control"] == "private, no-store"

    again = client.get(link)  # used: nobody signs in with it twice
    assert again.status_code == 400 and "used already" in again.text
    assert len(members(services)) == 1


def test_a_link_expires(client, services, smtp, clock) -> None:
    ask(client, "reader@example.org")
    (message,) = mailed(services, smtp)
    link, code = link_and_code(message)
    clock.advance(minutes=16)
    assert client.get(link).status_code == 400
    typed = client.post("/account/code", data={"code": code}, headers=ORIGIN)
    assert typed.status_code == 400 and "expired" in typed.text
    assert members(services) == []


def test_the_code_signs_in_the_waiting_browser(client, services, smtp) -> None:
    ask(client, "reader@example.org")
    (message,) = mailed(services, smtp)
    _, code = link_and_code(message)
    wrong = "000000" if code != "000000" else "111111"
    answer = client.post("/account/code", data={"code": wrong}, headers=ORIGIN)
    assert answer.status_code == 400 and f"{CODE_ATTEMPTS - 1} tries left" in answer.text
    # The right code from another browser: that browser asked for nothing.
    elsewhere = other_browser(client).post("/account/code", data={"code": code}, headers=ORIGIN)
    assert elsewhere.status_code == 400 and members(services) == []
    answer = client.post("/account/code", data={"code": f"{code[:3]} {code[3:]}"}, headers=ORIGIN)
    assert answer.status_code == 303 and client.cookies.get(MEMBER_COOKIE)
    assert len(members(services)) == 1


def test_wrong_codes_use_the_link_up(client, services, smtp) -> None:
    ask(client, "reader@example.org")
    (message,) = mailed(services, smtp)
    link, code = link_and_code(message)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(CODE_ATTEMPTS):
        client.post("/account/code", data={"code": wrong}, headers=ORIGIN)
    answer = client.post("/account/code", data={"code": code}, headers=ORIGIN)
    assert answer.status_code == 400 and members(services) == []
    assert client.get(link).status_code == 303  # the link itself still works, once


def test_asking_says_the_same_for_any_address_and_floods_nobody(client, services, smtp) -> None:
    sign_in(client, services, smtp, "known@example.org")
    stranger = other_browser(client)
    known, unknown = ask(stranger, "known@example.org"), ask(stranger, "new@example.org")
    assert known.status_code == unknown.status_code == 303
    assert known.headers["location"] == unknown.headers["location"]
    for _ in range(LINKS_PER_HOUR + 3):
        ask(stranger, "victim@example.org")
    sent = [m["To"] for m in mailed(services, smtp)]
    assert sent.count("victim@example.org") == LINKS_PER_HOUR


def test_bad_input_comes_back_beside_the_field(client, services) -> None:
    answer = ask(client, "not an address")
    assert answer.status_code == 400 and "not an address" in answer.text
    assert "single address" in answer.text
    off_site = other_browser(client).post(
        "/account/sign-in", data={"email": "a@example.org"}, headers={"origin": "https://evil.test"}
    )
    assert off_site.status_code == 403
    assert client.post("/account/sign-in", content=b"x" * 10_000, headers=ORIGIN).status_code == 413
    assert client.get("/account/link?token=" + "x" * 5000).status_code == 400
    forged = other_browser(client)
    forged.cookies.set(MEMBER_COOKIE, "made-up")
    assert forged.get("/account").status_code == 200  # the sign-in form, nothing more
    assert "Email me a sign-in link" in forged.get("/account").text


def test_next_never_leaves_the_site(client, services, smtp) -> None:
    ask(client, "reader@example.org", "https://evil.test/phish")
    (message,) = mailed(services, smtp)
    link, _ = link_and_code(message)
    assert client.get(link).headers["location"] == "/account?done=welcome"


def test_the_account_page(client, services, smtp) -> None:
    morning, alerts = make_newsletter(services), make_newsletter(services, "Breaking News")
    with services.writes.begin() as session:
        story = f.article(services, session, title="A story to talk about")
        f.comment(services, session, story, email="reader@example.org", body="Written before.")
        f.comment(services, session, story, email="other@example.org", body="Someone else's.")
    sign_in(client, services, smtp, "reader@example.org")
    page = client.get("/account")
    assert "Written before." in page.text and "Someone else" not in page.text
    assert "A story to talk about" in page.text

    named = client.post("/account/name", data={"name": "Ana  Reader"}, headers=ORIGIN)
    assert named.status_code == 303
    assert 'value="Ana Reader"' in client.get(named.headers["location"]).text
    too_long = client.post("/account/name", data={"name": "x" * 150}, headers=ORIGIN)
    assert too_long.status_code == 400 and "x" * 150 in too_long.text

    chosen = client.post("/account/newsletters", data={"newsletter": [str(alerts)]}, headers=ORIGIN)
    assert chosen.status_code == 303
    with services.reads() as session:
        rows = session.execute(
            select(Subscription.newsletter_id, Subscription.status)
            .join(Subscriber, Subscriber.id == Subscription.subscriber_id)
            .where(Subscriber.email == "reader@example.org")
        ).all()
    assert dict(rows) == {alerts: "active"} and morning not in dict(rows)

    # Another browser signed in too; "sign out everywhere" ends both.
    laptop = other_browser(client)
    sign_in(laptop, services, smtp, "reader@example.org")
    assert "reader@example.org" in laptop.get("/account").text
    out = client.post("/account/sign-out-everywhere", headers=ORIGIN)
    assert out.status_code == 303 and MEMBER_COOKIE not in client.cookies
    assert "Email me a sign-in link" in laptop.get("/account").text
    with services.reads() as session:
        assert session.scalar(select(func.count()).select_from(MemberSession)) == 0


def test_closing_the_account_keeps_the_comments(client, services, smtp, clock) -> None:
    with services.writes.begin() as session:
        story = f.article(services, session, section=f.section(session, "News"))
        path = f"/news/{story.slug}"
    sign_in(client, services, smtp, "reader@example.org")
    page = client.get(path)
    stamp = page.text.split('name="stamp" value="')[1].split('"')[0]
    clock.advance(seconds=30)  # a person takes a moment to write
    posted = client.post(
        f"{path}/comments", data={"comment": "Signed in and saying so.", "stamp": stamp},
        headers=ORIGIN,
    )  # fmt: skip
    assert posted.status_code == 303
    assert client.post("/account/leave", headers=ORIGIN).status_code == 303
    assert members(services) == []
    with services.reads() as session:
        comment = session.scalars(select(Comment)).one()
        assert comment.member_id is None and comment.status == CommentStatus.APPROVED, (
            comment.reasons
        )
