"""kill -9 the app process in the middle of a live show, with a browser viewer playing and
chatting in the live room and the demo broadcaster (an aiortc WHIP client, a process of its
own) on the air; its Janus, a child, ends with it. Started again on the same port, the new
app starts a Janus of its own; the broadcaster publishes to it, and the viewer's page (never
reloaded) hears the event log again, resumes the chat after the last event it had (nothing
lost, nothing twice) and plays again. A cart and an order made before are as they were.

The gap the viewer saw is printed; its target lives in the benchmark
(`crosslive bench media --scenario app-restart`). The app runs inside the media lab's
namespaces (SQLite), as tests/media do.
"""

from __future__ import annotations

import itertools
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.auth.models import StaffUser
from crosslive.chat.models import ChatMessage
from crosslive.db import transaction
from crosslive.media.lab.netlab import NetLab
from crosslive.media.lab.nsexec import run_in_netns
from crosslive.orders.models import Cart, CartItem, Order, OrderLine
from crosslive.settings import Settings
from crosslive.shows import service as shows_service
from crosslive.shows.models import Show, ShowHost, ShowState
from tests.factories import Shop, checkout_body, confirmed, make_shop
from tests.media.conftest import (
    MediaApp,
    staff_headers,
    start_app,
    start_broadcaster,
    wait_connected,
    wait_until,
)

# Chromium decoding live video through Janus: with the machine to itself, as tests/media.
pytestmark = [pytest.mark.faults, pytest.mark.alone]

# What the app needs here beyond tests/media's: checkouts from one address, quick to solve.
APP_ENV = {
    "CROSSLIVE_CHECKOUT_PROOF_BITS": "2",
    "CROSSLIVE_CHECKOUT_PROOF_MAX_BITS": "2",
    "CROSSLIVE_CHECKOUT_ADDRESS_SHARE": "1.0",
    "CROSSLIVE_CHECKOUT_ADDRESS_ORDERS": "1000",
    "CROSSLIVE_CHAT_RATE_MESSAGES": "1000",
}
# Wall-clock time of every frame the live room's video shows.
FRAME_CLOCK = """() => { window.shown = []; const v = document.querySelector("#video");
  const tick = () => { window.shown.push(performance.timeOrigin + performance.now());
    v.requestVideoFrameCallback(tick); };
  v.requestVideoFrameCallback(tick); }"""
# (Functions, not expressions: the live room's Content-Security-Policy forbids eval.)
PLAYING = """() => document.querySelector("#video").currentTime > 0.5"""
PLAYING_AGAIN = """(killedAt) => window.shown.filter((t) => t > killedAt + 500).length >= 15"""
FEED_IDS = (
    """() => [...document.querySelectorAll(".chat-feed .msg")].map((m) => +m.dataset.message)"""
)


def _stage_show(factory: sessionmaker[Session], owner_id: int) -> tuple[Shop, str]:
    """The shop of tests.factories (its show live, the owner its lead host), and the host's
    publish token."""
    shop = make_shop(factory)
    with transaction(factory) as db:
        show = db.get(Show, shop.show_id)
        user = db.get(StaffUser, owner_id)
        assert show is not None and user is not None
        show.state = ShowState.LIVE
        db.add(ShowHost(show_id=show.id, user_id=owner_id, is_lead=True))
        db.flush()
        return shop, shows_service.issue_publish_token(db, show, user)


def _buyers(app: MediaApp, slug: str, variant_id: int) -> dict[str, Any]:
    """From the viewers' namespace: one buyer leaves a cart, another places an order."""

    def shop() -> dict[str, Any]:
        made: dict[str, Any] = {}
        for who in ("cart", "order"):
            with httpx.Client(base_url=app.url, timeout=20) as http:
                added = http.post(
                    f"/api/v1/shows/{slug}/cart/items",
                    json={"market": "US", "variant_id": variant_id, "quantity": 2},
                )
                assert added.status_code == 200, added.text
                http.headers["X-Viewer-Token"] = added.headers["X-Viewer-Token"]
                made[f"{who}_token"] = http.headers["X-Viewer-Token"]
                made[f"{who}_view"] = _cart(http, slug)
                if who == "order":
                    url = f"/api/v1/shows/{slug}/checkout"
                    body = confirmed(http, url, checkout_body())
                    placed = http.post(
                        url, json=body, headers={"Idempotency-Key": "restart-order-1"}
                    )
                    assert placed.status_code == 201, placed.text
                    made["order"] = placed.json()
        return made

    return run_in_netns(app.lab.viewer_ns, shop)


