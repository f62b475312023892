"""Steps the video call tests share."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.factories import Shop


def ask(client: TestClient, shop: Shop, **body: Any) -> Any:
    payload = {"email": "ana@example.com", "market": "US", "language": "de", **body}
    return client.post(f"/api/v1/live/{shop.show_slug}/consultations", json=payload)


def asked(client: TestClient, shop: Shop, **body: Any) -> int:
    response = ask(client, shop, **body)
    assert response.status_code == 201, response.text
    consultation_id: int = response.json()["consultation_id"]
    return consultation_id


def status(client: TestClient, consultation_id: int) -> dict[str, Any]:
    response = client.get(f"/api/v1/live/consultations/{consultation_id}")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def cart(client: TestClient, shop: Shop) -> list[tuple[int, int]]:
    response = client.get(f"/api/v1/shows/{shop.show_slug}/cart", params={"market": "US"})
    assert response.status_code == 200, response.text
    return [(line["variant_id"], line["quantity"]) for line in response.json()["items"]]
