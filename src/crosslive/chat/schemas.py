"""Chat request and response bodies."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class ViewerJoin(BaseModel):
    name: str = Field(max_length=200)


class ViewerToken(BaseModel):
    token: str
    name: str
    expires_at: datetime  # the viewer joins again after this to keep writing


class MessageIn(BaseModel):
    body: str = Field(max_length=2000)
    question: bool = False
    # The writer's page language: what a line too short to identify is taken to be in.
    lang: str | None = Field(default=None, max_length=20)
