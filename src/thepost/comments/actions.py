"""Every write to comments: the public form, moderation (admin and CLI) and importers.

``post_comment`` applies the rules a reader's comment meets: field limits, open thread,
duplicate and flood checks, the moderation policy and the spam filter. The moderation
actions check ``Action.COMMENT_MODERATE`` for their ``actor``, change a comment's status,
teach the spam filter from the moderator's call and emit ``CommentModerated`` (audited).
The caller commits; events reach subscribers (notifications, cache) after the commit.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, exists, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from thepost.accounts.models import User
from thepost.comments import policy as policies
from thepost.comments import spam, text
from thepost.comments.models import Comment, CommentStatus
from thepost.content.models import LIVE_STATUSES, Article
from thepost.db.base import table
from thepost.errors import Conflict, DomainError, NotFound, PermissionDenied, ValidationError
from thepost.events import (
    CommentApproved,
    CommentChanged,
    CommentModerated,
    CommentPosted,
    EventBus,
    SiteSettingsChanged,
)
from thepost.i18n import N_
from thepost.keys import Keys
from thepost.mail.outbox import address_error
from thepost.permissions import Action, Principal, require
from thepost.ratelimit import RateLimiter

LIMITS = {"author_name": 245, "author_email": 100, "author_url": 200, "body": 65_525}
# What the form says beside a field (``i18n.N_``: in the site's language where shown).
TOO_LONG = {
    "author_name": N_("The name is too long: at most %(limit)s characters (%(given)s given)."),
    "author_email": N_("The email is too long: at most %(limit)s characters (%(given)s given)."),
    "author_url": N_("The website is too long: at most %(limit)s characters (%(given)s given)."),
    "body": N_("The comment is too long: at most %(limit)s characters (%(given)s given)."),
}
MISSING = {
    "author_name": N_("Please enter your name."),
    "author_email": N_("Please enter your email."),
    "body": N_("Please enter your comment."),
}
CANNOT_REPLY = N_("That comment cannot be replied to.")
DUPLICATE = N_("You already posted that comment.")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s<>\"]*$", re.I)


class TooSoon(DomainError):
    """Flood control: the same address or network posted moments ago (HTTP 429)."""


@dataclass
class Submission:
    """A comment as a reader typed it, plus what the web layer observed."""

    article_id: int
    name: str
    email: str
    body: str
    url: str = ""
    parent_id: int | None = None
    notify_replies: bool = False
    ip_hash: str = ""
    honeypot: str = ""
    seconds_to_write: float | None = None
    # Comments this browser wrote (the web layer's signed commenter cookie): one of them
    # approved under the same address makes a returning commenter. An address alone
    # proves nothing: anyone can type it.
    written_ids: tuple[int, ...] = ()
    # A signed-in member wrote it: name and address are their account's (the address
    # proven by the sign-in link), so they count as a returning commenter.
    member_id: int | None = None


def email_key(keys: Keys, email: str) -> str:
    return keys.hash("email", email.strip().lower())


def fingerprint(email: str, body: str) -> str:
    """Same address, same words (spacing and case aside): the same comment."""
    normal = " ".join(body.lower().split())
    return hashlib.sha256(f"{email.strip().lower()}\n{normal}".encode()).hexdigest()


def _validate(name: str, email: str, url: str, body: str) -> dict[str, str]:
    # No database should be asked to store a NUL (PostgreSQL refuses one): dropped.
    name, email, url, body = (value.replace("\x00", "") for value in (name, email, url, body))
    values = {
        "author_name": name.strip(),
        "author_email": email.strip(),
        "author_url": url.strip(),
        "body": body.strip("\r\n"),
    }
    errors: dict[str, str] = {}
    for key, limit in LIMITS.items():
        if len(values[key]) > limit:
            errors[key] = TOO_LONG[key].with_values(limit=limit, given=len(values[key]))
    for key in ("author_name", "author_email", "body"):
        if not values[key].strip():
            errors[key] = MISSING[key]
    if "author_email" not in errors and address_error(values["author_email"]):
        errors["author_email"] = N_("Please enter a valid email address.")
    url_value = values["author_url"]
    if url_value and "author_url" not in errors and not _URL.match(url_value):
        errors["author_url"] = N_(
            "The website must be an address starting with http:// or https://."
        )
    if errors:
        raise ValidationError(errors)
    return values


def _depth(session: Session, article_id: int, parent_id: int | None) -> int:
    """A comment's depth in its thread; its parent must be on the same article."""
    if parent_id is None:
        return 1
    parent = session.get(Comment, parent_id)
    if parent is None or parent.article_id != article_id:
        raise ValidationError({"parent_id": CANNOT_REPLY})
    return parent.depth + 1


