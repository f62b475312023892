"""Advice request and answer, size charts and conversions as the API shows them."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, ValidationInfo, field_validator, model_validator

from crosslive.fit.chart import Preference
from crosslive.fit.sizes import Garment, SizeSystem
from crosslive.fit.validation import (
    check_bmi,
    check_circumference_cm,
    check_height_cm,
    check_usual_pair,
    check_weight_kg,
)
from crosslive.ids import Id

BodyType = Literal[
    "apple", "athletic", "full bust", "hourglass", "pear", "petite", "straight & narrow"
]
# Accepted range of each measurement in cm.
MEASURE_RANGES = {
    "bust_cm": (50.0, 200.0),
    "waist_cm": (40.0, 200.0),
    "hips_cm": (50.0, 220.0),
    "foot_cm": (15.0, 35.0),
}


class AdviceIn(BaseModel):
    product_id: Id
    height_cm: float = Field(description="Body height in cm (120-230).", allow_inf_nan=False)
    weight_kg: float = Field(description="Body weight in kg (30-250).", allow_inf_nan=False)
    age: float | None = Field(default=None, ge=12, le=100, description="Age in years.")
    body_type: BodyType | None = Field(default=None, description="Body shape, if known.")
    bust_cm: float | None = Field(default=None, description="Bust or chest.", allow_inf_nan=False)
    waist_cm: float | None = Field(default=None, allow_inf_nan=False)
    hips_cm: float | None = Field(default=None, allow_inf_nan=False)
    foot_cm: float | None = Field(default=None, description="Foot length.", allow_inf_nan=False)
    usual_system: SizeSystem | None = Field(default=None, description="Size system of usual_size.")
    usual_size: str | None = Field(default=None, min_length=1, max_length=16)
    garment: Garment | None = Field(
        default=None, description="Size table to use; default from the product's category."
    )
    preference: Preference = Preference.REGULAR
    viewer_system: SizeSystem | None = Field(
        default=None, description="Also answer in this size system (the viewer's market's)."
    )

    _height = field_validator("height_cm")(check_height_cm)
    _weight = field_validator("weight_kg")(check_weight_kg)

    @field_validator("bust_cm", "waist_cm", "hips_cm", "foot_cm")
    @classmethod
    def _measure(cls, value: float | None, info: ValidationInfo) -> float | None:
        low, high = MEASURE_RANGES[str(info.field_name)]
        return check_circumference_cm(value, low, high)

    @model_validator(mode="after")
    def _usual_pair(self) -> AdviceIn:
        check_usual_pair(self.usual_system, self.usual_size)
        check_bmi(self.height_cm, self.weight_kg)
        return self


class SizeChance(BaseModel):
    size: str
    confidence: float = Field(description="The chance this size fits (0..1).")


class AdviceOut(BaseModel):
    product_id: int
    size: str
    confidence: float = Field(description="0..1; for model advice, the chance it fits.")
    runner_up: str | None
    reason: str
    source: str = Field(
        description="model, chart, size_table, feedback (the store's answers on the product) "
        "or neighbours (answers on the nearest similar products)"
    )
    probabilities: dict[str, float] | None = None
    estimated: list[str] = Field(
        default_factory=list, description="Body dimensions estimated from height and weight."
    )
    sharpen: str | None = Field(default=None, description="The measurement that would help.")
    between: list[SizeChance] | None = Field(
        default=None,
        description="When the best size is unsure (model confidence below "
        "CROSSLIVE_FIT_BETWEEN_BELOW): the two sizes to choose between, in size order.",
    )
    viewer_system: SizeSystem | None = None
    size_local: str | None = Field(default=None, description='e.g. "JP 11" for EU 38.')
    runner_up_local: str | None = None


class ChartRowOut(BaseModel):
    size: str
    local: str | None = Field(default=None, description="The size in the requested system.")
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
