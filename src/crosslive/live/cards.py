"""What a viewer sees of a pinned product and of a credential, in their market.

Plain dictionaries for the templates: prices in the market's currency, the size chart in
centimetres and inches, each size also in the market's size system ("38" with "JP 11"), the
model's measurements in both systems, the delivery promise and the return policy in concrete
terms, and the credentials that apply, heaviest first.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from crosslive import i18n
from crosslive.catalog.models import Lighting, Product
from crosslive.compliance import claims
from crosslive.content import service as content
from crosslive.content.fields import SIZE_CHART
from crosslive.content.service import Localized
from crosslive.db import utcnow
from crosslive.fit import service as fit_service
from crosslive.i18n import N_
from crosslive.landed import service as landed
from crosslive.live import audience, market_rules, measurement_names
from crosslive.live.audience import Audience
from crosslive.markets import service as markets_service
from crosslive.markets.models import Market, WarehouseRoute
from crosslive.markets.service import Shipment
from crosslive.money import format_money
from crosslive.trust import service as trust_service
from crosslive.trust.models import Credential

CM_PER_INCH = 2.54
# The product's translated fields the sheet shows (a machine draft of one is labelled).
SHOWN = frozenset({"title", "materials", "flaws"})
LB_PER_KG = 2.20462
CREDENTIAL_LABELS = {
    "brand_endorsement": N_("Brand endorsement"),
    "certification": N_("Certification"),
    "sales_proof": N_("Sales proof"),
    "reviews": N_("Reviews"),
    "supply_chain": N_("Supply chain"),
    "after_sales": N_("After-sales guarantee"),
}


def inches(cm: float) -> str:
    return f"{cm / CM_PER_INCH:.1f}"


def feet_inches(cm: float) -> str:
    total = round(cm / CM_PER_INCH)
    return f"{total // 12} ft {total % 12} in"


def price(product: Product, currency: str | None) -> dict[str, Any] | None:
    """The lowest variant price in the currency (with its compare-at price), or None."""
    if currency is None:
        return None
    prices = [p for v in product.variants if (p := v.price_in(currency)) is not None]
    if not prices:
        return None
    best = min(prices, key=lambda p: p.amount_minor)
    compare = best.compare_at_minor
    return {
        "amount_minor": best.amount_minor,
        "currency": currency,
        "compare_at_minor": compare if compare and compare > best.amount_minor else None,
        "display": format_money(best.amount_minor, currency),
        "compare_at": format_money(compare, currency)
        if compare and compare > best.amount_minor
        else None,
        "from": len({p.amount_minor for p in prices}) > 1,
    }


def variants(
    product: Product,
    currency: str | None,
    local: dict[str, str] | None = None,
    available: Collection[int] | None = None,
) -> list[dict[str, Any]]:
    """What a viewer can add to the cart: each variant with its price in the currency and
    its size in the viewer's size system (LOCAL: seller label -> "JP 11"). AVAILABLE: the
    variants the viewer's market can be shipped (default: those with stock)."""
    if currency is None:
        return []
    result = []
    for variant in product.variants:
        amount = variant.price_in(currency)
        if amount is None:
            continue
        result.append(
            {
                "id": variant.id,
                "label": variant.label,
                "local": (local or {}).get(fit_service.variant_size(product, variant) or ""),
                "price": format_money(amount.amount_minor, currency),
                "amount_minor": amount.amount_minor,
                "currency": currency,
                "in_stock": variant.stock > 0 and (available is None or variant.id in available),
            }
        )
    return result


def _photo(product: Product, lighting: Lighting) -> dict[str, str] | None:
    image = next((i for i in product.images if i.lighting == lighting), None)
    if image is None:
        return None
    # Uploaded images are stored as /media/... paths, imported ones as absolute URLs.
    src = image.src if image.src.startswith("/") or "://" in image.src else f"/media/{image.src}"
    return {"src": src, "alt": image.alt or product.title}


def _measure(cm: float, lang: str) -> dict[str, str]:
    """A chart cell in centimetres and inches, written with LANG's decimal sign."""
    return {
        "cm": i18n.format_number(cm, lang),
        "in": i18n.format_number(Decimal(inches(cm)), lang, "0.0"),
    }