def add_comment(
    session: Session,
    keys: Keys,
    *,
    article_id: int,
    name: str,
    email: str,
    body: str,
    url: str = "",
    parent_id: int | None = None,
    now: datetime,
    status: CommentStatus = CommentStatus.PENDING,
    ip_hash: str = "",
    notify_replies: bool = False,
    notify_confirmed_at: datetime | None = None,
    reasons: list[str] | None = None,
    spam_score: float = 0.0,
    user_id: int | None = None,
    member_id: int | None = None,
) -> Comment:
    """Store a comment as given (importers, demo content, staff replies): no policy."""
    values = _validate(name, email, url, body)
    depth = _depth(session, article_id, parent_id)
    comment = Comment(
        article_id=article_id,
        parent_id=parent_id,
        depth=depth,
        email_key=email_key(keys, values["author_email"]),
        fingerprint=fingerprint(values["author_email"], values["body"]),
        body_html=text.render(values["body"]),
        status=status.value,
        ip_hash=ip_hash,
        created_at=now,
        notify_replies=notify_replies,
        notify_confirmed_at=notify_confirmed_at,
        reasons=reasons or [],
        spam_score=spam_score,
        user_id=user_id,
        member_id=member_id,
        **values,
    )
    try:
        with session.begin_nested():
            session.add(comment)
    except IntegrityError as exc:
        raise Conflict(DUPLICATE) from exc
    return comment


@dataclass(frozen=True)
class Imported:
    """A comment as another platform kept it (``import_comments``), on ``article_id``,
    replying to ``parent_id`` (a comment of the same article, already stored)."""

    key: str  # what makes it unique where it came from, e.g. "wordpress:1234"
    name: str
    email: str
    url: str
    body: str
    created_at: datetime
    status: CommentStatus
    article_id: int
    parent_id: int | None = None


def import_comments(
    session: Session, bus: EventBus, keys: Keys, comments: Sequence[Imported], *,
    actor: Principal,
) -> list[int]:  # fmt: skip
    """Store comments brought from another platform, as they were there: status, date
    and place in the thread, in one statement for all; returns their ids, in order.
    Unlike a reader's comment, nothing in one is refused (an archive is kept whole): an
    over-long field is cut, a missing name becomes "Anonymous", an address or website
    that is not one is left out. Its text is stored as plain text like every comment's.
    The threads are rendered again; nobody is notified of a conversation that happened
    years ago."""
    require(actor, Action.COMMENT_MODERATE)
    if not comments:
        return []
    parents = sorted({c.parent_id for c in comments if c.parent_id is not None})
    depths: dict[tuple[int, int], int] = {}
    for start in range(0, len(parents), 1000):  # a thread may have thousands of replies
        part = parents[start : start + 1000]
        found = session.execute(
            select(Comment.id, Comment.article_id, Comment.depth).where(Comment.id.in_(part))
        )
        depths.update(((article_id, id_), depth) for id_, article_id, depth in found)
    rows = []
    for comment in comments:
        depth = 1
        if comment.parent_id is not None:
            if (comment.article_id, comment.parent_id) not in depths:
                raise ValidationError({"parent_id": CANNOT_REPLY})
            depth = depths[comment.article_id, comment.parent_id] + 1
        rows.append(_imported(keys, comment, depth))
    # One statement run for all the rows (not an object each, nor the far longer
    # statement that returning their ids in order takes), then their ids read back by
    # what makes each unique.
    session.execute(insert(table(Comment)), rows)
    ids = _ids_of(session, rows)
    for comment_id, row in zip(ids, rows, strict=True):
        bus.emit(session, CommentChanged(comment_id, row["article_id"]))
    return ids


