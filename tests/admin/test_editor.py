"""The article editor through HTTP: write, validate, preview, autosave, schedule, trash,
revisions, corrections and the secret preview link."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from starlette.testclient import TestClient

import factories as f
from admin.conftest import sign_in
from thepost.audit.models import AuditEntry
from thepost.content.models import Article, Correction, Revision, Status
from thepost.web import urls

ORIGIN = {"Origin": "http://testserver"}


def _form(**values: object) -> dict[str, object]:
    base: dict[str, object] = {
        "title": "Bridge reopens after repairs",
        "standfirst": "Traffic flows again.",
        "body": "The bridge *reopened* on Monday.\n\nDrivers cheered.",
        "tags": "Transport, Riverton ",
        "dateline": "RIVERTON",
        "comments_open": "1",
    }
    base.update(values)
    return base


def _post(client, url: str, token: str, data: dict[str, object]):
    return client.post(url, data={**data, "csrf_token": token}, headers=ORIGIN)


def _create(client, token: str, **values: object) -> int:
    response = _post(client, urls.admin_article_new(), token, _form(**values))
    assert response.status_code == 303, response.text
    match = re.search(r"/admin/articles/(\d+)\?done=created", response.headers["location"])
    assert match, response.headers["location"]
    return int(match.group(1))


def _revisions(services, article_id: int) -> int:
    with services.reads() as session:
        return session.scalar(
            select(func.count(Revision.id)).where(Revision.article_id == article_id)
        )


def test_write_a_draft_and_see_it_again(services, client, staff) -> None:
    token = sign_in(client, staff.editor)  # editors set any byline
    with services.writes.begin() as session:
        section = f.section(session, "Local")
        author = f.author(session, "Ana Lima")
        second = f.author(session, "Ben Ode")
        picture = f.image(services, session)
    article_id = _create(
        client,
        token,
        section_id=section.id,
        author_ids=[second.id, author.id],
        featured_image_id=picture.id,
        featured_alt="The bridge at dawn",
        featured_credit="A. P.",
    )
    page = client.get(urls.admin_article(article_id) + "?done=created")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "private, no-store"
    assert "Draft created." in page.text
    assert 'value="Bridge reopens after repairs"' in page.text
    assert 'value="Transport, Riverton"' in page.text
    assert "The bridge at dawn" in page.text
    with services.reads() as session:
        article = session.get(Article, article_id)
        assert article.status == Status.DRAFT
        assert article.slug == "bridge-reopens-after-repairs"
        assert "<em>reopened</em>" in article.body_html
        order = session.execute(
            select(Revision.snapshot).where(Revision.article_id == article_id)
        ).scalar_one()["author_ids"]
    assert order == [second.id, author.id]


def test_validation_errors_come_back_beside_the_fields_with_the_text_kept(
    services, client, staff
) -> None:
    token = sign_in(client, staff.author)
    with services.writes.begin() as session:
        picture = f.image(services, session)
    typed = "A long body I would hate to lose.\n\nSecond <b>paragraph</b>."
    response = _post(
        client,
        urls.admin_article_new(),
        token,
        _form(
            title="   ",
            body=typed,
            featured_image_id=picture.id,
            featured_alt="",
            section_id="abc",
            publish_at="tomorrow",
        ),
    )
    assert response.status_code == 400
    text = response.text
    assert 'id="f-title-error">A headline is required.' in text
    assert 'id="f-featured_alt-error">Describe the picture' in text
    assert 'id="f-section_id-error"' in text
    assert 'id="f-publish_at-error"' in text
    assert "A long body I would hate to lose.\n\nSecond &lt;b&gt;paragraph&lt;/b&gt;." in text
    with services.reads() as session:
        assert session.scalar(select(func.count(Article.id))) == 0


def test_control_characters_never_reach_the_database(services, client, staff) -> None:
    token = sign_in(client, staff.author)
    article_id = _create(client, token, title="Null\x00 headline", body="Body\x00 text")
    with services.reads() as session:
        assert session.get(Article, article_id).title == "Null headline"
    url = urls.admin_article_action(article_id, "autosave")
    assert _post(client, url, token, _form(tags="a\x00b")).status_code == 200


def test_scheduling_needs_a_future_time(services, client, staff, clock) -> None:
    token = sign_in(client, staff.editor)
    response = _post(
        client,
        urls.admin_article_new(),
        token,
        _form(intent="schedule", publish_at="2020-01-01T10:00"),
    )
    assert response.status_code == 400
    assert "give a time in the future" in response.text
    assert 'value="Bridge reopens after repairs"' in response.text


def test_schedule_then_the_clock_passes_and_it_is_on_the_home_page(
    services, client, staff, clock
) -> None:
    token = sign_in(client, staff.editor)
    article_id = _create(client, token)
    at = clock.now.replace(second=0, microsecond=0)
    when = (at + timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M")
    response = _post(
        client, urls.admin_article(article_id), token, _form(intent="schedule", publish_at=when)
    )
    assert response.status_code == 303
    with services.reads() as session:
        assert session.get(Article, article_id).status == Status.SCHEDULED
    assert "Bridge reopens after repairs" not in client.get("/").text
    assert client.get("/news/bridge-reopens-after-repairs").status_code == 404
    assert "Bridge reopens" in client.get(urls.admin_articles(status="scheduled")).text
    clock.advance(minutes=31)
    assert "Bridge reopens after repairs" in client.get("/").text
    # The newsroom's list agrees with readers: out is published.
    assert "Bridge reopens" not in client.get(urls.admin_articles(status="scheduled")).text
    assert "Bridge reopens" in client.get(urls.admin_articles(status="published")).text
    assert client.get("/news/bridge-reopens-after-repairs").status_code == 200


def test_contributor_submits_and_editor_publishes(services, client, staff) -> None:
    token = sign_in(client, staff.contributor)
    article_id = _create(client, token)
    page = client.get(urls.admin_article(article_id)).text
    assert "Publish now" not in page
    assert (
        _post(client, urls.admin_article(article_id), token, _form(intent="publish")).status_code
        == 403
    )
    response = _post(client, urls.admin_article(article_id), token, _form(intent="submit"))
    assert response.status_code == 303
    with services.reads() as session:
        assert session.get(Article, article_id).status == Status.PENDING
    client.cookies.clear()
    token = sign_in(client, staff.editor)
    response = _post(client, urls.admin_article(article_id), token, _form(intent="publish"))
    assert response.status_code == 303
    assert client.get("/news/bridge-reopens-after-repairs").status_code == 200


def test_slug_change_redirects_the_old_address(services, client, staff) -> None:
    token = sign_in(client, staff.editor)
    article_id = _create(client, token)
    _post(client, urls.admin_article(article_id), token, _form(intent="publish"))
    _post(client, urls.admin_article(article_id), token, _form(slug="bridge-is-open"))
    old = client.get("/news/bridge-reopens-after-repairs")
    assert old.status_code == 301
    assert old.headers["location"] == "/news/bridge-is-open"


def test_autosave_keeps_one_revision_however_often_it_runs(services, client, staff) -> None:
    token = sign_in(client, staff.author)
    article_id = _create(client, token)
    assert _revisions(services, article_id) == 1
    url = urls.admin_article_action(article_id, "autosave")
    for n in range(5):
        response = _post(client, url, token, _form(body=f"Draft text, take {n}."))
        assert response.status_code == 200
        assert response.json()["saved"] is True
    assert _revisions(services, article_id) == 2
    with services.reads() as session:
        assert session.get(Article, article_id).body_source == "Draft text, take 4."
    # A save after autosaves takes the autosave's place.
    _post(client, urls.admin_article(article_id), token, _form(body="Final text."))
    assert _revisions(services, article_id) == 2
    _post(client, urls.admin_article(article_id), token, _form(body="Final text, again."))
    assert _revisions(services, article_id) == 3
    bad = _post(client, url, token, _form(title=""))
    assert bad.status_code == 400 and bad.json()["saved"] is False


def test_autosave_of_a_live_article_leaves_the_site_alone(services, client, staff) -> None:
    token = sign_in(client, staff.editor)
    article_id = _create(client, token)
    _post(client, urls.admin_article(article_id), token, _form(intent="publish"))
    url = urls.admin_article_action(article_id, "autosave")
    _post(client, url, token, _form(body="Half-written rewrite."))
    assert "Drivers cheered." in client.get("/news/bridge-reopens-after-repairs").text
    page = client.get(urls.admin_article(article_id)).text
    assert "There is an autosave" in page


def test_live_preview_renders_the_public_page(services, client, staff) -> None:
    token = sign_in(client, staff.contributor)
    with services.writes.begin() as session:
        picture = f.image(services, session, caption="Morning light")
    body = f'Opening line.\n\n![The river](image:{picture.id} "High water")\n\n<script>x</script>'
    response = _post(client, urls.admin_article_preview(), token, _form(body=body))
    assert response.status_code == 200
    assert response.headers["x-robots-tag"] == "noindex"
    text = response.text
    assert urls.static("site.css") in text
    assert '<h1 id="story-title">Bridge reopens after repairs</h1>' in text
    assert '<figure class="inline">' in text and "High water" in text
    assert "<script>x</script>" not in text
    with services.reads() as session:
        assert session.scalar(select(func.count(Article.id))) == 0


def test_preview_link_works_without_an_account_and_expires(services, client, staff, clock) -> None:
    token = sign_in(client, staff.author)
    article_id = _create(client, token)
    page = _post(client, urls.admin_article_action(article_id, "preview-link"), token, {})
    assert page.status_code == 200
    link = re.search(r'id="preview-link" type="text" readonly value="([^"]+)"', page.text)
    assert link
    path = link.group(1).removeprefix(services.settings.base_url)
    client.cookies.clear()
    seen = client.get(path)
    assert seen.status_code == 200
    assert "Bridge reopens after repairs" in seen.text
    assert seen.headers["cache-control"] == "private, no-store"
    assert seen.headers["x-robots-tag"].startswith("noindex")
    assert client.get(path[:-3] + "abc").status_code == 404
    clock.advance(hours=73)
    expired = client.get(path)
    assert expired.status_code == 404
    assert "expired" in expired.text
    assert expired.headers["x-robots-tag"].startswith("noindex")


def _preview_path(services, client, token, article_id) -> str:
    page = _post(client, urls.admin_article_action(article_id, "preview-link"), token, {})
    link = re.search(r'id="preview-link" type="text" readonly value="([^"]+)"', page.text)
    assert link
    return link.group(1).removeprefix(services.settings.base_url)


@pytest.mark.parametrize("revoker", ["author", "editor"])
def test_preview_links_can_be_revoked(services, client, staff, revoker) -> None:
    token = sign_in(client, staff.author)
    article_id = _create(client, token)
    first = _preview_path(services, client, token, article_id)
    second = _preview_path(services, client, token, article_id)
    stranger = TestClient(client.app)
    assert stranger.get(first).status_code == stranger.get(second).status_code == 200
    if revoker == "editor":
        client.cookies.clear()
        token = sign_in(client, staff.editor)
    done = _post(client, urls.admin_article_action(article_id, "revoke-previews"), token, {})
    assert done.status_code == 303
    assert "stopped working" in client.get(done.headers["location"]).text
    for path in (first, second):
        gone = stranger.get(path)
        assert gone.status_code == 404 and "Bridge reopens" not in gone.text
    fresh = _preview_path(services, client, token, article_id)
    assert stranger.get(fresh).status_code == 200
    with services.reads() as session:  # the audit log says who did it
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "article.revoke-previews")
        ).one()
    assert (entry.user_id, entry.object_id) == (getattr(staff, revoker).id, str(article_id))


def test_only_those_who_may_edit_a_story_revoke_its_previews(services, client, staff) -> None:
    token = sign_in(client, staff.author)
    article_id = _create(client, token)
    path = _preview_path(services, client, token, article_id)
    client.cookies.clear()
    other = sign_in(client, staff.contributor)
    refused = _post(client, urls.admin_article_action(article_id, "revoke-previews"), other, {})
    assert refused.status_code == 403
    assert TestClient(client.app).get(path).status_code == 200


def test_trash_and_restore(services, client, staff) -> None:
    token = sign_in(client, staff.editor)
    article_id = _create(client, token)
    _post(client, urls.admin_article(article_id), token, _form(intent="publish"))
    assert client.get("/news/bridge-reopens-after-repairs").status_code == 200
    assert (
        _post(client, urls.admin_article_action(article_id, "trash"), token, {}).status_code == 303
    )
    assert client.get("/news/bridge-reopens-after-repairs").status_code == 404
    page = client.get(urls.admin_article(article_id)).text
    assert "Restore from trash" in page and "Publish now" not in page
    refused = _post(client, urls.admin_article(article_id), token, _form(intent="publish"))
    assert refused.status_code == 400 and "restore it first" in refused.text
    assert (
        _post(client, urls.admin_article_action(article_id, "restore"), token, {}).status_code
        == 303
    )
    with services.reads() as session:
        assert session.get(Article, article_id).status == Status.DRAFT


def test_revisions_diff_and_restore(services, client, staff) -> None:
    token = sign_in(client, staff.editor)
    article_id = _create(client, token, body="The council met on Monday.")
    _post(client, urls.admin_article(article_id), token, _form(body="The council met on Tuesday."))
    page = client.get(urls.admin_revisions(article_id))
    assert page.status_code == 200
    assert "<del>Monday</del><ins>Tuesday</ins>" in page.text
    with services.reads() as session:
        first = session.scalar(
            select(Revision.id).where(Revision.article_id == article_id).order_by(Revision.id)
        )
    response = _post(client, urls.admin_revision_restore(article_id, first), token, {})
    assert response.status_code == 303
    assert _revisions(services, article_id) == 3
    with services.reads() as session:
        assert session.get(Article, article_id).body_source == "The council met on Monday."
    assert client.get(urls.admin_revisions(article_id) + "?old=x&new=99999").status_code == 200


def test_correction_shows_on_the_article(services, client, staff) -> None:
    token = sign_in(client, staff.editor)
    article_id = _create(client, token)
    _post(client, urls.admin_article(article_id), token, _form(intent="publish"))
    url = urls.admin_article_action(article_id, "corrections")
    empty = _post(client, url, token, {"kind": "correction", "note": "  "})
    assert empty.status_code == 400 and 'id="f-note-error"' in empty.text
    note = "An earlier version gave the wrong <b>date</b>."
    assert _post(client, url, token, {"kind": "correction", "note": note}).status_code == 303
    public = client.get("/news/bridge-reopens-after-repairs").text
    assert "An earlier version gave the wrong &lt;b&gt;date&lt;/b&gt;." in public
    assert 'class="correction correction-correction"' in public
    with services.reads() as session:
        assert session.scalar(select(func.count(Correction.id))) == 1


def test_an_author_cannot_open_someone_elses_draft(services, client, staff) -> None:
    token = sign_in(client, staff.editor)
    article_id = _create(client, token)
    client.cookies.clear()
    token = sign_in(client, staff.author)
    assert client.get(urls.admin_article(article_id)).status_code == 403
    assert client.get(urls.admin_revisions(article_id)).status_code == 403
    assert client.get(urls.admin_article(999999)).status_code == 404


def test_the_byline_field_says_its_rule_to_whom_it_binds(client, staff) -> None:
    sign_in(client, staff.author)
    assert "only an editor adds someone else" in client.get(urls.admin_article_new()).text
    client.cookies.clear()
    sign_in(client, staff.editor)
    assert "only an editor adds someone else" not in client.get(urls.admin_article_new()).text


def test_an_imported_html_story_is_edited_as_html_and_stays_html(services, client, staff) -> None:
    """A story an import brought keeps its HTML body through the editor: the visual
    editor edits it as HTML, the format is shown, and a save renders it as HTML again."""
    token = sign_in(client, staff.editor)
    body = "<p>The <em>ferry</em> sailed.</p><ul><li>At nine</li></ul>"
    with services.writes.begin() as session:
        article = f.article(services, session, title="Ferry", body=body, body_format="html")
        article_id = article.id
    page = client.get(urls.admin_article(article_id))
    assert 'data-visual="html"' in page.text
    assert "HTML, as imported" in page.text  # the help says what the source is
    assert '<option value="html" selected>' in page.text
    saved = _post(
        client,
        urls.admin_article(article_id),
        token,
        _form(title="Ferry", body=body, body_format="html", intent="save"),
    )
    assert saved.status_code == 303, saved.text
    with services.reads() as session:
        stored = session.get(Article, article_id)
        assert stored.body_format == "html"
        assert "<em>ferry</em>" in stored.body_html and "&lt;p&gt;" not in stored.body_html
    fresh = client.get(urls.admin_article_new())
    assert '<input type="hidden" name="body_format" value="markdown">' in fresh.text
    assert 'data-visual="markdown"' in fresh.text
    refused = _post(client, urls.admin_article_new(), token, _form(body_format="rtf"))
    assert refused.status_code == 400
    assert "Body format must be markdown or html." in refused.text


def test_the_link_picker_finds_live_stories_by_their_headline(services, client, staff) -> None:
    with services.writes.begin() as session:
        section = f.section(session, "Local")
        live = f.article(services, session, title="Bridge reopens after repairs", section=section)
        f.article(services, session, title="Bridge draft not yet out", publish=False)
        live_id = live.id
    token = sign_in(client, staff.contributor)  # anyone who writes may link to the archive
    assert token
    found = client.get(urls.admin_articles_find("BRIDGE")).json()
    assert found["total"] == 1
    assert found["items"] == [
        {"id": live_id, "title": "Bridge reopens after repairs",
         "path": "/local/bridge-reopens-after-repairs", "section": "Local"}
    ]  # fmt: skip
    assert client.get(urls.admin_articles_find("no such words")).json()["items"] == []
    client.post("/admin/logout", data={"csrf_token": token}, headers=ORIGIN)
    assert client.get(urls.admin_articles_find("bridge")).status_code in (303, 401, 403)
