"""Credentials and the evidence files behind them."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import JSON, Column, Date, Enum, ForeignKey, Integer, String, Table, Text
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
    products: Mapped[list[Product]] = relationship(secondary=credential_products)

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
        return missing
