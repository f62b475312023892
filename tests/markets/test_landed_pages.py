"""The market's landed-cost page: tax and duty settings and shipping fees per route."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.landed.breakdown import Regime
from crosslive.landed.models import LandedSettings, ShippingFee
from crosslive.markets.models import Market
from tests.factories import page_login


def test_owner_sets_duties_and_a_shipping_fee_and_bad_input_changes_nothing(
    app_client: TestClient, owner: dict[str, Any], db: Session
) -> None:
    csrf = page_login(app_client, owner["email"])
    app_client.post("/admin/markets/presets/JP", data={"csrf_token": csrf, "with_warehouse": "on"})
    market = db.scalar(select(Market))
    assert market is not None
    page = f"/admin/markets/{market.id}/landed"
    assert "Duty-free up to (JPY; empty: 10000)" in app_client.get(page).text
    form = {"csrf_token": csrf, "taxes": "on", "regime": "ddp", "duty_apparel": "10.5"}
    saved = app_client.post(page, data=form)
    assert saved.status_code == 200, saved.text
    row = db.scalar(select(LandedSettings))
    assert row is not None
    assert (row.regime, row.de_minimis_minor, row.duty_bp) == (
        Regime.DDP,
        10000,
        {"apparel": 1050},
    )
    code = market.routes[0].warehouse.code
    fee = {"csrf_token": csrf, "bands": "500=400, 2000=900", "free_above": "10000"}
    shipped = app_client.post(f"/admin/markets/{market.id}/shipping/{code}", data=fee)
    assert shipped.status_code == 200 and 'value="500=400, 2000=900"' in shipped.text
    stored = db.scalar(select(ShippingFee))
    assert stored is not None
    assert (stored.bands, stored.free_above_minor) == ([[500, 400], [2000, 900]], 10000)
    bad = app_client.post(page, data={**form, "duty_apparel": "ten", "regime": "dap"})
    assert bad.status_code == 422 and "duty on apparel" in bad.text
    db.expire_all()
    assert db.scalar(select(LandedSettings.regime)) == Regime.DDP
    bad_band = app_client.post(
        f"/admin/markets/{market.id}/shipping/{code}", data={**fee, "bands": "heavy"}
    )
    assert bad_band.status_code == 422 and "write grams=fee" in bad_band.text
