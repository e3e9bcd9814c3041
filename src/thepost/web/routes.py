"""The routes table: every URL the site answers, by name, in one place.

The home page and the paths under a section come first: they are the busiest, and the
``section`` convertor refuses every first segment the other routes take (``admin``,
``tag``, ``robots.txt``, ...), so they can never shadow them. Section slugs may not take
such a name either (``content.taxonomy.RESERVED_SLUGS``; a test keeps the two in step),
nor may top-level pages, which answer under the same paths when no section or article
does (``site/paths.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from starlette.convertors import (
    Convertor,
    PathConvertor,
    StringConvertor,
    register_url_convertor,
)
from starlette.routing import BaseRoute, Match, Mount, Route

from thepost import i18n
from thepost.content import redirects
from thepost.content.queries import parse_page
from thepost.permissions import Action
from thepost.web import health, static
from thepost.web.admin import limits
from thepost.web.admin.pages import page
from thepost.web.api import content as api_content
from thepost.web.api import ghost, openapi, wp_rest
from thepost.web.api import schemas as api_schemas
from thepost.web.api.framework import MAX_PICTURE, Spec, endpoint
from thepost.web.deps import on_loop_locally
from thepost.web.later import Views
from thepost.web.site import (
    account,
    comments,
    feeds,
    live,
    newsletters,
    page_views,
    paths,
    preview,
    search,
    sitemaps,
)
from thepost.web.site import views as site

# The newsroom's views and the API's writers, imported on their first request: a worker
# that serves only readers never loads them (``web/later.py``).
admin = Views("thepost.web.admin.views")
admin_articles = Views("thepost.web.admin.articles")
admin_audit = Views("thepost.web.admin.audit")
admin_comments = Views("thepost.web.admin.comments")
admin_editor = Views("thepost.web.admin.editor")
admin_imports = Views("thepost.web.admin.imports")
admin_live = Views("thepost.web.admin.live")
admin_media = Views("thepost.web.admin.media")
admin_members = Views("thepost.web.admin.members")
admin_menus = Views("thepost.web.admin.menus")
admin_newsletters = Views("thepost.web.admin.newsletters")
admin_page_editor = Views("thepost.web.admin.page_editor")
admin_page_list = Views("thepost.web.admin.page_list")
admin_page_revisions = Views("thepost.web.admin.page_revisions")
admin_revisions = Views("thepost.web.admin.revisions")
admin_settings = Views("thepost.web.admin.settings")
admin_taxonomy = Views("thepost.web.admin.taxonomy")
admin_tokens = Views("thepost.web.admin.tokens")
admin_users = Views("thepost.web.admin.users")
admin_webhooks = Views("thepost.web.admin.webhooks")
admin_workflow = Views("thepost.web.admin.workflow")
api_admin = Views("thepost.web.api.admin")
api_newsletters = Views("thepost.web.api.newsletters")


def table() -> list[BaseRoute]:
    read = ["GET", "HEAD"]
    others = [
        *machine_readable(),
        Route("/comments/mine", comments.mine, name="comments_mine", methods=["GET"]),
        Route("/comments/received", comments.received, name="comment_received", methods=["GET"]),
        Route(
            "/comments/unsubscribe",
            comments.unsubscribe,
            name="comments_unsubscribe",
            methods=["GET", "POST"],
        ),
        Route(
            "/comments/confirm-replies",
            comments.confirm_replies,
            name="comments_confirm_replies",
            methods=["GET", "POST"],
        ),
        Route("/preview/{token}", preview.page, name="preview", methods=read),
        Route(
            "/liveblog/{article_id:int}/updates", live.updates, name="live_updates", methods=read
        ),
        Route("/liveblog/{article_id:int}/older", live.older, name="live_older", methods=read),
        Route(
            "/liveblog/{article_id:int}/feed/{kind}",
            feeds.live_feed,
            name="live_feed",
            methods=read,
        ),
        *newsletter_pages(),
        *member_pages(),
        Route("/healthz", health.healthz, name="healthz", methods=read),
        Route("/readyz", health.readyz, name="readyz", methods=read),
        *newsroom(),
        *editor(),
        *api(),
        *ghost_api(),
        *wordpress_api(),
        Mount("/static", static.files(), name="static"),
        Route("/media/{key:path}", static.media, name="media", methods=read),
    ]
    taken = [*first_segments([*others, *_listings()]), *i18n.LANGUAGES]
    register_url_convertor("section", section_slug(taken))
    register_url_convertor("below", _Below())
    register_url_convertor("language", _Language())
    return [
        *reading(),
        # The same pages in each other language the site publishes in (``/es/...``).
        Mount("/{language:language}", routes=reading(), name="edition"),
        *others,
    ]


def _listings() -> list[BaseRoute]:
    read = ["GET", "HEAD"]
    return [
        Route("/search", search.results, name="search", methods=read),
        Route("/search/suggest", search.suggest, name="search_suggest", methods=["GET"]),
        Route("/latest", on_loop_locally(site.latest), name="latest", methods=read),
        Route("/feed/{kind}", on_loop_locally(feeds.site_feed), name="feed", methods=read),
        Route("/tag/{slug}", on_loop_locally(site.tag), name="tag", methods=read),
        Route("/author/{slug}", on_loop_locally(site.author), name="author", methods=read),
    ]


def reading() -> list[BaseRoute]:
    """What a reader reads, in the site's own language or under another language's
    first segment: the home page, the lists, search, the site's feed, sections, stories
    and pages. The paths under a section come last: their convertor refuses the
    segments the others take."""
    read = ["GET", "HEAD"]
    return [
        Route("/", on_loop_locally(site.home), name="home", methods=read),
        *_listings(),
        Route("/{section:section}/{slug}", paths.second_level, name="article", methods=read),
        Route(
            "/{section:section}", on_loop_locally(paths.first_level), name="section", methods=read
        ),
        Route(
            "/{section:section}/feed/{kind}",
            on_loop_locally(feeds.section_feed),
            name="section_feed",
            methods=read,
        ),
        Route(
            "/{section:section}/{slug}/comments/feed/{kind}",
            feeds.comments_feed,
            name="comments_feed",
            methods=read,
        ),
        Route(
            "/{section:section}/{slug}/comments",
            comments.post,
            name="comment_post",
            methods=["POST"],
        ),
        # Last of the paths under a section: a page three or more levels deep. The routes
        # above take a second segment "feed" and a third "comments" (which pages may not
        # have), and a GET of an article's comments path stays a 405.
        Route("/{section:section}/{slug}/{rest:below}", page_views.page, name="page", methods=read),
    ]


def member_pages() -> list[BaseRoute]:
    """Signing in by emailed link or code, and the member's own account page."""
    return [
        Route("/account", account.page, name="account", methods=["GET"]),
        Route("/account/sign-in", account.sign_in, name="account_sign_in", methods=["GET"]),
        Route("/account/sign-in", account.ask, name="account_ask", methods=["POST"]),
        Route("/account/check", account.check, name="account_check", methods=["GET"]),
        Route("/account/code", account.code, name="account_code", methods=["POST"]),
        Route("/account/link", account.link, name="account_link", methods=["GET"]),
        Route("/account/{action}", account.act, name="account_act", methods=["POST"]),
    ]


