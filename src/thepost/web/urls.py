"""The one place that knows URL shapes of the site's pages. Templates and views build
links only here; a test checks each shape resolves to its route in ``routes.py``.
Pictures are linked through ``thepost.media.urls.MediaUrls`` instead (``services.media_urls``,
``Templates.picture``): their address depends on ``THEPOST_MEDIA_URL``."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from thepost.content.models import Article, Author, Section, Tag
from thepost.content.models import article_path as article_path  # the site's addresses
from thepost.web import static as static_files

# ``edition``: the first segment of the pages in a language other than the site's own
# (``SiteSettings.edition``: "" for the site's own, "es" for its pages under ``/es/``).


def _in(edition: str) -> str:
    return f"/{edition}" if edition else ""


def home(edition: str = "") -> str:
    return _in(edition) + "/"


def section(s: Section, edition: str = "") -> str:
    return f"{_in(edition)}/{quote(s.slug)}"


def article(a: Article) -> str:
    return article_path(a.section.slug if a.section is not None else "", a.slug, a.language)


def live_entry(a: Any, entry_id: int) -> str:
    """An entry of a live blog: the blog's page opened at it (``?entry=`` gives the
    page the entry's own social card)."""
    return f"{article(a)}?entry={entry_id}#entry-{entry_id}"


def live_updates(article_id: int) -> str:
    """What changed in a live blog lately (JSON); its script adds ``?t=`` the moment, so
    readers of the same moment share the URL and the cached answer."""
    return f"/liveblog/{article_id}/updates"


def live_blog_api(article_id: int, after: int | None = None) -> str:
    """A live blog in the API: its first page of entries, or the page after ``after``."""
    path = f"/api/v1/articles/{article_id}/live"
    return path if after is None else f"{path}?after={after}"


def live_older(article_id: int, after: int) -> str:
    return f"/liveblog/{article_id}/older?after={after}"


def comment_post(a: Article) -> str:
    return article(a) + "/comments"


def comment_received(token: str) -> str:
    return "/comments/received?" + urlencode({"c": token})


def comment_unsubscribe(token: str) -> str:
    return "/comments/unsubscribe?" + urlencode({"token": token})


def comment_confirm_replies(token: str) -> str:
    return "/comments/confirm-replies?" + urlencode({"token": token})


def newsletters() -> str:
    return "/newsletters"


def newsletters_subscribe() -> str:
    return "/newsletters/subscribe"


def newsletters_check() -> str:
    return "/newsletters/check"


def newsletter_confirm(token: str) -> str:
    return "/newsletters/confirm?" + urlencode({"token": token})


def newsletter_preferences(token: str) -> str:
    return "/newsletters/preferences?" + urlencode({"token": token})


def newsletter_unsubscribe(token: str) -> str:
    return "/newsletters/unsubscribe?" + urlencode({"token": token})


def newsletter_opened(token: str) -> str:
    """The counting picture of one recipient's email (open counting on)."""
    return f"/newsletters/o/{token}.gif"


def newsletter_clicked(token: str, index: int) -> str:
    """One recipient's redirect to their issue's link ``index`` (click counting on)."""
    return f"/newsletters/c/{token}/{index}"


def bounces(provider: str, token: str = "") -> str:
    """Where a mail provider posts bounces and complaints (Postmark's with its secret)."""
    return f"/newsletters/bounces/{provider}" + (f"/{token}" if token else "")


def account(action: str = "") -> str:
    """A member's account page, and where its forms post (``sign-in``, ``code``, ...)."""
    return "/account" + (f"/{action}" if action else "")


def account_sign_in(next_path: str = "") -> str:
    return "/account/sign-in" + (f"?{urlencode({'next': next_path})}" if next_path else "")


def account_link(token: str) -> str:
    return "/account/link?" + urlencode({"token": token})


def tag(t: Tag, edition: str = "") -> str:
    return f"{_in(edition)}/tag/{quote(t.slug)}"


def author(a: Author, edition: str = "") -> str:
    return f"{_in(edition)}/author/{quote(a.slug)}"


def search(q: str = "", edition: str = "", **params: object) -> str:
    query = {"q": q, **{k: v for k, v in params.items() if v not in (None, "")}}
    return search_page(edition) + "?" + urlencode(query)


def search_page(edition: str = "") -> str:
    """Where the search form sends its words."""
    return _in(edition) + "/search"


def latest(edition: str = "") -> str:
    return _in(edition) + "/latest"


def page_path(path: str) -> str:
    """A page by its path (``about/team``: its slugs and its parents')."""
    return "/" + "/".join(quote(slug) for slug in path.split("/"))


