from __future__ import annotations

import logging
import time
import uuid

import pytest

from crosslive.ratelimit import RequestLimiter, SharedRequestLimiter, make_limiter


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


REDIS_URL = "redis://127.0.0.1:6379/0"


def test_processes_sharing_redis_count_together_and_refusals_are_not_counted() -> None:
    prefix = f"test-{uuid.uuid4().hex}:"
    first = SharedRequestLimiter(REDIS_URL, prefix=prefix)
    second = SharedRequestLimiter(REDIS_URL, prefix=prefix)
    assert first.hit("ip:a", 3, 60) and second.hit("ip:a", 3, 60) and first.hit("ip:a", 3, 60)
    assert second.hit("ip:a", 3, 60) is False  # the third hit came from the other process
    assert first.hit("ip:a", 3, 60) is False
    assert second.hit("ip:b", 3, 60) is True


def test_the_shared_window_slides() -> None:
    limiter = SharedRequestLimiter(REDIS_URL, prefix=f"test-{uuid.uuid4().hex}:")
    assert [limiter.hit("v:1", 2, 0.4) for _ in range(3)] == [True, True, False]
    time.sleep(0.5)
    assert limiter.hit("v:1", 2, 0.4) is True


def test_without_redis_each_process_still_limits_on_its_own(
    caplog: pytest.LogCaptureFixture,
) -> None:
    limiter = SharedRequestLimiter("redis://127.0.0.1:1/0")  # nothing listens there
    with caplog.at_level(logging.WARNING, logger="crosslive.ratelimit"):
        assert [limiter.hit("ip:a", 2, 60) for _ in range(3)] == [True, True, False]
    assert caplog.text.count("redis unreachable") == 1


def test_the_backend_follows_the_broker_url() -> None:
    assert isinstance(make_limiter(""), RequestLimiter)
    assert isinstance(make_limiter(REDIS_URL), SharedRequestLimiter)
