"""Two requests creating the same thing at the same moment: the services' duplicate checks
both pass, the database's unique key refuses the second row, and the caller gets a clear 409
with nothing saved instead of a 500."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crosslive.app import RACED
from crosslive.markets import service as markets_service
from crosslive.markets.models import Market
from crosslive.shows import service as shows_service
from crosslive.shows.models import Show


def _count(db: Session, model: type) -> int:
    return int(db.scalar(select(func.count()).select_from(model)) or 0)


def test_a_market_created_twice_at_once_is_a_409_and_one_market(
    app_client: TestClient,
    auth_headers: dict[str, str],
    db: Session,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = app_client.post("/api/v1/markets/presets/EU", headers=auth_headers)
    assert first.status_code == 201
    # The second request's check ran before the first one committed.
    monkeypatch.setattr(markets_service, "find_market", lambda *args: None)
    second = app_client.post("/api/v1/markets/presets/EU", headers=auth_headers)
    assert second.status_code == 409
    assert second.json() == {"detail": RACED}
    assert _count(db, Market) == 1


def test_a_show_slug_taken_at_the_same_moment_is_a_409_and_one_show(
    app_client: TestClient,
    auth_headers: dict[str, str],
    db: Session,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    body: dict[str, Any] = {"title": "Summer Drop", "scheduled_at": "2030-05-01T14:00:00+02:00"}
    assert app_client.post("/api/v1/shows", json=body, headers=auth_headers).status_code == 201
    monkeypatch.setattr(shows_service, "unique_slug", lambda title, taken: "summer-drop")
    second = app_client.post("/api/v1/shows", json=body, headers=auth_headers)
    assert second.status_code == 409
    assert second.json() == {"detail": RACED}
    assert _count(db, Show) == 1
