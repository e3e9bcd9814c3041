"""The counts the database keeps of each reader's list (``story_counts``, ``content.counts``):
after every kind of change to stories, their tags and bylines they equal the counts of the
stories themselves, and a list's size as readers see it leaves out what is still to come."""

from dataclasses import replace
from datetime import timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import selectinload

import factories as f
from thepost.content import actions, counts, queries, taxonomy
from thepost.content.models import LIVE_STATUSES, Article, Author, Section, StoryList
from thepost.permissions import SYSTEM


def _same(services) -> None:
    """The counts kept are the stories' own, and each list's entries are its stories,
    each at its publish time."""
    with services.reads() as session:
        expected = counts.recount(session)
        assert counts.kept(session) == expected
        entries = session.execute(
            select(StoryList.list, StoryList.key, StoryList.language, func.count()).group_by(
                StoryList.list, StoryList.key, StoryList.language
            )
        ).all()
        assert {(kind, key, language): n for kind, key, language, n in entries} == expected
        misplaced = session.scalar(
            select(func.count())
            .select_from(StoryList)
            .join(Article, Article.id == StoryList.article_id)
            .where(Article.published_at != StoryList.published_at)
        )
        assert misplaced == 0


def test_kept_counts_follow_every_change(services) -> None:
    now = services.clock()
    bus = services.bus
    with services.writes.begin() as session:
        news, sport = f.section(session, "News"), f.section(session, "Sport")
        rana, omar = f.author(session, "Rana Haddad"), f.author(session, "Omar Saleh")
        stories = [
            f.article(
                services, session, title=f"Story {n}", section=(news, sport)[n % 2],
                authors=[rana, omar][: n % 3], tags=["Floods", "Rain"][: n % 3],
                published=now - timedelta(hours=n),
            )
            for n in range(1, 9)
        ]  # fmt: skip
        f.article(services, session, title="Draft", section=news, tags=["Floods"], publish=False)
        soon = f.article(services, session, title="Soon", section=news, tags=["Floods"],
                         authors=[rana], published=now + timedelta(days=1))  # fmt: skip
    _same(services)
    first, second, third = stories[0].id, stories[1].id, stories[2].id
    with services.writes.begin() as session:
        actions.unpublish_article(session, bus, first, actor=SYSTEM, now=now)
    _same(services)
    with services.writes.begin() as session:
        actions.publish_article(session, bus, first, actor=SYSTEM, now=now)
        actions.delete_article(session, bus, second, actor=SYSTEM, now=now)
    _same(services)
    with services.writes.begin() as session:  # another section, other tags and bylines
        article = session.get(Article, third)
        actions.save_article(
            session, bus, services.media_urls,
            actions.ArticleInput(title=article.title, section_id=sport.id, tags=["Wind"],
                                 author_ids=[omar.id]),
            actor=SYSTEM, now=now, article_id=third,
        )  # fmt: skip
    _same(services)
    with services.writes.begin() as session:
        floods = taxonomy.tag_by_name(session, "Floods")
        rain = taxonomy.tag_by_name(session, "Rain")
        taxonomy.merge_tags(session, bus, source_id=rain.id, into_id=floods.id, actor=SYSTEM)
    _same(services)
    with services.writes.begin() as session:
        taxonomy.delete_tag(session, bus, taxonomy.tag_by_name(session, "Wind").id, actor=SYSTEM)
        session.execute(delete(Author).where(Author.id == omar.id))
        session.execute(delete(Section).where(Section.id == sport.id))
    _same(services)
    with services.writes.begin() as session:  # a story moved to another time
        session.execute(
            update(Article).where(Article.id == first).values(published_at=now - timedelta(days=9))
        )
    _same(services)
    with services.writes.begin() as session:  # the language of a story changes
        session.execute(update(Article).where(Article.id == first).values(language="es"))
    _same(services)
    with services.reads() as session:
        assert counts.kept(session)[("all", 0, "es")] == 1
        live = [
            a for a in session.scalars(select(Article).options(selectinload(Article.bylines)))
            if a.status in LIVE_STATUSES and a.published_at <= now
        ]  # fmt: skip
        shown = [a for a in live if a.language == ""]
        assert counts.live(session, "all", 0, language="", now=now) == len(shown)
        # the story scheduled for tomorrow is kept, not shown, until its time comes
        assert counts.live(session, "section", news.id, language="", now=now) == len(
            [a for a in shown if a.section_id == news.id]
        )
        tomorrow = now + timedelta(days=2)
        assert (
            counts.live(session, "author", rana.id, language="", now=tomorrow)
            == len([a for a in shown if rana.id in {b.author_id for b in a.bylines}]) + 1
        )
        assert soon.id not in {a.id for a in live}
        # every section's and tag's count in one read (the APIs' category and tag lists)
        per_section, per_tag = queries.live_counts(session, now=now)
        assert per_section == {
            s: n for s in {a.section_id for a in live if a.section_id}
            if (n := len([a for a in live if a.section_id == s]))
        }  # fmt: skip
        assert sum(per_tag.values()) == sum(
            len(a.tags) for a in session.scalars(select(Article).options(selectinload(Article.tags)))
            if a.id in {b.id for b in live}
        )  # fmt: skip


def test_the_reader_lists_count_what_they_list(services) -> None:
    now = services.clock()
    with services.writes.begin() as session:
        news = f.section(session, "News")
        reporter = f.author(session, "Rana Haddad")
        for n in range(7):
            f.article(services, session, title=f"Story {n}", section=news, authors=[reporter],
                      tags=["Floods"], published=now - timedelta(hours=n + 1))  # fmt: skip
        f.article(services, session, title="Later", section=news, authors=[reporter],
                  tags=["Floods"], published=now + timedelta(hours=1))  # fmt: skip
        tag_id = queries.lookup_ids(session, section="", tag="floods", author="")[1]
    lists = [
        queries.Listing(language=""),
        queries.Listing(section_id=news.id, language=""),
        queries.Listing(tag_id=tag_id, language=""),
        queries.Listing(author_id=reporter.id, language=""),
    ]
    with services.reads() as session:
        for listing in lists:
            assert listing.kept() is not None
            page = queries.tiles_page(session, listing, now=now, page=1, size=5)
            assert page.total == 7 and page.pages == 2, listing
            assert len(page.items) == 5
            # the same list counted (a time limit makes it one no count is kept for)
            counted = replace(listing, published_before=now + timedelta(minutes=1))
            assert counted.kept() is None
            assert queries.listing_count(session, counted, now=now) == 7
