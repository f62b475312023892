"""Which of a variant's options is its size, the one rule exchanges, follow-ups and insights
share: its option named "Size" (or the word for it in a language the store may have named its
options in), else the option whose value is a size on the product's size chart. A product
with neither (a lamp or a bag in colours only) has no sizes: never is a colour read as a
size, whatever place the size option has among the product's options."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.catalog.models import Product, SizeChartRow, Variant

# Option names that mean "size" (compared case-folded, without surrounding spaces).
SIZE_NAMES = frozenset(
    name.casefold()
    for name in {
        "size",
        "größe",
        "grösse",
        "taille",
        "talla",
        "taglia",
        "tamanho",
        "maat",
        "storlek",
        "rozmiar",
        "サイズ",
        "사이즈",
        "크기",
        "尺码",
        "尺寸",
        "المقاس",
        "مقاس",
    }
)


def variant_sizes(db: Session, variant_ids: Collection[int]) -> dict[int, str]:
    """Per variant of VARIANT_IDS whose product comes in sizes: the size. Variants of
    products without sizes are not in the result."""
    if not variant_ids:
        return {}
    rows = db.execute(
        select(Variant, Product.id, Product.option_names)
        .join(Product, Product.id == Variant.product_id)
        .where(Variant.id.in_(set(variant_ids)))
    ).all()
    charts = chart_sizes(db, {product_id for _, product_id, _ in rows})
    found = {}
    for variant, product_id, names in rows:
        size = size_of(variant.options, names or [], charts.get(product_id, frozenset()))
        if size is not None:
            found[variant.id] = size
    return found


def size_index(
    option_names: Sequence[str], options: Sequence[str], chart: Collection[str]
) -> int | None:
    """The place of the size among a variant's OPTIONS (named OPTION_NAMES, CHART the size
    labels of its product's size chart), or None when none of them is a size."""
    names = [name.strip().casefold() for name in option_names]
    for index, name in enumerate(names):
        if name in SIZE_NAMES:
            return index if index < len(options) else None
    return next((index for index, option in enumerate(options) if option in chart), None)


def size_of(
    options: Sequence[str], option_names: Sequence[str], chart: Collection[str]
) -> str | None:
    """The size among a variant's OPTIONS, or None when none of them is one."""
    index = size_index(option_names, options, chart)
    return options[index] if index is not None else None


def chart_sizes(db: Session, product_ids: Collection[int]) -> dict[int, frozenset[str]]:
    """Per product of PRODUCT_IDS with a size chart: the size labels on it."""
    if not product_ids:
        return {}
    rows = db.execute(
        select(SizeChartRow.product_id, SizeChartRow.size_label).where(
            SizeChartRow.product_id.in_(set(product_ids))
        )
    )
    labels: defaultdict[int, set[str]] = defaultdict(set)
    for product_id, label in rows:
        labels[product_id].add(label)
    return {product_id: frozenset(found) for product_id, found in labels.items()}
