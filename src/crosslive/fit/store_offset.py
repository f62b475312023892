"""The store's own fit feedback on a product: does it run small or large?

Each answer is a step: small +1 (the buyer needed a bigger size), fit 0, large -1. A
product's offset is the mean step shrunk toward its category's (the same seller's other
products of that category, itself shrunk toward 0, true to size):

    offset = (sum of steps + PSEUDO_ROWS x prior) / (rows + PSEUDO_ROWS)

Numbers from the RentTheRunway fit data (1,288 items with at least 30 rentals): the spread of
one answer within an item is 0.45 steps, the spread of the items' true means 0.26, so the
Bayes shrinkage weight is 0.45^2 / 0.26^2 = 3 pseudo-rows. An item moves the advice one size
once |offset| >= SHIFT_AT (a quarter more buyers said small than large; 28% of those items)
and it has MIN_ROWS answers: the standard error of the mean step is 0.45 / sqrt(n), 0.10
at n = 20, so an offset of 0.25 is 2.5 standard errors away from a true-to-size product.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from crosslive.fit.chart import Advice
from crosslive.fit.models import FitVerdict
from crosslive.i18n import N_, Listed, Message, Percent

MIN_ROWS = 20
PSEUDO_ROWS = 3.0
SHIFT_AT = 0.25
STEP_SD = 0.45  # spread of one answer's step within an item (RentTheRunway)


# Why the advice moved, by (runs small, from similar products).
SHIFT_REASON = {
    (True, False): N_(
        "runs small: %(share)s of %(rows)s buyers said it was small, so one size up from "
        "%(size)s (%(reason)s)"
    ),
    (False, False): N_(
        "runs large: %(share)s of %(rows)s buyers said it was large, so one size down from "
        "%(size)s (%(reason)s)"
    ),
    (True, True): N_(
        "runs small: %(share)s of %(rows)s buyers of similar products (%(products)s) said it "
        "was small, so one size up from %(size)s (%(reason)s)"
    ),
    (False, True): N_(
        "runs large: %(share)s of %(rows)s buyers of similar products (%(products)s) said it "
        "was large, so one size down from %(size)s (%(reason)s)"
    ),
}


@dataclass(frozen=True)
class Tally:
    rows: int = 0
    small: int = 0
    large: int = 0

    @classmethod
    def of(cls, counts: dict[str, dict[FitVerdict, int]]) -> Tally:
        """From per-size verdict counts (`feedback.counts_for_product`)."""
        small = sum(c[FitVerdict.SMALL] for c in counts.values())
        large = sum(c[FitVerdict.LARGE] for c in counts.values())
        return cls(sum(sum(c.values()) for c in counts.values()), small, large)

    def shrunk(self, prior: float) -> float:
        return (self.small - self.large + PSEUDO_ROWS * prior) / (self.rows + PSEUDO_ROWS)


@dataclass(frozen=True)
class ItemOffset:
    tally: Tally
    prior: float  # the category's offset
    offset: float  # the product's, shrunk toward the prior
    standard_error: float

    @property
    def steps(self) -> int:
        """Sizes to move the advice: +1 up (runs small), -1 down (runs large), 0 none."""
        if self.tally.rows < MIN_ROWS or abs(self.offset) < SHIFT_AT:
            return 0
        return 1 if self.offset > 0 else -1


def item_offset(product: Tally, category: Tally) -> ItemOffset:
    """PRODUCT's offset, shrunk toward CATEGORY's (the seller's other products there)."""
    prior = category.shrunk(0.0)
    standard_error = STEP_SD / math.sqrt(product.rows) if product.rows else math.inf
    return ItemOffset(product, round(prior, 4), round(product.shrunk(prior), 4), standard_error)


def shifted(
    advice: Advice, labels: list[str], offset: ItemOffset, lenders: tuple[str, ...] = ()
) -> Advice:
    """ADVICE moved by the offset's steps along LABELS (the product's sizes, in order).
    LENDERS: the similar products whose answers the offset comes from (none: its own)."""
    if offset.steps == 0 or advice.size not in labels:
        return advice
    index = labels.index(advice.size) + offset.steps
    if not 0 <= index < len(labels):
        return advice
    tally = offset.tally
    share = (tally.small if offset.steps > 0 else tally.large) / tally.rows
    said = SHIFT_REASON[(offset.steps > 0, bool(lenders))]
    reason = Message.of(
        said,
        share=Percent(share),
        rows=tally.rows,
        products=Listed(lenders),
        size=advice.size,
        reason=advice.reason,
    )
    return replace(
        advice,
        size=labels[index],
        runner_up=advice.size,
        reason=reason,
        source="neighbours" if lenders else "feedback",
        # Borrowed answers are weaker evidence than the product's own.
        confidence=round(advice.confidence * 0.9, 2) if lenders else advice.confidence,
        between=(),
    )
