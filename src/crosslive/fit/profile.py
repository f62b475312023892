"""What the advisor knows about a viewer and about a product."""

from __future__ import annotations

from dataclasses import dataclass

from crosslive.fit.chart import ChartSize, Preference
from crosslive.fit.ease import Style
from crosslive.fit.sizes import Garment, SizeSystem


@dataclass(frozen=True)
class Profile:
    height_cm: float
    weight_kg: float
    preference: Preference
    usual: tuple[SizeSystem, str] | None = None
    bust_cm: float | None = None
    waist_cm: float | None = None
    hips_cm: float | None = None
    foot_cm: float | None = None
    age: float | None = None
    body_type: str = ""  # one of records.BODY_TYPES, or ""


@dataclass(frozen=True)
class ProductSizing:
    """What the advisor needs to know about one product."""

    garment: Garment
    sizes: list[ChartSize]
    fit_item_id: str | None = None  # the product's id in the fit model's feedback data
    style: Style | None = None  # None: apparel in general, or shoes for a shoe garment

    @property
    def kind(self) -> Style:
        if self.garment in (Garment.WOMENS_SHOES, Garment.MENS_SHOES):
            return Style.SHOES
        return self.style or Style.APPAREL
