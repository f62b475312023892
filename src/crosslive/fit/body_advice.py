"""Chart advice from a body that is partly measured, partly estimated.

Each body dimension has a basis: measured by the viewer, the typical body of their usual
size, or estimated from height and weight (`body_estimate.py`). The advice's confidence is
lowered by the weakest basis it rests on, and it names the measurement that would sharpen it:
an estimated dimension whose typical error could change the size, else the least certain one.
"""

from __future__ import annotations

from dataclasses import replace

from crosslive.errors import InvalidInput
from crosslive.fit.body_estimate import CONFIDENCE_FACTOR, Basis, Measure, estimate_body
from crosslive.fit.chart import (
    DIMENSION_NAMES,
    DIMENSIONS,
    Advice,
    chart_advice,
    chart_dimensions,
)
from crosslive.fit.ease import NEED_WORDS, missing_need
from crosslive.fit.profile import ProductSizing, Profile
from crosslive.fit.sizes import Garment, body_from_size
from crosslive.i18n import N_, Listed, Message, Number

ESTIMATED = (Basis.FITTED, Basis.PUBLISHED)
SHORT = "0.#"  # 92.5 -> '92.5', 90.0 -> '90' (in the viewer's decimal sign)


def sourced_body(profile: Profile, product: ProductSizing) -> dict[str, Measure]:
    """Measured values first, then the usual size's typical body, then estimates."""
    body: dict[str, Measure] = {}
    estimated = estimate_body(
        product.garment, profile.height_cm, profile.weight_kg, profile.age, profile.body_type
    )
    body.update(estimated)
    if profile.usual is not None:
        for key, cm in body_from_size(product.garment, *profile.usual).items():
            body[DIMENSIONS[key]] = Measure(cm, Basis.USUAL_SIZE)
    measured = {
        "chest": profile.bust_cm,
        "waist": profile.waist_cm,
        "hips": profile.hips_cm,
        "foot_length": profile.foot_cm,
    }
    body.update({k: Measure(v, Basis.MEASURED) for k, v in measured.items() if v is not None})
    return body


def _plain(body: dict[str, Measure]) -> dict[str, float]:
    return {key: m.cm for key, m in body.items()}


def _sharpen(
    product: ProductSizing, profile: Profile, body: dict[str, Measure], size: str
) -> Message:
    """Which estimated dimension to measure: one whose error could change SIZE, else the
    least certain one."""
    guesses = sorted(
        ((m.error_cm, key) for key, m in body.items() if m.basis in ESTIMATED),
        reverse=True,
    )
    for error, key in guesses:
        for step in (-error, error):
            moved = {**_plain(body), key: body[key].cm + step}
            other = chart_advice(product.sizes, moved, profile.preference, product.kind)
            if other is not None and other.size != size:
                return Message.of(
                    N_(
                        "measure your %(measure)s: %(cm)s cm is an estimate "
                        "(about ±%(error)s cm) and could make it %(size)s"
                    ),
                    measure=NEED_WORDS[key],
                    cm=Number(body[key].cm, SHORT),
                    error=Number(error, SHORT),
                    size=other.size,
                )
    error, key = guesses[0]
    return Message.of(
        N_("measure your %(measure)s: %(cm)s cm is an estimate (about ±%(error)s cm)"),
        measure=NEED_WORDS[key],
        cm=Number(body[key].cm, SHORT),
        error=Number(error, SHORT),
    )


def estimated_chart_advice(product: ProductSizing, profile: Profile) -> Advice | None:
    """Chart advice on the sourced body, its confidence lowered for what was estimated."""
    charted = chart_dimensions(product.sizes)
    if missing_need(product.kind, charted) is not None:
        return None
    body = {k: m for k, m in sourced_body(profile, product).items() if k in charted}
    advice = chart_advice(product.sizes, _plain(body), profile.preference, product.kind)
    if advice is None:
        return None
    factor = min(CONFIDENCE_FACTOR[m.basis] for m in body.values())
    estimated = tuple(sorted(k for k, m in body.items() if m.basis in ESTIMATED))
    if not estimated:
        return replace(advice, confidence=round(advice.confidence * factor, 2))
    words = Listed(tuple(NEED_WORDS[k] for k in estimated))
    if estimated == ("foot_length",):
        said = N_("%(reason)s; %(measures)s estimated from your height")
    else:
        said = N_("%(reason)s; %(measures)s estimated from your height and weight")
    reason = Message.of(said, reason=advice.reason, measures=words)
    if product.garment is Garment.MENS_APPAREL and "chest" in estimated:
        reason = Message.of(
            N_(
                "%(reason)s (chart-based: the fit feedback has no men's sizes, so this "
                "compares the size chart with a chest scaled from a published body survey, "
                "not validated here)"
            ),
            reason=reason,
        )
    return replace(
        advice,
        confidence=round(advice.confidence * factor, 2),
        reason=reason,
        estimated=estimated,
        sharpen=_sharpen(product, profile, body, advice.size),
    )


def no_advice_reason(product: ProductSizing, profile: Profile) -> InvalidInput:
    """Why neither the chart nor the size tables can advise, in the viewer's terms (an error
    whose message is translated when the viewer reads it)."""
    charted = chart_dimensions(product.sizes)
    lacking = missing_need(product.kind, charted)
    keys = sorted({k.lower() for s in product.sizes for k in s.measurements_cm})
    if not keys:
        return InvalidInput(
            N_(
                "this product has no size chart with garment measurements: give your usual "
                "size (e.g. US 6 or EU 38)"
            )
        )
    if lacking is not None:
        listed = Listed(
            tuple(
                DIMENSION_NAMES[DIMENSIONS[k]] if k in DIMENSIONS else k.replace("_", " ")
                for k in keys
            )
        )
        return InvalidInput(
            N_(
                "this product's size chart lists {listed} but not the {lacking} this kind "
                "of garment is sized by: give your usual size (e.g. US 6 or EU 38)"
            ),
            listed=listed,
            lacking=lacking,
        )
    return InvalidInput(
        N_(
            "height and weight are not enough for this product: give your {needed} "
            "measurement, or your usual size (e.g. US 6 or EU 38)"
        ),
        needed=Listed(tuple(NEED_WORDS[d] for d in sorted(charted)), "or"),
    )
