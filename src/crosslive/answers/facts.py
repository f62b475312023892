"""Answers composed from the store's facts, one function per intent. Each returns the
sentences (templates filled with facts, in the viewer's language) and the facts' sources,
or None when the facts to answer with are missing: then the question goes to the host."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from babel.numbers import format_percent

from crosslive.answers import entities
from crosslive.answers.context import Composed, Context, days, money
from crosslive.answers.show_facts import credentials, next_show
from crosslive.answers.templates import text as t
from crosslive.catalog.models import Product, Variant
from crosslive.content import service as content
from crosslive.landed import service as landed
from crosslive.landed.breakdown import Regime
from crosslive.landed.shipping import shipping_fee
from crosslive.markets import service as markets_service
from crosslive.markets.models import LabelPaidBy, Market
from crosslive.markets.service import Shipment

SIZE_ADVICE = (
    "For your size in {product}, open the size advisor on the product: it compares "
    "your measurements with the size chart."
)

DUTIES_PAID = "Taxes and import duties are charged at checkout; nothing more is due on delivery."

DUTIES_AT_DOOR = (
    "VAT is charged at checkout; import duty is paid on delivery and shown as an "
    "estimate before you buy."
)


def _shipped(ctx: Context, market: Market, product: Product) -> tuple[Variant, Shipment] | None:
    """The first variant of PRODUCT (of the size or colour asked for, if any) that MARKET can
    be sold, with the route that would ship one unit of it (the rule checkout applies)."""
    wanted = entities.options_in(ctx.question, product)
    for variant in entities.matching_variants(product, wanted) or product.variants:
        shipment = markets_service.shipment(ctx.db, market, variant.id, 1)
        if shipment is not None:
            return variant, shipment
    return None


def delivery(ctx: Context) -> Composed | None:
    """Days, warehouse and fee of the route that would ship the product asked about (the
    market's fastest route when no product is named)."""
    country = entities.country_in(ctx.question)
    market = ctx.market
    if country and country not in market.countries and country != market.code:
        served = [m for m in ctx.markets if country in m.countries or country == m.code]
        if not served:
            place = entities.country_name(country, ctx.language)
            return Composed(
                [t(ctx.language, "We do not ship to this country: {place}.", place=place)],
                [f"markets:{m.code}:countries" for m in ctx.markets],
            )
        market = served[0]
    place = (
        entities.country_name(country, ctx.language)
        if country
        else entities.market_place(market.code, market.countries, market.name, ctx.language)
    )
    product = ctx.product
    variant: Variant | None = None
    if product is None:
        route = landed.fastest_route(market)
    else:
        shipped = _shipped(ctx, market, product)
        if shipped is None:
            return _not_shipped(ctx, product, place)
        variant, route = shipped[0], shipped[1].route
    if route is None:
        return None
    sentences = [
        t(
            ctx.language,
            "Delivery – {place}: {days} days from our {city} warehouse.",
            place=place,
            days=days(route.delivery_days_min, route.delivery_days_max),
            city=route.warehouse.city,
        )
    ]
    sources = [f"markets:{market.code}:delivery"]
    if product is not None:
        sources.append(f"catalog:product/{product.id}:stock")
    rule = landed.shipping_rule(ctx.db, market, route)
    price = variant.price_in(market.currency) if variant else None
    fee: int | None = None
    if rule is None:
        fee = 0  # no fee set for the route: checkout charges none
    elif variant is not None and price is not None:
        fee = shipping_fee(rule, price.amount_minor, variant.grams or 0)
    elif not rule.bands:
        fee = rule.flat_minor
    if fee == 0:
        sentences.append(t(ctx.language, "Shipping is free."))
    elif fee is not None:
        sentences.append(
            t(ctx.language, "Shipping costs {fee}.", fee=money(ctx, fee, market.currency))
        )
    if fee != 0 and rule is not None and rule.free_above_minor is not None:
        limit = money(ctx, rule.free_above_minor, market.currency)
        sentences.append(t(ctx.language, "Shipping is free from {limit}.", limit=limit))
    if rule is not None:
        sources.append(f"landed:{market.code}:shipping_fee")
    return Composed(sentences, sources)


def _not_shipped(ctx: Context, product: Product, place: str) -> Composed:
    """No route can ship the product there: sold out everywhere, or its units sit only in
    warehouses that do not ship to that market."""
    wanted = entities.options_in(ctx.question, product)
    chosen = entities.matching_variants(product, wanted) or product.variants
    msgid = (
        "{product} is sold out."
        if all(v.stock <= 0 for v in chosen)
        else "{product} cannot be delivered to this destination: {place}."
    )
    return Composed(
        [t(ctx.language, msgid, product=product.title, place=place)],
        [f"catalog:product/{product.id}:stock"],
    )


def returns(ctx: Context) -> Composed | None:
    market, lang = ctx.market, ctx.language
    if market.return_window_days == 0:
        return Composed([t(lang, "Returns are not accepted.")], [f"markets:{market.code}:returns"])
    sentences = [
        t(lang, "You can return it within {days} days.", days=str(market.return_window_days))
    ]
    if market.return_warehouse is not None:
        sentences.append(
            t(lang, "Returns go to our {city} warehouse.", city=market.return_warehouse.city)
        )
    sentences.append(
        t(lang, "We pay the return label.")
        if market.return_label_paid_by == LabelPaidBy.SELLER
        else t(lang, "You pay the return label.")
    )
    if market.keep_it_below_minor > 0:
        limit = money(ctx, market.keep_it_below_minor, market.currency)
        sentences.append(
            t(lang, "Items under {limit} are refunded without sending them back.", limit=limit)
        )
    return Composed(sentences, [f"markets:{market.code}:returns"])


def _priced(variants: Sequence[Variant], currency: str) -> list[tuple[Variant, int]]:
    return [(v, p.amount_minor) for v in variants if (p := v.price_in(currency)) is not None]


def price(ctx: Context) -> Composed | None:
    product = ctx.product
    if product is None:
        return None
    currency = ctx.market.currency
    wanted = entities.options_in(ctx.question, product)
    chosen = entities.matching_variants(product, wanted) or product.variants
    priced = _priced(chosen, currency)
    source = f"catalog:product/{product.id}:price:{currency}"
    if not priced:
        return Composed(
            [t(ctx.language, "{product} is not sold in your market.", product=product.title)],
            [source],
        )
    low = min(a for _, a in priced)
    msgid = (
        "{product} costs {price}."
        if len({a for _, a in priced}) == 1
        else "{product} costs from {price}."
    )
    return Composed(
        [t(ctx.language, msgid, product=product.title, price=money(ctx, low, currency))], [source]
    )


def stock(ctx: Context) -> Composed | None:
    product = ctx.product
    if product is None:
        return None
    lang, currency = ctx.language, ctx.market.currency
    sources = [f"catalog:product/{product.id}:stock"]
    wanted = entities.options_in(ctx.question, product)
    if wanted.unknown and not wanted.values:
        options = sorted({v.options[-1] for v in product.variants if v.options}, key=_size_order)
        return Composed(
            [
                t(
                    lang,
                    "{product} does not come in {wanted}; it comes in: {options}.",
                    product=product.title,
                    wanted=", ".join(wanted.unknown),
                    options=", ".join(options),
                )
            ],
            sources,
        )
    if wanted.values:
        matches = entities.matching_variants(product, wanted)
        if len(matches) == 1:
            variant = matches[0]
            amount = variant.price_in(currency)
            if variant.stock > 0 and amount is not None:
                sources.append(f"catalog:product/{product.id}:price:{currency}")
                return Composed(
                    [
                        t(
                            lang,
                            "{product} ({variant}) is in stock, {price}.",
                            product=product.title,
                            variant=variant.label,
                            price=money(ctx, amount.amount_minor, currency),
                        )
                    ],
                    sources,
                )
            return Composed(
                [
                    t(
                        lang,
                        "{product} ({variant}) is sold out.",
                        product=product.title,
                        variant=variant.label,
                    )
                ],
                sources,
            )
        if not matches:
            return None
    else:
        matches = list(product.variants)
    available = [v.label for v in matches if v.stock > 0 and v.price_in(currency) is not None]
    if not available:
        return Composed([t(lang, "{product} is sold out.", product=product.title)], sources)
    sentences = [
        t(
            lang,
            "{product} is in stock in: {options}.",
            product=product.title,
            options=", ".join(available),
        )
    ]
    amounts = [a for _, a in _priced([v for v in matches if v.stock > 0], currency)]
    if amounts:
        msgid = (
            "{product} costs {price}."
            if len(set(amounts)) == 1
            else "{product} costs from {price}."
        )
        sentences.append(
            t(lang, msgid, product=product.title, price=money(ctx, min(amounts), currency))
        )
        sources.append(f"catalog:product/{product.id}:price:{currency}")
    return Composed(sentences, sources)


def _size_order(value: str) -> tuple[int, str]:
    order = ("XXS", "XS", "S", "M", "L", "XL", "XXL", "XXXL")
    return (order.index(value), value) if value in order else (len(order), value)


def size(ctx: Context) -> Composed | None:
    product = ctx.product
    if product is None:
        return None
    sentences = [
        t(
            ctx.language,
            SIZE_ADVICE,
            product=product.title,
        )
    ]
    sources = [f"fit:advisor:product/{product.id}"]
    if product.model_height_cm and product.model_size_worn:
        sentences.append(
            t(
                ctx.language,
                "Our model is {height} cm tall and wears {size}.",
                height=f"{product.model_height_cm:.0f}",
                size=product.model_size_worn,
            )
        )
        sources.append(f"catalog:product/{product.id}:model")
    return Composed(sentences, sources)


def material(ctx: Context) -> Composed | None:
    """The seller's material and care text, in the viewer's language where the seller has
    approved a translation of it (a machine draft is never quoted as the seller's words)."""
    product = ctx.product
    if product is None or not product.materials.strip():
        return None
    worded = content.localized(ctx.db, "product", [product.id], ctx.language, approved_only=True)[
        product.id
    ]
    translated = "materials" in worded.texts
    source = (
        f"content:product/{product.id}:materials:{ctx.language}"
        if translated
        else f"catalog:product/{product.id}:materials"
    )
    return Composed(
        [
            t(
                ctx.language,
                "Material and care of {product}, as the seller writes it: {materials}",
                product=worded.get("title", product.title),
                materials=worded.get("materials", product.materials).strip(),
            )
        ],
        [source],
    )


def duties(ctx: Context) -> Composed | None:
    rules = landed.market_rules(ctx.db, ctx.market)
    if not rules.taxes:
        return None
    source = f"landed:{ctx.market.code}:duties"
    if rules.regime == Regime.DDP:
        return Composed(
            [
                t(
                    ctx.language,
                    DUTIES_PAID,
                )
            ],
            [source],
        )
    sentences = [
        t(
            ctx.language,
            DUTIES_AT_DOOR,
        )
    ]
    if ctx.product is not None and ctx.product.category.value in rules.duty_bp:
        rate = Decimal(rules.duty_bp[ctx.product.category.value]) / Decimal(10000)
        sentences.append(
            t(
                ctx.language,
                "Estimated import duty for {product}: {rate}.",
                product=ctx.product.title,
                rate=str(format_percent(rate, "#,##0.#%", locale=ctx.locale)),
            )
        )
    return Composed(sentences, [source])


COMPOSERS = {
    "delivery": delivery,
    "returns": returns,
    "price": price,
    "stock": stock,
    "size": size,
    "material": material,
    "credentials": credentials,
    "next_show": next_show,
    "duties": duties,
}
