"""landed_cost: shipping, tax, duties and rounding, with exact figures."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from crosslive.landed.breakdown import LandedLine, MarketRules, Regime, landed_cost, round_half_up
from crosslive.landed.rates import FixedRate
from crosslive.landed.shipping import ShippingRule, shipping_fee


def _line(price: int, qty: int = 1, category: str = "apparel", grams: int = 0) -> LandedLine:
    return LandedLine(f"v{price}", price, qty, category, grams)


def test_round_half_up_is_exact_on_integers() -> None:
    assert [round_half_up(n, 10) for n in (4, 5, 14, 15, 25)] == [0, 1, 1, 2, 3]


def test_without_rules_the_total_is_the_subtotal() -> None:
    b = landed_cost([_line(1999, 2)], currency="EUR", country="DE", rules=MarketRules())
    assert (b.subtotal_minor, b.shipping_minor, b.tax_minor, b.total_minor) == (3998, 0, 0, 3998)
    assert b.duties_minor == b.duties_at_door_minor == 0


def test_shipping_flat_bands_and_free_above() -> None:
    bands = ShippingRule(bands=((500, 400), (2000, 900)), free_above_minor=10000)
    assert shipping_fee(None, 100, 100) == 0
    assert shipping_fee(ShippingRule(flat_minor=499), 100, 0) == 499
    assert shipping_fee(bands, 100, 500) == 400
    assert shipping_fee(bands, 100, 501) == 900
    assert shipping_fee(bands, 100, 9000) == 900
    assert shipping_fee(bands, 10000, 9000) == 0


def test_eu_ioss_vat_is_included_and_charged_at_checkout() -> None:
    rules = MarketRules(taxes=True, ioss_number="IM2760000001", duty_bp={"apparel": 1200})
    b = landed_cost(
        [_line(5000, 2)], currency="EUR", country="DE", rules=rules, route=ShippingRule(595)
    )
    # 10000 gross at 19 % inclusive: 10000*1900/11900 = 1596.64 -> 1597; shipping 595 -> 95.
    assert b.lines[0].tax_minor == 1597
    assert b.lines[0].tax_exact.quantize(Decimal("0.01")) == Decimal("1596.64")
    assert b.scheme == "ioss"
    assert (b.subtotal_minor, b.shipping_minor, b.tax_minor) == (10000, 595, 1597 + 95)
    assert b.tax_included is True
    # Under IOSS the duty is the flat EUR 3 for one item (not 12 % of the net), at the door.
    assert b.duties_at_door_minor == 300 and b.duties_minor == 0
    assert b.total_minor == 10595


def test_eu_over_150_dap_moves_vat_to_the_door() -> None:
    rules = MarketRules(taxes=True, ioss_number="IM2760000001", duty_bp={"apparel": 1200})
    b = landed_cost([_line(20000)], currency="EUR", country="FR", rules=rules)
    # Net of 20 %: 20000 - 3333 = 16667 > 15000: no IOSS; the buyer pays VAT and duty on delivery.
    assert b.scheme == ""
    assert (b.subtotal_minor, b.tax_minor) == (16667, 0)
    assert b.duties_at_door_minor == 3333 + 2000  # 16667*12 % = 2000.04 -> 2000
    assert b.total_minor == 16667


def test_eu_ioss_needs_a_number() -> None:
    b = landed_cost([_line(5000)], currency="EUR", country="DE", rules=MarketRules(taxes=True))
    assert b.scheme == "" and b.tax_minor == 0 and b.duties_at_door_minor == 798


def test_ddp_charges_vat_and_duties_at_checkout() -> None:
    rules = MarketRules(taxes=True, regime=Regime.DDP, duty_bp={"apparel": 1200})
    b = landed_cost([_line(20000)], currency="EUR", country="FR", rules=rules)
    assert (b.subtotal_minor, b.tax_minor, b.duties_minor, b.duties_at_door_minor) == (
        20000,
        3333,
        2000,
        0,
    )
    assert b.total_minor == 22000


def test_uk_vat_at_checkout_up_to_135_pounds() -> None:
    rules = MarketRules(taxes=True, duty_bp={"apparel": 1200}, de_minimis_minor=13500)
    low = landed_cost([_line(16200)], currency="GBP", country="GB", rules=rules)
    # 16200 incl. 20 % -> net 13500: exactly the limit, so VAT at checkout and no duty.
    assert (low.scheme, low.tax_minor, low.total_minor, low.duties_at_door_minor) == (
        "uk",
        2700,
        16200,
        0,
    )
    high = landed_cost([_line(16201)], currency="GBP", country="GB", rules=rules)
    assert high.scheme == "" and high.tax_minor == 0 and high.total_minor == 13501
    assert high.duties_at_door_minor == 2700 + 1620


def test_us_sales_tax_is_added_and_de_minimis_waives_duty() -> None:
    rules = MarketRules(
        taxes=True, provider=FixedRate(725), duty_bp={"shoes": 1000}, de_minimis_minor=5000
    )
    small = landed_cost([_line(2999, category="shoes")], currency="USD", country="US", rules=rules)
    # 2999 * 7.25 % = 217.4275 -> 217, added on top.
    assert (small.tax_minor, small.tax_included, small.total_minor) == (217, False, 3216)
    assert small.duties_at_door_minor == 0
    big = landed_cost([_line(6000, category="shoes")], currency="USD", country="US", rules=rules)
    assert (big.tax_minor, big.duties_at_door_minor, big.total_minor) == (435, 600, 6435)


def test_jpy_and_krw_round_to_whole_units() -> None:
    rules = MarketRules(taxes=True, regime=Regime.DDP, duty_bp={"beauty": 333})
    jp = landed_cost([_line(1000, category="beauty")], currency="JPY", country="JP", rules=rules)
    # 1000 yen incl. 10 %: 90.909... -> 91 yen; duty 909 * 3.33 % = 30.27 -> 30 yen.
    assert (jp.tax_minor, jp.duties_minor, jp.total_minor) == (91, 30, 1030)
    kr = landed_cost([_line(15000, 3, "beauty")], currency="KRW", country="KR", rules=rules)
    # 45000 won incl. 10 %: 4090.9 -> 4091; duty on 40909 at 3.33 % = 1362.27 -> 1362.
    assert (kr.tax_minor, kr.duties_minor, kr.total_minor) == (4091, 1362, 46362)


def test_japan_de_minimis_keeps_the_shown_price() -> None:
    rules = MarketRules(taxes=True, de_minimis_minor=10000, duty_bp={"apparel": 1000})
    b = landed_cost([_line(8800)], currency="JPY", country="JP", rules=rules)
    assert (b.tax_minor, b.duties_at_door_minor, b.total_minor) == (800, 0, 8800)


def test_reduced_category_uses_the_reduced_rate() -> None:
    rules = MarketRules(taxes=True, regime=Regime.DDP, reduced_categories=frozenset({"beauty"}))
    b = landed_cost([_line(1070, category="beauty")], currency="EUR", country="DE", rules=rules)
    assert (b.lines[0].tax_bp, b.tax_minor) == (700, 70)


def test_each_line_rounds_once_and_totals_add_rounded_lines() -> None:
    rules = MarketRules(taxes=True, provider=FixedRate(825))
    lines = [LandedLine("a", 3, 1), LandedLine("b", 3, 1), LandedLine("c", 3, 1)]
    b = landed_cost(lines, currency="USD", country="US", rules=rules)
    # Each line: 3 * 8.25 % = 0.2475 -> 0; a total-level rounding would give 0.7425 -> 1.
    assert [c.tax_minor for c in b.lines] == [0, 0, 0] and b.tax_minor == 0


def test_eu_ioss_flat_duty_counts_each_tariff_subheading_once() -> None:
    rules = MarketRules(
        taxes=True, regime=Regime.DDP, ioss_number="IM2760000001", duty_bp={"apparel": 1200}
    )
    lines = [
        LandedLine("silk-1", 2000, 1, "apparel", hs_code="6206.10.00"),
        LandedLine("silk-2", 2500, 1, "apparel", hs_code="620610"),
        LandedLine("wool", 3000, 2, "apparel", hs_code="6206 20"),
        LandedLine("lamp", 1500, 1, "home"),
        LandedLine("vase", 1000, 1, "home"),
    ]
    b = landed_cost(lines, currency="EUR", country="DE", rules=rules)
    assert b.scheme == "ioss"
    # Items: 620610, 620620 and the uncoded "home" category: three times EUR 3.
    assert [c.duty_minor for c in b.lines] == [300, 0, 300, 300, 0]
    assert (b.duties_minor, b.duties_at_door_minor) == (900, 0)
    assert b.total_minor == 13000 + 900
    # Above EUR 150 there is no IOSS and the seller's rates apply again.
    big = landed_cost([*lines, _line(9000)], currency="EUR", country="DE", rules=rules)
    assert big.scheme == "" and big.lines[0].duty_minor == round_half_up(1681 * 1200, 10000)


def test_inside_the_eu_customs_union_nothing_is_due_at_the_door() -> None:
    rules = MarketRules(taxes=True, ioss_number="IM2760000001", duty_bp={"apparel": 1200})
    shirt = LandedLine("shirt", 2300, 1, "apparel", hs_code="6109.10", origin="NL")
    home = landed_cost([shirt], currency="EUR", country="DE", rules=rules, route=ShippingRule(495))
    # NL to DE: no duty, no import VAT; German VAT (19 %) is in the price, paid at checkout.
    assert (home.duties_minor, home.duties_at_door_minor, home.scheme) == (0, 0, "")
    assert (home.tax_minor, home.total_minor) == (367 + 79, 2300 + 495)
    # The same shirt from Shenzhen pays the flat EUR 3 under IOSS, as before.
    far = landed_cost(
        [replace(shirt, origin="CN")], currency="EUR", country="DE", rules=rules, route=None
    )
    assert (far.scheme, far.duties_at_door_minor, far.lines[0].duty_minor) == ("ioss", 300, 300)
    # Above EUR 150 from NL: still nothing at the door (DAP moves only import VAT there).
    dear = replace(shirt, unit_price_minor=20000)
    inside = landed_cost([dear], currency="EUR", country="FR", rules=rules)
    assert (inside.duties_at_door_minor, inside.tax_minor, inside.total_minor) == (0, 3333, 20000)
    outside = landed_cost([replace(dear, origin="CN")], currency="EUR", country="FR", rules=rules)
    assert outside.duties_at_door_minor == 3333 + round_half_up(16667 * 1200, 10000)
    assert outside.total_minor == 16667


def test_domestic_parcels_in_the_uk_and_the_us_pay_no_duty() -> None:
    uk = MarketRules(taxes=True, regime=Regime.DDP, duty_bp={"apparel": 1200})
    line = LandedLine("coat", 20000, 1, "apparel", origin="GB")
    home = landed_cost([line], currency="GBP", country="GB", rules=uk)
    assert (home.duties_minor, home.total_minor) == (0, 20000)
    abroad = landed_cost([replace(line, origin="CN")], currency="GBP", country="GB", rules=uk)
    assert abroad.duties_minor == round_half_up(16667 * 1200, 10000)
    us = MarketRules(taxes=True, duty_bp={"shoes": 2000}, provider=FixedRate(800))
    boots = LandedLine("boots", 6000, 1, "shoes", origin="US")
    local = landed_cost([boots], currency="USD", country="US", rules=us)
    assert (local.duties_at_door_minor, local.total_minor) == (0, 6480)
    imported = landed_cost([replace(boots, origin="VN")], currency="USD", country="US", rules=us)
    assert imported.duties_at_door_minor == 1200


def test_a_mixed_cart_pays_duty_only_on_the_imported_line() -> None:
    rules = MarketRules(taxes=True, duty_bp={"apparel": 1200})
    near = LandedLine("near", 12100, 1, "apparel", origin="NL")
    far = LandedLine("far", 24200, 1, "apparel", origin="CN")
    b = landed_cost([near, far], currency="EUR", country="DE", rules=rules)
    # The NL line is charged with its VAT now; the CN line's VAT and duty wait at the door.
    assert [c.charged_minor for c in b.lines] == [12100, 20336]
    assert [c.duty_minor for c in b.lines] == [0, round_half_up(20336 * 1200, 10000)]
    assert b.tax_minor == 1932
    assert b.duties_at_door_minor == 3864 + 2440
    assert b.total_minor == 12100 + 20336
