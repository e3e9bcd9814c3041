"""Comment notifications end to end: the in-transaction handlers wired by ``build_services``
queue mail in the outbox, and the outbox delivers it to a real SMTP server (aiosmtpd on
127.0.0.1). Both databases, through the ``services`` fixture.

- A comment held for moderation: one email to each of the article's authors with an
  active newsroom account; none for an approved-at-once or spam comment.
- "Notify me of replies": first one email to the address asking its owner to confirm
  (double opt-in), carrying nothing the commenter typed; none for spam, a few a day at
  most per address; the signed link's GET asks, its POST confirms.
- An approved reply: one email to the parent's author if they asked for it and
  confirmed, with ``List-Unsubscribe`` (RFC 2369) and one-click ``List-Unsubscribe-Post``
  (RFC 8058), and a signed unsubscribe link: GET asks, POST unsubscribes.
- The mail shares the comment's fate: a rolled-back write queues nothing.
- The app's lifespan runs the outbox worker when an SMTP host is configured.
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable
from email.message import EmailMessage
from urllib.parse import urlsplit

import pytest
from sqlalchemy import delete, func, select
from starlette.testclient import TestClient

import factories as f
from mailserver import FROM
from thepost.accounts.actions import create_user
from thepost.accounts.models import User
from thepost.app import build_services, create_app
from thepost.comments import actions, notify
from thepost.comments.models import Comment, CommentStatus
from thepost.comments.policy import ModerationPolicy
from thepost.content.models import Article, Author
from thepost.errors import ValidationError
from thepost.mail.models import MailStatus, OutboxMessage
from thepost.mail.outbox import deliver_due
from thepost.permissions import SYSTEM

PASSWORD = "a long enough passphrase"
TITLE = "Council passes the housing budget"
# Reads as a legitimate comment to the spam filter (so policy, not the filter, decides).
KIND_WORDS = "Thanks for explaining the council vote, the new bus lanes make sense to me."


# -- a real SMTP server ------------------------------------------------------------------


def wait_for(predicate: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


# -- helpers -----------------------------------------------------------------------------


def outbox(services) -> list[OutboxMessage]:
    with services.writes() as session:
        rows = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        session.expunge_all()
        return list(rows)


def post(
    services,
    article_id: int,
    *,
    email: str,
    body: str = KIND_WORDS,
    name: str = "Reader",
    parent_id: int | None = None,
    notify: bool = False,
    honeypot: str = "",
    written_ids: tuple[int, ...] = (),
) -> Comment:
    """A reader's comment through every rule (``post_comment``), committed."""
    form = actions.Submission(
        article_id=article_id,
        name=name,
        email=email,
        body=body,
        parent_id=parent_id,
        notify_replies=notify,
        honeypot=honeypot,
        seconds_to_write=30.0,
        written_ids=written_ids,
    )
    with services.writes.begin() as session:
        comment = actions.post_comment(
            session, services.bus, services.keys, services.limiter, form, now=services.clock()
        )
    return comment


def approve(services, comment_id: int) -> None:
    with services.writes.begin() as session:
        actions.approve(session, services.bus, comment_id, actor=SYSTEM)


def confirm(services, comment_id: int) -> None:
    """What the link in the confirmation mail does."""
    with services.writes.begin() as session:
        actions.confirm_replies(session, comment_id, now=services.clock())


def past_the_flood_limit(services, email: str) -> None:
    """As if the flood interval had passed (the limiter keeps real time, not the clock)."""
    key = actions.email_key(services.keys, email)
    services.limiter.clear("comment-email", key, per_seconds=ModerationPolicy().flood_seconds)


def forget_outbox(services) -> None:
    with services.writes.begin() as session:
        session.execute(delete(OutboxMessage))


def comment(services, comment_id: int) -> Comment:
    with services.writes() as session:
        found = session.get(Comment, comment_id)
        assert found is not None
        session.expunge(found)
        return found


def account(session, email: str, *, active: bool = True, role: str = "contributor") -> User:
    """A newsroom account without the (deliberately slow) password hashing."""
    user = User(email=email, display_name=email, password_hash="!", is_active=active, role=role)
    session.add(user)
    session.flush()
    return user


