"""What the video call routes take and give."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from crosslive.ids import Id


class AskIn(BaseModel):
    email: str = Field(default="", max_length=254, description="where the store may write back")
    language: str = Field(default="", max_length=16, description="default: the page's")
    market: str = Field(default="", max_length=8, description="the market the cart is in")
    product_id: Id | None = None
    note: str = Field(default="", max_length=500)
    # Where the call's room goes, as for a show's viewer: a media region named outright, else
    # the market's, else this country's, else the one in the browser's Accept-Language.
    region: str = Field(default="", max_length=32, description="a media region (node) by name")
    country: str = Field(default="", max_length=2, pattern="^[A-Za-z]{0,2}$")


class StatusOut(BaseModel):
    consultation_id: int
    state: str
    host: str
    email: str
    end_reason: str
    cards: list[dict[str, Any]]


class PassOut(BaseModel):
    consultation_id: int
    token: str
    expires_in_s: int
    publish_url: str
    watch_url: str
    ping_url: str = Field(description="POST with the pass every ping_every_s while in the call")
    leave_url: str = Field(description="POST the pass as the body to hang up (sendBeacon)")
    ping_every_s: int


class CallMediaOut(BaseModel):
    """A call page's heartbeat answer: what the media server has of this side now."""

    publishing: bool = Field(description="false: publish again with a fresh pass (join)")
    watching: bool = Field(description="false: watch the other side again")


class CardIn(BaseModel):
    variant_id: Id


class CardOut(BaseModel):
    card: dict[str, Any]
    sent: bool = Field(description="false when this product was already sent in the call")


class WaitIn(BaseModel):
    wait_s: int = Field(ge=1, le=86_400)
