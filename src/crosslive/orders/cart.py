"""A cart per anonymous viewer, show and market currency.

Only products lined up in the show, published, and priced in the market's currency can
be added. Stock checked here is advice for the viewer; the reservation at checkout
(crosslive.catalog.inventory) is what prevents overselling.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from crosslive import i18n
from crosslive.catalog.models import Product, Variant, VariantPrice
from crosslive.compliance import service as compliance
from crosslive.compliance import titles as compliance_titles
from crosslive.errors import Conflict, InvalidInput, NotFound
from crosslive.events import service as events
from crosslive.i18n import N_
from crosslive.landed import service as landed
from crosslive.landed.breakdown import LandedLine
from crosslive.markets import service as markets_service
from crosslive.markets.models import Market, WarehouseRoute
from crosslive.money import format_money
from crosslive.orders.caps import Caps, check_cart_size
from crosslive.orders.errors import NotSoldInMarket, SoldOut
from crosslive.orders.models import Cart, CartAdd, CartItem
from crosslive.orders.schemas import CartLineOut, CartOut, MarketOut
from crosslive.shows.models import Show, ShowProduct

COUNTERS_CHANGED = "counters_changed"


def sells_to(show: Show, market: Market) -> bool:
    """Whether the show sells in MARKET (a show without markets sells in all the store's)."""
    return not show.market_codes or market.code in {c.upper() for c in show.market_codes}


def find_market(db: Session, show: Show, code: str) -> Market:
    """The show's market with CODE (the markets the show is for, or all the store's)."""
    code = code.strip().upper()
    if show.market_codes and code not in {c.upper() for c in show.market_codes}:
        raise InvalidInput(N_("this show does not sell to market {code}"), code=code)
    market = markets_service.find_market(db, show.seller_id, code)
    if market is None:
        raise InvalidInput(N_("this store does not sell to market {code}"), code=code)
    return market


def market_out(market: Market) -> MarketOut:
    return MarketOut(
        code=market.code,
        name=market.name,
        currency=market.currency,
        countries=[c.upper() for c in market.countries],
    )


def buyable_variant(db: Session, show: Show, variant_id: int) -> Variant:
    """A variant of a published product in the show's line-up, or NotFound."""
    variant = db.scalar(
        select(Variant)
        .join(Product, Product.id == Variant.product_id)
        .join(ShowProduct, ShowProduct.product_id == Product.id)
        .where(
            Variant.id == variant_id,
            Variant.seller_id == show.seller_id,
            ShowProduct.show_id == show.id,
            Product.published.is_(True),
        )
    )
    if variant is None:
        raise NotFound(N_("that product is not on sale in this show"))
    return variant


def unit_price(variant: Variant, market: Market) -> VariantPrice:
    price = variant.price_in(market.currency)
    if price is None:
        raise NotSoldInMarket(
            f"{variant.product.title} ({variant.label}) is not sold in {market.name}: "
            f"it has no price in {market.currency}"
        )
    return price


def find_cart(db: Session, viewer_id: str, show: Show, currency: str) -> Cart | None:
    return db.scalar(
        select(Cart).where(
            Cart.viewer_id == viewer_id, Cart.show_id == show.id, Cart.currency == currency
        )
    )


def _cart_for_update(db: Session, viewer_id: str, show: Show, currency: str) -> Cart:
    cart = find_cart(db, viewer_id, show, currency)
    if cart is not None:
        return cart
    db.add(Cart(viewer_id=viewer_id, show_id=show.id, currency=currency))
    try:
        db.flush()
    except IntegrityError:
        # The same viewer's parallel request created it first (this was our first write).
        db.rollback()
    cart = find_cart(db, viewer_id, show, currency)
    if cart is None:
        raise Conflict(N_("the cart changed while updating it; try again"))
    return cart


def _check_stock(db: Session, variant: Variant, market: Market, quantity: int) -> None:
    """SoldOut when no warehouse serving MARKET has any unit (nor are any unplaced); a
    quantity above what one warehouse can ship is left for the cart line to flag."""
    if variant.stock <= 0 or markets_service.shipment(db, market, variant.id, 1) is None:
        raise SoldOut(
            N_("Sold out: {product} ({variant})"),
            product=compliance_titles.shown_title(db, variant.product, market),
            variant=variant.label,
        )
    if quantity > variant.stock:
        raise InvalidInput(
            N_("only {count} left of {product}"),
            count=variant.stock,
            product=compliance_titles.shown_title(db, variant.product, market),
        )


def add_item(
    db: Session,
    viewer_id: str,
    show: Show,
    market: Market,
    variant_id: int,
    quantity: int,
    caps: Caps | None = None,
    lang: str = i18n.DEFAULT,
) -> CartOut:
    """Add QUANTITY of a variant (added to what the cart already holds), within CAPS."""
    variant = buyable_variant(db, show, variant_id)
    unit_price(variant, market)
    compliance.require_sellable(db, variant.product, market)
    cart = _cart_for_update(db, viewer_id, show, market.currency)
    item = next((i for i in cart.items if i.variant_id == variant.id), None)
    total = quantity + (item.quantity if item else 0)
    check_cart_size(caps or Caps(), len(cart.items) + (item is None), total)
    _check_stock(db, variant, market, total)
    if item is None:
        cart.items.append(CartItem(variant_id=variant.id, quantity=total))
    else:
        item.quantity = total
    db.add(CartAdd(show_id=show.id, variant_id=variant.id, quantity=quantity))
    db.flush()
    # The host console's counters move (the figures are not in the public event).
    events.announce(db, show.id, COUNTERS_CHANGED, {})
    return cart_view(db, viewer_id, show, market, lang=lang)


def set_quantity(
    db: Session,
    viewer_id: str,
    show: Show,
    market: Market,
    variant_id: int,
    quantity: int,
    caps: Caps | None = None,
    lang: str = i18n.DEFAULT,
) -> CartOut:
    """Set the quantity of a line; 0 removes it."""
    cart = find_cart(db, viewer_id, show, market.currency)
    item = next((i for i in cart.items if i.variant_id == variant_id), None) if cart else None
    if cart is None or item is None:
        raise NotFound(N_("that item is not in your cart"))
    if quantity == 0:
        cart.items.remove(item)
    else:
        check_cart_size(caps or Caps(), len(cart.items), quantity)
        variant = buyable_variant(db, show, variant_id)
        compliance.require_sellable(db, variant.product, market)
        _check_stock(db, variant, market, quantity)
        item.quantity = quantity
    db.flush()
    return cart_view(db, viewer_id, show, market, lang=lang)


def priced_lines(db: Session, cart: Cart | None, market: Market) -> list[CartLineOut]:
    lines: list[CartLineOut] = []
    for item in cart.items if cart else []:
        variant = db.get(Variant, item.variant_id)
        if variant is None:
            continue
        price = unit_price(variant, market).amount_minor
        total = price * item.quantity
        lines.append(
            CartLineOut(
                variant_id=variant.id,
                # The handle where a severe claim hides the title from MARKET.
                product_title=compliance_titles.shown_title(db, variant.product, market),
                variant_label=variant.label,
                sku=variant.sku or "",
                quantity=item.quantity,
                unit_price_minor=price,
                line_total_minor=total,
                unit_price=format_money(price, market.currency),
                line_total=format_money(total, market.currency),
            )
        )
    return lines


def landed_line(variant: Variant, unit_price_minor: int, quantity: int) -> LandedLine:
    return LandedLine(
        key=str(variant.id),
        unit_price_minor=unit_price_minor,
        quantity=quantity,
        category=variant.product.category.value,
        grams=variant.grams or 0,
        hs_code=variant.product.hs_code or "",
    )


SOLD_OUT_THERE = N_(
    "Sold out for %(market)s: %(product)s (%(variant)s) cannot be shipped there in that quantity"
)


def _sold_out_in(market: Market, line: CartLineOut, lang: str) -> CartLineOut:
    message = i18n.translations(lang).gettext(SOLD_OUT_THERE) % {
        "market": market.name,
        "product": line.product_title,
        "variant": line.variant_label,
    }
    return line.model_copy(update={"sold_out": True, "message": message})


def cart_view(
    db: Session,
    viewer_id: str,
    show: Show,
    market: Market,
    country: str = "",
    lang: str = i18n.DEFAULT,
) -> CartOut:
    """The cart priced for MARKET: each line goes by the route that will ship it (one parcel
    per route); a line no route can ship is flagged sold out; the promise is the slowest
    parcel's. What the viewer reads (product titles, sold-out lines, the promise) is in LANG."""
    lines = priced_lines(db, find_cart(db, viewer_id, show, market.currency), market)
    # Each product under its approved title in LANG, as the order page will name it.
    worded = compliance_titles.line_titles(
        db, show.seller_id, market.code, [line.variant_id for line in lines], lang
    )
    lines = [
        line.model_copy(update={"product_title": worded[line.variant_id]})
        if line.variant_id in worded
        else line
        for line in lines
    ]
    subtotal = sum(line.line_total_minor for line in lines)
    variants = {v.id: v for v in (db.get(Variant, line.variant_id) for line in lines) if v}
    costed = [
        landed_line(variants[line.variant_id], line.unit_price_minor, line.quantity)
        for line in lines
    ]
    shipments = {
        str(line.variant_id): markets_service.shipment(db, market, line.variant_id, line.quantity)
        for line in lines
    }
    lines = [
        line if shipments[str(line.variant_id)] else _sold_out_in(market, line, lang)
        for line in lines
    ]
    routes = {key: s.route if s else None for key, s in shipments.items()}
    breakdown = landed.quote(db, market, costed, country, routes=routes) if lines else None
    return CartOut(
        show=show.slug,
        market=market_out(market),
        currency=market.currency,
        items=lines,
        item_count=sum(line.quantity for line in lines),
        subtotal_minor=subtotal,
        subtotal=format_money(subtotal, market.currency),
        breakdown=landed.breakdown_out(
            breakdown or landed.empty(market.currency),
            _promise(market, list(routes.values()), lang),
        ),
    )


def _promise(market: Market, routes: list[WarehouseRoute | None], lang: str) -> str:
    route = markets_service.slowest(routes)
    promise = markets_service.delivery_promise(market, route, lang)
    return promise.text if promise else ""
