"""The buyer's returns under the signed order link: the outcome shown before confirming, the
confirmation (fit feedback, email, event), photos, and each bad request refused with nothing
changed."""

from __future__ import annotations

import io
import time
from datetime import timedelta

import itsdangerous.timed
import pytest
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.catalog.models import Variant
from crosslive.db import utcnow
from crosslive.events.models import ShowEvent
from crosslive.fit.models import FitFeedback, FitSource, FitVerdict
from crosslive.mail.models import OutboxEmail
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import Order
from crosslive.returns.models import ReturnRequest, ReturnStatus
from crosslive.settings import Settings
from tests.factories import Shop
from tests.returns.return_helpers import count, delivered_order, returns_url, set_us_market, token


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, "PNG")
    return out.getvalue()


def test_a_defect_return_shows_instructions_then_confirms_once(
    app_client: TestClient,
    shop: Shop,
    links: OrderLinks,
    session_factory: sessionmaker[Session],
    db: Session,
) -> None:
    set_us_market(session_factory)
    order = delivered_order(session_factory, shop, shop.lamp)
    url = returns_url(links, order.public_id)
    body = {"line_id": order.line_id, "quantity": 1, "reason": "defect", "note": "<b>dead</b>"}
    seen = app_client.post(url, json=body)
    assert seen.status_code == 200, seen.text
    out = seen.json()
    assert (out["status"], out["outcome"], out["refund_minor"]) == (
        "started",
        "return_refund",
        4000,
    )
    assert out["instructions"] == {
        "warehouse": "Acme LA, Los Angeles, US",
        "seller_pays_label": True,
        "reference": out["reference"],
    }
    assert out["reference"].startswith("RET-") and count(db, OutboxEmail) == 0

    again = app_client.post(url, json={**body, "reason": "wrong_item"})  # a second look
    assert (again.json()["id"], again.json()["reason"]) == (out["id"], "wrong_item")

    confirmed = app_client.post(f"{url}/{out['id']}/confirm")
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["status"] == "requested"
    twice = app_client.post(f"{url}/{out['id']}/confirm")
    assert (twice.status_code, twice.json()["status"]) == (200, "requested")
    mails = db.scalars(select(OutboxEmail)).all()
    assert [m.subject for m in mails] == [
        f"Acme Outfitters: we received your return request {out['reference']}"
    ]
    assert f"Write {out['reference']} on the parcel." in mails[0].text_body
    assert "Ana &lt;b&gt;Buyer&lt;/b&gt;" in mails[0].html_body
    kinds = db.scalars(select(ShowEvent.kind).where(ShowEvent.show_id == shop.show_id)).all()
    assert kinds == ["return_requested"]
    assert count(db, FitFeedback) == 0  # not a size reason

    second = app_client.post(url, json=body)
    assert second.status_code == 409
    assert second.json() == {
        "detail": f"a return for this item was already asked for ({out['reference']})"
    }


def test_too_small_offers_the_advised_size_reserves_it_and_records_fit_feedback(
    app_client: TestClient,
    shop: Shop,
    links: OrderLinks,
    session_factory: sessionmaker[Session],
    db: Session,
) -> None:
    order = delivered_order(session_factory, shop, shop.shirt_m, advised="L")
    url = returns_url(links, order.public_id)
    seen = app_client.post(url, json={"line_id": order.line_id, "reason": "too_small"}).json()
    assert (seen["outcome"], seen["exchange_label"]) == ("exchange", "L")
    done = app_client.post(f"{url}/{seen['id']}/confirm")
    assert done.json()["status"] == "requested"
    db.expire_all()
    assert db.get(Variant, shop.shirt_l).stock == 0  # type: ignore[union-attr]
    row = db.scalars(select(FitFeedback)).one()
    assert (row.size, row.verdict, row.source, row.order_line_id) == (
        "M",
        FitVerdict.SMALL,
        FitSource.RETURN,
        order.line_id,
    )


