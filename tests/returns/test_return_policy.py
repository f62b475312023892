"""The return policy's pure rules: the window, keep-it (by amount and by lane cost), exchange
first for size reasons (the advised size when it lies the right way), else a return."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crosslive.returns import policy
from crosslive.returns.models import ReturnOutcome, ReturnReason
from crosslive.returns.policy import Size

NOW = datetime(2026, 12, 3, 12, tzinfo=UTC)
SIZES = [Size(1, "S", True), Size(2, "M", True), Size(3, "L", True), Size(4, "XL", True)]


def _decide(reason: ReturnReason, **changes: object) -> policy.Decision:
    args: dict[str, object] = {
        "reason": reason,
        "refund_minor": 5000,
        "keep_it_below_minor": 0,
        "return_cost_minor": None,
        "bought": "M",
        "advised": None,
        "sizes": SIZES,
    }
    args.update(changes)
    return policy.decide(**args)  # type: ignore[arg-type]


def test_outside_the_window_is_refused_with_the_day_it_closed() -> None:
    closed = datetime(2026, 11, 30, 23, tzinfo=UTC)
    with pytest.raises(policy.WindowClosed) as caught:
        policy.check_window(closed, 30, NOW)
    assert caught.value.message == "the return window for this order closed on 2026-11-30"
    with pytest.raises(policy.WindowClosed, match="takes no returns"):
        policy.check_window(datetime(2027, 1, 1, tzinfo=UTC), 0, NOW)
    with pytest.raises(policy.WindowClosed, match="once the order has been delivered"):
        policy.check_window(None, 30, NOW)
    policy.check_window(datetime(2026, 12, 3, 12, 1, tzinfo=UTC), 30, NOW)  # still open


def test_keep_it_below_the_markets_amount_or_below_the_lanes_return_cost() -> None:
    by_amount = _decide(ReturnReason.DEFECT, refund_minor=1999, keep_it_below_minor=2000)
    assert (by_amount.outcome, by_amount.because) == (ReturnOutcome.KEEP_IT, "keep_it_amount")
    at_amount = _decide(ReturnReason.DEFECT, refund_minor=2000, keep_it_below_minor=2000)
    assert at_amount.outcome is ReturnOutcome.RETURN_REFUND
    by_lane = _decide(ReturnReason.TOO_SMALL, refund_minor=1900, return_cost_minor=2000)
    assert (by_lane.outcome, by_lane.because) == (ReturnOutcome.KEEP_IT, "lane_cost")
    assert by_lane.refund_minor == 1900


def test_size_reasons_offer_the_advised_size_when_it_lies_the_right_way() -> None:
    advised = _decide(ReturnReason.TOO_SMALL, advised="XL")
    assert (advised.outcome, advised.exchange) == (ReturnOutcome.EXCHANGE, SIZES[3])
    wrong_way = _decide(ReturnReason.TOO_SMALL, advised="S")
    assert wrong_way.exchange == SIZES[2]  # the next size up instead
    smaller = _decide(ReturnReason.TOO_LARGE)
    assert smaller.exchange == SIZES[0]


def test_sizes_out_of_stock_are_skipped_and_none_left_means_a_refund() -> None:
    sizes = [Size(1, "S", True), Size(2, "M", True), Size(3, "L", False), Size(4, "XL", True)]
    skip = _decide(ReturnReason.TOO_SMALL, sizes=sizes, advised="L")
    assert skip.exchange == sizes[3]
    none_left = _decide(ReturnReason.TOO_SMALL, sizes=sizes[:3])
    assert (none_left.outcome, none_left.exchange) == (ReturnOutcome.RETURN_REFUND, None)
    largest = _decide(ReturnReason.TOO_SMALL, bought="XL")
    assert largest.outcome is ReturnOutcome.RETURN_REFUND


def test_other_reasons_get_return_instructions() -> None:
    for reason in ReturnReason:
        if reason in policy.SIZE_REASONS:
            continue
        assert _decide(reason).outcome is ReturnOutcome.RETURN_REFUND
