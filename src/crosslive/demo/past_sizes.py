"""Sizes in the demo's past: the advice a buyer asked for before buying, the size they chose,
and how it fitted by their answer to the after-delivery follow-up.

The advice is the real advisor's (size-chart advice for a made-up body; no fit model is
loaded at demo start-up), recorded with `fit.service.record_advice` as the advice widget does.
The answers lean on what DOMAIN.md section 2 says of apparel and shoes: size is their top
return reason, so about a third of the answers say small or large; a buyer who took the
advised size says "fits" far more often than one who went up or down.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from crosslive.catalog.models import Category, Product, Variant
from crosslive.fit import feedback
from crosslive.fit import service as fit_service
from crosslive.fit.advisor import Profile, advise
from crosslive.fit.chart import Preference
from crosslive.fit.models import AdviceGiven, FitSource, FitVerdict
from crosslive.orders.models import Order

ASKED_SHARE = 0.6  # buyers of sized goods who asked the advisor first
FOLLOWED_SHARE = 0.75  # of those, who bought the advised size
ANSWERED_SHARE = 0.55  # buyers who answered the follow-up
# verdict weights (small, fit, large) by the size bought against the size advised
WEIGHTS = {
    "followed": (0.08, 0.84, 0.08),
    "unadvised": (0.2, 0.62, 0.18),
    "went_up": (0.04, 0.5, 0.46),
    "went_down": (0.46, 0.5, 0.04),
}
VERDICTS = (FitVerdict.SMALL, FitVerdict.FIT, FitVerdict.LARGE)


def _profile(rng: random.Random, category: Category) -> Profile:
    bust = rng.gauss(94, 9)
    return Profile(
        height_cm=rng.gauss(168, 9),
        weight_kg=rng.gauss(66, 11),
        preference=Preference.REGULAR,
        bust_cm=bust,
        waist_cm=bust - rng.uniform(10, 20),
        hips_cm=bust + rng.uniform(0, 10),
        foot_cm=rng.gauss(25.0, 1.2) if category is Category.SHOES else None,
    )


def _ask(db: Session, rng: random.Random, product: Product, viewer_id: str, at: datetime) -> str:
    """The size the advisor gives this made-up viewer ("" when it cannot advise)."""
    sizing = fit_service.product_sizing(db, product, None)
    given = advise(None, sizing, _profile(rng, product.category)) if sizing.sizes else None
    if given is None:
        return ""
    fit_service.record_advice(db, viewer_id, product.id, given)
    db.execute(
        update(AdviceGiven)
        .where(AdviceGiven.viewer_id == viewer_id, AdviceGiven.product_id == product.id)
        .values(created_at=at)
    )
    return given.size


def sized_variant(
    db: Session, rng: random.Random, product: Product, viewer_id: str, at: datetime
) -> Variant:
    """The variant a buyer of a sized product picks, after asking for advice or not."""
    variants = list(product.variants)
    colour = rng.choice(sorted({v.option1 for v in variants}, key=str))
    choices = [v for v in variants if v.option1 == colour]
    advised = _ask(db, rng, product, viewer_id, at) if rng.random() < ASKED_SHARE else ""
    sizes = [v.option2 for v in choices]
    if advised in sizes:
        index = sizes.index(advised)
        if rng.random() >= FOLLOWED_SHARE:
            index = min(max(index + rng.choice((-1, 1)), 0), len(sizes) - 1)
        return choices[index]
    middle = len(choices) // 2
    return choices[min(max(middle + rng.randint(-2, 2), 0), len(choices) - 1)]


def _weights(bought: str, advised: str | None, labels: list[str]) -> tuple[float, ...]:
    if not advised or advised not in labels or bought not in labels:
        return WEIGHTS["unadvised"]
    step = labels.index(bought) - labels.index(advised)
    return WEIGHTS["followed" if step == 0 else "went_up" if step > 0 else "went_down"]


def answer_follow_up(db: Session, rng: random.Random, order: Order, now: datetime) -> int:
    """Record the follow-up answers of ORDER's sized lines; how many it recorded."""
    if order.delivered_at is None or rng.random() >= ANSWERED_SHARE:
        return 0
    at = order.delivered_at + timedelta(days=rng.randint(2, 6), hours=rng.randint(0, 12))
    if at > now:
        return 0
    recorded = 0
    for line in order.lines:
        variant = db.get(Variant, line.variant_id) if line.variant_id is not None else None
        if variant is None or variant.product.category not in (Category.APPAREL, Category.SHOES):
            continue
        labels = list(
            db.scalars(
                select(Variant.option2)
                .where(Variant.product_id == variant.product_id, Variant.option1 == variant.option1)
                .order_by(Variant.position, Variant.id)
            )
        )
        size = variant.option2 or line.variant_label
        weights = _weights(size, line.advised_size, [label or "" for label in labels])
        feedback.record(
            db,
            order_line_id=line.id,
            product_id=variant.product_id,
            viewer_id=order.viewer_id,
            size=size,
            verdict=rng.choices(VERDICTS, weights=weights)[0],
            source=FitSource.FOLLOW_UP,
            at=at,
        )
        recorded += 1
    return recorded
