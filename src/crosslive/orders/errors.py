"""Errors of the orders domain (each maps to one HTTP status through DomainError)."""

from __future__ import annotations

from typing import Any

from crosslive.errors import Conflict, InvalidInput


class SoldOut(Conflict):
    """Fewer units are left than the cart asks for; nothing was ordered."""


class NotSoldInMarket(InvalidInput):
    """The variant has no price in the market's currency, so it cannot be bought there."""


class IdempotencyMismatch(Conflict):
    """An Idempotency-Key reused with a different request body."""


class PriceChanged(Conflict):
    """The order's total is not the one the buyer confirmed (a price moved during the show);
    the answer carries the new total and lines, and nothing was ordered."""

    def __init__(self, message: str, current: dict[str, Any], **values: object) -> None:
        super().__init__(message, **values)
        self.current = current

    def body(self) -> dict[str, object]:
        return {"detail": self.message, "code": "price_changed", **self.current}
