"""Chat-specific errors."""

from __future__ import annotations

from crosslive.errors import DomainError


class RateLimited(DomainError):
    status_code = 429
