"""What every reader page shares when it renders: the site's settings, menus, header and
footer (kept in the memo while pages are), the base URL, the stored-page stamp and the
caching headers.

    return render(request, session, "site/home.html", home=data, meta=...)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from thepost.comments import policy as comment_policy
from thepost.content import menus, queries, site, translations
from thepost.i18n import translate
from thepost.newsletters import actions as newsletter_actions
from thepost.newsletters import queries as newsletter_queries
from thepost.services import Services
from thepost.web import deps, security, urls
from thepost.web.site import pages, params

HEADER, FOOTER = "site/_header.html", "site/_footer.html"
# Short for browsers and CDNs (they cannot hear of a change); stale copies are served
# while one request refreshes them, and while the site is down.
CACHE_CONTROL = "public, max-age=60, s-maxage=60, stale-while-revalidate=300, stale-if-error=86400"


@dataclass(frozen=True)
class MenuLink:
    """A menu item as the header and footer show it (``content.menus.MenuEntry``)."""

    label: str
    href: str
    children: tuple[MenuLink, ...] = ()

    def current(self, path: str) -> bool:
        """Whether ``path`` is this link's page or below it (Home: only the home page)."""
        if self.href == urls.home():
            return path == self.href
        return self.href.startswith("/") and (
            path == self.href or path.startswith(self.href.rstrip("/") + "/")
        )


def _link(entry: menus.MenuEntry, shown: site.SiteSettings) -> MenuLink:
    href = urls.menu_link(entry.kind, entry.target, shown.edition)
    label = entry.label
    if entry.named_section is not None:
        label = shown.section_name(entry.named_section, label)[0]
    return MenuLink(label, href, tuple(_link(child, shown) for child in entry.children))


def site_menus(
    services: Services, session: Session, sections: list[Any], shown: site.SiteSettings
) -> dict[str, list[Any]]:
    """The menus by slug ("header", "footer"), as links, on the pages in ``shown``'s
    language."""
    found = menus.menus(session, now=services.clock(), sections=sections, language=shown.edition)
    return {slug: [_link(entry, shown) for entry in entries] for slug, entries in found.items()}


def render(
    request: Request,
    session: Session,
    template: str,
    *,
    bodies: Sequence[str] = (),
    status: int = 200,
    **context: Any,
) -> Response:
    """The page from ``template``; ``bodies`` are the stories' HTML it shows, whose
    Mastodon players the page's policy must name (``security.frame_policy``)."""
    services = deps.services(request)
    shown = edition(request, session)
    sections = sections_of(services, session)
    context.update(
        site=shown,
        logo=services.memo.get("logo", lambda: site.logo(session, shown)),
        sections=sections,
        menus=services.memo.get(
            f"menus {shown.edition}", lambda: site_menus(services, session, sections, shown)
        ),
        offered=services.memo.get("newsletters", lambda: newsletter_queries.offered(session)),
        signup_consent=translate(newsletter_actions.CONSENT, shown.language),
        settings=services.settings,
        request_path=params.here(request),
        now=services.clock(),
    )
    context.update(_chrome(services, context))
    html = services.templates.render(template, **context)
    frames = security.frame_policy(services.media_urls.base, bodies) if bodies else {}
    if status != 200:  # a form sent back with its errors: nobody else's page
        return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})
    return HTMLResponse(html, headers={"Cache-Control": CACHE_CONTROL, **frames})


def sections_of(services: Services, session: Session) -> list[Any]:
    """The site's sections in order (kept in the memo)."""
    return services.memo.get("sections", lambda: queries.sections(session))


def section_of(services: Services, session: Session, slug: str) -> Any:
    """The section of ``slug`` (None: no such section), from those kept."""
    return next((s for s in sections_of(services, session) if s.slug == slug), None)


def _chrome(services: Services, context: dict[str, Any]) -> dict[str, Markup]:
    """The site's header and footer, rendered once and kept with the settings and the
    menus they show. The header differs only in which menu entries are the current
    page's, so it is kept per such set."""
    path, templates = context["request_path"], services.templates
    header: list[MenuLink] = context["menus"].get("header", [])
    links = [link for item in header for link in (item, *item.children)]
    language = context["site"].edition
    key = f"header {language} {[i for i, link in enumerate(links) if link.current(path)]}"
    return {
        "header": services.memo.get(key, lambda: Markup(templates.render(HEADER, **context))),
        "footer": services.memo.get(
            f"footer {language}", lambda: Markup(templates.render(FOOTER, **context))
        ),
    }


def base_url(request: Request) -> str:
    base: str = deps.services(request).settings.base_url
    return base.rstrip("/")


def page_stamp(request: Request, session: Session) -> str:
    """The stamp of article pages rendered with this process's templates and settings."""
    services = deps.services(request)
    base = services.settings.base_url
    return services.memo.get(
        "page_stamp",
        lambda: pages.stamp(services.templates, base, site_settings(services, session)),
    )


def site_settings(services: Services, session: Session) -> site.SiteSettings:
    return services.memo.get("site", lambda: site.load(session))


def edition(request: Request, session: Session) -> site.SiteSettings:
    """The site as the request's page shows it: in the language of its first segment
    (``/es/...``: 404 unless the site publishes in it), else in its own."""
    services = deps.services(request)
    shown = site_settings(services, session)
    language = request.path_params.get("language", "")
    if not language:
        return shown
    if language not in shown.languages:
        raise HTTPException(404)
    return services.memo.get(
        f"site {language}",
        lambda: shown.in_language(language, translations.section_names(session, language)),
    )


def shown_in(request: Request, session: Session, language: str) -> site.SiteSettings:
    """The site as the pages in ``language`` (as a story keeps it) show it, for a page
    whose address does not say (a preview): the request is marked as a path under that
    language's segment would be, so every part of the page speaks it."""
    main = site_settings(deps.services(request), session)
    if language in main.languages:
        request.scope.setdefault("path_params", {})["language"] = language
    return edition(request, session)


def comment_rules(services: Services, session: Session) -> comment_policy.ModerationPolicy:
    return services.memo.get("comment_policy", lambda: comment_policy.load(session))
