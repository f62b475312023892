"""The landed cost of a cart: subtotal, shipping, tax, duties, and who pays what when (pure).

One rounding rule per tax line (docs/payments.md): each line's tax and duty is computed
exactly from integer minor units and rounded half up to the currency's minor unit once;
totals are sums of rounded lines, never rounded again. JPY and KRW have no minor unit, so
their minor unit is the whole yen or won.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from decimal import Decimal

from crosslive.landed import rates
from crosslive.landed.shipping import ShippingRule, shipping_fee

IOSS_LIMIT = ("EUR", 15000)  # EU Import One-Stop Shop: consignments up to EUR 150
UK_LIMIT = ("GBP", 13500)  # UK: VAT at the point of sale for consignments up to GBP 135
# EU, from 1 July 2026 (interim, until the EU customs data hub): a consignment sent under
# IOSS pays a flat EUR 3 customs duty per distinct item (tariff subheading) instead of the
# duty relief below EUR 150 (Council of the EU, approved 11 February 2026).
EU_FLAT_DUTY_MINOR = 300
SHIPPING_KEY = "shipping"


class Regime(enum.StrEnum):
    DDP = "ddp"  # delivered duty paid: the buyer pays everything at checkout
    DAP = "dap"  # duties at the door: the buyer is told the estimate before buying


@dataclass(frozen=True)
class LandedLine:
    key: str
    unit_price_minor: int  # as the market shows it (tax-inclusive where the market expects)
    quantity: int
    category: str = "other"
    grams: int = 0
    hs_code: str = ""  # the product's tariff code; its first six digits name the subheading
    origin: str = ""  # the country the line ships from ("": unknown, priced as an import)


@dataclass(frozen=True)
class MarketRules:
    """A market's landed-cost settings. `taxes=False`: no tax or duty lines at all."""

    taxes: bool = False
    regime: Regime = Regime.DAP
    de_minimis_minor: int = 0  # goods worth up to this pay no duty (0: no relief)
    ioss_number: str = ""
    duty_bp: dict[str, int] = field(default_factory=dict)  # category -> basis points
    reduced_categories: frozenset[str] = frozenset()
    provider: rates.TaxProvider = field(default_factory=rates.FixedRate)


@dataclass(frozen=True)
class LineCost:
    key: str
    charged_minor: int  # what the buyer pays for the line at checkout, before added tax
    net_minor: int  # the line without tax
    tax_bp: int
    tax_exact: Decimal  # the line's tax before rounding
    tax_minor: int
    duty_bp: int
    duty_exact: Decimal
    duty_minor: int


@dataclass(frozen=True)
class Breakdown:
    currency: str
    lines: list[LineCost]
    subtotal_minor: int
    shipping_minor: int
    tax_minor: int  # tax collected at checkout (inside the prices where tax_included)
    tax_included: bool
    duties_minor: int  # collected at checkout (DDP)
    duties_at_door_minor: int  # the estimate the buyer pays on delivery (DAP)
    total_minor: int
    scheme: str  # "ioss", "uk" or "" (how VAT is collected on a low-value consignment)


def round_half_up(numerator: int, denominator: int) -> int:
    return (2 * numerator + denominator) // (2 * denominator)


def _tax(gross: int, rate: rates.TaxRate) -> tuple[int, int, Decimal]:
    """(net, tax, exact tax) of a line of GROSS minor units as shown."""
    bp = rate.basis_points
    if rate.inclusive:
        tax = round_half_up(gross * bp, 10000 + bp)
        return gross - tax, tax, Decimal(gross * bp) / (10000 + bp)
    return gross, round_half_up(gross * bp, 10000), Decimal(gross * bp) / 10000


def _scheme(country: str, currency: str, rules: MarketRules, intrinsic: int) -> str:
    """How VAT is collected at checkout on a low-value consignment (thresholds hold only in
    their own currency: an EU market priced in another currency never uses IOSS)."""
    eu_ok = currency == IOSS_LIMIT[0] and intrinsic <= IOSS_LIMIT[1]
    if rates.is_eu(country) and rules.ioss_number and eu_ok:
        return "ioss"
    if country.upper() == "GB" and currency == UK_LIMIT[0] and intrinsic <= UK_LIMIT[1]:
        return "uk"
    return ""


@dataclass(frozen=True)
class _Taxed:
    key: str
    gross: int
    net: int
    tax: int
    bp: int
    exact: Decimal
    inclusive: bool


