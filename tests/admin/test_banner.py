"""The breaking-news banner: raised from the dashboard in two clicks, over every public
page at once (kept pages included), down when lowered or at its time."""

from __future__ import annotations

from datetime import timedelta

import pytest

import factories as f
from admin.conftest import sign_in
from thepost.content import actions
from thepost.errors import PermissionDenied, ValidationError


@pytest.fixture
def story(services):
    with services.writes.begin() as session:
        news = f.section(session, "News")
        return f.article(services, session, title="Shelling resumes at dawn", section=news)


def test_an_editor_raises_it_from_the_dashboard_and_every_page_shows_it(
    services, client, staff, story
) -> None:
    assert "Breaking" not in client.get("/").text  # kept by the page cache from here
    token = sign_in(client, staff.editor)
    dashboard = client.get("/admin/")
    assert "Raise the banner" in dashboard.text
    assert 'value="/news/shelling-resumes-at-dawn" selected' in dashboard.text  # the newest
    raised = client.post(
        "/admin/banner",
        data={"csrf_token": token, "banner_text": "Shelling resumes in the city",
              "banner_story": "/news/shelling-resumes-at-dawn"},
    )  # fmt: skip
    assert raised.status_code == 303
    for path in ("/", "/news", "/news/shelling-resumes-at-dawn", "/latest", "/search?q=x"):
        html = client.get(path).text
        assert 'aria-label="Breaking news"' in html, path
        assert '<a href="/news/shelling-resumes-at-dawn">Shelling resumes in the city</a>' in html
    assert client.get("/api/v1/settings").json()["settings"]["banner"] == {
        "text": "Shelling resumes in the city",
        "url": "http://127.0.0.1:8000/news/shelling-resumes-at-dawn",
        "until": None,
    }
    assert "Lower the banner" in client.get("/admin/").text
    lowered = client.post("/admin/banner/lower", data={"csrf_token": token})
    assert lowered.status_code == 303
    assert 'aria-label="Breaking news"' not in client.get("/").text
    assert client.get("/api/v1/settings").json()["settings"]["banner"] is None


def test_it_comes_down_by_itself_at_its_time_even_from_kept_pages(
    services, client, staff, clock, story
) -> None:
    with services.writes.begin() as session:
        actions.raise_banner(
            session, services.bus, actor=staff.editor, text="Ceasefire announced",
            until=clock() + timedelta(hours=2), now=clock(),
        )  # fmt: skip
    assert "Ceasefire announced" in client.get("/").text
    assert "Ceasefire announced" in client.get("/").text  # now from the page cache
    clock.advance(hours=2, seconds=1)
    assert "Ceasefire announced" not in client.get("/").text
    assert client.get("/api/v1/settings").json()["settings"]["banner"] is None


def test_who_may_raise_it_and_what_it_must_be(services, staff, clock) -> None:
    with services.writes.begin() as session:
        with pytest.raises(PermissionDenied):
            actions.raise_banner(session, services.bus, actor=staff.author, text="x", now=clock())
        for wrong, field in (
            ({"text": ""}, "banner_text"),
            ({"text": "x" * 161}, "banner_text"),
            ({"text": "x", "url": "javascript:alert(1)"}, "banner_url"),
            ({"text": "x", "url": "//evil.example/"}, "banner_url"),
            ({"text": "x", "until": clock() - timedelta(minutes=1)}, "banner_until"),
        ):
            with pytest.raises(ValidationError) as caught:
                actions.raise_banner(
                    session, services.bus, actor=staff.editor, now=clock(), **wrong
                )
            assert field in caught.value.errors, wrong


def test_a_wrong_form_comes_back_with_the_error_beside_the_field_and_the_text_kept(
    services, client, staff, story
) -> None:
    token = sign_in(client, staff.editor)
    answer = client.post(
        "/admin/banner",
        data={"csrf_token": token, "banner_text": "Evacuation <b>ordered</b>",
              "banner_url": "javascript:alert(1)", "banner_until": "not a time"},
    )  # fmt: skip
    assert answer.status_code == 400
    assert "A date and time" in answer.text
    assert 'value="Evacuation &lt;b&gt;ordered&lt;/b&gt;"' in answer.text
    answer = client.post(
        "/admin/banner",
        data={"csrf_token": token, "banner_text": "Evacuation ordered",
              "banner_url": "javascript:alert(1)"},
    )  # fmt: skip
    assert answer.status_code == 400 and 'id="f-banner_url-error"' in answer.text
    assert 'aria-label="Breaking news"' not in client.get("/").text
    # Text is text: markup typed into the banner is shown, never run.
    client.post(
        "/admin/banner",
        data={"csrf_token": token, "banner_text": "<script>alert(1)</script> Evacuation"},
    )
    html = client.get("/").text
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt; Evacuation" in html and "<script>alert" not in html
    )


def test_an_author_sees_no_banner_form_and_cannot_post_it(services, client, staff) -> None:
    token = sign_in(client, staff.author)
    assert "Raise the banner" not in client.get("/admin/").text
    answer = client.post("/admin/banner", data={"csrf_token": token, "banner_text": "x"})
    assert answer.status_code == 403
