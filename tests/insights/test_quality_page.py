"""The insights page's video quality and audience figures, on the viewers of
tests/insights/audience_scenario.py: it moves the shows' times, so these tests have a store of
their own, which they share (tests/shared_store.py)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from tests.factories import page_login
from tests.insights.audience_scenario import build_audience
from tests.insights.scenario import Scenario
from tests.insights.test_figures import HOST, scenario  # noqa: F401  (the fixture)
from tests.insights.test_page import _chart_values, _section
from tests.shared_store import once_per_module

pytestmark = pytest.mark.shared_store


@pytest.fixture
def audience(
    request: pytest.FixtureRequest,
    session_factory: sessionmaker[Session],
    owner: dict[str, str | int],
    scenario: Scenario,  # noqa: F811
) -> int:
    """The viewers' sessions and actions; the credential's id."""
    seller_id = int(owner["seller_id"])
    return once_per_module(request, lambda: build_audience(session_factory, seller_id, scenario))


def test_owner_sees_the_new_figures_and_their_csv_matches(
    app_client: TestClient,
    owner: dict[str, str | int],
    audience: int,
) -> None:
    page_login(app_client, str(owner["email"]))
    quality = app_client.get("/admin/insights?report=quality").text
    assert 'aria-current="page">Video quality' in quality
    assert _chart_values(quality, "by_device") == [0.0048, 0.005, 0.0]
    assert _chart_values(quality, "by_market") == [800, 2000]  # EU: x only; US: 400 1000 2000
    shows = app_client.get("/admin/insights?report=shows").text
    assert _chart_values(shows, "funnel") == [0.25, 1.0]
    assert _chart_values(shows, "viewers") == [3, 1]
    # The page's funnel table and its CSV carry the same numbers.
    cells = [c.split("</td>", 1)[0].strip() for c in _section(shows, "funnel").split("<td>")[1:]]
    csv = app_client.get("/api/v1/insights/shows/funnel.csv").text.splitlines()
    first = csv[1].split(",")
    assert cells[1:9] == first[1:9] and cells[9] == "25.0 %" and first[9] == "0.25"


def test_a_host_sees_only_their_shows_quality(
    app_client: TestClient,
    audience: int,
) -> None:
    page_login(app_client, HOST)
    html = app_client.get("/admin/insights?report=quality").text
    section = _section(html, "by_show")
    assert "Spring show" in section and "Lamp night" not in section
    assert _chart_values(html, "by_device") == [0.005, 0.005, 0.0]  # v: 9 s of 1800
