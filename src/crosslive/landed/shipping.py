"""Shipping fees of a route: flat, by weight band, free above an amount (pure)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ShippingRule:
    """FLAT_MINOR unless BANDS ((up to grams, fee) in rising weight) are set; nothing once
    the goods reach FREE_ABOVE_MINOR. Heavier than the last band: the last band's fee."""

    flat_minor: int = 0
    bands: tuple[tuple[int, int], ...] = ()
    free_above_minor: int | None = None


def shipping_fee(rule: ShippingRule | None, goods_minor: int, grams: int) -> int:
    """The fee for goods worth GOODS_MINOR (as shown) weighing GRAMS; 0 without a rule."""
    if rule is None:
        return 0
    if rule.free_above_minor is not None and goods_minor >= rule.free_above_minor:
        return 0
    if not rule.bands:
        return rule.flat_minor
    for up_to, fee in sorted(rule.bands):
        if grams <= up_to:
            return fee
    return sorted(rule.bands)[-1][1]
