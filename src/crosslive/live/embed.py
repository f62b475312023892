"""Who may frame the live room: this site, and the sites on the seller's allow list (the
sources of the embed page's `frame-ancestors`; every other page may be framed by this site
only). An empty list allows no other site: a store adds its own before embedding."""

from __future__ import annotations

import re

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from crosslive.errors import InvalidInput
from crosslive.live.models import EmbedOrigin

CSP = "Content-Security-Policy"
_ORIGIN = re.compile(r"^https?://[a-z0-9.-]+(:\d{1,5})?$")


def clean_origin(origin: str) -> str:
    value = origin.strip().rstrip("/").lower()
    if not _ORIGIN.match(value):
        raise InvalidInput(f"{origin!r} is not an origin like https://shop.example.com")
    return value


def allowed_origins(db: Session, seller_id: int) -> list[str]:
    return list(
        db.scalars(
            select(EmbedOrigin.origin)
            .where(EmbedOrigin.seller_id == seller_id)
            .order_by(EmbedOrigin.origin)
        )
    )


def set_allowed_origins(db: Session, seller_id: int, origins: list[str]) -> list[str]:
    """Replace the allow list (validated first: a bad entry changes nothing)."""
    cleaned = sorted({clean_origin(o) for o in origins if o.strip()})
    db.execute(delete(EmbedOrigin).where(EmbedOrigin.seller_id == seller_id))
    db.add_all(EmbedOrigin(seller_id=seller_id, origin=o) for o in cleaned)
    db.flush()
    return cleaned


def frame_ancestors(origins: list[str]) -> str:
    """The embed page's frame-ancestors sources: this site, then each allowed origin."""
    return " ".join(["'self'", *origins])