@pytest.fixture
def newsroom(services):
    """An article by three authors: Jane (account), Omar (no account), Lee (account, but
    deactivated); Sam has an account but did not write it. And an article nobody wrote."""
    with services.writes.begin() as session:
        politics = f.section(session, "Politics")
        jane_user = create_user(
            session, actor=SYSTEM, email="Jane.Smith@ThePost.test", password=PASSWORD
        )
        lee_user = account(session, "lee@thepost.test", active=False)
        sam_user = account(session, "sam@thepost.test", role="editor")
        jane = f.author(session, "Jane Smith", user_id=jane_user.id)
        omar = f.author(session, "Omar Haddad")
        lee = f.author(session, "Lee Park", user_id=lee_user.id)
        f.author(session, "Sam Berg", user_id=sam_user.id)
        lead = f.article(
            services, session, title=TITLE, section=politics, authors=[jane, omar, lee]
        )
        unsigned = f.article(services, session, title="Agency copy", section=politics)
    return {"lead": lead.id, "unsigned": unsigned.id, "path": f"/politics/{lead.slug}"}


# -- (a) held comments: the authors hear about them -------------------------------------


def test_a_held_comment_emails_the_authors_with_an_account(services, smtp, newsroom, clock):
    held = post(
        services,
        newsroom["lead"],
        email="first.timer@example.org",
        name="Ana Reader",
        body="Does the budget include the Riverside library? " + KIND_WORDS,
    )
    assert held.status == CommentStatus.PENDING

    [queued] = outbox(services)  # Jane only: Omar has no account, Lee's is off, Sam didn't write it
    assert queued.to_address == "jane.smith@thepost.test"
    assert queued.status == MailStatus.QUEUED

    report = deliver_due(services.writes, smtp.sender(), now=clock())
    assert report.sent == (queued.id,)
    [envelope] = smtp.envelopes
    assert envelope.rcpt_tos == ["jane.smith@thepost.test"]
    [mail] = smtp.messages()
    assert TITLE in mail["Subject"]
    text = mail.get_content()
    assert "Does the budget include the Riverside library?" in text
    assert "Ana Reader" in text
    assert "first comment from this address" in text  # why it was held
    assert "http://127.0.0.1:8000" + newsroom["path"] in text
    assert outbox(services)[0].status == MailStatus.SENT


def test_no_author_email_for_an_approved_or_spam_comment(services, newsroom):
    with services.writes.begin() as session:  # a returning commenter: published at once
        article = session.get(Article, newsroom["lead"])
        earlier = f.comment(services, session, article, email="regular@example.org").id
    published = post(
        services, newsroom["lead"], email="Regular@Example.org", written_ids=(earlier,)
    )
    assert published.status == CommentStatus.APPROVED
    spam = post(services, newsroom["lead"], email="bot@example.org", honeypot="http://x.example")
    assert spam.status == CommentStatus.SPAM
    held_unsigned = post(services, newsroom["unsigned"], email="someone@example.org")
    assert held_unsigned.status == CommentStatus.PENDING  # held, but nobody to tell
    assert outbox(services) == []


def test_one_email_per_person_per_held_comment(services, newsroom):
    with services.writes.begin() as session:
        # Jane writes under a second byline too (a pen name on the same account).
        jane = session.scalars(select(User).where(User.email == "jane.smith@thepost.test")).one()
        jane_author = session.scalars(select(Author).where(Author.user_id == jane.id)).one()
        pen_name = f.author(session, "J. S. Writer", user_id=jane.id)
        both = f.article(
            services, session, title="Two bylines, one person", authors=[jane_author, pen_name]
        )
    post(services, newsroom["lead"], email="one@example.org")
    post(services, newsroom["lead"], email="two@example.org")
    post(services, both.id, email="three@example.org")
    assert [m.to_address for m in outbox(services)] == ["jane.smith@thepost.test"] * 3


# -- (b) replies: the parent's author hears about them, and can stop it -----------------


