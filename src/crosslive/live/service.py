"""Running a show in the live room: going live and ending, pins, credential pushes, counters.

Every change is recorded in the show's event log (published once the caller's unit of work
commits) and returned as that event.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crosslive.auth.models import StaffUser
from crosslive.catalog.models import Product
from crosslive.db import utcnow
from crosslive.errors import Conflict, NotFound
from crosslive.events import service as events
from crosslive.live.models import ShowPin
from crosslive.media import stage
from crosslive.shows import service as shows_service
from crosslive.shows.models import Show, ShowState
from crosslive.trust.models import Credential

MAX_PINS = 3
LINEUP_FALLBACK = 50


def pinned_products(db: Session, show_id: int) -> list[Product]:
    pins = db.scalars(
        select(ShowPin).where(ShowPin.show_id == show_id).order_by(ShowPin.pinned_at, ShowPin.id)
    )
    return [pin.product for pin in pins]


def show_product(db: Session, show: Show, product_id: int) -> Product:
    """A product of the show (pinned or in its line-up); other products are not public here."""
    product = db.get(Product, product_id)
    in_show = product is not None and (
        product_id in {item.product_id for item in show.lineup}
        or product_id in {p.id for p in pinned_products(db, show.id)}
    )
    if product is None or not in_show:
        raise NotFound("this product is not part of the show")
    return product


def console_products(db: Session, show: Show, fallback: int = LINEUP_FALLBACK) -> list[Product]:
    """What the console offers to pin: the line-up, or the store's published products when
    the show has no line-up yet (pinning puts a product in the line-up)."""
    products = [item.product for item in show.lineup]
    if products:
        return products
    query = (
        select(Product)
        .where(Product.seller_id == show.seller_id, Product.published.is_(True))
        .order_by(Product.title)
        .limit(fallback)
    )
    return list(db.scalars(query))


def _product_of(db: Session, show: Show, product_id: int) -> Product:
    product = db.get(Product, product_id)
    if product is None or product.seller_id != show.seller_id:
        raise NotFound(f"no product {product_id} in this store")
    return product


def pin(db: Session, show: Show, product_id: int) -> dict[str, Any]:
    product = _product_of(db, show, product_id)
    existing = db.scalar(
        select(ShowPin.id).where(ShowPin.show_id == show.id, ShowPin.product_id == product.id)
    )
    if existing is not None:
        raise Conflict(f"{product.title} is already pinned")
    count = db.scalar(select(func.count(ShowPin.id)).where(ShowPin.show_id == show.id)) or 0
    if count >= MAX_PINS:
        raise Conflict(f"at most {MAX_PINS} products can be pinned; unpin one first")
    lineup = [item.product_id for item in show.lineup]
    if product.id not in lineup:
        # Pinning puts a product on sale in the show: the cart sells the line-up.
        shows_service.set_lineup(db, show, [*lineup, product.id])
    db.add(ShowPin(show_id=show.id, product_id=product.id))
    db.flush()
    return events.record(db, show.id, "pinned", {"product_id": product.id})


def unpin(db: Session, show: Show, product_id: int) -> dict[str, Any]:
    found = db.scalar(
        select(ShowPin).where(ShowPin.show_id == show.id, ShowPin.product_id == product_id)
    )
    if found is None:
        raise NotFound(f"product {product_id} is not pinned")
    db.delete(found)
    db.flush()
    return events.record(db, show.id, "unpinned", {"product_id": product_id})


def push_credential(
    db: Session, show: Show, credential_id: int, today: date | None = None
) -> dict[str, Any]:
    """Show one credential full screen; each viewer's page shows it only where it applies.
    An expired or withdrawn credential is refused (409)."""
    today = today or utcnow().date()
    credential = db.get(Credential, credential_id)
    if credential is None or credential.seller_id != show.seller_id:
        raise NotFound(f"no credential {credential_id} in this store")
    gone = [p for p in credential.missing_for_display(today) if p in {"expired", "withdrawn"}]
    if gone:
        raise Conflict(
            f"credential {credential.id} is {' and '.join(gone)}: viewers may no longer see it,"
            " so it cannot be pushed"
        )
    return events.record(db, show.id, "credential_pushed", {"credential_id": credential.id})


def remove_credential(db: Session, seller_id: int, credential_id: int) -> int:
    """Tell every live show of the store to drop the credential's card now (it expired or
    was withdrawn); returns how many shows were told."""
    shows = db.scalars(
        select(Show).where(Show.seller_id == seller_id, Show.state == ShowState.LIVE)
    )
    told = 0
    for show in shows:
        events.record(db, show.id, "credential_removed", {"credential_id": credential_id})
        told += 1
    return told


def go_live(db: Session, show: Show, user: StaffUser) -> dict[str, Any]:
    """Take the show live (the shows service's rules) and tell every viewer at once."""
    shows_service.go_live(db, show, user)
    return events.record(db, show.id, "show_state", {"state": show.state.value})


def end(db: Session, show: Show, user: StaffUser) -> dict[str, Any]:
    shows_service.end(db, show, user)
    stage.end_all(db, show.id)  # every stage invitation and pass dies with the show
    return events.record(db, show.id, "show_state", {"state": show.state.value})
