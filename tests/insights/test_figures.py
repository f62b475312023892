"""Every insight of a fixed store, worked out by hand, checked on the JSON API, the CSV and
the command line; hosts see only their own shows. The tests only read the store: they share
one (tests/shared_store.py)."""

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
from tests.insights.scenario import Scenario, build
from tests.shared_store import once_per_module

HOST = "hana@acme.test"


pytestmark = pytest.mark.shared_store


@pytest.fixture
def scenario(
    request: pytest.FixtureRequest,
    session_factory: sessionmaker[Session],
    owner: dict[str, str | int],
) -> Scenario:
    return once_per_module(request, lambda: _build(session_factory, int(owner["seller_id"])))


def _build(session_factory: sessionmaker[Session], seller_id: int) -> Scenario:
    add_staff(session_factory, seller_id, HOST)
    return build(session_factory, seller_id, HOST)


def _rows(body: dict[str, Any], table: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = body["tables"][table]["rows"]
    return rows


def _rate(row: dict[str, Any], *keys: str) -> tuple[Any, ...]:
    return tuple(row[k] for k in keys)


# Delivered lines: shirt M (US, advised M), shirt L (US, advised M, exchanged), 2 x shirt S
# (US, refunded after return), shirt M (EU, return rejected), 3 x lamp (US, 1 kept, refunded).
RETURNS = {
    "by_category": [("apparel", 5, 3, 0.6), ("electronics", 3, 1, 0.3333)],
    "by_product": [("Linen Shirt", 5, 3, 0.6), ("Desk Lamp", 3, 1, 0.3333)],
    "by_size": [
        ("Linen Shirt", "L", 1, 1, 1.0),
        ("Linen Shirt", "M", 2, 0, 0.0),
        ("Linen Shirt", "S", 2, 2, 1.0),
    ],  # the lamp has no sizes: by_product has it, by_size leaves it out
    "by_market": [("EU", 1, 0, 0.0), ("US", 7, 4, 0.5714)],
    "by_show": [("Spring show", 5, 3, 0.6), ("Lamp night", 3, 1, 0.3333)],
    "by_reason": [
        ("defect", 8, 1, 0.125, 0.25),
        ("too_large", 8, 1, 0.125, 0.25),
        ("too_small", 8, 2, 0.25, 0.5),
    ],
    "outcomes": [
        ("keep_it", 1, 1, 0.3333),
        ("exchange", 1, 1, 0.3333),
        ("return_refund", 1, 2, 0.3333),
    ],
    "fit_answers": [("L", 0, 0, 1, 1, 0.0), ("M", 0, 2, 0, 2, 1.0), ("S", 1, 0, 0, 1, 0.0)],
    "refunds": [("USD", 2, 10000)],
}
KEYS = {
    "by_category": ("category", "units", "returned_units", "return_rate"),
    "by_product": ("product", "units", "returned_units", "return_rate"),
    "by_size": ("product", "size", "units", "returned_units", "return_rate"),
    "by_market": ("market", "units", "returned_units", "return_rate"),
    "by_show": ("show", "units", "returned_units", "return_rate"),
    "by_reason": ("reason", "units", "returned_units", "return_rate", "share_of_returns"),
    "outcomes": ("outcome", "returns", "units", "share_of_returns"),
    "fit_answers": ("size", "small", "fit", "large", "answers", "fit_share"),
    "refunds": ("currency", "refunds", "amount_minor"),
}


def _check_returns(body: dict[str, Any]) -> None:
    for table, expected in RETURNS.items():
        got = [_rate(row, *KEYS[table]) for row in _rows(body, table)]
        assert got == expected, table


def test_returns_figures_on_the_api_and_the_csv(
    app_client: TestClient, auth_headers: dict[str, str], scenario: Scenario
) -> None:
    response = app_client.get("/api/v1/insights/returns", headers=auth_headers)
    assert response.status_code == 200, response.text
    _check_returns(response.json())
    csv = app_client.get("/api/v1/insights/returns/by_category.csv", headers=auth_headers)
    assert csv.status_code == 200
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.text == (
        "category,units,returned_units,return_rate\napparel,5,3,0.6\nelectronics,3,1,0.3333\n"
    )


def test_economics_figures(
    app_client: TestClient, auth_headers: dict[str, str], scenario: Scenario
) -> None:
    body = app_client.get("/api/v1/insights/economics", headers=auth_headers).json()
    keys = (
        "market", "category", "units", "revenue_minor", "goods_cost_minor", "outbound_minor",
        "expected_return_cost_minor", "margin_after_expected_returns_minor", "refunds_minor",
        "return_costs_minor", "margin_after_returns_minor", "keep_its", "keep_it_savings_minor",
    )  # fmt: skip
    # US lane: O 500, R + H 1000. Apparel: 4 x (4000 - 1500 - 500) - 4 x 25 % x 1000 = 7000;
    # after the 8000 refund and one collected return (1000): -1000. Lamp: 3 x (2000 - 1600 -
    # 500) - 3 x 10 % x 1000 = -600; after the 2000 keep-it refund: -2300; the keep-it saved
    # 1000 of return costs but gave up 70 % x 2000 = 1400 of resale: -400. EU has no lane.
    assert [_rate(r, *keys) for r in _rows(body, "by_market_category")] == [
        ("US", "apparel", 4, 16000, 6000, 2000, 1000, 7000, 8000, 1000, -1000, 0, 0),
        ("US", "electronics", 3, 6000, 4800, 1500, 300, -600, 2000, 0, -2300, 1, -400),
        ("EU", "apparel", 1, 3800, 1500, None, None, None, 0, None, None, 0, None),
    ]
    losing = [_rate(r, "product", "market", "margin_after_returns_minor") for r in
              _rows(body, "losing_products")]  # fmt: skip
    assert losing == [("Linen Shirt", "US", -1000), ("Desk Lamp", "US", -2300)]


SHOWS = [("Spring show", 3, 3, 3, 1, 2), ("Lamp night", 3, 2, 2, 1, 0)]
MONEY = [("Spring show", "EUR", 3800, 0), ("Spring show", "USD", 16000, 8000),
         ("Lamp night", "USD", 8000, 2000)]  # fmt: skip


def _check_shows(body: dict[str, Any], shows: list[Any], money: list[Any]) -> None:
    keys = ("show", "orders", "paid", "messages", "questions", "kept")
    assert [_rate(r, *keys) for r in _rows(body, "shows")] == shows
    keys = ("show", "currency", "revenue_minor", "refunds_minor")
    assert sorted(_rate(r, *keys) for r in _rows(body, "money")) == sorted(money)


def test_show_figures(
    app_client: TestClient, auth_headers: dict[str, str], scenario: Scenario
) -> None:
    body = app_client.get("/api/v1/insights/shows", headers=auth_headers).json()
    _check_shows(body, SHOWS, MONEY)


def test_effects_say_not_enough_data_below_thirty_lines(
    app_client: TestClient, auth_headers: dict[str, str], scenario: Scenario
) -> None:
    body = app_client.get("/api/v1/insights/effects", headers=auth_headers).json()
    keys = ("group", "lines", "returned_lines", "return_rate", "note")
    assert [_rate(r, *keys) for r in _rows(body, "size_advice")] == [
        ("followed", 1, 0, None, "not enough data"),
        ("ignored", 1, 1, None, "not enough data"),
        ("not_used", 2, 1, None, "not enough data"),
    ]


def test_a_host_sees_only_their_shows(app_client: TestClient, scenario: Scenario) -> None:
    headers = login_headers(app_client, HOST)
    body = app_client.get("/api/v1/insights/returns", headers=headers).json()
    assert [r["show"] for r in _rows(body, "by_show")] == ["Spring show"]
    assert [_rate(r, *KEYS["by_category"]) for r in _rows(body, "by_category")] == [
        ("apparel", 5, 3, 0.6)
    ]
    assert [_rate(r, *KEYS["refunds"]) for r in _rows(body, "refunds")] == [("USD", 1, 8000)]
    shows = app_client.get("/api/v1/insights/shows", headers=headers).json()
    _check_shows(shows, SHOWS[:1], MONEY[:2])
    other = app_client.get(f"/api/v1/insights/shows?show_id={scenario.show2}", headers=headers)
    assert _rows(other.json(), "shows") == []


def test_filters(app_client: TestClient, auth_headers: dict[str, str], scenario: Scenario) -> None:
    url = "/api/v1/insights/returns"
    eu = app_client.get(f"{url}?market=EU", headers=auth_headers).json()
    assert [_rate(r, *KEYS["by_market"]) for r in _rows(eu, "by_market")] == [("EU", 1, 0, 0.0)]
    later = app_client.get(f"{url}?since=2026-03-03", headers=auth_headers).json()
    assert _rows(later, "by_category") == []
    lamps = app_client.get(f"{url}?category=electronics", headers=auth_headers).json()
    assert [r["category"] for r in _rows(lamps, "by_category")] == ["electronics"]
    bad = app_client.get(f"{url}?since=2026-03-03&until=2026-03-01", headers=auth_headers)
    assert bad.status_code == 422 and "before" in bad.text
    assert app_client.get(f"{url}?category=toys", headers=auth_headers).status_code == 422
    assert app_client.get(f"{url}?market=U%00S", headers=auth_headers).status_code == 422
    far = app_client.get(f"{url}?until=9999-12-31", headers=auth_headers)
    assert far.status_code == 200 and len(_rows(far.json(), "by_category")) == 2
    assert app_client.get("/api/v1/insights/returns").status_code == 401


def test_the_command_line_prints_the_same_figures(settings: Settings, scenario: Scenario) -> None:
    env = {
        "CROSSLIVE_DATA_DIR": str(settings.data_dir),
        "CROSSLIVE_DATABASE_URL": settings.resolved_database_url,
    }
    runner = CliRunner()
    result = runner.invoke(app, ["insights", "returns", "--store", "acme", "--json"], env=env)
    assert result.exit_code == 0, result.output
    _check_returns(json.loads(result.output))
    shows = runner.invoke(app, ["insights", "shows", "--store", "acme", "--json"], env=env)
    _check_shows(json.loads(shows.output), SHOWS, MONEY)
    later = runner.invoke(
        app, ["insights", "returns", "--store", "acme", "--since", "2026-03-03", "--json"], env=env
    )
    assert json.loads(later.output)["tables"]["by_category"]["rows"] == []
    missing = runner.invoke(app, ["insights", "returns", "--store", "nope"], env=env)
    assert missing.exit_code == 1 and "no store" in missing.output
