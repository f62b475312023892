"""The viewers' figures of the fixed store (audience_scenario.py): the funnel, concurrent
viewers, watch time, answers, conversion by market, video quality and the credentials'
conversion, on the API, the CSV and the command line; hosts see only their shows. The tests
only read the store: they share one (tests/shared_store.py); those that add viewers to cross
a threshold are in test_audience_thresholds.py."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from crosslive.cli import app
from crosslive.settings import Settings
from tests.factories import add_staff, login_headers
from tests.insights.audience_scenario import build_audience
from tests.insights.scenario import Scenario, build
from tests.shared_store import once_per_module

pytestmark = pytest.mark.shared_store

HOST = "hana@acme.test"


@pytest.fixture
def store(
    request: pytest.FixtureRequest,
    session_factory: sessionmaker[Session],
    owner: dict[str, str | int],
) -> tuple[Scenario, int]:
    """The fixed store and its viewers; the credential's id."""
    return once_per_module(request, lambda: _build_store(session_factory, int(owner["seller_id"])))


def _build_store(session_factory: sessionmaker[Session], seller_id: int) -> tuple[Scenario, int]:
    add_staff(session_factory, seller_id, HOST)
    scenario = build(session_factory, seller_id, HOST)
    return scenario, build_audience(session_factory, seller_id, scenario)


def _rows(body: dict[str, Any], table: str, *keys: str) -> list[tuple[Any, ...]]:
    return [tuple(r[k] for k in keys) for r in body["tables"][table]["rows"]]


FUNNEL_KEYS = ("show", "viewers", "sheet_opened", "added_to_cart", "checkout_started")
FUNNEL_KEYS += ("ordered", "paid", "kept", "conversion")
FUNNEL = [("Spring show", 4, 3, 2, 1, 1, 1, 1, 0.25), ("Lamp night", 1, 0, 0, 0, 1, 1, 0, 1.0)]
VIEWER_KEYS = ("show", "sessions", "peak_concurrent", "avg_concurrent", "watch_hours")
VIEWER_KEYS += ("under_10s", "s10_to_1m", "m1_to_5m", "m5_to_15m", "m15_plus")
VIEWERS = [
    # 3805 s watched over the hour live; the peak is v, x and y at 1000 s.
    ("Spring show", 4, 3, 1.06, 1.06, 1, 0, 1, 0, 2),
    ("Lamp night", 1, 1, None, 0.02, 0, 0, 1, 0, 0),
]
ANSWERS = [("Spring show", 1, 0, 90.0), ("Lamp night", 0, 1, None)]
MARKETS = [("EU", 2, 1, 0.5), ("US", 2, 1, 0.5)]


def test_show_audience_figures(
    app_client: TestClient, auth_headers: dict[str, str], store: tuple[Scenario, int]
) -> None:
    body = app_client.get("/api/v1/insights/shows", headers=auth_headers).json()
    assert _rows(body, "funnel", *FUNNEL_KEYS) == FUNNEL
    assert _rows(body, "viewers", *VIEWER_KEYS) == VIEWERS
    answers = _rows(body, "shows", "show", "answered", "answered_instantly", "avg_answer_s")
    assert answers == ANSWERS
    assert _rows(body, "markets", "market", "viewers", "ordered", "conversion") == MARKETS
    eu = app_client.get("/api/v1/insights/shows?market=EU", headers=auth_headers).json()
    # In EU: x and y watched the Spring show, x opened two sheets and filled a cart; v's
    # EU order (o3) is in the Spring show.
    assert _rows(eu, "funnel", *FUNNEL_KEYS) == [
        ("Spring show", 2, 1, 1, 0, 1, 1, 1, 0.5),
        ("Lamp night", 0, 0, 0, 0, 0, 0, 0, None),
    ]
    csv = app_client.get("/api/v1/insights/shows/funnel.csv", headers=auth_headers).text
    assert csv.splitlines()[1].endswith(",Spring show,4,3,2,1,1,1,1,0.25")