def _cart(http: httpx.Client, slug: str) -> dict[str, Any]:
    response = http.get(f"/api/v1/shows/{slug}/cart", params={"market": "US"})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _cart_again(app: MediaApp, slug: str, token: str) -> dict[str, Any]:
    def look() -> dict[str, Any]:
        with httpx.Client(base_url=app.url, timeout=20, headers={"X-Viewer-Token": token}) as http:
            return _cart(http, slug)

    return run_in_netns(app.lab.viewer_ns, look)


def _rows(factory: sessionmaker[Session]) -> dict[str, list[dict[str, Any]]]:
    """Every cart, cart item, order and order line, column by column."""
    with transaction(factory) as db:
        return {
            model.__name__: [
                {c.key: getattr(row, c.key) for c in model.__table__.columns}
                for row in db.scalars(select(model).order_by(model.id))
            ]
            for model in (Cart, CartItem, Order, OrderLine)
        }


def _chat_ids(factory: sessionmaker[Session], show_id: int) -> list[int]:
    with transaction(factory) as db:
        return list(
            db.scalars(
                select(ChatMessage.id)
                .where(ChatMessage.show_id == show_id)
                .order_by(ChatMessage.id)
            )
        )


def _say(page: Page, text: str) -> None:
    page.fill("#message", text)
    page.press("#message", "Enter")
    expect(page.locator(".chat-feed .msg-body", has_text=text)).to_have_count(1)


def _kill(app: MediaApp) -> None:
    app.process.kill()
    app.process.wait()


def test_app_killed_mid_show_the_live_room_plays_and_chats_again_without_reload(
    netlab: NetLab,
    settings: Settings,
    session_factory: sessionmaker[Session],
    owner: dict[str, str | int],
    browser_in: Callable[[str], Browser],
    tmp_path: Path,
) -> None:
    shop, token = _stage_show(session_factory, int(owner["user_id"]))
    show_id = shop.show_id
    log = tmp_path / "app.log"
    started = time.monotonic()
    app = start_app(netlab, settings, log, **APP_ENV)
    first_start_ms = (time.monotonic() - started) * 1000
    broadcaster: subprocess.Popen[bytes] | None = None
    try:
        headers = staff_headers(app, owner)
        broadcaster = start_broadcaster(app, token, tmp_path / "broadcaster.log")
        wait_connected(app, show_id, headers, "the demo broadcaster")
        made = _buyers(app, shop.show_slug, shop.shirt_m)
        before = _rows(session_factory)

        viewer = browser_in(netlab.viewer_ns).new_page()
        viewer.set_default_timeout(20_000)
        viewer.goto(f"{app.url}/live/spring-drop?store=acme&country=US")
        viewer.wait_for_function(PLAYING, timeout=30_000)
        viewer.evaluate(FRAME_CLOCK)
        first_page = viewer.evaluate("() => performance.timeOrigin")
        viewer.fill("#viewer-name", "Mia")
        viewer.click("text=Join chat")
        for n in range(5):
            _say(viewer, f"before {n}")
        [janus_pid] = app.janus_pids()

        killed_at = time.time() * 1000
        _kill(app)
        app = start_app(netlab, settings, log, **APP_ENV)  # same port, as systemd would
        back_at = time.time() * 1000
        # The old Janus ended with its app (no orphan holding its ports); one new one runs.
        wait_until(lambda: janus_pid not in app.janus_pids(), 10, "the old Janus to end")
        wait_until(lambda: len(app.janus_pids()) == 1, 20, "the new app's Janus")
        wait_connected(app, show_id, headers, "the broadcaster, published again")
        viewer.wait_for_function(PLAYING_AGAIN, arg=killed_at, timeout=30_000)
        for n in range(5):
            _say(viewer, f"after {n}")

        shown: list[float] = viewer.evaluate("() => window.shown")
        gap, again = max((b - a, b) for a, b in itertools.pairwise(shown) if b > killed_at)
        print(
            f"first start {first_start_ms:.0f} ms; after the kill the app answered in "
            f"{back_at - killed_at:.0f} ms, the viewer played again at {again - killed_at:.0f} "
            f"ms; its picture stood still for {gap:.0f} ms"
        )
        # Same document throughout: the page was never reloaded.
        assert viewer.evaluate("() => performance.timeOrigin") == first_page
        # The chat: every message kept, once each, in order, on the page.
        kept = _chat_ids(session_factory, show_id)
        assert len(kept) == 10
        assert viewer.evaluate(FEED_IDS) == kept
        # Carts and orders as they were.
        assert _rows(session_factory) == before
        assert _cart_again(app, "spring-drop", made["cart_token"]) == made["cart_view"]
        assert made["order"]["public_id"] in {o["public_id"] for o in before["Order"]}
    finally:
        if broadcaster is not None:
            broadcaster.terminate()
            broadcaster.wait(10)
        print("---- app log\n", app.log())
        app.process.terminate()
        try:
            app.process.wait(10)
        except subprocess.TimeoutExpired:
            app.process.kill()
