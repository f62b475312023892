"""The effect of following the size advice, once enough lines followed it: each test adds
lines to the store of tests/insights/test_figures.py, so it has a store of its own."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from crosslive.insights.stats import wilson
from tests.insights.scenario import Scenario, add_followed
from tests.insights.test_figures import _rate, _rows, scenario  # noqa: F401  (the fixture)


def test_effects_with_enough_lines_give_a_rate_and_its_interval(
    app_client: TestClient,
    auth_headers: dict[str, str],
    session_factory: sessionmaker[Session],
    owner: dict[str, str | int],
    scenario: Scenario,  # noqa: F811
) -> None:
    add_followed(session_factory, int(owner["seller_id"]), scenario.show1, 30, 3)
    body = app_client.get("/api/v1/insights/effects", headers=auth_headers).json()
    followed = _rows(body, "size_advice")[0]
    low, high = wilson(3, 31)
    assert _rate(followed, "group", "lines", "returned_lines", "return_rate", "note") == (
        "followed",
        31,
        3,
        0.0968,
        None,
    )
    assert (followed["ci_low"], followed["ci_high"]) == (round(low, 4), round(high, 4))
