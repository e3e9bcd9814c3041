"""The newsroom's language: each account's own choice (its account page), else the site's,
with dates written the way that language writes them; several at once, in one process."""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor
from html import unescape

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

import factories as f
from admin.conftest import make_user, sign_in
from thepost.accounts import actions
from thepost.accounts.models import User
from thepost.app import create_app
from thepost.audit.models import AuditEntry
from thepost.content import actions as content
from thepost.permissions import SYSTEM
from thepost.web import urls


def _speaks(services, user: User, language: str) -> None:
    with services.writes.begin() as session:
        found = session.get(User, user.id)
        actions.set_language(session, found, language, now=services.clock())


def _site_speaks(services, language: str) -> None:
    with services.writes.begin() as session:
        content.update_site_settings(session, services.bus, actor=SYSTEM, language=language)


def _html_lang(html: str) -> tuple[str, str]:
    found = re.search(r'<html lang="([^"]+)" dir="([^"]+)">', html)
    assert found, html[:200]
    return found.group(1), found.group(2)


def _story(services) -> int:
    with services.writes.begin() as session:
        news = f.section(session, "News")
        return f.article(services, session, title="Bridge reopens", section=news).id


@pytest.fixture
def other_client(settings, services):
    """A second browser on the same site, signed in as someone else."""
    with TestClient(create_app(settings, services=services), follow_redirects=False) as other:
        yield other


def test_each_account_reads_the_newsroom_in_its_own_language(
    services, client, other_client, staff
) -> None:
    article_id = _story(services)
    _speaks(services, staff.editor, "de")
    sign_in(client, staff.editor)
    sign_in(other_client, staff.admin)
    pages = {
        "dashboard": (urls.admin_home(), "Übersicht", "Dashboard"),
        "articles": (urls.admin_articles(), "Neuer Artikel", "New article"),
        "editor": (urls.admin_article(article_id), "Jetzt veröffentlichen", "Publish now"),
    }

    def read(browser: TestClient, path: str) -> str:
        answer = browser.get(path)
        assert answer.status_code == 200
        return answer.text

    # Both at once, over and over, on the same threads: no render borrows another's words.
    with ThreadPoolExecutor(max_workers=4) as pool:
        german = {
            name: pool.submit(lambda p=path: [read(client, p) for _ in range(3)])
            for name, (path, _, _) in pages.items()
        }
        english = {
            name: pool.submit(lambda p=path: [read(other_client, p) for _ in range(3)])
            for name, (path, _, _) in pages.items()
        }
        for name, (_, deutsch, plain) in pages.items():
            for html in german[name].result():
                assert _html_lang(html) == ("de", "ltr")
                assert deutsch in html and plain not in html, name
            for html in english[name].result():
                assert _html_lang(html) == ("en", "ltr")
                assert plain in html and deutsch not in html, name
    # Dates as German writes them ("20. November 2026"), English on the other account.
    listed = read(client, urls.admin_articles())
    assert re.search(r"<time datetime=\"[^\"]+\">\d{1,2}\. \w+ \d{4}", listed)
    assert not re.search(
        r"<time datetime=\"[^\"]+\">\d{1,2}\. ", read(other_client, urls.admin_articles())
    )
    # The editor's scripts get their words in German too.
    words = re.search(r'<script type="application/json" id="thepost-words">(.*?)</script>',
                      read(client, urls.admin_article(article_id)))  # fmt: skip
    assert words and json.loads(words.group(1))["bold"] == "Fett"


def test_a_domain_error_comes_back_in_the_accounts_language(services, client, staff) -> None:
    _speaks(services, staff.editor, "es")
    token = sign_in(client, staff.editor)
    refused = client.post(
        urls.admin_article_new(), data={"csrf_token": token, "title": "", "body": "Texto."}
    )
    assert refused.status_code == 400
    error = re.search(r'id="f-title-error">([^<]*)<', refused.text)
    assert error and unescape(error.group(1)) == "El titular es obligatorio."


def test_without_a_choice_the_newsroom_speaks_the_sites_language(services, client, staff) -> None:
    _site_speaks(services, "fr")
    sign_in(client, staff.editor)
    page = client.get(urls.admin_home()).text
    assert _html_lang(page) == ("fr", "ltr") and "Tableau de bord" in page
    _speaks(services, staff.editor, "en")  # an English speaker on a French site
    page = client.get(urls.admin_home()).text
    assert _html_lang(page) == ("en", "ltr") and "Dashboard" in page


def test_the_login_page_speaks_the_sites_language(services, client) -> None:
    _site_speaks(services, "es")
    page = client.get(urls.admin_login()).text
    assert _html_lang(page) == ("es", "ltr") and "Iniciar sesión" in page


def test_an_arabic_newsroom_is_written_right_to_left(services, client, staff) -> None:
    _speaks(services, staff.editor, "ar")
    sign_in(client, staff.editor)
    page = client.get(urls.admin_articles()).text
    assert _html_lang(page) == ("ar", "rtl") and "مقال جديد" in page


def test_choosing_a_language_on_ones_account_page(services, client, staff) -> None:
    token = sign_in(client, staff.author)
    page = client.get(urls.admin_password()).text
    assert 'name="language"' in page
    assert '<option value="" selected>The site&#39;s language (English)</option>' in page
    assert '<option value="de">Deutsch</option>' in page and "العربية" in page

    chosen = client.post(urls.admin_language(), data={"csrf_token": token, "language": "de"})
    assert chosen.status_code == 303
    assert chosen.headers["location"] == urls.admin_password() + "?done=language"
    page = client.get(chosen.headers["location"]).text
    assert "Die Redaktion spricht jetzt deine Sprache." in page
    assert '<option value="de" selected>Deutsch</option>' in page
    with services.reads() as session:
        assert session.get(User, staff.author.id).language == "de"
        audited = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "user.language")
        ).all()
    assert [(a.user_id, a.detail) for a in audited] == [(staff.author.id, {"from": "", "to": "de"})]

    # Back to the site's language: "" again.
    client.post(urls.admin_language(), data={"csrf_token": token, "language": ""})
    assert _html_lang(client.get(urls.admin_home()).text) == ("en", "ltr")


@pytest.mark.parametrize("wrong", ["xx", "pt-BR", "de-DE", "<script>"])
def test_a_language_not_offered_comes_back_beside_the_field(services, client, staff, wrong) -> None:
    token = sign_in(client, staff.author)
    refused = client.post(urls.admin_language(), data={"csrf_token": token, "language": wrong})
    assert refused.status_code == 400
    error = re.search(r'id="f-language-error">([^<]*)<', refused.text)
    assert error and unescape(error.group(1)) == "Choose one of the languages in the list."
    assert 'aria-invalid="true"' in refused.text
    with services.reads() as session:
        assert session.get(User, staff.author.id).language == ""


def test_the_action_is_shared_by_every_way_in(services) -> None:
    """The account action itself: what the admin, the API or a script call."""
    user = make_user(services, "editor", "api@thepost.test")
    _speaks(services, user, "fr")
    with services.reads() as session:
        assert session.get(User, user.id).language == "fr"
    with services.writes.begin() as session, pytest.raises(Exception) as refused:
        actions.set_language(session, session.get(User, user.id), "klingon", now=services.clock())
    assert refused.value.errors == {"language": "Choose one of the languages in the list."}
