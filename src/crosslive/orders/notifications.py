"""The emails the orders domain sends (templates in orders/emails/), queued in the outbox,
in the buyer's language (`buyer_language`: the order's recorded language when a catalog
exists, else the market's first language, else English).

Every email links to the buyer's order page with a freshly signed token (orders.links).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from crosslive import i18n
from crosslive.auth.models import Seller
from crosslive.compliance import titles
from crosslive.i18n import N_
from crosslive.mail import languages, outbox
from crosslive.mail.templates import EmailTemplates
from crosslive.markets import service as markets_service
from crosslive.markets.models import Market
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import Order, Refund

FOLDER = Path(__file__).parent / "emails"


def order_url(links: OrderLinks, order: Order) -> str:
    return links.url(order)


def store_name(db: Session, order: Order) -> str:
    store = db.get(Seller, order.seller_id)
    return store.name if store else "crosslive"


def buyer_language(
    db: Session, order: Order, catalogs: languages.Translations = languages.translations
) -> str:
    """The language ORDER's emails are written in."""
    market = markets_service.find_market(db, order.seller_id, order.market_code)
    market_languages = market.languages if market is not None else []
    return languages.email_language(order.language, market_languages or [], catalogs)


def _queue(
    db: Session, order: Order, links: OrderLinks, name: str, subject: str, **extra: Any
) -> None:
    store = extra.pop("store_name", None) or store_name(db, order)
    suffix = extra.pop("subject_suffix", "")
    context = {"order": order, "store_name": store, "url": links.url(order), **extra}
    lang = buyer_language(db, order)
    # What was bought, by the product's approved title in the buyer's language where any.
    # The handle where a severe claim hides the title from the order's market.
    context["line_titles"] = titles.line_titles(
        db, order.seller_id, order.market_code, [x.variant_id for x in order.lines], lang
    )
    catalog = languages.translations(lang)
    email = EmailTemplates(FOLDER, catalog, lang).render(name, context)
    outbox.enqueue(
        db,
        to=order.email,
        subject=catalog.gettext(subject).format(store=store) + suffix,
        text=email.text,
        html=email.html or "",
    )


def queue_confirmation(db: Session, order: Order, *, store_name: str, links: OrderLinks) -> None:
    reference = f" {order.payments[0].reference}" if order.payments else ""
    _queue(
        db,
        order,
        links,
        "confirmation",
        N_("{store}: your order"),
        store_name=store_name,
        subject_suffix=reference,
    )


def queue_shipped(
    db: Session, order: Order, links: OrderLinks, promise: tuple[str, str] | None
) -> None:
    window = {"first": promise[0], "last": promise[1]} if promise else None
    _queue(db, order, links, "shipped", N_("{store}: your order is on its way"), promise=window)


def queue_delivered(
    db: Session,
    order: Order,
    links: OrderLinks,
    returns_until: datetime | None,
    market: Market | None,
) -> None:
    """The delivered email: the last day to return and MARKET's return terms, both in the
    buyer's language."""
    lang = buyer_language(db, order)
    day = i18n.format_day(returns_until.date(), lang) if returns_until else None
    terms = markets_service.return_terms(market, lang).text + "." if market else ""
    _queue(
        db,
        order,
        links,
        "delivered",
        N_("{store}: your order was delivered"),
        returns_until=day,
        terms=terms,
    )


def queue_refunded(db: Session, order: Order, refund: Refund, links: OrderLinks) -> None:
    _queue(db, order, links, "refunded", N_("{store}: a refund on your order"), refund=refund)


def queue_expired(db: Session, order: Order, links: OrderLinks) -> None:
    _queue(db, order, links, "expired", N_("{store}: your unpaid order was cancelled"))
