"""The JSON API under /api/v1: one router per domain, plus health."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from crosslive import __version__
from crosslive.answers.api import router as answers_router
from crosslive.auth.api import router as auth_router
from crosslive.auth.api import staff_router
from crosslive.captions.api import router as captions_router
from crosslive.catalog.api import router as catalog_router
from crosslive.chat.api import router as chat_router
from crosslive.consultations.api import router as consultations_router
from crosslive.consultations.call_api import router as calls_router
from crosslive.content.api import router as content_router
from crosslive.deps import SessionDep
from crosslive.events.api import router as events_router
from crosslive.fit.api import router as fit_router
from crosslive.insights.api import router as insights_router
from crosslive.landed.api import router as landed_router
from crosslive.live.actions_api import router as actions_router
from crosslive.live.api import embed_router
from crosslive.live.api import router as host_router
from crosslive.live.api import shows_router as live_shows_router
from crosslive.markets.api import router as markets_router
from crosslive.media.api import router as media_router
from crosslive.media.stage_api import router as stage_router
from crosslive.orders.api import router as orders_router
from crosslive.orders.status_api import router as order_status_router
from crosslive.orders.stripe_api import router as stripe_router
from crosslive.orders.viewer_api import router as cart_router
from crosslive.replays.api import router as replays_router
from crosslive.returns.api import router as returns_router
from crosslive.returns.buyer_api import router as return_links_router
from crosslive.reviews.api import public_router as product_reviews_router
from crosslive.reviews.api import router as order_reviews_router
from crosslive.shows.api import router as shows_router
from crosslive.trust.api import public_router as trust_public_router
from crosslive.trust.api import router as trust_router

api_router = APIRouter(prefix="/api/v1")
api_router.include_router(auth_router)
api_router.include_router(staff_router)
api_router.include_router(markets_router)
api_router.include_router(landed_router)
api_router.include_router(trust_router)
api_router.include_router(trust_public_router)
api_router.include_router(chat_router)
api_router.include_router(events_router)
api_router.include_router(stage_router)
api_router.include_router(consultations_router)
api_router.include_router(calls_router)
api_router.include_router(host_router)
api_router.include_router(captions_router)
api_router.include_router(embed_router)
api_router.include_router(actions_router)
api_router.include_router(orders_router)
api_router.include_router(cart_router)
api_router.include_router(stripe_router)
api_router.include_router(order_status_router)
api_router.include_router(shows_router)
api_router.include_router(content_router)
api_router.include_router(live_shows_router)
api_router.include_router(catalog_router)
api_router.include_router(media_router)
api_router.include_router(fit_router)
api_router.include_router(returns_router)
api_router.include_router(replays_router)
api_router.include_router(return_links_router)
api_router.include_router(order_reviews_router)
api_router.include_router(product_reviews_router)
api_router.include_router(insights_router)
api_router.include_router(answers_router)


@api_router.get("/health", tags=["health"])
def health(db: SessionDep) -> dict[str, str]:
    """Liveness and database reachability."""
    db.execute(text("SELECT 1"))
    return {"status": "ok", "version": __version__}
