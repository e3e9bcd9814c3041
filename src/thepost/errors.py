"""Domain errors. Domain packages raise these; ``web/errors.py`` maps them to HTTP."""

from __future__ import annotations

from collections.abc import Mapping


class DomainError(Exception):
    pass


class NotFound(DomainError):
    pass


class PermissionDenied(DomainError):
    pass


class Conflict(DomainError):
    pass


class ValidationError(DomainError):
    """Bad input, with a message per field so a form can show each beside its field."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = dict(errors)


class Unavailable(DomainError):
    """A service the request needs (the media store) cannot be reached; nothing was
    changed, and trying again later may work. The message is for the person."""
