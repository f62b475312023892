"""The pure rules: packaging kinds, the transit-damage flag, the lane economics."""

from __future__ import annotations

from math import comb

import pytest

from crosslive.catalog.models import Category
from crosslive.returns import economics
from crosslive.returns.camera import CHECKLISTS
from crosslive.returns.damage import damage_flag
from crosslive.returns.economics import LaneCosts
from crosslive.returns.packaging import PackagingKind, advice_for, packaging_kinds


def _upper_tail(k: int, n: int, p: float) -> float:
    """P(X >= k) for X ~ Binomial(n, p), summed term by term."""
    return sum(comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(k, n + 1))


def test_packaging_kinds_follow_the_category_and_add_fragile() -> None:
    assert packaging_kinds(Category.SHOES, "Sneakers", []) == [PackagingKind.SHOES]
    assert packaging_kinds(Category.HOME, "Glass vase", []) == [
        PackagingKind.HOME,
        PackagingKind.FRAGILE,
    ]
    assert packaging_kinds(Category.OTHER, "", ["sale", "Fragile"]) == [PackagingKind.FRAGILE]
    assert packaging_kinds(Category.OTHER, "Gift card", ["sale"]) == []
    advice = advice_for([PackagingKind.FRAGILE, PackagingKind.BEAUTY, PackagingKind.FRAGILE])
    assert list(advice) == [PackagingKind.BEAUTY, PackagingKind.FRAGILE]
    assert "5 cm of cushioning" in advice[PackagingKind.FRAGILE][0]


def test_every_category_has_a_short_checklist_with_unique_keys() -> None:
    assert set(CHECKLISTS) == set(Category)
    for items in CHECKLISTS.values():
        keys = [i.key for i in items]
        assert 2 <= len(keys) <= 4 and len(set(keys)) == len(keys)
        assert all(len(k) <= 32 for k in keys)


@pytest.mark.parametrize(
    ("damaged", "returns", "share", "flagged", "p_value"),
    [
        # 5 of 10 damaged where the category sees 10 %: P(X >= 5) = 0.0016349374
        (5, 10, 0.1, True, 0.0016349374),
        # 2 of 10: P(X >= 2) = 1 - 0.9^10 - 10 x 0.1 x 0.9^9 = 0.2639010709
        (2, 10, 0.1, False, 0.2639010709),
        # 5 of 20 is just significant (0.0431745), 4 of 20 is not (0.1329533)
        (5, 20, 0.1, True, 0.0431744953),
        (4, 20, 0.1, False, 0.1329533234),
    ],
)
def test_the_damage_flag_is_a_one_sided_binomial_test_at_five_percent(
    damaged: int, returns: int, share: float, flagged: bool, p_value: float
) -> None:
    flag = damage_flag(damaged, returns, share)
    assert flag.flagged is flagged
    assert flag.p_value == pytest.approx(p_value, abs=1e-9)
    assert flag.p_value == pytest.approx(_upper_tail(damaged, returns, share), rel=1e-9)


def test_the_damage_flag_needs_ten_returns_and_sane_numbers() -> None:
    # 9 of 9 damaged would be overwhelming, but 9 returns are too few to test.
    assert damage_flag(9, 9, 0.1).flagged is False
    assert damage_flag(9, 9, 0.1).p_value is None
    with pytest.raises(ValueError, match="between 0 and the product's returns"):
        damage_flag(11, 10, 0.1)
    with pytest.raises(ValueError, match="proportion"):
        damage_flag(1, 10, 1.5)


LANE = LaneCosts(outbound_minor=800, return_shipping_minor=1500, handling_minor=500)


def test_break_even_is_the_return_cost_over_the_resale_share() -> None:
    # (1500 + 500) / 0.85 = 2352.94 -> 2353; / 0.30 = 6666.67 -> 6667; / 0.80 = 2500 exactly
    assert economics.break_even_minor(LANE, Category.APPAREL) == 2353
    assert economics.break_even_minor(LANE, Category.BEAUTY) == 6667
    assert economics.break_even_minor(LANE, Category.SHOES) == 2500
    assert economics.break_even_minor(LANE, Category.ELECTRONICS) == 2858


def test_the_keep_it_amount_is_the_lowest_break_even_rounded_down() -> None:
    sold = [Category.APPAREL, Category.BEAUTY]
    assert economics.suggested_keep_it_minor(LANE, sold, "USD") == 2300
    assert economics.suggested_keep_it_minor(LANE, [Category.BEAUTY], "USD") == 6600
    assert economics.suggested_keep_it_minor(LANE, sold, "JPY") == 2353
    # No products yet: the lowest over every category (apparel's).
    assert economics.suggested_keep_it_minor(LANE, [], "EUR") == 2300


def test_the_margin_warning_compares_rate_times_return_cost_with_the_margin() -> None:
    assert economics.expected_return_cost_minor(LANE, Category.APPAREL) == 500  # 25 % x 2000
    assert economics.expected_return_cost_minor(LANE, Category.BEAUTY) == 150  # 7.5 % x 2000
    # 2500 - 1000 - 800 = 700 margin > 500: fine; at 2000 the margin is 200 < 500: warn.
    assert economics.margin_minor(LANE, 2500, 1000) == 700
    assert not economics.returns_exceed_margin(LANE, Category.APPAREL, 2500, 1000)
    assert economics.returns_exceed_margin(LANE, Category.APPAREL, 2000, 1000)
    assert not economics.returns_exceed_margin(LANE, Category.BEAUTY, 2000, 1000)
    # Without a unit cost there is no margin, hence no warning.
    assert economics.margin_minor(LANE, 2000, None) is None
    assert not economics.returns_exceed_margin(LANE, Category.APPAREL, 100, None)
