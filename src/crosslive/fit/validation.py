"""Checks of a viewer's body figures that say what is wrong, and which unit was probably meant.

Heights and weights outside human ranges are refused with the likely unit mix-up spelled out
("65 looks like inches: 65 in is 165 cm"), never converted silently: the viewer confirms.
Each refusal is a catalog message (TEMPLATES, by its error type, all starting with "body_")
with its figures as values, so the API answers it in the viewer's language.
"""

from __future__ import annotations

import gettext
from collections.abc import Sequence
from typing import Any

from pydantic_core import PydanticCustomError

from crosslive.i18n import N_

CM_PER_INCH = 2.54
CM_PER_FOOT = 30.48
KG_PER_LB = 0.45359237
HEIGHT_CM = (120.0, 230.0)
WEIGHT_KG = (30.0, 250.0)
BMI_RANGE = (12.0, 70.0)

TEMPLATES = {
    "body_height_metres": N_(
        "height is in centimetres ({low}-{high}); {value} looks like metres: {value} m is {cm} cm"
    ),
    "body_height_feet": N_(
        "height is in centimetres ({low}-{high}); {value} looks like feet: {value} ft is {cm} cm"
    ),
    "body_height_inches": N_(
        "height is in centimetres ({low}-{high}); {value} looks like inches: {value} in is {cm} cm"
    ),
    "body_height_range": N_(
        "height is in centimetres ({low}-{high}); {value} cm is outside the human range"
    ),
    "body_weight_pounds": N_(
        "weight is in kilograms ({low}-{high}); {value} looks like pounds: {value} lb is {kg} kg"
    ),
    "body_weight_range": N_(
        "weight is in kilograms ({low}-{high}); {value} kg is outside the human range"
    ),
    "body_measure_inches": N_(
        "measurements are in centimetres ({low}-{high}); "
        "{value} looks like inches: {value} in is {cm} cm"
    ),
    "body_measure_millimetres": N_(
        "measurements are in centimetres ({low}-{high}); "
        "{value} looks like millimetres: {value} mm is {cm} cm"
    ),
    "body_measure_range": N_(
        "measurements are in centimetres ({low}-{high}); {value} cm is outside the human range"
    ),
    "body_usual_pair": N_("give usual_size together with usual_system (e.g. US and 6)"),
    "body_bmi": N_(
        "{height} cm and {weight} kg do not fit one person (BMI {bmi}): check the units, "
        "height in centimetres and weight in kilograms"
    ),
}


def translated_errors(errors: Sequence[Any], catalog: gettext.NullTranslations) -> list[Any]:
    """Request validation ERRORS with the body checks' messages in CATALOG's language (the
    rest, pydantic's own, as they are)."""
    out = []
    for error in errors:
        template = TEMPLATES.get(error.get("type", ""))
        if template is not None:
            error = {**error, "msg": catalog.gettext(template).format(**error.get("ctx", {}))}
        out.append(error)
    return out


def check_usual_pair(system: str | None, size: str | None) -> None:
    if (system is None) != (size is None):
        raise _refuse("body_usual_pair")


def _refuse(kind: str, **values: str) -> PydanticCustomError:
    return PydanticCustomError(kind, TEMPLATES[kind], values)


def _g(value: float) -> str:
    return f"{value:g}"


def check_height_cm(value: float) -> float:
    low, high = HEIGHT_CM
    if low <= value <= high:
        return value
    bounds = {"low": _g(low), "high": _g(high), "value": _g(value)}
    if low / 100 <= value <= high / 100:
        raise _refuse("body_height_metres", cm=f"{value * 100:.0f}", **bounds)
    if low / CM_PER_FOOT <= value < 8:
        raise _refuse("body_height_feet", cm=f"{value * CM_PER_FOOT:.0f}", **bounds)
    if low / CM_PER_INCH <= value <= high / CM_PER_INCH:
        raise _refuse("body_height_inches", cm=f"{value * CM_PER_INCH:.0f}", **bounds)
    raise _refuse("body_height_range", **bounds)


def check_weight_kg(value: float) -> float:
    low, high = WEIGHT_KG
    if low <= value <= high:
        return value
    bounds = {"low": _g(low), "high": _g(high), "value": _g(value)}
    if high < value <= high / KG_PER_LB:
        raise _refuse("body_weight_pounds", kg=f"{value * KG_PER_LB:.0f}", **bounds)
    raise _refuse("body_weight_range", **bounds)


def check_circumference_cm(value: float | None, low: float, high: float) -> float | None:
    if value is None or low <= value <= high:
        return value
    bounds = {"low": _g(low), "high": _g(high), "value": _g(value)}
    if low <= value * CM_PER_INCH <= high:
        raise _refuse("body_measure_inches", cm=f"{value * CM_PER_INCH:.0f}", **bounds)
    if low <= value / 10 <= high:
        raise _refuse("body_measure_millimetres", cm=_g(value / 10), **bounds)
    raise _refuse("body_measure_range", **bounds)


def check_bmi(height_cm: float, weight_kg: float) -> None:
    """Height and weight that cannot belong to one person: a unit was mixed up."""
    bmi = weight_kg / (height_cm / 100) ** 2
    low, high = BMI_RANGE
    if not low <= bmi <= high:
        raise _refuse("body_bmi", height=_g(height_cm), weight=_g(weight_kg), bmi=f"{bmi:.0f}")
