"""Addresses read in the destination country's order: the city line(s) of the order page,
the confirmation email, the admin's order page and the packing slip."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.mail.models import OutboxEmail
from crosslive.orders.address_format import locality_lines
from tests.factories import Shop, page_login
from tests.orders.lifecycle_helpers import order_id, place_order


def _lines(country: str, city: str, region: str, postal_code: str) -> list[str]:
    address = SimpleNamespace(city=city, region=region, postal_code=postal_code, country=country)
    return locality_lines(address)


@pytest.mark.parametrize(
    ("country", "city", "region", "postal_code", "expected"),
    [
        ("US", "Austin", "TX", "78701", ["Austin, TX 78701"]),
        ("us", "Austin", "", "78701", ["Austin, 78701"]),
        ("DE", "Berlin", "", "10115", ["10115 Berlin"]),
        ("ES", "Madrid", "M", "28001", ["28001 Madrid M"]),
        # Japan: the local format puts the postal code first, then the prefecture, then the
        # city (part of the street lines there); in Latin letters, the Latin format.
        ("JP", "渋谷区", "東京都", "150-0001", ["〒150-0001", "東京都", "渋谷区"]),
        ("JP", "Shibuya-ku", "Tokyo", "150-0001", ["Shibuya-ku, Tokyo", "150-0001"]),
        # Brazil (Correios): city and state on one line, the CEP on the next.
        ("BR", "São Paulo", "SP", "01310-100", ["São Paulo-SP", "01310-100"]),
        ("CN", "青岛市", "山东省", "266033", ["266033", "山东省青岛市"]),
        ("CN", "Qingdao", "Shandong", "266033", ["Qingdao", "Shandong, 266033"]),
        ("KR", "마포구", "서울특별시", "04040", ["서울특별시 마포구", "04040"]),
        ("KR", "Mapo-gu", "Seoul", "04040", ["Mapo-gu", "Seoul", "04040"]),
        ("AE", "Dubai", "Dubai", "", ["Dubai", "Dubai"]),  # no postal code there
        ("PL", "Warszawa", "", "00-950", ["00-950 Warszawa"]),
        ("GB", "Leeds", "", "LS1 4AP", ["Leeds", "LS1 4AP"]),
        ("CA", "Toronto", "ON", "M5V 2T6", ["Toronto ON M5V 2T6"]),
        ("AU", "Sydney", "NSW", "2000", ["Sydney NSW 2000"]),
        ("HK", "Kowloon", "", "", ["Kowloon"]),  # no postal code there
    ],
)
def test_the_city_line_in_the_destination_countrys_order(
    country: str, city: str, region: str, postal_code: str, expected: list[str]
) -> None:
    assert _lines(country, city, region, postal_code) == expected


def _pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_a_us_order_reads_city_state_zip_everywhere(
    app_client: TestClient,
    other_viewer: TestClient,
    shop: Shop,
    owner: dict[str, str | int],
    auth_headers: dict[str, str],
    db: Session,
) -> None:
    # The factory's address: 1 Main St, Springfield, IL 62701, US.
    placed = place_order(other_viewer, shop.shirt_m, "address-0001")
    oid = order_id(db, placed["public_id"])
    page = other_viewer.get(placed["url"].removeprefix("http://127.0.0.1:8000"))
    assert page.status_code == 200
    assert "Springfield, IL 62701<br>" in page.text
    assert "62701 Springfield" not in page.text

    email = db.scalar(select(OutboxEmail))
    assert email is not None
    assert "1 Main St\nSpringfield, IL 62701\n" in email.text_body
    assert "Springfield, IL 62701<br>" in (email.html_body or "")

    page_login(app_client, str(owner["email"]))
    admin = app_client.get(f"/admin/orders/{oid}")
    assert "Springfield, IL 62701<br>" in admin.text

    slip = app_client.get(f"/api/v1/orders/{oid}/packing-slip.pdf", headers=auth_headers)
    assert slip.status_code == 200
    text = _pdf_text(slip.content)
    assert "1 Main St Springfield, IL 62701 US" in text
    assert "62701 Springfield" not in text
