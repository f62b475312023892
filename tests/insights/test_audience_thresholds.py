"""The viewers' figures of the fixed store (audience_scenario.py) once a test adds viewers
that cross a threshold: a show that froze more than the store's usual is flagged, and a
credential seen by thirty viewers or more gets a conversion rate and its interval."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from crosslive.catalog.models import Variant
from crosslive.db import transaction
from crosslive.events.actions import Action, ActionKind, record
from crosslive.insights.stats import wilson
from crosslive.markets.models import Market
from crosslive.orders.models import OrderStatus
from tests.insights.audience_scenario import add_session
from tests.insights.scenario import Scenario, _order
from tests.insights.test_audience import CREDENTIAL_KEYS, _rows, store  # noqa: F401  (the fixture)


def test_a_show_that_froze_more_than_usual_is_flagged(
    app_client: TestClient,
    auth_headers: dict[str, str],
    session_factory: sessionmaker[Session],
    owner: dict[str, str | int],
    store: tuple[Scenario, int],  # noqa: F811
) -> None:
    scenario, _ = store
    with transaction(session_factory) as db:
        for i in range(20):
            row = ("z", "US", "US", "phone", 100 + i, 100.0, None, 1, 50.0, 300.0, (0, 0))
            add_session(db, int(owner["seller_id"]), scenario.show2, *row)
    body = app_client.get("/api/v1/insights/quality", headers=auth_headers).json()
    # Lamp night: 1000 s frozen of 2060 s; the store: 1018 of 5865 s.
    assert body["tables"]["warnings"]["rows"] == [
        {
            "show": "Lamp night",
            "sessions": 21,
            "figure": "frozen_share",
            "show_value": 0.4854,
            "store_value": 0.1736,
        }
    ]


def test_credentials_with_enough_viewers_give_a_rate_and_its_interval(
    app_client: TestClient,
    auth_headers: dict[str, str],
    session_factory: sessionmaker[Session],
    owner: dict[str, str | int],
    store: tuple[Scenario, int],  # noqa: F811
) -> None:
    scenario, credential = store
    seller_id = int(owner["seller_id"])
    with transaction(session_factory) as db:
        us = db.query(Market).filter_by(seller_id=seller_id, code="US").one()
        lamp = db.query(Variant).filter_by(seller_id=seller_id, option1=None).one()
        for i in range(30):
            viewer = f"n{i}"
            row = (viewer, "US", "US", "phone", 50 + i, 30.0, 500, 0, 0.0, 300.0, (0, 0))
            add_session(db, seller_id, scenario.show2, *row)
            seen = Action(ActionKind.CREDENTIAL_SEEN, credential, "certification", "push")
            record(
                db,
                seller_id=seller_id,
                show_id=scenario.show2,
                viewer_id=viewer,
                market_code="US",
                actions=[seen],
            )
            if i < 12:
                order = _order(
                    db, seller_id, scenario.show2, us, OrderStatus.PAID, [(lamp, 1, 2000, None)]
                )
                order.viewer_id = viewer
    body = app_client.get("/api/v1/insights/effects?market=US", headers=auth_headers).json()
    low, high = wilson(13, 31)
    assert _rows(body, "credentials", *CREDENTIAL_KEYS, "ci_low", "ci_high") == [
        ("certification", "US", "saw", 31, 13, 0.4194, round(low, 4), round(high, 4)),
        ("certification", "US", "did_not_see", 2, 1, None, None, None),
    ]
