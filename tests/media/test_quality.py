"""The per-viewer layer policy, step by step with exact layers."""

from __future__ import annotations

from crosslive.media.quality import (
    FIRST_BACKOFF_S,
    LayerState,
    PlaybackReport,
    decide,
)

CLEAN = PlaybackReport(kbps=500, loss=0.0, jitter_buffer_ms=60, fps=30)


def test_steps_down_at_once_on_loss_and_not_below_the_lowest_layer() -> None:
    state = LayerState(layer=2, switched_at=0.0)
    assert decide(state, PlaybackReport(loss=0.08, fps=30), now=5.0) == 1
    # Within the minimum gap after a switch nothing moves, even with more loss.
    assert decide(state, PlaybackReport(loss=0.08, fps=30), now=6.0) is None
    assert decide(state, PlaybackReport(loss=0.08, fps=30), now=8.0) is None
    assert decide(state, PlaybackReport(loss=0.08, fps=30), now=9.0) == 0
    assert decide(state, PlaybackReport(loss=0.5, fps=30), now=20.0) is None
    assert state.layer == 0
    assert [(old, new) for _, old, new in state.switches] == [(2, 1), (1, 0)]


def test_a_long_new_freeze_or_a_collapsed_frame_rate_steps_down() -> None:
    state = LayerState(layer=2, switched_at=0.0)
    # A short hiccup (0.25 s frozen) is not a reason to drop quality.
    assert decide(state, PlaybackReport(fps=30, freezes=1, freeze_s=0.25), now=10.0) is None
    assert decide(state, PlaybackReport(fps=30, freezes=2, freeze_s=0.9), now=13.0) == 1
    # The same cumulative freeze figures again are not a new freeze.
    assert decide(state, PlaybackReport(fps=30, freezes=2, freeze_s=0.9), now=20.0) is None
    assert decide(state, PlaybackReport(fps=4, freezes=2, freeze_s=0.9), now=30.0) == 0


def test_steps_up_only_after_clean_reports_and_time_on_the_layer() -> None:
    state = LayerState(layer=1, switched_at=0.0)
    assert decide(state, CLEAN, now=3.0) is None
    assert decide(state, CLEAN, now=6.0) is None
    assert decide(state, CLEAN, now=9.0) == 2
    assert decide(state, CLEAN, now=30.0) is None  # already on the top layer


def test_no_step_up_without_headroom_when_the_browser_reports_it() -> None:
    state = LayerState(layer=1, switched_at=0.0)
    tight = PlaybackReport(kbps=500, fps=30, jitter_buffer_ms=50, available_kbps=900)
    for now in (3.0, 6.0, 9.0, 12.0):
        assert decide(state, tight, now) is None
    roomy = PlaybackReport(kbps=500, fps=30, jitter_buffer_ms=50, available_kbps=4000)
    assert decide(state, roomy, now=15.0) == 2


def test_an_undone_upgrade_doubles_the_wait_before_the_next_try() -> None:
    state = LayerState(layer=1, switched_at=0.0)
    assert decide(state, PlaybackReport(loss=0.2, fps=30), now=4.0) == 0
    assert state.up_blocked_until == 4.0 + FIRST_BACKOFF_S
    for now in (6.0, 9.0, 12.0):
        assert decide(state, CLEAN, now) is None  # blocked until 14 s
    assert decide(state, CLEAN, now=15.0) == 1
    assert decide(state, PlaybackReport(loss=0.2, fps=30), now=19.0) == 0
    assert state.up_blocked_until == 19.0 + 2 * FIRST_BACKOFF_S


def test_slow_link_step_down_respects_the_switch_gap() -> None:
    state = LayerState(layer=2, switched_at=0.0)
    assert state.step_down(3.0) is None
    assert state.step_down(3.5) == 1
    assert state.layer == 1
