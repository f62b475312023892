"""The store's returns queue and actions: approve, received (restockable puts stock back),
refund through orders.refunds, reject with a reason the buyer sees; another store's owner
gets 404; the close job waits for open returns; the abandoned-return reminder."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.catalog.models import Variant
from crosslive.db import make_session_factory, transaction, utcnow
from crosslive.fit import feedback
from crosslive.mail.models import OutboxEmail
from crosslive.orders import lifecycle
from crosslive.orders.hooks import OrderHooks
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import Order, OrderStatus, Refund
from crosslive.returns import handling, jobs
from crosslive.returns.models import ReturnRequest, ReturnStatus
from crosslive.scheduler.models import ScheduledJob
from crosslive.settings import Settings
from tests.factories import Shop
from tests.returns.return_helpers import asked, delivered_order, set_us_market, token


def _stock(db: Session, variant_id: int) -> int:
    db.expire_all()
    variant = db.get(Variant, variant_id)
    assert variant is not None
    return variant.stock


def test_the_owner_approves_receives_restocks_and_refunds_once(
    app_client: TestClient,
    shop: Shop,
    links: OrderLinks,
    session_factory: sessionmaker[Session],
    auth_headers: dict[str, str],
    other_headers: dict[str, str],
    db: Session,
) -> None:
    set_us_market(session_factory)
    order = delivered_order(session_factory, shop, shop.lamp)
    with transaction(session_factory) as s:
        product_id = s.get(Variant, shop.lamp).product_id  # type: ignore[union-attr]
        feedback.record(
            s,
            order_line_id=order.line_id,
            product_id=product_id,
            viewer_id="v",
            size="Default",
            verdict=feedback.FitVerdict.FIT,
            source=feedback.FitSource.FOLLOW_UP,
        )
    ret = asked(app_client, links, order, "defect")
    queue = app_client.get("/api/v1/returns", headers=auth_headers).json()
    assert [
        (q["ret"]["id"], q["ret"]["reason"], q["market_code"], q["show_id"]) for q in queue
    ] == [(ret["id"], "defect", "US", shop.show_id)]
    assert queue[0]["fit_feedback"] == {"Default": {"small": 0, "fit": 1, "large": 0}}
    assert (queue[0]["damage_flagged"], queue[0]["damage_p_value"]) == (False, None)

    base = f"/api/v1/returns/{ret['id']}"
    assert app_client.get("/api/v1/returns", headers=other_headers).json() == []
    stranger = app_client.post(f"{base}/approve", headers=other_headers)
    assert (stranger.status_code, stranger.json()) == (404, {"detail": f"no return {ret['id']}"})
    early = app_client.post(f"{base}/refund", json={"reference": "B-1"}, headers=auth_headers)
    assert early.status_code == 409

    assert app_client.post(f"{base}/approve", headers=auth_headers).json()["status"] == "approved"
    before = _stock(db, shop.lamp)
    got = app_client.post(f"{base}/received", json={"restockable": True}, headers=auth_headers)
    assert (got.json()["status"], got.json()["restockable"]) == ("received", True)
    again = app_client.post(f"{base}/received", json={"restockable": True}, headers=auth_headers)
    assert again.status_code == 200 and _stock(db, shop.lamp) == before + 1

    paid = app_client.post(f"{base}/refund", json={"reference": "BANK-9"}, headers=auth_headers)
    assert paid.json()["status"] == "refunded", paid.text
    twice = app_client.post(f"{base}/refund", json={"reference": "BANK-9"}, headers=auth_headers)
    assert twice.json()["status"] == "refunded"
    refunds = db.scalars(select(Refund)).all()
    assert [(r.amount_minor, r.reference, r.reason) for r in refunds] == [
        (4000, "BANK-9", f"return {ret['reference']}")
    ]
    subjects = db.scalars(select(OutboxEmail.subject).order_by(OutboxEmail.id)).all()
    assert subjects == [
        f"Acme Outfitters: we received your return request {ret['reference']}",
        f"Acme Outfitters: your return {ret['reference']} is approved",
        f"Acme Outfitters: your returned item {ret['reference']} arrived",
        "Acme Outfitters: a refund on your order",
    ]


def test_a_rejected_exchange_gives_its_size_back_and_the_buyer_reads_why(
    app_client: TestClient,
    shop: Shop,
    links: OrderLinks,
    session_factory: sessionmaker[Session],
    auth_headers: dict[str, str],
    db: Session,
) -> None:
    order = delivered_order(session_factory, shop, shop.shirt_m)
    ret = asked(app_client, links, order, "too_small")
    assert (ret["outcome"], _stock(db, shop.shirt_l)) == ("exchange", 0)
    base = f"/api/v1/returns/{ret['id']}"
    empty = app_client.post(f"{base}/reject", json={"reason": "  "}, headers=auth_headers)
    assert empty.status_code == 422 and _stock(db, shop.shirt_l) == 0
    why = "Worn <script>x</script>"
    out = app_client.post(f"{base}/reject", json={"reason": why}, headers=auth_headers).json()
    assert (out["status"], out["reject_reason"]) == ("rejected", why)
    assert _stock(db, shop.shirt_l) == 1
    page = app_client.get(f"/orders/{token(links, order.public_id)}")
    assert "Worn &lt;script&gt;x&lt;/script&gt;" in page.text
    assert 'data-return-status="rejected"' in page.text


def test_the_close_job_waits_for_an_open_return(
    app_client: TestClient,
    shop: Shop,
    links: OrderLinks,
    session_factory: sessionmaker[Session],
    auth_headers: dict[str, str],
    db: Session,
) -> None:
    order = delivered_order(session_factory, shop, shop.lamp)
    ret = asked(app_client, links, order, "changed_mind")
    hooks = OrderHooks()
    hooks.hold_closing_while(handling.has_open_return)
    guarded = make_session_factory(session_factory.kw["bind"])
    hooks.install(guarded)
    later = utcnow() + timedelta(days=40)
    with transaction(guarded) as s:
        held = lifecycle.close_when_returns_end(s, {"order_id": order.order_id}, now=later)
        assert held is False
        assert s.get(Order, order.order_id).status is OrderStatus.DELIVERED  # type: ignore[union-attr]
        recheck = s.scalars(select(ScheduledJob).where(ScheduledJob.kind == "orders.close")).all()
        assert [j.due_at for j in recheck] == [later + lifecycle.CLOSE_RECHECK]
    reason = {"reason": "not ours"}
    app_client.post(f"/api/v1/returns/{ret['id']}/reject", json=reason, headers=auth_headers)
    with transaction(guarded) as s:
        assert lifecycle.close_when_returns_end(s, {"order_id": order.order_id}, now=later)


def test_an_unconfirmed_return_is_reminded_once_before_the_window_closes(
    app_client: TestClient,
    shop: Shop,
    settings: Settings,
    links: OrderLinks,
    session_factory: sessionmaker[Session],
    db: Session,
) -> None:
    order = delivered_order(session_factory, shop, shop.lamp, days_left=10)
    draft = asked(app_client, links, order, "defect", confirm=False)
    job = db.scalars(select(ScheduledJob).where(ScheduledJob.kind == "returns.remind")).one()
    with transaction(session_factory) as s:
        until = s.get(Order, order.order_id).returns_until  # type: ignore[union-attr]
    assert job.due_at == until - timedelta(days=settings.return_reminder_days)
    payload = {"return_id": draft["id"]}
    with transaction(session_factory) as s:
        assert jobs.remind(s, payload, links, now=job.due_at) is True
        assert jobs.remind(s, payload, links, now=job.due_at) is False
    mails = db.scalars(select(OutboxEmail)).all()
    assert [m.subject for m in mails] == ["Acme Outfitters: your return is not confirmed yet"]
    day = until.strftime("%Y-%m-%d")  # type: ignore[union-attr]
    assert f"You can confirm it until {day}." in mails[0].text_body

    confirmed = delivered_order(session_factory, shop, shop.lamp)
    done = asked(app_client, links, confirmed, "defect")
    with transaction(session_factory) as s:
        assert jobs.remind(s, {"return_id": done["id"]}, links, now=utcnow()) is False
    assert db.scalar(select(func.count()).select_from(ReturnRequest)) == 2
    assert done["status"] == ReturnStatus.REQUESTED.value
