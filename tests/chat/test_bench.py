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
    result = bench.run(viewers=3, rate=5, seconds=1)
    assert result["connected"] == 3
    assert result["messages"] >= 1
    assert (result["deliveries"], result["lost"]) == (result["messages"] * 3, 0)
    assert db.scalar(select(func.count(Seller.id))) == 0
