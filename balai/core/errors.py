"""Errors that services raise; views and the API turn them into precise 4xx answers."""

from __future__ import annotations


class BalaiError(Exception):
    """A request that cannot be carried out as asked. `message` is already translated."""

    status = 422

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(BalaiError):
    status = 404


class Forbidden(BalaiError):
    status = 403


class Conflict(BalaiError):
    """The request clashes with the entity's current state."""

    status = 409


class RateLimited(BalaiError):
    status = 429

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
