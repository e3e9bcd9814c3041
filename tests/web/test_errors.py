"""Every domain error answers with its status, through the one table in web/errors.py."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from starlette.applications import Starlette
from starlette.routing import Route
from starlette.testclient import TestClient

from thepost.comments.actions import TooSoon
from thepost.errors import (
    Conflict,
    DomainError,
    NotFound,
    PermissionDenied,
    Unavailable,
    ValidationError,
)
from thepost.media.urls import MediaUrls
from thepost.web import errors
from thepost.web.templating import Templates

RAISED = [
    (NotFound("gone"), 404),
    (PermissionDenied("no"), 403),
    (Conflict("This article was changed by someone else."), 409),
    (ValidationError({"title": "Please enter a title."}), 400),
    (Unavailable("The media store cannot be reached."), 503),
    (DomainError("odd"), 400),
    (TooSoon("slow down"), 400),  # views answer it themselves (429); unhandled, a 400
]


def app_raising(exc: Exception) -> Starlette:
    def view(request):
        raise exc

    app = Starlette(routes=[Route("/", view)], exception_handlers=errors.handlers())
    # What the error pages read of the services: the templates.
    app.state.services = SimpleNamespace(templates=Templates(None, MediaUrls("http://testserver")))
    return app


@pytest.mark.parametrize(("exc", "status"), RAISED, ids=lambda v: type(v).__name__)
def test_each_domain_error_has_its_status(exc, status) -> None:
    with TestClient(app_raising(exc), raise_server_exceptions=False) as client:
        page = client.get("/")
    assert page.status_code == status
    assert "text/html" in page.headers["content-type"]
    assert 'class="site-header"' in page.text or "<main" in page.text  # the site's page


def test_a_conflict_says_what_happened() -> None:
    with TestClient(app_raising(RAISED[2][0]), raise_server_exceptions=False) as client:
        assert "changed by someone else" in client.get("/").text
