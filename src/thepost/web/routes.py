"""The routes table: every URL the site answers, by name, in one place.

Fixed prefixes come before the catch-all section and article paths, and section slugs
may not take a fixed prefix's name (``content.actions.RESERVED_SLUGS``).
"""

from __future__ import annotations

from pathlib import Path

from starlette.routing import BaseRoute, Mount, Route

from thepost.permissions import Action
from thepost.web import health, static
from thepost.web.admin import articles as admin_articles
from thepost.web.admin import audit as admin_audit
from thepost.web.admin import users as admin_users
from thepost.web.admin import views as admin
from thepost.web.admin.pages import page
from thepost.web.site import comments, search
from thepost.web.site import views as site


def table(media_dir: Path) -> list[BaseRoute]:
    return [
        Route("/", site.home, name="home", methods=["GET", "HEAD"]),
        Route("/search", search.results, name="search", methods=["GET", "HEAD"]),
        Route("/search/suggest", search.suggest, name="search_suggest", methods=["GET"]),
        Route("/latest", site.latest, name="latest", methods=["GET", "HEAD"]),
        Route("/tag/{slug}", site.tag, name="tag", methods=["GET", "HEAD"]),
        Route("/author/{slug}", site.author, name="author", methods=["GET", "HEAD"]),
        Route("/comments/mine", comments.mine, name="comments_mine", methods=["GET"]),
        Route(
            "/comments/unsubscribe",
            comments.unsubscribe,
            name="comments_unsubscribe",
            methods=["GET", "POST"],
        ),
        Route("/healthz", health.healthz, name="healthz", methods=["GET", "HEAD"]),
        Route("/readyz", health.readyz, name="readyz", methods=["GET", "HEAD"]),
        *newsroom(),
        Mount("/static", static.files(), name="static"),
        Mount("/media", static.media(media_dir), name="media"),
        Route("/{section}", site.section, name="section", methods=["GET", "HEAD"]),
        Route("/{section}/{slug}", site.article, name="article", methods=["GET", "HEAD"]),
        Route("/{section}/{slug}/comments", comments.post, name="comment_post", methods=["POST"]),
    ]


def newsroom() -> list[BaseRoute]:
    """The admin: every route a ``page`` behind the guard (``web/admin/pages.py``)."""
    post = ["POST"]
    both = ["GET", "POST"]
    return [
        page("/admin", admin.to_dashboard, name="admin"),
        page("/admin/", admin.dashboard, name="admin_dashboard"),
        page("/admin/login", admin.login, name="admin_login", methods=both, public=True),
        page("/admin/logout", admin.logout, name="admin_logout", methods=post),
        page("/admin/password", admin.password, name="admin_password", methods=both),
        page("/admin/articles", admin_articles.index, name="admin_articles"),
        page("/admin/users", admin_users.index, name="admin_users", permission=Action.USER_MANAGE),
        page(
            "/admin/users/new",
            admin_users.new,
            name="admin_user_new",
            methods=both,
            permission=Action.USER_MANAGE,
        ),
        page(
            "/admin/users/{user_id:int}/role",
            admin_users.role,
            name="admin_user_role",
            methods=post,
            permission=Action.USER_MANAGE,
        ),
        page(
            "/admin/users/{user_id:int}/active",
            admin_users.active,
            name="admin_user_active",
            methods=post,
            permission=Action.USER_MANAGE,
        ),
        page("/admin/audit", admin_audit.index, name="admin_audit", permission=Action.AUDIT_VIEW),
    ]
