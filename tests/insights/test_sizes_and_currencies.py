"""A store selling a tee in colours and sizes and a bag in colours only, in euros (EU) and
yen (JP): the size table lists only sizes, and money is charted per currency, never one
currency's amounts next to another's on one axis."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from crosslive.catalog.size_option import size_of
from tests.factories import page_login
from tests.insights.currency_scenario import build_two_currencies
from tests.shared_store import once_per_module

pytestmark = pytest.mark.shared_store


@pytest.fixture
def store(
    request: pytest.FixtureRequest,
    session_factory: sessionmaker[Session],
    owner: dict[str, str | int],
) -> int:
    return once_per_module(
        request, lambda: build_two_currencies(session_factory, int(owner["seller_id"]))
    )


def _rows(body: dict[str, Any], table: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = body["tables"][table]["rows"]
    return rows


def test_the_size_table_lists_sizes_only(
    app_client: TestClient, auth_headers: dict[str, str], store: int
) -> None:
    body = app_client.get("/api/v1/insights/returns", headers=auth_headers).json()
    by_size = [
        (r["product"], r["size"], r["units"], r["returned_units"]) for r in _rows(body, "by_size")
    ]
    # The tee's sizes (not its colours); the bag comes in colours only and is left out.
    assert by_size == [("Merino Tee", "M", 2, 1), ("Merino Tee", "S", 1, 0)]
    products = {r["product"] for r in _rows(body, "by_product")}
    assert products == {"Merino Tee", "Canvas Bag"}


def test_a_size_is_the_option_named_size_or_one_on_the_size_chart() -> None:
    assert size_of(["Black", "M"], ["Colour", "Size"], ()) == "M"
    assert size_of(["M", "Schwarz"], ["Größe", "Farbe"], ()) == "M"
    assert size_of(["Black"], ["Colour"], ()) is None
    assert size_of([], [], ()) is None
    assert size_of(["Navy", "EU 42"], ["Colour", "Fit"], {"EU 41", "EU 42"}) == "EU 42"


def test_economics_keeps_each_currency_apart(
    app_client: TestClient, auth_headers: dict[str, str], store: int
) -> None:
    body = app_client.get("/api/v1/insights/economics", headers=auth_headers).json()
    margins = [
        (r["market"], r["currency"], r["category"], r["margin_after_returns_minor"])
        for r in _rows(body, "by_market_category")
    ]
    # EU tee: 2 x 50.00 - 2 x 20.00 cost - 2 x 4.00 out - 50.00 refund - 8.00 return = -6.00;
    # EU bag: 30.00 - 10.00 - 4.00 = 16.00. JP tee: 6000 - 2500 - 800 = 2700 yen;
    # JP bag: 4000 - 1500 - 800 - 4000 refund - 1500 return = -3800 yen.
    assert margins == [
        ("EU", "EUR", "apparel", -600),
        ("EU", "EUR", "other", 1600),
        ("JP", "JPY", "apparel", 2700),
        ("JP", "JPY", "other", -3800),
    ]


def _canvases(html: str, table: str) -> list[dict[str, Any]]:
    section = html.split(f'data-table="{table}"', 1)[1].split("</section>", 1)[0]
    found = []
    for canvas in section.split("<canvas")[1:]:

        def attr(name: str, canvas: str = canvas) -> str:
            return canvas.split(f'data-{name}="', 1)[1].split('"', 1)[0].replace("&#34;", '"')

        found.append(
            {
                "currency": attr("currency"),
                "name": attr("name"),
                "labels": json.loads(attr("labels")),
                "values": json.loads(attr("values")),
            }
        )
    return found


def test_the_economics_page_charts_one_currency_per_chart(
    app_client: TestClient, owner: dict[str, str | int], store: int
) -> None:
    page_login(app_client, str(owner["email"]))
    html = app_client.get("/admin/insights?report=economics").text
    charts = _canvases(html, "by_market_category")
    # Each chart holds one currency's margins in its own units (euros, yen), named on the axis;
    # no chart adds or mixes euros and yen.
    assert charts == [
        {
            "currency": "EUR",
            "name": "margin after returns (EUR)",
            "labels": ["EU · apparel", "EU · other"],
            "values": [-6.0, 16.0],
        },
        {
            "currency": "JPY",
            "name": "margin after returns (JPY)",
            "labels": ["JP · apparel", "JP · other"],
            "values": [2700.0, -3800.0],
        },
    ]
    assert "In EUR" in html and "In JPY" in html
