"""Posting a comment through every rule, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

import factories as f
from thepost.accounts.models import User
from thepost.comments import actions, policy
from thepost.comments.models import Comment, CommentStatus
from thepost.errors import Conflict, NotFound, PermissionDenied, ValidationError
from thepost.permissions import SYSTEM
from thepost.ratelimit import RateLimiter


@pytest.fixture
def story(services):
    with services.writes.begin() as session:
        return f.article(services, session, section=f.section(session, "News"))


def submit(services, story, limiter=None, **kw):
    form = actions.Submission(
        article_id=story.id,
        name=kw.pop("name", "Ann Reader"),
        email=kw.pop("email", "ann@example.org"),
        body=kw.pop("body", "A thoughtful remark about the council's plan."),
        seconds_to_write=kw.pop("seconds_to_write", 30.0),
        ip_hash=kw.pop("ip_hash", "ip-1"),
        **kw,
    )
    with services.writes.begin() as session:
        return actions.post_comment(
            session,
            services.bus,
            services.keys,
            limiter or RateLimiter(),
            form,
            now=services.clock(),
        )


def set_policy(services, **values):
    with services.writes.begin() as session:
        policy.save(session, policy.ModerationPolicy(**values))


def test_first_comment_is_held_then_the_returning_commenter_is_published(services, story) -> None:
    first = submit(services, story)
    assert first.status == CommentStatus.PENDING
    assert "first comment from this address" in first.reasons
    with services.writes.begin() as session:
        actions.approve(session, services.bus, first.id, actor=SYSTEM)
    second = submit(
        services, story, body="And a follow-up thought.", ip_hash="ip-2", written_ids=(first.id,)
    )
    assert second.status == CommentStatus.APPROVED


def test_a_known_address_without_proof_is_held_as_first_time(services, story) -> None:
    first = submit(services, story)
    with services.writes.begin() as session:
        actions.approve(session, services.bus, first.id, actor=SYSTEM)
    typed = submit(services, story, body="Someone typing Ann's address.", ip_hash="ip-2")
    assert typed.status == CommentStatus.PENDING
    assert "first comment from this address" in typed.reasons
    # Proof of another address's comment vouches for nobody else.
    other = submit(
        services,
        story,
        email="eve@example.org",
        body="Eve here.",
        ip_hash="ip-3",
        written_ids=(first.id,),
    )
    assert other.status == CommentStatus.PENDING


def test_a_newsroom_address_is_held_and_flagged(services, story) -> None:
    with services.writes.begin() as session:
        session.add(
            User(email="Editor@ThePost.test", display_name="Ed", password_hash="x", is_active=False)
        )  # a former member's address is no better
    comment = submit(services, story, email="editor@thepost.test")
    assert comment.status == CommentStatus.PENDING
    assert policy.STAFF_ADDRESS in comment.reasons
    set_policy(services, hold_first_time=False)
    again = submit(
        services,
        story,
        email="editor@thepost.test",
        body="Again.",
        ip_hash="ip-2",
        written_ids=(comment.id,),
    )
    assert again.status == CommentStatus.PENDING
    assert policy.STAFF_ADDRESS in again.reasons


def test_email_case_does_not_make_a_new_commenter(services, story) -> None:
    first = submit(services, story)
    with services.writes.begin() as session:
        actions.approve(session, services.bus, first.id, actor=SYSTEM)
    again = submit(
        services,
        story,
        email="ANN@Example.org",
        body="Another.",
        ip_hash="ip-2",
        written_ids=(first.id,),
    )
    assert again.status == CommentStatus.APPROVED


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        ({"body": "See https://a.example and https://b.example"}, "2 links"),
        ({"seconds_to_write": 0.4}, "written in 0.4 s"),
        ({"seconds_to_write": None}, "timestamp is missing"),
    ],
)
def test_held_for_links_speed_and_missing_stamp(services, story, values, reason) -> None:
    set_policy(services, hold_first_time=False)
    comment = submit(services, story, **values)
    assert comment.status == CommentStatus.PENDING
    assert any(reason in r for r in comment.reasons)


def test_moderation_and_block_lists(services, story) -> None:
    set_policy(
        services,
        hold_first_time=False,
        moderation_words=("refund",),
        block_words=("casino",),
        block_emails=("bad@example.org",),
    )
    assert submit(services, story, body="I want a refund").status == CommentStatus.PENDING
    assert submit(services, story, body="Best casino", ip_hash="2").status == CommentStatus.SPAM
    blocked = submit(services, story, email="bad@example.org", body="hi", ip_hash="3")
    assert blocked.status == CommentStatus.SPAM


def test_honeypot_marks_spam(services, story) -> None:
    comment = submit(services, story, honeypot="http://spam.example")
    assert comment.status == CommentStatus.SPAM


def test_the_spam_filter_scores_and_explains(services, story) -> None:
    spammy = submit(
        services,
        story,
        name="Cheap Pills Online",
        email="deals@pharma-deals.example",
        body="BUY CHEAP VIAGRA NOW!!! Best price, no prescription, fast shipping "
        "https://pharma-deals.example/buy https://pharma-deals.example/cheap",
    )
    assert spammy.status in (CommentStatus.SPAM, CommentStatus.PENDING)
    assert spammy.spam_score > 0.5
    assert any("spam filter" in r for r in spammy.reasons)


def test_moderators_teach_the_filter(services, story) -> None:
    comment = submit(services, story, body="Visit my page for zorblax deals")
    with services.writes.begin() as session:
        actions.mark_spam(session, services.bus, comment.id, actor=SYSTEM)
    with services.writes.begin() as session:
        assert session.get(Comment, comment.id).trained_as == "spam"
        actions.not_spam(session, services.bus, comment.id, actor=SYSTEM)
    with services.writes() as session:
        back = session.get(Comment, comment.id)
        assert (back.status, back.trained_as) == ("pending", "ham")


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("name", "", "author_name"),
        ("email", "not-an-email", "author_email"),
        ("url", "javascript:alert(1)", "author_url"),
        ("url", "ftp://example.org", "author_url"),
        ("body", "   ", "body"),
        ("name", "n" * 246, "author_name"),
        ("email", "a" * 90 + "@example.org", "author_email"),
        ("url", "https://example.org/" + "p" * 190, "author_url"),
        ("body", "b" * 65_526, "body"),
        ("body", "😀" * 65_526, "body"),
    ],
)
def test_field_rules(services, story, field, value, error) -> None:
    with pytest.raises(ValidationError) as caught:
        submit(services, story, **{field: value})
    assert error in caught.value.errors
    with services.writes() as session:
        assert session.scalar(select(func.count(Comment.id))) == 0


def test_limits_count_characters_not_bytes(services, story) -> None:
    """WordPress's limits, exactly: 4-byte characters at the boundary are fine."""
    comment = submit(services, story, name="😀" * 245, body="𝄞" * 65_525)
    with services.writes() as session:
        stored = session.get(Comment, comment.id)
        assert stored.body == "𝄞" * 65_525 and stored.author_name == "😀" * 245