def size_chart(
    product: Product,
    local: dict[str, str] | None = None,
    text: Localized | None = None,
    lang: str = "en",
) -> dict[str, Any]:
    """The chart's columns (with their labels in the viewer's language where the seller has
    them: TEXT; else the usual name, which the page translates: `common`) and rows, each
    size also in the viewer's system (LOCAL), the numbers as LANG writes them."""
    columns: list[str] = []
    for row in product.size_chart:
        columns += [name for name in row.measurements_cm if name not in columns]
    rows = [
        {
            "size": row.size_label,
            "local": (local or {}).get(row.size_label),
            "cells": [
                _measure(row.measurements_cm[c], lang) if c in row.measurements_cm else None
                for c in columns
            ],
        }
        for row in product.size_chart
    ]
    text = text or Localized({})
    labels: list[str] = []
    common: list[bool] = []  # a usual name the page translates (not the seller's own words)
    for column in columns:
        name, usual = measurement_names.english(column)
        own = text.texts.get(SIZE_CHART + column)
        labels.append(own or name)
        common.append(own is None and usual)
    return {"columns": columns, "labels": labels, "common": common, "rows": rows}


def model_info(product: Product) -> dict[str, str] | None:
    if product.model_height_cm is None and product.model_size_worn is None:
        return None
    info: dict[str, str] = {}
    if product.model_height_cm is not None:
        info["height"] = f"{product.model_height_cm:g} cm ({feet_inches(product.model_height_cm)})"
    if product.model_weight_kg is not None:
        pounds = round(product.model_weight_kg * LB_PER_KG)
        info["weight"] = f"{product.model_weight_kg:g} kg ({pounds} lb)"
    if product.model_size_worn:
        info["size"] = product.model_size_worn
    return info


def credential_card(credential: Credential, text: Localized | None = None) -> dict[str, Any]:
    """The card's facts, its claim and issuer in the viewer's language (TEXT). A credential
    staff verified carries the date and where a viewer checks it themselves; any other is
    marked as provided by the seller, with no registry link (a link the seller typed is not
    one the platform vouches for)."""
    text = text or Localized({})
    verified_at = credential.verified_at
    check = trust_service.viewer_check(credential) if verified_at else None
    return {
        "id": credential.id,
        "type": credential.type.value,
        "type_label": CREDENTIAL_LABELS.get(credential.type.value, credential.type.value),
        "claim": text.get("claim", credential.claim),
        "issuer": text.get("issuer", credential.issuer),
        "machine_translated": any(
            name in SHOWN or name.startswith(SIZE_CHART) for name in text.machine_fields
        ),
        "identifier": credential.identifier,
        "valid_until": credential.valid_until.isoformat() if credential.valid_until else "",
        "verified_on": verified_at.date().isoformat() if verified_at else "",
        "registry_url": check.url if check else "",
        "registry_name": check.registry if check else "",
        "search_terms": list(check.search_terms) if check else [],
        "evidence_url": (
            trust_service.public_evidence_url(credential) if credential.evidence_id else ""
        ),
        # Played picture-in-picture when the host pushes the credential (empty: no clip).
        "clip": trust_service.clip_urls(credential),
        "valid_from": credential.valid_from.isoformat() if credential.valid_from else "",
        "scope": "all" if credential.all_products else "products",
    }


def console_credentials(db: Session, seller_id: int, today: date) -> list[dict[str, Any]]:
    """Every credential of the store for the host console, each with why it cannot be shown
    yet ("blocked": empty when it can)."""
    rows = sorted(trust_service.list_credentials(db, seller_id), key=lambda c: c.type.value)
    return [
        {**credential_card(c), "blocked": ", ".join(c.missing_for_display(today))} for c in rows
    ]


def _shipments(db: Session, product: Product, market: Market) -> dict[int, Shipment]:
    """Variant id -> how one unit reaches MARKET, for the variants that can reach it."""
    found = {v.id: markets_service.shipment(db, market, v.id, 1) for v in product.variants}
    return {variant_id: s for variant_id, s in found.items() if s is not None}


