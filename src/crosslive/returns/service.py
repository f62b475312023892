"""Returns prevention: lane costs and their economics, camera checklist ticks, packing slips.

Services flush, never commit: the request's unit of work (or `commit_then_publish`) does.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from crosslive.auth import service as auth_service
from crosslive.auth.models import Role, StaffUser
from crosslive.catalog import service as catalog_service
from crosslive.catalog.models import Category, Product, Variant
from crosslive.errors import InvalidInput
from crosslive.events import service as events_service
from crosslive.live import service as live_service
from crosslive.mail import languages
from crosslive.markets import service as markets_service
from crosslive.markets.models import LabelPaidBy, Market
from crosslive.money import format_money
from crosslive.orders import service as orders_service
from crosslive.orders.models import Order
from crosslive.returns import camera, economics, packaging, slip
from crosslive.returns.models import CameraCheck, LaneCost
from crosslive.returns.schemas import (
    CameraCheckIn,
    CategoryBreakEven,
    ChecklistItemOut,
    EconomicsOut,
    LaneIn,
    LaneOut,
    MarginWarning,
    MarketEconomics,
    ProductChecklistOut,
)
from crosslive.shows.models import Show

CAMERA_EVENT = "camera_check"

# --- lanes ----------------------------------------------------------------------------------


def _lane_out(market: Market, lane: LaneCost) -> LaneOut:
    return LaneOut(
        market_id=market.id,
        market_code=market.code,
        currency=market.currency,
        outbound_minor=lane.outbound_minor,
        return_shipping_minor=lane.return_shipping_minor,
        handling_minor=lane.handling_minor,
    )


def _lanes_by_market(db: Session, seller_id: int) -> dict[int, LaneCost]:
    rows = db.scalars(select(LaneCost).where(LaneCost.seller_id == seller_id))
    return {row.market_id: row for row in rows}


def list_lanes(db: Session, staff: StaffUser) -> list[LaneOut]:
    auth_service.require_role(staff, Role.OWNER)
    lanes = _lanes_by_market(db, staff.seller_id)
    markets = markets_service.list_markets(db, staff.seller_id)
    return [_lane_out(m, lanes[m.id]) for m in markets if m.id in lanes]


def set_lane(db: Session, staff: StaffUser, market_id: int, data: LaneIn) -> LaneOut:
    """Enter or replace a market's lane costs (owners only; another store's market is a 404)."""
    auth_service.require_role(staff, Role.OWNER)
    market = markets_service.get_market(db, staff.seller_id, market_id)
    lane = db.scalar(select(LaneCost).where(LaneCost.market_id == market.id))
    if lane is None:
        lane = LaneCost(seller_id=staff.seller_id, market_id=market.id)
        db.add(lane)
    lane.outbound_minor = data.outbound_minor
    lane.return_shipping_minor = data.return_shipping_minor
    lane.handling_minor = data.handling_minor
    db.flush()
    return _lane_out(market, lane)


# --- economics ------------------------------------------------------------------------------


def _costs(lane: LaneCost) -> economics.LaneCosts:
    return economics.LaneCosts(lane.outbound_minor, lane.return_shipping_minor, lane.handling_minor)


def _market_economics(
    market: Market, lane: LaneCost | None, sold: set[Category]
) -> MarketEconomics:
    rows: list[CategoryBreakEven] = []
    suggested = None
    if lane is not None:
        costs = _costs(lane)
        for category in Category:
            even = economics.break_even_minor(costs, category)
            rows.append(
                CategoryBreakEven(
                    category=category,
                    return_rate=float(economics.RETURN_RATES[category]),
                    resale_share=float(economics.RESALE_SHARES[category]),
                    break_even_minor=even,
                    break_even=format_money(even, market.currency),
                    expected_return_cost_minor=economics.expected_return_cost_minor(
                        costs, category
                    ),
                )
            )
        suggested = economics.suggested_keep_it_minor(costs, sold, market.currency)
    return MarketEconomics(
        market_id=market.id,
        market_code=market.code,
        currency=market.currency,
        lane=_lane_out(market, lane) if lane is not None else None,
        keep_it_below_minor=market.keep_it_below_minor,
        suggested_keep_it_minor=suggested,
        suggested_keep_it=None if suggested is None else format_money(suggested, market.currency),
        categories=rows,
    )


def _warning(product: Product, market: Market, lane: LaneCost) -> MarginWarning | None:
    """The product's worst variant on the lane, when its expected return cost beats its margin."""
    costs = _costs(lane)
    expected = economics.expected_return_cost_minor(costs, product.category)
    worst: MarginWarning | None = None
    for variant in product.variants:
        price = variant.price_in(market.currency)
        if price is None or price.unit_cost_minor is None:
            continue
        margin = economics.margin_minor(costs, price.amount_minor, price.unit_cost_minor)
        if margin is None or expected <= margin:
            continue
        if worst is None or margin < worst.margin_minor:
            money = market.currency
            worst = MarginWarning(
                product_id=product.id,
                title=product.title,
                category=product.category,
                market_code=market.code,
                variant=variant.label,
                price_minor=price.amount_minor,
                unit_cost_minor=price.unit_cost_minor,
                margin_minor=margin,
                expected_return_cost_minor=expected,
                message=(
                    f"{product.title} ({variant.label}) in {market.code}: returns are expected "
                    f"to cost {format_money(expected, money)} a sale, more than its margin of "
                    f"{format_money(margin, money)}"
                ),
            )
    return worst


