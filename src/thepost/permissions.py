"""Who may do what: WordPress's four roles, as data, checked inside every action.

Shared by the domain packages like ``errors`` and ``events``: it knows roles, actions and
owners, never tables, so ``content`` can check a permission without importing
``accounts``. An action asks before it writes::

    require(actor, Action.ARTICLE_PUBLISH_OWN, Owned(owner_ids=frozenset({7})))

Actions that come in ``_own``/``_any`` pairs are asked for as ``_own`` with the object:
holders of the ``_any`` action pass for every object, holders of ``_own`` for their own.
Asked without an object, ``can`` answers whether the role has the action at all (what the
admin's menus show). The acting party is a ``User`` (anything with ``id``, ``role`` and
``is_active``) or an ``Actor``; ``SYSTEM`` is the command line and the demo loader.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Protocol

from thepost.errors import PermissionDenied


class Role(enum.StrEnum):
    CONTRIBUTOR = "contributor"
    AUTHOR = "author"
    EDITOR = "editor"
    ADMIN = "admin"


class Action(enum.StrEnum):
    ARTICLE_CREATE = "article.create"
    ARTICLE_SUBMIT = "article.submit"  # send a draft for review
    ARTICLE_EDIT_OWN = "article.edit_own"
    ARTICLE_EDIT_ANY = "article.edit_any"
    ARTICLE_PUBLISH_OWN = "article.publish_own"
    ARTICLE_PUBLISH_ANY = "article.publish_any"
    ARTICLE_UNPUBLISH_OWN = "article.unpublish_own"
    ARTICLE_UNPUBLISH_ANY = "article.unpublish_any"
    ARTICLE_DELETE_OWN = "article.delete_own"
    ARTICLE_DELETE_ANY = "article.delete_any"
    ARTICLE_CORRECT = "article.correct"  # append a correction or update note
    LIVE_DRAFT = "live.draft"  # write a live blog's entries (a contributor's wait to be posted)
    LIVE_POST_OWN = "live.post_own"  # post, edit, pin and delete entries; start and end a blog
    LIVE_POST_ANY = "live.post_any"
    COMMENT_MODERATE = "comment.moderate"
    TAXONOMY_MANAGE = "taxonomy.manage"  # sections and tags
    PAGE_EDIT = "page.edit"  # About, Contact, Terms...: write, publish, move, delete
    MENU_MANAGE = "menu.manage"  # the site's header and footer menus
    MEDIA_UPLOAD = "media.upload"
    MEDIA_DESCRIBE_OWN = "media.describe_own"  # a picture's alt, caption and credit
    MEDIA_DESCRIBE_ANY = "media.describe_any"
    BYLINE_ANY = "article.byline_any"  # put anyone on a byline (others: only themselves)
    AUTHOR_MANAGE = "author.manage"  # author profiles: name, job title, biography, photo
    MEDIA_DELETE = "media.delete"
    USER_MANAGE = "user.manage"
    SETTINGS_MANAGE = "settings.manage"
    BANNER_MANAGE = "site.banner"  # raise and lower the breaking-news banner
    AUDIT_VIEW = "audit.view"
    SITE_IMPORT = "site.import"  # bring a whole site in (admins)
    NEWSLETTER_SEND = "newsletter.send"  # write, test and send issues
    # Newsletters themselves, and their subscribers' addresses (personal data: admins).
    NEWSLETTER_MANAGE = "newsletter.manage"
    MEMBERS_VIEW = "members.view"  # readers' accounts: personal data (admins)

    @property
    def any_variant(self) -> Action | None:
        """``article.edit_any`` for ``article.edit_own``; None for other actions."""
        if not self.value.endswith("_own"):
            return None
        return Action(self.value.removesuffix("_own") + "_any")


_CONTRIBUTOR = frozenset(
    {Action.ARTICLE_CREATE, Action.ARTICLE_SUBMIT, Action.ARTICLE_EDIT_OWN,
     Action.ARTICLE_DELETE_OWN, Action.LIVE_DRAFT}
)  # fmt: skip
_AUTHOR = _CONTRIBUTOR | {
    Action.LIVE_POST_OWN,
    Action.ARTICLE_PUBLISH_OWN,
    Action.ARTICLE_UNPUBLISH_OWN,
    Action.MEDIA_UPLOAD,
    Action.MEDIA_DESCRIBE_OWN,
}
_EDITOR = _AUTHOR | {
    Action.ARTICLE_EDIT_ANY,
    Action.ARTICLE_PUBLISH_ANY,
    Action.ARTICLE_UNPUBLISH_ANY,
    Action.ARTICLE_DELETE_ANY,
    Action.ARTICLE_CORRECT,
    Action.LIVE_POST_ANY,
    Action.COMMENT_MODERATE,
    Action.TAXONOMY_MANAGE,
    Action.PAGE_EDIT,
    Action.MENU_MANAGE,
    Action.MEDIA_DELETE,
    Action.MEDIA_DESCRIBE_ANY,
    Action.BYLINE_ANY,
    Action.AUTHOR_MANAGE,
    Action.BANNER_MANAGE,
    Action.NEWSLETTER_SEND,
}
ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.CONTRIBUTOR: _CONTRIBUTOR,
    Role.AUTHOR: _AUTHOR,
    Role.EDITOR: _EDITOR,
    Role.ADMIN: frozenset(Action),
}
# A contributor's own story is theirs only until it goes out: after that, as in WordPress
# (edit_published_posts, delete_published_posts), an editor looks after it.
_CONTRIBUTOR_UNTIL_PUBLISHED = frozenset({Action.ARTICLE_EDIT_OWN, Action.ARTICLE_DELETE_OWN})


class Principal(Protocol):
    @property
    def id(self) -> int | None: ...
    @property
    def role(self) -> str: ...
    @property
    def is_active(self) -> bool: ...


@dataclass(frozen=True)
class Actor:
    """Someone acting without a ``User`` row at hand: the system, or a user's snapshot."""

    id: int | None
    role: str
    is_active: bool = True

    @classmethod
    def of(cls, user: Principal) -> Actor:
        return cls(id=user.id, role=user.role, is_active=user.is_active)


SYSTEM = Actor(id=None, role=Role.ADMIN)


@dataclass(frozen=True)
class Owned:
    """What a rule needs to know about an object: whose it is and whether it is out."""

    owner_ids: frozenset[int]
    published: bool = False


def can(actor: Principal | None, action: Action | str, obj: Owned | None = None) -> bool:
    if actor is None or not actor.is_active:
        return False
    action = Action(action)
    granted = ROLE_ACTIONS.get(actor.role, frozenset())
    wider = action.any_variant
    if wider is not None and wider in granted:
        return True
    if action not in granted:
        return False
    if wider is None or obj is None:
        return True
    if actor.id is None or actor.id not in obj.owner_ids:
        return False
    return not (
        obj.published and actor.role == Role.CONTRIBUTOR and action in _CONTRIBUTOR_UNTIL_PUBLISHED
    )


def require(actor: Principal | None, action: Action | str, obj: Owned | None = None) -> None:
    """Raise ``PermissionDenied`` unless ``can``; the web layer answers it with 403."""
    if not can(actor, action, obj):
        raise PermissionDenied(f"{getattr(actor, 'role', 'nobody')} may not {action}")
