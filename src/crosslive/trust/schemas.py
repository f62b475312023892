"""Credentials API shapes."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from crosslive.ids import Id
from crosslive.trust.models import CredentialType, VerificationMethod, VerificationOutcome


class CredentialIn(BaseModel):
    type: CredentialType
    claim: str = Field(min_length=1, max_length=500, description="What viewers read")
    issuer: str = Field(default="", max_length=255)
    identifier: str = Field(default="", max_length=255, description="Certificate/report number")
    registry_url: str = Field(default="", max_length=2048, description="Public check, https://")
    market_codes: list[str] = Field(default_factory=list, description="Empty: every market")
    all_products: bool = False
    product_ids: list[Id] = Field(default_factory=list, max_length=500)
    valid_from: date | None = None
    valid_until: date | None = None


class CredentialUpdate(BaseModel):
    """Only the fields given change."""

    type: CredentialType | None = None
    claim: str | None = Field(default=None, min_length=1, max_length=500)
    issuer: str | None = Field(default=None, max_length=255)
    identifier: str | None = Field(default=None, max_length=255)
    registry_url: str | None = Field(default=None, max_length=2048)
    market_codes: list[str] | None = None
    all_products: bool | None = None
    product_ids: list[Id] | None = Field(default=None, max_length=500)
    valid_from: date | None = None
    valid_until: date | None = None


class EvidenceOut(BaseModel):
    id: int
    original_name: str
    media_type: str
    size_bytes: int
    sha256: str

    model_config = {"from_attributes": True}


class ClipOut(BaseModel):
    """The credential's video clip as stored: H.264/AAC MP4, with a poster and, if given,
    WebVTT subtitles."""

    original_name: str
    source_bytes: int
    size_bytes: int
    sha256: str
    duration_ms: int
    width: int
    height: int
    subtitles_lang: str = Field(description="Empty: no subtitles")

    model_config = {"from_attributes": True}


class CredentialOut(BaseModel):
    id: int
    type: CredentialType
    claim: str
    issuer: str
    identifier: str
    registry_url: str
    market_codes: list[str]
    all_products: bool
    product_ids: list[int]
    valid_from: date | None
    valid_until: date | None
    evidence: EvidenceOut | None
    clip: ClipOut | None = None
    shown: bool = Field(description="Viewers may see it today (complete, valid, allowed claim)")
    problems: list[str] = Field(description="Why it is not shown: what is missing or expired")
    verified_at: datetime | None = Field(
        default=None, description="When staff last verified it against its issuer"
    )


class VerificationIn(BaseModel):
    outcome: VerificationOutcome = VerificationOutcome.VERIFIED
    method: VerificationMethod
    observed: str = Field(
        min_length=1, max_length=4000, description="What the staff member saw on the registry"
    )
    registry_reference: str = Field(
        default="", max_length=2048, description="The registry page or record checked"
    )
    idempotency_key: str | None = Field(
        default=None, min_length=1, max_length=64, description="A retry with it records once"
    )


class VerificationOut(BaseModel):
    id: int
    credential_id: int
    staff_user_id: int | None
    staff_name: str
    outcome: VerificationOutcome
    method: VerificationMethod
    observed: str
    registry_reference: str
    created_at: datetime

    model_config = {"from_attributes": True}
