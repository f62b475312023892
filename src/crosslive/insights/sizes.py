"""The size a variant stands for: its option named "Size" (else its first option), the same
rule the follow-up uses."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.catalog.models import Product, Variant


def variant_sizes(db: Session, variant_ids: Collection[int]) -> dict[int, str]:
    if not variant_ids:
        return {}
    rows = db.execute(
        select(Variant, Product.option_names)
        .join(Product, Product.id == Variant.product_id)
        .where(Variant.id.in_(set(variant_ids)))
    )
    return {variant.id: _size(variant, names) for variant, names in rows}


def _size(variant: Variant, option_names: list[str]) -> str:
    names = [name.strip().lower() for name in option_names or []]
    options = variant.options
    index = names.index("size") if "size" in names else 0
    return options[index] if index < len(options) else variant.label
