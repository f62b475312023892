"""Market rule findings (crosslive.compliance) in the seller's words: the admin's table per
product and market, and the host console's warning before pinning a product some of the
show's markets cannot buy."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import Request
from sqlalchemy.orm import Session

from crosslive.catalog.models import Product
from crosslive.compliance import claims
from crosslive.compliance import service as compliance
from crosslive.compliance.rules import Finding
from crosslive.content import fields
from crosslive.i18n import A_
from crosslive.markets.models import Market
from crosslive.shows.models import Show
from crosslive.web.admin_language import admin_catalog, admin_language

CANNOT_BUY = A_("Viewers in {market} cannot buy it: {reasons}.")


def finding_text(request: Request, finding: Finding) -> str:
    """FINDING's reason in the seller's language (its values stay as they are)."""
    catalog = admin_catalog(admin_language(request))
    return catalog.gettext(finding.reason).format(**dict(finding.values))


def pin_warnings(
    request: Request, db: Session, show: Show, products: Sequence[Product]
) -> dict[int, str]:
    """Product id -> the warning the host reads before pinning it: which of the show's
    markets cannot buy it and why (no entry where every market can)."""
    markets = compliance.show_markets(db, show)
    catalog = admin_catalog(admin_language(request))
    found: dict[int, str] = {}
    for product in products:
        blocked = compliance.unsellable_in(db, product, markets)
        if not blocked:
            continue
        found[product.id] = " ".join(
            catalog.gettext(CANNOT_BUY).format(
                market=market.name,
                reasons="; ".join(finding_text(request, f) for f in findings),
            )
            for market, findings in blocked
        )
    return found


def table(request: Request, db: Session, product: Product) -> list[dict[str, object]]:
    """Per market of the store: whether PRODUCT is shown there and every finding, in the
    seller's words (the admin product page)."""
    return [
        {
            "market": market,
            "hidden": any(f.blocks for f in findings),
            "findings": [
                {"text": finding_text(request, f), "blocks": f.blocks, "rule": f.rule}
                for f in findings
            ],
        }
        for market, findings in compliance.by_market(db, product)
    ]


def claim_table(
    found: Sequence[tuple[Market, Sequence[claims.ClaimFinding]]],
) -> list[dict[str, object]]:
    """Per market of the store: the claim findings in a product's or show's texts and
    whether a severe one hides a text there (the admin's claims table)."""
    return [
        {
            "market": market,
            "hidden": sorted({fields.label(f.field) for f in findings if f.severe}),
            "findings": [
                {
                    "field": fields.label(f.field),
                    "language": f.language or "",
                    "rule": f.rule,
                    "severity": f.severity,
                    "span": f.span,
                    "suggestion": f.suggestion,
                    "severe": f.severe,
                }
                for f in findings
            ],
        }
        for market, findings in found
    ]
