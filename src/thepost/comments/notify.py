"""Who hears about a comment, and what the email says. No sending here: the app queues
these messages in the mail outbox in the same transaction as the comment.

- A comment waits for moderation: the article's authors with a newsroom account.
- "Notify me of replies" is ticked: one mail to that address asking its owner to confirm
  (double opt-in). It carries nothing the commenter wrote (no name, no text), so the
  form cannot be used to send a stranger's words to any address; a comment called spam
  asks nobody, and an address gets at most ``CONSENT_REQUESTS_PER_DAY`` such mails.
- A reply is approved: the parent's author, if they ticked "notify me of replies" and
  confirmed it (with a one-click unsubscribe link).

The mails to readers are written in the site's ``language`` (a BCP 47 tag) the caller
gives; the one to the newsroom is in English.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from thepost.accounts.models import User
from thepost.comments.models import Comment, CommentStatus
from thepost.content.models import Article, ArticleAuthor, Author
from thepost.i18n import translations
from thepost.mail.outbox import Message


def _one_line(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def awaiting_moderation(
    session: Session, comment: Comment, article: Article, article_url: str
) -> list[Message]:
    if comment.status != CommentStatus.PENDING:
        return []
    emails = session.scalars(
        select(User.email)
        .join(Author, Author.user_id == User.id)
        .join(ArticleAuthor, ArticleAuthor.author_id == Author.id)
        .where(ArticleAuthor.article_id == article.id, User.is_active.is_(True))
    ).all()
    reasons = "".join(f"  - {r}\n" for r in comment.reasons) or "  - (none)\n"
    body = (
        f'A new comment on "{article.title}" is waiting for moderation.\n\n'
        f"From: {comment.author_name}\n\n{comment.body}\n\n"
        f"Why it was held:\n{reasons}\nArticle: {article_url}\n"
    )
    subject = _one_line(f"Comment awaiting moderation: {article.title}")
    return [Message(email, subject, body) for email in dict.fromkeys(emails)]


CONSENT_REQUESTS_PER_DAY = 3


def asking_consent(
    session: Session,
    comment: Comment,
    article: Article,
    confirm_url: str,
    *,
    now: datetime,
    language: str,
) -> list[Message]:
    if not comment.notify_replies or comment.notify_confirmed_at is not None:
        return []
    if comment.status == CommentStatus.SPAM:
        return []
    asked = session.scalar(
        select(func.count()).where(
            Comment.email_key == comment.email_key,
            Comment.id != comment.id,
            Comment.notify_replies.is_(True),
            Comment.status != CommentStatus.SPAM,
            Comment.created_at > now - timedelta(days=1),
        )
    )
    if asked and asked >= CONSENT_REQUESTS_PER_DAY:
        return []
    _ = translations(language).gettext
    title = {"title": article.title}
    paragraphs = (
        _('A comment on "%(title)s" gave this address and asked to be emailed when someone '
          "replies.") % title,
        _("To get those emails, confirm here:") + "\n" + confirm_url,
        _("If that was not you, ignore this message: nothing more will be sent."),
    )  # fmt: skip
    subject = _one_line(_("Confirm reply notifications: %(title)s") % title)
    return [Message(comment.author_email, subject, "\n\n".join(paragraphs) + "\n")]


def reply_approved(
    session: Session,
    reply: Comment,
    article: Article,
    reply_url: str,
    unsubscribe_url: str,
    *,
    language: str,
) -> list[Message]:
    if reply.parent_id is None or reply.status != CommentStatus.APPROVED:
        return []
    parent = session.get(Comment, reply.parent_id)
    if (
        parent is None
        or not parent.notify_replies
        or parent.notify_confirmed_at is None
        or parent.status != CommentStatus.APPROVED
    ):
        return []
    if parent.email_key == reply.email_key:
        return []  # nobody needs to hear about their own reply
    _ = translations(language).gettext
    paragraphs = (
        _("Hello %(name)s,") % {"name": parent.author_name},
        _('%(name)s replied to your comment on "%(title)s":')
        % {"name": reply.author_name, "title": article.title},
        reply.body,
        _("Read it: %(link)s") % {"link": reply_url},
        _("Stop these emails: %(link)s") % {"link": unsubscribe_url},
    )
    body = "\n\n".join(paragraphs) + "\n"
    headers = {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    subject = _one_line(_("New reply to your comment on %(title)s") % {"title": article.title})
    return [Message(parent.author_email, subject, body, headers)]
