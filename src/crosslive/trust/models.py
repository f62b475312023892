"""Credentials and the evidence files behind them."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Column,
    Date,
    Enum,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crosslive.catalog.models import Product
from crosslive.db import Base, UTCDateTime, utcnow


class CredentialType(enum.StrEnum):
    BRAND_ENDORSEMENT = "brand_endorsement"
    CERTIFICATION = "certification"
    SALES_PROOF = "sales_proof"
    REVIEWS = "reviews"
    SUPPLY_CHAIN = "supply_chain"
    AFTER_SALES = "after_sales"


class VerificationMethod(enum.StrEnum):
    REGISTRY = "registry"
    EVIDENCE = "evidence"
    ISSUER_CONTACT = "issuer_contact"


class VerificationOutcome(enum.StrEnum):
    VERIFIED = "verified"
    WITHDRAWN = "withdrawn"


credential_products = Table(
    "credential_products",
    Base.metadata,
    Column("credential_id", ForeignKey("credentials.id", ondelete="CASCADE"), primary_key=True),
    Column("product_id", ForeignKey("products.id", ondelete="CASCADE"), primary_key=True),
)


class EvidenceFile(Base):
    """A stored PDF or image; the type was checked from the content, not the name."""

    __tablename__ = "evidence_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id", ondelete="CASCADE"), index=True)
    original_name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    # Relative to DATA_DIR/evidence.
    storage_name: Mapped[str] = mapped_column(String(128), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Credential(Base):
    __tablename__ = "credentials"

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id", ondelete="CASCADE"), index=True)
    type: Mapped[CredentialType] = mapped_column(Enum(CredentialType, native_enum=False, length=32))
    claim: Mapped[str] = mapped_column(Text)
    issuer: Mapped[str] = mapped_column(String(255), default="")
    identifier: Mapped[str] = mapped_column(String(255), default="")
    # Where a viewer can check it (FCC ID search, OEKO-TEX label check, EDGAR ...).
    registry_url: Mapped[str] = mapped_column(String(2048), default="")
    # Empty list = every market of the seller.
    market_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    # True = applies to all the seller's products; else to `products`.
    all_products: Mapped[bool] = mapped_column(default=False)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    evidence_id: Mapped[int | None] = mapped_column(
        ForeignKey("evidence_files.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    evidence: Mapped[EvidenceFile | None] = relationship()
    clip: Mapped[CredentialClip | None] = relationship(
        lazy="selectin", cascade="all, delete-orphan", passive_deletes=True
    )
    products: Mapped[list[Product]] = relationship(secondary=credential_products)
    # Oldest first; the newest is the credential's verification state.
    verifications: Mapped[list[CredentialVerification]] = relationship(
        order_by="CredentialVerification.id",
        lazy="selectin",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def latest_verification(self) -> CredentialVerification | None:
        return self.verifications[-1] if self.verifications else None

    @property
    def withdrawn(self) -> bool:
        latest = self.latest_verification
        return latest is not None and latest.outcome == VerificationOutcome.WITHDRAWN

    @property
    def verified_at(self) -> datetime | None:
        """When staff last verified it; None if never, or withdrawn since."""
        latest = self.latest_verification
        if latest is None or latest.outcome != VerificationOutcome.VERIFIED:
            return None
        return latest.created_at

    def missing_for_display(self, today: date) -> list[str]:
        """Why this credential may not be shown to viewers today (empty: it may)."""
        missing = [
            name
            for name, present in (
                ("issuer", bool(self.issuer.strip())),
                ("identifier", bool(self.identifier.strip())),
                ("scope", self.all_products or bool(self.products)),
                ("valid from", self.valid_from is not None),
                ("valid until", self.valid_until is not None),
                ("evidence", self.evidence_id is not None),
            )
            if not present
        ]
        if self.valid_from is not None and self.valid_from > today:
            missing.append("not yet valid")
        if self.valid_until is not None and self.valid_until < today:
            missing.append("expired")
        if self.withdrawn:
            missing.append("withdrawn")
        return missing


class CredentialVerification(Base):
    """A staff member checked a credential against its issuer (or withdrew it). Append-only:
    the newest record is the credential's state."""

    __tablename__ = "credential_verifications"
    __table_args__ = (UniqueConstraint("credential_id", "idempotency_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    credential_id: Mapped[int] = mapped_column(
        ForeignKey("credentials.id", ondelete="CASCADE"), index=True
    )
    staff_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="SET NULL")
    )
    # Kept even if the staff account is deleted later.
    staff_name: Mapped[str] = mapped_column(String(200))
    outcome: Mapped[VerificationOutcome] = mapped_column(
        Enum(VerificationOutcome, native_enum=False, length=16)
    )
    method: Mapped[VerificationMethod] = mapped_column(
        Enum(VerificationMethod, native_enum=False, length=16)
    )
    observed: Mapped[str] = mapped_column(Text)
    registry_reference: Mapped[str] = mapped_column(String(2048), default="")
    idempotency_key: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CredentialClip(Base):
    """A short video shown with a credential: transcoded to one web-safe MP4 with a poster,
    and the seller's subtitles as WebVTT. One per credential; a new upload replaces it."""

    __tablename__ = "credential_clips"

    id: Mapped[int] = mapped_column(primary_key=True)
    credential_id: Mapped[int] = mapped_column(
        ForeignKey("credentials.id", ondelete="CASCADE"), unique=True
    )
    original_name: Mapped[str] = mapped_column(String(255))
    # The uploaded file's size; the stored MP4's is size_bytes.
    source_bytes: Mapped[int] = mapped_column(Integer)
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    duration_ms: Mapped[int] = mapped_column(Integer)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    # Relative to DATA_DIR/evidence/clips.
    video_name: Mapped[str] = mapped_column(String(128), unique=True)
    poster_name: Mapped[str] = mapped_column(String(128), unique=True)
    subtitles_name: Mapped[str | None] = mapped_column(String(128), unique=True)
    # BCP 47 tag of the subtitles' language (the track's srclang).
    subtitles_lang: Mapped[str] = mapped_column(String(16), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
