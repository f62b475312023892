"""Errors of the orders domain (each maps to one HTTP status through DomainError)."""

from __future__ import annotations

from crosslive.errors import Conflict, InvalidInput


class SoldOut(Conflict):
    """Fewer units are left than the cart asks for; nothing was ordered."""


class NotSoldInMarket(InvalidInput):
    """The variant has no price in the market's currency, so it cannot be bought there."""


class IdempotencyMismatch(Conflict):
    """An Idempotency-Key reused with a different request body."""
