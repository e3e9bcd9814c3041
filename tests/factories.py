"""Plain functions that build content through the real actions."""

from __future__ import annotations

import io
import itertools
from collections.abc import Sequence
from datetime import datetime, timedelta

from PIL import Image as PILImage
from sqlalchemy.orm import Session

from thepost.comments import actions as comment_actions
from thepost.comments.models import Comment, CommentStatus
from thepost.content import actions, media
from thepost.content.models import Article, Author, Image, Section
from thepost.content.text import slugify
from thepost.events import CommentApproved
from thepost.permissions import SYSTEM
from thepost.services import Services

_counter = itertools.count(1)


def jpeg(width: int = 800, height: int = 450, colour: tuple[int, int, int] | None = None) -> bytes:
    n = next(_counter)
    colour = colour or ((n * 53) % 256, (n * 97) % 256, (n * 31) % 256)
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def section(
    session: Session, name: str = "", *, slug: str = "", description: str = "", position: int = 0
) -> Section:
    """A section row as given (``taxonomy.add_section``, the action, checks and audits)."""
    name = name or f"Section {next(_counter)}"
    made = Section(
        name=name, slug=slugify(slug or name), description=description, position=position
    )
    session.add(made)
    session.flush()
    return made


def author(session: Session, name: str = "", **kw: object) -> Author:
    return actions.create_author(session, name or f"Reporter {next(_counter)}", **kw)  # type: ignore[arg-type]


def image(
    services: Services, session: Session, uploaded_by: int | None = None, **kw: object
) -> Image:
    made = media.upload_image(
        session,
        services.storage,
        jpeg(),
        actor=SYSTEM,
        alt="A test picture",
        widths=(320, 640),
        **kw,  # type: ignore[arg-type]
    ).image
    made.uploaded_by = uploaded_by
    session.flush()
    return made


def article(
    services: Services,
    session: Session,
    *,
    title: str = "",
    body: str = "A first paragraph.\n\nA second paragraph.",
    section: Section | None = None,
    authors: Sequence[Author] = (),
    tags: Sequence[str] = (),
    published: datetime | None = None,
    publish: bool = True,
    **kw: object,
) -> Article:
    data = actions.ArticleInput(
        title=title or f"Story number {next(_counter)}",
        body=body,
        standfirst=str(kw.pop("standfirst", "What happened, in one sentence.")),
        section_id=section.id if section else None,
        author_ids=[a.id for a in authors],
        tags=tags,
        **kw,  # type: ignore[arg-type]
    )
    now = services.clock()
    created = actions.save_article(
        session, services.bus, services.media_urls, data, actor=SYSTEM, now=now
    )
    if publish:
        actions.publish_article(
            session,
            services.bus,
            created.id,
            actor=SYSTEM,
            now=now,
            at=published or now - timedelta(hours=1),
        )
    return created


def comment(
    services: Services,
    session: Session,
    target: Article,
    *,
    parent: Comment | None = None,
    status=CommentStatus.APPROVED,
    **kw: str,
) -> Comment:
    made = comment_actions.add_comment(
        session,
        services.keys,
        article_id=target.id,
        parent_id=parent.id if parent else None,
        name=kw.get("name", "Reader"),
        email=kw.get("email", "reader@example.org"),
        body=kw.get("body", f"Interesting piece, point {next(_counter)}."),
        url=kw.get("url", ""),
        now=target.published_at or datetime.now().astimezone(),
        status=status,
    )
    if status == CommentStatus.APPROVED:  # as a comment posted or approved on the site
        services.bus.emit(session, CommentApproved(made.id, target.id))
    return made
