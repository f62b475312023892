"""Size systems and conversion between them (apparel and shoes, women's and men's).

Each table is a list of rows; a row holds the label of the same size in every system.
A coarse system (KR 44/55/66, JP letter sizes) repeats its label over several rows, so a
conversion may offer more than one label: `convert` returns all of them, smallest first,
and `convert_one` the one nearest the middle (the smaller on a tie).
Sources are named in docs/fit.md (section "Size systems").
"""

from __future__ import annotations

import enum

from crosslive.errors import InvalidInput
from crosslive.i18n import N_, Listed, Message


class Garment(enum.StrEnum):
    WOMENS_APPAREL = "womens_apparel"
    MENS_APPAREL = "mens_apparel"
    WOMENS_SHOES = "womens_shoes"
    MENS_SHOES = "mens_shoes"


class SizeSystem(enum.StrEnum):
    US = "US"
    UK = "UK"
    EU = "EU"
    FR = "FR"
    IT = "IT"
    JP = "JP"
    CN = "CN"
    KR = "KR"
    AU = "AU"
    INT = "INT"  # letter sizes (EN 13402-1 pictograms)


SYSTEMS = tuple(SizeSystem)
# What each garment is called where an error names it to a viewer.
GARMENT_NAMES = {
    Garment.WOMENS_APPAREL: N_("women's clothing"),
    Garment.MENS_APPAREL: N_("men's clothing"),
    Garment.WOMENS_SHOES: N_("women's shoes"),
    Garment.MENS_SHOES: N_("men's shoes"),
}

_WOMENS_APPAREL_ROWS: list[tuple[str, ...]] = [
    # US  UK    EU    FR    IT    JP    CN          KR    AU    INT
    ("0", "4", "32", "34", "36", "5", "150/76A", "44", "4", "XXS"),
    ("2", "6", "34", "36", "38", "7", "155/80A", "44", "6", "XS"),
    ("4", "8", "36", "38", "40", "9", "160/84A", "55", "8", "S"),
    ("6", "10", "38", "40", "42", "11", "165/88A", "55", "10", "S"),
    ("8", "12", "40", "42", "44", "13", "170/92A", "66", "12", "M"),
    ("10", "14", "42", "44", "46", "15", "170/96A", "66", "14", "M"),
    ("12", "16", "44", "46", "48", "17", "175/100A", "77", "16", "L"),
    ("14", "18", "46", "48", "50", "19", "175/104A", "77", "18", "L"),
    ("16", "20", "48", "50", "52", "21", "180/108A", "88", "20", "XL"),
    ("18", "22", "50", "52", "54", "23", "180/112A", "88", "22", "XXL"),
]
# Men's suits, jackets and shirts by chest: US/UK inches, EU/FR/IT = inches + 10,
# CN GB/T 1335.1 height/chest, KR chest cm, AU chest cm jacket sizes.
_MENS_APPAREL_ROWS: list[tuple[str, ...]] = [
    ("34", "34", "44", "44", "44", "SS", "165/88A", "85", "87", "XS"),
    ("36", "36", "46", "46", "46", "S", "170/92A", "90", "92", "S"),
    ("38", "38", "48", "48", "48", "M", "175/96A", "95", "97", "M"),
    ("40", "40", "50", "50", "50", "L", "180/100A", "100", "102", "L"),
    ("42", "42", "52", "52", "52", "LL", "180/104A", "105", "107", "XL"),
    ("44", "44", "54", "54", "54", "3L", "185/112A", "110", "112", "XXL"),
    ("46", "46", "56", "56", "56", "4L", "190/116A", "115", "117", "3XL"),
    ("48", "48", "58", "58", "58", "5L", "190/120A", "120", "122", "4XL"),
]


def _shoe_rows(
    us: list[str], uk: list[str], eu: list[str], jp_cm: list[str], au: list[str]
) -> list[tuple[str, ...]]:
    """JP is foot length in cm; CN (GB/T 3293.1) and KR (KS M 6681) the same in mm; no INT."""
    rows: list[tuple[str, ...]] = []
    for u, k, e, j, a in zip(us, uk, eu, jp_cm, au, strict=True):
        mm = str(round(float(j) * 10))
        rows.append((u, k, e, e, e, j, mm, mm, a, ""))
    return rows


def _halves(start: float, count: int) -> list[str]:
    return [f"{start + i / 2:g}" for i in range(count)]


_WOMENS_SHOE_ROWS = _shoe_rows(
    us=_halves(5, 13),
    uk=_halves(3, 13),
    eu=["35.5", "36", "36.5", "37.5", "38", "38.5", "39", "40", "40.5", "41", "42", "42.5", "43"],
    jp_cm=_halves(22, 13),
    au=_halves(5, 13),  # AU women's = US women's
)
_MENS_SHOE_ROWS = _shoe_rows(
    us=[*_halves(6, 13), "13"],
    uk=[*_halves(5, 13), "12"],
    eu=[
        "38.5",
        "39",
        "40",
        "40.5",
        "41",
        "42",
        "42.5",
        "43",
        "44",
        "44.5",
        "45",
        "45.5",
        "46",
        "47.5",
    ],
    jp_cm=[*_halves(24, 13), "31"],
    au=[*_halves(5, 13), "12"],  # AU men's = UK men's
)