def _ids_of(session: Session, rows: Sequence[dict[str, Any]]) -> list[int]:
    """The ids of these comments, just stored, by their (article, fingerprint)."""
    found: dict[tuple[int, str], int] = {}
    for start in range(0, len(rows), 500):
        part = rows[start : start + 500]
        found.update(
            ((article_id, fingerprint), comment_id)
            for comment_id, article_id, fingerprint in session.execute(
                select(Comment.id, Comment.article_id, Comment.fingerprint).where(
                    Comment.article_id.in_({r["article_id"] for r in part}),
                    Comment.fingerprint.in_([r["fingerprint"] for r in part]),
                )
            )
        )
    return [found[r["article_id"], r["fingerprint"]] for r in rows]


def _imported(keys: Keys, comment: Imported, depth: int) -> dict[str, Any]:
    """A comment's row as ``import_comments`` inserts it."""
    email = comment.email.strip()[: LIMITS["author_email"]]
    if address_error(email):
        email = ""
    url = comment.url.strip()[: LIMITS["author_url"]]
    body = comment.body.replace("\x00", "").strip()[: LIMITS["body"]]
    return {
        "article_id": comment.article_id,
        "parent_id": comment.parent_id,
        "depth": depth,
        "author_name": " ".join(comment.name.split())[: LIMITS["author_name"]] or "Anonymous",
        "author_email": email,
        "author_url": url if _URL.match(url) else "",
        "body": body,
        "email_key": email_key(keys, email) if email else "",
        # Unique by where it came from, not by its words: two readers who both wrote
        # "Thanks!" there keep both comments here.
        "fingerprint": hashlib.sha256(comment.key.encode()).hexdigest(),
        "body_html": text.render(body),
        "status": comment.status.value,
        "created_at": comment.created_at,
    }


@dataclass(frozen=True)
class Checked:
    """A submission whose fields are valid, with its spam tokens: the work that grows with
    the text, done before any transaction opens, so that a long comment costs its sender's
    request some CPU, never the site's write lock (SQLite: ``BEGIN IMMEDIATE``)."""

    form: Submission
    values: dict[str, str]
    tokens: list[str]


def check(form: Submission) -> Checked:
    """Validate a submission and compute its spam tokens; needs no database. Raises
    ValidationError (the form comes back)."""
    values = _validate(form.name, form.email, form.url, form.body)
    toks = spam.tokens(
        values["author_name"], values["author_email"], values["author_url"], values["body"]
    )
    return Checked(form, values, toks)


def post_comment(
    session: Session,
    bus: EventBus,
    keys: Keys,
    limiter: RateLimiter,
    form: Submission | Checked,
    *,
    now: datetime,
) -> Comment:
    """A reader's comment, through every rule. Give it ``check(form)`` made before the
    session began (a bare Submission is checked here, inside the caller's transaction).
    Raises ValidationError (the form comes back), PermissionDenied (closed), Conflict
    (duplicate) or TooSoon (flood)."""
    checked = form if isinstance(form, Checked) else check(form)
    form, values = checked.form, checked.values
    rules = policies.load(session)
    article = session.scalar(
        select(Article).where(
            Article.id == form.article_id,
            Article.status.in_(LIVE_STATUSES),
            Article.published_at <= now,
        )
    )
    if article is None:
        raise NotFound("article")
    if not article.comments_open or rules.closed_by_age(article.published_at, now):
        raise PermissionDenied(N_("Comments are closed on this article."))
    if form.parent_id is not None:
        parent = session.get(Comment, form.parent_id)
        if (
            parent is None
            or parent.article_id != article.id
            or parent.status != CommentStatus.APPROVED
        ):
            raise ValidationError({"parent_id": CANNOT_REPLY})
        if parent.depth >= rules.max_depth:
            raise ValidationError({"parent_id": N_("Replies cannot be nested any deeper here.")})

    key = email_key(keys, values["author_email"])
    print_ = fingerprint(values["author_email"], values["body"])
    if session.scalar(
        select(exists().where(Comment.article_id == article.id, Comment.fingerprint == print_))
    ):
        raise Conflict(DUPLICATE)
    for scope, who in (("comment-ip", form.ip_hash), ("comment-email", key)):
        if who and not limiter.hit(scope, who, per_seconds=rules.flood_seconds):
            raise TooSoon(N_("You are posting comments too quickly. Please wait a moment."))

    spam.ensure_trained(session)
    verdict = spam.score(session, checked.tokens)
    staff = is_staff_address(session, values["author_email"])
    returning = not staff and (
        form.member_id is not None
        or _wrote(session, form, key, Comment.status == CommentStatus.APPROVED)
    )
    # This browser's earlier comment under the address was confirmed from its inbox: the
    # same person asking again needs no second confirmation mail.
    consented = form.notify_replies and (
        form.member_id is not None
        or _wrote(session, form, key, Comment.notify_confirmed_at.is_not(None))
    )
    decision = rules.decide(
        policies.Facts(
            name=values["author_name"],
            email=values["author_email"],
            url=values["author_url"],
            body=values["body"],
            ip_hash=form.ip_hash,
            honeypot_filled=bool(form.honeypot.strip()),
            seconds_to_write=form.seconds_to_write,
            returning=returning,
            staff_address=staff,
            spam_probability=verdict.probability,
            spam_reasons=verdict.reasons,
        )
    )
    comment = add_comment(
        session,
        keys,
        article_id=article.id,
        parent_id=form.parent_id,
        now=now,
        status=decision.status,
        ip_hash=form.ip_hash,
        notify_replies=form.notify_replies,
        notify_confirmed_at=now if consented else None,
        reasons=decision.reasons,
        spam_score=round(verdict.probability, 4),
        name=values["author_name"],
        email=values["author_email"],
        url=values["author_url"],
        body=values["body"],
        member_id=form.member_id,
    )
    bus.emit(session, CommentPosted(comment.id, article.id, comment.status))
    if comment.status == CommentStatus.APPROVED:
        bus.emit(session, CommentApproved(comment.id, article.id))
    return comment


