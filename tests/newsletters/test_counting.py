"""Open and click counting, on SQLite and PostgreSQL: off by default (no picture, links
untouched); when a newsletter turns it on, each message has its recipient's own picture
and redirects, an open and a click are recorded once however often they come, a redirect
only ever leads to a link the issue had, and the newsroom sees the numbers."""

from __future__ import annotations

import re
from datetime import timedelta
from email.message import EmailMessage
from io import BytesIO
from urllib.parse import urlsplit

import pytest
from PIL import Image
from sqlalchemy import select

from admin.conftest import sign_in
from newsletters.conftest import (
    LINK,
    confirmed,
    issue_of,
    make_newsletter,
    newsletter_row,
    send,
)
from thepost.keys import Keys
from thepost.newsletters import tokens
from thepost.newsletters.models import Issue, Recipient

ORIGIN = {"origin": "http://testserver"}
BASE = "http://testserver"
BODY = (
    "The council voted **yes**.\n\nA second paragraph, with a [link](/x) and "
    "[the minutes](https://example.org/minutes?year=2026&page=2)."
)
HREF = re.compile(r'href="([^"]+)"')
PIXEL = re.compile(re.escape(BASE) + r"/newsletters/o/([A-Za-z0-9_.-]+)\.gif")
CLICK = re.compile(re.escape(BASE) + r"/newsletters/c/([A-Za-z0-9_.-]+)/(\d+)")


@pytest.fixture
def settings(settings):
    """The site at the test client's own address (the newsroom signs in over plain http)."""
    return settings.model_copy(update={"base_url": BASE})


def parts(message: EmailMessage) -> tuple[str, str]:
    html, text = message.get_body(("html",)), message.get_body(("plain",))
    assert html is not None and text is not None
    return html.get_content(), text.get_content()


def to(smtp, email: str) -> EmailMessage:
    return next(m for m in smtp.messages() if m["To"] == email)


def recipient(services, email: str) -> Recipient:
    with services.reads() as session:
        return session.scalars(select(Recipient).where(Recipient.email == email)).one()


def issue_row(services, issue_id: int) -> Issue:
    with services.reads() as session:
        return session.get(Issue, issue_id)


def pixel(html: str) -> str:
    """The path of an email's counting picture."""
    found = PIXEL.search(html)
    assert found is not None
    return urlsplit(found.group(0)).path


def redirects(html: str) -> dict[int, str]:
    """The paths of an email's redirected links, by their place in the issue's links."""
    return {int(m.group(2)): urlsplit(m.group(0)).path for m in CLICK.finditer(html)}


def counted_issue(services, sender, emails: list[str]) -> int:
    newsletter_id = make_newsletter(services, "The Evening Edition", count_opens=True)
    confirmed(services, newsletter_id, emails)
    issue_id = issue_of(services, newsletter_id, body=BODY)
    send(services, issue_id)
    sender.deliver()
    return issue_id


def test_without_counting_an_email_has_no_picture_and_its_own_links(services, smtp, sender) -> None:
    morning = make_newsletter(services)
    confirmed(services, morning, ["a@example.org"])
    issue_id = issue_of(services, morning, body=BODY)
    send(services, issue_id)
    sender.deliver()
    html, text = parts(to(smtp, "a@example.org"))
    assert "/newsletters/o/" not in html and "/newsletters/c/" not in html
    assert "<img" not in html  # the stories have no pictures: no picture at all
    assert f"{BASE}/x" in HREF.findall(html)
    assert "https://example.org/minutes?year=2026&amp;page=2" in html
    assert "newsletter.invalid" not in html + text
    found = issue_row(services, issue_id)
    assert found.counted is False and found.links == []


def test_with_counting_each_message_has_its_own_picture_and_redirects(
    services, smtp, sender
) -> None:
    issue_id = counted_issue(services, sender, ["a@example.org", "b@example.org"])
    found = issue_row(services, issue_id)
    assert found.counted is True
    assert f"{BASE}/x" in found.links
    assert "https://example.org/minutes?year=2026&page=2" in found.links  # as written, unescaped
    assert len(found.links) == len(set(found.links))
    tokens_seen = set()
    for email in ("a@example.org", "b@example.org"):
        html, text = parts(to(smtp, email))
        assert "newsletter.invalid" not in html + text
        (token,) = set(PIXEL.findall(html))
        assert tokens.read_count(services.keys, token) == recipient(services, email).id
        tokens_seen.add(token)
        # Every web link is redirected but the reader's own two.
        own = [f"{BASE}/newsletters/preferences?token=", f"{BASE}/newsletters/unsubscribe?token="]
        for href in HREF.findall(html):
            assert CLICK.fullmatch(href) or href.startswith(tuple(own)), href
        assert {m.group(1) for m in CLICK.finditer(html)} == {token}
        assert set(redirects(html)) == set(range(len(found.links)))
        # The plain-text part keeps the links themselves.
        in_text = LINK.findall(text)
        assert not [u for u in in_text if "/newsletters/c/" in u or "/newsletters/o/" in u]
        assert set(in_text) & set(found.links)  # the story's address, as it is
    assert len(tokens_seen) == 2