QUALITY_KEYS = ("sessions", "ttff_p50_ms", "ttff_p95_ms", "frozen_share", "freezes_per_hour")
QUALITY_KEYS += ("avg_kbps", "switches_per_hour", "lost_first_10s", "lost_share")
# 5 sessions, 3865 s watched (1.0736 h), 18 s frozen, 3 freezes, 4 layer switches, first
# frames 400 800 1000 2000 ms (nearest rank: p50 the 2nd, p95 the 4th); w left after 5 s.
OVERALL = [("store", 5, 800, 2000, 0.0047, 2.79, 711.4, 3.73, 1, 0.2)]
BY_DEVICE = [
    ("desktop", 2, 400, 1000, 0.0048, 3.87, 993.5, 3.87, 0, 0.0),
    ("phone", 2, 800, 2000, 0.005, 1.99, 499.4, 3.99, 1, 0.5),
    ("tablet", 1, None, None, 0.0, 0.0, 0.0, 0.0, 0, 0.0),
]


def test_video_quality(
    app_client: TestClient, auth_headers: dict[str, str], store: tuple[Scenario, int]
) -> None:
    body = app_client.get("/api/v1/insights/quality", headers=auth_headers).json()
    assert _rows(body, "overall", "scope", *QUALITY_KEYS) == OVERALL
    assert _rows(body, "by_device", "device", *QUALITY_KEYS) == BY_DEVICE
    assert _rows(body, "by_market", "market", "sessions", "lost_first_10s") == [
        ("EU", 2, 0),
        ("US", 3, 1),
    ]
    assert _rows(body, "by_region", "region", "sessions") == [
        ("CA", 1),
        ("DE", 1),
        ("FR", 1),
        ("US", 2),
    ]
    assert _rows(body, "by_show", "show", "sessions", "ttff_p50_ms", "ttff_p95_ms") == [
        ("Lamp night", 1, 1000, 1000),
        ("Spring show", 4, 800, 2000),
    ]
    assert body["tables"]["warnings"]["rows"] == []


CREDENTIAL_KEYS = ("credential_type", "market", "group", "viewers", "ordered", "conversion")


def test_credentials_below_thirty_viewers_say_not_enough_data(
    app_client: TestClient, auth_headers: dict[str, str], store: tuple[Scenario, int]
) -> None:
    body = app_client.get("/api/v1/insights/effects", headers=auth_headers).json()
    assert _rows(body, "credentials", *CREDENTIAL_KEYS, "note") == [
        ("certification", "EU", "saw", 1, 0, None, "not enough data"),
        ("certification", "EU", "did_not_see", 1, 0, None, "not enough data"),
        ("certification", "US", "saw", 1, 1, None, "not enough data"),
        ("certification", "US", "did_not_see", 2, 1, None, "not enough data"),
    ]


def test_a_host_sees_only_their_shows_figures(
    app_client: TestClient, store: tuple[Scenario, int]
) -> None:
    headers = login_headers(app_client, HOST)
    shows = app_client.get("/api/v1/insights/shows", headers=headers).json()
    assert _rows(shows, "funnel", *FUNNEL_KEYS) == FUNNEL[:1]
    quality = app_client.get("/api/v1/insights/quality", headers=headers).json()
    assert _rows(quality, "by_show", "show", "sessions") == [("Spring show", 4)]
    assert _rows(quality, "overall", "sessions") == [(4,)]
    effects = app_client.get("/api/v1/insights/effects", headers=headers).json()
    us = [r for r in _rows(effects, "credentials", "market", "group", "viewers") if r[0] == "US"]
    assert us == [("US", "saw", 1), ("US", "did_not_see", 1)]


def test_the_command_line_prints_the_quality(
    settings: Settings, store: tuple[Scenario, int]
) -> None:
    env = {
        "CROSSLIVE_DATABASE_URL": settings.resolved_database_url,
        "CROSSLIVE_DATA_DIR": str(settings.data_dir),
    }
    result = CliRunner().invoke(app, ["insights", "quality", "--store", "acme", "--json"], env=env)
    assert result.exit_code == 0, result.output
    assert _rows(json.loads(result.output), "overall", "scope", *QUALITY_KEYS) == OVERALL
