"""The demo store's landed cost: shipping fees on its fastest routes, EU VAT through IOSS
(a made-up IOSS number), UK VAT at checkout, duties at the door with estimated rates."""

from __future__ import annotations

from sqlalchemy.orm import Session

from crosslive.landed import service as landed
from crosslive.landed.breakdown import Regime
from crosslive.landed.schemas import LandedSettingsIn, ShippingFeeIn

DUTY_ESTIMATES = {"apparel": 1200, "shoes": 1700, "beauty": 0, "electronics": 0, "home": 400}
# market code: (warehouse, fee)
FEES: dict[str, tuple[str, ShippingFeeIn]] = {
    "US": ("LAX", ShippingFeeIn(bands=[(500, 500), (2000, 900)], free_above_minor=7500)),
    "EU": ("VNL", ShippingFeeIn(flat_minor=495, free_above_minor=6000)),
    "UK": ("BHX", ShippingFeeIn(flat_minor=395, free_above_minor=5000)),
}
# The slow route from the origin warehouse, for what only it holds (the down jacket).
ORIGIN_FEES: dict[str, tuple[str, ShippingFeeIn]] = {
    "EU": ("SZX", ShippingFeeIn(flat_minor=995, free_above_minor=15000)),
    "US": ("SZX", ShippingFeeIn(flat_minor=1200, free_above_minor=15000)),
}
SETTINGS = {
    "EU": LandedSettingsIn(regime=Regime.DAP, ioss_number="IM5280000001", duty_bp=DUTY_ESTIMATES),
    "UK": LandedSettingsIn(regime=Regime.DDP, duty_bp=DUTY_ESTIMATES),
}


def seed_landed(db: Session, seller_id: int) -> None:
    for code, (warehouse, fee) in [*FEES.items(), *ORIGIN_FEES.items()]:
        landed.put_shipping_fee(db, seller_id, code, warehouse, fee)
    for code, settings in SETTINGS.items():
        landed.put_settings(db, seller_id, code, settings)
