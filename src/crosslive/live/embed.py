"""Who may frame the live room: the seller's allow list of sites (any site when empty), and the
frame-ancestors policy the embed page sends (web/headers.py gives every other page its own)."""

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


def embed_policy(origins: list[str]) -> str:
    return "frame-ancestors " + (" ".join(origins) if origins else "*")
