"""Per-viewer simulcast layer choice from the viewer's own playback figures.

Janus sends each viewer whatever layer it is told to, with no congestion control of its own,
so this policy is what keeps a weak link playing: start on the middle layer, step down at once
on loss, freezes, a collapsing frame rate or a Janus slow-link event, and step up only after
several clean reports, with a back-off that doubles each time an upgrade had to be undone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TOP_LAYER = 2
# Bitrate caps of the three layers publisher.js sends at 720p (kbit/s); the middle one fits
# a 500 kbit/s viewer link with audio.
LAYER_KBPS = (150, 300, 1800)
# A switch takes ~1.5 s to show and queued packets of the old layer still drain after it.
MIN_SWITCH_GAP_S = 3.5
UP_AFTER_S = 8.0
UP_CLEAN_REPORTS = 3
FIRST_BACKOFF_S = 10.0
MAX_BACKOFF_S = 600.0
# Browsers report no receive-side bandwidth estimate, so an upgrade is a probe that can
# freeze a constrained viewer for a few seconds: none in a viewer's first seconds.
FIRST_UP_AFTER_S = 20.0
# Chrome counts any frame gap over ~180 ms as a freeze; only this much frozen time in one
# report means the layer does not fit (short hiccups come from CPU, not the network).
BAD_FREEZE_S = 0.5
BAD_LOSS = 0.05
CLEAN_LOSS = 0.01
LOW_FPS = 15.0
GOOD_FPS = 24.0
GOOD_JITTER_BUFFER_MS = 200.0


@dataclass(frozen=True)
class PlaybackReport:
    """One getStats summary from a viewer page (interval figures, cumulative freeze counts)."""

    kbps: float = 0.0
    loss: float = 0.0
    jitter_buffer_ms: float = 0.0
    freezes: int = 0
    freeze_s: float = 0.0
    fps: float = 0.0
    rtt_ms: float = 0.0
    available_kbps: float | None = None


@dataclass
class LayerState:
    layer: int
    switched_at: float
    max_layer: int = TOP_LAYER
    up_blocked_until: float = 0.0
    up_backoff_s: float = FIRST_BACKOFF_S
    clean_reports: int = 0
    last_freezes: int = 0
    last_freeze_s: float = 0.0
    switches: list[tuple[float, int, int]] = field(default_factory=list)

    def _switch(self, layer: int, now: float) -> int:
        self.switches.append((now, self.layer, layer))
        self.layer = layer
        self.switched_at = now
        self.clean_reports = 0
        return layer

    def step_down(self, now: float) -> int | None:
        if self.layer == 0 or now - self.switched_at < MIN_SWITCH_GAP_S:
            return None
        self.up_blocked_until = now + self.up_backoff_s
        self.up_backoff_s = min(self.up_backoff_s * 2, MAX_BACKOFF_S)
        return self._switch(self.layer - 1, now)


def _has_headroom(state: LayerState, report: PlaybackReport) -> bool:
    if report.available_kbps is None:
        return True
    return report.available_kbps >= 1.5 * LAYER_KBPS[state.layer + 1]


def decide(state: LayerState, report: PlaybackReport, now: float) -> int | None:
    """The new layer for this viewer, or None to stay. Mutates `state`."""
    new_freeze = (
        report.freezes > state.last_freezes
        and report.freeze_s - state.last_freeze_s >= BAD_FREEZE_S
    )
    state.last_freezes = max(state.last_freezes, report.freezes)
    state.last_freeze_s = max(state.last_freeze_s, report.freeze_s)
    settled = now - state.switched_at >= MIN_SWITCH_GAP_S + 1
    bad = report.loss > BAD_LOSS or new_freeze or (settled and 0 < report.fps < LOW_FPS)
    if bad:
        state.clean_reports = 0
        return state.step_down(now)
    clean = (
        report.loss < CLEAN_LOSS
        and report.fps >= GOOD_FPS
        and report.jitter_buffer_ms < GOOD_JITTER_BUFFER_MS
    )
    state.clean_reports = state.clean_reports + 1 if clean else 0
    if (
        state.layer < state.max_layer
        and state.clean_reports >= UP_CLEAN_REPORTS
        and now >= state.up_blocked_until
        and now - state.switched_at >= UP_AFTER_S
        and _has_headroom(state, report)
    ):
        return state._switch(state.layer + 1, now)
    return None
