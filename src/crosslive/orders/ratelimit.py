"""How often the public may use the cart, checkout and order pages, per viewer and per address
(counted by the app's one limiter through `crosslive.deps.enforce`)."""

from __future__ import annotations

from fastapi import Request

from crosslive.deps import client_ip, enforce
from crosslive.ratelimit import Limit

AGAIN = "too many requests; wait a minute and try again"
CART_BY_VIEWER = Limit("cart:v", count=120, window_seconds=60.0, message=AGAIN)
CART_BY_ADDRESS = Limit("cart:ip", count=1200, window_seconds=60.0, message=AGAIN)
CHECKOUT_BY_VIEWER = Limit("checkout:v", count=10, window_seconds=60.0, message=AGAIN)
CHECKOUT_BY_ADDRESS = Limit("checkout:ip", count=120, window_seconds=60.0, message=AGAIN)
ORDER_PAGE_BY_ADDRESS = Limit("order-page:ip", count=120, window_seconds=60.0, message=AGAIN)


def limit_cart(request: Request, viewer_id: str) -> None:
    enforce(request, CART_BY_VIEWER, viewer_id)
    enforce(request, CART_BY_ADDRESS, client_ip(request))


def limit_checkout(request: Request, viewer_id: str) -> None:
    enforce(request, CHECKOUT_BY_VIEWER, viewer_id)
    enforce(request, CHECKOUT_BY_ADDRESS, client_ip(request))