def first_segments(routes: Iterable[BaseRoute]) -> list[str]:
    """The first path segment of each route, as it is written (``sitemap-{n:int}.xml``)."""
    return sorted({str(getattr(route, "path", "")).split("/")[1] for route in routes})


def section_slug(taken: Iterable[str]) -> Convertor[str]:
    """A convertor for a path segment that is none of ``taken`` (first segments of other
    routes; a ``{parameter}`` in one stands for any text)."""
    words = [
        "[^/]*".join(re.escape(part) for part in re.split(r"\{[^}]*\}", segment))
        for segment in taken
        if segment
    ]

    class SectionSlug(StringConvertor):
        regex = f"(?!(?:{'|'.join(words)})(?:/|$))[^/]+"

    return SectionSlug()


class _Language(StringConvertor):
    """The first segment of the pages in a language other than the site's own: one of
    the languages the site can speak (whether the site publishes in it is the view's to
    say, from its settings)."""

    regex = "|".join(sorted(i18n.LANGUAGES))


class _Below(PathConvertor):
    """The rest of a deep page's path: its segments (none empty, no trailing slash: that
    address answers a 301 to the page's own), but not an article's ``comments``."""

    regex = "(?!comments(?:/|$))(?:[^/]+/)*[^/]+"


def machine_readable() -> list[BaseRoute]:
    """Feeds (``kind``: rss, atom or json), sitemaps and robots.txt."""
    read = ["GET", "HEAD"]
    return [
        Route(
            "/tag/{slug}/feed/{kind}",
            on_loop_locally(feeds.tag_feed),
            name="tag_feed",
            methods=read,
        ),
        Route(
            "/author/{slug}/feed/{kind}",
            on_loop_locally(feeds.author_feed),
            name="author_feed",
            methods=read,
        ),
        Route("/robots.txt", sitemaps.robots, name="robots", methods=read),
        Route("/sitemap.xml", sitemaps.index, name="sitemap_index", methods=read),
        Route("/sitemap-pages.xml", sitemaps.listings, name="sitemap_listings", methods=read),
        Route("/sitemap-news.xml", sitemaps.news, name="sitemap_news", methods=read),
        Route(
            "/sitemap-articles-{number:int}.xml",
            sitemaps.articles,
            name="sitemap_articles",
            methods=read,
        ),
    ]


def newsroom() -> list[BaseRoute]:
    """The admin: every route a ``page`` behind the guard (``web/admin/pages.py``)."""
    post = ["POST"]
    both = ["GET", "POST"]
    return [
        page("/admin", admin.to_dashboard, name="admin"),
        page("/admin/", admin.dashboard, name="admin_dashboard"),
        page(
            "/admin/banner",
            admin.banner,
            name="admin_banner",
            methods=post,
            permission=Action.BANNER_MANAGE,
        ),
        page(
            "/admin/banner/lower",
            admin.lower_banner,
            name="admin_banner_lower",
            methods=post,
            permission=Action.BANNER_MANAGE,
        ),
        page("/admin/login", admin.login, name="admin_login", methods=both, public=True),
        page("/admin/logout", admin.logout, name="admin_logout", methods=post),
        page("/admin/password", admin.password, name="admin_password", methods=both),
        page("/admin/language", admin.language, name="admin_language", methods=post),
        page("/admin/articles", admin_articles.index, name="admin_articles"),
        page("/admin/articles/find", admin_articles.find, name="admin_articles_find"),
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
        page("/admin/tokens", admin_tokens.index, name="admin_tokens", methods=both),
        page(
            "/admin/tokens/{token_id:int}/revoke",
            admin_tokens.revoke,
            name="admin_token_revoke",
            methods=post,
        ),
        *webhook_pages(),
        *newsroom_newsletters(),
        page(
            "/admin/members",
            admin_members.index,
            name="admin_members",
            permission=Action.MEMBERS_VIEW,
        ),
        page("/admin/audit", admin_audit.index, name="admin_audit", permission=Action.AUDIT_VIEW),
        *media_pages(),
        *moderation_pages(),
        page(
            "/admin/settings",
            admin_settings.index,
            name="admin_settings",
            methods=["GET", "POST"],
            permission=Action.SETTINGS_MANAGE,
        ),
        *taxonomy_pages(),
        page(
            "/admin/import",
            admin_imports.index,
            name="admin_imports",
            methods=both,
            permission=Action.SITE_IMPORT,
            max_body=limits.IMPORT_BODY,
            max_files=1,
        ),
        page(
            "/admin/import/{run_id:int}",
            admin_imports.run,
            name="admin_import",
            permission=Action.SITE_IMPORT,
        ),
        *page_pages(),
        page(
            "/admin/menus",
            admin_menus.index,
            name="admin_menus",
            methods=["GET", "POST"],
            permission=Action.MENU_MANAGE,
            max_body=500_000,
            max_fields=limits.MENU_FIELDS,
        ),
    ]


