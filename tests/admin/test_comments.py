"""Comment moderation in the newsroom: tabs and counts, the spam score and its reasons,
each button, bulk actions, inline edit and reply, back to the same tab and page."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import select

import factories as f
from admin.conftest import sign_in
from thepost.comments import actions
from thepost.comments.models import Comment, CommentStatus


def _queue(services, pending: int = 2, spam: int = 1, approved: int = 1) -> dict[str, list[int]]:
    made: dict[str, list[int]] = {"pending": [], "spam": [], "approved": []}
    with services.writes.begin() as session:
        article = f.article(
            services, session, title="Bridge reopens", section=f.section(session, "Local")
        )
        for status, count in (("pending", pending), ("spam", spam), ("approved", approved)):
            for n in range(count):
                services.clock.advance(minutes=1)
                comment = actions.add_comment(
                    session,
                    services.keys,
                    article_id=article.id,
                    name=f"{status} reader {n}",
                    email=f"{status}{n}@example.org",
                    body=f"The {status} comment number {n}.",
                    now=services.clock(),
                    status=CommentStatus(status),
                    spam_score=0.97 if status == "spam" else 0.12,
                    reasons=["spam filter: 97% likely spam", 'contains blocked word "casino"']
                    if status == "spam"
                    else ["first comment from this address"],
                )
                made[status].append(comment.id)
    return made


def _status(services, comment_id: int) -> str:
    with services.reads() as session:
        return session.get(Comment, comment_id).status


def _names(html: str) -> list[str]:
    return [
        unescape(n) for n in re.findall(r'<p class="held-meta">\s*<strong>([^<]+)</strong>', html)
    ]


def test_tabs_counts_scores_and_reasons(services, client, staff) -> None:
    _queue(services)
    sign_in(client, staff.editor)
    page = client.get("/admin/comments")
    assert page.status_code == 200
    tabs = dict(re.findall(r'>(\w+) <span class="count">(\d+)</span>', page.text))
    assert tabs == {"Pending": "2", "Approved": "1", "Spam": "1", "Trash": "0"}
    assert _names(page.text) == ["pending reader 1", "pending reader 0"]  # newest first
    assert "Spam score <strong>12%</strong>" in page.text
    assert "first comment from this address" in page.text
    spam = client.get("/admin/comments?status=spam")
    assert _names(spam.text) == ["spam reader 0"]
    assert "Spam score <strong>97%</strong>" in spam.text
    assert "contains blocked word &#34;casino&#34;" in spam.text
    assert "Not spam" in spam.text and ">Approve<" not in spam.text
    assert "No trash comments." in client.get("/admin/comments?status=trash").text
    assert client.get("/admin/comments?status=bogus").status_code == 200  # pending, then
    assert client.get("/admin/comments?page=9").status_code == 404


def _post(client, token, url: str, **data: str):
    return client.post(url, data={"csrf_token": token, **data})


def test_each_button_comes_back_to_its_tab(services, client, staff) -> None:
    made = _queue(services)
    token = sign_in(client, staff.editor)
    first, second = made["pending"]
    spam_id = made["spam"][0]
    steps = [
        (first, "approve", "pending", "approved", "1 comment approved."),
        (first, "unapprove", "approved", "pending", "1 comment sent back to pending."),
        (second, "spam", "pending", "spam", "1 comment marked as spam."),
        (spam_id, "notspam", "spam", "pending", "1 comment marked as not spam."),
        (first, "trash", "pending", "trash", "1 comment moved to the trash."),
        (first, "restore", "trash", "pending", "1 comment restored."),
    ]
    for comment_id, action, tab, after, message in steps:
        response = _post(
            client,
            token,
            f"/admin/comments/{comment_id}/moderate",
            action=action,
            back_status=tab,
            back_page="1",
        )
        assert response.status_code == 303, (action, response.text)
        location = response.headers["location"]
        assert location.startswith(f"/admin/comments?status={tab}&done="), location
        assert message in client.get(location).text
        assert _status(services, comment_id) == after, action
    with services.reads() as session:
        trained = session.get(Comment, second).trained_as
    assert trained == "spam"  # the moderator's call taught the filter


def test_bulk_actions(services, client, staff) -> None:
    made = _queue(services, pending=3)
    token = sign_in(client, staff.editor)
    chosen = made["pending"][:2]
    response = client.post(
        "/admin/comments/bulk",
        data={
            "csrf_token": token,
            "action": "approve",
            "ids": [str(i) for i in chosen],
            "back_status": "pending",
        },
    )
    assert response.status_code == 303
    assert "2 comments approved." in client.get(response.headers["location"]).text
    assert [_status(services, i) for i in made["pending"]] == ["approved", "approved", "pending"]
    # Nothing chosen, or junk: back to the list, nothing done.
    for data in (
        {"action": "trash"},
        {"action": "trash", "ids": ["x", "-1"]},
        {"action": "explode", "ids": [str(made["pending"][2])]},
    ):
        assert _post(client, token, "/admin/comments/bulk", **data).status_code == 303
    assert _status(services, made["pending"][2]) == "pending"
    gone = client.post(
        "/admin/comments/bulk",
        data={"csrf_token": token, "action": "trash", "ids": [str(made["pending"][2]), "99999"]},
    )
    assert gone.status_code == 404
    assert _status(services, made["pending"][2]) == "pending"  # all or nothing


def test_back_to_the_same_page(services, client, staff) -> None:
    made = _queue(services, pending=23, spam=0, approved=0)
    token = sign_in(client, staff.editor)
    assert "Page 1 of 2" in client.get("/admin/comments").text
    oldest = made["pending"][0]
    response = _post(
        client,
        token,
        f"/admin/comments/{oldest}/moderate",
        action="approve",
        back_status="pending",
        back_page="2",
    )
    assert response.headers["location"].startswith("/admin/comments?status=pending&page=2&done=")
    odd = _post(
        client,
        token,
        f"/admin/comments/{made['pending'][1]}/moderate",
        action="trash",
        back_status="<script>",
        back_page="//evil.example",
    )
    assert odd.headers["location"].startswith("/admin/comments?status=pending&done=")
    assert (
        _post(client, token, f"/admin/comments/{oldest}/moderate", action="delete").status_code
        == 400
    )
    assert (
        _post(client, token, "/admin/comments/99999/moderate", action="approve").status_code == 404
    )


def test_inline_edit_and_reply(services, client, staff) -> None:
    made = _queue(services, pending=1, spam=0, approved=0)
    token = sign_in(client, staff.editor)
    held = made["pending"][0]
    bad = _post(
        client,
        token,
        f"/admin/comments/{held}/edit",
        body="  ",
        author_name="Kept name",
        author_url="",
        back_status="pending",
    )
    assert bad.status_code == 400
    assert f'id="f-body-{held}-error">Please enter your comment.' in bad.text
    assert 'value="Kept name"' in bad.text and '<details class="inline-edit" open>' in bad.text
    good = _post(
        client,
        token,
        f"/admin/comments/{held}/edit",
        body="Fixed <b>typo</b>",
        author_name="Reader",
        author_url="",
        back_status="pending",
    )
    assert (
        good.status_code == 303 and "1 comment edited." in client.get(good.headers["location"]).text
    )
    reply = _post(
        client,
        token,
        f"/admin/comments/{held}/reply",
        reply="Thanks, noted.",
        back_status="pending",
    )
    assert reply.status_code == 303
    with services.reads() as session:
        parent = session.get(Comment, held)
        answer = session.scalars(select(Comment).where(Comment.parent_id == held)).one()
    assert parent.body == "Fixed <b>typo</b>" and parent.status == "approved"
    assert (answer.status, answer.user_id, answer.author_name) == (
        "approved",
        staff.editor.id,
        "Editor Person",
    )
    empty = _post(client, token, f"/admin/comments/{held}/reply", reply="", back_status="approved")
    assert empty.status_code == 400 and "Please enter your comment." in empty.text


@pytest.mark.parametrize("role", ["contributor", "author"])
def test_writers_cannot_moderate(services, client, staff, role) -> None:
    made = _queue(services, pending=1, spam=0, approved=0)
    token = sign_in(client, staff[role])
    assert client.get("/admin/comments").status_code == 403
    held = made["pending"][0]
    assert (
        _post(client, token, f"/admin/comments/{held}/moderate", action="approve").status_code
        == 403
    )
    assert _status(services, held) == "pending"
    assert "/admin/comments" not in client.get("/admin/").text
