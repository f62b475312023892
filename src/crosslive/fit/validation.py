"""Checks of a viewer's body figures that say what is wrong, and which unit was probably meant.

Heights and weights outside human ranges are refused with the likely unit mix-up spelled out
("65 looks like inches: 65 in is 165 cm"), never converted silently: the viewer confirms.
"""

from __future__ import annotations

from pydantic_core import PydanticCustomError

CM_PER_INCH = 2.54
CM_PER_FOOT = 30.48
KG_PER_LB = 0.45359237
HEIGHT_CM = (120.0, 230.0)
WEIGHT_KG = (30.0, 250.0)
BMI_RANGE = (12.0, 70.0)


def _refuse(kind: str, message: str) -> PydanticCustomError:
    return PydanticCustomError(kind, message)


def check_height_cm(value: float) -> float:
    low, high = HEIGHT_CM
    if low <= value <= high:
        return value
    if low / 100 <= value <= high / 100:
        hint = f"{value:g} looks like metres: {value:g} m is {value * 100:.0f} cm"
    elif low / CM_PER_FOOT <= value < 8:
        hint = f"{value:g} looks like feet: {value:g} ft is {value * CM_PER_FOOT:.0f} cm"
    elif low / CM_PER_INCH <= value <= high / CM_PER_INCH:
        hint = f"{value:g} looks like inches: {value:g} in is {value * CM_PER_INCH:.0f} cm"
    else:
        hint = f"{value:g} cm is outside the human range"
    raise _refuse("height_range", f"height is in centimetres ({low:g}-{high:g}); {hint}")


def check_weight_kg(value: float) -> float:
    low, high = WEIGHT_KG
    if low <= value <= high:
        return value
    if high < value <= high / KG_PER_LB:
        hint = f"{value:g} looks like pounds: {value:g} lb is {value * KG_PER_LB:.0f} kg"
    else:
        hint = f"{value:g} kg is outside the human range"
    raise _refuse("weight_range", f"weight is in kilograms ({low:g}-{high:g}); {hint}")


def check_circumference_cm(value: float | None, low: float, high: float) -> float | None:
    if value is None or low <= value <= high:
        return value
    if low <= value * CM_PER_INCH <= high:
        hint = f"{value:g} looks like inches: {value:g} in is {value * CM_PER_INCH:.0f} cm"
    elif low <= value / 10 <= high:
        hint = f"{value:g} looks like millimetres: {value:g} mm is {value / 10:g} cm"
    else:
        hint = f"{value:g} cm is outside the human range"
    raise _refuse("measure_range", f"measurements are in centimetres ({low:g}-{high:g}); {hint}")


def check_bmi(height_cm: float, weight_kg: float) -> None:
    """Height and weight that cannot belong to one person: a unit was mixed up."""
    bmi = weight_kg / (height_cm / 100) ** 2
    low, high = BMI_RANGE
    if not low <= bmi <= high:
        raise ValueError(
            f"{height_cm:g} cm and {weight_kg:g} kg do not fit one person (BMI {bmi:.0f}): "
            "check the units, height in centimetres and weight in kilograms"
        )
