"""The live room's page carries a ready Janus offer (a waiting subscription) and plays it
without asking for one; that page is never cached; the offer in it cannot be answered for
another show or twice; a page fetched by anything but a browser's navigation, or when no
subscription is waiting, carries none and the page joins with a POST as before."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from playwright.sync_api import Response as PageResponse
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import transaction
from crosslive.media.lab.netlab import NetLab
from crosslive.settings import Settings
from crosslive.shows.models import Show, ShowState
from tests.media.conftest import (
    SHOW_SLUG,
    MediaApp,
    ShowGrant,
    app_running,
    publish_page,
    wait_until,
)

pytestmark = pytest.mark.e2e

OFFER = re.compile(r'<script type="application/json" id="crosslive-offer">(.*?)</script>', re.S)
NAVIGATION = {"Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}
# A function, not a bare expression: the room's policy refuses eval.
PLAYING = """() => {
  const v = document.querySelector("#video");
  return v.videoWidth > 0 && v.currentTime > 0.5;
}"""


# In the page before its own scripts: the video's first "playing" and each POST asking for an
# offer (.../viewers), in the order they happened.
MARKS = """
window.__marks = [];
document.addEventListener("playing", () => window.__marks.push("playing"), true);
const fetched = window.fetch;
window.fetch = (url, options) => {
  const path = String(url).split("?")[0];
  if (options && options.method === "POST" && path.endsWith("/viewers")) window.__marks.push(path);
  return fetched(url, options);
};
"""


def _live(session_factory: sessionmaker[Session], grant: ShowGrant) -> None:
    with transaction(session_factory) as db:
        show = db.get(Show, grant.show_id)
        assert show is not None
        show.state = ShowState.LIVE


def _room(browser: Browser, app: MediaApp) -> tuple[Page, list[str], PageResponse]:
    """The live room in a fresh context; the viewer joins it posts, and the page's response."""
    page = browser.new_context().new_page()
    page.add_init_script(MARKS)
    page.set_default_timeout(30_000)
    posts: list[str] = []
    page.on(
        "request",
        lambda request: (
            posts.append(request.url)
            if request.method == "POST" and "/viewers" in request.url
            else None
        ),
    )
    response = page.goto(f"{app.url}/live/{SHOW_SLUG}")
    assert response is not None and response.status == 200
    return page, posts, response


def _waiting(app: MediaApp) -> None:
    """Until a page fetched now comes with an offer (the subscriptions are joined)."""
    wait_until(
        lambda: (
            app.request("GET", f"/live/{SHOW_SLUG}", headers=NAVIGATION).headers.get(
                "cache-control"
            )
            == "no-store"
        ),
        30,
        "a waiting subscription",
    )


def test_the_room_page_brings_its_offer_and_plays_it_without_asking(
    netlab: NetLab,
    settings: Settings,
    session_factory: sessionmaker[Session],
    live_show: ShowGrant,
    browser_in: Callable[[str], Browser],
    tmp_path: Path,
) -> None:
    _live(session_factory, live_show)
    with app_running(netlab, settings, tmp_path / "app.log") as app:
        publish_page(browser_in(netlab.server_ns), app.url, live_show)

        # Anything but a browser's navigation (a link preview, a crawler) gets no offer.
        plain = app.request("GET", f"/live/{SHOW_SLUG}")
        assert plain.status_code == 200
        assert OFFER.search(plain.text) is None
        assert plain.headers.get("cache-control") != "no-store"

        _waiting(app)
        fetched = app.request("GET", f"/live/{SHOW_SLUG}", headers=NAVIGATION)
        match = OFFER.search(fetched.text)
        assert match, fetched.text[:2000]
        offer = json.loads(match.group(1))
        assert offer["show"] == SHOW_SLUG and offer["sdp"].startswith("v=0")
        answer = f"/api/v1/media/viewers/{offer['viewer_id']}/answer"
        sdp = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
        # Named for another show (or none), the offer is unknown, and stays unanswered.
        for show in ("another-show", ""):
            refused = app.request("POST", answer, json={"sdp": sdp, "show": show})
            assert refused.status_code == 404, refused.text
        # Answered once (Janus refuses this answer, but the offer is spent): never again.
        refused = app.request("POST", answer, json={"sdp": sdp, "show": SHOW_SLUG})
        assert refused.status_code == 422, refused.text
        assert "refused the answer" in refused.json()["detail"]
        again = app.request("POST", answer, json={"sdp": sdp, "show": SHOW_SLUG})
        assert again.status_code == 409, again.text

        # The real page in a browser: it plays the offer it came with, asking for none.
        viewer = browser_in(netlab.viewer_ns)
        _waiting(app)
        page, posts, response = _room(viewer, app)
        assert response.headers.get("cache-control") == "no-store"
        match = OFFER.search(response.text())
        assert match, "the page came without its offer"
        given = json.loads(match.group(1))["viewer_id"]
        page.wait_for_function(PLAYING, timeout=30_000)
        # Its first request was the answer to the page's offer, and the picture played
        # before any request for another offer (a loaded machine may later stall the
        # session into a reconnect, which asks for one: that does not count against it).
        assert posts[0].endswith(f"/viewers/{given}/answer"), posts
        marks = page.evaluate("() => window.__marks")
        first_join = next((i for i, m in enumerate(marks) if m.endswith("/viewers")), len(marks))
        assert "playing" in marks[:first_join], marks
        # The offer was taken out of the page once used.
        assert page.evaluate('() => document.getElementById("crosslive-offer")') is None


def test_without_a_waiting_subscription_the_room_page_asks_for_an_offer(
    netlab: NetLab,
    settings: Settings,
    session_factory: sessionmaker[Session],
    live_show: ShowGrant,
    browser_in: Callable[[str], Browser],
    tmp_path: Path,
) -> None:
    _live(session_factory, live_show)
    log = tmp_path / "app.log"
    with app_running(netlab, settings, log, CROSSLIVE_MEDIA_PREJOINED_VIEWERS="0") as app:
        publish_page(browser_in(netlab.server_ns), app.url, live_show)
        page, posts, response = _room(browser_in(netlab.viewer_ns), app)
        assert response.headers.get("cache-control") != "no-store"
        page.wait_for_function(PLAYING, timeout=30_000)
        assert [url.split("?")[0].rsplit("/", 2)[-2:] for url in posts][:1] == [
            [SHOW_SLUG, "viewers"]
        ]
        assert page.evaluate('() => document.getElementById("crosslive-offer")') is None
