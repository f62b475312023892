"""Replace a product's variants, prices and size chart while keeping row ids stable.

Existing rows are matched by their natural key (a variant by SKU, else by its option values;
a price by currency; a size chart row by size label) and updated in place, so a SKU keeps
its variant id across edits and imports. Rows left unmatched are deleted.
"""

from __future__ import annotations

from collections.abc import Sequence

from crosslive.catalog.models import Product, SizeChartRow, Variant, VariantPrice
from crosslive.catalog.schemas import PriceIn, SizeChartRowIn, VariantIn


def _padded(options: Sequence[str]) -> tuple[str | None, str | None, str | None]:
    values = [o or None for o in options] + [None, None, None]
    return values[0], values[1], values[2]


def _claim(existing: list[Variant], spec: VariantIn, spec_skus: set[str]) -> Variant | None:
    """The existing variant this input describes: same SKU, else same option values
    (never one whose SKU another input claims)."""
    if spec.sku is not None:
        for variant in existing:
            if variant.sku == spec.sku:
                existing.remove(variant)
                return variant
    wanted = _padded(spec.options)
    for variant in existing:
        same_options = (variant.option1, variant.option2, variant.option3) == wanted
        if same_options and (variant.sku is None or variant.sku not in spec_skus):
            existing.remove(variant)
            return variant
    return None


def sync_prices(variant: Variant, prices: Sequence[PriceIn], *, keep_others: bool) -> None:
    by_currency = {p.currency: p for p in variant.prices}
    for price in prices:
        row = by_currency.pop(price.currency, None)
        if row is None:
            variant.prices.append(
                VariantPrice(
                    currency=price.currency,
                    amount_minor=price.amount_minor,
                    compare_at_minor=price.compare_at_minor,
                    unit_cost_minor=price.unit_cost_minor,
                )
            )
        else:
            row.amount_minor = price.amount_minor
            row.compare_at_minor = price.compare_at_minor
            row.unit_cost_minor = price.unit_cost_minor
    if not keep_others:
        for row in by_currency.values():
            variant.prices.remove(row)


def sync_variants(
    product: Product,
    seller_id: int,
    specs: Sequence[VariantIn],
    *,
    keep_other_currencies: bool = False,
) -> list[Variant]:
    """Make product.variants match specs (in order); returns the variants in spec order."""
    unclaimed = list(product.variants)
    spec_skus = {spec.sku for spec in specs if spec.sku is not None}
    result: list[Variant] = []
    for position, spec in enumerate(specs, start=1):
        variant = _claim(unclaimed, spec, spec_skus)
        if variant is None:
            variant = Variant(seller_id=seller_id, stock=0)
            product.variants.append(variant)
        variant.sku = spec.sku
        variant.position = position
        variant.option1, variant.option2, variant.option3 = _padded(spec.options)
        if spec.grams is not None:
            variant.grams = spec.grams
        if spec.stock is not None:
            variant.stock = spec.stock
        sync_prices(variant, spec.prices, keep_others=keep_other_currencies)
        result.append(variant)
    for variant in unclaimed:
        product.variants.remove(variant)
    return result


def sync_size_chart(product: Product, rows: Sequence[SizeChartRowIn]) -> None:
    by_label = {row.size_label: row for row in product.size_chart}
    for position, spec in enumerate(rows, start=1):
        row = by_label.pop(spec.size_label, None)
        if row is None:
            row = SizeChartRow(size_label=spec.size_label)
            product.size_chart.append(row)
        row.position = position
        row.measurements_cm = dict(spec.measurements_cm)
    for row in by_label.values():
        product.size_chart.remove(row)