def lane_economics(db: Session, staff: StaffUser) -> EconomicsOut:
    """Per market: the lane, the break-even per category and the suggested keep-it amount;
    then every product whose expected return cost on a lane exceeds its margin there."""
    auth_service.require_role(staff, Role.OWNER)
    lanes = _lanes_by_market(db, staff.seller_id)
    markets = markets_service.list_markets(db, staff.seller_id)
    products = catalog_service.list_products(db, staff.seller_id)
    sold = {p.category for p in products}
    rows = [_market_economics(m, lanes.get(m.id), sold) for m in markets]
    warnings = [
        warning
        for market in markets
        if market.id in lanes
        for product in products
        if (warning := _warning(product, market, lanes[market.id])) is not None
    ]
    return EconomicsOut(markets=rows, warnings=warnings)


# --- what to show on camera -----------------------------------------------------------------


def checklists(db: Session, show: Show, products: list[Product]) -> list[ProductChecklistOut]:
    """Each product's checklist for its category, with what this show has ticked."""
    ticked = {
        (row.product_id, row.item)
        for row in db.scalars(
            select(CameraCheck).where(CameraCheck.show_id == show.id, CameraCheck.done.is_(True))
        )
    }
    return [
        ProductChecklistOut(
            product_id=p.id,
            category=p.category,
            items=[
                ChecklistItemOut(key=i.key, label=i.label, done=(p.id, i.key) in ticked)
                for i in camera.checklist(p.category)
            ],
        )
        for p in products
    ]


def _store_tick(db: Session, show: Show, user: StaffUser, body: CameraCheckIn) -> None:
    query = select(CameraCheck).where(
        CameraCheck.show_id == show.id,
        CameraCheck.product_id == body.product_id,
        CameraCheck.item == body.item,
    )
    row = db.scalar(query)
    if row is None:
        try:
            with db.begin_nested():
                db.add(
                    CameraCheck(
                        show_id=show.id,
                        product_id=body.product_id,
                        item=body.item,
                        done=body.done,
                        checked_by_id=user.id,
                    )
                )
            return
        except IntegrityError:  # another host ticked it at the same moment
            row = db.scalar(query)
            if row is None:
                raise
    row.done = body.done
    row.checked_by_id = user.id


def tick(db: Session, show: Show, user: StaffUser, body: CameraCheckIn) -> dict[str, Any]:
    """Tick (or untick) one checklist item for a product of the show, and record it on the
    show's event log. The caller has checked that USER hosts the show."""
    product = live_service.show_product(db, show, body.product_id)
    if body.item not in camera.item_keys(product.category):
        raise InvalidInput(f"{body.item!r} is not on the {product.category.value} checklist")
    _store_tick(db, show, user, body)
    db.flush()
    # The event log is public: the tick carries no name, only what was shown.
    data = {"product_id": product.id, "item": body.item, "done": body.done}
    return events_service.record(db, show.id, CAMERA_EVENT, data)


# --- packing slips --------------------------------------------------------------------------


def _products_of(db: Session, order: Order) -> dict[int, Product]:
    ids = [line.variant_id for line in order.lines if line.variant_id is not None]
    if not ids:
        return {}
    rows = db.execute(
        select(Variant.id, Product)
        .join(Product, Variant.product_id == Product.id)
        .where(Variant.id.in_(ids), Product.seller_id == order.seller_id)
    )
    return {variant_id: product for variant_id, product in rows}


def _card(order: Order, market: Market | None) -> slip.ReturnCard:
    warehouse = market.return_warehouse if market is not None else None
    where = (
        f"{warehouse.name}, {warehouse.city}, {warehouse.country}" if warehouse is not None else ""
    )
    return slip.ReturnCard(
        language=languages.email_language(order.language, market.languages if market else []),
        window_days=market.return_window_days if market is not None else 30,
        warehouse=where,
        seller_pays_label=market is None or market.return_label_paid_by is LabelPaidBy.SELLER,
        reference=f"ORDER-{order.id}",
    )


def packing_slip(db: Session, staff: StaffUser, order_id: int) -> bytes:
    """The order's packing slip as a PDF (the store's owner; another store's order is a 404)."""
    order = orders_service.get_order(db, staff, order_id)
    products = _products_of(db, order)
    kinds = [
        kind
        for product in products.values()
        for kind in packaging.packaging_kinds(product.category, product.product_type, product.tags)
    ]
    market = (
        markets_service.get_market(db, order.seller_id, order.market_id)
        if order.market_id is not None
        else None
    )
    data = slip.SlipData(
        store=staff.seller.name,
        order_ref=f"Order #{order.id}",
        placed=order.created_at.strftime("%d %b %Y"),
        ship_to=[
            order.name,
            order.address_line1,
            order.address_line2,
            *order.locality_lines,
            order.country,
        ],
        lines=[
            slip.SlipLine(line.sku, line.product_title, line.variant_label, line.quantity)
            for line in order.lines
        ],
        advice=packaging.advice_for(kinds),
        card=_card(order, market),
        charges=charges(order),
        ioss_number=order.ioss_number,
    )
    return slip.render_slip(data)


def charges(order: Order) -> list[tuple[str, str]]:
    """The order's breakdown as the buyer confirmed it, for the slip."""

    def money(amount: int) -> str:
        return format_money(amount, order.currency)

    tax = "VAT included" if order.tax_included else "Sales tax"
    rows = [
        ("Subtotal", money(order.subtotal_minor)),
        ("Shipping", money(order.shipping_minor)),
        (tax, money(order.tax_minor)),
        ("Duties paid", money(order.duties_minor)),
        ("Total paid", money(order.total_minor)),
    ]
    if order.duties_at_door_minor:
        rows.append(("Due on delivery (estimate)", money(order.duties_at_door_minor)))
    return rows
