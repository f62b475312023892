"""The viewer's live room (/live/{show}), its embeddable twin (/embed/{show}) and the
fragments the room loads when the host pins a product or pushes a credential (evidence opens
through the trust domain's public evidence route)."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from crosslive import i18n
from crosslive.auth import service as auth_service
from crosslive.captions import service as captions
from crosslive.captions.lifespan import captions_of
from crosslive.catalog.models import Product
from crosslive.compliance import claims
from crosslive.compliance import service as compliance
from crosslive.content import service as content
from crosslive.deps import SessionDep, get_settings
from crosslive.live import audience, cards, embed, market_rules, service
from crosslive.live.audience import Audience
from crosslive.markets import viewer_market
from crosslive.media.lifespan import media_of
from crosslive.media.page_offer import keep_private, page_offer
from crosslive.orders import cart as carts
from crosslive.orders.stripe_provider import StripeConfig
from crosslive.replays import service as replays
from crosslive.reviews import service as reviews_service
from crosslive.shows import service as shows_service
from crosslive.shows.models import Show
from crosslive.state import state_of
from crosslive.web import language
from crosslive.web.headers import PagePolicy
from crosslive.web.pages import fresh_viewer_token, render

router = APIRouter(include_in_schema=False)


def viewer_audience(request: Request, db: Session, show: Show, country: str) -> Audience:
    """Who is watching, among the markets SHOW sells to."""
    return audience.resolve(
        db,
        show.seller_id,
        country=country,
        accept_language=request.headers.get("accept-language", ""),
        codes=show.market_codes or (),
    )


def chosen_language(request: Request) -> str:
    """The page's language when the viewer picked it (?lang= or the switcher's cookie); ''
    when it came from the browser, whose own first language then labels promotions."""
    if i18n.supported(request.query_params.get("lang", "")) or i18n.supported(
        request.cookies.get(language.COOKIE, "")
    ):
        return language.page_language(request)
    return ""


def sheet_card(db: Session, product: Product, who: Audience, lang: str) -> dict[str, Any]:
    """The pinned product's sheet with its verified-purchase reviews: the distribution, the
    count, how they are verified and the first ones, those in the viewer's language first."""
    card = cards.product_card(db, product, who, date.today(), lang)
    card["reviews"] = reviews_service.sheet(db, product.id, lang)
    return card


def room_context(request: Request, db: Session, show: Show, country: str) -> dict[str, Any]:
    who = viewer_audience(request, db, show, country)
    lang = language.page_language(request)
    seller = auth_service.get_seller(db, show.seller_id)
    media = media_of(request.app)
    worded = content.one(db, "show", show.id, lang)
    # A severe claim finding for the viewer's market hides the show's title (the store's
    # name stands in) or description there (crosslive.compliance.claims).
    hidden = claims.hidden_show_fields(db, show, who.market)
    return {
        "show": show,
        "show_title": seller.name if "title" in hidden else worded.get("title", show.title),
        "show_description": ""
        if "description" in hidden
        else worded.get("description", show.description),
        "show_machine": worded.machine,
        "seller": seller,
        "who": who,
        "country": who.country
        or (who.market.countries[0] if who.market and who.market.countries else ""),
        "countries": viewer_market.country_choices(
            db, show.seller_id, show.market_codes or (), lang
        ),
        # A product a market rule refuses to the viewer's market (crosslive.compliance) is
        # not shown there at all.
        "pinned": [
            sheet_card(db, p, who, lang)
            for p in service.pinned_products(db, show.id)
            if compliance.sellable(db, p, who.market)
        ],
        "paid_hosts": market_rules.paid_host_names(show),
        "ad_label": audience.ad_label(who, chosen_language(request)) if show.sponsored else "",
        "media_on": media is not None,
        # "Video call with the store" (crosslive.consultations) needs the media server.
        "calls_on": media is not None,
        # "" where this server does not transcribe; else the host's switch.
        "captions": (
            ("on" if captions.is_enabled(db, show.id) else "off")
            if captions_of(request.app) is not None
            else ""
        ),
        "viewer_token": fresh_viewer_token(request),
        # The cart sells in the viewer's market only where the show sells there.
        "has_cart": who.market is not None and carts.sells_to(show, who.market),
        # The drawer offers "Card / wallet" (Stripe's hosted page) when Stripe is set up.
        "card_payments": StripeConfig.from_settings(get_settings(request)) is not None,
        # An ended show's room links to its replay once it is ready and listed.
        "replay_url": (
            f"/replay/{show.slug}?store={seller.slug}"
            if show.state.value == "ended" and replays.listed_replay(db, show.id)
            else ""
        ),
    }


