"""The sizes the advisor and the live room's picker read from a product's variants: the
variants' size option (crosslive.catalog.size_option), wherever the store put it among the
options and whatever language it named them in; never a colour."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from crosslive.catalog.models import Category, Product, Variant, VariantPrice
from crosslive.fit import service as fit_service
from crosslive.fit.sizes import SizeSystem
from crosslive.live import cards


def product(
    names: list[str], *options: tuple[str, ...], handle: str = "tee", seller_id: int = 1
) -> Product:
    made = Product(
        seller_id=seller_id,
        handle=handle,
        title=handle.title(),
        category=Category.APPAREL,
        published=True,
        option_names=names,
        tags=[],
    )
    for position, values in enumerate(options, 1):
        variant = Variant(
            seller_id=seller_id, sku=f"{handle}-{position}", position=position, stock=3
        )
        variant.option1, variant.option2 = (*values, None)[:2]
        variant.prices.append(VariantPrice(currency="JPY", amount_minor=4900))
        made.variants.append(variant)
    return made


COLOUR_FIRST = [("Schwarz", "36"), ("Schwarz", "38"), ("Weiß", "36"), ("Weiß", "40")]


@pytest.mark.parametrize(
    ("names", "options", "sizes"),
    [
        (["Farbe", "Größe"], COLOUR_FIRST, ["36", "38", "40"]),
        (["カラー", "サイズ"], [("黒", "S"), ("黒", "M"), ("白", "L")], ["S", "M", "L"]),
        (["Size", "Color"], [("S", "Red"), ("M", "Red")], ["S", "M"]),
        (["Color"], [("Red",), ("Blue",)], []),
        ([], [("S",), ("M",)], ["S", "M"]),
        ([], [("Red",), ("Blue",)], []),
    ],
)
def test_the_sizes_are_the_size_options_values(
    names: list[str], options: list[tuple[str, ...]], sizes: list[str]
) -> None:
    assert fit_service.variant_size_labels(product(names, *options)) == sizes


def test_a_japanese_viewer_sees_each_variants_size_in_jp_sizes_when_colour_comes_first() -> None:
    tee = product(["Farbe", "Größe"], *COLOUR_FIRST)
    local = fit_service.viewer_sizes(tee, SizeSystem.JP)
    assert set(local) == {"36", "38", "40"}
    assert all(label.startswith("JP ") for label in local.values())
    shown = cards.variants(tee, "JPY", local)
    assert [v["local"] for v in shown] == [local[size] for _, size in COLOUR_FIRST]


def test_the_advisor_without_a_chart_offers_the_sizes_not_the_colours(
    db: Session, owner: dict[str, str | int]
) -> None:
    seller = int(owner["seller_id"])
    tee = product(["Farbe", "Größe"], *COLOUR_FIRST, handle="colour-first-tee", seller_id=seller)
    db.add(tee)
    db.commit()
    sizing = fit_service.product_sizing(db, tee, None)
    assert [size.label for size in sizing.sizes] == ["36", "38", "40"]
