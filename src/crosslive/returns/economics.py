"""Lane economics: when keep-it beats a return, and when returns eat a product's margin.

All amounts are minor units of the market's currency. On a lane (a market) the seller pays per
parcel O outbound, R return shipping and H handling of a return.

Break-even price. The buyer is refunded the price P either way. A collected return costs
R + H and brings back the item, worth s_c x P when resold (s_c: the share of the price a
returned item of category c brings back, after the items that cannot be resold and the
markdowns). Keep-it costs nothing more and brings back nothing. So a return pays only when
s_c x P > R + H, and keep-it is cheaper below

    break_even_c = (R + H) / s_c

The suggested keep-it amount for a market is the lowest break-even over the categories the
store sells (rounded down to a whole currency unit): below it, keep-it is cheaper whatever
the item is.

Margin warning. A product priced P with unit cost C has margin P - C - O on the lane. Its
expected return cost per unit sold is rate_c x (R + H), rate_c being its category's typical
online return rate (DOMAIN.md section 2, the middle of the range). crosslive warns when the
expected return cost exceeds the margin. Without a unit cost there is no margin and no
warning.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from crosslive.catalog.models import Category
from crosslive.money import exponent

# Typical online return rates, the middle of DOMAIN.md section 2's ranges. "Other" has no
# figure there: the Narvar-style all-category average of about 15 % is assumed.
RETURN_RATES: dict[Category, Decimal] = {
    Category.APPAREL: Decimal("0.25"),
    Category.SHOES: Decimal("0.30"),
    Category.BEAUTY: Decimal("0.075"),
    Category.ELECTRONICS: Decimal("0.10"),
    Category.HOME: Decimal("0.125"),
    Category.OTHER: Decimal("0.15"),
}

# The share of the price a returned item brings back when resold. Opened beauty products can
# rarely be sold again (hygiene); electronics go out as tested open-box at a discount.
RESALE_SHARES: dict[Category, Decimal] = {
    Category.APPAREL: Decimal("0.85"),
    Category.SHOES: Decimal("0.80"),
    Category.BEAUTY: Decimal("0.30"),
    Category.ELECTRONICS: Decimal("0.70"),
    Category.HOME: Decimal("0.80"),
    Category.OTHER: Decimal("0.75"),
}


@dataclass(frozen=True)
class LaneCosts:
    outbound_minor: int
    return_shipping_minor: int
    handling_minor: int

    @property
    def return_minor(self) -> int:
        """What one collected return costs on the lane: shipping back plus handling."""
        return self.return_shipping_minor + self.handling_minor


def break_even_minor(costs: LaneCosts, category: Category) -> int:
    """The price under which keep-it is cheaper than a return: (R + H) / s_c, rounded up
    to the minor unit (at exactly this price the two cost the same or keep-it still wins)."""
    return math.ceil(Decimal(costs.return_minor) / RESALE_SHARES[category])


def suggested_keep_it_minor(costs: LaneCosts, categories: Iterable[Category], currency: str) -> int:
    """The lowest break-even over CATEGORIES (all of them if none), rounded down to a whole
    unit of CURRENCY: refunding without collecting below it never costs more than a return."""
    chosen = set(categories) or set(Category)
    lowest = min(break_even_minor(costs, category) for category in chosen)
    unit = 10 ** exponent(currency)
    return lowest // unit * unit


def expected_return_cost_minor(costs: LaneCosts, category: Category) -> int:
    """rate_c x (R + H), rounded to the nearest minor unit: what returns cost per unit sold."""
    return round(RETURN_RATES[category] * costs.return_minor)


def margin_minor(costs: LaneCosts, price_minor: int, unit_cost_minor: int | None) -> int | None:
    """P - C - O on the lane; None without a unit cost."""
    if unit_cost_minor is None:
        return None
    return price_minor - unit_cost_minor - costs.outbound_minor


def returns_exceed_margin(
    costs: LaneCosts, category: Category, price_minor: int, unit_cost_minor: int | None
) -> bool:
    """Warn: the expected return cost is above the margin (never without a unit cost)."""
    margin = margin_minor(costs, price_minor, unit_cost_minor)
    if margin is None:
        return False
    return expected_return_cost_minor(costs, category) > margin