def editor() -> list[BaseRoute]:
    """The article editor and its workflow (``web/admin/editor.py``, ``workflow.py``,
    ``revisions.py``); every action checks the permission on the article itself."""
    post, both, body = ["POST"], ["GET", "POST"], 2_000_000
    article = "/admin/articles/{article_id:int}"
    buttons = [
        ("autosave", admin_editor.autosave),
        ("lock", admin_editor.lock),
        ("unpublish", admin_workflow.unpublish),
        ("trash", admin_workflow.trash),
        ("restore", admin_workflow.restore),
        ("preview-link", admin_workflow.preview_link),
        ("revoke-previews", admin_workflow.revoke_previews),
        ("corrections", admin_workflow.correction),
        ("translate", admin_workflow.translate),
    ]
    return [
        page(
            "/admin/articles/new",
            admin_editor.new,
            name="admin_article_new",
            methods=both,
            permission=Action.ARTICLE_CREATE,
            max_body=body,
        ),
        page(
            "/admin/articles/autosave",
            admin_editor.autosave_new,
            name="admin_article_autosave_new",
            methods=post,
            permission=Action.ARTICLE_CREATE,
            max_body=body,
        ),
        page(
            "/admin/articles/preview",
            admin_editor.live_preview,
            name="admin_article_preview",
            methods=post,
            permission=Action.ARTICLE_CREATE,
            max_body=body,
        ),
        page(article, admin_editor.edit, name="admin_article", methods=both, max_body=body),
        *(
            page(
                f"{article}/{name}",
                view,
                name=f"admin_article_{name.replace('-', '_')}",
                methods=post,
                max_body=body,
            )
            for name, view in buttons
        ),
        page(f"{article}/revisions", admin_revisions.index, name="admin_revisions"),
        *live_desk(article),
        page(
            f"{article}/revisions/{{revision_id:int}}/restore",
            admin_revisions.restore,
            name="admin_revision_restore",
            methods=post,
        ),
    ]


def live_desk(article: str) -> list[BaseRoute]:
    """A live blog's desk (``web/admin/live.py``): the page checks who may write entries;
    each action checks who may post to this blog."""
    desk, entry = f"{article}/live", f"{article}/live/entries/{{entry_id:int}}"

    def button(path: str, view: Any, name: str) -> Route:
        return page(path, view, name=name, methods=["POST"], permission=Action.LIVE_DRAFT)

    return [
        page(desk, admin_live.desk, name="admin_live", methods=["GET", "POST"],
             permission=Action.LIVE_DRAFT),
        button(f"{desk}/start", admin_live.start, "admin_live_start"),
        button(f"{desk}/end", admin_live.end, "admin_live_end"),
        button(f"{entry}/post", admin_live.post, "admin_live_post"),
        button(f"{entry}/mark", admin_live.mark, "admin_live_mark"),
        button(f"{entry}/delete", admin_live.delete, "admin_live_delete"),
    ]  # fmt: skip


