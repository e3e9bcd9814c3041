"""The web layer's one way to the running site's parts: ``services(request)``.

``app.create_app`` keeps the ``Services`` it built on the application; views, the admin's
request wrapper and the error pages read it here, typed, instead of from
``request.app.state`` each on its own.
"""

from __future__ import annotations

from typing import cast

from starlette.requests import HTTPConnection

from thepost.services import Services


def services(request: HTTPConnection) -> Services:
    return cast(Services, request.app.state.services)
