"""Bodies of the host console's API."""

from __future__ import annotations

from pydantic import BaseModel, Field


class StaffMessageIn(BaseModel):
    body: str = Field(max_length=2000)


class PinIn(BaseModel):
    product_id: int


class CredentialPushIn(BaseModel):
    credential_id: int


class CountersOut(BaseModel):
    viewers: int
    add_to_cart: int
    orders: int
    revenue: dict[str, int]
    revenue_display: list[str]


class QuestionOut(BaseModel):
    message_id: int
    name: str
    body: str
    answering: bool


class EmbedOriginsIn(BaseModel):
    origins: list[str] = Field(max_length=50)


class EmbedOriginsOut(BaseModel):
    origins: list[str]
