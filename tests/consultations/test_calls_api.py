"""A viewer asks for a video call, one host takes it, sends products into the viewer's cart,
and either side hangs up; nobody else can take, join or fill someone's call."""

from __future__ import annotations

import threading

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.consultations.models import Consultation, ConsultationCard
from crosslive.db import transaction
from crosslive.orders.models import CartItem
from tests.consultations.helpers import ask, asked, cart, status
from tests.factories import Shop

H = "/api/v1/host/consultations"


def test_a_host_takes_the_call_and_a_product_card_lands_in_the_viewers_cart(
    app_client: TestClient, shop: Shop, hosts: dict[str, dict[str, str]]
) -> None:
    consultation_id = asked(app_client, shop, note="Does the shirt run small?")
    assert status(app_client, consultation_id)["state"] == "waiting"
    listed = app_client.get(H, headers=hosts["hana"]).json()
    assert [(r["consultation_id"], r["state"], r["language"], r["market"]) for r in listed] == [
        (consultation_id, "waiting", "de", "US")
    ]
    assert listed[0]["note"] == "Does the shirt run small?"
    assert "ana@example.com" not in str(listed)  # the address is for the inbox only

    taken = app_client.post(f"{H}/{consultation_id}/accept", headers=hosts["hana"])
    assert taken.status_code == 200, taken.text
    assert taken.json()["token"].startswith("call_")
    seen = status(app_client, consultation_id)
    assert (seen["state"], seen["host"]) == ("accepted", "Hana")
    joined = app_client.post(f"/api/v1/live/consultations/{consultation_id}/join")
    assert joined.status_code == 200, joined.text
    assert joined.json()["publish_url"] == f"/api/v1/calls/{consultation_id}/publish"

    body = {"variant_id": shop.shirt_m}
    sent = app_client.post(f"{H}/{consultation_id}/cards", json=body, headers=hosts["hana"])
    assert sent.status_code == 200, sent.text
    assert sent.json() == {
        "card": {
            "variant_id": shop.shirt_m,
            "product_id": sent.json()["card"]["product_id"],
            "title": "Linen Shirt",
            "variant": "M",
        },
        "sent": True,
    }
    again = app_client.post(f"{H}/{consultation_id}/cards", json=body, headers=hosts["hana"])
    assert again.json()["sent"] is False  # a double click adds nothing
    assert cart(app_client, shop) == [(shop.shirt_m, 1)]
    assert [c["title"] for c in status(app_client, consultation_id)["cards"]] == ["Linen Shirt"]

    hung = app_client.post(f"/api/v1/live/consultations/{consultation_id}/hangup")
    assert hung.status_code == 204
    seen = status(app_client, consultation_id)
    assert (seen["state"], seen["end_reason"]) == ("ended", "viewer_hung_up")
    late = app_client.post(
        f"{H}/{consultation_id}/cards", json={"variant_id": shop.lamp}, headers=hosts["hana"]
    )
    assert late.status_code == 409
    assert cart(app_client, shop) == [(shop.shirt_m, 1)]
    # The call is over: the viewer may ask again.
    assert ask(app_client, shop).status_code == 201


