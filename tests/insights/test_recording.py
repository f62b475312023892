"""What the insights record: the live room's batched report of sheets opened and credentials
seen, the cart's and the checkout challenge's funnel steps, and each viewer session's
market, country, device and watch time."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.catalog.models import Product
from crosslive.db import transaction
from crosslive.events.models import ViewerAction
from crosslive.media import service
from crosslive.media.models import ViewerSession
from crosslive.trust.models import Credential, CredentialType
from tests.factories import add_product, make_shop, other_store

SHOW = "/api/v1/live/spring-drop/actions"


def _actions(db: Session) -> list[tuple[str, str, int, str, str, str]]:
    db.expire_all()
    rows = db.scalars(select(ViewerAction).order_by(ViewerAction.kind, ViewerAction.ref_id))
    return [(a.viewer_id[:0], a.kind, a.ref_id, a.detail, a.source, a.market_code) for a in rows]


def test_the_room_reports_sheets_and_credentials_once(
    app_client: TestClient,
    session_factory: sessionmaker[Session],
    owner: dict[str, str | int],
    db: Session,
) -> None:
    shop = make_shop(session_factory)
    other = other_store(session_factory)
    with transaction(session_factory) as s:
        shirt = s.scalar(select(Product.id).where(Product.handle == "acme-shirt"))
        foreign = add_product(s, int(other["seller_id"]), "globex-cap")
        credential = Credential(
            seller_id=shop.seller_id, type=CredentialType.REVIEWS, claim="4.8 of 5"
        )
        s.add(credential)
        s.flush()
        cred_id = credential.id
    body = {
        "market": "US",
        "actions": [
            {"kind": "sheet_opened", "ref": shirt},
            {"kind": "sheet_opened", "ref": foreign},  # another store's: ignored
            {"kind": "credential_seen", "ref": cred_id, "where": "panel"},
            {"kind": "credential_seen", "ref": 999999},  # no such credential: ignored
        ],
    }
    for _ in range(2):  # a repeat is kept once
        assert app_client.post(SHOW, json=body).status_code == 204
    assert _actions(db) == [
        ("", "credential_seen", cred_id, "reviews", "panel", "US"),
        ("", "sheet_opened", shirt, "", "", "US"),
    ]
    # A market the store does not have is not kept; a bad body changes nothing.
    app_client.post(SHOW, json={"market": "ZZ", "actions": [body["actions"][0]]})
    bad = app_client.post(SHOW, json={"actions": [{"kind": "ordered", "ref": 1}]})
    assert bad.status_code == 422
    too_many = app_client.post(SHOW, json={"actions": [body["actions"][0]] * 51})
    assert too_many.status_code == 422
    assert len(_actions(db)) == 2


def test_the_cart_and_the_checkout_challenge_record_their_step(
    app_client: TestClient,
    session_factory: sessionmaker[Session],
    owner: dict[str, str | int],
    db: Session,
) -> None:
    shop = make_shop(session_factory)
    cart = "/api/v1/shows/spring-drop/cart/items"
    for _ in range(2):
        added = app_client.post(
            cart, json={"market": "US", "variant_id": shop.shirt_m, "quantity": 1}
        )
        assert added.status_code == 200, added.text
    challenge = app_client.post(
        "/api/v1/shows/spring-drop/checkout/challenge", json={"market": "US"}
    )
    assert challenge.status_code == 200, challenge.text
    assert _actions(db) == [
        ("", "added_to_cart", 0, "", "", "US"),
        ("", "checkout_started", 0, "", "", "US"),
    ]


def test_a_session_keeps_its_market_country_device_and_watch_time(
    session_factory: sessionmaker[Session], owner: dict[str, str | int], db: Session
) -> None:
    shop = make_shop(session_factory)
    ref = service.ShowRef(show_id=shop.show_id, seller_id=shop.seller_id)
    audience = service.Audience("US", "CA", "phone")
    figures = service.SessionFigures(300, 1, 0.5, 1, 0, 0, 800.0, 4)
    with transaction(session_factory) as s:
        service.start_viewer_session(s, ref, "key-1", layer=1, viewer_id="kim", audience=audience)
    with transaction(session_factory) as s:
        row = s.scalars(select(ViewerSession)).one()
        row.started_at -= timedelta(seconds=42)
    with transaction(session_factory) as s:
        service.record_viewer_figures(s, "key-1", figures, end_reason="left")
    row = db.scalars(select(ViewerSession)).one()
    assert (row.market_code, row.country, row.device) == ("US", "CA", "phone")
    assert 42.0 <= row.watch_s < 60.0


def test_devices_from_the_user_agent() -> None:
    iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148 Safari/604.1"
    pixel = "Mozilla/5.0 (Linux; Android 14; Pixel 8) Chrome/120.0 Mobile Safari/537.36"
    tab = "Mozilla/5.0 (Linux; Android 13; SM-X710) Chrome/120.0 Safari/537.36"
    ipad = "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) Safari/604.1"
    mac = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Safari/605.1.15"
    devices = [service.device_of(ua) for ua in (iphone, pixel, tab, ipad, mac, "")]
    assert devices == ["phone", "phone", "tablet", "tablet", "desktop", ""]
