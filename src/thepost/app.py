"""Assembly: the only module that picks concrete parts and wires them together.

``build_services(settings)`` makes the engine, session factory, event bus, media storage
and clock, and subscribes the cross-domain reactions to events. ``create_app(settings)``
wraps them in the web application. The CLI uses ``build_services`` too, so a publish
from the command line triggers the same reactions as one from the admin.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from fastapi import FastAPI
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from thepost import __version__
from thepost.accounts import models as _accounts_models  # noqa: F401  (registers tables)
from thepost.comments import models as _comments_models  # noqa: F401
from thepost.config import Settings
from thepost.content import related
from thepost.db import make_engine, make_session_factory
from thepost.db.base import utcnow
from thepost.events import ArticleChanged, EventBus
from thepost.keys import Keys
from thepost.mail import models as _mail_models  # noqa: F401
from thepost.media.storage import LocalStorage, Storage
from thepost.ratelimit import RateLimiter
from thepost.web import errors, routes
from thepost.web.templating import Templates

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]


@dataclass
class Services:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    bus: EventBus
    storage: Storage
    clock: Clock
    keys: Keys
    limiter: RateLimiter


def build_services(
    settings: Settings, *, clock: Clock = utcnow, engine: Engine | None = None
) -> Services:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = engine or make_engine(settings.resolved_database_url)
    services = Services(
        settings=settings,
        engine=engine,
        sessions=make_session_factory(engine),
        bus=EventBus(),
        storage=LocalStorage(settings.media_dir, "/media"),
        clock=clock,
        keys=Keys(settings.secret_key),
        limiter=RateLimiter(settings.redis_url or "memory://"),
    )
    services.bus.subscribe(ArticleChanged, _refresh_related(services))
    return services


def _refresh_related(services: Services) -> Callable[[ArticleChanged], None]:
    def handler(event: ArticleChanged) -> None:
        with services.sessions.begin() as session:
            related.refresh_around(
                session,
                event.article_id,
                now=services.clock(),
                count=services.settings.related_count,
            )

    return handler


def create_app(settings: Settings, *, services: Services | None = None) -> FastAPI:
    services = services or build_services(settings)
    settings.media_dir.mkdir(parents=True, exist_ok=True)
    app = FastAPI(
        title=services.settings.base_url,
        version=__version__,
        routes=routes.table(services.settings.media_dir),
        exception_handlers=errors.handlers(),
        debug=settings.debug,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.services = services
    app.state.templates = Templates(settings.theme_dir)
    return app
