"""Mounts static files and every page router on the app."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from crosslive.events.api import socket_router
from crosslive.settings import Settings
from crosslive.state import state_of
from crosslive.web import (
    admin_account,
    admin_auth,
    admin_consultations,
    admin_credentials,
    admin_dashboard,
    admin_insights,
    admin_landed,
    admin_lanes,
    admin_language,
    admin_markets,
    admin_orders,
    admin_products,
    admin_replays,
    admin_returns,
    admin_reviews,
    admin_shows,
    admin_staff,
    admin_tracking,
    admin_translations,
    favicon,
    followup_pages,
    host_console,
    live_room,
    order_pages,
    product_pages,
    replay_page,
    return_pages,
    review_pages,
)
from crosslive.web.body_limits import BodyLimits, body_classes, staff_check
from crosslive.web.headers import PagePolicy, SecurityHeaders
from crosslive.web.pages import LoginRequired, inline_scripts, make_templates

STATIC_DIR = Path(__file__).parent / "static"


def mount_web(app: FastAPI, settings: Settings) -> None:
    state = state_of(app)
    scripts = inline_scripts()
    state.provide(Jinja2Templates, make_templates(scripts))
    policy = PagePolicy(scripts.values(), settings.media_edge_api_map.values())
    state.provide(PagePolicy, policy)
    # The last added runs first: every answer, refusals included, gets the headers.
    app.add_middleware(BodyLimits, classes=body_classes(settings), is_staff=staff_check(state))
    app.add_middleware(SecurityHeaders, policy=policy, hsts=settings.https)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.mount("/media", StaticFiles(directory=settings.media_dir, check_dir=False), name="media")
    app.include_router(admin_auth.router)
    app.include_router(admin_dashboard.router)
    app.include_router(admin_language.router)
    app.include_router(admin_account.router)
    app.include_router(admin_credentials.router)
    app.include_router(admin_markets.router)
    app.include_router(admin_landed.router)
    app.include_router(admin_lanes.router)
    app.include_router(admin_insights.router)
    app.include_router(socket_router)
    app.include_router(live_room.router)
    app.include_router(product_pages.router)
    app.include_router(replay_page.router)
    app.include_router(admin_replays.router)
    app.include_router(admin_consultations.router)
    app.include_router(host_console.router)
    app.include_router(return_pages.router)
    app.include_router(order_pages.router)
    app.include_router(followup_pages.router)
    app.include_router(review_pages.router)
    app.include_router(admin_shows.router)
    app.include_router(admin_tracking.router)  # before /admin/orders/{order_id}
    app.include_router(admin_orders.router)
    app.include_router(admin_returns.router)
    app.include_router(admin_reviews.router)
    app.include_router(admin_translations.router)
    app.include_router(admin_products.router)
    app.include_router(admin_staff.router)
    app.include_router(favicon.router)

    @app.exception_handler(LoginRequired)
    async def _login_required(request: Request, exc: LoginRequired) -> RedirectResponse:
        return admin_auth.login_redirect(exc.next_url)

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/admin", status_code=303)
