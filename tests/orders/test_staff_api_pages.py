"""The staff API's order list pages by keyset cursor: newest first by (created_at, id),
each order exactly once, `next_cursor` null at the end, the status filter kept from page
to page, the deprecated offset still paging, bad cursors refused with 422, and another
store's orders never listed."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from crosslive.orders.models import OrderStatus
from tests.factories import login_headers, other_store
from tests.orders.test_order_list_pages import _add_orders, _newest_first

URL = "/api/v1/orders"


def _walk(client: TestClient, headers: dict[str, str], **params: Any) -> list[list[int]]:
    """Every page from the newest by following next_cursor; the ids of each page."""
    pages: list[list[int]] = []
    cursor = ""
    while True:
        response = client.get(URL, params={**params, "cursor": cursor}, headers=headers)
        assert response.status_code == 200, response.text
        body = response.json()
        pages.append([o["id"] for o in body["orders"]])
        if body["next_cursor"] is None:
            return pages
        cursor = body["next_cursor"]
        assert len(pages) < 20, "the cursor does not move on"


def test_120_orders_paged_by_cursor_come_once_each_newest_first(
    app_client: TestClient,
    owner: dict[str, Any],
    auth_headers: dict[str, str],
    session_factory: sessionmaker[Session],
) -> None:
    seller_id = int(owner["seller_id"])
    _add_orders(session_factory, seller_id, range(120))
    expected = _newest_first(session_factory, seller_id)
    pages = _walk(app_client, auth_headers, limit=50)
    assert [len(p) for p in pages] == [50, 50, 20]
    assert [i for page in pages for i in page] == expected
    # Pages that end exactly at the last order: the last one says so, none is empty.
    assert [len(p) for p in _walk(app_client, auth_headers, limit=40)] == [40, 40, 40]


def test_the_status_filter_survives_cursor_paging(
    app_client: TestClient,
    owner: dict[str, Any],
    auth_headers: dict[str, str],
    session_factory: sessionmaker[Session],
) -> None:
    seller_id = int(owner["seller_id"])
    _add_orders(session_factory, seller_id, range(120))
    paid = _newest_first(session_factory, seller_id, status=OrderStatus.PAID)
    assert len(paid) == 40
    pages = _walk(app_client, auth_headers, status="paid", limit=15)
    assert [len(p) for p in pages] == [15, 15, 10]
    assert [i for page in pages for i in page] == paid


def test_the_deprecated_offset_still_pages_and_hands_over_a_cursor(
    app_client: TestClient,
    owner: dict[str, Any],
    auth_headers: dict[str, str],
    session_factory: sessionmaker[Session],
) -> None:
    seller_id = int(owner["seller_id"])
    _add_orders(session_factory, seller_id, range(30))
    expected = _newest_first(session_factory, seller_id)
    second = app_client.get(URL, params={"limit": 10, "offset": 10}, headers=auth_headers).json()
    assert [o["id"] for o in second["orders"]] == expected[10:20]
    third = app_client.get(
        URL, params={"limit": 10, "cursor": second["next_cursor"]}, headers=auth_headers
    )
    assert [o["id"] for o in third.json()["orders"]] == expected[20:]
    assert third.json()["next_cursor"] is None
    schema = app_client.get("/api/v1/openapi.json").json()["paths"][URL]["get"]
    offset = next(p for p in schema["parameters"] if p["name"] == "offset")
    assert offset.get("deprecated") is True


@pytest.mark.parametrize(
    "cursor",
    ["not-a-cursor", "12.", ".5", "1.2.3", "9999999999999999999.1", "1.9999999999999999999", "1;2"],
)
def test_a_malformed_cursor_is_refused_with_422(
    app_client: TestClient,
    owner: dict[str, Any],
    auth_headers: dict[str, str],
    session_factory: sessionmaker[Session],
    cursor: str,
) -> None:
    _add_orders(session_factory, int(owner["seller_id"]), range(3))
    response = app_client.get(URL, params={"cursor": cursor}, headers=auth_headers)
    assert response.status_code == 422
    assert response.json() == {
        "detail": "This page link is not valid; start again from the first page."
    }


def test_a_cursor_with_an_offset_is_refused(
    app_client: TestClient, owner: dict[str, Any], auth_headers: dict[str, str]
) -> None:
    response = app_client.get(URL, params={"cursor": "1.1", "offset": 5}, headers=auth_headers)
    assert response.status_code == 422
    assert response.json() == {"detail": "Page with either a cursor or an offset, not both."}


def test_another_stores_orders_never_appear(
    app_client: TestClient,
    owner: dict[str, Any],
    auth_headers: dict[str, str],
    session_factory: sessionmaker[Session],
) -> None:
    mine = _add_orders(session_factory, int(owner["seller_id"]), range(0, 60, 2))
    rival = other_store(session_factory)
    theirs = _add_orders(session_factory, int(rival["seller_id"]), range(1, 61, 2))
    seen = {i for page in _walk(app_client, auth_headers, limit=7) for i in page}
    assert seen == set(mine)
    # A cursor taken from the other store's list leads to no order of theirs either.
    headers = login_headers(app_client, str(rival["email"]))
    their_pages = _walk(app_client, headers, limit=7)
    assert {i for page in their_pages for i in page} == set(theirs)
    first = app_client.get(URL, params={"limit": 7}, headers=headers).json()
    crossed = app_client.get(URL, params={"cursor": first["next_cursor"]}, headers=auth_headers)
    assert set(o["id"] for o in crossed.json()["orders"]) <= set(mine)