def test_body_is_plain_text_with_safe_links(services, story) -> None:
    comment = submit(
        services, story, body="<b>bold</b> & see https://example.org/a?b=1&c=2.\n\nNext"
    )
    assert "<b>" not in comment.body_html and "&lt;b&gt;" in comment.body_html
    assert (
        '<a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc noopener">'
        in comment.body_html
    )
    assert comment.body_html.count("<p>") == 2


def test_duplicates_are_refused(services, story) -> None:
    submit(services, story)
    with pytest.raises(Conflict):
        submit(
            services, story, body="  A thoughtful remark about the COUNCIL's plan. ", ip_hash="x"
        )


def test_flood_control_per_address_and_network(services, story) -> None:
    limiter = RateLimiter()
    submit(services, story, limiter=limiter)
    with pytest.raises(actions.TooSoon):
        submit(services, story, limiter=limiter, body="Second", ip_hash="other-ip")
    with pytest.raises(actions.TooSoon):
        submit(services, story, limiter=limiter, body="Third", email="bob@example.org")
    submit(services, story, limiter=limiter, body="Fourth", email="cy@example.org", ip_hash="ip-9")


def test_fifty_identical_concurrent_posts_store_one_row(services, story) -> None:
    limiter, outcomes, lock = RateLimiter(), [], threading.Lock()
    start = threading.Barrier(50)

    def post(n: int) -> None:
        start.wait()
        try:
            submit(services, story, limiter=limiter, ip_hash=f"ip-{n}")  # even from 50 addresses
            result = "stored"
        except (Conflict, actions.TooSoon) as exc:
            result = type(exc).__name__
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=post, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert outcomes.count("stored") == 1 and len(outcomes) == 50
    with services.writes() as session:
        assert session.scalar(select(func.count(Comment.id))) == 1