def api() -> list[BaseRoute]:
    """The API (``web/api``): every route an ``endpoint`` with its ``Spec``, which the
    OpenAPI document at ``/api/v1/openapi.json`` is built from."""
    v1, s, read = "/api/v1", api_schemas, ["GET", "HEAD"]
    view = api_content
    return [
        endpoint(
            f"{v1}/newsletters",
            api_newsletters.newsletters,
            name="api_newsletters",
            spec=Spec(
                "List newsletters", "Newsletters", query=s.KeyQuery, response=s.NewsletterList
            ),
        ),
        endpoint(
            f"{v1}/newsletters/subscribe",
            api_newsletters.subscribe,
            name="api_newsletter_subscribe",
            method="POST",
            spec=Spec(
                "Sign up for newsletters",
                "Newsletters",
                body=s.SubscribeIn,
                response=s.SubscribeOut,
                status=202,
                description="Double opt-in: the address is emailed a link to confirm, and "
                "nothing else is sent to it until its owner does. The answer is the same "
                "whether or not the address was known.",
            ),
        ),
        endpoint(
            f"{v1}/articles",
            view.articles,
            name="api_articles",
            spec=Spec(
                "List articles",
                "Articles",
                query=s.ArticleQuery,
                response=s.ArticleList,
                stored=True,
                description=(
                    "Live articles, newest first, by cursor (meta.pagination.next_cursor; "
                    "stable while stories are published) or by page number. Lists leave out "
                    "body_html, body_source and corrections unless fields= names them. "
                    "status= (a token with content:read) lists other statuses too."
                ),
            ),
        ),
        endpoint(
            f"{v1}/articles/{{article_id:int}}",
            view.article,
            name="api_article",
            spec=Spec(
                "Read an article",
                "Articles",
                query=s.OneQuery,
                response=s.ArticleOne,
                stored=True,
                description="Its ETag is the version If-Match checks (with a token).",
            ),
        ),
        endpoint(
            f"{v1}/articles/slug/{{slug}}",
            view.article_by_slug,
            name="api_article_by_slug",
            spec=Spec(
                "Read an article by its slug", "Articles", query=s.OneQuery, response=s.ArticleOne
            ),
        ),
        endpoint(
            f"{v1}/articles/{{article_id:int}}/comments",
            view.comments,
            name="api_article_comments",
            spec=Spec(
                "List an article's approved comments",
                "Comments",
                query=s.KeyQuery,
                response=s.CommentList,
                description="Oldest first, each reply right after its parent.",
            ),
        ),
        endpoint(
            f"{v1}/articles/{{article_id:int}}/live",
            view.live_blog,
            name="api_article_live",
            spec=Spec(
                "Read a live blog's entries",
                "Live blogs",
                query=s.LiveQuery,
                response=s.LiveBlog,
                description="A page of entries in the blog's order, the pinned one apart on "
                "the first; next reads the page after. The same as its page shows.",
            ),
        ),
        endpoint(
            f"{v1}/pages",
            view.pages,
            name="api_pages",
            spec=Spec("List pages", "Pages", query=s.PagedQuery, response=s.PageList),
        ),
        endpoint(
            f"{v1}/pages/{{page_id:int}}",
            view.page,
            name="api_page",
            spec=Spec("Read a page", "Pages", query=s.KeyQuery, response=s.PageOne),
        ),
        endpoint(
            f"{v1}/sections",
            view.sections,
            name="api_sections",
            spec=Spec("List sections", "Sections", query=s.KeyQuery, response=s.SectionList),
        ),
        endpoint(
            f"{v1}/sections/{{slug}}",
            view.section,
            name="api_section",
            spec=Spec("Read a section", "Sections", query=s.KeyQuery, response=s.SectionOne),
        ),
        endpoint(
            f"{v1}/tags",
            view.tags,
            name="api_tags",
            spec=Spec("List tags", "Tags", query=s.PagedQuery, response=s.TagList),
        ),
        endpoint(
            f"{v1}/tags/{{slug}}",
            view.tag,
            name="api_tag",
            spec=Spec("Read a tag", "Tags", query=s.KeyQuery, response=s.TagOne),
        ),
        endpoint(
            f"{v1}/authors",
            view.authors,
            name="api_authors",
            spec=Spec("List authors", "Authors", query=s.PagedQuery, response=s.AuthorList),
        ),
        endpoint(
            f"{v1}/authors/{{slug}}",
            view.author,
            name="api_author",
            spec=Spec("Read an author", "Authors", query=s.KeyQuery, response=s.AuthorOne),
        ),
        endpoint(
            f"{v1}/search",
            view.search,
            name="api_search",
            spec=Spec(
                "Search articles",
                "Search",
                query=s.SearchQuery,
                response=s.SearchResults,
                description="The site's own search: typos corrected, snippets, pages.",
            ),
        ),
        endpoint(
            f"{v1}/menus",
            view.menu_list,
            name="api_menus",
            spec=Spec(
                "Read the menus",
                "Site",
                query=s.KeyQuery,
                response=s.MenuList,
                description="The header's and footer's, as the site shows them.",
            ),
        ),  # fmt: skip
        endpoint(
            f"{v1}/settings",
            view.settings,
            name="api_settings",
            spec=Spec("Read the site's settings", "Site", query=s.KeyQuery, response=s.SettingsOne),
        ),
        *admin_api(),
        Route(f"{v1}/openapi.json", openapi.spec, name="api_openapi", methods=read),
        Route("/api/docs", openapi.docs, name="api_docs", methods=read),
    ]


def ghost_api() -> list[BaseRoute]:
    """Ghost's Content API, translated (``web/api/ghost.py``): a collection, one by id,
    one by slug, with Ghost's trailing slashes."""
    g, base = ghost, ghost.BASE
    return [
        g.route(f"{base}/posts/", g.posts, "ghost_posts"),
        g.route(f"{base}/posts/{{id}}/", g.post, "ghost_posts_one"),
        g.route(f"{base}/posts/slug/{{slug}}/", g.post, "ghost_posts_slug"),
        g.route(f"{base}/pages/", g.pages, "ghost_pages"),
        g.route(f"{base}/pages/{{id}}/", g.page, "ghost_pages_one"),
        g.route(f"{base}/pages/slug/{{slug}}/", g.page, "ghost_pages_slug"),
        g.route(f"{base}/authors/", g.authors, "ghost_authors"),
        g.route(f"{base}/authors/{{id}}/", g.author, "ghost_authors_one"),
        g.route(f"{base}/authors/slug/{{slug}}/", g.author, "ghost_authors_slug"),
        g.route(f"{base}/tags/", g.tags, "ghost_tags"),
        g.route(f"{base}/tags/{{id}}/", g.tag, "ghost_tags_one"),
        g.route(f"{base}/tags/slug/{{slug}}/", g.tag, "ghost_tags_slug"),
        g.route(f"{base}/settings/", g.settings, "ghost_settings"),
        g.route(f"{base}/tiers/", g.nothing("tiers"), "ghost_tiers"),
        g.route(f"{base}/newsletters/", g.nothing("newsletters"), "ghost_newsletters"),
    ]


def wordpress_api() -> list[BaseRoute]:
    """WordPress's REST API reads, translated (``web/api/wp_rest.py``)."""
    w, base = wp_rest, wp_rest.BASE
    return [
        w.route(f"{base}/posts", w.posts, "wp_posts", listed=True),
        w.route(f"{base}/posts/{{id:int}}", w.post, "wp_posts_one"),
        w.route(f"{base}/pages", w.pages, "wp_pages", listed=True),
        w.route(f"{base}/pages/{{id:int}}", w.page, "wp_pages_one"),
        w.route(f"{base}/categories", w.categories, "wp_categories", listed=True),
        w.route(f"{base}/categories/{{id:int}}", w.category, "wp_categories_one"),
        w.route(f"{base}/tags", w.tags, "wp_tags", listed=True),
        w.route(f"{base}/tags/{{id:int}}", w.tag, "wp_tags_one"),
        w.route(f"{base}/users", w.users, "wp_users", listed=True),
        w.route(f"{base}/users/{{id:int}}", w.user, "wp_users_one"),
        w.route(f"{base}/media", w.media_list, "wp_media", listed=True),
        w.route(f"{base}/media/{{id:int}}", w.media_one, "wp_media_one"),
        w.route(f"{base}/search", w.search, "wp_search", listed=True),
    ]


