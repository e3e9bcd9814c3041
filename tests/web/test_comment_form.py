"""The 'Leave a Reply' form over HTTP: post/redirect/get, errors beside the field with
the text kept, same-origin protection, readable 409 and 429 pages."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

import factories as f
from thepost.comments import actions, policy
from thepost.comments.models import Comment
from thepost.permissions import SYSTEM

PATH = "/news/the-bridge-reopens"
ORIGIN = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}


@pytest.fixture
def story(services, clock):
    with services.writes.begin() as session:
        return f.article(
            services, session, title="The bridge reopens", section=f.section(session, "News")
        )


def form(client, **values) -> dict[str, str]:
    html = client.get(PATH).text
    stamp = re.search(r'name="stamp" value="([^"]+)"', html).group(1)
    data = {
        "author": "Ann",
        "email": "ann@example.org",
        "url": "",
        "comment": "Good to see it open.",
        "stamp": stamp,
        "website_hp": "",
        "parent_id": "",
    }
    data.update(values)
    return data


def post(client, data, headers=ORIGIN):
    return client.post(PATH + "/comments", data=data, headers=headers)


def test_post_redirect_get_and_the_poster_alone_sees_it_pending(
    client, services, clock, story
) -> None:
    data = form(client)
    clock.advance(seconds=20)  # a person takes a while to type
    posted = post(client, data)
    assert posted.status_code == 303
    location = posted.headers["location"]
    assert re.fullmatch(r"/comments/received\?c=[\w.-]+#comment-\d+", location)
    assert "httponly" in posted.headers["set-cookie"].lower()

    # Without JavaScript: a private page says it arrived, shows it, and leads back.
    received = client.get(location.split("#")[0])
    assert received.status_code == 200
    assert received.headers["cache-control"] == "no-store, private"
    assert "awaiting moderation" in received.text and "Good to see it open." in received.text
    assert f'href="{PATH}#comment-' in received.text
    assert TestClient(client.app).get(location.split("#")[0] + "x").status_code == 404

    mine = client.get(f"/comments/mine?article={story.id}")
    assert mine.headers["cache-control"] == "no-store, private"
    [item] = mine.json()["comments"]
    assert "Your comment is awaiting moderation" in item["html"]
    assert "Good to see it open." in item["html"]
    assert "ann@example.org" not in item["html"]

    page = client.get(PATH).text
    assert "Good to see it open." not in page  # the shared page shows nothing pending
    stranger = TestClient(client.app)
    assert stranger.get(f"/comments/mine?article={story.id}").json() == {"comments": []}

    with services.writes.begin() as session:
        actions.approve(session, services.bus, item["id"], actor=SYSTEM)
    assert "Good to see it open." in client.get(PATH).text  # approving shows it at once
    assert client.get(f"/comments/mine?article={story.id}").json() == {"comments": []}
    published = client.get(location.split("#")[0])  # the confirmation now leads to it
    assert published.status_code == 303 and published.headers["location"].startswith(PATH)


def test_errors_come_back_beside_the_field_with_the_text_kept(client, story) -> None:
    long_body = "My long comment with <tags> & ünïcödé 😀 " * 3
    page = post(
        client, form(client, email="not-an-email", url="javascript:alert(1)", comment=long_body)
    )
    assert page.status_code == 400
    assert page.headers["cache-control"] == "no-store"
    html = page.text
    assert 'id="email-error"' in html and "valid email address" in html
    assert 'id="url-error"' in html
    assert html.find('id="email-error"') < html.find('id="email"')  # next to its field
    assert 'aria-invalid="true" aria-describedby="email-error"' in html
    assert "My long comment with &lt;tags&gt; &amp; ünïcödé 😀" in html  # kept, escaped
    assert 'value="not-an-email"' in html and 'value="javascript:alert(1)"' in html
    assert "<tags>" not in html


def test_over_long_fields_are_a_clear_error_not_a_cut(client, story) -> None:
    page = post(client, form(client, author="😀" * 246))
    assert page.status_code == 400 and "at most 245 characters (246 given)" in page.text
    assert post(client, form(client, author="😀" * 245)).status_code == 303


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Origin": "http://testserver", "Sec-Fetch-Site": "cross-site"},
    ],
)
def test_cross_site_posts_change_nothing(client, services, story, headers) -> None:
    page = post(client, form(client), headers=headers)
    assert page.status_code == 403
    assert "Comments can only be posted from this site" in page.text
    assert client.get(f"/comments/mine?article={story.id}").json() == {"comments": []}


def test_duplicate_and_flood_answer_readable_pages(client, clock, story) -> None:
    data = form(client)
    assert post(client, data).status_code == 303
    again = post(client, data)
    assert again.status_code == 409 and "already posted" in again.text
    flood = post(client, form(client, comment="Another thought", email="other@example.org"))
    assert flood.status_code == 429 and "too quickly" in flood.text
    assert flood.headers["retry-after"] == "15"


def test_honeypot_and_time_trap(client, services, story) -> None:
    with services.writes.begin() as session:
        policy.save(session, policy.ModerationPolicy(flood_seconds=0, hold_first_time=False))
    robot = post(client, form(client, website_hp="http://spam.example"))
    assert robot.status_code == 303  # robots get no hint
    fast = post(client, form(client, comment="Typed in no time", email="b@example.org"))
    no_stamp = post(client, form(client, comment="No stamp", email="c@example.org", stamp="forged"))
    assert fast.status_code == no_stamp.status_code == 303
    with services.writes() as session:
        statuses = {c.body: (c.status, c.reasons) for c in session.scalars(select(Comment))}
    assert statuses["Good to see it open."][0] == "spam"
    assert statuses["Typed in no time"][0] == "pending"
    assert any("timestamp" in r for r in statuses["No stamp"][1])


def test_remember_me_is_the_only_cookie_that_keeps_details(client, services, story) -> None:
    with services.writes.begin() as session:
        policy.save(session, policy.ModerationPolicy(flood_seconds=0))
    plain = post(client, form(client))
    assert 'thepost_commenter=""' in plain.headers["set-cookie"]  # cleared
    remembered = post(client, form(client, comment="Second", email="z@example.org", remember="1"))
    assert remembered.status_code == 303
    cookie = [
        c for c in remembered.headers.get_list("set-cookie") if c.startswith("thepost_commenter=")
    ]
    assert cookie and "z%40example.org" in cookie[0]


@pytest.mark.parametrize(
    ("body", "headers", "status"),
    [
        (b"x" * 400_000, {"Content-Type": "application/x-www-form-urlencoded"}, 413),
        (b"--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\n\r\nx\r\n--b--\r\n",
         {"Content-Type": "multipart/form-data; boundary=b"}, 400),
        (b"%ff%fe=%00&comment=%ff", {"Content-Type": "application/x-www-form-urlencoded"}, 400),
        (b"author=A&email=a%40example.org&comment=Hi&parent_id=99999999999999999999",
         {"Content-Type": "application/x-www-form-urlencoded"}, 303),
        (b"author=A&email=a%40example.org&comment=Hi&parent_id=12345",
         {"Content-Type": "application/x-www-form-urlencoded"}, 400),
    ],
)  # fmt: skip
def test_malformed_bodies_are_4xx(client, story, body, headers, status) -> None:
    page = client.post(PATH + "/comments", content=body, headers={**ORIGIN, **headers})
    assert page.status_code == status, page.text[:200]


def test_unknown_articles_and_methods(client, story) -> None:
    assert client.post("/news/nope/comments", data={}, headers=ORIGIN).status_code == 404
    assert client.get(PATH + "/comments").status_code == 405
    assert client.get("/comments/mine?article=abc").status_code == 400


def test_a_forged_unsubscribe_link_is_refused(client) -> None:
    assert client.get("/comments/unsubscribe?token=forged").status_code == 400
    assert client.post("/comments/unsubscribe?token=forged").status_code == 400


def test_the_article_page_carries_nothing_personal(client, services, clock, story) -> None:
    """The page is cached and shared: after posting, its HTML is byte-identical to what a
    stranger gets."""
    post(client, form(client, remember="1"))
    stranger = TestClient(client.app)
    assert client.get(PATH).text == stranger.get(PATH).text


def test_a_long_hostile_comment_is_scored_before_any_transaction(
    client, services, story, monkeypatch
) -> None:
    """The spam tokens of a comment (the work that grows with its text) are made while no
    transaction is open, so a long comment never holds the site's write lock."""
    from sqlalchemy import event

    from thepost.comments import spam

    open_transactions: list[object] = []
    at_scoring: list[int] = []
    tokens = spam.tokens

    def counting(name, email, url, body):
        if body.startswith("$1 "):
            at_scoring.append(len(open_transactions))
        return tokens(name, email, url, body)

    event.listen(services.engine, "begin", lambda conn: open_transactions.append(conn))
    for name in ("commit", "rollback"):
        event.listen(services.engine, name, lambda conn: open_transactions.pop())
    monkeypatch.setattr(spam, "tokens", counting)
    body = "$1" + " " * (actions.LIMITS["body"] - 3) + "x"
    answer = post(client, form(client, comment=body, email="long@example.org"))
    assert answer.status_code == 303
    assert at_scoring == [0]
    with services.writes() as session:
        stored = session.scalar(select(Comment).where(Comment.author_email == "long@example.org"))
        assert stored is not None and stored.body.startswith("$1")


