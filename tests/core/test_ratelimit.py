from __future__ import annotations

import logging
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from crosslive.ratelimit import Limiter, RequestLimiter, SharedRequestLimiter, make_limiter


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


# --- the contract every limiter keeps (in memory and in Redis) ----------------------------


@pytest.fixture(params=["memory", "redis"])
def limiter(request: pytest.FixtureRequest) -> Limiter:
    if request.param == "memory":
        return RequestLimiter()
    return SharedRequestLimiter(REDIS_URL, prefix=f"test-{uuid.uuid4().hex}:")


def test_retry_after_is_zero_below_the_limit_and_counts_nothing(limiter: Limiter) -> None:
    assert limiter.retry_after("ip:a", 2, 60) == 0.0
    assert limiter.hit("ip:a", 2, 60) is True
    assert limiter.retry_after("ip:a", 2, 60) == 0.0
    assert limiter.retry_after("ip:a", 2, 60) == 0.0
    assert [limiter.hit("ip:a", 2, 60) for _ in range(2)] == [True, False]


def test_retry_after_at_the_limit_is_when_the_oldest_hit_leaves_the_window(
    limiter: Limiter,
) -> None:
    assert limiter.hit("ip:a", 2, 60) and limiter.hit("ip:a", 2, 60)
    wait = limiter.retry_after("ip:a", 2, 60)
    # Both hits were counted a moment ago, so a slot frees almost a whole window from now.
    assert 59 < wait <= 60
    assert limiter.retry_after("ip:b", 2, 60) == 0.0


def test_undo_takes_back_one_counted_hit(limiter: Limiter) -> None:
    assert limiter.hit("acct:a", 2, 60) and limiter.hit("acct:a", 2, 60)
    limiter.undo("acct:a")
    assert limiter.retry_after("acct:a", 2, 60) == 0.0
    assert [limiter.hit("acct:a", 2, 60) for _ in range(2)] == [True, False]
    limiter.undo("never-hit")  # nothing to take back: no error, nothing counted
    assert [limiter.hit("never-hit", 1, 60) for _ in range(2)] == [True, False]


def test_concurrent_hits_never_exceed_the_limit(limiter: Limiter) -> None:
    start = threading.Barrier(25)

    def hit(_: int) -> bool:
        start.wait(timeout=10)
        return limiter.hit("v:race", 5, 60)

    with ThreadPoolExecutor(25) as pool:
        results = list(pool.map(hit, range(25)))
    assert results.count(True) == 5
    assert results.count(False) == 20


def test_retry_after_in_memory_is_exact_as_the_window_slides() -> None:
    clock = Clock()
    limiter = RequestLimiter(clock=clock)
    assert limiter.hit("ip:a", 2, 60)
    clock.now += 10
    assert limiter.hit("ip:a", 2, 60)
    clock.now += 5
    assert limiter.retry_after("ip:a", 2, 60) == 45.0  # the first hit leaves at 60 s
    clock.now += 45
    assert limiter.retry_after("ip:a", 2, 60) == 0.0
    assert limiter.hit("ip:a", 2, 60) is True
    assert limiter.retry_after("ip:a", 2, 60) == 10.0  # now the second hit is the oldest


def test_without_redis_retry_after_and_undo_fall_back_to_this_process() -> None:
    limiter = SharedRequestLimiter("redis://127.0.0.1:1/0")  # nothing listens there
    assert limiter.hit("ip:a", 1, 60) is True
    assert 59 < limiter.retry_after("ip:a", 1, 60) <= 60
    limiter.undo("ip:a")
    assert limiter.retry_after("ip:a", 1, 60) == 0.0
