"""Input that used to answer 500: NUL characters in text (PostgreSQL refuses them), digits
that are not ASCII ('²' passes str.isdigit()), ids past what the database holds, and prices
so large that turning them into integers ran for seconds."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crosslive.errors import InvalidInput
from crosslive.ids import MAX_ID, id_from_text, is_whole_number
from crosslive.money import parse_amount
from crosslive.shows.models import Show
from tests.factories import page_login


def test_text_with_a_nul_character_is_refused_on_every_database(
    app_client: TestClient, auth_headers: dict[str, str], db: Session
) -> None:
    body = {"title": "Spring\x00drop", "scheduled_at": "2030-01-01T10:00:00Z"}
    response = app_client.post("/api/v1/shows", json=body, headers=auth_headers)
    assert response.status_code == 422
    assert response.json() == {"detail": "text cannot contain NUL characters (\\x00)"}
    assert db.scalar(select(func.count(Show.id))) == 0


@pytest.mark.parametrize("text", ["²", "٣", "-1", "0", "1.5", "", str(MAX_ID + 1)])
def test_only_ascii_digits_within_range_are_ids(text: str) -> None:
    assert id_from_text(text) is None


def test_whole_numbers_are_ascii_digits() -> None:
    assert (is_whole_number("42"), is_whole_number("²"), is_whole_number("٣")) == (
        True,
        False,
        False,
    )
    assert id_from_text(str(MAX_ID)) == MAX_ID


@pytest.mark.parametrize("text", ["1e1000000", "1e999990", "20000000.01", "9" * 41])
def test_absurd_prices_are_refused_at_once(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_amount(text, "USD")
    # The largest price: what a price's INTEGER column holds on every database.
    assert parse_amount("20000000", "USD") == 2_000_000_000


def test_a_show_reference_in_superscript_digits_is_not_found_not_a_crash(
    app_client: TestClient, auth_headers: dict[str, str]
) -> None:
    assert app_client.get("/api/v1/shows/²", headers=auth_headers).status_code == 404


def test_admin_forms_refuse_superscript_numbers_with_the_reason(
    app_client: TestClient, owner: dict[str, str | int]
) -> None:
    csrf = page_login(app_client, str(owner["email"]))
    show = app_client.post(
        "/admin/shows/new",
        data={
            "csrf_token": csrf,
            "title": "Spring",
            "scheduled_at": "2030-01-01T10:00",
            "lead_host_id": "²",
        },
    )
    assert show.status_code == 422
    assert "lead_host_id must be an id" in show.text
