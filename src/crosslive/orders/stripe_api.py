"""Card and wallet payments: the buyer's way to Stripe's hosted page, and Stripe's webhook."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Header, Request
from pydantic import BaseModel
from sqlalchemy.orm import Session

from crosslive.db import run_in_transaction, utcnow
from crosslive.deps import SettingsDep, client_ip, enforce
from crosslive.errors import Conflict
from crosslive.events.unit import commit_then_publish
from crosslive.orders import stripe_checkout, stripe_webhook
from crosslive.orders.links import OrderLinks
from crosslive.orders.ratelimit import AGAIN
from crosslive.orders.stripe_provider import StripeConfig, open_session
from crosslive.ratelimit import Limit
from crosslive.state import state_of

router = APIRouter(tags=["payments"])

PAGE_BY_ADDRESS = Limit("card-page:ip", count=30, window_seconds=60.0, message=AGAIN)
# Stripe sends from a few addresses; a generous limit still stops a flood of forgeries.
WEBHOOK_BY_ADDRESS = Limit("stripe-webhook:ip", count=600, window_seconds=60.0, message=AGAIN)


class HostedPageOut(BaseModel):
    url: str


class WebhookOut(BaseModel):
    outcome: str
    duplicate: bool


def _config(settings: SettingsDep) -> StripeConfig:
    config = StripeConfig.from_settings(settings)
    if config is None:
        raise Conflict("card payments are not set up in this store")
    return config


@router.post("/orders/{public_id}/card-payment", response_model=HostedPageOut)
async def card_payment(public_id: str, request: Request, settings: SettingsDep) -> HostedPageOut:
    """The Stripe page where the buyer of this card order pays (the order's public id is
    the buyer's secret). Ask again after leaving it: an open page is reused."""
    enforce(request, PAGE_BY_ADDRESS, client_ip(request))
    config = _config(settings)
    links = OrderLinks.from_settings(settings)
    factory = state_of(request.app).session_factory

    def read(db: Session) -> stripe_checkout.HostedPage:
        return stripe_checkout.hosted_page(db, public_id, links, utcnow())

    page = await run_in_transaction(factory, read)
    if page.params is None:
        return HostedPageOut(url=page.url)
    params = page.params
    session_id, url = await asyncio.to_thread(open_session, config, params, page.reference)

    def keep(db: Session) -> None:
        stripe_checkout.keep_session(db, page, session_id, url, int(params["expires_at"]))

    await run_in_transaction(factory, keep)
    return HostedPageOut(url=url)


@router.post("/payments/stripe/webhook", response_model=WebhookOut)
async def stripe_events(
    request: Request,
    settings: SettingsDep,
    stripe_signature: str | None = Header(default=None),
) -> WebhookOut:
    """Stripe's events (checkout.session.completed, async_payment_succeeded / _failed,
    expired). The signature is checked first (400 when it does not match); each event id
    is handled once."""
    enforce(request, WEBHOOK_BY_ADDRESS, client_ip(request))
    config = _config(settings)
    event = stripe_webhook.verify(config, await request.body(), stripe_signature)
    links = OrderLinks.from_settings(settings)

    def work(db: Session) -> stripe_webhook.Handled:
        return stripe_webhook.handle(db, config, event, links, utcnow())

    done = await commit_then_publish(request.app, work)
    return WebhookOut(outcome=done.outcome, duplicate=done.duplicate)
