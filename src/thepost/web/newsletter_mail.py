"""A newsletter issue as an email: HTML from the ``email/issue.mjml`` template compiled
by MJML's Python port (``mjml``: responsive tables, styles inlined with ``css_inline``, so
that Gmail, Outlook and Apple Mail show the same thing) and a plain-text part.

Stories are read through the site's own card query (only what readers may see) and
shown with the site's renditions at absolute URLs. Their bodies are cut down to what
mail clients show well (no ``<picture>`` sources, scripts, frames or forms). The
recipient's own links are the marks ``sending.MANAGE_MARK`` and ``LEAVE_MARK``, put in
per message; no tracking pixel or redirected link unless the newsletter counts opens.
When it does (``newsletters.counting``), the rendering has the counting picture and its
links go through the site's redirect, each with the mark ``sending.COUNT_MARK`` where the
recipient's token goes; the links they lead to are kept on the issue. Both parts speak
the site's language.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from datetime import datetime
from html import escape

from markupsafe import Markup
from sqlalchemy.orm import Session

from thepost import i18n
from thepost.content import queries, site
from thepost.content.models import Article
from thepost.content.text import html_to_paragraphs
from thepost.newsletters.counting import counted_links
from thepost.newsletters.models import Issue, Newsletter
from thepost.newsletters.sending import COUNT_MARK, LEAVE_MARK, MANAGE_MARK
from thepost.services import Services
from thepost.web import urls
from thepost.web.site.syndication import absolute_html
from thepost.web.templating import byline

# What a story's body keeps in an email.
EMAIL_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "strong",
    "em",
    "b",
    "i",
    "figure",
    "figcaption",
    "img",
    "hr",
    "span",
    "sub",
    "sup",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
EMAIL_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt", "width", "height"}, "span": {"class"}}
PICTURE_WIDTH = 1200  # twice the email's width, for sharp screens
# A transparent picture, shown in the newsroom's preview in place of the counting one.
BLANK = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"


@dataclass(frozen=True)
class Story:
    title: str
    url: str
    section: str
    standfirst: str
    excerpt: str
    byline: str
    picture: str
    alt: str
    body: Markup
    paragraphs: tuple[str, ...]  # the body's text, for the plain-text part


def _picture(services: Services, article: Article) -> str:
    image = article.featured_image
    if image is None or not image.renditions:
        return ""
    fitting = [w for w in image.renditions if w <= PICTURE_WIDTH] or [min(image.renditions)]
    return services.media_urls.jpeg(image.sha256, max(fitting))


def email_body(html: str, base_url: str) -> Markup:
    """A stored body as mail clients show it: a safe subset, every URL absolute."""
    import nh3  # with the first newsletter, not in every worker (as ``content.text``)

    cut = nh3.clean(
        html,
        tags=EMAIL_TAGS,
        attributes=EMAIL_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener",
    )
    return Markup(absolute_html(cut, base_url))


def stories(
    session: Session, services: Services, ids: list[int], *, now: datetime, whole: bool,
    language: str = "en",
) -> list[Story]:  # fmt: skip
    base = services.settings.base_url.rstrip("/")
    found = queries.stories_by_ids(session, ids, now=now, bodies=whole)
    return [
        Story(
            title=a.title,
            url=base + urls.article(a),
            section=a.section.name if a.section else "",
            standfirst=a.standfirst,
            excerpt=a.excerpt,
            byline=byline(a.authors, language),
            picture=_picture(services, a),
            alt=a.featured_alt or (a.featured_image.alt if a.featured_image else ""),
            body=email_body(a.body_html, base) if whole and i == 0 else Markup(""),
            paragraphs=tuple(html_to_paragraphs(a.body_html)) if whole and i == 0 else (),
        )
        for i, a in enumerate(found)
    ]


def render(session: Session, services: Services, issue: Issue, *, now: datetime) -> tuple[str, str]:
    """The issue's email as it reads now: (HTML, plain text). Counted when its newsletter
    counts opens now: the links its redirects lead to are set on ``issue`` with it."""
    newsletter = session.get(Newsletter, issue.newsletter_id)
    assert newsletter is not None
    settings = site.load(session)
    base = services.settings.base_url.rstrip("/")
    counted = newsletter.count_opens
    whole = issue.layout == "story"
    found = stories(
        session, services, list(issue.article_ids), now=now, whole=whole,
        language=settings.language,
    )  # fmt: skip
    note = [p.strip() for p in re.split(r"\n\s*\n", issue.note) if p.strip()]
    lead = found[0] if found else None
    source = services.templates.render(
        "email/issue.mjml",
        subject=issue.subject,
        preview=(note[0] if note else lead.standfirst if lead else "")[:150],
        newsletter=newsletter,
        site=settings,
        site_url=services.settings.base_url,
        note=note,
        stories=found,
        whole=whole,
        manage=MANAGE_MARK,
        leave=LEAVE_MARK,
        pixel=base + urls.newsletter_opened(COUNT_MARK) if counted else "",
        postal_address=settings.postal_address,
    )
    from mjml import mjml_to_html  # with BeautifulSoup and lxml, ~10 MiB few workers need

    html = mjml_to_html(source).html
    links: list[str] = []
    if counted:
        html, links = counted_links(
            html, lambda index: base + urls.newsletter_clicked(COUNT_MARK, index)
        )
    issue.counted, issue.links = counted, links
    return html, _text(settings, newsletter, note, found, whole)


def preview(issue: Issue, base_url: str) -> str:
    """The issue's email as the newsroom previews it: the recipient's own links lead
    nowhere, a counted issue's links lead straight to where they go, and its counting
    picture is a blank one that counts nothing."""
    html = issue.html.replace(MANAGE_MARK, "#").replace(LEAVE_MARK, "#")
    if not issue.counted:
        return html
    base = base_url.rstrip("/")
    links = issue.links
    prefix = base + urls.newsletter_clicked(COUNT_MARK, 0).removesuffix("0")
    redirect = re.compile(re.escape(prefix) + r"(\d+)")

    def original(found: re.Match[str]) -> str:
        index = int(found.group(1))
        return escape(links[index]) if index < len(links) else "#"

    return redirect.sub(original, html).replace(base + urls.newsletter_opened(COUNT_MARK), BLANK)


def _text(
    settings: site.SiteSettings,
    newsletter: Newsletter,
    note: list[str],
    found: list[Story],
    whole: bool,
) -> str:
    _ = i18n.translations(settings.language).gettext
    lines = [f"{newsletter.name} - {settings.name}", ""]
    for paragraph in note:
        lines += [textwrap.fill(paragraph, 72), ""]
    for i, story in enumerate(found):
        if i == 1:
            more = _("More stories")
            lines += [more, "-" * len(more), ""]
        lines.append(story.title.upper() if i == 0 else story.title)
        if i == 0 and story.standfirst:
            lines.append(textwrap.fill(story.standfirst, 72))
        if story.byline and i == 0:
            lines.append(_("By %(names)s") % {"names": story.byline})
        lines.append("")
        if story.paragraphs:
            lines += [textwrap.fill(p, 72) + "\n" for p in story.paragraphs]
        elif story.excerpt:
            lines += [textwrap.fill(story.excerpt, 72), ""]
        lines += [story.url, ""]
    lines += [
        "--",
        _("You get %(newsletter)s because you signed up at %(name)s.")
        % {"newsletter": newsletter.name, "name": settings.name},
        _("Choose your newsletters: %(link)s") % {"link": MANAGE_MARK},
        _("Unsubscribe: %(link)s") % {"link": LEAVE_MARK},
    ]
    if settings.postal_address:
        lines.append(settings.postal_address)
    return "\n".join(lines) + "\n"