@pytest.fixture
def thread(services, newsroom):
    """Ana's approved comment with "notify me of replies" on the unsigned article."""
    ana = post(services, newsroom["unsigned"], email="ana@example.org", name="Ana", notify=True)
    assert (ana.status, ana.notify_replies) == (CommentStatus.PENDING, True)
    assert [m.to_address for m in outbox(services)] == ["ana@example.org"]  # "confirm?"
    confirm(services, ana.id)
    forget_outbox(services)
    approve(services, ana.id)  # a top-level comment approved: nobody to notify
    assert outbox(services) == []
    return {"article": newsroom["unsigned"], "ana": ana.id}


def _link(text: str, path: str) -> str:
    found = re.search(rf"http://127\.0\.0\.1:8000({re.escape(path)}\?token=\S+)", text)
    assert found is not None, text
    return found.group(1)


def test_notify_me_asks_the_address_owner_first(services, smtp, client, newsroom, clock):
    ana = post(
        services,
        newsroom["unsigned"],
        email="ana@example.org",
        name="Ana <b>",
        notify=True,
        body="Visit cheap-pills.example for more. " + KIND_WORDS,
    )
    approve(services, ana.id)
    deliver_due(services.writes, smtp.sender(), now=clock())
    [mail] = smtp.messages()
    assert smtp.envelopes[0].rcpt_tos == ["ana@example.org"]
    assert "Agency copy" in mail["Subject"] and mail["List-Unsubscribe"] is None
    text = mail.get_content()
    # Nothing the commenter typed: the form cannot mail a stranger anyone's words.
    assert "cheap-pills" not in text and "Ana" not in text
    link = _link(text, "/comments/confirm-replies")

    # Unconfirmed, a reply tells nobody.
    ben = post(services, newsroom["unsigned"], email="ben@example.org", parent_id=ana.id)
    approve(services, ben.id)
    assert len(outbox(services)) == 1

    page = client.get(link)  # GET only asks: a mail scanner opening it confirms nothing
    assert page.status_code == 200 and "no-store" in page.headers["cache-control"]
    assert comment(services, ana.id).notify_confirmed_at is None
    form = re.search(r'<form method="post" action="([^"]+)"', page.text)
    assert form is not None
    done = client.post(html.unescape(form.group(1)))
    assert done.status_code == 200 and "Confirmed" in done.text
    assert comment(services, ana.id).notify_confirmed_at == clock()
    assert client.post(link).status_code == 200  # twice is harmless

    clock.advance(minutes=5)
    cy = post(services, newsroom["unsigned"], email="cy@example.org", parent_id=ana.id)
    approve(services, cy.id)
    assert [m.to_address for m in outbox(services)][1:] == ["ana@example.org"]
    assert "New reply" in outbox(services)[-1].subject


def test_a_confirmation_link_expires_and_cannot_be_forged(services, client, newsroom, clock):
    ana = post(services, newsroom["unsigned"], email="ana@example.org", notify=True)
    link = _link(outbox(services)[-1].body, "/comments/confirm-replies")
    forged = [
        "/comments/confirm-replies?token=" + services.keys.sign("unsubscribe", ana.id),
        "/comments/confirm-replies?token=" + services.keys.sign("confirm-replies", ana.id),
        link[:-2] + ("AA" if not link.endswith("AA") else "BB"),
        "/comments/confirm-replies?token=",
    ]
    for url in forged:
        assert client.get(url).status_code == 400
        assert client.post(url).status_code == 400
    clock.advance(days=15)
    assert client.post(link).status_code == 400
    assert comment(services, ana.id).notify_confirmed_at is None


def test_confirmation_mail_is_not_for_spam_nor_a_flood(services, newsroom, clock):
    post(services, newsroom["unsigned"], email="bot@example.org", notify=True, honeypot="x")
    assert outbox(services) == []  # spam asks nobody
    # Earlier requests for the same address today (stored directly: the flood limit would
    # stop one sender posting them this fast).
    with services.writes.begin() as session:
        for n in range(notify.CONSENT_REQUESTS_PER_DAY):
            actions.add_comment(
                session,
                services.keys,
                article_id=newsroom["unsigned"],
                name="Someone",
                email="Victim@example.org",
                body=f"Comment {n}.",
                now=clock(),
                notify_replies=True,
            )
    clock.advance(hours=23)
    post(services, newsroom["unsigned"], email="victim@example.org", notify=True)
    assert outbox(services) == []
    clock.advance(hours=2)
    past_the_flood_limit(services, "victim@example.org")
    post(
        services,
        newsroom["unsigned"],
        email="victim@example.org",
        notify=True,
        body="The next day. " + KIND_WORDS,
    )
    assert [m.to_address for m in outbox(services)] == ["victim@example.org"]