def test_of_two_hosts_taking_one_request_at_once_exactly_one_gets_it(
    app_client: TestClient,
    shop: Shop,
    hosts: dict[str, dict[str, str]],
    session_factory: sessionmaker[Session],
) -> None:
    consultation_id = asked(app_client, shop)
    barrier = threading.Barrier(2)
    codes: dict[str, int] = {}

    def take(name: str) -> None:
        client = TestClient(app_client.app)
        barrier.wait()
        codes[name] = client.post(f"{H}/{consultation_id}/accept", headers=hosts[name]).status_code

    threads = [threading.Thread(target=take, args=(n,)) for n in ("hana", "hugo")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(codes.values()) == [200, 409]
    winner = next(name for name, code in codes.items() if code == 200)
    assert status(app_client, consultation_id)["host"] == winner.title()
    loser = "hugo" if winner == "hana" else "hana"
    # The other host can neither join, send products nor hang up the call.
    assert app_client.post(f"{H}/{consultation_id}/join", headers=hosts[loser]).status_code == 403
    body = {"variant_id": shop.shirt_m}
    refused = app_client.post(f"{H}/{consultation_id}/cards", json=body, headers=hosts[loser])
    assert refused.status_code == 403
    hang = app_client.post(f"{H}/{consultation_id}/hangup", headers=hosts[loser])
    assert hang.status_code == 403
    assert status(app_client, consultation_id)["state"] == "accepted"
    with transaction(session_factory) as db:
        assert db.scalar(select(func.count()).select_from(CartItem)) == 0


def test_only_the_stores_hosts_take_calls_and_only_its_products_go_in(
    app_client: TestClient,
    other_viewer: TestClient,
    shop: Shop,
    hosts: dict[str, dict[str, str]],
    other_headers: dict[str, str],
    session_factory: sessionmaker[Session],
) -> None:
    consultation_id = asked(app_client, shop)
    assert app_client.get(H, headers=other_headers).json() == []
    assert (
        app_client.post(f"{H}/{consultation_id}/accept", headers=other_headers).status_code == 404
    )
    assert app_client.post(f"{H}/{consultation_id}/accept", headers=hosts["moe"]).status_code == 403
    assert app_client.post(f"{H}/{consultation_id}/accept").status_code == 401
    # Another viewer cannot read, join or hang up someone else's request.
    assert ask(other_viewer, shop).status_code == 201
    assert other_viewer.get(f"/api/v1/live/consultations/{consultation_id}").status_code == 404
    path = f"/api/v1/live/consultations/{consultation_id}"
    assert other_viewer.post(f"{path}/hangup").status_code == 404
    assert status(app_client, consultation_id)["state"] == "waiting"

    assert (
        app_client.post(f"{H}/{consultation_id}/accept", headers=hosts["owner"]).status_code == 200
    )
    for variant in (shop.hidden, 999_999):  # not in the show / no such product here
        body = {"variant_id": variant}
        sent = app_client.post(f"{H}/{consultation_id}/cards", json=body, headers=hosts["owner"])
        assert sent.status_code == 404, sent.text
    assert cart(app_client, shop) == []
    with transaction(session_factory) as db:
        assert db.scalar(select(func.count()).select_from(ConsultationCard)) == 0


def test_a_viewer_has_one_open_request_and_asks_a_few_times_at_most(
    app_client: TestClient, shop: Shop, session_factory: sessionmaker[Session]
) -> None:
    first = asked(app_client, shop)
    assert ask(app_client, shop).status_code == 409  # one open request (an attempt counts)
    app_client.post(f"/api/v1/live/consultations/{first}/hangup")
    second = asked(app_client, shop)
    app_client.post(f"/api/v1/live/consultations/{second}/hangup")
    assert ask(app_client, shop).status_code == 429  # 3 asks per viewer in 10 minutes
    with transaction(session_factory) as db:
        assert db.scalar(select(func.count()).select_from(Consultation)) == 2


def test_bad_requests_are_refused_and_nothing_is_kept(
    app_client: TestClient,
    shop: Shop,
    rival_product: int,
    session_factory: sessionmaker[Session],
) -> None:
    for body, code in (
        ({"email": "not an address"}, 422),
        ({"email": "<script>@x.io"}, 422),
        ({"market": "ZZ"}, 422),
        ({"product_id": rival_product}, 404),
        ({"note": "x" * 501}, 422),
    ):
        response = ask(app_client, shop, **body)
        assert response.status_code == code, (body, response.text)
    assert ask(app_client, shop, email="").status_code == 201  # the address is optional
    with transaction(session_factory) as db:
        assert db.scalar(select(func.count()).select_from(Consultation)) == 1


def test_a_call_id_past_the_database_s_range_is_refused_not_a_crash(
    app_client: TestClient,
) -> None:
    # Found by the API fuzz test: an id past 2**63 reached SQLite and answered 500.
    huge = 2**63
    for method, path in (
        ("POST", f"/api/v1/calls/{huge}/publish"),
        ("POST", f"/api/v1/calls/{huge}/watch"),
        ("PATCH", f"/api/v1/calls/{huge}/watch/r1"),
        ("POST", f"/api/v1/calls/{huge}/ping"),
        ("POST", f"/api/v1/calls/{huge}/leave"),
    ):
        response = app_client.request(method, path, headers={"Authorization": "Bearer call_x"})
        assert response.status_code == 422, (method, path, response.text)
