"""Content translations: one row per (entity, field, language).

Why one table and not a translation column per field and language: the languages a store
needs grow with its markets (nine today), and the fields that are translatable differ per
entity (a product's title, description, material, flaws and size-chart labels; a
credential's claim and issuer; a show's title and description). One narrow table holds any
of them without a migration per language, and the admin, the CSV import and the viewer
pages all read it the same way.

Why three nullable foreign keys and not a free (entity_type, entity_id) pair: a foreign key
is what lets the database itself remove a translation when its product, credential or show
is deleted (ON DELETE CASCADE), on SQLite and PostgreSQL alike, with no application hook to
forget. A CHECK makes exactly one of them set; the entity type is read from which one is.
Each gets its own unique (entity, field, locale) constraint; NULLs never collide in them.

`status`: "approved" (typed or imported by the seller, or a machine draft the seller
approved) or "machine" (drafted by a translation provider, shown to viewers labelled
"machine translated"). `provider`: who wrote the text ("seller", "shopify", or the
translation provider's name).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crosslive.db import Base, UTCDateTime, utcnow

MACHINE = "machine"
APPROVED = "approved"
STATUSES = (MACHINE, APPROVED)
ENTITY_TYPES = ("product", "credential", "show")


class ContentTranslation(Base):
    __tablename__ = "content_translations"
    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN product_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN credential_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN show_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="ck_content_translations_one_entity",
        ),
        CheckConstraint("status IN ('machine', 'approved')", name="ck_content_translations_status"),
        UniqueConstraint("product_id", "field", "locale", name="uq_content_product_field"),
        UniqueConstraint("credential_id", "field", "locale", name="uq_content_credential_field"),
        UniqueConstraint("show_id", "field", "locale", name="uq_content_show_field"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int | None] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    credential_id: Mapped[int | None] = mapped_column(
        ForeignKey("credentials.id", ondelete="CASCADE"), index=True
    )
    show_id: Mapped[int | None] = mapped_column(
        ForeignKey("shows.id", ondelete="CASCADE"), index=True
    )
    # "title", "description_html", "materials", "flaws", "size_chart.chest", "claim" ...
    field: Mapped[str] = mapped_column(String(64))
    locale: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=APPROVED)
    provider: Mapped[str] = mapped_column(String(20), default="seller")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @property
    def entity_type(self) -> str:
        if self.product_id is not None:
            return "product"
        return "credential" if self.credential_id is not None else "show"

    @property
    def entity_id(self) -> int:
        return self.product_id or self.credential_id or self.show_id or 0