def test_a_cheap_item_is_kept_and_refunded_without_a_parcel(
    app_client: TestClient,
    shop: Shop,
    links: OrderLinks,
    session_factory: sessionmaker[Session],
    db: Session,
) -> None:
    set_us_market(session_factory, keep_it_below_minor=3000)
    order = delivered_order(session_factory, shop, shop.shirt_m)
    url = returns_url(links, order.public_id)
    seen = app_client.post(url, json={"line_id": order.line_id, "reason": "too_small"}).json()
    assert (seen["outcome"], seen["instructions"]) == ("keep_it", None)
    done = app_client.post(f"{url}/{seen['id']}/confirm").json()
    assert done["status"] == "approved"  # nothing for the store to agree to
    mail = db.scalars(select(OutboxEmail)).one()
    assert "Please keep the item: no parcel to send. We refund you $25.00." in mail.text_body


def test_bad_requests_are_refused_and_change_nothing(
    monkeypatch: pytest.MonkeyPatch,
    app_client: TestClient,
    shop: Shop,
    settings: Settings,
    links: OrderLinks,
    session_factory: sessionmaker[Session],
    db: Session,
) -> None:
    mine = delivered_order(session_factory, shop, shop.shirt_m, quantity=2)
    theirs = delivered_order(session_factory, shop, shop.lamp, email="bo@example.com")
    url = returns_url(links, mine.public_id)
    body = {"line_id": mine.line_id, "reason": "defect", "quantity": 2}

    other_line = app_client.post(url, json={**body, "line_id": theirs.line_id})
    assert (other_line.status_code, other_line.json()) == (
        404,
        {"detail": "no such line on this order"},
    )
    tampered = app_client.post(url.replace("/returns", "x/returns"), json=body)
    assert tampered.status_code == 404
    with monkeypatch.context() as clock:
        long_ago = time.time() - (settings.order_link_days + 1) * 86400
        clock.setattr(itsdangerous.timed.time, "time", lambda: long_ago)
        stale = token(links, mine.public_id)
    expired = app_client.post(f"/api/v1/order-links/{stale}/returns", json=body)
    assert expired.status_code == 403 and "expired" in expired.json()["detail"]
    too_many = app_client.post(url, json={**body, "quantity": 3})
    assert (too_many.status_code, too_many.json()) == (
        422,
        {"detail": "you can return between 1 and 2 of this item"},
    )
    no_reason = app_client.post(url, json={**body, "reason": "bored"})
    assert no_reason.status_code == 422 and "too_small, too_large" in no_reason.json()["detail"]
    assert count(db, ReturnRequest) == 0

    started = app_client.post(url, json=body).json()
    not_image = app_client.post(
        f"{url}/{started['id']}/photos", files={"file": ("x.jpg", b"%PDF-1.4 nope", "image/jpeg")}
    )
    assert (not_image.status_code, not_image.json()) == (
        422,
        {"detail": "the file is not a JPEG, PNG or WebP image"},
    )
    assert not settings.media_dir.exists() or list(settings.media_dir.glob("*")) == []
    photo = app_client.post(
        f"{url}/{started['id']}/photos", files={"file": ("a.png", _png(), "image/png")}
    )
    assert photo.status_code == 201 and photo.json()["photos"][0].startswith("/media/")
    assert len(list(settings.media_dir.glob("*"))) == 1

    # Confirming after the window closed: refused, still a draft.
    with session_factory() as s, s.begin():
        order = s.get(Order, mine.order_id)
        assert order is not None
        order.returns_until = utcnow() - timedelta(days=1)
        day = order.returns_until.strftime("%Y-%m-%d")
    late = app_client.post(f"{url}/{started['id']}/confirm")
    assert (late.status_code, late.json()) == (
        409,
        {"detail": f"the return window for this order closed on {day}"},
    )
    db.expire_all()
    assert db.get(ReturnRequest, started["id"]).status is ReturnStatus.STARTED  # type: ignore[union-attr]
    assert count(db, OutboxEmail) == 0
