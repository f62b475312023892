"""Whose figures a request sees and which orders count: the store, the shows a host runs,
the date range, the show, the market and the category asked for."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, Subquery, and_, func, select

from crosslive.auth.models import Role, StaffUser
from crosslive.catalog.models import Category, Product, Variant
from crosslive.errors import InvalidInput, PermissionDenied
from crosslive.orders.models import Order, OrderLine
from crosslive.returns.models import ReturnRequest, ReturnStatus
from crosslive.shows.models import ShowHost

MARKET_CODE = re.compile(r"[A-Za-z0-9_-]{1,8}")
# A return counts once the buyer confirmed it and until the store rejects it.
COUNTED_RETURNS = (
    ReturnStatus.REQUESTED,
    ReturnStatus.APPROVED,
    ReturnStatus.RECEIVED,
    ReturnStatus.REFUNDED,
    ReturnStatus.EXCHANGED,
)


@dataclass(frozen=True)
class Filters:
    since: date | None = None
    until: date | None = None
    show_id: int | None = None
    market: str | None = None
    category: str | None = None

    def checked(self) -> Filters:
        if self.since and self.until and self.until < self.since:
            raise InvalidInput("the end date is before the start date")
        if self.market is not None and not MARKET_CODE.fullmatch(self.market):
            raise InvalidInput("a market code is 1 to 8 letters, digits, '-' or '_'")
        if self.category is not None and self.category not in {c.value for c in Category}:
            allowed = ", ".join(c.value for c in Category)
            raise InvalidInput(f"unknown category {self.category!r}; one of {allowed}")
        return self

    def as_dict(self) -> dict[str, str | int | None]:
        return {
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "show_id": self.show_id,
            "market": self.market,
            "category": self.category,
        }


@dataclass(frozen=True)
class Scope:
    """A store's figures as one staff member may see them: a host only their shows'."""

    seller_id: int
    host_id: int | None
    filters: Filters

    @classmethod
    def of(cls, user: StaffUser, filters: Filters) -> Scope:
        if user.role not in (Role.OWNER, Role.HOST):
            raise PermissionDenied("insights are for the store's owners and hosts")
        host_id = user.id if user.role == Role.HOST else None
        return cls(user.seller_id, host_id, filters.checked())

    def order_filter(self) -> ColumnElement[bool]:
        """Orders of the store, the host's shows, the date range, the show and the market."""
        f = self.filters
        parts: list[ColumnElement[bool]] = [Order.seller_id == self.seller_id]
        if self.host_id is not None:
            hosted = select(ShowHost.show_id).where(ShowHost.user_id == self.host_id)
            parts.append(Order.show_id.in_(hosted))
        if f.since is not None:
            parts.append(Order.created_at >= start_of(f.since))
        if f.until is not None:
            parts.append(Order.created_at < start_of(f.until, days=1))
        if f.show_id is not None:
            parts.append(Order.show_id == f.show_id)
        if f.market is not None:
            parts.append(Order.market_code == f.market)
        return and_(*parts)

    def category_filter(self) -> ColumnElement[bool] | None:
        if self.filters.category is None:
            return None
        return Product.category == Category(self.filters.category)


def start_of(day: date, days: int = 0) -> datetime:
    """Midnight UTC at the start of DAY, DAYS later (the last day there is at the latest)."""
    later = day + timedelta(days=days) if day < date.max - timedelta(days=days) else date.max
    return datetime.combine(later, time(0), tzinfo=UTC)


def returns_subquery() -> Subquery:
    """The counted returns, one row per returned order line."""
    return (
        select(
            ReturnRequest.order_line_id.label("line_id"),
            ReturnRequest.quantity.label("quantity"),
            ReturnRequest.reason.label("reason"),
            ReturnRequest.outcome.label("outcome"),
            ReturnRequest.refund_minor.label("refund_minor"),
        )
        .where(ReturnRequest.status.in_(COUNTED_RETURNS))
        .subquery("returned")
    )


def delivered_lines(scope: Scope) -> Subquery:
    """Order lines of delivered orders in SCOPE with their product, category and return."""
    returned = returns_subquery()
    stmt = (
        select(
            OrderLine.id.label("line_id"),
            OrderLine.quantity.label("units"),
            OrderLine.line_total_minor.label("revenue_minor"),
            OrderLine.variant_id.label("variant_id"),
            OrderLine.variant_label.label("size"),
            OrderLine.advised_size.label("advised_size"),
            OrderLine.product_title.label("line_title"),
            Order.id.label("order_id"),
            Order.market_id.label("market_id"),
            Order.market_code.label("market"),
            Order.currency.label("currency"),
            Order.show_id.label("show_id"),
            Product.id.label("product_id"),
            Product.category.label("category"),
            func.coalesce(Product.title, OrderLine.product_title).label("product"),
            returned.c.quantity.label("returned_units"),
            returned.c.reason.label("reason"),
            returned.c.outcome.label("outcome"),
            returned.c.refund_minor.label("refund_minor"),
        )
        .join(Order, Order.id == OrderLine.order_id)
        .outerjoin(Variant, Variant.id == OrderLine.variant_id)
        .outerjoin(Product, Product.id == Variant.product_id)
        .outerjoin(returned, returned.c.line_id == OrderLine.id)
        .where(scope.order_filter(), Order.delivered_at.is_not(None))
    )
    category = scope.category_filter()
    return (stmt if category is None else stmt.where(category)).subquery("lines")