def test_the_picture_records_the_first_open_once(client, services, smtp, sender, clock) -> None:
    counted_issue(services, sender, ["a@example.org", "b@example.org"])
    path = pixel(parts(to(smtp, "a@example.org"))[0])
    first = client.get(path)
    assert first.status_code == 200 and first.headers["content-type"] == "image/gif"
    assert first.headers["cache-control"] == "no-store, private"
    picture = Image.open(BytesIO(first.content))
    assert picture.size == (1, 1) and "transparency" in picture.info
    opened = recipient(services, "a@example.org").opened_at
    assert opened == clock.now
    clock.advance(hours=1)
    assert client.get(path).status_code == 200
    assert recipient(services, "a@example.org").opened_at == opened  # still the first
    assert recipient(services, "b@example.org").opened_at is None
    with services.reads() as session:
        assert (
            session.scalar(select(Recipient.clicks).where(Recipient.email == "a@example.org")) == 0
        )


@pytest.mark.parametrize(
    "path",
    [
        "/newsletters/o/nonsense.gif",
        "/newsletters/o/WzFd.gif",
        "/newsletters/o/" + "A" * 5000 + ".gif",
        "/newsletters/o/%ff%fe.gif",
    ],
)
def test_a_bad_picture_token_still_gets_the_picture(client, services, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 200 and answer.headers["content-type"] == "image/gif"
    assert answer.headers["cache-control"] == "no-store, private"


def test_a_click_is_counted_and_leads_exactly_to_the_link(
    client, services, smtp, sender, clock
) -> None:
    issue_id = counted_issue(services, sender, ["a@example.org"])
    links = issue_row(services, issue_id).links
    by_index = redirects(parts(to(smtp, "a@example.org"))[0])
    minutes = links.index("https://example.org/minutes?year=2026&page=2")
    answer = client.get(by_index[minutes])
    assert answer.status_code == 302
    assert answer.headers["location"] == "https://example.org/minutes?year=2026&page=2"
    assert answer.headers["cache-control"] == "no-store, private"
    found = recipient(services, "a@example.org")
    assert found.clicks == 1 and found.clicked_at == clock.now
    assert found.opened_at == clock.now  # a click is an open, pictures or not
    clock.advance(minutes=5)
    again = client.get(by_index[links.index(f"{BASE}/x")])
    assert again.status_code == 302 and again.headers["location"] == f"{BASE}/x"
    found = recipient(services, "a@example.org")
    assert found.clicks == 2  # every click counted, the first kept as the first
    assert found.clicked_at == found.opened_at == clock.now - timedelta(minutes=5)


def test_a_forged_or_altered_redirect_goes_nowhere(client, services, smtp, sender) -> None:
    issue_id = counted_issue(services, sender, ["a@example.org"])
    links = issue_row(services, issue_id).links
    token = redirects(parts(to(smtp, "a@example.org"))[0])[0].split("/")[3]
    subscriber_id = recipient(services, "a@example.org").subscriber_id
    altered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    other_key = tokens.count_token(Keys("another secret"), 1)
    wrong_purpose = tokens.manage_token(services.keys, subscriber_id, "key")
    for path in (
        f"/newsletters/c/{altered}/0",
        f"/newsletters/c/{other_key}/0",
        f"/newsletters/c/{wrong_purpose}/0",
        f"/newsletters/c/{token}/{len(links)}",  # past the issue's links
        f"/newsletters/c/{token}/-1",
        f"/newsletters/c/{token}/1e3",
        f"/newsletters/c/{token}/%C2%B2",  # a digit to Unicode, not to int()
        f"/newsletters/c/{token}/%D9%A1",
        f"/newsletters/c/{token}/" + "9" * 5000,
        f"/newsletters/c/{tokens.count_token(services.keys, 999_999)}/0",  # no such recipient
        "/newsletters/c/x/0",
    ):
        answer = client.get(path)
        assert answer.status_code == 404, path
        assert "location" not in answer.headers, path
    assert recipient(services, "a@example.org").clicks == 0


def test_an_issue_of_a_newsletter_without_counting_redirects_nowhere(
    client, services, smtp, sender
) -> None:
    morning = make_newsletter(services)
    confirmed(services, morning, ["a@example.org"])
    send(services, issue_of(services, morning, body=BODY))
    sender.deliver()
    made_up = tokens.count_token(services.keys, recipient(services, "a@example.org").id)
    assert client.get(f"/newsletters/c/{made_up}/0").status_code == 404


def test_the_newsroom_sees_opens_and_clicks_only_when_counted(
    client, services, staff, smtp, sender
) -> None:
    counted = counted_issue(services, sender, ["a@example.org", "b@example.org", "c@example.org"])
    client.get(pixel(parts(to(smtp, "a@example.org"))[0]))
    client.get(redirects(parts(to(smtp, "b@example.org"))[0])[0])  # a click, no picture
    plain = make_newsletter(services, "The Morning Briefing")
    confirmed(services, plain, ["d@example.org"])
    uncounted = issue_of(services, plain)
    send(services, uncounted)
    sender.deliver()

    sign_in(client, staff.editor)
    page = client.get(f"/admin/newsletters/issues/{counted}").text
    assert re.search(r"<dt>sent</dt><dd>3</dd>", page)
    assert re.search(r"<dt>opened</dt><dd>2</dd><dd class=\"rate\">66.7% of those sent</dd>", page)
    assert re.search(r"<dt>clicked</dt><dd>1</dd><dd class=\"rate\">33.3% of those sent</dd>", page)
    page = client.get(f"/admin/newsletters/issues/{uncounted}").text
    assert re.search(r"<dt>sent</dt><dd>1</dd>", page)
    assert "<dt>opened</dt>" not in page and "<dt>clicked</dt>" not in page
    listing = client.get("/admin/newsletters").text
    assert '2 <span class="muted">67%</span>' in listing  # opened, on the counted issue's row
    assert '1 <span class="muted">33%</span>' in listing  # clicked


def test_a_counted_draft_previews_with_its_own_links_and_no_picture(
    client, services, staff, smtp
) -> None:
    newsletter_id = make_newsletter(services, count_opens=True)
    issue_id = issue_of(services, newsletter_id, body=BODY)
    sign_in(client, staff.editor)
    preview = client.get(f"/admin/newsletters/issues/{issue_id}/preview").text
    assert "/newsletters/c/" not in preview and "/newsletters/o/" not in preview
    assert 'href="https://example.org/minutes?year=2026&amp;page=2"' in preview
    assert "data:image/gif;base64," in preview


def test_counting_is_chosen_on_the_newsletters_form(client, services, staff) -> None:
    token = sign_in(client, staff.admin)
    form = client.get("/admin/newsletters/new").text
    box = re.search(r'<input type="checkbox" name="count_opens"[^>]*>', form)
    assert box and "checked" not in box.group(0)  # off by default
    assert (
        "Count opens and clicks (adds a tracking pixel and redirects links through this site)"
        in form
    )
    made = client.post(
        "/admin/newsletters/new", headers=ORIGIN,
        data={"csrf_token": token, "name": "Counted", "visible": "1", "count_opens": "1"},
    )  # fmt: skip
    assert made.status_code == 303
    newsletter_id = int(made.headers["location"].split("/")[-1].split("?")[0])
    page = client.get(f"/admin/newsletters/{newsletter_id}").text
    assert re.search(r'<input type="checkbox" name="count_opens"[^>]*checked', page)
    off = client.post(f"/admin/newsletters/{newsletter_id}", headers=ORIGIN,
                      data={"csrf_token": token, "name": "Counted", "visible": "1"})  # fmt: skip
    assert off.status_code == 303
    page = client.get(f"/admin/newsletters/{newsletter_id}").text
    box = re.search(r'<input type="checkbox" name="count_opens"[^>]*>', page)
    assert box and "checked" not in box.group(0)
    plain = client.post("/admin/newsletters/new", headers=ORIGIN,
                        data={"csrf_token": token, "name": "Plain", "visible": "1"})  # fmt: skip
    plain_id = int(plain.headers["location"].split("/")[-1].split("?")[0])
    assert newsletter_row(services, plain_id).count_opens is False


def test_the_newsletters_page_charts_each_issue(
    client, services, staff, smtp, sender, clock
) -> None:
    first = counted_issue(services, sender, ["a@example.org", "b@example.org"])
    newsletter_id = issue_row(services, first).newsletter_id
    clock.advance(days=1)
    second = issue_of(services, newsletter_id, body=BODY)
    send(services, second)
    sender.deliver()
    draft = issue_of(services, newsletter_id)  # not sent: not in the chart
    sign_in(client, staff.admin)
    page = client.get(f"/admin/newsletters/{newsletter_id}").text
    chart = re.search(r'<svg class="chart chart-bars".*?</svg>', page, re.DOTALL)
    assert chart is not None
    svg = chart.group(0)
    assert svg.count('class="bar-title"') == 2  # the two sent, not the draft
    assert svg.count('class="bar bar-sent"') == 2 and svg.count('class="bar bar-opened"') == 2
    assert " style=" not in svg  # the newsroom's policy allows no inline style
    rows = re.findall(r'href="/admin/newsletters/issues/(\d+)"', page)
    assert rows == [str(second), str(first)]  # newest first
    assert str(draft) not in rows
    plain = make_newsletter(services, "The Morning Briefing")
    confirmed(services, plain, ["z@example.org"])
    send(services, issue_of(services, plain))
    sender.deliver()
    page = client.get(f"/admin/newsletters/{plain}").text
    assert (
        'class="bar bar-sent"' in page
        and "bar-opened" not in page
        and '<th scope="col">Opened' not in page
    )