def newsletter_pages() -> list[BaseRoute]:
    """The reader's side: sign up, confirm, preferences, one-click unsubscribe; the
    picture and redirects of an issue with open and click counting."""
    both = ["GET", "POST"]
    return [
        Route("/newsletters", newsletters.index, name="newsletters", methods=["GET", "HEAD"]),
        Route("/newsletters/subscribe", newsletters.subscribe, name="newsletters_subscribe",
              methods=["POST"]),
        Route("/newsletters/check", newsletters.check, name="newsletters_check", methods=["GET"]),
        Route("/newsletters/confirm", newsletters.confirm, name="newsletter_confirm", methods=both),
        Route("/newsletters/preferences", newsletters.preferences, name="newsletter_preferences",
              methods=both),
        Route("/newsletters/unsubscribe", newsletters.unsubscribe, name="newsletter_unsubscribe",
              methods=both),
        Route("/newsletters/bounces/ses", newsletters.ses_bounces, name="bounces_ses",
              methods=["POST"]),
        Route("/newsletters/bounces/mailgun", newsletters.mailgun_bounces, name="bounces_mailgun",
              methods=["POST"]),
        Route("/newsletters/bounces/postmark/{token}", newsletters.postmark_bounces,
              name="bounces_postmark", methods=["POST"]),
        Route("/newsletters/o/{token}.gif", newsletters.opened, name="newsletter_opened",
              methods=["GET"]),
        Route("/newsletters/c/{token}/{index}", newsletters.clicked, name="newsletter_clicked",
              methods=["GET"]),
    ]  # fmt: skip


def newsroom_newsletters() -> list[BaseRoute]:
    """Newsletters and subscribers (admins), issues (editors)."""
    manage, send, post, both = (
        Action.NEWSLETTER_MANAGE,
        Action.NEWSLETTER_SEND,
        ["POST"],
        ["GET", "POST"],
    )
    one = "/admin/newsletters/issues/{issue_id:int}"
    n = admin_newsletters
    return [
        page("/admin/newsletters", n.index, name="admin_newsletters", permission=send),
        page("/admin/newsletters/new", n.newsletter, name="admin_newsletter_new", methods=both,
             permission=manage),
        page("/admin/newsletters/{newsletter_id:int}", n.newsletter, name="admin_newsletter",
             methods=both, permission=manage),
        page("/admin/newsletters/issues/new", n.issue, name="admin_newsletter_issue_new",
             methods=both, permission=send),
        page(one, n.issue, name="admin_newsletter_issue", methods=both, permission=send),
        page(f"{one}/preview", n.preview, name="admin_newsletter_issue_preview", permission=send),
        page(f"{one}/test", n.test, name="admin_newsletter_issue_test", methods=post,
             permission=send),
        page(f"{one}/send", n.send, name="admin_newsletter_issue_send", methods=post,
             permission=send),
        page("/admin/subscribers", n.subscribers, name="admin_subscribers", methods=both,
             permission=manage),
        page("/admin/subscribers/export.csv", n.export, name="admin_subscribers_export",
             permission=manage),
        page("/admin/subscribers/import", n.import_csv, name="admin_subscribers_import",
             methods=post, permission=manage, max_body=limits.SUBSCRIBERS_CSV + 100_000,
             max_files=1),
    ]  # fmt: skip


def webhook_pages() -> list[BaseRoute]:
    """Webhook endpoints and their delivery logs (admins)."""
    may, post, both = Action.SETTINGS_MANAGE, ["POST"], ["GET", "POST"]
    one = "/admin/webhooks/{endpoint_id:int}"
    return [
        page("/admin/webhooks", admin_webhooks.index, name="admin_webhooks", methods=both,
             permission=may),
        page(one, admin_webhooks.endpoint, name="admin_webhook", methods=both, permission=may),
        page(f"{one}/rotate", admin_webhooks.rotate, name="admin_webhook_rotate", methods=post,
             permission=may),
        page(f"{one}/delete", admin_webhooks.delete, name="admin_webhook_delete", methods=post,
             permission=may),
        page(
            f"{one}/deliveries/{{delivery_id:int}}/replay",
            admin_webhooks.replay,
            name="admin_webhook_replay",
            methods=post,
            permission=may,
        ),
    ]  # fmt: skip