def _wrote(session: Session, form: Submission, key: str, condition: ColumnElement[bool]) -> bool:
    """Whether a comment this browser wrote (its signed cookie) under the same address
    meets ``condition``."""
    if not form.written_ids:
        return False
    ids = form.written_ids[-50:]
    found = exists().where(Comment.id.in_(ids), Comment.email_key == key, condition)
    return bool(session.scalar(select(found)))


def is_staff_address(session: Session, email: str) -> bool:
    """Whether a newsroom member (active or not) has this address: the public form never
    vouches for one, since anyone can type it."""
    address = email.strip().lower()
    return bool(session.scalar(select(exists().where(func.lower(User.email) == address))))


# -- moderation -------------------------------------------------------------------------


def _get(session: Session, comment_id: int) -> Comment:
    comment = session.get(Comment, comment_id)
    if comment is None:
        raise NotFound(f"comment {comment_id}")
    return comment


def _tokens(comment: Comment) -> list[str]:
    return spam.tokens(comment.author_name, comment.author_email, comment.author_url, comment.body)


def _set_status(
    session: Session, bus: EventBus, comment: Comment, status: CommentStatus, actor: Principal
) -> Comment:
    was = comment.status
    if was == status:
        return comment
    if status in (CommentStatus.SPAM, CommentStatus.TRASH):
        comment.previous_status = was
    if status != CommentStatus.TRASH:  # binning is not a verdict on spam
        _teach(session, comment, spam_now=status == CommentStatus.SPAM, was_spam=was == "spam")
    comment.status = status.value
    session.flush()
    if status == CommentStatus.APPROVED:
        bus.emit(session, CommentApproved(comment.id, comment.article_id))
    elif was == CommentStatus.APPROVED:
        bus.emit(session, CommentChanged(comment.id, comment.article_id))
    bus.emit(session, CommentModerated(comment.id, status.value, was, actor.id))
    return comment


def _teach(session: Session, comment: Comment, *, spam_now: bool, was_spam: bool) -> None:
    """A moderator calling something spam, or overruling a spam verdict, teaches the filter;
    an earlier lesson about the same comment is taken back first."""
    if spam_now == was_spam:
        return
    lesson = "spam" if spam_now else "ham"
    toks = _tokens(comment)
    if comment.trained_as:
        spam.unlearn(session, toks, spam=comment.trained_as == "spam")
    spam.learn(session, toks, spam=lesson == "spam")
    comment.trained_as = lesson


def _moderated(session: Session, comment_id: int, actor: Principal) -> Comment:
    require(actor, Action.COMMENT_MODERATE)
    return _get(session, comment_id)


def approve(session: Session, bus: EventBus, comment_id: int, *, actor: Principal) -> Comment:
    comment = _moderated(session, comment_id, actor)
    return _set_status(session, bus, comment, CommentStatus.APPROVED, actor)


