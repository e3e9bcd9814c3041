"""One same-origin rule for every form that changes something: the newsroom's (behind the
admin guard) and the public comment form answer the same hints the same way."""

from __future__ import annotations

import pytest

from admin.conftest import csrf_token

# (headers a browser may send, whether the rule lets the request through)
HINTS = [
    ({}, True),  # no hint at all: the form's own token decides
    ({"Origin": "http://testserver"}, True),
    ({"Origin": "http://127.0.0.1:8000"}, True),  # the site's base_url
    ({"Origin": "HTTP://TESTSERVER"}, True),
    ({"Origin": "https://evil.example"}, False),
    ({"Origin": "null"}, False),
    ({"Origin": "https://testserver"}, False),  # another scheme is another origin
    ({"Referer": "http://testserver/news/a-story"}, True),
    ({"Referer": "https://evil.example/testserver"}, False),
    ({"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"}, True),
    ({"Sec-Fetch-Site": "none"}, True),
    ({"Sec-Fetch-Site": "cross-site", "Origin": "http://testserver"}, False),
    ({"Sec-Fetch-Site": "same-site"}, False),
]


@pytest.mark.parametrize(("headers", "passes"), HINTS, ids=lambda v: str(v))
def test_the_newsroom_and_the_comment_form_share_one_rule(client, headers, passes) -> None:
    token = csrf_token(client)
    login = client.post(
        "/admin/login",
        data={"email": "nobody@example.org", "password": "wrong password", "csrf_token": token},
        headers=headers,
    )
    comment = client.post("/news/no-such-story/comments", data={"comment": "Hi"}, headers=headers)
    refused = "can only be"
    assert (login.status_code != 403, refused not in login.text) == (passes, passes)
    assert (comment.status_code != 403, refused not in comment.text) == (passes, passes)
