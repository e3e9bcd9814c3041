"""The admin's menu: one line per section, shown to the roles that may use it, each
label an ``N_`` message the page shows in the newsroom's language."""

from __future__ import annotations

from dataclasses import dataclass

from thepost.i18n import N_
from thepost.permissions import Action
from thepost.web import urls


@dataclass(frozen=True)
class NavItem:
    label: str
    href: str
    permission: Action | None = None  # None: every signed-in account


NAV = [
    NavItem(N_("Dashboard"), urls.admin_home()),
    NavItem(N_("Articles"), urls.admin_articles()),
    NavItem(N_("Pages"), urls.admin_pages(), Action.PAGE_EDIT),
    NavItem(N_("Media"), urls.admin_media(), Action.MEDIA_UPLOAD),
    NavItem(N_("Comments"), urls.admin_comments(), Action.COMMENT_MODERATE),
    NavItem(N_("Sections"), urls.admin_sections(), Action.TAXONOMY_MANAGE),
    NavItem(N_("Tags"), urls.admin_tags(), Action.TAXONOMY_MANAGE),
    NavItem(N_("Menus"), urls.admin_menus(), Action.MENU_MANAGE),
    NavItem(N_("Newsletters"), urls.admin_newsletters(), Action.NEWSLETTER_SEND),
    NavItem(N_("Subscribers"), urls.admin_subscribers(), Action.NEWSLETTER_MANAGE),
    NavItem(N_("Members"), urls.admin_members(), Action.MEMBERS_VIEW),
    NavItem(N_("Users"), urls.admin_users(), Action.USER_MANAGE),
    NavItem(N_("Settings"), urls.admin_settings(), Action.SETTINGS_MANAGE),
    NavItem(N_("API tokens"), urls.admin_tokens()),
    NavItem(N_("Webhooks"), urls.admin_webhooks(), Action.SETTINGS_MANAGE),
    NavItem(N_("Audit log"), urls.admin_audit(), Action.AUDIT_VIEW),
    NavItem(N_("Import"), urls.admin_imports(), Action.SITE_IMPORT),
]
