"""People and terms: authors (an author map may name existing accounts), categories
as nested sections, tags, and their old addresses (``/author/x``, ``/category/a/b``,
``/tag/x`` and their feeds)."""

from __future__ import annotations

from collections.abc import Iterable
from html import unescape

from sqlalchemy import select
from sqlalchemy.orm import Session

from thepost.accounts.queries import by_email
from thepost.content import actions, taxonomy, text
from thepost.content.models import Author, Section, Tag
from thepost.errors import DomainError
from thepost.wordpress.context import (
    Context,
)
from thepost.wordpress.models import ImportedItem
from thepost.wordpress.records import Author as WPAuthor
from thepost.wordpress.records import Term


def people_and_terms(ctx: Context, records: Iterable[WPAuthor | Term]) -> None:
    people: list[WPAuthor] = []
    categories: list[Term] = []
    tags: list[Term] = []
    for record in records:
        if isinstance(record, Term) and record.term_id:
            ctx.term_ids[(record.kind, record.term_id)] = record.slug
        if isinstance(record, Term) and record.kind == "nav_menu":
            ctx.menu_names[record.slug] = record.name or record.slug
        if isinstance(record, WPAuthor):
            people.append(record)
        elif record.kind == "category":
            categories.append(record)
        elif record.kind == "post_tag":
            tags.append(record)
    with ctx.chunk() as session:
        for person in people:
            _author(ctx, session, person)
        _categories(ctx, session, categories)
        _tags(ctx, session, tags)


def _author(ctx: Context, session: Session, person: WPAuthor) -> None:
    known = ctx.known(session, "author", [person.login])
    row = known.get(person.login)
    if row is not None and session.get(Author, row.target_id) is not None:
        ctx.authors[person.login] = row.target_id
        ctx.report.count("author", "unchanged")
    else:
        user = None
        if email := ctx.options.author_map.get(person.login):
            user = by_email(session, email)
            if user is None:
                ctx.report.note(f"Author map: no account {email} (for {person.login}).")
        author = None
        if user is not None:
            author = session.scalar(select(Author).where(Author.user_id == user.id))
        if author is None:
            name = person.display_name.strip() or (
                f"{person.first_name} {person.last_name}".strip() or person.login
            )
            author = actions.create_author(session, name[:200], user_id=user.id if user else None)
            ctx.report.authors_created.append(f"{author.name} ({person.login})")
        ctx.authors[person.login] = author.id
        ctx.keep(known, "author", person.login, author.id)
        ctx.report.count("author", "imported")
    target = ctx.authors[person.login]
    paths = {f"/author/{person.login}", f"/?author={person.wp_id}" if person.wp_id else ""}
    ctx.redirect(session, {p for p in paths if p}, "author", target)
    ctx.redirect(session, {f"/author/{person.login}/feed"}, "author", target, "/feed/rss")


def _categories(ctx: Context, session: Session, categories: list[Term]) -> None:
    by_slug = {c.slug: c for c in categories}
    known = ctx.known(session, "category", list(by_slug))
    done: set[str] = set()

    def chain(term: Term) -> list[Term]:  # the term's ancestors first, cycles cut
        out, seen = [term], {term.slug}
        while (parent := by_slug.get(out[0].parent_slug)) and parent.slug not in seen:
            out.insert(0, parent)
            seen.add(parent.slug)
        return out

    for term in categories:
        for each in chain(term):
            if each.slug not in done:
                _category(ctx, session, each, known)
                done.add(each.slug)
        path = "/".join(t.slug for t in chain(term))
        target = ctx.sections[term.slug]
        old = {f"/category/{path}", f"/category/{term.slug}"}
        if term.term_id:
            old.add(f"/?cat={term.term_id}")
        ctx.redirect(session, old, "section", target)
        ctx.redirect(session, {f"{p}/feed" for p in old if "?" not in p}, "section",
                       target, "/feed/rss")  # fmt: skip


def _category(ctx: Context, session: Session, term: Term, known: dict[str, ImportedItem]) -> None:
    row = known.get(term.slug)
    if row is not None and session.get(Section, row.target_id) is not None:
        ctx.sections[term.slug] = row.target_id
        ctx.report.count("category", "unchanged")
        return
    slug = text.slugify(unescape(term.slug) or term.name)
    section = session.scalar(select(Section).where(Section.slug == slug))
    if section is None:
        name = " ".join(unescape(term.name).split())[:120] or slug
        parent = ctx.sections.get(term.parent_slug)
        try:
            section = taxonomy.add_section(
                session, ctx.services.bus, actor=ctx.actor, name=name, slug=slug,
                parent_id=parent, description=unescape(term.description)[:2000],
            )  # fmt: skip
        except DomainError:  # a reserved or taken address: the name's own, numbered
            slug = f"{slug}-{term.term_id or 2}"
            section = taxonomy.add_section(
                session, ctx.services.bus, actor=ctx.actor, name=name, slug=slug,
                parent_id=parent,
            )  # fmt: skip
            ctx.report.note(f"Category '{term.slug}' is at /{slug}: its own address is taken.")
    ctx.sections[term.slug] = section.id
    ctx.keep(known, "category", term.slug, section.id)
    ctx.report.count("category", "imported")


def _tags(ctx: Context, session: Session, terms: list[Term]) -> None:
    known = ctx.known(session, "tag", [t.slug for t in terms])
    for term in terms:
        name = " ".join(unescape(term.name or term.slug).split())[:120]
        ctx.tags[term.slug] = name
        row = known.get(term.slug)
        if row is not None and session.get(Tag, row.target_id) is not None:
            ctx.report.count("tag", "unchanged")
            tag_id = row.target_id
        else:
            found = actions.tags_by_name(session, [name])
            if not found:
                ctx.report.skip("tag", "no name")
                continue
            tag_id = found[0].id
            ctx.keep(known, "tag", term.slug, tag_id)
            ctx.report.count("tag", "imported")
        old = {f"/tag/{term.slug}"} | ({f"/?tag={term.slug}"})
        ctx.redirect(session, old, "tag", tag_id)
        ctx.redirect(session, {f"/tag/{term.slug}/feed"}, "tag", tag_id, "/feed/rss")
