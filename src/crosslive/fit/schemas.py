"""Advice request and answer, size charts and conversions as the API shows them."""

from __future__ import annotations

from pydantic import BaseModel, Field, model_validator

from crosslive.fit.chart import Preference
from crosslive.fit.sizes import Garment, SizeSystem
from crosslive.ids import Id


class AdviceIn(BaseModel):
    product_id: Id
    height_cm: float = Field(ge=120, le=230, description="Body height in cm.")
    weight_kg: float = Field(ge=30, le=250, description="Body weight in kg.")
    bust_cm: float | None = Field(default=None, ge=50, le=200, description="Bust or chest.")
    waist_cm: float | None = Field(default=None, ge=40, le=200)
    hips_cm: float | None = Field(default=None, ge=50, le=220)
    foot_cm: float | None = Field(default=None, ge=15, le=35, description="Foot length.")
    usual_system: SizeSystem | None = Field(default=None, description="Size system of usual_size.")
    usual_size: str | None = Field(default=None, min_length=1, max_length=16)
    garment: Garment | None = Field(
        default=None, description="Size table to use; default from the product's category."
    )
    preference: Preference = Preference.REGULAR

    @model_validator(mode="after")
    def _usual_pair(self) -> AdviceIn:
        if (self.usual_system is None) != (self.usual_size is None):
            raise ValueError("give usual_size together with usual_system (e.g. US and 6)")
        return self


class AdviceOut(BaseModel):
    product_id: int
    size: str
    confidence: float = Field(description="0..1; for model advice, the chance it fits.")
    runner_up: str | None
    reason: str
    source: str = Field(description="model, chart or size_table")
    probabilities: dict[str, float] | None = None


class ChartRowOut(BaseModel):
    size: str
    cm: dict[str, float]
    inches: dict[str, float]


class ChartOut(BaseModel):
    product_id: int
    garment: Garment
    rows: list[ChartRowOut]


class ConversionOut(BaseModel):
    garment: Garment
    system: SizeSystem
    size: str
    sizes: dict[str, list[str]] = Field(description="Every system's labels for this size.")
