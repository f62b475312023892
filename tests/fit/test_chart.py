"""Chart-based advice on hand-made charts."""

from __future__ import annotations

from crosslive.fit.advisor import ProductSizing, Profile, advise
from crosslive.fit.chart import ChartSize, Preference, chart_advice, table_advice
from crosslive.fit.sizes import Garment, SizeSystem

CHART = [
    ChartSize("S", {"bust": 88, "waist": 70, "hips": 94, "length": 90}),
    ChartSize("M", {"bust": 94, "waist": 76, "hips": 100, "length": 92}),
    ChartSize("L", {"bust": 100, "waist": 82, "hips": 106, "length": 94}),
]
BODY = {"bust": 86.0, "waist": 68.0, "hips": 94.0}


def test_regular_fit_picks_the_size_with_the_right_room() -> None:
    advice = chart_advice(CHART, BODY, Preference.REGULAR)
    assert advice is not None
    assert (advice.size, advice.runner_up, advice.confidence) == ("M", "S", 0.76)
    assert str(advice.reason) == "M: waist leaves 8.0 cm (3.1 in) of room (regular fit)"
    assert advice.reason.render("de") == (
        "M: Taillenumfang mit 8,0 cm (3,1 in) Spielraum (normale Passform)"
    )
    assert advice.reason.render("zh-Hans") == "M：腰围留有 8.0 cm（3.1 in）的余量（常规）"  # noqa: RUF001
    assert advice.source == "chart"


def test_preference_moves_the_size() -> None:
    snug = chart_advice(CHART, BODY, Preference.SNUG)
    loose = chart_advice(CHART, BODY, Preference.LOOSE)
    assert snug is not None and loose is not None
    assert (snug.size, snug.runner_up) == ("S", "M")
    assert (loose.size, loose.runner_up) == ("L", "M")


def test_too_tight_is_worse_than_too_loose() -> None:
    chart = [ChartSize("A", {"chest": 92}), ChartSize("B", {"chest": 104})]
    # Regular wants 6 cm: A is 2 cm short of that (cost 4), B 6 cm over (cost 6) -> A;
    # 3 cm short (cost 6) vs 5 over (cost 5) -> B.
    a = chart_advice(chart, {"bust": 88.0}, Preference.REGULAR)
    b = chart_advice(chart, {"bust": 93.0}, Preference.REGULAR)
    assert a is not None and b is not None
    assert (a.size, b.size) == ("A", "B")
    assert str(b.reason) == "B: chest leaves 11.0 cm (4.3 in) of room (regular fit)"


def test_no_comparable_measurement_gives_no_chart_advice() -> None:
    chart = [ChartSize("S", {"length": 90}), ChartSize("M", {"sleeve": 60})]
    assert chart_advice(chart, BODY, Preference.REGULAR) is None


def test_usual_size_alone_uses_its_typical_body() -> None:
    profile = Profile(168, 60, Preference.REGULAR, usual=(SizeSystem.US, "6"))
    advice = advise(None, ProductSizing(Garment.WOMENS_APPAREL, CHART), profile)
    assert advice is not None
    assert (advice.size, advice.source) == ("M", "chart")


def test_measurements_override_the_usual_size() -> None:
    profile = Profile(
        168,
        60,
        Preference.REGULAR,
        usual=(SizeSystem.US, "14"),
        bust_cm=86.0,
        waist_cm=68.0,
        hips_cm=94.0,
    )
    advice = advise(None, ProductSizing(Garment.WOMENS_APPAREL, CHART), profile)
    assert advice is not None and advice.size == "M"


def test_size_table_fallback_in_the_products_system() -> None:
    labels = ["36", "38", "40", "42"]
    advice = table_advice(Garment.WOMENS_APPAREL, labels, (SizeSystem.US, "6"), Preference.REGULAR)
    assert advice is not None
    assert (advice.size, advice.runner_up, advice.source) == ("38", "40", "size_table")
    assert str(advice.reason) == "your US 6 is 38 in this product's EU sizes"
    assert advice.reason.render("es") == (
        "tu talla US 6 equivale a la 38 en las tallas EU de este producto"
    )
    snug = table_advice(
        Garment.WOMENS_APPAREL, ["S", "M", "L"], (SizeSystem.KR, "55"), Preference.SNUG
    )
    assert snug is not None
    assert (snug.size, snug.runner_up, snug.confidence) == ("S", "M", 0.6)


def test_size_table_fallback_through_advise_for_shoes() -> None:
    product = ProductSizing(Garment.WOMENS_SHOES, [ChartSize(x) for x in ("37.5", "38", "38.5")])
    profile = Profile(165, 55, Preference.REGULAR, usual=(SizeSystem.US, "7"))
    advice = advise(None, product, profile)
    assert advice is not None and advice.size == "38"


def test_nothing_to_go_on_is_none() -> None:
    product = ProductSizing(Garment.WOMENS_APPAREL, [ChartSize("Petite"), ChartSize("Tall")])
    profile = Profile(165, 55, Preference.REGULAR, usual=(SizeSystem.US, "6"))
    assert advise(None, product, profile) is None