def test_threading_and_depth_limit(services, story) -> None:
    set_policy(services, hold_first_time=False, max_depth=2, flood_seconds=0)
    top = submit(services, story)
    reply = submit(services, story, parent_id=top.id, body="Reply")
    assert reply.depth == 2
    with pytest.raises(ValidationError) as caught:
        submit(services, story, parent_id=reply.id, body="Too deep")
    assert "parent_id" in caught.value.errors


def test_replies_only_to_approved_comments_of_the_same_article(services, story) -> None:
    held = submit(services, story)
    with pytest.raises(ValidationError):
        submit(services, story, parent_id=held.id, body="Reply to a held one", ip_hash="2")
    with services.writes.begin() as session:
        other = f.article(services, session)
        actions.approve(session, services.bus, held.id, actor=SYSTEM)
    set_policy(services, flood_seconds=0)
    with pytest.raises(ValidationError):
        submit(services, other, parent_id=held.id, body="Wrong article")


def test_closed_comments(services, story, clock) -> None:
    set_policy(services, close_after_days=14)
    clock.advance(days=15)
    with pytest.raises(PermissionDenied):
        submit(services, story)
    with services.writes.begin() as session:
        closed = f.article(services, session, comments_open=False)
    with pytest.raises(PermissionDenied):
        submit(services, closed)


def test_only_live_articles_take_comments(services, clock) -> None:
    with services.writes.begin() as session:
        draft = f.article(services, session, publish=False)
        future = f.article(services, session, published=clock.now + timedelta(days=1))
    for target in (draft, future):
        with pytest.raises(NotFound):
            submit(services, target)


def test_moderation_actions_round_trip(services, story) -> None:
    comment = submit(services, story)
    steps = [
        (actions.approve, "approved"),
        (actions.unapprove, "pending"),
        (actions.approve, "approved"),
        (actions.trash, "trash"),
        (actions.restore, "approved"),
        (actions.mark_spam, "spam"),
        (actions.not_spam, "approved"),
    ]
    for action, status in steps:
        with services.writes.begin() as session:
            assert action(session, services.bus, comment.id, actor=SYSTEM).status == status, (
                action.__name__
            )
    with services.writes.begin() as session:
        edited = actions.edit(
            session, services.bus, comment.id, actor=SYSTEM, body="Edited <i>text</i>"
        )
        assert edited.body_html == "<p>Edited &lt;i&gt;text&lt;/i&gt;</p>"


def test_staff_reply_is_published_and_approves_the_parent(services, story) -> None:
    comment = submit(services, story)
    with services.writes.begin() as session:
        reply = actions.reply_as_staff(
            session,
            services.bus,
            services.keys,
            comment.id,
            name="The Editor",
            email="editor@example.org",
            body="Thanks, corrected.",
            actor=SYSTEM,
            now=services.clock(),
        )
    with services.writes() as session:
        assert session.get(Comment, comment.id).status == "approved"
        assert session.get(Comment, reply.id).status == "approved"


def test_ip_addresses_are_kept_only_as_keyed_hashes(services) -> None:
    digest = services.keys.hash("ip", "203.0.113.9")
    assert "203.0.113.9" not in digest and len(digest) == 64
    assert digest != type(services.keys)("another secret").hash("ip", "203.0.113.9")
