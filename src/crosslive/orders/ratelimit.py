"""How often the public may use the cart, checkout and order pages, per viewer and per address
(counted by the app's one limiter through `crosslive.deps.enforce`). Checkouts per address
are few (CHECKOUT_ADDRESS_ORDERS per CHECKOUT_ADDRESS_SECONDS): a script that mints a new
viewer per order still orders from one address."""

from __future__ import annotations

import math

from fastapi import Request

from crosslive.deps import client_ip, enforce, get_settings
from crosslive.i18n import N_
from crosslive.ratelimit import Limit

AGAIN = N_("too many requests; wait a minute and try again")
CART_BY_VIEWER = Limit("cart:v", count=120, window_seconds=60.0, message=AGAIN)
CART_BY_ADDRESS = Limit("cart:ip", count=1200, window_seconds=60.0, message=AGAIN)
CHECKOUT_BY_VIEWER = Limit("checkout:v", count=10, window_seconds=60.0, message=AGAIN)
CHALLENGE_BY_VIEWER = Limit("challenge:v", count=20, window_seconds=60.0, message=AGAIN)
CHALLENGE_BY_ADDRESS = Limit("challenge:ip", count=60, window_seconds=600.0, message=AGAIN)
# The live room asks every few seconds while a card payment is being confirmed.
STATUS_BY_VIEWER = Limit("order-status:v", count=60, window_seconds=60.0, message=AGAIN)
STATUS_BY_ADDRESS = Limit("order-status:ip", count=600, window_seconds=60.0, message=AGAIN)
ORDER_PAGE_BY_ADDRESS = Limit("order-page:ip", count=120, window_seconds=60.0, message=AGAIN)


def checkout_by_address(request: Request) -> Limit:
    """The settings' checkout limit per client address."""
    settings = get_settings(request)
    window = settings.checkout_address_seconds
    return Limit(
        "checkout:ip",
        count=settings.checkout_address_orders,
        window_seconds=float(window),
        message=f"too many orders from your network; try again in {math.ceil(window / 60)} minutes",
    )


def limit_cart(request: Request, viewer_id: str) -> None:
    enforce(request, CART_BY_VIEWER, viewer_id)
    enforce(request, CART_BY_ADDRESS, client_ip(request))


def limit_challenge(request: Request, viewer_id: str) -> None:
    enforce(request, CHALLENGE_BY_VIEWER, viewer_id)
    enforce(request, CHALLENGE_BY_ADDRESS, client_ip(request))


def limit_checkout(request: Request, viewer_id: str) -> None:
    enforce(request, CHECKOUT_BY_VIEWER, viewer_id)
    enforce(request, checkout_by_address(request), client_ip(request))