def test_the_browser_that_confirmed_is_not_asked_again(services, newsroom, clock):
    ana = post(services, newsroom["unsigned"], email="ana@example.org", notify=True)
    confirm(services, ana.id)
    forget_outbox(services)
    clock.advance(minutes=5)
    past_the_flood_limit(services, "ana@example.org")
    again = post(
        services,
        newsroom["unsigned"],
        email="ANA@example.org",
        notify=True,
        body="A second thought. " + KIND_WORDS,
        written_ids=(ana.id,),
    )
    assert comment(services, again.id).notify_confirmed_at == clock()
    assert outbox(services) == []
    # Another browser typing her address proves nothing: it is asked from her inbox.
    clock.advance(minutes=5)
    past_the_flood_limit(services, "ana@example.org")
    other = post(
        services,
        newsroom["unsigned"],
        email="ana@example.org",
        notify=True,
        body="Someone else entirely. " + KIND_WORDS,
    )
    assert comment(services, other.id).notify_confirmed_at is None
    assert [m.to_address for m in outbox(services)] == ["ana@example.org"]


def test_an_unsubscribed_request_is_not_revived_by_its_old_link(services, thread, clock):
    with services.writes.begin() as session:
        actions.unsubscribe(session, thread["ana"])
        actions.confirm_replies(session, thread["ana"], now=clock())
    assert comment(services, thread["ana"]).notify_replies is False


def _unsubscribe_url(mail: EmailMessage) -> str:
    header = str(mail["List-Unsubscribe"])
    assert header.startswith("<") and header.endswith(">"), header
    return header[1:-1]


