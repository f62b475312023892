"""A product's public page (/s/{store}/products/{handle or id}): the product sheet of the
live room as a page of its own, in the viewer's language and market, with the show that
features it, its canonical address and one alternate per language, and its schema.org
JSON-LD (web.product_jsonld) for machines."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from crosslive import i18n
from crosslive.auth import service as auth_service
from crosslive.auth.models import Seller
from crosslive.catalog import service as catalog_service
from crosslive.catalog.descriptions import plain_text
from crosslive.catalog.models import Product
from crosslive.compliance import claims
from crosslive.content import service as content
from crosslive.deps import SessionDep, get_settings
from crosslive.errors import NotFound
from crosslive.live import audience, cards
from crosslive.markets import viewer_market
from crosslive.markets.models import Market
from crosslive.shows.featuring import featuring_show
from crosslive.shows.models import Show
from crosslive.trust import service as trust_service
from crosslive.web import language
from crosslive.web.pages import render
from crosslive.web.product_facts import product_facts
from crosslive.web.product_jsonld import product_jsonld, script_text

router = APIRouter(include_in_schema=False)
PATH = "/s/{store}/products/{handle}"


def product_path(store: str, handle: str) -> str:
    """Where a product's page is (the live room's sheet links to it)."""
    return PATH.format(store=quote(store, safe=""), handle=quote(handle, safe=""))


def public_product(db: Session, store: str, ref: str) -> tuple[Seller, Product]:
    """The store's published product by handle, else by id; NotFound otherwise (another
    store's product, a draft)."""
    seller = auth_service.find_seller(db, store)
    if seller is None:
        raise NotFound("no such store")
    product = catalog_service.find_by_handle(db, seller.id, ref)
    if product is None and ref.isdigit():
        try:
            product = catalog_service.get_product(db, seller.id, int(ref))
        except NotFound:
            product = None
    if product is None or not product.published:
        raise NotFound("no such product")
    return seller, product


def alternates(url: str) -> list[tuple[str, str]]:
    """(hreflang, address) for each language the page speaks, and x-default (no ?lang=:
    the browser's language decides)."""
    return [(tag, f"{url}?lang={tag}") for tag in i18n.SUPPORTED] + [("x-default", url)]


def shown_show_title(
    db: Session, seller: Seller, show: Show, market: Market | None, lang: str
) -> str:
    """SHOW's title in LANG, or its store's name where a severe claim hides it from MARKET."""
    if "title" in claims.hidden_show_fields(db, show, market):
        return seller.name
    return content.one(db, "show", show.id, lang).get("title", show.title)


def page_context(
    request: Request, db: Session, store: str, ref: str, country: str
) -> dict[str, Any]:
    seller, product = public_product(db, store, ref)
    today = trust_service.today()
    lang = language.page_language(request)
    who = audience.resolve(
        db, seller.id, country=country, accept_language=request.headers.get("accept-language", "")
    )
    base_url = get_settings(request).public_url
    url = base_url + product_path(seller.slug, product.handle)
    texts = content.one(db, "product", product.id, lang)
    # Text a severe claim finding hides from the viewer's market is stated nowhere on the
    # page, its JSON-LD included (crosslive.compliance.claims).
    hidden = claims.hidden_product_fields(db, product, who.market)
    shown = dict(texts.texts)
    if "title" in hidden:
        shown["title"] = product.handle
    if "description_html" in hidden:
        shown["description_html"] = ""
    facts = product_facts(
        db,
        seller=seller,
        product=product,
        texts=shown,
        market=who.market,
        page_url=url,
        base_url=base_url,
        today=today,
    )
    market_code = who.market.code if who.market else ""
    show = featuring_show(db, seller.id, product.id, market_code)
    return {
        "seller": seller,
        "card": cards.product_card(db, product, who, today, lang),
        "description": plain_text(shown.get("description_html", product.description_html or "")),
        "who": who,
        "country": who.country,
        "countries": viewer_market.country_choices(db, seller.id, lang=lang),
        "show": show,
        "show_title": shown_show_title(db, seller, show, who.market, lang) if show else "",
        "canonical": f"{url}?lang={lang}",
        "alternates": alternates(url),
        "jsonld": script_text(product_jsonld(facts)),
    }


@router.get("/s/{store}/products/{ref}", response_class=HTMLResponse)
def product_page(
    request: Request, store: str, ref: str, db: SessionDep, country: str = ""
) -> HTMLResponse:
    context = page_context(request, db, store, ref, country)
    return render(request, "products/page.html", context, viewer=True)