@pytest.mark.parametrize("field", ["author", "email", "url", "comment", "parent_id", "stamp"])
def test_a_nul_in_any_field_never_breaks_the_form(client, services, story, field) -> None:
    values = {"url": "https://example.org/a", "parent_id": ""}
    data = form(client, **values)
    data[field] = (data[field] or "1") + "\x00tail"
    answer = post(client, data)
    assert answer.status_code in (303, 400), answer.text[:300]
    with services.writes() as session:
        for comment in session.scalars(select(Comment)):
            stored = (comment.author_name, comment.author_email, comment.author_url, comment.body)
            assert not any("\x00" in value for value in stored)


def test_only_the_browser_that_wrote_an_approved_comment_is_returning(
    client, services, clock, story
) -> None:
    with services.writes.begin() as session:
        policy.save(session, policy.ModerationPolicy(flood_seconds=0))
    data = form(client)
    clock.advance(seconds=20)
    first = post(client, data)
    assert "/comments/received" in first.headers["location"]  # first time: held
    wrote = [c for c in first.headers.get_list("set-cookie") if c.startswith("thepost_wrote=")]
    assert wrote and "httponly" in wrote[0].lower() and "example.org" not in wrote[0]
    with services.writes.begin() as session:
        [held] = session.scalars(select(Comment)).all()
        actions.approve(session, services.bus, held.id, actor=SYSTEM)

    # Someone who knows Ann's address, not her browser:
    stranger = TestClient(client.app, follow_redirects=False)
    data = form(stranger, comment="Pretending to be Ann.")
    clock.advance(seconds=20)
    typed = post(stranger, data)
    assert "/comments/received" in typed.headers["location"]
    data = form(client, comment="Ann again, from her own browser.")
    clock.advance(seconds=20)
    again = post(client, data)
    assert re.fullmatch(rf"{PATH}#comment-\d+", again.headers["location"])  # published
    with services.writes() as session:
        pretender = session.scalars(select(Comment).where(Comment.body.startswith("Pret"))).one()
    assert pretender.status == "pending"
    assert "first comment from this address" in pretender.reasons
