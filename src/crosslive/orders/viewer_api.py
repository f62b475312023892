"""The public cart and checkout API for viewers (anonymous, rate-limited per viewer and IP).

The cart belongs to the viewer's identity (the X-Viewer-Token header, crosslive.viewers); a
request without one gets a new identity back in that header."""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from crosslive.deps import SessionDep, SettingsDep, page_language
from crosslive.errors import InvalidInput
from crosslive.events import actions
from crosslive.events.unit import commit_then_publish
from crosslive.i18n import N_
from crosslive.ids import PathId
from crosslive.mail import languages
from crosslive.markets.viewer_market import parse_accept_language
from crosslive.orders import cart as carts
from crosslive.orders import checkout as checkouts
from crosslive.orders import proof
from crosslive.orders.caps import Caps
from crosslive.orders.holds import HoldPolicy
from crosslive.orders.idempotency import StoredResponse
from crosslive.orders.links import OrderLinks
from crosslive.orders.providers import Providers
from crosslive.orders.ratelimit import limit_cart, limit_challenge, limit_checkout
from crosslive.orders.schemas import (
    CartItemIn,
    CartOut,
    CartQuantityIn,
    ChallengeIn,
    ChallengeOut,
    CheckoutIn,
    OrderOut,
)
from crosslive.shows import service as shows_service
from crosslive.shows.models import Show
from crosslive.viewers import AnyViewer, MaybeViewer, address_of


def browser_language(request: Request) -> str:
    """The first language of the request's Accept-Language ('de-AT,de;q=0.8' -> 'de-AT')."""
    preferred = parse_accept_language(request.headers.get("accept-language"))
    if not preferred:
        return ""
    language, region = preferred[0]
    return languages.normalise(f"{language}-{region}" if region else language)


router = APIRouter(prefix="/shows/{slug}", tags=["cart"])


@router.get("/cart", response_model=CartOut)
def get_cart(
    slug: str,
    market: str,
    request: Request,
    db: SessionDep,
    viewer: AnyViewer,
    store: str | None = None,
    country: Annotated[str, Query(max_length=2, pattern="^[A-Za-z]{0,2}$")] = "",
) -> CartOut:
    """The cart with its landed-cost breakdown, for COUNTRY (default: the market's first)."""
    limit_cart(request, viewer.id)
    show = shows_service.public_show(db, slug, store)
    found = carts.find_market(db, show, market)
    return carts.cart_view(db, viewer.id, show, found, country=country, lang=page_language(request))


def _did(db: Session, show: Show, viewer_id: str, market: str, kind: actions.ActionKind) -> None:
    """Keep the funnel step KIND for the insights (once per viewer and show)."""
    actions.record(
        db,
        seller_id=show.seller_id,
        show_id=show.id,
        viewer_id=viewer_id,
        market_code=market,
        actions=[actions.Action(kind)],
    )


@router.post("/cart/items", response_model=CartOut)
async def add_to_cart(
    slug: str,
    body: CartItemIn,
    request: Request,
    settings: SettingsDep,
    viewer: AnyViewer,
    store: str | None = None,
) -> CartOut:
    """Add units to the cart (the host console's counters move at once)."""
    limit_cart(request, viewer.id)
    caps = Caps.from_settings(settings)
    lang = page_language(request)

    def work(db: Session) -> CartOut:
        show = shows_service.public_show(db, slug, store)
        market = carts.find_market(db, show, body.market)
        added = carts.add_item(
            db, viewer.id, show, market, body.variant_id, body.quantity, caps, lang=lang
        )
        _did(db, show, viewer.id, market.code, actions.ActionKind.ADDED_TO_CART)
        return added

    return await commit_then_publish(request.app, work)


@router.put("/cart/items/{variant_id}", response_model=CartOut)
def set_cart_quantity(
    slug: str,
    variant_id: PathId,
    body: CartQuantityIn,
    request: Request,
    db: SessionDep,
    settings: SettingsDep,
    viewer: AnyViewer,
    store: str | None = None,
) -> CartOut:
    limit_cart(request, viewer.id)
    show = shows_service.public_show(db, slug, store)
    market = carts.find_market(db, show, body.market)
    caps = Caps.from_settings(settings)
    return carts.set_quantity(
        db, viewer.id, show, market, variant_id, body.quantity, caps, lang=page_language(request)
    )


@router.post("/checkout/challenge", response_model=ChallengeOut)
def checkout_challenge(
    slug: str,
    body: ChallengeIn,
    request: Request,
    db: SessionDep,
    settings: SettingsDep,
    viewer: AnyViewer,
    store: str | None = None,
) -> ChallengeOut:
    """A proof-of-work challenge the checkout must carry solved (crosslive.orders.proof):
    SHA-256(challenge + ":" + nonce) must start with `bits` zero bits. Ask for one right
    before each checkout; it is bound to this viewer and show, and spent by one order."""
    limit_challenge(request, viewer.id)
    show = shows_service.public_show(db, slug, store)
    market = carts.find_market(db, show, body.market)
    # The insights' "checkout started": the page asks for a challenge as the buyer checks out.
    _did(db, show, viewer.id, market.code, actions.ActionKind.CHECKOUT_STARTED)
    return proof.challenge_for(
        db,
        proof.Policy.from_settings(settings),
        show_id=show.id,
        viewer_id=viewer.id,
        cart=carts.find_cart(db, viewer.id, show, market.currency),
        client_key=address_of(request),
        now=time.time(),
    )


@router.post(
    "/checkout",
    status_code=201,
    response_model=OrderOut,
    responses={
        409: {
            "description": "sold out, the total is no longer the one confirmed (the answer "
            "carries the new total and lines), the challenge was spent, or the "
            "Idempotency-Key was reused"
        }
    },
)
async def checkout(
    slug: str,
    body: CheckoutIn,
    request: Request,
    settings: SettingsDep,
    viewer: MaybeViewer,
    idempotency_key: Annotated[str | None, Header()] = None,
    store: str | None = None,
) -> JSONResponse:
    """Place the order. Send a fresh Idempotency-Key per checkout attempt; a retry with the
    same key and body returns the same order, with another body it is refused (409). The
    body carries the total the buyer confirmed and a solved `/checkout/challenge`."""
    limit_checkout(request, viewer.id if viewer else "anonymous")
    if viewer is None:
        raise InvalidInput(N_("your cart is empty"))
    buyer = viewer.id
    if not body.language:
        body = body.model_copy(update={"language": browser_language(request)})
    guard = checkouts.Guard(
        caps=Caps.from_settings(settings),
        policy=proof.Policy.from_settings(settings),
        client_key=address_of(request),
        now=time.time(),
    )

    def work(db: Session) -> StoredResponse:
        return checkouts.checkout(
            db,
            slug=slug,
            store=store,
            viewer_id=buyer,
            key=idempotency_key,
            data=body,
            links=OrderLinks.from_settings(settings),
            guard=guard,
            hold=HoldPolicy.from_settings(settings),
            providers=Providers.from_settings(settings),
        )

    result = await commit_then_publish(request.app, work)
    return JSONResponse(result.body, status_code=result.status_code)
