"""The size advisor: the fit model where it has data on the product, the chart otherwise."""

from __future__ import annotations

import numpy as np

from crosslive.fit.body_advice import estimated_chart_advice, sourced_body
from crosslive.fit.chart import Advice, Preference, product_system, table_advice
from crosslive.fit.model import FitModel
from crosslive.fit.profile import ProductSizing, Profile
from crosslive.fit.records import LABELS, FitRecord, parse_size
from crosslive.fit.sizes import Garment, convert_one
from crosslive.i18n import N_, Message, Percent

__all__ = ["ProductSizing", "Profile", "advise", "body_of", "model_advice"]

# The model drives the advice only for products with at least this many feedback rows.
MIN_ITEM_ROWS = 10
# Below this chance that the best size fits, name two sizes ("between M and L").
BETWEEN_BELOW = 0.5
# A snug (loose) lover accepts part of the 'small' ('large') probability as a good fit.
PREFERENCE_BONUS = 0.35


def body_of(profile: Profile, garment: Garment) -> dict[str, float]:
    """The viewer's body in cm by dimension: measured, else the usual size's typical body,
    else estimated from height and weight (see `body_advice.sourced_body`)."""
    sourced = sourced_body(profile, ProductSizing(garment, []))
    return {key: measure.cm for key, measure in sourced.items()}


def _viewer_record(profile: Profile, item_id: str, label: str) -> FitRecord:
    usual_bust = None
    if profile.bust_cm is not None:
        usual_bust = round(profile.bust_cm / 2.54)
    return FitRecord(
        user_id="",
        item_id=item_id,
        size=parse_size(label),
        category="",
        height_cm=profile.height_cm,
        weight_kg=profile.weight_kg,
        bust_band=float(usual_bust) if usual_bust else None,
        cup=None,
        age=profile.age,
        body_type=profile.body_type,
        label=None,
        review_day=None,
    )


def _usual_size_key(profile: Profile, product: ProductSizing) -> str | None:
    """The viewer's usual size as this product labels it, keyed like the feedback data."""
    if profile.usual is None:
        return None
    labels = [s.label for s in product.sizes]
    system = product_system(product.garment, labels)
    if system is None:
        return None
    size = parse_size(convert_one(product.garment, profile.usual[0], profile.usual[1], system))
    return None if size is None else f"{size:g}"


def _reason(model: FitModel, item_id: str, usual_key: str | None, best: np.ndarray) -> Message:
    if usual_key is not None:
        rows, small, large = model.item_size_counts(item_id, usual_key)
        if rows >= 5:
            if small / rows >= 0.25 and small >= large:
                return Message.of(
                    N_("runs small: %(share)s of buyers your size said it was small"),
                    share=Percent(small / rows),
                )
            if large / rows >= 0.25:
                return Message.of(
                    N_("runs large: %(share)s of buyers your size said it was large"),
                    share=Percent(large / rows),
                )
            return Message.of(
                N_("true to size: %(share)s of buyers your size said it fit"),
                share=Percent((rows - small - large) / rows),
            )
    return Message.of(
        N_("%(chance)s chance it fits, from the fit feedback of %(buyers)s buyers"),
        chance=Percent(float(best[1])),
        buyers=model.item_rentals(item_id),
    )


def _between(
    labels: list[str], proba: np.ndarray, order: np.ndarray, below: float
) -> tuple[tuple[str, float], ...]:
    """The best size and the runner-up, in the product's order, when the best is unsure."""
    if len(order) < 2 or proba[order[0], 1] >= below:
        return ()
    pair = sorted(int(i) for i in order[:2])
    return tuple((labels[i], round(float(proba[i, 1]), 2)) for i in pair)


def model_advice(
    model: FitModel, product: ProductSizing, profile: Profile, between_below: float = BETWEEN_BELOW
) -> Advice | None:
    """Advice from fit feedback, or None when the model knows too little about the product."""
    item_id = product.fit_item_id
    if not item_id or model.item_rentals(item_id) < MIN_ITEM_ROWS:
        return None
    labels = [s.label for s in product.sizes if parse_size(s.label) is not None]
    if not labels:
        return None
    proba = model.predict([_viewer_record(profile, item_id, label) for label in labels])
    utility = proba[:, 1].copy()
    if profile.preference is Preference.SNUG:
        utility += PREFERENCE_BONUS * proba[:, 0]
    elif profile.preference is Preference.LOOSE:
        utility += PREFERENCE_BONUS * proba[:, 2]
    order = np.argsort(-utility, kind="stable")
    best = proba[order[0]]
    return Advice(
        size=labels[order[0]],
        confidence=round(float(best[1]), 2),
        runner_up=labels[order[1]] if len(order) > 1 else None,
        reason=_reason(model, item_id, _usual_size_key(profile, product), best),
        source="model",
        probabilities={name: round(float(p), 3) for name, p in zip(LABELS, best, strict=True)},
        between=_between(labels, proba, order, between_below),
    )


def advise(
    model: FitModel | None,
    product: ProductSizing,
    profile: Profile,
    between_below: float = BETWEEN_BELOW,
) -> Advice | None:
    """The best available advice, or None when nothing about the product allows one."""
    if model is not None:
        advice = model_advice(model, product, profile, between_below)
        if advice is not None:
            return advice
    advice = estimated_chart_advice(product, profile)
    if advice is None and profile.usual is not None:
        labels = [s.label for s in product.sizes]
        advice = table_advice(product.garment, labels, profile.usual, profile.preference)
    return advice