def shipping_line(
    db: Session,
    product: Product,
    market: Market | None,
    route: WarehouseRoute | None = None,
    lang: str = "en",
) -> str:
    """What shipping one unit (the first variant) costs in the viewer's market by ROUTE
    (default: the market's fastest), in LANG."""
    first = product.variants[0] if product.variants else None
    amount = first.price_in(market.currency) if first and market else None
    if market is None or first is None or amount is None:
        return ""
    return landed.shipping_text(db, market, amount.amount_minor, first.grams or 0, route, lang)


def _support(market: Market | None) -> dict[str, Any] | None:
    terms = markets_service.support_terms(market, utcnow()) if market else None
    return terms.model_dump() if terms else None


def product_card(
    db: Session, product: Product, who: Audience, today: date, lang: str = "en"
) -> dict[str, Any]:
    """The product sheet. The promise and the shipping line follow the route that ships the
    first variant the viewer's market can be sent; a product none of whose variants can
    reach that market reads as sold out there (no promise, no shipping line). The shipping
    line is written in LANG, the page's language."""
    market = who.market
    credentials = (
        trust_service.displayable_credentials(db, product.seller_id, product.id, market.code, today)
        if market
        else []
    )
    ships = _shipments(db, product, market) if market else {}
    first = next((ships[v.id] for v in product.variants if v.id in ships), None)
    sold_out = market is not None and first is None
    delivery = (
        markets_service.delivery_promise(market, first.route, lang) if market and first else None
    )
    system = market.size_system if market else None
    local = fit_service.viewer_sizes(product, system)
    currency = market.currency if market else None
    text = content.one(db, "product", product.id, lang)
    approved = content.localized(db, "product", [product.id], lang, approved_only=True)
    flaws = text.get("flaws", "\n".join(product.disclosed_flaws or []))
    # A severe claim finding for the viewer's market hides that text there (the title
    # reads as the product's handle instead; crosslive.compliance.claims).
    hidden = claims.hidden_product_fields(db, product, market)
    worded = content.localized(db, "credential", [c.id for c in credentials], lang)
    return {
        "id": product.id,
        "handle": product.handle,
        "title": product.handle if "title" in hidden else text.get("title", product.title),
        "claims_hidden": sorted(hidden),
        "materials": text.get("materials", product.materials),
        # The seller's draft by a translation provider, not yet approved: labelled.
        "machine_translated": any(
            name in SHOWN or name.startswith(SIZE_CHART) for name in text.machine_fields
        ),
        "price": market_rules.priced(db, product, market, price(product, currency)),
        "currency": currency,
        "total_with_delivery": None
        if sold_out
        else market_rules.total_with_delivery(db, product, market, first.route if first else None),
        "safety": market_rules.safety(product, market, approved[product.id]),
        "variants": variants(product, currency, local, ships.keys() if market else None),
        "sold_out": sold_out,
        "studio": _photo(product, Lighting.STUDIO),
        "natural": _photo(product, Lighting.NATURAL),
        "flaws": [] if "flaws" in hidden else [line for line in flaws.split("\n") if line.strip()],
        "size_chart": size_chart(product, local, text, lang),
        "size_system": system.value if system else None,
        "model": model_info(product),
        "delivery": delivery.model_dump() if delivery else None,
        "shipping": ""
        if sold_out
        else shipping_line(db, product, market, first.route if first else None, lang),
        "returns": markets_service.return_terms(market, lang).model_dump() if market else None,
        "support": _support(market),
        "credentials": [credential_card(c, worded[c.id]) for c in credentials],
    }


def credential_for_viewer(
    db: Session, seller_id: int, credential_id: int, who: Audience, today: date, lang: str = "en"
) -> dict[str, Any] | None:
    """The pushed credential, or None where it may not be shown to this viewer."""
    credential = db.get(Credential, credential_id)
    if credential is None or credential.seller_id != seller_id:
        return None
    if (
        credential.missing_for_display(today)
        or not audience.applies_to_market(credential, who.market)
        or not trust_service.shown_unverified(db, credential)
    ):
        return None
    return credential_card(credential, content.one(db, "credential", credential.id, lang))
