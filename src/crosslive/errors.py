"""Errors every domain raises; the web layer maps each kind to one HTTP status."""

from __future__ import annotations


class DomainError(Exception):
    """Base: a clear message for the person who caused it."""

    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def body(self) -> dict[str, object]:
        """The JSON answer: the message, and whatever else the caller needs to go on."""
        return {"detail": self.message}


class InvalidInput(DomainError):
    status_code = 422


class NotFound(DomainError):
    status_code = 404


class Conflict(DomainError):
    status_code = 409


class PermissionDenied(DomainError):
    status_code = 403


class NotAuthenticated(DomainError):
    status_code = 401


class RateLimited(DomainError):
    """Too many requests of one kind from one viewer or address; try again after a while."""

    status_code = 429

    def __init__(self, message: str, retry_after_s: float | None = None) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s