def admin_api() -> list[BaseRoute]:
    """The Admin API: the newsroom's writes, each behind its scope (``web/api/admin.py``)."""
    s, view = api_schemas, api_admin
    base = "/api/v1/admin"
    article, page_path = f"{base}/articles/{{article_id:int}}", f"{base}/pages/{{page_id:int}}"
    write, pages, taxonomy = "articles:write", "pages:write", "taxonomy:write"
    stale = (412, 428)
    steps = [
        ("submit", view.submit_article, "Send a draft for review", None),
        ("publish", view.publish_article, "Publish now, or at a time", s.PublishIn),
        ("schedule", view.schedule_article, "Schedule for a time to come", s.ScheduleIn),
        ("unpublish", view.unpublish_article, "Take off the site", None),
        ("trash", view.trash_article, "Move to the trash", None),
        ("restore", view.restore_article, "Take out of the trash, as a draft", None),
    ]
    entry = f"{base}/live-entries/{{entry_id:int}}"
    newsletters_api = [
        endpoint(
            f"{base}/subscribers",
            api_newsletters.subscribers,
            name="api_admin_subscribers",
            spec=Spec("List newsletter subscribers", "Newsletters", query=s.SubscriberQuery,
                      response=s.SubscriberList, scope="subscribers:manage"),
        ),
        endpoint(
            f"{base}/subscribers",
            api_newsletters.add_subscriber,
            name="api_admin_subscriber_add",
            method="POST",
            spec=Spec("Add a subscriber (asked to confirm by email)", "Newsletters",
                      body=s.SubscribeIn, response=s.SubscribeOut, status=202,
                      scope="subscribers:manage"),
        ),
    ]  # fmt: skip
    return [
        *newsletters_api,
        *(
            endpoint(
                f"{article}/live/{step}",
                step_view,
                name=f"api_admin_live_{step}",
                method="POST",
                spec=Spec(summary, "Live blogs", body=body, response=s.LiveBlog, scope=write),
            )
            for step, step_view, summary, body in (
                ("start", view.start_live, "Make an article a live blog", s.LiveStartIn),
                ("end", view.end_live, "End a live blog (its entries stay)", s.LiveEndIn),
            )
        ),
        endpoint(
            f"{article}/live/entries",
            view.post_entry,
            name="api_admin_live_entries",
            method="POST",
            spec=Spec(
                "Post an entry to a live blog",
                "Live blogs",
                body=s.LiveEntryIn,
                response=s.LiveEntryOne,
                status=201,
                scope=write,
                description="A contributor's entry waits for someone who may post it; "
                "post=false keeps a draft of the token's own.",
            ),
        ),
        endpoint(
            entry,
            view.change_entry,
            name="api_admin_live_entry",
            method="PATCH",
            spec=Spec(
                "Change, post, pin or mark an entry",
                "Live blogs",
                body=s.LiveEntryPatch,
                response=s.LiveEntryOne,
                scope=write,
            ),
        ),
        endpoint(
            entry,
            view.delete_entry,
            name="api_admin_live_entry_delete",
            method="DELETE",
            spec=Spec("Delete an entry", "Live blogs", status=204, scope=write),
        ),
        endpoint(
            f"{base}/articles",
            view.create_article,
            name="api_admin_articles",
            method="POST",
            spec=Spec(
                "Create an article (a draft)",
                "Admin: articles",
                body=s.ArticleIn,
                response=s.ArticleOne,
                status=201,
                scope=write,
                max_body=2_000_000,
            ),
        ),  # fmt: skip
        endpoint(
            article,
            view.update_article,
            name="api_admin_article",
            method="PATCH",
            spec=Spec(
                "Update an article",
                "Admin: articles",
                body=s.ArticlePatch,
                response=s.ArticleOne,
                scope=write,
                errors=stale,
                max_body=2_000_000,
                description="Only the fields sent change. If-Match (the ETag as last read) "
                "is required: a save made since is a 412, never overwritten.",
            ),
        ),  # fmt: skip
        endpoint(
            article,
            view.delete_article,
            name="api_admin_article_delete",
            method="DELETE",
            spec=Spec(
                "Delete an article for good",
                "Admin: articles",
                status=204,
                scope=write,
                errors=(412,),
            ),
        ),  # fmt: skip
        *(
            endpoint(
                f"{article}/{step}",
                step_view,
                name=f"api_admin_article_{step}",
                method="POST",
                spec=Spec(
                    summary,
                    "Admin: articles",
                    body=body,
                    response=s.ArticleOne,
                    scope=write,
                    errors=(412,),
                    description="If-Match, when sent, is checked.",
                ),
            )  # fmt: skip
            for step, step_view, summary, body in steps
        ),
        endpoint(
            f"{article}/revisions",
            view.revisions,
            name="api_admin_article_revisions",
            spec=Spec(
                "List an article's revisions",
                "Admin: articles",
                query=s.KeyQuery,
                response=s.RevisionList,
                scope="content:read",
            ),
        ),  # fmt: skip
        endpoint(
            f"{base}/pages",
            view.admin_pages,
            name="api_admin_pages_list",
            spec=Spec(
                "List every page, whatever its status",
                "Admin: pages",
                query=s.PagedQuery,
                response=s.PageList,
                scope=pages,
            ),
        ),  # fmt: skip
        endpoint(
            f"{base}/pages",
            view.create_page,
            name="api_admin_pages",
            method="POST",
            spec=Spec(
                "Create a page (a draft)",
                "Admin: pages",
                body=s.PageIn,
                response=s.PageOne,
                status=201,
                scope=pages,
                max_body=2_000_000,
            ),
        ),  # fmt: skip
        endpoint(
            page_path,
            view.update_page,
            name="api_admin_page",
            method="PATCH",
            spec=Spec(
                "Update a page",
                "Admin: pages",
                body=s.PagePatch,
                response=s.PageOne,
                scope=pages,
                max_body=2_000_000,
                description="Only the fields sent change.",
            ),
        ),  # fmt: skip
        endpoint(
            page_path,
            view.delete_page,
            name="api_admin_page_delete",
            method="DELETE",
            spec=Spec("Delete a page", "Admin: pages", status=204, scope=pages),
        ),
        endpoint(
            f"{page_path}/publish",
            view.publish_page,
            name="api_admin_page_publish",
            method="POST",
            spec=Spec(
                "Publish a page, now or at a time",
                "Admin: pages",
                body=s.PublishIn,
                response=s.PageOne,
                scope=pages,
            ),
        ),  # fmt: skip
        *(
            endpoint(
                f"{page_path}/{step}",
                step_view,
                name=f"api_admin_page_{step}",
                method="POST",
                spec=Spec(summary, "Admin: pages", response=s.PageOne, scope=pages),
            )
            for step, step_view, summary in (
                ("unpublish", view.unpublish_page, "Take a page off the site"),
                ("trash", view.trash_page, "Move a page to the trash"),
                ("restore", view.restore_page, "Take a page out of the trash, as a draft"),
            )
        ),
        endpoint(
            f"{base}/pictures",
            view.upload_picture,
            name="api_admin_pictures",
            method="POST",
            spec=Spec(
                "Upload a picture",
                "Admin: pictures",
                response=s.PictureOne,
                status=201,
                scope="media:write",
                upload=True,
                max_body=MAX_PICTURE + 100_000,
                description="multipart/form-data with the file and, optionally, alt, "
                "caption and credit. The same picture again answers 200 with the one kept.",
            ),
        ),  # fmt: skip
        endpoint(
            f"{base}/sections",
            view.create_section,
            name="api_admin_sections",
            method="POST",
            spec=Spec(
                "Create a section",
                "Admin: sections and tags",
                body=s.SectionIn,
                response=s.SectionOne,
                status=201,
                scope=taxonomy,
            ),
        ),  # fmt: skip
        endpoint(
            f"{base}/sections/{{section_id:int}}",
            view.update_section,
            name="api_admin_section",
            method="PATCH",
            spec=Spec(
                "Rename, describe or move a section",
                "Admin: sections and tags",
                body=s.SectionPatch,
                response=s.SectionOne,
                scope=taxonomy,
            ),
        ),  # fmt: skip
        endpoint(
            f"{base}/tags",
            view.create_tag,
            name="api_admin_tags",
            method="POST",
            spec=Spec(
                "Create a tag",
                "Admin: sections and tags",
                body=s.TagIn,
                response=s.TagOne,
                status=201,
                scope=taxonomy,
            ),
        ),  # fmt: skip
        endpoint(
            f"{base}/tags/{{tag_id:int}}",
            view.rename_tag,
            name="api_admin_tag",
            method="PATCH",
            spec=Spec(
                "Rename a tag",
                "Admin: sections and tags",
                body=s.TagIn,
                response=s.TagOne,
                scope=taxonomy,
            ),
        ),  # fmt: skip
        endpoint(
            f"{base}/tags/{{tag_id:int}}",
            view.delete_tag,
            name="api_admin_tag_delete",
            method="DELETE",
            spec=Spec("Delete a tag", "Admin: sections and tags", status=204, scope=taxonomy),
        ),
        endpoint(
            f"{base}/tags/{{tag_id:int}}/merge",
            view.merge_tag,
            name="api_admin_tag_merge",
            method="POST",
            spec=Spec(
                "Merge a tag into another",
                "Admin: sections and tags",
                body=s.MergeIn,
                response=s.TagOne,
                scope=taxonomy,
            ),
        ),  # fmt: skip
        endpoint(
            f"{base}/menus/{{slug}}",
            view.save_menu,
            name="api_admin_menu",
            method="PUT",
            spec=Spec(
                "Replace a menu's items",
                "Admin: menus",
                body=s.MenuIn,
                response=s.MenuOne,
                scope="menus:write",
                description="slug: header or footer. Every item is "
                "checked before anything is saved.",
            ),
        ),  # fmt: skip
        endpoint(
            f"{base}/authors",
            view.create_author,
            name="api_admin_authors",
            method="POST",
            spec=Spec(
                "Create an author profile",
                "Admin: authors",
                body=s.AuthorIn,
                response=s.AuthorOne,
                status=201,
                scope="authors:write",
            ),
        ),  # fmt: skip
        endpoint(
            f"{base}/authors/{{author_id:int}}",
            view.update_author,
            name="api_admin_author",
            method="PATCH",
            spec=Spec(
                "Update an author profile",
                "Admin: authors",
                body=s.AuthorPatch,
                response=s.AuthorOne,
                scope="authors:write",
                description="Only the fields sent change; the profile's address stays.",
            ),
        ),  # fmt: skip
        endpoint(
            f"{base}/comments",
            view.moderation_queue,
            name="api_admin_comments",
            spec=Spec(
                "List comments by status (the moderation queue)",
                "Admin: comments",
                query=s.ModerationQuery,
                response=s.ModeratedList,
                scope="comments:moderate",
            ),
        ),  # fmt: skip
        endpoint(
            f"{base}/comments/{{comment_id:int}}/{{action}}",
            view.moderate,
            name="api_admin_comment_moderate",
            method="POST",
            spec=Spec(
                "Moderate a comment",
                "Admin: comments",
                response=s.ModeratedOne,
                scope="comments:moderate",
                description="action: approve, unapprove, spam, notspam, trash or restore.",
            ),
        ),  # fmt: skip
    ]


