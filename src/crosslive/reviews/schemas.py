"""Reviews in and out of the JSON API."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from crosslive.reviews.models import BODY_MAX, INCENTIVE_MAX, TITLE_MAX


class ReviewIn(BaseModel):
    """A buyer's review of one line of their order. LANGUAGE is optional: without it the
    language is detected from the text."""

    model_config = ConfigDict(extra="forbid")

    line_id: int = Field(ge=1)
    rating: int = Field(ge=1, le=5)
    title: str = Field(default="", max_length=TITLE_MAX)
    body: str = Field(default="", max_length=BODY_MAX)
    language: str = Field(default="", max_length=20)
    incentivised: bool = False
    incentive: str = Field(default="", max_length=INCENTIVE_MAX)


class ReviewOut(BaseModel):
    id: int
    rating: int
    title: str
    body: str
    language: str
    author: str
    variant: str
    market: str
    incentivised: bool
    incentive: str
    hidden: bool
    hidden_reason: str | None
    verified_purchase: bool
    created_at: str


class LineReviewOut(BaseModel):
    line_id: int
    product_title: str
    variant_label: str
    review: ReviewOut | None


class OrderReviewsOut(BaseModel):
    can_review: bool
    lines: list[LineReviewOut]


class SummaryOut(BaseModel):
    count: int
    average: float | None
    distribution: dict[str, int]


class ProductReviewsOut(BaseModel):
    product_id: int
    summary: SummaryOut
    how_verified: str
    reviews: list[ReviewOut]
