"""Flagging a product whose returns say "damaged in transit" more than its category's do."""

from __future__ import annotations

from dataclasses import dataclass

from crosslive.catalog.models import Category

MIN_RETURNS = 10
SIGNIFICANCE = 0.05
# The usual share of "damaged in transit" among a category's returns while the store's own
# history is too small to say (fewer than MIN_RETURNS returns among the category's other
# products): fragile-heavy categories see more. An assumption, like the economics' shares.
ASSUMED_DAMAGE_SHARE = {
    Category.APPAREL: 0.03,
    Category.SHOES: 0.03,
    Category.BEAUTY: 0.10,
    Category.ELECTRONICS: 0.15,
    Category.HOME: 0.15,
    Category.OTHER: 0.10,
}


def usual_share(category: Category, others_returns: int, others_damaged: int) -> float:
    """What a product of CATEGORY is compared with: the pooled damage share of the store's
    other products in its category once they have MIN_RETURNS returns, else the assumption."""
    if others_returns >= MIN_RETURNS:
        return others_damaged / others_returns
    return ASSUMED_DAMAGE_SHARE[category]


@dataclass(frozen=True)
class DamageFlag:
    flagged: bool
    p_value: float | None  # None below MIN_RETURNS: too few returns to test


def damage_flag(
    product_damage_returns: int, product_returns: int, category_damage_share: float
) -> DamageFlag:
    """Flag a product once it has at least MIN_RETURNS returns and a one-sided exact binomial
    test at SIGNIFICANCE says its share of "damaged in transit" returns is above
    CATEGORY_DAMAGE_SHARE (H0: share <= category share; H1: share > category share)."""
    if not 0 <= product_damage_returns <= product_returns:
        raise ValueError("damage returns must be between 0 and the product's returns")
    if not 0 <= category_damage_share <= 1:
        raise ValueError("the category's damage share is a proportion between 0 and 1")
    if product_returns < MIN_RETURNS:
        return DamageFlag(flagged=False, p_value=None)
    # Imported here: scipy.stats takes about a second to import, and every second of the
    # app's start is a second its live rooms stand still after a restart.
    from scipy.stats import binomtest

    result = binomtest(
        product_damage_returns, product_returns, category_damage_share, alternative="greater"
    )
    p_value = float(result.pvalue)
    return DamageFlag(flagged=p_value < SIGNIFICANCE, p_value=p_value)
