"""Loading the demo content: sections, authors, articles, pictures, comments, pages (About
us, Contact, ...) and the footer menu that lists them, through
the same actions the newsroom uses, in one transaction, with the same reactions (search
index, stored pages, related lists, audit) run once for everything at the end
(``EventBus.batch``)::

    summary = load(services, articles=96)

Processing renditions is the slow part, so a small pool of pictures is drawn once and
shared between articles, each with its own caption, credit and alt text.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Generic, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from thepost.comments.actions import add_comment
from thepost.comments.models import CommentStatus
from thepost.content import actions, live, media, menus, page_actions, site, taxonomy
from thepost.content.actions import ArticleInput
from thepost.content.menus import MenuItemInput
from thepost.content.models import (
    MEMBERS,
    PUBLIC,
    Article,
    Author,
    Image,
    Page,
    Section,
    article_path,
)
from thepost.content.page_actions import PageInput
from thepost.content.text import slugify
from thepost.demo import bilingual, words
from thepost.demo.pages import PAGES
from thepost.demo.pictures import draw_picture, draw_portrait
from thepost.demo.text import (
    Filler,
    article_values,
    compose_body,
    markdown_text,
    someone,
    standfirst,
)
from thepost.events import EventBus
from thepost.i18n import LANGUAGES
from thepost.members import actions as members
from thepost.newsletters import actions as newsletters
from thepost.permissions import SYSTEM
from thepost.services import Services

WIDTHS = (320, 640, 960, 1280)
T = TypeVar("T")


def load(services: Services, *, articles: int = 96, seed: int = 1, language: str = "en") -> str:
    """Load generated demo content into services' database; return a one-line summary.
    ``language`` (one of ``i18n.LANGUAGES``): the site's language, time zone, tagline and
    sections in it; the stories stay English."""
    if articles < 1:
        raise ValueError("articles must be at least 1")
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
    rng = random.Random(seed)
    now = services.clock()
    with services.writes.begin() as session, services.bus.batch(session):
        loader = _Loader(session, services.bus, services, rng, now, language=language)
        summary = loader.run(articles)
    return summary


@dataclass
class _Picture:
    id: int
    alt: str


@dataclass
class _Plan:
    section: dict[str, Any]
    topic: words.Topic
    title: str
    values: dict[str, str | list[str]]
    dateline: str


class _Loader:
    def __init__(
        self,
        session: Session,
        bus: EventBus,
        services: Services,
        rng: random.Random,
        now: datetime,
        *,
        language: str = "en",
    ) -> None:
        self.session, self.bus, self.services, self.rng, self.now = (
            session,
            bus,
            services,
            rng,
            now,
        )
        self.language = language
        self.storage = services.storage
        self.titles: set[str] = set()
        self.images = 0
        self.comments = 0
        self.commenters = self._commenters()

    def run(self, count: int) -> str:
        rng = self.rng
        local = words.LOCALISED.get(self.language, {})
        actions.update_site_settings(
            self.session,
            self.bus,
            actor=SYSTEM,
            name="The Post",
            tagline=local.get("tagline", words.TAGLINE),
            social=words.SOCIAL,
            language=self.language,
            **{key: local[key] for key in ("time_zone", "description") if key in local},
        )
        sections = [self._section(info) for info in words.SECTIONS]
        section_ids = {info["name"]: s.id for info, s in zip(words.SECTIONS, sections, strict=True)}
        authors = self._authors()

        names = [info["name"] for info in words.SECTIONS]
        n_featured = min(30, max(len(names), count // 3))
        featured: dict[str, list[_Picture]] = {name: [] for name in names}
        for i in range(n_featured):
            name = names[i % len(names)]
            featured[name].append(self._picture(name))
        inline = [
            self._picture(names[(i * 3) % len(names)]) for i in range(min(10, max(2, count // 8)))
        ]
        featured_cycle = {name: _Cycle(rng, pics) for name, pics in featured.items()}
        inline_cycle = _Cycle(rng, inline)

        translated = 0
        # Publish times over the last 30 days, oldest first, so ids follow time.
        times = sorted(self.now - timedelta(days=rng.uniform(0.05, 30)) for _ in range(count))
        topic_cycles = {name: _Cycle(rng, words.TOPICS[name]) for name in names}
        published = 0
        made_thread = False
        commented = 0
        for i, when in enumerate(times):
            info = words.SECTIONS[i % len(names)]
            plan = self._plan(info, topic_cycles[info["name"]].next())
            # The first story always has a picture in its body.
            n_inline = rng.choice([0, 0, 1, 1, 2, 3]) if i else rng.choice([1, 2, 3])
            article_id = self._article(
                plan,
                section_ids,
                authors,
                featured_cycle[info["name"]],
                inline_cycle,
                n_inline,
                created=when - timedelta(minutes=rng.randint(20, 300)),
                showcase=inline[:2] if i == count - 1 else None,
                # Every eighth story is for members (the wall after three paragraphs);
                # never the newest, which shows what a body can hold.
                access=MEMBERS if i % 8 == 5 and i != count - 1 else PUBLIC,
            )
            updated = when
            if rng.random() < 0.3:
                updated = min(
                    when + timedelta(minutes=rng.randint(30, 2880)), self.now - timedelta(minutes=1)
                )
            actions.publish_article(
                self.session, self.bus, article_id, actor=SYSTEM, now=updated, at=when
            )
            published += 1
            if i == 0:
                # Between the first story and the others: the first and the newest by
                # number stay an ordinary story and the one showing what a body can hold.
                translated = self._spanish(sections, section_ids, authors, featured_cycle)
            if rng.random() < 1 / 3 or (i == count - 1 and not commented):
                self._comments(article_id, plan, when, thread=not made_thread)
                made_thread = True
                commented += 1

        # One story scheduled for tomorrow and one draft: neither may show on the site.
        plan = self._plan(words.SECTIONS[0], topic_cycles["News"].next())
        scheduled = self._article(
            plan,
            section_ids,
            authors,
            featured_cycle["News"],
            inline_cycle,
            1,
            created=self.now - timedelta(hours=2),
        )
        actions.publish_article(
            self.session,
            self.bus,
            scheduled,
            actor=SYSTEM,
            now=self.now,
            at=self.now + timedelta(days=1),
        )
        plan = self._plan(words.SECTIONS[-1], topic_cycles["Opinion"].next())
        self._article(
            plan,
            section_ids,
            authors,
            featured_cycle["Opinion"],
            inline_cycle,
            0,
            created=self.now - timedelta(hours=3),
        )

        pages = self._pages(sections)
        translated += self._spanish_page()
        storm = self._live_blog(section_ids["News"], authors, featured_cycle["News"])
        readers = self._newsletters()
        members = self._members()
        # The breaking-news banner, up over every page, leading to the live blog.
        actions.raise_banner(
            self.session, self.bus, actor=SYSTEM, now=self.now,
            text="Storm Maren reaches the coast: follow it live", url=storm,
        )  # fmt: skip
        return (
            f"{len(sections)} sections, {len(authors)} authors, "
            f"{published} published article{'s' * (published != 1)}, "
            f"1 scheduled, 1 draft, 1 live blog, {self.images} images, "
            f"{self.comments} comments, {pages} pages, 2 newsletters with {readers} subscribers, "
            f"{members} members"
            + (f", {translated} stories and pages in Spanish" if translated else "")
        )

    # -- parts ---------------------------------------------------------------------------

    def _newsletters(self) -> int:
        """Two newsletters offered on every page, readers who signed up over the last
        weeks (most confirmed, a few still waiting) and tomorrow's briefing as a draft
        of the newest stories, for an editor to preview, test and send."""
        made = {}
        for position, (name, cadence, description) in enumerate(words.NEWSLETTERS):
            made[name] = newsletters.save_newsletter(
                self.session, self.bus,
                {"name": name, "cadence": cadence, "description": description,
                 "sender_name": f"{name}, The Post", "position": position,
                 # The briefing goes out by itself on weekday mornings.
                 "digest_time": "07:00" if position == 0 else "", "digest_days": "12345"},
                actor=SYSTEM, now=self.now - timedelta(days=60),
            ).id  # fmt: skip
        briefing, alerts = made.values()
        readers = 0
        for n, email in enumerate(words.READERS):
            when = self.now - timedelta(days=40 - n * 2, hours=self.rng.randint(0, 12))
            chosen = [briefing, alerts] if n % 3 == 0 else [alerts] if n % 3 == 1 else [briefing]
            subscriber = newsletters.subscribe(
                self.session, self.bus, email=email, newsletter_ids=chosen,
                source="/newsletters", consent_text="Demo reader.", now=when,
            )  # fmt: skip
            if n % 7 != 6:  # a few never confirmed
                later = when + timedelta(minutes=self.rng.randint(2, 90))
                newsletters.confirm(
                    self.session, subscriber.id, subscriber.key, subscriber.email, now=later
                )
            readers += 1
        newest = self.session.scalars(
            select(Article.id)
            .where(Article.status == "published", Article.published_at <= self.now)
            .order_by(Article.published_at.desc())
            .limit(5)
        ).all()
        newsletters.save_issue(
            self.session, actor=SYSTEM, newsletter_id=briefing,
            subject="The Morning Briefing: what you need to know today",
            note="Good morning. Storm Maren is reaching the coast: our live blog follows it "
            "hour by hour.\n\nHere is the rest of what matters today.",
            article_ids=list(newest), layout="digest", now=self.now,
        )  # fmt: skip
        return readers

    def _live_blog(
        self, section_id: int, authors: list[tuple[Author, list[str]]], featured: _Cycle[_Picture]
    ) -> str:
        """A breaking story in News covered live since three hours ago: its entries,
        one pinned, one changed since it was posted, two key events."""
        started = self.now - timedelta(minutes=190)
        picture = featured.next()
        data = ArticleInput(
            title=words.LIVE_TITLE, standfirst=words.LIVE_STANDFIRST, body=words.LIVE_BODY,
            section_id=section_id, tags=["Storm Maren", "Weather"],
            author_ids=[authors[0][0].id, authors[1][0].id], featured_image_id=picture.id,
            featured_alt=picture.alt, featured_caption="The seafront as the storm came ashore.",
            featured_credit=f"Illustration: {self.rng.choice(words.PHOTOGRAPHERS)} / The Post",
            dateline="ON THE COAST",
        )  # fmt: skip
        story = actions.save_article(
            self.session, self.bus, self.services.media_urls, data, actor=SYSTEM, now=started
        )
        actions.publish_article(self.session, self.bus, story.id, actor=SYSTEM, now=started)
        live.start(self.session, self.bus, story.id, actor=SYSTEM, now=started)
        posted = []
        for i, (minutes, headline, body) in enumerate(words.LIVE_ENTRIES):
            entry = live.write_entry(
                self.session, self.bus, self.services.media_urls, story.id,
                live.EntryInput(body=body, headline=headline,
                                author_ids=[authors[i % 2][0].id]),
                actor=SYSTEM, now=self.now - timedelta(minutes=minutes), post=True,
            )  # fmt: skip
            posted.append(entry.id)
        mark = self.now - timedelta(minutes=5)
        for entry_id in (posted[2], posted[7]):
            live.mark_entry(
                self.session, self.bus, entry_id, actor=SYSTEM, now=mark, key_event=True
            )
        live.mark_entry(self.session, self.bus, posted[4], actor=SYSTEM, now=mark, pinned=True)
        live.write_entry(
            self.session, self.bus, self.services.media_urls, story.id,
            live.EntryInput(body=words.LIVE_ENTRIES[5][2].replace("40,000", "42,000"),
                            author_ids=[authors[1][0].id]),
            actor=SYSTEM, now=mark, entry_id=posted[5],
        )  # fmt: skip
        section = self.session.get(Section, section_id)
        return article_path(section.slug if section else "", story.slug, story.language)

    def _pages(self, sections: list[Section]) -> int:
        """The pages beside the news, published a month ago, and the footer menu: the
        sections and Latest as before, then the pages (Privacy under Terms of use). The
        header menu stays the default one."""
        when = self.now - timedelta(days=31)
        made = 0

        def add(info: dict[str, Any], parent_id: int | None) -> MenuItemInput:
            nonlocal made
            data = PageInput(
                title=info["title"],
                body=info["body"],
                slug=info["slug"],
                parent_id=parent_id,
                standfirst=info["standfirst"],
                position=made,
            )
            page = page_actions.save_page(
                self.session, self.bus, self.services.media_urls, data, actor=SYSTEM, now=when
            )
            page_actions.publish_page(self.session, self.bus, page.id, actor=SYSTEM, now=when)
            made += 1
            children = [add(child, page.id) for child in info.get("children", ())]
            return MenuItemInput("", "page", page.id, children=children)

        listed = [add(info, None) for info in PAGES]
        footer = [
            *(MenuItemInput("", "section", s.id) for s in sections),
            MenuItemInput("", "latest"),
            *listed,
        ]
        menus.save_menu(self.session, self.bus, "footer", footer, actor=SYSTEM)
        return made

    def _spanish(
        self,
        sections: list[Section],
        section_ids: dict[str, int],
        authors: list[tuple[Author, list[str]]],
        featured: dict[str, _Cycle[_Picture]],
    ) -> int:
        """An English site publishes in Spanish too (``bilingual``): two stories of the
        last hours in both languages, linked as translations, and the sections named in
        Spanish (the About page follows, ``_spanish_page``). A site in another language
        stays in it alone."""
        if self.language != "en":
            return 0
        actions.update_site_settings(self.session, self.bus, actor=SYSTEM, languages=["es"])
        spanish = words.LOCALISED["es"]["sections"]
        for info, section in zip(words.SECTIONS, sections, strict=True):
            name, description = spanish[info["name"]]
            taxonomy.translate_section(
                self.session, self.bus, section.id, {"es": (name, description)},
                settings=site.load(self.session), actor=SYSTEM,
            )  # fmt: skip
        made = 0
        for n, story in enumerate(bilingual.STORIES):
            when = self.now - timedelta(minutes=40 + 70 * n)
            picture = featured[story["section"]].next()
            credit = self.rng.choice(words.PHOTOGRAPHERS)
            original_id = None
            for language in ("en", "es"):
                words_of = story[language]
                data = ArticleInput(
                    title=words_of["title"], slug=words_of["slug"], body=words_of["body"],
                    standfirst=words_of["standfirst"], section_id=section_ids[story["section"]],
                    tags=story["tags"], author_ids=[authors[n][0].id], dateline=story["dateline"],
                    featured_image_id=picture.id, featured_alt=picture.alt,
                    featured_caption=words_of["caption"],
                    featured_credit=f"Illustration: {credit} / The Post",
                    language="" if language == "en" else language, translation_of_id=original_id,
                )  # fmt: skip
                saved = actions.save_article(
                    self.session, self.bus, self.services.media_urls, data, actor=SYSTEM,
                    now=when,
                )  # fmt: skip
                actions.publish_article(self.session, self.bus, saved.id, actor=SYSTEM, now=when)
                original_id = original_id or saved.id
                made += language == "es"
        return made

    def _spanish_page(self) -> int:
        """The About page in Spanish, on an English site that publishes in Spanish."""
        about = self.session.scalar(select(Page).where(Page.slug == "about"))
        if self.language != "en" or about is None:
            return 0
        words_of = bilingual.ABOUT_ES
        data = PageInput(
            title=words_of["title"], body=words_of["body"], slug=words_of["slug"],
            standfirst=words_of["standfirst"], language="es", translation_of_id=about.id,
        )  # fmt: skip
        when = self.now - timedelta(days=31)
        page = page_actions.save_page(
            self.session, self.bus, self.services.media_urls, data, actor=SYSTEM, now=when
        )
        page_actions.publish_page(self.session, self.bus, page.id, actor=SYSTEM, now=when)
        return 1

    def _section(self, info: dict[str, Any]) -> Section:
        """A section, named in the site's language; its address from the name when that
        is written in Latin letters ("politica"), else the English one ("politics")."""
        local = words.LOCALISED.get(self.language, {}).get("sections", {})
        name, description = local.get(info["name"], (info["name"], info["description"]))
        slug = slugify(name) if slugify(name).isascii() else slugify(info["name"])
        existing = self.session.scalar(select(Section).where(Section.slug == slug))
        if existing is not None:
            return existing
        return taxonomy.add_section(
            self.session, self.bus, actor=SYSTEM, name=name, slug=slug, description=description
        )

    def _authors(self) -> list[tuple[Author, list[str]]]:
        made = []
        for i, info in enumerate(words.AUTHORS):
            photo_id = None
            if info["photo"]:
                image = self._add_image(
                    draw_portrait(info["name"], self.rng.getrandbits(32) * 2 + (i % 2)),
                    alt=info["name"],
                    credit="The Post",
                )
                photo_id = image.id
            author = actions.create_author(
                self.session,
                info["name"],
                bio=info["bio"],
                job_title=info["job_title"],
                photo_id=photo_id,
            )
            made.append((author, info["sections"]))
        return made

    def _add_image(self, data: bytes, *, alt: str, caption: str = "", credit: str = "") -> Image:
        upload = media.upload_image(
            self.session,
            self.storage,
            data,
            actor=SYSTEM,
            alt=alt,
            caption=caption,
            credit=credit,
            widths=WIDTHS,
        )
        self.images += 1
        return upload.image

    def _picture(self, section: str) -> _Picture:
        data, alt = draw_picture(section, self.rng.getrandbits(32))
        credit = f"Illustration: {self.rng.choice(words.PHOTOGRAPHERS)} / The Post"
        image = self._add_image(data, alt=alt, credit=credit)
        return _Picture(image.id, alt)

    def _plan(self, info: dict[str, Any], topic: words.Topic) -> _Plan:
        rng = self.rng
        dateline = rng.choice(info["datelines"])
        values = article_values(rng, info, topic, dateline)
        fill = Filler(rng, values)
        title = fill(rng.choice(topic["heads"]))
        for _ in range(8):
            if title not in self.titles:
                break
            values = article_values(rng, info, topic, dateline)
            fill = Filler(rng, values)
            title = fill(rng.choice(topic["heads"]))
        self.titles.add(title)
        return _Plan(info, topic, title, values, dateline)

    def _members(self) -> int:
        """Readers who made an account over the last weeks (the first of the newsletter
        readers): the newsroom's list of members is not empty."""
        for n, email in enumerate(words.READERS[:6]):
            when = self.now - timedelta(days=30 - n * 4)
            member = members.add_member(self.session, email, now=when)
            member.last_seen_at = when + timedelta(days=n)
        return 6

    def _article(
        self,
        plan: _Plan,
        section_ids: dict[str, int],
        authors: list[tuple[Author, list[str]]],
        featured: _Cycle[_Picture],
        inline: _Cycle[_Picture],
        n_inline: int,
        *,
        created: datetime,
        showcase: Sequence[_Picture] | None = None,
        access: str = PUBLIC,
    ) -> int:
        """A story. With ``showcase`` (the newest story), what a body can hold besides
        goes after its second paragraph: a pull quote of its first sentence, the demo's
        embeds (players a reader starts, a link card) and a gallery of those pictures."""
        rng = self.rng
        fill = Filler(rng, plan.values)
        name = plan.section["name"]
        topic = plan.topic
        captions = [fill(c) for c in topic["captions"]]
        rng.shuffle(captions)
        pictures = inline.take(min(n_inline, len(captions) - 1))
        body = compose_body(
            rng,
            fill,
            topic,
            name,
            figures=[(p.id, p.alt) for p in pictures],
            captions=captions[1:],
        )
        markdown = body.markdown
        if showcase is not None:
            blocks = markdown.split("\n\n")
            said = next(b for b in blocks if b[:1].isalpha())
            pull = "> [!pullquote]\n> " + re.split(r"(?<=[.!?]) ", said, maxsplit=1)[0]
            gallery = "\n".join(f"![{markdown_text(p.alt)}](image:{p.id})" for p in showcase)
            markdown = "\n\n".join([*blocks[:2], pull, *words.EMBEDS, gallery, *blocks[2:]])
        tags = [topic["tags"][0]] + rng.sample(
            topic["tags"][1:], rng.randint(1, min(4, len(topic["tags"]) - 1))
        )
        picture = featured.next()
        regulars = [a for a, sections in authors if name in sections] or [a for a, _ in authors]
        byline = [rng.choice(regulars)]
        extra = rng.choices([0, 1, 2], weights=[70, 22, 8])[0]
        others = [a for a, _ in authors if a not in byline]
        byline += rng.sample(others, extra)
        data = ArticleInput(
            title=plan.title,
            standfirst=standfirst(rng, fill, topic),
            body=markdown,
            section_id=section_ids[name],
            tags=tags,
            author_ids=[a.id for a in byline],
            dateline=plan.dateline,
            featured_image_id=picture.id,
            featured_caption=captions[0],
            featured_credit=f"Illustration: {rng.choice(words.PHOTOGRAPHERS)} / The Post",
            featured_alt=picture.alt,
            access=access,
        )
        article = actions.save_article(
            self.session, self.bus, self.services.media_urls, data, actor=SYSTEM, now=created
        )
        return article.id

    def _commenters(self) -> list[tuple[str, str, str]]:
        rng = self.rng
        people = []
        for i in range(24):
            name, first, last = someone(rng)
            domain = rng.choice(["example.org", "example.com"])
            email = f"{first}.{last}{rng.randint(1, 99) if i % 3 == 0 else ''}@{domain}".lower()
            url = words.COMMENT_SITES[i % len(words.COMMENT_SITES)] if i % 8 == 0 else ""
            people.append((name, email, url))
        return people

    def _comments(self, article_id: int, plan: _Plan, published: datetime, *, thread: bool) -> None:
        rng = self.rng
        fill = Filler(rng, plan.values)
        k = rng.randint(3, 6) if thread else rng.randint(1, 6)
        bank = words.COMMENTS + words.SECTION_COMMENTS.get(plan.section["name"], []) * 2
        span = max(60.0, (self.now - published).total_seconds() / 60 - 1)
        stamps = sorted(
            published + timedelta(minutes=rng.uniform(5, min(span, 4320))) for _ in range(k)
        )
        made: list[tuple[int, int, str]] = []  # id, depth, author's name
        said: set[str] = set()  # one thread never repeats itself (nor may it: fingerprints)
        for i, when in enumerate(stamps):
            parent: tuple[int, int, str] | None = None
            if thread and i in (1, 2):
                parent = made[i - 1]  # a chain three deep
            elif made and rng.random() < 0.4:
                open_ = [m for m in made if m[1] < 3]
                parent = rng.choice(open_) if open_ else None
            name, email, url = rng.choice(
                [p for p in self.commenters if parent is None or p[0] != parent[2]]
            )
            if parent is not None:
                text = fill(rng.choice([r for r in words.REPLIES if r not in said]))
                said.add(text)
                if rng.random() < 0.5:
                    text = f"{parent[2].split()[0]}, {text[0].lower()}{text[1:]}"
            else:
                text = rng.choice([c for c in bank if c not in said])
                said.add(text)
                text = fill(text)
            comment = add_comment(
                self.session,
                self.services.keys,
                article_id=article_id,
                name=name,
                email=email,
                body=text,
                url=url,
                parent_id=parent[0] if parent else None,
                now=when,
                status=CommentStatus.APPROVED,
            )
            made.append((comment.id, parent[1] + 1 if parent else 1, name))
            self.comments += 1


class _Cycle(Generic[T]):
    """Items in a shuffled order, reshuffled after each pass, so reuse is spread out."""

    def __init__(self, rng: random.Random, items: Sequence[T]) -> None:
        self.rng = rng
        self.items = list(items)
        self.left: list[T] = []

    def next(self) -> T:
        if not self.left:
            self.left = list(self.items)
            self.rng.shuffle(self.left)
        return self.left.pop()

    def take(self, n: int) -> list[T]:
        chosen: list[T] = []
        for _ in range(min(n, len(self.items))):
            item = self.next()
            if item in chosen:  # a new pass started with a repeat: skip it
                continue
            chosen.append(item)
        return chosen
