"""FAQ entries in and out, and one answer."""

from __future__ import annotations

import re
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from crosslive.answers.exemplars import LANGUAGES


class FaqIn(BaseModel):
    topic: str = Field(min_length=1, max_length=64)
    language: str
    question: str = Field(min_length=3, max_length=500)
    answer: str = Field(min_length=1, max_length=2000)

    @field_validator("topic")
    @classmethod
    def _topic(cls, value: str) -> str:
        value = value.strip().lower()
        if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", value):
            raise ValueError("topic: lower-case letters, digits, - and _")
        return value

    @field_validator("language")
    @classmethod
    def _language(cls, value: str) -> str:
        if value not in LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
        return value

    @field_validator("question", "answer")
    @classmethod
    def _text(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("must not be blank")
        return value


class FaqOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    topic: str
    language: str
    question: str
    answer: str
    updated_at: datetime


class AskIn(BaseModel):
    """A viewer's question: QUESTION, or MESSAGE_ID of their question in the chat (the answer
    is then published under it). The market is MARKET, else the one the live room picks for
    COUNTRY and the browser's languages."""

    question: str | None = Field(default=None, min_length=1, max_length=500)
    message_id: int | None = Field(default=None, ge=1, le=2**31 - 1)
    market: str | None = Field(default=None, min_length=2, max_length=8)
    country: str = Field(default="", max_length=2)
    product: str | None = Field(default=None, max_length=255)


class AnswerOut(BaseModel):
    answer: str
    language: str
    intent: str
    sources: list[str]
    escalated: bool
    ms: float