def unapprove(session: Session, bus: EventBus, comment_id: int, *, actor: Principal) -> Comment:
    comment = _moderated(session, comment_id, actor)
    return _set_status(session, bus, comment, CommentStatus.PENDING, actor)


def mark_spam(session: Session, bus: EventBus, comment_id: int, *, actor: Principal) -> Comment:
    comment = _moderated(session, comment_id, actor)
    return _set_status(session, bus, comment, CommentStatus.SPAM, actor)


def not_spam(session: Session, bus: EventBus, comment_id: int, *, actor: Principal) -> Comment:
    comment = _moderated(session, comment_id, actor)
    return _step_back(session, bus, comment, CommentStatus.SPAM, actor)


def trash(session: Session, bus: EventBus, comment_id: int, *, actor: Principal) -> Comment:
    comment = _moderated(session, comment_id, actor)
    return _set_status(session, bus, comment, CommentStatus.TRASH, actor)


def restore(session: Session, bus: EventBus, comment_id: int, *, actor: Principal) -> Comment:
    comment = _moderated(session, comment_id, actor)
    return _step_back(session, bus, comment, CommentStatus.TRASH, actor)


def _step_back(
    session: Session, bus: EventBus, comment: Comment, leaving: CommentStatus, actor: Principal
) -> Comment:
    """Out of spam or trash, to the status the comment had before (pending if unknown)."""
    if comment.status != leaving:
        return comment
    before = comment.previous_status
    back = before if before in ("pending", "approved") else "pending"
    return _set_status(session, bus, comment, CommentStatus(back), actor)


def edit(
    session: Session,
    bus: EventBus,
    comment_id: int,
    *,
    actor: Principal,
    body: str,
    name: str | None = None,
    url: str | None = None,
) -> Comment:
    comment = _moderated(session, comment_id, actor)
    values = _validate(
        comment.author_name if name is None else name,
        comment.author_email,
        comment.author_url if url is None else url,
        body,
    )
    comment.author_name, comment.author_url = values["author_name"], values["author_url"]
    comment.body = values["body"]
    comment.body_html = text.render(values["body"])
    comment.fingerprint = fingerprint(comment.author_email, comment.body)
    session.flush()
    if comment.status == CommentStatus.APPROVED:
        bus.emit(session, CommentChanged(comment.id, comment.article_id))
    return comment


def reply_as_staff(
    session: Session,
    bus: EventBus,
    keys: Keys,
    parent_id: int,
    *,
    name: str,
    email: str,
    body: str,
    actor: Principal,
    now: datetime,
) -> Comment:
    """A newsroom reply by ``actor``: published at once, and the parent is approved with it."""
    parent = _moderated(session, parent_id, actor)
    if parent.status != CommentStatus.APPROVED:
        approve(session, bus, parent.id, actor=actor)
    reply = add_comment(
        session,
        keys,
        article_id=parent.article_id,
        parent_id=parent.id,
        name=name,
        email=email,
        body=body,
        now=now,
        status=CommentStatus.APPROVED,
        user_id=actor.id,
    )
    bus.emit(session, CommentApproved(reply.id, reply.article_id))
    return reply


def update_policy(
    session: Session, bus: EventBus, policy: policies.ModerationPolicy, *, actor: Principal
) -> None:
    """Store the moderation policy (a site setting: admins only)."""
    require(actor, Action.SETTINGS_MANAGE)
    policies.save(session, policy)
    bus.emit(session, SiteSettingsChanged((policies.SETTING_KEY,), actor.id))


def confirm_replies(session: Session, comment_id: int, *, now: datetime) -> Comment:
    """The address's owner agrees to reply notifications for this comment (the link in
    the confirmation mail, which went to that address only)."""
    comment = _get(session, comment_id)
    if comment.notify_replies and comment.notify_confirmed_at is None:
        comment.notify_confirmed_at = now
        session.flush()
    return comment


def unsubscribe(session: Session, comment_id: int) -> Comment:
    """Stop reply notifications for this comment (the one-click link in the email)."""
    comment = _get(session, comment_id)
    comment.notify_replies = False
    session.flush()
    return comment


# The moderation steps by the name the newsroom's buttons and the API use.
MODERATION = {
    "approve": approve,
    "unapprove": unapprove,
    "spam": mark_spam,
    "notspam": not_spam,
    "trash": trash,
    "restore": restore,
}