def menu_link(kind: str, target: str, edition: str = "") -> str:
    """Where a menu item links (``content.menus.MenuEntry``): ``target`` is a section's,
    tag's or author's slug, a page's path, or the web address itself."""
    if kind == "home":
        return home(edition)
    if kind == "latest":
        return latest(edition)
    if kind == "page":
        return page_path(target)
    if kind in ("section", "tag", "author"):
        return listing(kind, target, edition)
    return target


def static(name: str) -> str:
    return f"/static/{name}?v={static_files.version(name)}"


# -- feeds and sitemaps: ``kind`` is "rss", "atom" or "json" ------------------------------


def feed(kind: str, edition: str = "") -> str:
    return f"{_in(edition)}/feed/{kind}"


def section_feed(s: Section, kind: str, edition: str = "") -> str:
    return f"{section(s, edition)}/feed/{kind}"


def tag_feed(t: Tag, kind: str) -> str:
    return f"{tag(t)}/feed/{kind}"


def author_feed(a: Author, kind: str) -> str:
    return f"{author(a)}/feed/{kind}"


def comments_feed(a: Article, kind: str) -> str:
    return f"{article(a)}/comments/feed/{kind}"


def live_feed(article_id: int, kind: str) -> str:
    """A live blog's entries as a feed, newest first."""
    return f"/liveblog/{article_id}/feed/{kind}"


def listing(kind: str, slug: str, edition: str = "") -> str:
    """A section, tag or author page by kind and slug (the sitemap's rows)."""
    shown = f"/{quote(slug)}" if kind == "section" else f"/{kind}/{quote(slug)}"
    return _in(edition) + shown


def sitemap_index() -> str:
    return "/sitemap.xml"


def sitemap_listings() -> str:
    return "/sitemap-pages.xml"


def sitemap_articles(number: int) -> str:
    return f"/sitemap-articles-{number}.xml"


def sitemap_news() -> str:
    return "/sitemap-news.xml"


def robots() -> str:
    return "/robots.txt"


def with_page(path: str, number: int, **params: object) -> str:
    query = {k: v for k, v in params.items() if v not in (None, "")}
    if number > 1:
        query["page"] = number
    return path + ("?" + urlencode(query) if query else "")


# -- the newsroom admin ------------------------------------------------------------------


def admin_home() -> str:
    return "/admin/"


def admin_banner() -> str:
    return "/admin/banner"


def admin_banner_lower() -> str:
    return "/admin/banner/lower"


def admin_login(next_path: str = "") -> str:
    return "/admin/login" + ("?" + urlencode({"next": next_path}) if next_path else "")


def admin_logout() -> str:
    return "/admin/logout"


def admin_password() -> str:
    """One's own account: the newsroom's language and the password."""
    return "/admin/password"


def admin_language() -> str:
    return "/admin/language"


def admin_articles(**filters: object) -> str:
    return with_page("/admin/articles", 1, **filters)


def admin_article(article_id: int) -> str:
    return f"/admin/articles/{article_id}"


def admin_live(article_id: int, action: str = "") -> str:
    """A live blog's desk in the newsroom; ``action``: start, end, or an entry's
    ``entries/<id>/post`` (mark, delete)."""
    return f"/admin/articles/{article_id}/live" + (f"/{action}" if action else "")


def admin_articles_find(q: str = "") -> str:
    """The story editor's link picker: live stories by headline (JSON)."""
    return with_page("/admin/articles/find", 1, q=q)


def admin_article_new() -> str:
    return "/admin/articles/new"


def admin_article_preview() -> str:
    return "/admin/articles/preview"


def admin_article_autosave_new() -> str:
    """Where a new story's first autosave goes: it is stored as a draft from then on."""
    return "/admin/articles/autosave"


def admin_article_action(article_id: int, action: str) -> str:
    """An editor button's target: autosave, unpublish, trash, restore, preview-link,
    corrections."""
    return f"/admin/articles/{article_id}/{action}"


def admin_revisions(article_id: int, **params: object) -> str:
    return with_page(f"/admin/articles/{article_id}/revisions", 1, **params)


def admin_revision_restore(article_id: int, revision_id: int) -> str:
    return f"/admin/articles/{article_id}/revisions/{revision_id}/restore"


def preview(token: str) -> str:
    return f"/preview/{quote(token)}"


def admin_users() -> str:
    return "/admin/users"


def admin_user_new() -> str:
    return "/admin/users/new"


def admin_user_role(user_id: int) -> str:
    return f"/admin/users/{user_id}/role"


def admin_user_active(user_id: int) -> str:
    return f"/admin/users/{user_id}/active"


def admin_audit() -> str:
    return "/admin/audit"


def admin_imports() -> str:
    return "/admin/import"


def admin_import(run_id: int) -> str:
    return f"/admin/import/{run_id}"


def admin_media(q: str = "", page: int = 1) -> str:
    return with_page("/admin/media", page, q=q)