def _tax_lines(
    lines: list[LandedLine], fee: int, country: str, region: str, rules: MarketRules
) -> list[_Taxed]:
    out: list[_Taxed] = []
    for key, gross, category in [
        *((line.key, line.unit_price_minor * line.quantity, line.category) for line in lines),
        (SHIPPING_KEY, fee, SHIPPING_KEY),
    ]:
        if not rules.taxes:
            out.append(_Taxed(key, gross, gross, 0, 0, Decimal(0), True))
            continue
        reduced = category in rules.reduced_categories
        rate = rates.tax_rate(country, region, category, reduced, rules.provider)
        net, tax, exact = _tax(gross, rate)
        out.append(_Taxed(key, gross, net, tax, rate.basis_points, exact, rate.inclusive))
    return out


def subheading(line: LandedLine) -> str:
    """The item a flat duty counts: the HS subheading (six digits), else the category."""
    digits = "".join(ch for ch in line.hs_code if ch.isdigit())
    return digits[:6] if len(digits) >= 6 else f"category:{line.category}"


def _flat_duties(lines: list[LandedLine]) -> dict[str, int]:
    """EUR 3 per distinct item of a low-value IOSS consignment, on its first line."""
    seen: set[str] = set()
    duties: dict[str, int] = {}
    for line in lines:
        item = subheading(line)
        duties[line.key] = 0 if item in seen else EU_FLAT_DUTY_MINOR
        seen.add(item)
    return duties


def landed_cost(
    lines: list[LandedLine],
    *,
    currency: str,
    country: str,
    rules: MarketRules,
    route: ShippingRule | None = None,
    region: str = "",
    shipping_minor: int | None = None,
) -> Breakdown:
    """What the buyer pays at checkout and at the door for LINES shipped to COUNTRY. The fee
    is SHIPPING_MINOR when given (parcels from several warehouses, summed by the caller),
    else ROUTE's fee for all the lines."""
    currency = currency.upper()
    goods = sum(line.unit_price_minor * line.quantity for line in lines)
    fee = (
        shipping_minor
        if shipping_minor is not None
        else shipping_fee(route, goods, sum(line.grams * line.quantity for line in lines))
    )
    taxed = _tax_lines(lines, fee, country, region, rules)
    goods_taxed, ship = taxed[:-1], taxed[-1]
    # A line sent inside the buyer's customs territory (NL to DE, GB to GB) crosses no customs
    # border: no duty, and the seller charges the destination's VAT at checkout (EU: OSS).
    domestic = {line.key for line in lines if rates.same_customs_territory(line.origin, country)}
    imported = [line for line in lines if line.key not in domestic]
    intrinsic = sum(t.net for t in goods_taxed if t.key not in domestic)
    scheme = _scheme(country, currency, rules, intrinsic) if rules.taxes and imported else ""
    relief = intrinsic <= rules.de_minimis_minor
    inclusive = ship.inclusive
    vat_market = rates.is_eu(country) or country.upper() == "GB"
    at_checkout = (
        not inclusive
        or not rules.taxes
        or not imported
        or bool(scheme)
        or rules.regime is Regime.DDP
        or (relief and not vat_market)
    )
    flat = _flat_duties(imported) if scheme == "ioss" else None
    costs: list[LineCost] = []
    door_tax = 0 if at_checkout else ship.tax
    for line, t in zip(lines, goods_taxed, strict=True):
        home = line.key in domestic
        no_duty = relief or not rules.taxes or home
        bp = 0 if no_duty else rules.duty_bp.get(line.category, 0)
        exact = Decimal(t.net * bp) / 10000
        duty = round_half_up(t.net * bp, 10000)
        if flat is not None and not home:
            bp, duty = 0, flat[line.key]
            exact = Decimal(duty)
        now = at_checkout or home
        door_tax += 0 if now else t.tax
        charged = t.gross if now else t.net
        costs.append(LineCost(t.key, charged, t.net, t.bp, t.exact, t.tax, bp, exact, duty))
    tax_all = sum(t.tax for t in taxed)
    duties = sum(c.duty_minor for c in costs)
    ddp = rules.regime is Regime.DDP
    subtotal = sum(c.charged_minor for c in costs)
    shipping = ship.gross if at_checkout else ship.net
    tax = tax_all - door_tax
    return Breakdown(
        currency=currency,
        lines=costs,
        subtotal_minor=subtotal,
        shipping_minor=shipping,
        tax_minor=tax,
        tax_included=inclusive and rules.taxes,
        duties_minor=duties if ddp else 0,
        duties_at_door_minor=(0 if ddp else duties) + door_tax,
        total_minor=subtotal + shipping + (0 if inclusive else tax) + (duties if ddp else 0),
        scheme=scheme,
    )
