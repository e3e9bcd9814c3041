"""Every role against every action, through the actions themselves (not the buttons)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

import factories as f
from admin.conftest import Staff
from media import samples
from thepost.accounts import actions as accounts
from thepost.audit.models import AuditEntry
from thepost.comments import actions as comments
from thepost.comments.policy import ModerationPolicy
from thepost.content import actions as content
from thepost.content import editorial, media, menus, page_actions, queries, revisions, taxonomy
from thepost.content.actions import ArticleInput
from thepost.content.menus import MenuItemInput
from thepost.content.models import PageRevision
from thepost.content.page_actions import PageInput
from thepost.errors import PermissionDenied, ValidationError
from thepost.permissions import SYSTEM, Action, Actor, Owned, Role, can

Y, N = True, False
ROLES = ["contributor", "author", "editor", "admin"]

# What WordPress lets each role do.          contributor author editor admin
EXPECTED: dict[str, tuple[bool, bool, bool, bool]] = {
    "create an article":                     (Y, Y, Y, Y),
    "edit own draft":                        (Y, Y, Y, Y),
    "edit own published article":            (N, Y, Y, Y),
    "edit someone else's draft":             (N, N, Y, Y),
    "submit own draft for review":           (Y, Y, Y, Y),
    "publish own draft":                     (N, Y, Y, Y),
    "publish an article with own byline":    (N, Y, Y, Y),
    "publish someone else's draft":          (N, N, Y, Y),
    "unpublish own published article":       (N, Y, Y, Y),
    "unpublish someone else's article":      (N, N, Y, Y),
    "delete own draft":                      (Y, Y, Y, Y),
    "delete own published article":          (N, Y, Y, Y),
    "delete someone else's article":         (N, N, Y, Y),
    "autosave own draft":                    (Y, Y, Y, Y),
    "autosave someone else's draft":         (N, N, Y, Y),
    "schedule own draft":                    (N, Y, Y, Y),
    "trash own draft":                       (Y, Y, Y, Y),
    "trash someone else's article":          (N, N, Y, Y),
    "restore own draft from the trash":      (Y, Y, Y, Y),
    "restore a revision of own draft":       (Y, Y, Y, Y),
    "restore a revision of someone else's":  (N, N, Y, Y),
    "append a correction":                   (N, N, Y, Y),
    "make a preview link for own draft":     (Y, Y, Y, Y),
    "make a preview link for someone else's": (N, N, Y, Y),
    "change site settings":                  (N, N, N, Y),
    "write a page":                          (N, N, Y, Y),
    "publish a page":                        (N, N, Y, Y),
    "make a page private":                   (N, N, Y, Y),
    "delete a page":                         (N, N, Y, Y),
    "restore a revision of a page":          (N, N, Y, Y),
    "save a menu":                           (N, N, Y, Y),
    "create a user":                         (N, N, N, Y),
    "change a user's role":                  (N, N, N, Y),
    "deactivate a user":                     (N, N, N, Y),
    "change the comment policy":             (N, N, N, Y),
    "create a section":                      (N, N, Y, Y),
    "rename a section":                      (N, N, Y, Y),
    "reorder sections":                      (N, N, Y, Y),
    "create a tag":                          (N, N, Y, Y),
    "rename a tag":                          (N, N, Y, Y),
    "merge tags":                            (N, N, Y, Y),
    "delete a tag":                          (N, N, Y, Y),
    "create an author profile":              (N, N, Y, Y),
    "edit an author profile":                (N, N, Y, Y),
    "upload an image":                       (N, Y, Y, Y),
    "describe an image":                     (N, N, Y, Y),  # nobody's: editors look after it
    "describe own picture":                  (N, Y, Y, Y),
    "describe someone else's picture":       (N, N, Y, Y),
    "put own name on own story's byline":    (Y, Y, Y, Y),
    "credit own story to someone else":      (N, N, Y, Y),
    "approve a comment":                     (N, N, Y, Y),
    "mark a comment as spam":                (N, N, Y, Y),
    "trash a comment":                       (N, N, Y, Y),
    "edit a comment":                        (N, N, Y, Y),
    "reply to a comment as staff":           (N, N, Y, Y),
}  # fmt: skip
CAPABILITIES: dict[Action, tuple[bool, bool, bool, bool]] = {
    Action.ARTICLE_CORRECT: (N, N, Y, Y),
    Action.COMMENT_MODERATE: (N, N, Y, Y),
    Action.TAXONOMY_MANAGE: (N, N, Y, Y),
    Action.AUTHOR_MANAGE: (N, N, Y, Y),
    Action.PAGE_EDIT: (N, N, Y, Y),
    Action.MENU_MANAGE: (N, N, Y, Y),
    Action.BANNER_MANAGE: (N, N, Y, Y),
    Action.MEDIA_UPLOAD: (N, Y, Y, Y),
    Action.USER_MANAGE: (N, N, N, Y),
    Action.SETTINGS_MANAGE: (N, N, N, Y),
    Action.AUDIT_VIEW: (N, N, N, Y),
}


def _save(services, session, actor, title: str, **kw: Any) -> int:
    data = ArticleInput(title=title, body="Body text.", **kw)
    return content.save_article(
        session, services.bus, services.media_urls, data, actor=actor, now=services.clock()
    ).id


def _publish(services, session, article_id: int) -> None:
    content.publish_article(session, services.bus, article_id, actor=SYSTEM, now=services.clock())


def _cases(services, staff: Staff, user) -> dict[str, Callable[[Any], object]]:
    """Each case sets up its objects (as the system) and returns the action to try."""
    bus, now = services.bus, services.clock()

    def own(session, publish: bool = False) -> int:
        # The user's own story: they wrote its first revision.
        article_id = _save(services, session, user, "Mine")
        if publish:  # by the system: a contributor cannot publish their own
            _publish(services, session, article_id)
        return article_id

    def other(session, publish: bool = False) -> int:
        article_id = _save(services, session, SYSTEM, "Theirs")
        if publish:
            _publish(services, session, article_id)
        return article_id

    def bylined(session) -> int:
        author = content.create_author(session, "Byline Person", user_id=user.id)
        return _save(services, session, SYSTEM, "Bylined", author_ids=[author.id])

    def edit(session, article_id: int) -> object:
        data = ArticleInput(title="Changed", body="New text.")
        return content.save_article(
            session, bus, services.media_urls, data, actor=user, now=now, article_id=article_id
        )

    def publish(session, article_id: int) -> object:
        return content.publish_article(session, bus, article_id, actor=user, now=now)

    def unpublish(session, article_id: int) -> object:
        return content.unpublish_article(session, bus, article_id, actor=user, now=now)

    def describe(session, image_id: int) -> object:
        return media.describe_image(
            session, bus, image_id, actor=user, alt="New", caption="", credit=""
        )

    def credit(session, article_id: int, user_id: int) -> object:
        author = content.create_author(session, f"Person {user_id}", user_id=user_id)
        data = ArticleInput(title="Mine", body="Body text.", author_ids=[author.id])
        return content.save_article(
            session, bus, services.media_urls, data, actor=user, now=now, article_id=article_id
        )

    def delete(session, article_id: int) -> object:
        return content.delete_article(session, bus, article_id, actor=user, now=now)

    def trashed(session) -> int:
        article_id = own(session)
        editorial.trash_article(session, bus, article_id, actor=SYSTEM, now=now)
        return article_id

    def autosave(session, article_id: int) -> object:
        data = ArticleInput(title="Typing", body="Half a sentence")
        return editorial.autosave(
            session, bus, services.media_urls, data, article_id=article_id, actor=user, now=now
        )

    def first_revision(session, article_id: int) -> object:
        revision = queries.revisions(session, article_id)[-1]
        return editorial.restore_revision(
            session, bus, services.media_urls, article_id, revision.id, actor=user, now=now
        )

    def a_page(session) -> int:
        data = PageInput("A page", "Its words.")
        made = page_actions.save_page(
            session, bus, services.media_urls, data, actor=SYSTEM, now=now
        )
        return made.id

    def page_revision(session) -> object:
        page_id = a_page(session)
        revision = revisions.history(session, PageRevision, page_id)[-1]
        return page_actions.restore_page_revision(
            session, bus, services.media_urls, page_id, revision.id, actor=user, now=now
        )

    def comment(session) -> int:
        article = f.article(services, session)
        return comments.add_comment(
            session,
            services.keys,
            article_id=article.id,
            name="Reader",
            email="reader@example.org",
            body="First!",
            now=now,
        ).id

    def tag(session, name: str = "Old") -> int:
        return content.tags_by_name(session, [name])[0].id

    def moderate(action: Callable[..., object]) -> Callable[[Any], object]:
        return lambda s: action(s, bus, comment(s), actor=user)

    target = staff.contributor if user.id != staff.contributor.id else staff.author
    return {
        "upload an image": lambda s: media.upload_image(
            s, services.storage, samples.encoded("PNG", (40, 30)), actor=user
        ),
        "describe an image": lambda s: describe(s, f.image(services, s).id),
        "describe own picture": lambda s: describe(s, f.image(services, s, uploaded_by=user.id).id),
        "describe someone else's picture": lambda s: describe(
            s, f.image(services, s, uploaded_by=target.id).id
        ),
        "put own name on own story's byline": lambda s: credit(s, own(s), user.id),
        "credit own story to someone else": lambda s: credit(s, own(s), target.id),
        "change the comment policy": lambda s: comments.update_policy(
            s, bus, ModerationPolicy(max_links=5), actor=user
        ),
        "create a section": lambda s: taxonomy.add_section(s, bus, actor=user, name="Climate"),
        "rename a section": lambda s: taxonomy.update_section(
            s, bus, f.section(s).id, actor=user, name="Renamed", parent_id=None
        ),
        "reorder sections": lambda s: taxonomy.move_section(
            s, bus, f.section(s).id, actor=user, up=True
        ),
        "create a tag": lambda s: taxonomy.add_tag(s, bus, actor=user, name="Fresh"),
        "rename a tag": lambda s: taxonomy.rename_tag(s, bus, tag(s), actor=user, name="New"),
        "merge tags": lambda s: taxonomy.merge_tags(
            s, bus, source_id=tag(s), into_id=tag(s, "Other"), actor=user
        ),
        "delete a tag": lambda s: taxonomy.delete_tag(s, bus, tag(s), actor=user),
        "create an author profile": lambda s: content.add_author(
            s, bus, actor=user, name="Guest Writer"
        ),
        "edit an author profile": lambda s: content.update_author(
            s, bus, f.author(s).id, actor=user, bio="Writes about rivers."
        ),
        "approve a comment": moderate(comments.approve),
        "mark a comment as spam": moderate(comments.mark_spam),
        "trash a comment": moderate(comments.trash),
        "edit a comment": lambda s: comments.edit(s, bus, comment(s), actor=user, body="Fixed"),
        "reply to a comment as staff": lambda s: comments.reply_as_staff(
            s,
            bus,
            services.keys,
            comment(s),
            name="Desk",
            email="desk@thepost.test",
            body="Thanks.",
            actor=user,
            now=now,
        ),
        "create an article": lambda s: _save(services, s, user, "New"),
        "edit own draft": lambda s: edit(s, own(s)),
        "edit own published article": lambda s: edit(s, own(s, publish=True)),
        "edit someone else's draft": lambda s: edit(s, other(s)),
        "submit own draft for review": lambda s: content.submit_article(
            s, bus, own(s), actor=user, now=now
        ),
        "publish own draft": lambda s: publish(s, own(s)),
        "publish an article with own byline": lambda s: publish(s, bylined(s)),
        "publish someone else's draft": lambda s: publish(s, other(s)),
        "unpublish own published article": lambda s: unpublish(s, own(s, publish=True)),
        "unpublish someone else's article": lambda s: unpublish(s, other(s, publish=True)),
        "delete own draft": lambda s: delete(s, own(s)),
        "delete own published article": lambda s: delete(s, own(s, publish=True)),
        "delete someone else's article": lambda s: delete(s, other(s, publish=True)),
        "autosave own draft": lambda s: autosave(s, own(s)),
        "autosave someone else's draft": lambda s: autosave(s, other(s)),
        "schedule own draft": lambda s: content.publish_article(
            s, bus, own(s), actor=user, now=now, at=now + timedelta(hours=2)
        ),
        "trash own draft": lambda s: editorial.trash_article(s, bus, own(s), actor=user, now=now),
        "trash someone else's article": lambda s: editorial.trash_article(
            s, bus, other(s, publish=True), actor=user, now=now
        ),
        "restore own draft from the trash": lambda s: editorial.restore_article(
            s, bus, trashed(s), actor=user, now=now
        ),
        "restore a revision of own draft": lambda s: first_revision(s, own(s)),
        "restore a revision of someone else's": lambda s: first_revision(s, other(s)),
        "append a correction": lambda s: editorial.add_correction(
            s, bus, other(s, publish=True), kind="correction", body="Fixed.", actor=user, now=now
        ),
        "make a preview link for own draft": lambda s: editorial.preview_token(
            s, services.keys, own(s), actor=user, now=now
        ),
        "make a preview link for someone else's": lambda s: editorial.preview_token(
            s, services.keys, other(s), actor=user, now=now
        ),
        "change site settings": lambda s: content.update_site_settings(
            s, bus, actor=user, tagline="New tagline"
        ),
        "write a page": lambda s: page_actions.save_page(
            s, bus, services.media_urls, PageInput("About us"), actor=user, now=now
        ),
        "publish a page": lambda s: page_actions.publish_page(
            s, bus, a_page(s), actor=user, now=now
        ),
        "make a page private": lambda s: page_actions.set_page_status(
            s, bus, a_page(s), "private", actor=user, now=now
        ),
        "delete a page": lambda s: page_actions.delete_page(s, bus, a_page(s), actor=user, now=now),
        "restore a revision of a page": lambda s: page_revision(s),
        "save a menu": lambda s: menus.save_menu(
            s, bus, "footer", [MenuItemInput("", "latest")], actor=user
        ),
        "create a user": lambda s: accounts.create_user(
            s, actor=user, email="new.person@thepost.test", password="granite owl harbour"
        ),
        "change a user's role": lambda s: accounts.set_role(s, user, target.id, "editor", now=now),
        "deactivate a user": lambda s: accounts.set_active(s, user, target.id, False, now=now),
    }


@pytest.mark.parametrize("role", ROLES)
def test_role_by_action(services, staff, role) -> None:
    user = staff[role]
    column = ROLES.index(role)
    cases = _cases(services, staff, user)
    assert set(cases) == set(EXPECTED)
    outcomes = {}
    for name, run in cases.items():
        with services.writes() as session:
            try:
                run(session)
                outcomes[name] = True
            except (PermissionDenied, ValidationError):  # a byline refused beside its field
                outcomes[name] = False
            finally:
                session.rollback()
    expected = {name: allowed[column] for name, allowed in EXPECTED.items()}
    assert outcomes == expected


@pytest.mark.parametrize("role", ROLES)
def test_role_capabilities(role) -> None:
    actor = Actor(id=1, role=role)
    for action, allowed in CAPABILITIES.items():
        assert can(actor, action) is allowed[ROLES.index(role)], action


def test_deactivated_accounts_and_unknown_roles_may_do_nothing() -> None:
    for action in Action:
        assert not can(Actor(id=1, role=Role.ADMIN, is_active=False), action)
        assert not can(Actor(id=1, role="superuser"), action)
        assert not can(None, action)
    assert can(SYSTEM, Action.USER_MANAGE)


def test_own_means_owned() -> None:
    author = Actor(id=7, role=Role.AUTHOR)
    assert can(author, Action.ARTICLE_PUBLISH_OWN, Owned(frozenset({7})))
    assert not can(author, Action.ARTICLE_PUBLISH_OWN, Owned(frozenset({8})))
    assert can(Actor(id=9, role=Role.EDITOR), Action.ARTICLE_PUBLISH_OWN, Owned(frozenset({8})))
    contributor = Actor(id=7, role=Role.CONTRIBUTOR)
    assert can(contributor, Action.ARTICLE_EDIT_OWN, Owned(frozenset({7})))
    assert not can(contributor, Action.ARTICLE_EDIT_OWN, Owned(frozenset({7}), published=True))


def test_publish_unpublish_delete_and_settings_are_audited(services, staff) -> None:
    editor, now = staff.editor, services.clock()
    with services.writes.begin() as session:
        article_id = _save(services, session, staff.author, "Audited story")
        content.publish_article(session, services.bus, article_id, actor=editor, now=now)
        content.unpublish_article(session, services.bus, article_id, actor=editor, now=now)
        content.delete_article(session, services.bus, article_id, actor=editor, now=now)
        content.update_site_settings(session, services.bus, actor=staff.admin, tagline="News")
        accounts.set_role(session, staff.admin, staff.author.id, "editor", now=now)
    with services.writes() as session:  # a refused or failed action leaves no row
        with pytest.raises(PermissionDenied):
            content.update_site_settings(session, services.bus, actor=editor, tagline="x")
        session.rollback()
    with services.reads() as session:
        rows = [
            (e.action, e.user_id, e.object_type, e.object_id, e.detail)
            for e in session.scalars(
                select(AuditEntry).where(~AuditEntry.action.like("user.create"))
            )
        ]
    assert rows == [
        ("article.publish", editor.id, "article", str(article_id), {}),
        ("article.unpublish", editor.id, "article", str(article_id), {}),
        ("article.delete", editor.id, "article", str(article_id), {}),
        ("settings.change", staff.admin.id, "settings", "", {"keys": ["tagline"]}),
        (
            "user.role",
            staff.admin.id,
            "user",
            str(staff.author.id),
            {"from": "author", "to": "editor"},
        ),
    ]


def test_comment_moderation_is_audited(services, staff) -> None:
    editor = staff.editor
    with services.writes.begin() as session:
        article = f.article(services, session)
        comment_id = comments.add_comment(
            session,
            services.keys,
            article_id=article.id,
            name="Reader",
            email="reader@example.org",
            body="Buy cheap pills",
            now=services.clock(),
        ).id
        comments.mark_spam(session, services.bus, comment_id, actor=editor)
        comments.not_spam(session, services.bus, comment_id, actor=editor)
        comments.approve(session, services.bus, comment_id, actor=editor)
        comments.approve(session, services.bus, comment_id, actor=editor)  # no change, no row
    with services.reads() as session:
        rows = [
            (e.action, e.user_id, e.object_type, e.object_id, e.detail)
            for e in session.scalars(
                select(AuditEntry).where(AuditEntry.action == "comment.moderate")
            )
        ]
    assert rows == [
        (
            "comment.moderate",
            editor.id,
            "comment",
            str(comment_id),
            {"from": "pending", "to": "spam"},
        ),
        (
            "comment.moderate",
            editor.id,
            "comment",
            str(comment_id),
            {"from": "spam", "to": "pending"},
        ),
        (
            "comment.moderate",
            editor.id,
            "comment",
            str(comment_id),
            {"from": "pending", "to": "approved"},
        ),
    ]
