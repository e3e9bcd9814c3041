"""The admin's menu: one line per section, shown to the roles that may use it."""

from __future__ import annotations

from dataclasses import dataclass

from thepost.permissions import Action
from thepost.web import urls


@dataclass(frozen=True)
class NavItem:
    label: str
    href: str
    permission: Action | None = None  # None: every signed-in account


NAV = [
    NavItem("Dashboard", urls.admin_home()),
    NavItem("Articles", urls.admin_articles()),
    NavItem("Pages", urls.admin_pages(), Action.PAGE_EDIT),
    NavItem("Media", urls.admin_media(), Action.MEDIA_UPLOAD),
    NavItem("Comments", urls.admin_comments(), Action.COMMENT_MODERATE),
    NavItem("Sections", urls.admin_sections(), Action.TAXONOMY_MANAGE),
    NavItem("Tags", urls.admin_tags(), Action.TAXONOMY_MANAGE),
    NavItem("Menus", urls.admin_menus(), Action.MENU_MANAGE),
    NavItem("Newsletters", urls.admin_newsletters(), Action.NEWSLETTER_SEND),
    NavItem("Subscribers", urls.admin_subscribers(), Action.NEWSLETTER_MANAGE),
    NavItem("Members", urls.admin_members(), Action.MEMBERS_VIEW),
    NavItem("Users", urls.admin_users(), Action.USER_MANAGE),
    NavItem("Settings", urls.admin_settings(), Action.SETTINGS_MANAGE),
    NavItem("API tokens", urls.admin_tokens()),
    NavItem("Webhooks", urls.admin_webhooks(), Action.SETTINGS_MANAGE),
    NavItem("Audit log", urls.admin_audit(), Action.AUDIT_VIEW),
    NavItem("Import", urls.admin_imports(), Action.SITE_IMPORT),
]
