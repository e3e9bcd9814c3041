"""Pages in the newsroom through HTTP: the list, the editor (errors beside their fields,
what was typed kept), publishing, scheduling, the other buttons and the revisions."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

import factories as f
from admin.conftest import sign_in
from thepost.audit.models import AuditEntry
from thepost.content.models import Page, PageRevision, Status
from thepost.web import urls

ORIGIN = {"Origin": "http://testserver"}


def _post(client, url: str, token: str, data: dict[str, object] | None = None):
    return client.post(url, data={**(data or {}), "csrf_token": token}, headers=ORIGIN)


def _form(**values: object) -> dict[str, object]:
    return {
        "title": "About us",
        "standfirst": "Who we are.",
        "body": "We *report* the news.",
        "body_format": "markdown",
        "slug": "",
        "parent_id": "",
        "position": "0",
        **values,
    }


def _create(client, token: str, **values: object) -> int:
    response = _post(client, urls.admin_page_new(), token, _form(**values))
    assert response.status_code == 303, response.text
    match = re.search(r"/admin/pages/(\d+)\?done=", response.headers["location"])
    assert match, response.headers["location"]
    return int(match.group(1))


def _errors(html: str) -> list[str]:
    return re.findall(r'class="field-error"[^>]*>([^<]*)<', html)


def test_only_page_editors_see_and_reach_pages(client, staff) -> None:
    sign_in(client, staff.author)
    nav = client.get("/admin/").text
    assert ">Pages<" not in nav and ">Menus<" not in nav
    for path in (urls.admin_pages(), urls.admin_page_new(), urls.admin_menus()):
        assert client.get(path).status_code == 403, path
    client.cookies.clear()
    sign_in(client, staff.editor)
    nav = client.get("/admin/").text
    assert (
        f'href="{urls.admin_pages()}">Pages<' in nav
        and f'href="{urls.admin_menus()}">Menus<' in nav
    )


def test_write_publish_and_list_pages(services, client, staff) -> None:
    token = sign_in(client, staff.editor)
    assert "No pages yet." in client.get(urls.admin_pages()).text
    editor = client.get(urls.admin_page_new()).text
    assert 'id="editor"' in editor and 'data-preview-url="/admin/pages/preview"' in editor
    assert "Insert a picture from the library" in editor  # the article editor's parts
    about = _create(client, token, slug="about", intent="publish")
    team = _create(client, token, title="Our team", parent_id=str(about), intent="save")
    listed = client.get(urls.admin_pages()).text
    assert listed.index(">About us<") < listed.index(">Our team<")
    assert "/about/our-team" in listed and "status-draft" in listed and "status-published" in listed
    page = client.get(urls.admin_page(about)).text
    assert "Edit page" in page and 'value="about"' in page and "view on the site" in page
    assert client.get("/about").status_code == 200
    assert client.get("/about/our-team").status_code == 404  # a draft
    with services.reads() as session:
        audited = session.scalars(select(AuditEntry.action).where(AuditEntry.object_type == "page"))
        assert list(audited) == ["page.publish"]
    assert client.get(urls.admin_page(team)).status_code == 200
    assert client.get(urls.admin_page(9999)).status_code == 404


def test_a_refused_form_comes_back_with_errors_and_what_was_typed(services, client, staff) -> None:
    token = sign_in(client, staff.editor)
    with services.writes.begin() as session:
        f.section(session, "Politics")
    typed = _form(title="Politics desk", slug="politics", body="Kept <b>words</b> here.")
    response = _post(client, urls.admin_page_new(), token, typed)
    assert response.status_code == 400
    assert _errors(response.text) == ["A section has the address /politics."]
    assert "Kept &lt;b&gt;words&lt;/b&gt; here." in response.text
    assert 'value="Politics desk"' in response.text
    junk = _form(title="", position="many", parent_id="x", publish_at="soon", intent="schedule")
    response = _post(client, urls.admin_page_new(), token, junk)
    assert response.status_code == 400
    assert set(_errors(response.text)) == {
        "A title is required.",
        "The order is a whole number.",
        "Choose a page from the list.",
        "Give a date and time, like 2026-11-20T14:30.",
    }
    with services.reads() as session:
        assert session.scalar(select(Page.id)) is None


def test_schedule_private_trash_restore_delete(services, client, staff, clock) -> None:
    token = sign_in(client, staff.editor)
    when = (clock.now + timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M")
    page_id = _create(client, token, slug="launch", intent="schedule", publish_at=when)
    assert "goes out" in client.get(urls.admin_page(page_id)).text
    assert client.get("/launch").status_code == 404
    clock.advance(minutes=31)
    assert client.get("/launch").status_code == 200
    for button, status in [
        ("unpublish", Status.UNPUBLISHED),
        ("private", Status.PRIVATE),
        ("trash", Status.TRASHED),
        ("restore", Status.DRAFT),
    ]:
        response = _post(client, urls.admin_page_action(page_id, button), token)
        assert response.status_code == 303, button
        with services.reads() as session:
            assert session.get(Page, page_id).status == status, button
    _post(client, urls.admin_page_action(page_id, "trash"), token)
    refused = _post(client, urls.admin_page(page_id), token, _form(title="Edited in the trash"))
    assert refused.status_code == 400 and "restore it first" in refused.text
    gone = _post(client, urls.admin_page_action(page_id, "delete"), token)
    assert gone.status_code == 303 and gone.headers["location"].startswith(urls.admin_pages())
    with services.reads() as session:
        assert session.get(Page, page_id) is None


def test_revisions_compare_and_restore(services, client, staff) -> None:
    token = sign_in(client, staff.editor)
    page_id = _create(client, token, slug="about", body="First words.")
    response = _post(
        client, urls.admin_page(page_id), token, _form(slug="about", body="Second words.")
    )
    assert response.status_code == 303
    history = client.get(urls.admin_page_revisions(page_id)).text
    assert "<del>First</del>" in history and "<ins>Second</ins>" in history
    with services.reads() as session:
        first = session.scalar(
            select(PageRevision.id).where(PageRevision.page_id == page_id).order_by(PageRevision.id)
        )
    restored = _post(client, urls.admin_page_revision_restore(page_id, first), token)
    assert restored.status_code == 303
    with services.reads() as session:
        assert session.get(Page, page_id).body_source == "First words."


def test_the_live_preview_is_the_public_page(client, staff) -> None:
    token = sign_in(client, staff.editor)
    preview = _post(
        client, urls.admin_page_preview(), token, _form(title="Unsaved", body="Not *saved* yet.")
    )
    assert preview.status_code == 200
    assert '<h1 id="page-title">Unsaved</h1>' in preview.text
    assert "Not <em>saved</em> yet." in preview.text
    assert preview.headers["x-robots-tag"] == "noindex"