TABLES: dict[Garment, list[tuple[str, ...]]] = {
    Garment.WOMENS_APPAREL: _WOMENS_APPAREL_ROWS,
    Garment.MENS_APPAREL: _MENS_APPAREL_ROWS,
    Garment.WOMENS_SHOES: _WOMENS_SHOE_ROWS,
    Garment.MENS_SHOES: _MENS_SHOE_ROWS,
}


def normalize_label(label: str) -> str:
    """'  m ' -> 'M', '38.0' -> '38', '160/84a' -> '160/84A'."""
    text = label.strip().upper().replace(" ", "")
    try:
        number = float(text)
    except ValueError:
        return text
    return f"{number:g}"


def rows_for(garment: Garment, system: SizeSystem, label: str) -> list[int]:
    """Indices of the table rows where SYSTEM shows LABEL; InvalidInput if none."""
    column = SYSTEMS.index(system)
    wanted = normalize_label(label)
    rows = [
        i
        for i, row in enumerate(TABLES[garment])
        if row[column] and normalize_label(row[column]) == wanted
    ]
    if not rows:
        raise InvalidInput(
            N_("{system} {size} is not a size of {garment}; the {system} sizes are {known}"),
            system=system.value,
            size=label.strip(),
            garment=Message.of(GARMENT_NAMES[garment]),
            known=Listed(tuple(labels(garment, system))),
        )
    return rows


def labels(garment: Garment, system: SizeSystem) -> list[str]:
    """The labels of SYSTEM for GARMENT, smallest first, without repeats."""
    column = SYSTEMS.index(system)
    seen: list[str] = []
    for row in TABLES[garment]:
        if row[column] and row[column] not in seen:
            seen.append(row[column])
    return seen


def convert(garment: Garment, source: SizeSystem, label: str, target: SizeSystem) -> list[str]:
    """Every TARGET label worn by someone who wears LABEL in SOURCE, smallest first."""
    column = SYSTEMS.index(target)
    out: list[str] = []
    for index in rows_for(garment, source, label):
        value = TABLES[garment][index][column]
        if value and value not in out:
            out.append(value)
    return out


def convert_one(garment: Garment, source: SizeSystem, label: str, target: SizeSystem) -> str:
    options = convert(garment, source, label, target)
    if not options:
        raise InvalidInput(
            N_("there are no {system} sizes for {garment}"),
            garment=Message.of(GARMENT_NAMES[garment]),
            system=target.value,
        )
    return options[(len(options) - 1) // 2]


def scale_position(garment: Garment, source: SizeSystem, label: str) -> float:
    """Where LABEL sits on the table (0 = the smallest row), the middle of its rows."""
    rows = rows_for(garment, source, label)
    return (rows[0] + rows[-1]) / 2.0


# Body measurements (cm) of each women's apparel row, after the ASTM D5585 misses' body table.
WOMENS_BODY_CM = [
    {"bust": 81.0, "waist": 62.0, "hips": 88.0},
    {"bust": 84.0, "waist": 65.0, "hips": 91.0},
    {"bust": 86.5, "waist": 67.5, "hips": 93.5},
    {"bust": 89.0, "waist": 70.0, "hips": 96.0},
    {"bust": 91.5, "waist": 72.5, "hips": 98.5},
    {"bust": 95.5, "waist": 76.5, "hips": 102.5},
    {"bust": 99.0, "waist": 80.0, "hips": 106.0},
    {"bust": 103.0, "waist": 84.0, "hips": 110.0},
    {"bust": 108.0, "waist": 89.0, "hips": 115.0},
    {"bust": 113.0, "waist": 94.0, "hips": 120.0},
]


def body_from_size(garment: Garment, system: SizeSystem, label: str) -> dict[str, float]:
    """Typical body measurements (cm) of someone wearing LABEL: bust/chest, waist, hips
    for apparel, foot length for shoes."""
    position = scale_position(garment, system, label)
    low, high = int(position), min(int(position) + 1, len(TABLES[garment]) - 1)
    share = position - low
    if garment is Garment.WOMENS_APPAREL:
        a, b = WOMENS_BODY_CM[low], WOMENS_BODY_CM[high]
        return {k: round(a[k] + (b[k] - a[k]) * share, 1) for k in a}
    if garment is Garment.MENS_APPAREL:
        chest = (34 + 2 * position) * 2.54  # US/UK chest inches
        return {"chest": round(chest, 1), "waist": round(chest - 15.0, 1)}
    jp_column = SYSTEMS.index(SizeSystem.JP)
    rows = TABLES[garment]
    foot = float(rows[low][jp_column]) * (1 - share) + float(rows[high][jp_column]) * share
    return {"foot_length": round(foot, 1)}