def test_an_approved_reply_emails_the_parent_who_asked(services, smtp, client, thread, clock):
    ben = post(
        services,
        thread["article"],
        email="ben@example.org",
        name="Ben",
        body="The library is in the capital plan, page 12.",
        parent_id=thread["ana"],
    )
    assert ben.status == CommentStatus.PENDING
    assert outbox(services) == []  # held replies send nothing yet
    approve(services, ben.id)

    [queued] = outbox(services)
    assert queued.to_address == "ana@example.org"
    assert deliver_due(services.writes, smtp.sender(), now=clock()).sent == (queued.id,)
    [mail] = smtp.messages()
    assert smtp.envelopes[0].rcpt_tos == ["ana@example.org"]
    assert "Agency copy" in mail["Subject"]
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = _unsubscribe_url(mail)
    assert url.startswith("http://127.0.0.1:8000/comments/unsubscribe?token=")
    text = mail.get_content()
    assert "Hello Ana" in text and "The library is in the capital plan, page 12." in text
    assert f"#comment-{ben.id}" in text
    assert url in text  # the same link in the body, for clients without the header
    assert "ben@example.org" not in mail.as_string()

    # GET only asks (a link scanner must not unsubscribe anyone).
    target = urlsplit(url)
    page = client.get(f"{target.path}?{target.query}")
    assert page.status_code == 200
    assert "no-store" in page.headers["cache-control"]
    form = re.search(r'<form method="post" action="([^"]+)"', page.text)
    assert form is not None
    assert comment(services, thread["ana"]).notify_replies is True

    # POST (the form's button, or the mail client's RFC 8058 one-click) unsubscribes.
    done = client.post(html.unescape(form.group(1)), data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "Unsubscribed" in done.text
    assert comment(services, thread["ana"]).notify_replies is False
    again = client.post(f"{target.path}?{target.query}")  # twice is harmless
    assert again.status_code == 200

    cy = post(services, thread["article"], email="cy@example.org", parent_id=thread["ana"])
    approve(services, cy.id)
    assert len(outbox(services)) == 1  # nothing new


def test_a_forged_or_foreign_unsubscribe_token_is_refused(services, client, thread):
    real = services.keys.sign("unsubscribe", thread["ana"])
    forged = [
        real[:-2] + ("AA" if not real.endswith("AA") else "BB"),  # damaged signature
        services.keys.sign("comment-form", thread["ana"]),  # signed for another purpose
        "1",
        "",
    ]
    for token in forged:
        for method in (client.get, client.post):
            response = method("/comments/unsubscribe", params={"token": token})
            assert response.status_code == 400, (token, method)
    assert comment(services, thread["ana"]).notify_replies is True


def test_an_immediately_approved_reply_notifies_at_once(services, thread):
    with services.writes.begin() as session:  # Ben has been approved before
        article = session.get(Article, thread["article"])
        earlier = f.comment(services, session, article, email="ben@example.org").id
    reply = post(
        services,
        thread["article"],
        email="ben@example.org",
        parent_id=thread["ana"],
        written_ids=(earlier,),
    )
    assert reply.status == CommentStatus.APPROVED
    assert [m.to_address for m in outbox(services)] == ["ana@example.org"]


def test_a_staff_reply_notifies_and_approves_a_held_parent(services, newsroom):
    ana = post(services, newsroom["unsigned"], email="ana@example.org", notify=True)
    assert ana.status == CommentStatus.PENDING
    confirm(services, ana.id)
    forget_outbox(services)
    with services.writes.begin() as session:
        editor = session.scalars(select(User).where(User.email == "sam@thepost.test")).one()
        actions.reply_as_staff(
            session,
            services.bus,
            services.keys,
            ana.id,
            name="Sam Berg",
            email=editor.email,
            body="Thanks, we have corrected the figure.",
            actor=editor,
            now=services.clock(),
        )
    assert comment(services, ana.id).status == CommentStatus.APPROVED
    [queued] = outbox(services)
    assert queued.to_address == "ana@example.org"
    assert "Thanks, we have corrected the figure." in queued.body


def test_no_reply_email_to_oneself_or_to_whoever_did_not_ask(services, thread, clock):
    # Ana answering herself (the address in other case and with spaces is still hers).
    # (Stored directly: the flood check would stop her posting again within seconds.)
    with services.writes.begin() as session:
        own = actions.add_comment(
            session,
            services.keys,
            article_id=thread["article"],
            parent_id=thread["ana"],
            name="Ana",
            email="  ANA@Example.org ",
            body="Replying to myself.",
            now=clock(),
        )
    approve(services, own.id)
    # Dan did not tick "notify me".
    dan = post(services, thread["article"], email="dan@example.org", name="Dan")
    approve(services, dan.id)
    eve = post(services, thread["article"], email="eve@example.org", parent_id=dan.id)
    approve(services, eve.id)
    # A reply approved while its parent is no longer approved tells nobody either.
    fay = post(services, thread["article"], email="fay@example.org", notify=True)
    confirm(services, fay.id)
    forget_outbox(services)
    approve(services, fay.id)
    gus = post(services, thread["article"], email="gus@example.org", parent_id=fay.id)
    with services.writes.begin() as session:
        actions.trash(session, services.bus, fay.id, actor=SYSTEM)
    approve(services, gus.id)
    assert outbox(services) == []


def test_the_unsubscribe_header_is_a_plain_url_on_the_wire(services, smtp, thread, clock):
    reply = post(services, thread["article"], email="ben@example.org", parent_id=thread["ana"])
    approve(services, reply.id)
    deliver_due(services.writes, smtp.sender(), now=clock())
    [envelope] = smtp.envelopes
    raw = envelope.content.decode("ascii")
    header = re.search(r"^List-Unsubscribe: (.*(?:\r?\n[ \t].*)*)", raw, re.M)
    assert header is not None
    value = re.sub(r"\r?\n[ \t]", "", header.group(1)).strip()
    assert "=?" not in value, value
    assert value.startswith("<http://127.0.0.1:8000/comments/unsubscribe?token="), value


# -- (c) the mail shares the comment's fate ---------------------------------------------


def test_a_rolled_back_comment_queues_no_mail(services, smtp, newsroom, thread, clock):
    form = actions.Submission(
        article_id=newsroom["lead"],
        name="Ana",
        email="new@example.org",
        body=KIND_WORDS,
        seconds_to_write=30.0,
    )
    with services.writes() as session:
        held = actions.post_comment(
            session, services.bus, services.keys, services.limiter, form, now=clock()
        )
        assert held.status == CommentStatus.PENDING
        in_transaction = session.scalar(select(func.count()).select_from(OutboxMessage))
        assert in_transaction == 1  # queued in the same transaction...
        assert deliver_due(services.writes, smtp.sender(), now=clock()).claimed == 0
        session.rollback()  # ...so it goes with it
    assert outbox(services) == []

    ben = post(services, thread["article"], email="ben@example.org", parent_id=thread["ana"])
    with services.writes() as session:
        actions.approve(session, services.bus, ben.id, actor=SYSTEM)
        assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 1
        session.rollback()
    assert outbox(services) == []
    assert comment(services, ben.id).status == CommentStatus.PENDING
    with services.writes() as session:
        assert (
            session.scalar(
                select(func.count())
                .select_from(Comment)
                .where(Comment.author_email == "new@example.org")
            )
            == 0
        )
    assert deliver_due(services.writes, smtp.sender(), now=clock()).claimed == 0
    assert smtp.envelopes == []


def test_an_undeliverable_author_address_does_not_block_comments(services, newsroom):
    with services.writes.begin() as session:
        jane = session.scalars(select(User).where(User.email == "jane.smith@thepost.test")).one()
        jane.email = "jane smith@thepost.test"  # create_user only checks for an "@"
    held = post(services, newsroom["lead"], email="reader@example.org")
    assert held.status == CommentStatus.PENDING


def test_the_form_refuses_an_address_mail_could_not_reach(services, newsroom):
    """The comment form takes only addresses the outbox can send to, so a reply
    notification can never fail on one."""
    with pytest.raises(ValidationError) as caught:
        post(services, newsroom["unsigned"], email="ana,b@example.org", notify=True)
    assert "author_email" in caught.value.errors


# -- (d) the app runs the outbox worker --------------------------------------------------


def test_the_app_delivers_mail_in_the_background(settings, services, smtp, newsroom, clock):
    with_smtp = settings.model_copy(
        update={"smtp_host": "127.0.0.1", "smtp_port": smtp.port, "mail_from": FROM}
    )
    served = build_services(with_smtp, clock=clock)
    try:
        with TestClient(create_app(with_smtp, services=served), follow_redirects=False) as web:
            page = web.get(newsroom["path"])
            stamp = re.search(r'name="stamp" value="([^"]+)"', page.text)
            assert stamp is not None
            clock.advance(seconds=30)  # the reader took their time
            response = web.post(
                newsroom["path"] + "/comments",
                data={
                    "author": "Web Reader",
                    "email": "web.reader@example.org",
                    "comment": "Posted from the page. " + KIND_WORDS,
                    "stamp": stamp.group(1),
                    "notify": "1",
                    "url": "",
                    "parent_id": "",
                    "website_hp": "",
                },
            )
            assert response.status_code == 303, response.text
            # The worker polls every few seconds; the mail arrives without anyone asking.
            assert wait_for(lambda: len(smtp.envelopes) == 2, timeout=15)
    finally:
        served.engine.dispose()
    mails = {e.rcpt_tos[0]: m for e, m in zip(smtp.envelopes, smtp.messages(), strict=True)}
    assert sorted(mails) == ["jane.smith@thepost.test", "web.reader@example.org"]
    mail = mails["jane.smith@thepost.test"]
    assert mail["From"] == FROM
    assert TITLE in mail["Subject"] and "Posted from the page." in mail.get_content()
    assert "/comments/confirm-replies?token=" in mails["web.reader@example.org"].get_content()
    assert {sent.status for sent in outbox(services)} == {MailStatus.SENT}
    with services.writes() as session:
        posted = session.scalars(
            select(Comment).where(Comment.author_email == "web.reader@example.org")
        ).one()
        assert (posted.status, posted.notify_replies) == (CommentStatus.PENDING, True)