def page_pages() -> list[BaseRoute]:
    """Pages (About, ...): the list, the editor and its buttons, the revisions; all for
    ``PAGE_EDIT`` holders."""
    may, post, both, body = Action.PAGE_EDIT, ["POST"], ["GET", "POST"], 2_000_000
    one = "/admin/pages/{page_id:int}"
    buttons = [
        ("unpublish", admin_page_editor.unpublish),
        ("private", admin_page_editor.private),
        ("trash", admin_page_editor.trash),
        ("restore", admin_page_editor.restore),
        ("delete", admin_page_editor.delete),
        ("translate", admin_page_editor.translate),
    ]
    return [
        page("/admin/pages", admin_page_list.index, name="admin_pages", permission=may),
        page(
            "/admin/pages/new",
            admin_page_editor.new,
            name="admin_page_new",
            methods=both,
            permission=may,
            max_body=body,
        ),
        page(
            "/admin/pages/preview",
            admin_page_editor.live_preview,
            name="admin_page_preview",
            methods=post,
            permission=may,
            max_body=body,
        ),
        page(
            one,
            admin_page_editor.edit,
            name="admin_page",
            methods=both,
            permission=may,
            max_body=body,
        ),
        *(
            page(f"{one}/{name}", view, name=f"admin_page_{name}", methods=post, permission=may)
            for name, view in buttons
        ),
        page(
            f"{one}/revisions",
            admin_page_revisions.index,
            name="admin_page_revisions",
            permission=may,
        ),
        page(
            f"{one}/revisions/{{revision_id:int}}/restore",
            admin_page_revisions.restore,
            name="admin_page_revision_restore",
            methods=post,
            permission=may,
        ),
    ]