def room_page(request: Request, context: dict[str, Any], started: float) -> HTMLResponse:
    """The room, with a ready video offer where one is waiting (taken last, once the
    page's own data is in hand, so a failure before it holds no subscription)."""
    market = context["who"].market
    context["page_offer"] = page_offer(
        request, context["show"], market.code if market else "", context.get("country") or ""
    )
    response = render(request, "live/viewer.html", context, viewer=True)
    if context["page_offer"] is not None:
        keep_private(response)
    # The page subtracts this from its load's time to estimate the link's round trip.
    response.headers["Server-Timing"] = f"page;dur={(time.perf_counter() - started) * 1000:.1f}"
    return response


@router.get("/live/{slug}", response_class=HTMLResponse)
def viewer_page(
    request: Request, slug: str, db: SessionDep, country: str = "", store: str | None = None
) -> HTMLResponse:
    started = time.perf_counter()
    show = shows_service.public_show(db, slug, store)
    return room_page(request, room_context(request, db, show, country), started)


@router.get("/embed/{slug}", response_class=HTMLResponse)
def embed_page(
    request: Request, slug: str, db: SessionDep, country: str = "", store: str | None = None
) -> HTMLResponse:
    started = time.perf_counter()
    show = shows_service.public_show(db, slug, store)
    context = {**room_context(request, db, show, country), "embedded": True}
    response = room_page(request, context, started)
    ancestors = embed.frame_ancestors(embed.allowed_origins(db, show.seller_id))
    policy = state_of(request.app).get(PagePolicy)
    response.headers[embed.CSP] = policy.header(request.scope, frame_ancestors=ancestors)
    return response


@router.get("/live/{slug}/cards/{product_id}", response_class=HTMLResponse)
def product_fragment(
    request: Request,
    slug: str,
    product_id: int,
    db: SessionDep,
    country: str = "",
    store: str | None = None,
) -> Response:
    show = shows_service.public_show(db, slug, store)
    product = service.show_product(db, show, product_id)
    who = viewer_audience(request, db, show, country)
    if not compliance.sellable(db, product, who.market):
        return Response(status_code=204)  # a market rule keeps it from this viewer
    card = sheet_card(db, product, who, language.page_language(request))
    seller = auth_service.get_seller(db, show.seller_id)
    context = {"card": card, "show": show, "country": who.country, "seller": seller}
    return render(request, "live/_product.html", context, viewer=True)


@router.get("/live/{slug}/credentials/{credential_id}", response_class=HTMLResponse)
def credential_fragment(
    request: Request,
    slug: str,
    credential_id: int,
    db: SessionDep,
    country: str = "",
    store: str | None = None,
) -> Response:
    """The pushed credential card; 204 where it may not be shown to this viewer's market."""
    show = shows_service.public_show(db, slug, store)
    who = viewer_audience(request, db, show, country)
    lang = language.page_language(request)
    card = cards.credential_for_viewer(db, show.seller_id, credential_id, who, date.today(), lang)
    if card is None:
        return Response(status_code=204)
    context = {"c": card, "show": show, "full": True, "country": who.country}
    return render(request, "live/_credential.html", context, viewer=True)
