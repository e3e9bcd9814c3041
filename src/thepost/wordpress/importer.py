"""Import a WordPress export: every post, page, picture, comment, category, tag, author
and old address, through the same actions the newsroom uses.

The file is read as a stream, a few times over (a survey that counts and keeps the people
and terms; the pictures; the posts and pages, with the menus' items), so memory does not
grow with it. The posts and pages are converted as they are read, a few chunks ahead of
the writing (``reading``). Work is written in chunks, each one transaction whose
reactions (search index, stored pages, cached pages) run once for the whole chunk
(``EventBus.batch``), and those that run after the commit (the related lists) once for
thousands of posts (``EventBus.held``); a run killed half-way leaves whole chunks behind,
and the next run carries on from them and scores the related lists the killed one left
unscored. A large file is read in a second process and its related lists scored in a
third, both beside the writing, so that the import uses more than one core.

What came from where is remembered (``ImportedItem``, keyed by WordPress id; posts by
GUID too, never by title), with a digest of what the item held: a second run of the same
file changes nothing and says "0 new, N unchanged"; a changed item is updated in place::

    report = run(services, Path("export.xml"), Options(uploads=Path("wp-content/uploads")))
    print(report.text())
"""

from __future__ import annotations

import json
from pathlib import Path

from thepost.content import actions, redirects, related, site
from thepost.events import ArticleChanged
from thepost.permissions import SYSTEM, Principal
from thepost.services import Services
from thepost.wordpress import attachments, navigation, posts, terms, wxr
from thepost.wordpress.context import READ_AHEAD, SOURCE, Context, Options, Progress
from thepost.wordpress.report import Report

__all__ = ["Options", "Progress", "Report", "read_author_map", "run"]


def read_author_map(path: Path) -> dict[str, str]:
    """An author map file: a JSON object, or lines of ``login = account@email``."""
    raw = path.read_text(encoding="utf-8")
    if raw.lstrip().startswith("{"):
        data = json.loads(raw)
        return {str(k): str(v) for k, v in data.items()}
    pairs = (line.split("=", 1) for line in raw.splitlines() if "=" in line)
    return {k.strip(): v.strip() for k, v in pairs if k.strip() and not k.startswith("#")}


def run(
    services: Services,
    source: Path,
    options: Options | None = None,
    *,
    progress: Progress | None = None,
    actor: Principal = SYSTEM,
) -> Report:
    """Import ``source``; raises ``wxr.WXRError`` (nothing written) for a file that is
    not a safe, well-formed export. A large file's helper processes are started with
    ``multiprocessing``'s spawn, which imports the calling script again: a script of
    your own that calls this needs the ``if __name__ == "__main__":`` guard (the
    command line, the newsroom and ``bench/import_bench.py`` have it)."""
    ctx = Context(services, source, options or Options(), progress, actor)
    survey = wxr.survey(source)  # refuses an unsafe file before anything is written
    ctx.site, totals = survey.site, survey.totals
    if ctx.options.dry_run:
        ctx.dry = services.writes()
    items = totals.get("items:post", 0) + totals.get("items:page", 0)
    ctx.ahead = (
        ctx.options.read_ahead if ctx.options.read_ahead is not None else items >= READ_AHEAD
    )
    # A large file's held reactions (the related lists) run in a process of their own,
    # beside the writing.
    elsewhere = None
    if ctx.ahead and ctx.dry is None and services.reactions_elsewhere is not None:
        elsewhere = services.reactions_elsewhere()
    try:
        # The related lists scored in thousands, not chunk by chunk; nothing told to other
        # systems (webhooks): moving in is not news.
        try:
            with services.bus.inward(), services.bus.held(elsewhere):
                terms.people_and_terms(ctx, survey.people_and_terms)
                if totals.get("items:attachment"):
                    attachments.attachments(ctx, totals["items:attachment"])
                posts.posts_and_pages(ctx, items)
                navigation.import_menus(ctx)
        finally:
            if elsewhere is not None:
                elsewhere.close()  # its last batch scored before the run ends
        with services.bus.inward():
            _finish(ctx)
    finally:
        if ctx.dry is not None:
            ctx.dry.rollback()
            ctx.dry.close()
    return ctx.report


def _finish(ctx: Context) -> None:
    with ctx.chunk() as session:
        ctx.report.redirects = redirects.count(session, SOURCE)
        unlisted = related.unlisted(session) if ctx.dry is None else []
    # Articles whose related lists were due when an earlier run stopped (this run's own
    # were scored when its held reactions ran).
    for chunk in ctx.chunks(iter(unlisted)):
        with ctx.chunk() as session:
            for article_id in chunk:
                ctx.services.bus.emit(session, ArticleChanged(article_id, ctx.actor.id))
    if ctx.sticky:
        with ctx.chunk() as session:
            if list(site.load(session).lead_ids) != ctx.sticky:
                actions.update_site_settings(
                    session, ctx.services.bus, actor=ctx.actor, lead_ids=ctx.sticky
                )
        ctx.report.note(f"{len(ctx.sticky)} sticky post(s) lead the home page.")
