"""The host console API: who may do what, in which store, and what viewers receive."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.catalog.models import Variant
from crosslive.db import transaction
from crosslive.events.models import ShowEvent
from crosslive.live.models import ShowPin
from crosslive.orders.models import CartAdd, Order, OrderStatus
from crosslive.shows.models import Show, ShowState
from tests.chat.factories import Room, bearer, viewer_headers
from tests.factories import checkout_body, confirmed, login_form, page_login


def _pins(db: Session, room: Room) -> list[int]:
    rows = db.scalars(select(ShowPin.product_id).where(ShowPin.show_id == room.show_id))
    return sorted(rows)


def _events(db: Session) -> int:
    return db.scalar(select(func.count(ShowEvent.id))) or 0


def _receive_until(ws: Any, kind: str) -> dict[str, Any]:
    while True:
        event: dict[str, Any] = ws.receive_json()
        if event["kind"] == kind:
            return event


def test_host_pin_reaches_viewers_and_is_stored(
    app_client: TestClient, room: Room, db: Session
) -> None:
    host = bearer(app_client, room.host_email)
    with app_client.websocket_connect(f"/live/{room.slug}/ws") as ws:
        response = app_client.post(
            f"/api/v1/host/{room.slug}/pins", json={"product_id": room.product_id}, headers=host
        )
        assert response.status_code == 201, response.text
        event = _receive_until(ws, "pinned")
    assert event["data"] == {"product_id": room.product_id}
    assert _pins(db, room) == [room.product_id]


def test_a_pinned_product_cannot_be_pinned_twice(
    app_client: TestClient, room: Room, db: Session
) -> None:
    host = bearer(app_client, room.host_email)
    ids = [room.product_id, room.second_product_id]
    for product_id in ids:
        assert (
            app_client.post(
                f"/api/v1/host/{room.slug}/pins", json={"product_id": product_id}, headers=host
            ).status_code
            == 201
        )
    again = app_client.post(
        f"/api/v1/host/{room.slug}/pins", json={"product_id": room.product_id}, headers=host
    )
    assert again.status_code == 409
    assert again.json() == {"detail": "Linen Shirt is already pinned"}
    assert _pins(db, room) == sorted(ids)


def test_unpin_removes_the_card(app_client: TestClient, room: Room, db: Session) -> None:
    host = bearer(app_client, room.host_email)
    app_client.post(
        f"/api/v1/host/{room.slug}/pins", json={"product_id": room.product_id}, headers=host
    )
    response = app_client.delete(f"/api/v1/host/{room.slug}/pins/{room.product_id}", headers=host)
    assert response.status_code == 200
    assert response.json()["data"] == {"product_id": room.product_id}
    assert _pins(db, room) == []
    missing = app_client.delete(f"/api/v1/host/{room.slug}/pins/{room.product_id}", headers=host)
    assert missing.status_code == 404


def test_moderator_and_other_hosts_cannot_pin(
    app_client: TestClient, room: Room, db: Session
) -> None:
    for email in (room.moderator_email, room.other_host_email):
        response = app_client.post(
            f"/api/v1/host/{room.slug}/pins",
            json={"product_id": room.product_id},
            headers=bearer(app_client, email),
        )
        assert response.status_code == 403
        assert response.json() == {"detail": "only the show's hosts or the store owner can do this"}
    assert _pins(db, room) == []
    assert _events(db) == 0


def test_owner_may_host_any_show_of_the_store(
    app_client: TestClient, room: Room, api_token: str, db: Session
) -> None:
    response = app_client.post(
        f"/api/v1/host/{room.slug}/pins",
        json={"product_id": room.product_id},
        headers={"Authorization": f"Bearer {api_token}"},
    )
    assert response.status_code == 201
    assert _pins(db, room) == [room.product_id]


def test_another_store_cannot_reach_this_show(
    app_client: TestClient, room: Room, rival: dict[str, Any], db: Session
) -> None:
    headers = bearer(app_client, str(rival["email"]))
    pin = app_client.post(
        f"/api/v1/host/{room.slug}/pins", json={"product_id": room.product_id}, headers=headers
    )
    push = app_client.post(
        f"/api/v1/host/{room.slug}/credential-push",
        json={"credential_id": room.credentials["oeko"]},
        headers=headers,
    )
    counters = app_client.get(f"/api/v1/host/{room.slug}/counters", headers=headers)
    assert (pin.status_code, push.status_code, counters.status_code) == (404, 404, 404)
    assert pin.json() == {"detail": "no show 'spring-drop' in your store"}
    assert _pins(db, room) == [] and _events(db) == 0


def test_a_product_of_another_store_cannot_be_pinned(
    app_client: TestClient, room: Room, rival: dict[str, Any], db: Session
) -> None:
    response = app_client.post(
        f"/api/v1/host/{room.slug}/pins",
        json={"product_id": rival["product_id"]},
        headers=bearer(app_client, room.host_email),
    )
    assert response.status_code == 404
    assert _pins(db, room) == []


def test_cookie_callers_need_the_csrf_header(
    app_client: TestClient, room: Room, db: Session
) -> None:
    login = app_client.post(
        "/admin/login",
        data=login_form(app_client, room.host_email, next="/admin"),
        follow_redirects=False,
    )
    assert login.status_code == 303
    refused = app_client.post(
        f"/api/v1/host/{room.slug}/pins", json={"product_id": room.product_id}
    )
    assert refused.status_code == 403
    assert _pins(db, room) == []
    page = app_client.get(f"/host/{room.slug}")
    token = page.text.split('name="csrf-token" content="')[1].split('"')[0]
    accepted = app_client.post(
        f"/api/v1/host/{room.slug}/pins",
        json={"product_id": room.product_id},
        headers={"X-CSRF-Token": token},
    )
    assert accepted.status_code == 201
    assert _pins(db, room) == [room.product_id]


def test_unauthenticated_calls_are_refused(app_client: TestClient, room: Room) -> None:
    response = app_client.post(
        f"/api/v1/host/{room.slug}/pins", json={"product_id": room.product_id}
    )
    assert response.status_code == 401


def test_credential_push_is_broadcast(app_client: TestClient, room: Room) -> None:
    host = bearer(app_client, room.host_email)
    with app_client.websocket_connect(f"/live/{room.slug}/ws") as ws:
        response = app_client.post(
            f"/api/v1/host/{room.slug}/credential-push",
            json={"credential_id": room.credentials["oeko"]},
            headers=host,
        )
        assert response.status_code == 201
        event = _receive_until(ws, "credential_pushed")
    assert event["data"] == {"credential_id": room.credentials["oeko"]}


def test_question_queue_and_the_host_answering(app_client: TestClient, room: Room) -> None:
    viewer = viewer_headers(app_client, room.slug, "Lea")
    asked = app_client.post(
        f"/api/v1/live/{room.slug}/messages",
        json={"body": "Does M fit 170 cm?", "question": True},
        headers=viewer,
    ).json()
    app_client.post(f"/api/v1/live/{room.slug}/messages", json={"body": "nice"}, headers=viewer)
    host = bearer(app_client, room.host_email)
    queue = app_client.get(f"/api/v1/host/{room.slug}/questions", headers=host).json()
    message_id = asked["data"]["message_id"]
    assert queue == [
        {"message_id": message_id, "name": "Lea", "body": "Does M fit 170 cm?", "answering": False}
    ]
    with app_client.websocket_connect(
        f"/live/{room.slug}/ws?last_event_id={asked['id'] + 1}"
    ) as ws:
        app_client.post(f"/api/v1/host/{room.slug}/questions/{message_id}/answering", headers=host)
        answering = _receive_until(ws, "answering")
        app_client.post(f"/api/v1/host/{room.slug}/questions/{message_id}/answered", headers=host)
        answered = _receive_until(ws, "answered")
    assert answering["data"] == {
        "message_id": message_id,
        "name": "Lea",
        "body": "Does M fit 170 cm?",
        "host": "Hana Host",
    }
    assert answered["data"] == {"message_id": message_id}
    assert app_client.get(f"/api/v1/host/{room.slug}/questions", headers=host).json() == []


def _order(show_id: int, seller_id: int, currency: str, total: int, **extra: Any) -> Order:
    return Order(
        public_id=f"order-{currency}-{total}-{extra.get('status', 'new')}",
        seller_id=seller_id,
        show_id=show_id,
        market_code="US",
        viewer_id="viewer-1",
        currency=currency,
        subtotal_minor=total,
        total_minor=total,
        email="mia@example.com",
        name="Mia",
        address_line1="1 Main St",
        city="Springfield",
        country="US",
        **extra,
    )


def test_counters_come_from_the_shows_carts_and_orders(
    app_client: TestClient, room: Room, session_factory: sessionmaker[Session]
) -> None:
    with transaction(session_factory) as db:
        variant_id = db.scalars(select(Variant.id).where(Variant.product_id == room.product_id))
        variant = variant_id.first()
        assert variant is not None
        db.add(CartAdd(show_id=room.show_id, variant_id=variant, quantity=1))
        db.add(CartAdd(show_id=room.show_id, variant_id=variant, quantity=2))
        db.add(_order(room.show_id, room.seller_id, "USD", 4900))
        db.add(_order(room.show_id, room.seller_id, "USD", 4901))
        db.add(_order(room.show_id, room.seller_id, "JPY", 7200))
        db.add(_order(room.show_id, room.seller_id, "JPY", 9999, status=OrderStatus.CANCELLED))
    response = app_client.get(
        f"/api/v1/host/{room.slug}/counters", headers=bearer(app_client, room.moderator_email)
    )
    # One shape with the orders API's counters, plus who is watching (and from which media
    # node: none listed with one node).
    assert response.json() == {
        "viewers": 0,
        "nodes": [],
        "add_to_carts": 2,
        "orders": 3,
        "revenue": [
            {"currency": "JPY", "amount_minor": 7200, "display": "¥7,200"},
            {"currency": "USD", "amount_minor": 9801, "display": "$98.01"},
        ],
    }


def test_staff_chat_is_marked_as_staff(app_client: TestClient, room: Room) -> None:
    response = app_client.post(
        f"/api/v1/host/{room.slug}/messages",
        json={"body": "Welcome!"},
        headers=bearer(app_client, room.host_email),
    )
    assert response.status_code == 201
    assert response.json()["data"] == {
        "message_id": response.json()["data"]["message_id"],
        "name": "Hana Host",
        "body": "Welcome!",
        "staff": True,
        "question": False,
    }


def test_only_the_owner_sets_the_embed_allow_list(
    app_client: TestClient, room: Room, api_token: str
) -> None:
    owner = {"Authorization": f"Bearer {api_token}"}
    host = bearer(app_client, room.host_email)
    refused = app_client.put(
        "/api/v1/embed-origins", json={"origins": ["https://x.test"]}, headers=host
    )
    assert refused.status_code == 403
    bad = app_client.put(
        "/api/v1/embed-origins", json={"origins": ["javascript:alert(1)"]}, headers=owner
    )
    assert bad.status_code == 422
    saved = app_client.put(
        "/api/v1/embed-origins",
        json={"origins": ["https://Shop.Example.com/", "https://shop.example.com"]},
        headers=owner,
    )
    assert saved.json() == {"origins": ["https://shop.example.com"]}
    assert app_client.get("/api/v1/embed-origins", headers=host).json() == saved.json()


def test_going_live_and_ending_is_announced_to_viewers(
    app_client: TestClient, room: Room, db: Session
) -> None:
    host = bearer(app_client, room.host_email)
    with app_client.websocket_connect(f"/live/{room.slug}/ws") as ws:
        live = app_client.post(f"/api/v1/host/{room.slug}/go-live", headers=host)
        assert live.status_code == 200, live.text
        assert _receive_until(ws, "show_state")["data"] == {"state": "live"}
        ended = app_client.post(f"/api/v1/host/{room.slug}/end", headers=host)
        assert _receive_until(ws, "show_state")["data"] == {"state": "ended"}
    assert ended.status_code == 200
    again = app_client.post(f"/api/v1/host/{room.slug}/go-live", headers=host)
    assert again.status_code == 409
    assert again.json() == {"detail": "the show has ended; schedule a new show to go live again"}
    show = db.get(Show, room.show_id)
    assert show is not None and show.state == ShowState.ENDED


def test_moderator_cannot_take_the_show_live(
    app_client: TestClient, room: Room, db: Session
) -> None:
    response = app_client.post(
        f"/api/v1/host/{room.slug}/go-live", headers=bearer(app_client, room.moderator_email)
    )
    assert response.status_code == 403
    show = db.get(Show, room.show_id)
    assert show is not None and show.state == ShowState.SCHEDULED


def test_sales_tell_the_console_to_refresh_its_counters_without_saying_the_figures(
    app_client: TestClient, room: Room
) -> None:
    host = bearer(app_client, room.host_email)
    pin = {"product_id": room.product_id}
    app_client.post(f"/api/v1/host/{room.slug}/pins", json=pin, headers=host)
    card = app_client.get(f"/live/{room.slug}/cards/{room.product_id}?country=US").text
    variant_id = int(card.split('<option value="')[1].split('"')[0])
    with app_client.websocket_connect(f"/live/{room.slug}/ws") as ws:
        _receive_until(ws, "pinned")
        added = app_client.post(
            f"/api/v1/shows/{room.slug}/cart/items",
            json={"market": "US", "variant_id": variant_id, "quantity": 1},
        )
        assert added.status_code == 200
        changed = _receive_until(ws, "counters_changed")
        assert (changed["id"], changed["data"]) == (None, {})  # the event log is public
        placed = app_client.post(
            f"/api/v1/shows/{room.slug}/checkout",
            json=confirmed(app_client, f"/api/v1/shows/{room.slug}/checkout", checkout_body()),
            headers={"Idempotency-Key": "counters-0001"},
        )
        assert placed.status_code == 201
        assert _receive_until(ws, "counters_changed")["data"] == {}
    counters = app_client.get(f"/api/v1/host/{room.slug}/counters", headers=host).json()
    assert (counters["add_to_carts"], counters["orders"]) == (1, 1)
    assert [r["display"] for r in counters["revenue"]] == ["$49.00"]
    # The console's first render shows the same figures, written for people.
    page_login(app_client, room.host_email)
    console = app_client.get(f"/host/{room.slug}").text
    assert '<span class="counter-value" data-counter="revenue">$49.00</span>' in console