def media_pages() -> list[BaseRoute]:
    """The media library (uploads up to the image size limit; editors delete)."""
    both = ["GET", "POST"]
    return [
        page(
            "/admin/media",
            admin_media.index,
            name="admin_media",
            methods=both,
            permission=Action.MEDIA_UPLOAD,
            max_body=limits.MEDIA_BODY,
            max_files=1,
        ),
        page(
            "/admin/media/pick",
            admin_media.pick,
            name="admin_media_pick",
            permission=Action.MEDIA_UPLOAD,
        ),
        page(
            "/admin/media/upload",
            admin_media.upload,
            name="admin_media_upload",
            methods=["POST"],
            permission=Action.MEDIA_UPLOAD,
            max_body=limits.MEDIA_BODY,
            max_files=1,
        ),
        page(
            "/admin/media/{image_id:int}/describe",
            admin_media.describe,
            name="admin_image_describe",
            methods=["POST"],
            permission=Action.MEDIA_UPLOAD,
        ),
        page(
            "/admin/media/{image_id:int}",
            admin_media.image,
            name="admin_image",
            methods=both,
            permission=Action.MEDIA_UPLOAD,
        ),
        page(
            "/admin/media/{image_id:int}/delete",
            admin_media.delete,
            name="admin_image_delete",
            methods=["POST"],
            permission=Action.MEDIA_DELETE,
        ),
    ]


def moderation_pages() -> list[BaseRoute]:
    """Comment moderation: the queue and one POST route per kind of change."""
    may = Action.COMMENT_MODERATE
    return [
        page("/admin/comments", admin_comments.index, name="admin_comments", permission=may),
        page(
            "/admin/comments/bulk",
            admin_comments.bulk,
            name="admin_comments_bulk",
            methods=["POST"],
            permission=may,
        ),
        page(
            "/admin/comments/{comment_id:int}/moderate",
            admin_comments.moderate,
            name="admin_comment_moderate",
            methods=["POST"],
            permission=may,
        ),
        page(
            "/admin/comments/{comment_id:int}/edit",
            admin_comments.edit,
            name="admin_comment_edit",
            methods=["POST"],
            permission=may,
        ),
        page(
            "/admin/comments/{comment_id:int}/reply",
            admin_comments.reply,
            name="admin_comment_reply",
            methods=["POST"],
            permission=may,
        ),
    ]


def taxonomy_pages() -> list[BaseRoute]:
    """Sections and tags: the lists, and one POST route per kind of change."""
    may, post = Action.TAXONOMY_MANAGE, ["POST"]
    views = admin_taxonomy
    return [
        page("/admin/sections", views.sections, name="admin_sections", permission=may),
        page(
            "/admin/sections/new",
            views.section_new,
            name="admin_section_new",
            methods=post,
            permission=may,
        ),
        page(
            "/admin/sections/{section_id:int}",
            views.section_save,
            name="admin_section",
            methods=post,
            permission=may,
        ),
        page(
            "/admin/sections/{section_id:int}/move",
            views.section_move,
            name="admin_section_move",
            methods=post,
            permission=may,
        ),
        page(
            "/admin/sections/{section_id:int}/names",
            views.section_names,
            name="admin_section_names",
            methods=post,
            permission=may,
        ),
        page("/admin/tags", views.tags, name="admin_tags", permission=may),
        page("/admin/tags/new", views.tag_new, name="admin_tag_new", methods=post, permission=may),
        page(
            "/admin/tags/{tag_id:int}",
            views.tag_save,
            name="admin_tag",
            methods=post,
            permission=may,
        ),
        page(
            "/admin/tags/{tag_id:int}/merge",
            views.tag_merge,
            name="admin_tag_merge",
            methods=post,
            permission=may,
        ),
        page(
            "/admin/tags/{tag_id:int}/delete",
            views.tag_delete,
            name="admin_tag_delete",
            methods=post,
            permission=may,
        ),
    ]


def _page(raw: str) -> str:
    """``?page=`` as the page the view shows: junk and 1 are the first page (no key)."""
    number = parse_page(raw)
    return raw if number is None else "" if number == 1 else str(number)


def _number(raw: str) -> str:
    return str(int(raw)) if raw.isascii() and raw.isdigit() and len(raw) < 12 else ""


def _same(raw: str) -> str:
    return raw


# The query parameters each public page reads, with how a value is written in the page
# cache's key ("" leaves it out). Parameters a page does not read never reach its key, so
# ``/?x=1``, ``/?x=2`` ... are one kept page, not a render each. A view that starts
# reading a parameter adds it here (tests/web/test_routes.py walks the table).
QUERY: dict[str, dict[str, Callable[[str], str]]] = {
    "home": {name: _same for name in redirects.QUERY_KEYS},
    "section": {"page": _page},
    "tag": {"page": _page},
    "author": {"page": _page},
    "latest": {"page": _page},
    "article": {"replytocom": _number, "entry": _number},
    "search": {
        "q": _same, "page": _page, "sort": _same, "section": _same, "tag": _same,
        "author": _same, "from": _same, "to": _same,
    },
    "search_suggest": {"q": _same},
    "live_updates": {"t": _number},
    "live_older": {"after": _number},
}  # fmt: skip
Reads = Mapping[str, Callable[[str], str]]


def query_reads(routes: list[BaseRoute]) -> Callable[[str], Reads]:
    """For a path, the query parameters its page reads (``QUERY`` of the route it matches)."""

    def found(scope: dict[str, Any], among: list[BaseRoute]) -> Reads:
        for route in among:
            match, child = route.matches(scope)
            if match is not Match.FULL:
                continue
            if isinstance(route, Mount) and route.routes:  # a language's pages: /es/...
                return found({**scope, **child}, route.routes)
            own: Reads | None = getattr(route, "query_reads", None)
            return own if own is not None else QUERY.get(getattr(route, "name", ""), {})
        return {}

    def reads(path: str) -> Reads:
        return found({"type": "http", "method": "GET", "path": path, "root_path": ""}, routes)

    return reads
