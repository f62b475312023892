"""Bodies of the host console's API."""

from __future__ import annotations

from pydantic import BaseModel, Field

from crosslive.ids import Id
from crosslive.orders.schemas import ShowCounters


class StaffMessageIn(BaseModel):
    body: str = Field(max_length=2000)
    # The host's page language: what a reply too short to identify is taken to be in.
    lang: str | None = Field(default=None, max_length=20)


class PinIn(BaseModel):
    product_id: Id


class CredentialPushIn(BaseModel):
    credential_id: Id


class CountersOut(ShowCounters):
    """The show's sales so far and the viewers watching now, in every app process."""

    viewers: int


class QuestionOut(BaseModel):
    message_id: int
    name: str
    body: str
    answering: bool


class EmbedOriginsIn(BaseModel):
    origins: list[str] = Field(max_length=50)


class EmbedOriginsOut(BaseModel):
    origins: list[str]
