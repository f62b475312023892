"""How much of a show's stock one buyer may take: the caps a checkout applies.

A scripted buyer can mint viewer identities and email addresses freely, so a cap per viewer
alone stops nothing: each variant's units held in a show (orders not cancelled) are counted
three ways, by viewer, by email and by client address, and a checkout that would pass any of
them changes nothing. One address may hold a share of the variant's stock in the show (the
units still on sale plus those the show's orders hold), at least one unit.

The count runs after the line's stock was reserved: that conditional UPDATE holds the
variant's row until the checkout commits, so two checkouts of one variant are counted one
after the other and a burst of parallel requests cannot pass a cap together.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from crosslive.catalog.models import Variant
from crosslive.errors import InvalidInput
from crosslive.i18n import N_
from crosslive.orders.models import Order, OrderLine, OrderStatus
from crosslive.settings import Settings


class OverCap(InvalidInput):
    """The order would take more of a show's stock than one buyer may hold; nothing changed."""


@dataclass(frozen=True)
class Caps:
    max_lines: int = 10
    max_units_per_line: int = 10
    max_units_per_buyer: int = 10
    address_share: float = 0.05

    @classmethod
    def from_settings(cls, settings: Settings) -> Caps:
        return cls(
            max_lines=settings.checkout_max_lines,
            max_units_per_line=settings.checkout_max_units_per_line,
            max_units_per_buyer=settings.checkout_max_units_per_buyer,
            address_share=settings.checkout_address_share,
        )


@dataclass(frozen=True)
class Buyer:
    """Who a checkout counts against: the viewer, the client address (`viewers.address_key`)
    and the email (`email_key`)."""

    viewer_id: str
    client_key: str
    email_key: str


def email_key(email: str) -> str:
    """The email as caps compare it: lower case, without a +tag (ana+1@x and Ana@x are one)."""
    local, _, domain = email.strip().lower().rpartition("@")
    return f"{local.split('+', 1)[0]}@{domain}" if local else email.strip().lower()


def check_cart_size(caps: Caps, lines: int, units: int) -> None:
    """A cart or order within the line and unit caps (`lines` items, the largest `units`)."""
    if lines > caps.max_lines:
        raise OverCap(N_("an order holds at most {count} different items"), count=caps.max_lines)
    if units > caps.max_units_per_line:
        raise OverCap(N_("at most {count} of one item per order"), count=caps.max_units_per_line)


@dataclass(frozen=True)
class Held:
    """Units of one variant the show's orders (not cancelled) hold: all, and per buyer key."""

    show: int
    viewer: int
    email: int
    address: int


def held(db: Session, show_id: int, variant_id: int, buyer: Buyer) -> Held:
    def by(condition: ColumnElement[bool]) -> ColumnElement[int]:
        return func.coalesce(func.sum(case((condition, OrderLine.quantity), else_=0)), 0)

    row = db.execute(
        select(
            func.coalesce(func.sum(OrderLine.quantity), 0),
            by(Order.viewer_id == buyer.viewer_id),
            by(Order.email_key == buyer.email_key),
            by(Order.client_key == buyer.client_key),
        )
        .join(Order, Order.id == OrderLine.order_id)
        .where(
            Order.show_id == show_id,
            OrderLine.variant_id == variant_id,
            Order.status != OrderStatus.CANCELLED,
        )
    ).one()
    return Held(*(int(value) for value in row))


def address_cap(caps: Caps, show_stock: int) -> int:
    """Units of a variant one client address may hold, of SHOW_STOCK the show sells."""
    return max(1, math.floor(caps.address_share * show_stock))


def check_line(
    db: Session, caps: Caps, show_id: int, variant: Variant, quantity: int, buyer: Buyer
) -> None:
    """After QUANTITY of VARIANT was reserved for BUYER: OverCap when it passes a cap."""
    name = f"{variant.product.title} ({variant.label})"
    already = held(db, show_id, variant.id, buyer)
    buyer_most = max(already.viewer, already.email if buyer.email_key else 0)
    if buyer_most + quantity > caps.max_units_per_buyer:
        raise OverCap(
            N_(
                "at most {count} of {product} per buyer during the show (you already "
                "ordered {ordered}). Nothing was ordered."
            ),
            count=caps.max_units_per_buyer,
            product=name,
            ordered=buyer_most,
        )
    left = db.scalar(select(Variant.stock).where(Variant.id == variant.id)) or 0
    most = address_cap(caps, left + already.show + quantity)
    if buyer.client_key and already.address + quantity > most:
        raise OverCap(
            N_(
                "at most {count} of {product} per network during the show (orders from "
                "your network already hold {held}). Nothing was ordered."
            ),
            count=most,
            product=name,
            held=already.address,
        )
