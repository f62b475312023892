"""Shows as the live room sees them: lookup, who may run them, pins, pushes and counters.

Every change is recorded in the show's event log (published once the caller's unit of work
commits) and returned as that event.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crosslive.auth.models import Role, Seller, StaffUser
from crosslive.catalog.models import Product
from crosslive.errors import Conflict, NotFound, PermissionDenied
from crosslive.events import service as events
from crosslive.live.models import ShowPin
from crosslive.orders import service as orders_service
from crosslive.shows import service as shows_service
from crosslive.shows.models import Show, ShowHost
from crosslive.trust.models import Credential

MAX_PINS = 3


def find_show(db: Session, slug: str, store: str | None = None) -> Show:
    """The public show behind /live/{slug}; `store` picks one when two stores share a slug."""
    query = select(Show).where(Show.slug == slug)
    if store:
        query = query.join(Seller, Seller.id == Show.seller_id).where(Seller.slug == store)
    shows = db.scalars(query.limit(2)).all()
    if len(shows) != 1:
        raise NotFound(f"no show {slug!r}" + ("" if not shows else "; add ?store=<store>"))
    return shows[0]


def staff_show(db: Session, user: StaffUser, slug: str) -> Show:
    """A show of the staff member's own store (another store's shows do not exist for them)."""
    show = db.scalar(select(Show).where(Show.seller_id == user.seller_id, Show.slug == slug))
    if show is None:
        raise NotFound(f"no show {slug!r} in your store")
    return show


def is_host(db: Session, user: StaffUser, show: Show) -> bool:
    if user.seller_id != show.seller_id:
        return False
    if user.role == Role.OWNER:
        return True
    hosted = db.scalar(
        select(ShowHost.id).where(ShowHost.show_id == show.id, ShowHost.user_id == user.id)
    )
    return hosted is not None


def require_host(db: Session, user: StaffUser, show: Show) -> None:
    if not is_host(db, user, show):
        raise PermissionDenied("only the show's hosts and the store owner can do this")


def require_moderator(db: Session, user: StaffUser, show: Show) -> None:
    if user.seller_id != show.seller_id:
        raise PermissionDenied("this show belongs to another store")
    if user.role != Role.MODERATOR and not is_host(db, user, show):
        raise PermissionDenied("only moderators, the show's hosts and the owner can moderate")


def pinned_products(db: Session, show_id: int) -> list[Product]:
    pins = db.scalars(
        select(ShowPin).where(ShowPin.show_id == show_id).order_by(ShowPin.pinned_at, ShowPin.id)
    )
    return [pin.product for pin in pins]


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


def push_credential(db: Session, show: Show, credential_id: int) -> dict[str, Any]:
    """Show one credential full screen; each viewer's page shows it only where it applies."""
    credential = db.get(Credential, credential_id)
    if credential is None or credential.seller_id != show.seller_id:
        raise NotFound(f"no credential {credential_id} in this store")
    return events.record(db, show.id, "credential_pushed", {"credential_id": credential.id})


def go_live(db: Session, show: Show, user: StaffUser) -> dict[str, Any]:
    shows_service.go_live(db, show, user)
    return events.record(db, show.id, "show_state", {"state": show.state.value})


def end(db: Session, show: Show, user: StaffUser) -> dict[str, Any]:
    shows_service.end(db, show, user)
    return events.record(db, show.id, "show_state", {"state": show.state.value})


def counters(db: Session, show_id: int) -> dict[str, Any]:
    """Add-to-carts, orders and revenue per currency, read from the orders themselves."""
    figures = orders_service.show_counters(db, show_id)
    revenue = {row["currency"]: row["amount_minor"] for row in figures["revenue"]}
    return {"add_to_cart": figures["add_to_carts"], "orders": figures["orders"], "revenue": revenue}
