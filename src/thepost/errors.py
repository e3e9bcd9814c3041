"""Domain errors. Domain packages raise these; ``web/errors.py`` maps them to HTTP."""

from __future__ import annotations


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

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors
