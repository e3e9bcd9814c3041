"""API tokens in the newsroom: made (shown once), listed with their last use, revoked."""

from __future__ import annotations

import re

from admin.conftest import sign_in
from thepost.web import urls

ORIGIN = {"Origin": "http://testserver"}
SECRET = re.compile(r'id="new-token"[^>]*value="([^"]+)"')


def test_a_token_is_made_shown_once_used_and_revoked(client, services, staff):
    csrf = sign_in(client, staff.editor)
    made = client.post(
        urls.admin_tokens(),
        data={"name": "Mobile app", "scopes": ["articles:write", "content:read"],
              "expires": "30", "csrf_token": csrf},
        headers=ORIGIN,
    )  # fmt: skip
    assert made.status_code == 200
    secret = SECRET.search(made.text).group(1)
    assert secret.startswith("tp_")
    listed = client.get(urls.admin_tokens()).text
    assert "Mobile app" in listed and secret not in listed and secret[:7] in listed
    assert "never" in listed  # not used yet
    api = client.get("/api/v1/articles?status=draft", headers={"Authorization": f"Bearer {secret}"})
    assert api.status_code == 200
    assert "never" not in client.get(urls.admin_tokens()).text.split("Mobile app")[1][:400]
    token_id = int(re.search(r"/admin/tokens/(\d+)/revoke", listed).group(1))
    revoked = client.post(
        urls.admin_token_revoke(token_id), data={"csrf_token": csrf}, headers=ORIGIN
    )
    assert revoked.status_code == 303
    assert (
        client.get("/api/v1/articles", headers={"Authorization": f"Bearer {secret}"}).status_code
        == 401
    )


def test_a_wrong_form_comes_back_with_the_errors_beside_the_fields(client, staff):
    csrf = sign_in(client, staff.author)
    page = client.get(urls.admin_tokens()).text
    assert "comments:moderate" not in page  # an author cannot grant what they cannot do
    response = client.post(
        urls.admin_tokens(),
        data={"name": "Kept name", "scopes": ["comments:moderate"], "csrf_token": csrf},
        headers=ORIGIN,
    )
    assert response.status_code == 400
    assert 'value="Kept name"' in response.text
    assert 'id="f-scopes-error"' in response.text and "cannot grant" in response.text
    assert "Content key" not in response.text  # admins make content keys


def test_others_tokens_are_theirs_admins_see_all(client, services, staff):
    from api.conftest import make_token

    make_token(services, staff.editor, "articles:write")
    sign_in(client, staff.author)
    assert "editor admin" not in client.get(urls.admin_tokens()).text
    client.cookies.clear()
    sign_in(client, staff.admin)
    page = client.get(urls.admin_tokens()).text
    assert "Editor Person" in page and "Content key" in page
