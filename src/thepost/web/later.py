"""Views named in the routes table whose module is imported on the first request for one
of them, not when the table is built.

A worker that only ever serves readers has no use for the newsroom's views, nor for what
they import (the article actions with their Markdown and HTML cleaning, the WordPress
importer, the newsletters' editor...): megabytes of every worker's memory. The routes
table keeps naming each of those views, in the same place, through ``Views``::

    admin_users = Views("thepost.web.admin.users")
    page("/admin/users", admin_users.index, name="admin_users")

``admin_users.index`` is a stand-in with the view's name; called, it imports the module
(once; Python's import lock makes two threads asking at once safe) and calls the view.
Nothing is checked before the first call, so ``tests/web/test_routes.py`` resolves every
stand-in the table holds.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


class Views:
    """A view module, by its dotted name; each attribute is a ``Later`` view of it."""

    def __init__(self, module: str) -> None:
        self.module = module

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if not name.islower() or name.startswith("_"):  # a constant must be imported
            raise AttributeError(f"{self.module}.{name} is not a view")
        return Later(self.module, name)


class Later:
    """One view of a module not imported yet: the view itself from its first call on."""

    __slots__ = ("__name__", "module", "_view")

    def __init__(self, module: str, name: str) -> None:
        self.module, self.__name__ = module, name
        self._view: Callable[..., Any] | None = None

    def resolve(self) -> Callable[..., Any]:
        view = self._view
        if view is None:
            view = self._view = getattr(importlib.import_module(self.module), self.__name__)
        return view

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.resolve()(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<view {self.module}.{self.__name__}, imported on first use>"
