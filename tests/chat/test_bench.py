"""`crosslive bench chat` measures on a scratch store of its own, whatever database the shell
it runs in points at (a bench must never write into a real store)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crosslive.auth.models import Seller
from crosslive.chat import bench
from crosslive.settings import Settings


def test_the_chat_bench_ignores_the_callers_database(
    settings: Settings, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CROSSLIVE_DATABASE_URL", settings.resolved_database_url)
    monkeypatch.setenv("CROSSLIVE_BROKER_URL", "redis://127.0.0.1:1/0")  # nothing listens
    # Viewers read two languages in turn: each message is translated (by the bench's
    # in-memory provider) and framed once per language, and still reaches every viewer.
    result = bench.run(viewers=3, rate=5, seconds=1, languages=2)
    assert (result["languages"], result["translation"]) == (
        ["de", "fr"],
        "in-memory bench provider",
    )
    assert result["connected"] == 3
    assert result["messages"] >= 1
    assert (result["deliveries"], result["lost"]) == (result["messages"] * 3, 0)
    assert result["timed_deliveries"] == result["messages"]  # the first of the three
    assert result["timed_translated"] == result["messages"]  # it reads German
    assert db.scalar(select(func.count(Seller.id))) == 0


def test_the_chat_bench_spreads_viewers_over_processes_sharing_a_private_redis(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two app processes, each with half the viewers: every message, posted to the processes
    in turn, reaches the viewers of both (through the bench's own redis-server)."""
    monkeypatch.setenv("CROSSLIVE_BROKER_URL", "redis://127.0.0.1:1/0")  # never used
    result = bench.run(viewers=20, rate=5, seconds=2, processes=2)
    assert (result["processes"], result["broker"], result["connected"]) == (2, "redis", 20)
    assert (result["messages"], result["posts_failed"], result["lost"]) == (10, 0, 0)
    assert result["deliveries"] == 200
    # One viewer in ten (the first of each process's ten) is timed; the others are counted.
    assert (result["timed_every"], result["timed_deliveries"]) == (10, 20)
    per_process = [
        (p["process"], p["viewers"], p["deliveries"], p["lost"]) for p in result["per_process"]
    ]
    assert per_process == [(0, 10, 100, 0), (1, 10, 100, 0)]
    assert len(result["cpu"]["apps_s"]) == 2