def admin_image(image_id: int) -> str:
    return f"/admin/media/{image_id}"


def admin_image_delete(image_id: int) -> str:
    return f"/admin/media/{image_id}/delete"


def admin_image_describe(image_id: int) -> str:
    return f"/admin/media/{image_id}/describe"


def admin_media_pick() -> str:
    """The story editor's picture picker reads the library here (JSON)."""
    return "/admin/media/pick"


def admin_media_upload() -> str:
    """A picture dropped or pasted into a story is uploaded here (JSON)."""
    return "/admin/media/upload"


def admin_comments(status: str = "", page: int = 1) -> str:
    return with_page("/admin/comments", page, status=status)


def admin_comment_moderate(comment_id: int) -> str:
    return f"/admin/comments/{comment_id}/moderate"


def admin_comment_edit(comment_id: int) -> str:
    return f"/admin/comments/{comment_id}/edit"


def admin_comment_reply(comment_id: int) -> str:
    return f"/admin/comments/{comment_id}/reply"


def admin_comments_bulk() -> str:
    return "/admin/comments/bulk"


def api_openapi() -> str:
    return "/api/v1/openapi.json"


def api_docs() -> str:
    return "/api/docs"


def admin_tokens() -> str:
    return "/admin/tokens"


def admin_token_revoke(token_id: int) -> str:
    return f"/admin/tokens/{token_id}/revoke"


def admin_newsletters() -> str:
    return "/admin/newsletters"


def admin_newsletter_new() -> str:
    return "/admin/newsletters/new"


def admin_newsletter(newsletter_id: int) -> str:
    return f"/admin/newsletters/{newsletter_id}"


def admin_newsletter_issue_new(article_id: int | None = None) -> str:
    query = f"?{urlencode({'article': article_id})}" if article_id else ""
    return "/admin/newsletters/issues/new" + query


def admin_newsletter_issue(issue_id: int, action: str = "") -> str:
    return f"/admin/newsletters/issues/{issue_id}" + (f"/{action}" if action else "")


def admin_subscribers() -> str:
    return "/admin/subscribers"


def admin_subscribers_export() -> str:
    return "/admin/subscribers/export.csv"


def admin_subscribers_import() -> str:
    return "/admin/subscribers/import"


def admin_members() -> str:
    return "/admin/members"


def admin_webhooks() -> str:
    return "/admin/webhooks"


def admin_webhook(endpoint_id: int) -> str:
    return f"/admin/webhooks/{endpoint_id}"


def admin_webhook_action(endpoint_id: int, action: str) -> str:
    return f"/admin/webhooks/{endpoint_id}/{action}"


def admin_webhook_replay(endpoint_id: int, delivery_id: int) -> str:
    return f"/admin/webhooks/{endpoint_id}/deliveries/{delivery_id}/replay"


def admin_settings() -> str:
    return "/admin/settings"


def admin_sections() -> str:
    return "/admin/sections"


def admin_section_new() -> str:
    return "/admin/sections/new"


def admin_section(section_id: int) -> str:
    return f"/admin/sections/{section_id}"


def admin_section_move(section_id: int) -> str:
    return f"/admin/sections/{section_id}/move"


def admin_section_names(section_id: int) -> str:
    """A section's names in the site's other languages."""
    return f"/admin/sections/{section_id}/names"


def admin_tags(q: str = "", page: int = 1) -> str:
    return with_page("/admin/tags", page, q=q)


def admin_tag_new() -> str:
    return "/admin/tags/new"


def admin_tag(tag_id: int) -> str:
    return f"/admin/tags/{tag_id}"


def admin_tag_merge(tag_id: int) -> str:
    return f"/admin/tags/{tag_id}/merge"


def admin_tag_delete(tag_id: int) -> str:
    return f"/admin/tags/{tag_id}/delete"


def admin_pages(**params: object) -> str:
    return with_page("/admin/pages", 1, **params)


def admin_page_new() -> str:
    return "/admin/pages/new"


def admin_page_preview() -> str:
    return "/admin/pages/preview"


def admin_page(page_id: int) -> str:
    return f"/admin/pages/{page_id}"


def admin_page_action(page_id: int, action: str) -> str:
    """A page editor button's target: unpublish, private, trash, restore, delete."""
    return f"/admin/pages/{page_id}/{action}"


def admin_page_revisions(page_id: int, **params: object) -> str:
    return with_page(f"/admin/pages/{page_id}/revisions", 1, **params)


def admin_page_revision_restore(page_id: int, revision_id: int) -> str:
    return f"/admin/pages/{page_id}/revisions/{revision_id}/restore"


def admin_menus(language: str = "") -> str:
    """The menus, as the pages in ``language`` show them ("": the site's own)."""
    return "/admin/menus" + (f"?{urlencode({'language': language})}" if language else "")
