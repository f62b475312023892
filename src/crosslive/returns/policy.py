"""The return policy as pure functions: what a return of one order line comes to, decided by
the order's market before the buyer confirms. The rules, in order:

1. Outside the window (after the order's returns_until, or a market that takes no returns):
   refused, saying the day it closed.
2. Keep it: the refund is below the market's keep-it amount, or below what collecting the
   return would cost on the lane (return shipping + handling): refunded, no parcel.
3. Exchange first for a size reason (too small / too large): the size the advisor advised
   when it lies in the right direction, else the next size that way; only sizes in stock,
   and only of the variant bought (a white M too small becomes a white L, never a black XS).
   Which option is the size is crosslive.catalog.size_option's rule; a product without one
   (a lamp, a bag in colours only) is never exchanged for fit.
4. Otherwise a return with refund: the market's return warehouse, who pays the label, the
   return reference to write on the parcel.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from crosslive.errors import Conflict
from crosslive.i18n import N_, Day
from crosslive.returns.models import ReturnOutcome, ReturnReason

SIZE_REASONS = {ReturnReason.TOO_SMALL: 1, ReturnReason.TOO_LARGE: -1}
REASON_TEXT = {
    ReturnReason.TOO_SMALL: N_("Too small"),
    ReturnReason.TOO_LARGE: N_("Too large"),
    ReturnReason.COLOUR_NOT_AS_DESCRIBED: N_("Colour not as described"),
    ReturnReason.MATERIAL_NOT_AS_DESCRIBED: N_("Material not as described"),
    ReturnReason.LOOKS_DIFFERENT: N_("Looks different from the show"),
    ReturnReason.DEFECT: N_("Defective or does not work"),
    ReturnReason.DAMAGED_IN_TRANSIT: N_("Damaged in transit"),
    ReturnReason.WRONG_ITEM: N_("Wrong item sent"),
    ReturnReason.ARRIVED_LATE: N_("Arrived too late"),
    ReturnReason.CHANGED_MIND: N_("Changed my mind"),
}


NO_RETURNS, NOT_DELIVERED, ENDED = "no_returns", "not_delivered", "ended"


class WindowClosed(Conflict):
    """The return window of the order has ended, has not opened yet (not delivered), or the
    market takes no returns; WHY says which (NO_RETURNS, NOT_DELIVERED, ENDED) so a page can
    say what happens next."""

    def __init__(self, message: str, *, why: str, **values: object) -> None:
        super().__init__(message, **values)
        self.why = why


@dataclass(frozen=True)
class Size:
    """A size of the product: its variant, its label, whether any unit is left."""

    variant_id: int
    label: str
    in_stock: bool


@dataclass(frozen=True)
class Decision:
    outcome: ReturnOutcome
    refund_minor: int
    exchange: Size | None = None
    # Why keep-it was chosen: "keep_it_amount" or "lane_cost".
    because: str = ""


def check_window(returns_until: datetime | None, window_days: int, now: datetime) -> None:
    """Raise WindowClosed unless a return may still be asked for at NOW."""
    if window_days == 0:
        raise WindowClosed(N_("this store takes no returns in your market"), why=NO_RETURNS)
    if returns_until is None:
        raise WindowClosed(
            N_("a return can be asked for once the order has been delivered"),
            why=NOT_DELIVERED,
        )
    if now > returns_until:
        raise WindowClosed(
            N_("the return window for this order closed on {day}"),
            why=ENDED,
            day=Day(returns_until.date()),
        )


def size_of(options: Sequence[str], at: int, label: str) -> str:
    """The size among a variant's OPTIONS, AT the place crosslive.catalog.size_option found
    for the variant bought (LABEL when it has no option there)."""
    return options[at] if at < len(options) else label


def same_but_size(options: Sequence[str], bought: Sequence[str], at: int) -> bool:
    """Whether a variant with OPTIONS is the one BOUGHT in another size: an exchange for
    fit keeps the colour (and every other option) the buyer chose."""
    return [o for i, o in enumerate(options) if i != at] == [
        o for i, o in enumerate(bought) if i != at
    ]


def exchange_size(
    reason: ReturnReason, bought: str | None, advised: str | None, sizes: Sequence[Size]
) -> Size | None:
    """The size to offer for a size reason: the advised one when it lies the right way from
    BOUGHT and is in stock, else the nearest in stock that way (SIZES smallest first). None
    when BOUGHT is None (the product has no sizes)."""
    direction = SIZE_REASONS.get(reason)
    labels = [s.label for s in sizes]
    if direction is None or bought is None or bought not in labels:
        return None
    here = labels.index(bought)
    ahead = sizes[here + 1 :] if direction > 0 else list(reversed(sizes[:here]))
    candidates = [s for s in ahead if s.in_stock]
    preferred = [s for s in candidates if advised is not None and s.label == advised]
    chosen = preferred or candidates
    return chosen[0] if chosen else None


def decide(
    *,
    reason: ReturnReason,
    refund_minor: int,
    keep_it_below_minor: int,
    return_cost_minor: int | None,
    bought: str | None,
    advised: str | None,
    sizes: Sequence[Size],
) -> Decision:
    """The outcome of a return inside the window (check_window first)."""
    if refund_minor < keep_it_below_minor:
        return Decision(ReturnOutcome.KEEP_IT, refund_minor, because="keep_it_amount")
    if return_cost_minor is not None and refund_minor < return_cost_minor:
        return Decision(ReturnOutcome.KEEP_IT, refund_minor, because="lane_cost")
    offer = exchange_size(reason, bought, advised, sizes)
    if offer is not None:
        return Decision(ReturnOutcome.EXCHANGE, refund_minor, exchange=offer)
    return Decision(ReturnOutcome.RETURN_REFUND, refund_minor)
