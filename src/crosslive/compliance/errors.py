"""Errors of the compliance domain."""

from __future__ import annotations

from crosslive.errors import InvalidInput


class NotSellableInMarket(InvalidInput):
    """A market rule refuses the product there (e.g. GPSR fields missing for the EU);
    nothing in the cart or the order was changed."""
