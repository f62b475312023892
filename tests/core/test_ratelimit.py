from __future__ import annotations

from crosslive.ratelimit import RequestLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_sliding_window_counts_only_allowed_requests() -> None:
    clock = Clock()
    limiter = RequestLimiter(clock=clock)
    assert [limiter.hit("ip:a", 2, 60) for _ in range(3)] == [True, True, False]
    clock.now += 30
    assert limiter.hit("ip:a", 2, 60) is False  # both counted hits are still in the window
    clock.now += 30.5
    assert limiter.hit("ip:a", 2, 60) is True  # the first two have slid out
    assert limiter.hit("ip:b", 2, 60) is True  # keys are counted apart


def test_least_recently_used_keys_are_forgotten_past_max_keys() -> None:
    limiter = RequestLimiter(clock=Clock(), max_keys=2)
    assert limiter.hit("a", 1, 60) and limiter.hit("b", 1, 60) and limiter.hit("c", 1, 60)
    assert limiter.hit("a", 1, 60) is True  # "a" was evicted, so it starts afresh
    assert limiter.hit("c", 1, 60) is False
