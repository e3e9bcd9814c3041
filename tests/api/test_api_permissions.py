"""Every role against every Admin API route, with a token holding every scope the role
can grant: the API allows exactly what the newsroom's roles allow, on another person's
story (the rules for one's own are the actions', tested in tests/admin/test_permissions)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import factories as f
from api.conftest import bearer
from thepost.accounts import tokens
from thepost.comments.models import CommentStatus

Y, N = True, False
ROLES = ["contributor", "author", "editor", "admin"]
A = "/api/v1/admin"

# The request per route: (method, path, JSON body), from the objects made for it.
Request = Callable[[dict[str, int]], tuple[str, str, Any]]
#                                                                          contrib author editor admin
EXPECTED: dict[str, tuple[Request, tuple[bool, bool, bool, bool]]] = {
    "create an article": (lambda o: ("POST", f"{A}/articles", {"title": "New"}), (Y, Y, Y, Y)),
    "update someone else's draft": (
        lambda o: ("PATCH", f"{A}/articles/{o['draft']}", {"title": "Changed"}), (N, N, Y, Y)),
    "submit someone else's draft": (
        lambda o: ("POST", f"{A}/articles/{o['draft']}/submit", None), (N, N, Y, Y)),
    "publish someone else's draft": (
        lambda o: ("POST", f"{A}/articles/{o['draft']}/publish", None), (N, N, Y, Y)),
    "unpublish someone else's story": (
        lambda o: ("POST", f"{A}/articles/{o['live']}/unpublish", None), (N, N, Y, Y)),
    "trash someone else's story": (
        lambda o: ("POST", f"{A}/articles/{o['live']}/trash", None), (N, N, Y, Y)),
    "delete someone else's story": (
        lambda o: ("DELETE", f"{A}/articles/{o['live']}", None), (N, N, Y, Y)),
    "read someone else's revisions": (
        lambda o: ("GET", f"{A}/articles/{o['draft']}/revisions", None), (N, N, Y, Y)),
    "list every page": (lambda o: ("GET", f"{A}/pages", None), (N, N, Y, Y)),
    "create a page": (lambda o: ("POST", f"{A}/pages", {"title": "About"}), (N, N, Y, Y)),
    "upload a picture": (lambda o: ("UPLOAD", f"{A}/pictures", None), (N, Y, Y, Y)),
    "create a section": (
        lambda o: ("POST", f"{A}/sections", {"name": f"Climate {o['n']}"}), (N, N, Y, Y)),
    "create a tag": (lambda o: ("POST", f"{A}/tags", {"name": f"Floods {o['n']}"}), (N, N, Y, Y)),
    "delete a tag": (lambda o: ("DELETE", f"{A}/tags/{o['tag']}", None), (N, N, Y, Y)),
    "save a menu": (
        lambda o: ("PUT", f"{A}/menus/footer", {"items": [{"kind": "latest"}]}), (N, N, Y, Y)),
    "create an author profile": (
        lambda o: ("POST", f"{A}/authors", {"name": f"Guest {o['n']}"}), (N, N, Y, Y)),
    "edit an author profile": (
        lambda o: ("PATCH", f"{A}/authors/{o['author']}", {"bio": "Rivers."}), (N, N, Y, Y)),
    "list held comments": (lambda o: ("GET", f"{A}/comments", None), (N, N, Y, Y)),
    "approve a comment": (
        lambda o: ("POST", f"{A}/comments/{o['comment']}/approve", None), (N, N, Y, Y)),
}  # fmt: skip


def _objects(services) -> dict[str, int]:
    with services.writes.begin() as session:
        draft = f.article(services, session, title="Someone's draft", publish=False)
        live = f.article(services, session, title="Someone's story", tags=[f"Weather {draft.id}"])
        comment = f.comment(services, session, live, status=CommentStatus.PENDING)
        session.refresh(live, ["tags"])
        return {
            "draft": draft.id, "live": live.id, "comment": comment.id, "tag": live.tags[0].id,
            "n": draft.id, "author": f.author(session).id,
        }  # fmt: skip


@pytest.mark.parametrize("what", list(EXPECTED))
def test_each_role_may_do_through_the_api_what_it_may_in_the_newsroom(
    client, services, staff, what
):
    build, expected = EXPECTED[what]
    for role, allowed in zip(ROLES, expected, strict=True):
        user = staff[role]
        scopes = [scope.name for scope in tokens.offered(user)]
        with services.writes.begin() as session:
            _, secret = tokens.create(
                session, actor=user, name=f"{role} all", scopes=scopes, now=services.clock()
            )
        method, path, body = build(_objects(services))
        headers = bearer(secret)
        if method == "UPLOAD":
            files = {"file": ("p.jpg", f.jpeg(), "image/jpeg")}
            response = client.post(path, files=files, headers=headers)
        else:
            if method == "PATCH" and "/articles/" in path:
                read = client.get(path.replace("/admin", ""), headers=headers)
                headers["If-Match"] = read.headers.get("etag", '"none"')
            response = client.request(method, path, json=body, headers=headers)
        if allowed:
            assert response.status_code < 400, (what, role, response.text)
        else:
            assert response.status_code in (403, 404), (what, role, response.status_code)
