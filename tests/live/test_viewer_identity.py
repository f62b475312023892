"""One viewer identity from the first page to the order: the token the live room hands out
is the one chat, questions, size advice, the cart and the order carry (the media session
carries it too: tests/media/test_media_api.py)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.chat.models import ChatMessage
from crosslive.fit.models import AdviceGiven
from crosslive.orders.models import Order
from crosslive.viewers import VIEWER_HEADER, read
from tests.chat.factories import Room, bearer
from tests.factories import checkout_body, confirmed

SECRET = "test-secret"


def _page_token(client: TestClient, room: Room) -> str:
    page = client.get(f"/live/{room.slug}")
    found = re.search(r'<meta name="crosslive-viewer" content="([^"]+)">', page.text)
    assert found is not None
    return found.group(1)


def test_the_page_token_follows_the_viewer_through_chat_advice_cart_and_order(
    app_client: TestClient, room: Room, db: Session
) -> None:
    token = _page_token(app_client, room)
    viewer_id = read(SECRET, token).id
    app_client.headers[VIEWER_HEADER] = token
    host = bearer(app_client, room.host_email)
    pin = {"product_id": room.product_id}
    app_client.post(f"/api/v1/host/{room.slug}/pins", json=pin, headers=host)

    joined = app_client.post(f"/api/v1/live/{room.slug}/viewers", json={"name": "Kim"})
    assert joined.status_code == 201
    named = joined.json()["token"]
    assert read(SECRET, named).id == viewer_id and read(SECRET, named).name == "Kim"
    app_client.headers[VIEWER_HEADER] = named
    asked = app_client.post(
        f"/api/v1/live/{room.slug}/messages", json={"body": "Is M roomy?", "question": True}
    )
    assert asked.status_code == 201
    advice = app_client.post(
        "/api/v1/fit/advice",
        json={
            "product_id": room.product_id,
            "height_cm": 170,
            "weight_kg": 60,
            "usual_system": "US",
            "usual_size": "6",
        },
    )
    assert advice.status_code == 200, advice.text
    cart = app_client.get(f"/api/v1/shows/{room.slug}/cart?market=US")
    assert VIEWER_HEADER not in cart.headers  # a valid token is kept, not replaced
    products = app_client.get(f"/live/{room.slug}/cards/{room.product_id}?country=US").text
    variant_id = int(re.findall(r'<option value="(\d+)"', products)[0])
    added = app_client.post(
        f"/api/v1/shows/{room.slug}/cart/items",
        json={"market": "US", "variant_id": variant_id, "quantity": 1},
    )
    assert added.status_code == 200, added.text
    placed = app_client.post(
        f"/api/v1/shows/{room.slug}/checkout",
        json=confirmed(app_client, f"/api/v1/shows/{room.slug}/checkout", checkout_body()),
        headers={"Idempotency-Key": "journey-0001"},
    )
    assert placed.status_code == 201, placed.text

    message = db.scalar(select(ChatMessage).where(ChatMessage.is_question.is_(True)))
    given = db.scalar(select(AdviceGiven))
    order = db.scalar(select(Order))
    assert message is not None and given is not None and order is not None
    assert {message.viewer_id, given.viewer_id, order.viewer_id} == {viewer_id}
    assert (given.product_id, given.size) == (room.product_id, advice.json()["size"])


def test_chat_needs_a_name_a_rejoin_keeps_the_identity_and_a_muted_one_stays_out(
    app_client: TestClient, room: Room
) -> None:
    token = _page_token(app_client, room)
    app_client.headers[VIEWER_HEADER] = token
    nameless = app_client.post(f"/api/v1/live/{room.slug}/messages", json={"body": "hi"})
    assert nameless.status_code == 401
    assert nameless.json() == {"detail": "choose a display name to chat"}
    first = app_client.post(f"/api/v1/live/{room.slug}/viewers", json={"name": "Pat"})
    # Choosing another name from the same page keeps the identity.
    renamed = app_client.post(f"/api/v1/live/{room.slug}/viewers", json={"name": "Pat 2"})
    assert read(SECRET, first.json()["token"]).id == read(SECRET, token).id
    assert read(SECRET, renamed.json()["token"]).id == read(SECRET, token).id
    app_client.headers[VIEWER_HEADER] = renamed.json()["token"]
    sent = app_client.post(f"/api/v1/live/{room.slug}/messages", json={"body": "spam"}).json()
    moderator = bearer(app_client, room.moderator_email)
    muted = app_client.post(
        f"/api/v1/host/{room.slug}/messages/{sent['data']['message_id']}/mute", headers=moderator
    )
    assert muted.status_code == 200
    # The muted identity can neither write nor join again under a new name.
    refused = app_client.post(f"/api/v1/live/{room.slug}/messages", json={"body": "spam"})
    assert refused.status_code == 403
    again = app_client.post(f"/api/v1/live/{room.slug}/viewers", json={"name": "Pat 3"})
    assert again.status_code == 403
    assert again.json() == {"detail": "a moderator muted you in this show"}


def test_a_forged_token_is_refused_for_chat(app_client: TestClient, room: Room) -> None:
    token = _page_token(app_client, room)
    body, _, signature = token.rpartition(".")
    forged = f"{body}.{'0' * len(signature)}"
    response = app_client.post(
        f"/api/v1/live/{room.slug}/messages", json={"body": "hi"}, headers={VIEWER_HEADER: forged}
    )
    assert response.status_code == 401
    assert response.json() == {"detail": "the viewer token is not valid; reload the page"}
