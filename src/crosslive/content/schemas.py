"""Content translations in and out of the API."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from crosslive.content.fields import MAX_TEXT
from crosslive.content.languages import WRITTEN


class TranslationIn(BaseModel):
    text: str = Field(max_length=MAX_TEXT, description="Empty removes the translation.")


class TranslationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    entity_type: str
    entity_id: int
    field: str
    locale: str
    text: str
    status: str
    provider: str
    updated_at: datetime


class EntityTranslations(BaseModel):
    entity_type: str
    entity_id: int
    originals: dict[str, str]
    languages: list[str]
    translations: list[TranslationOut]


class DraftIn(BaseModel):
    languages: list[str] = Field(
        default_factory=list,
        max_length=len(WRITTEN),
        description="Empty: the store's languages.",
    )


class DraftOut(BaseModel):
    drafted: list[tuple[str, str]]
    unavailable: list[tuple[str, str]]
    not_drafted: list[str] = Field(
        description="Languages the machine translator does not draft: the seller writes them."
    )


class ImportOut(BaseModel):
    store: str
    imported: int
    products: int
    skipped: dict[str, int]
