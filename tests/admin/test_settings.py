"""Site settings in the newsroom: name, tagline, logo, social links and the comment
policy; validated with errors beside the fields; admins only; what readers see changes."""

from __future__ import annotations

import re
from html import unescape

from sqlalchemy import select

import factories as f
from admin.conftest import sign_in
from thepost.audit.models import AuditEntry
from thepost.comments import policy as policies
from thepost.content import site


def _form(client, token: str, **changes: str) -> dict[str, str]:
    """The settings form as the page shows it, with ``changes`` typed in."""
    html = client.get("/admin/settings").text
    data = {
        unescape(n): unescape(v)
        for n, v in re.findall(r'<input[^>]* name="([^"]+)"[^>]* value="([^"]*)"', html)
    }
    data.update(
        {n: unescape(v) for n, v in re.findall(r'name="([^"]+)"[^>]*>([^<]*)</textarea>', html)}
    )
    data.update(
        dict(
            re.findall(
                r'name="([^"]+)"[^>]*>\s*(?:<option value="">[^<]*</option>\s*)?<option value="([^"]*)"[^>]* selected',
                html,
            )
        )
    )
    if 'name="hold_first_time" value="1" checked' in html:
        data["hold_first_time"] = "1"
    data.update(changes, csrf_token=token)
    return {k: v for k, v in data.items() if v is not None}


def _error(html: str, name: str) -> str:
    match = re.search(rf'id="f-{name}-error">([^<]*)<', html)
    return unescape(match.group(1)) if match else ""


def test_an_admin_changes_what_readers_see(services, client, staff) -> None:
    with services.writes.begin() as session:
        logo = f.image(services, session, caption="Masthead")
        logo_id = logo.id
    token = sign_in(client, staff.admin)
    page = client.get("/admin/settings")
    assert page.status_code == 200 and 'value="The Post"' in page.text
    data = _form(
        client,
        token,
        name="The Riverton Post",
        tagline="News from the valley",
        logo_id=str(logo_id),
        social_name_0="Mastodon",
        social_url_0="https://social.example/@post",
        social_name_1="",
        social_url_1="",
        max_links="3",
        moderation_words="refund\n  Refund \nlottery",
        hold_first_time="",
        language="fr",
        feed_full_text="",
    )
    response = client.post("/admin/settings", data=data)
    assert response.status_code == 303, _error(response.text, "social") or response.text[:2000]
    # The newsroom speaks the site's new language to whoever has not chosen their own.
    assert "Réglages enregistrés" in client.get(response.headers["location"]).text
    with services.reads() as session:
        stored = site.load(session)
        policy = policies.load(session)
        audit = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "settings.change")
        ).all()
    assert (stored.name, stored.tagline, stored.logo_id) == (
        "The Riverton Post",
        "News from the valley",
        logo_id,
    )
    assert (stored.language, stored.feed_full_text) == ("fr", False)
    assert stored.social[:2] == (
        ("Mastodon", "https://social.example/@post"),
        ("Instagram", "https://www.instagram.com/"),
    )
    assert (policy.max_links, policy.hold_first_time) == (3, False)
    assert policy.moderation_words == ("refund", "Refund", "lottery")
    assert [sorted(a.detail["keys"]) for a in audit] == [
        [
            "api_key_required",
            "description",
            "feed_full_text",
            "language",
            "languages",
            "logo_id",
            "name",
            "numerals",
            "postal_address",
            "social",
            "tagline",
            "time_zone",
        ],
        ["comment_policy"],
    ]
    home = client.get("/").text
    assert '<html lang="fr" dir="ltr">' in home
    assert "The Riverton Post" in home and "News from the valley" in home
    assert 'href="https://social.example/@post"' in home and ">Mastodon<" in home
    assert 'class="brand-logo"' in home and logo.sha256 in home


def test_bad_settings_come_back_beside_their_fields(services, client, staff) -> None:
    token = sign_in(client, staff.admin)
    data = _form(
        client,
        token,
        name="  ",
        social_name_2="Bad",
        social_url_2="javascript:alert(1)",
        max_links="lots",
        hold_threshold="0.99",
        spam_threshold="0.9",
        close_after_days="-1",
        logo_id="12345",
        language="French!",
    )
    response = client.post("/admin/settings", data=data)
    assert response.status_code == 400
    assert _error(response.text, "max_links") == "Enter a whole number."
    assert _error(response.text, "close_after_days") == "Between 0 and 36500."
    assert _error(response.text, "name") == "The site needs a name."
    assert _error(response.text, "language") == "A language tag such as en, fr or pt-BR."
    assert (
        _error(response.text, "social")
        == "Link 3: the address must start with https:// or http://."
    )
    assert 'value="javascript:alert(1)"' in response.text and 'value="lots"' in response.text
    fixed = {**data, "max_links": "2", "close_after_days": "0", "name": "Post", "social_url_2": ""}
    fixed["social_name_2"], fixed["language"] = "", "en"
    again = client.post("/admin/settings", data=fixed)
    assert again.status_code == 400
    assert (
        _error(again.text, "hold_threshold")
        == "Hold at a lower score than the one that marks spam."
    )
    fixed["hold_threshold"] = "0.5"
    last = client.post("/admin/settings", data=fixed)
    assert (
        last.status_code == 400 and _error(last.text, "logo_id") == "No such image in the library."
    )
    with services.reads() as session:
        assert site.load(session).name == "The Post"  # nothing was stored
        assert policies.load(session) == policies.ModerationPolicy()


def test_only_admins_change_settings(services, client, staff) -> None:
    token = sign_in(client, staff.editor)
    assert client.get("/admin/settings").status_code == 403
    response = client.post("/admin/settings", data={"csrf_token": token, "name": "Hijacked"})
    assert response.status_code == 403
    with services.reads() as session:
        assert site.load(session).name == "The Post"


def test_nul_characters_never_reach_the_database(services, client, staff) -> None:
    """PostgreSQL refuses NUL in text: every admin form drops it, this one included."""
    token = sign_in(client, staff.admin)
    response = client.post("/admin/settings", data=_form(client, token, name="The\x00 Post"))
    assert response.status_code == 303
    with services.reads() as session:
        assert site.load(session).name == "The Post"
