"""What starting an app costs once per process, not once per app."""

from __future__ import annotations

import gc

import pytest
from fastapi.testclient import TestClient

from crosslive.app import create_app
from crosslive.settings import Settings
from crosslive.state import state_of


def test_a_second_app_start_does_not_count_the_frozen_objects_again(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Counting the frozen objects walks every one of them (some 27 ms of CPU for 260,000):
    # a process that starts many apps (the tests start one a test) pays it once at most.
    counted: list[int] = []
    real = gc.get_freeze_count

    def counting() -> int:
        counted.append(real())
        return counted[-1]

    monkeypatch.setattr(gc, "get_freeze_count", counting)
    for _ in range(3):
        app = create_app(settings)
        with TestClient(app) as client:
            assert client.get("/api/v1/health").status_code == 200
        state_of(app).engine.dispose()
    assert len(counted) <= 1
    assert real() > 0  # the first start froze what it made
