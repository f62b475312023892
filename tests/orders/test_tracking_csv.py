"""A seller's CSV of tracking events: applied in one transaction, or, when any row is bad,
nothing at all, with every bad row named by its line (API and admin page)."""

from __future__ import annotations

from datetime import timedelta, timezone

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from crosslive.db import utcnow
from crosslive.orders.models import OrderStatus
from tests.factories import Shop, page_login
from tests.orders.lifecycle_helpers import fresh, paid_order, shipped_order, subjects

URL = "/api/v1/orders/tracking-events"


def _upload(client: TestClient, text: str, headers: dict[str, str]):  # type: ignore[no-untyped-def]
    files = {"file": ("events.csv", text.encode(), "text/csv")}
    return client.post(URL, files=files, headers=headers)


def test_a_good_file_ships_and_delivers_and_a_second_upload_changes_nothing(
    app_client: TestClient,
    other_viewer: TestClient,
    shop: Shop,
    auth_headers: dict[str, str],
    db: Session,
) -> None:
    a = paid_order(app_client, other_viewer, db, shop.shirt_m, "csv-0001", auth_headers)
    b = shipped_order(app_client, other_viewer, db, shop.shirt_m, "csv-0002", auth_headers)
    reference = fresh(db, a).payments[0].reference
    paid_at = fresh(db, a).paid_at
    assert paid_at is not None
    shipped = (paid_at + timedelta(seconds=1)).astimezone(timezone(timedelta(hours=1)))
    delivered = (paid_at + timedelta(seconds=2)).replace(microsecond=0)
    text = (
        "Order,Tracking_Number,Carrier,Status,Timestamp\n"
        f"{reference},JD014600,DHL,shipped,{shipped.isoformat()}\n"
        f",JD014600,,delivered,{delivered.strftime('%Y-%m-%d %H:%M:%S')}\n"
        f"#{b},,,delivered,{fresh(db, b).shipped_at.isoformat()}\n"
    )
    done = _upload(app_client, text, auth_headers)
    assert done.status_code == 200, done.text
    assert done.json() == {"rows": 3, "changed": 3, "unchanged": 0}
    first = fresh(db, a)
    assert (first.status, first.carrier, first.tracking_number) == (
        OrderStatus.DELIVERED,
        "DHL",
        "JD014600",
    )
    assert first.delivered_at == delivered  # no offset: UTC
    assert first.shipped_at == shipped
    assert fresh(db, b).status is OrderStatus.DELIVERED
    emails = len(subjects(db))
    again = _upload(app_client, text, auth_headers)
    assert again.json() == {"rows": 3, "changed": 0, "unchanged": 3}
    assert len(subjects(db)) == emails


def test_a_file_with_bad_rows_names_each_line_and_applies_nothing(
    app_client: TestClient,
    other_viewer: TestClient,
    shop: Shop,
    auth_headers: dict[str, str],
    owner: dict[str, str | int],
    db: Session,
) -> None:
    a = paid_order(app_client, other_viewer, db, shop.shirt_m, "csv-0003", auth_headers)
    emails = len(subjects(db))
    at = utcnow().isoformat()
    good = f"{a},T-1,UPS,shipped,{at}\n"
    text = (
        "order,tracking_number,carrier,status,timestamp\n"
        + good
        + (
            f"{a},,,returned,{at}\n"
            f"99999,T-9,UPS,shipped,{at}\n"
            f"{a},,,delivered,yesterday\n"
            f"{a},T-2,UPS,shipped,{at}\n"
        )
    )
    response = _upload(app_client, text, auth_headers)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"line": 3, "message": "status 'returned': write shipped or delivered"},
        {"line": 5, "message": "timestamp 'yesterday' is not ISO 8601 (2026-03-05T14:30+01:00)"},
    ]
    # Rows that parse but cannot apply are named too, and the good row is undone.
    text = (
        "order,tracking_number,carrier,status,timestamp\n"
        + good
        + (f"99999,T-9,UPS,shipped,{at}\n{a},T-2,UPS,shipped,{at}\n")
    )
    response = _upload(app_client, text, auth_headers)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"line": 3, "message": "no order 99999"},
        {"line": 4, "message": f"order {a} was already shipped with UPS T-1"},
    ]
    assert fresh(db, a).status is OrderStatus.PAID and fresh(db, a).tracking_number == ""
    assert len(subjects(db)) == emails
    assert _upload(app_client, "a,b\n1,2\n", auth_headers).json()["errors"][0]["line"] == 1

    csrf = page_login(app_client, str(owner["email"]))
    page = app_client.post(
        "/admin/orders/tracking",
        data={"csrf_token": csrf},
        files={"file": ("e.csv", text.encode(), "text/csv")},
    )
    assert page.status_code == 422
    assert "<td>3</td><td>no order 99999</td>" in page.text
    assert fresh(db, a).status is OrderStatus.PAID
