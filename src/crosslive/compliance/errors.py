"""Errors of the compliance domain."""

from __future__ import annotations

from crosslive.errors import InvalidInput


class NotSellableInMarket(InvalidInput):
    """A market rule refuses the product there (e.g. GPSR fields missing for the EU);
    nothing in the cart or the order was changed."""


class ClaimRefused(InvalidInput):
    """A staff chat message makes a claim one of its show's markets bans (a "severe" claim
    finding); nothing was posted. FINDINGS are the claim findings as JSON objects (rule,
    market, severity, start, end, span, suggestion)."""

    def __init__(self, message: str, findings: list[dict[str, object]], **values: object):
        super().__init__(message, **values)
        self.findings = findings

    def body(self) -> dict[str, object]:
        return {"detail": self.message, "findings": self.findings}
