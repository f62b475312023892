"""Bodies of the host console's API."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from crosslive.events.schemas import EventOut
from crosslive.ids import Id
from crosslive.media.schemas import ShowNodeOut
from crosslive.orders.schemas import ShowCounters


class StaffMessageIn(BaseModel):
    body: str = Field(max_length=2000)
    # The host's page language: what a reply too short to identify is taken to be in.
    lang: str | None = Field(default=None, max_length=20)


class StaffMessageOut(EventOut):
    """The posted staff message, with the claims in it the host should reword (findings
    that are not severe enough to refuse it)."""

    warnings: list[dict[str, Any]] = []


class PinIn(BaseModel):
    product_id: Id


class CredentialPushIn(BaseModel):
    credential_id: Id


class CountersOut(ShowCounters):
    """The show's sales so far and the viewers watching now, in every app process; with
    edge nodes, each media node (up or down) and the show's viewers it plays to."""

    viewers: int
    nodes: list[ShowNodeOut] = Field(
        default_factory=list, description="Empty with one media node (it plays to them all)."
    )


class QuestionOut(BaseModel):
    message_id: int
    name: str
    body: str
    answering: bool


class EmbedOriginsIn(BaseModel):
    origins: list[str] = Field(max_length=50)


class EmbedOriginsOut(BaseModel):
    origins: list[str]
