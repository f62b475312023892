"""Size conversion tables: round trips, and agreement with the named standards."""

from __future__ import annotations

import pytest

from crosslive.errors import InvalidInput
from crosslive.fit.sizes import (
    SYSTEMS,
    TABLES,
    Garment,
    SizeSystem,
    body_from_size,
    convert,
    convert_one,
    labels,
)


@pytest.mark.parametrize("garment", list(Garment))
def test_every_row_has_every_system(garment: Garment) -> None:
    for row in TABLES[garment]:
        assert len(row) == len(SYSTEMS)


@pytest.mark.parametrize("garment", list(Garment))
def test_round_trip_between_every_pair_of_systems(garment: Garment) -> None:
    """Whatever A -> B offers converts back to a set that holds the original A label."""
    for source in SYSTEMS:
        for label in labels(garment, source):
            for target in SYSTEMS:
                for other in convert(garment, source, label, target):
                    assert label in convert(garment, target, other, source), (
                        garment,
                        source,
                        label,
                        target,
                        other,
                    )


@pytest.mark.parametrize(
    "system",
    [
        SizeSystem.US,
        SizeSystem.UK,
        SizeSystem.EU,
        SizeSystem.FR,
        SizeSystem.IT,
        SizeSystem.JP,
        SizeSystem.AU,
    ],
)
def test_fine_womens_systems_round_trip_exactly(system: SizeSystem) -> None:
    for label in labels(Garment.WOMENS_APPAREL, SizeSystem.US):
        there = convert_one(Garment.WOMENS_APPAREL, SizeSystem.US, label, system)
        assert convert(Garment.WOMENS_APPAREL, system, there, SizeSystem.US) == [label]


def test_womens_apparel_offsets_follow_the_standards() -> None:
    """UK = US + 4, EU(DE) = UK + 28, FR = EU + 2, IT = UK + 32, AU = UK."""
    for row in TABLES[Garment.WOMENS_APPAREL]:
        us, uk, eu, fr, it, _jp, _cn, _kr, au, _int = row
        assert int(uk) == int(us) + 4
        assert int(eu) == int(uk) + 28
        assert int(fr) == int(eu) + 2
        assert int(it) == int(uk) + 32
        assert au == uk


def test_mens_apparel_eu_is_chest_inches_plus_ten() -> None:
    for row in TABLES[Garment.MENS_APPAREL]:
        assert int(row[SYSTEMS.index(SizeSystem.EU)]) == int(row[0]) + 10
        assert int(row[SYSTEMS.index(SizeSystem.KR)]) == pytest.approx(int(row[0]) * 2.54, abs=2.5)


@pytest.mark.parametrize("garment", [Garment.WOMENS_SHOES, Garment.MENS_SHOES])
def test_shoe_mondopoint_columns(garment: Garment) -> None:
    """JP is foot length in cm; CN and KR are the same length in mm; EU rises with length."""
    jp, cn, kr, eu = (
        SYSTEMS.index(s) for s in (SizeSystem.JP, SizeSystem.CN, SizeSystem.KR, SizeSystem.EU)
    )
    previous = 0.0
    for row in TABLES[garment]:
        assert int(row[cn]) == int(row[kr]) == round(float(row[jp]) * 10)
        assert float(row[eu]) > previous
        previous = float(row[eu])


def test_known_conversions() -> None:
    assert convert(Garment.WOMENS_APPAREL, SizeSystem.US, "6", SizeSystem.UK) == ["10"]
    assert convert(Garment.WOMENS_APPAREL, SizeSystem.UK, "10", SizeSystem.IT) == ["42"]
    assert convert(Garment.WOMENS_APPAREL, SizeSystem.KR, "55", SizeSystem.US) == ["4", "6"]
    assert convert_one(Garment.WOMENS_APPAREL, SizeSystem.KR, "55", SizeSystem.US) == "4"
    assert convert(Garment.WOMENS_APPAREL, SizeSystem.INT, "m", SizeSystem.EU) == ["40", "42"]
    assert convert(Garment.WOMENS_SHOES, SizeSystem.US, "7", SizeSystem.UK) == ["5"]
    assert convert(Garment.WOMENS_SHOES, SizeSystem.US, "7", SizeSystem.JP) == ["24"]
    assert convert(Garment.WOMENS_SHOES, SizeSystem.US, "7.0", SizeSystem.KR) == ["240"]
    assert convert(Garment.MENS_SHOES, SizeSystem.US, "9", SizeSystem.AU) == ["8"]
    assert convert(Garment.MENS_APPAREL, SizeSystem.US, "40", SizeSystem.JP) == ["L"]


def test_unknown_label_names_the_known_ones() -> None:
    with pytest.raises(InvalidInput) as caught:
        convert(Garment.WOMENS_APPAREL, SizeSystem.US, "7", SizeSystem.UK)
    assert caught.value.message.startswith(
        "US 7 is not a size of women's clothing; the US sizes are 0, 2, 4"
    )
    with pytest.raises(InvalidInput):
        convert(Garment.WOMENS_SHOES, SizeSystem.INT, "M", SizeSystem.US)


def test_body_from_size() -> None:
    assert body_from_size(Garment.WOMENS_APPAREL, SizeSystem.US, "6") == {
        "bust": 89.0,
        "waist": 70.0,
        "hips": 96.0,
    }
    # KR 55 spans US 4 and 6: the body half-way between.
    assert body_from_size(Garment.WOMENS_APPAREL, SizeSystem.KR, "55") == {
        "bust": 87.8,
        "waist": 68.8,
        "hips": 94.8,
    }
    assert body_from_size(Garment.WOMENS_SHOES, SizeSystem.EU, "38") == {"foot_length": 24.0}
    assert body_from_size(Garment.MENS_APPAREL, SizeSystem.US, "40") == {
        "chest": 101.6,
        "waist": 86.6,
    }
