"""The buyer's return pages (form preselected from the query, outcome before confirming, the
order page's links and statuses) and the admin returns queue with its CSRF-checked actions."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.orders.links import OrderLinks
from crosslive.returns.models import ReturnRequest, ReturnStatus
from tests.factories import Shop, page_login
from tests.returns.return_helpers import asked, delivered_order, set_us_market, token


def test_the_buyer_starts_sees_and_confirms_a_return_from_the_order_page(
    app_client: TestClient,
    shop: Shop,
    links: OrderLinks,
    session_factory: sessionmaker[Session],
    db: Session,
) -> None:
    set_us_market(session_factory)
    order = delivered_order(session_factory, shop, shop.lamp)
    key = token(links, order.public_id)
    page = app_client.get(f"/orders/{key}")
    link = f'href="/orders/{key}/return?line={order.line_id}"'
    assert link in page.text and "Start a return" in page.text

    form = app_client.get(f"/orders/{key}/return?line={order.line_id}&reason=damaged_in_transit")
    assert form.status_code == 200
    assert f'<option value="{order.line_id}" selected>' in form.text
    assert '<option value="damaged_in_transit" selected>' in form.text

    not_image = app_client.post(
        f"/orders/{key}/return",
        data={"line": str(order.line_id), "quantity": "1", "reason": "damaged_in_transit"},
        files={"photos": ("a.jpg", b"not an image", "image/jpeg")},
    )
    assert not_image.status_code == 422
    assert "the file is not a JPEG, PNG or WebP image" in not_image.text
    assert db.scalar(select(func.count()).select_from(ReturnRequest)) == 0

    fields = {"line": str(order.line_id), "quantity": "1", "reason": "damaged_in_transit"}
    outcome = app_client.post(f"/orders/{key}/return", data={**fields, "note": "<b>crushed</b>"})
    assert outcome.status_code == 200, outcome.text
    assert 'data-outcome="return_refund"' in outcome.text
    assert "Acme LA, Los Angeles, US" in outcome.text and "We pay the return label." in outcome.text
    ret = db.scalars(select(ReturnRequest)).one()
    assert f'data-testid="return-reference">{ret.reference}<' in outcome.text

    done = app_client.post(f"/orders/{key}/return/{ret.id}/confirm", follow_redirects=False)
    assert (done.status_code, done.headers["location"]) == (303, f"/orders/{key}?return={ret.id}")
    after = app_client.get(f"/orders/{key}")
    assert f"Return {ret.reference}: requested" in after.text and link not in after.text


def test_the_admin_queue_shows_the_return_and_applies_actions_with_csrf(
    app_client: TestClient,
    shop: Shop,
    links: OrderLinks,
    owner: dict[str, str | int],
    session_factory: sessionmaker[Session],
    db: Session,
) -> None:
    order = delivered_order(session_factory, shop, shop.lamp)
    started = asked(app_client, links, order, "looks_different", note="<script>1</script>")

    csrf = page_login(app_client, str(owner["email"]))
    page = app_client.get("/admin/returns")
    assert page.status_code == 200 and 'href="/admin/returns" aria-current="page"' in page.text
    assert (
        f'data-return="{started["id"]}"' in page.text
        and "Looks different from the show" in page.text
    )
    assert "&lt;script&gt;1&lt;/script&gt;" in page.text and "<script>1</script>" not in page.text
    assert "Fit feedback so far:\n    none" in page.text

    forged = app_client.post(f"/admin/returns/{started['id']}/approve", data={"csrf_token": "x"})
    assert forged.status_code == 403
    db.expire_all()
    assert db.get(ReturnRequest, started["id"]).status is ReturnStatus.REQUESTED  # type: ignore[union-attr]
    ok = app_client.post(
        f"/admin/returns/{started['id']}/approve", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert (ok.status_code, ok.headers["location"]) == (303, "/admin/returns?done=approve")
    refused = app_client.post(
        f"/admin/returns/{started['id']}/refund", data={"csrf_token": csrf, "reference": "B"}
    )
    assert refused.status_code == 409 and "refund it once received" in refused.text
    db.expire_all()
    assert db.get(ReturnRequest, started["id"]).status is ReturnStatus.APPROVED  # type: ignore[union-attr]


def test_the_order_page_names_the_returns_status_in_the_buyers_language(
    app_client: TestClient,
    shop: Shop,
    links: OrderLinks,
    session_factory: sessionmaker[Session],
    db: Session,
) -> None:
    set_us_market(session_factory)
    order = delivered_order(session_factory, shop, shop.lamp)
    key = token(links, order.public_id)
    fields = {"line": str(order.line_id), "quantity": "1", "reason": "damaged_in_transit"}
    assert app_client.post(f"/orders/{key}/return", data=fields).status_code == 200
    ret = db.scalars(select(ReturnRequest)).one()
    app_client.post(f"/orders/{key}/return/{ret.id}/confirm", follow_redirects=False)

    german = app_client.get(f"/orders/{key}", headers={"Accept-Language": "de"}).text
    assert f"Rückgabe {ret.reference}: angefragt, wartet auf den Shop</span>" in german
    japanese = app_client.get(f"/orders/{key}", headers={"Accept-Language": "ja"}).text
    assert f"返品 {ret.reference}：申請済み、ストアの確認待ち</span>" in japanese
    english = app_client.get(f"/orders/{key}", headers={"Accept-Language": "en"}).text
    assert f"Return {ret.reference}: requested, waiting for the store</span>" in english
