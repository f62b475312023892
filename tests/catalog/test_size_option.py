"""The one rule for which of a variant's options is its size: the option named Size in any
language stores name options in, else the value on the product's size chart, else none."""

from __future__ import annotations

import pytest

from crosslive.catalog.size_option import size_index, size_of

CHART = frozenset({"38", "39", "40"})


@pytest.mark.parametrize(
    ("names", "options", "chart", "index"),
    [
        (["Size", "Colour"], ["M", "Black"], (), 0),
        (["Colour", "Size"], ["Black", "M"], (), 1),
        (["Farbe", "Größe"], ["Schwarz", "M"], (), 1),
        (["カラー", "サイズ"], ["黒", "M"], (), 1),
        (["Couleur", " TAILLE "], ["Noir", "M"], (), 1),
        (["Couleur", "Pointure"], ["Noir", "39"], CHART, 1),  # not named: the chart says so
        (["Colour", "Pointure"], ["Black", "41"], CHART, None),  # not on the chart either
        (["Color"], ["Red"], (), None),
        (["Colour", "Size"], ["Black"], (), None),  # named, but the variant has no value there
        ([], [], (), None),
    ],
)
def test_size_index(
    names: list[str], options: list[str], chart: frozenset[str], index: int | None
) -> None:
    assert size_index(names, options, chart) == index
    assert size_of(options, names, chart) == (options[index] if index is not None else None)


def test_the_option_named_size_wins_over_a_value_on_the_chart() -> None:
    # Another option whose value happens to be a chart label is not the size.
    assert size_index(["Fit", "Size"], ["40", "38"], CHART) == 1
