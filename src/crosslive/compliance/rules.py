"""The rules themselves, on a product's own fields: each market's disclosures (Market.
required_disclosures) name the rules that bind offers there. No database here; the service
gathers what the rules read (warnings' languages, certificates, the price history).

A finding that `blocks` hides the product from that market's viewers and refuses it in the
cart and at checkout; the others are told to the seller (the admin) and change what the
viewer sees without hiding the product (a struck-through price left out).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from crosslive.catalog.models import Product
from crosslive.i18n import A_, N_
from crosslive.markets.models import Market
from crosslive.translation.languages import normalise

GPSR = "gpsr"
PSE = "pse"
KC = "kc"
PRIOR_PRICE = "prior-price"
TOTAL_PRICE = "total-price"
MATERIAL_CONNECTION = "material-connection"
# What the viewer reads when the cart refuses a product, per rule (values: product, market).
REFUSALS = {
    GPSR: N_(
        "{product} cannot be sold in {market} yet: the product safety information the law "
        "there requires is missing"
    ),
    PSE: N_("{product} cannot be sold in {market}: electrical goods need a PSE certificate there"),
    KC: N_("{product} cannot be sold in {market}: electrical goods need a KC certificate there"),
}
# GPSR 2023/988 art. 19: what an online offer to EU consumers shows (the field, its reason).
GPSR_FIELDS = (
    ("manufacturer_name", A_("The manufacturer's name is missing")),
    ("manufacturer_address", A_("The manufacturer's postal address is missing")),
    ("manufacturer_contact", A_("The manufacturer's email or web address is missing")),
    ("eu_rp_name", A_("The EU responsible person's name is missing")),
    ("eu_rp_address", A_("The EU responsible person's postal address is missing")),
    ("eu_rp_contact", A_("The EU responsible person's email or web address is missing")),
    ("product_identifier", A_("The product identifier (type, batch or serial number) is missing")),
)
NO_WARNINGS = A_("No safety warnings are given")
WARNINGS_NOT_IN = A_("The safety warnings are not in {language} (no approved translation)")
BAD_GTIN = A_("The GTIN {gtin} is not valid (8, 12, 13 or 14 digits with a check digit)")
NO_MARK = A_("An electrical product needs a current {mark} certificate for this market")
WAS_PRICE_OMITTED = A_(
    "The compare-at price {compare_at} is not the lowest price of the 30 days before the cut "
    "({reference}): no struck-through price is shown in this market"
)
# How a certificate credential names the mark (issuer or claim).
MARKS = {
    PSE: re.compile(r"\bPSE\b|電気用品安全法|denan", re.I),
    KC: re.compile(r"\bKC\b|전기용품|국가통합인증", re.I),
}


@dataclass(frozen=True)
class Finding:
    """Why a product may not be offered (or not quite as the seller set it) in a market."""

    rule: str
    market: str
    field: str
    # A seller message (admin catalog) with {name} placeholders filled from VALUES.
    reason: str
    values: tuple[tuple[str, str], ...] = ()
    blocks: bool = True

    @property
    def text(self) -> str:
        return self.reason.format(**dict(self.values))


def requires(market: Market, rule: str) -> bool:
    return rule in {d.strip().lower() for d in market.required_disclosures or []}


def gtin_valid(gtin: str) -> bool:
    """A GTIN-8/12/13/14 whose last digit is its GS1 check digit."""
    if not gtin.isdigit() or len(gtin) not in (8, 12, 13, 14):
        return False
    body = [int(d) for d in reversed(gtin[:-1])]
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(body))
    return (10 - total % 10) % 10 == int(gtin[-1])


def gpsr(product: Product, market: Market, warning_languages: Collection[str]) -> list[Finding]:
    """GPSR: who makes it and who answers for it in the EU, how it is identified, and its
    warnings in every language of MARKET that WARNING_LANGUAGES lacks."""
    code = market.code
    found = [
        Finding(GPSR, code, name, reason)
        for name, reason in GPSR_FIELDS
        if not (getattr(product, name) or "").strip()
    ]
    gtin = (product.gtin or "").strip()
    if gtin and not gtin_valid(gtin):
        found.append(Finding(GPSR, code, "gtin", BAD_GTIN, (("gtin", gtin),)))
    if not (product.safety_warnings or "").strip():
        return [*found, Finding(GPSR, code, "safety_warnings", NO_WARNINGS)]
    for language in market_languages(market):
        if language not in warning_languages:
            found.append(
                Finding(GPSR, code, "safety_warnings", WARNINGS_NOT_IN, (("language", language),))
            )
    return found


def market_languages(market: Market) -> list[str]:
    """The market's languages the safety-warnings check asks for: those the machine
    translator covers (crosslive.translation.languages). Sellers may write warnings in every
    content language (crosslive.content.languages.WRITTEN) and viewers read them there, but
    asking Portuguese and Polish too would withhold at once every EU offer that lacks them."""
    found: list[str] = []
    for tag in market.languages or []:
        lang = normalise(tag)
        if lang is not None and lang not in found:
            found.append(lang)
    return found


def mark(product: Product, market: Market, rule: str, marked: bool) -> list[Finding]:
    """PSE (JP) or KC (KR): an electrical product needs a current certificate naming the
    mark (MARKED: whether the product has one shown in this market)."""
    if not product.electrical or marked:
        return []
    return [Finding(rule, market.code, "electrical", NO_MARK, (("mark", rule.upper()),))]


def names_mark(rule: str, *texts: str) -> bool:
    return any(MARKS[rule].search(text or "") for text in texts)
