"""A ready Janus offer handed over with a live show's page, so the page answers it while it
is still loading instead of first asking for one (a round trip less to the first frame).

Only a subscription already joined and waiting (prejoin.py) is handed out: the page never
waits for Janus, and without one it joins with `POST .../viewers` as before. The offer is
bound to its page: its viewer id is an unguessable token found only in that response (sent
`Cache-Control: no-store`, so no cache keeps or repeats it), its answer must name the page's
show, it is answered once, and unanswered it ends after INLINE_OFFER_TTL_S (viewers.py).
Only a browser's navigation gets one (Sec-Fetch-Mode: navigate), counted against the same
per-address join limit as the POST, so link previews and crawlers do not hold seats. With
edge nodes configured (regions.py) pages carry no offer: the POST picks the viewer's node.
"""

from __future__ import annotations

from typing import Any

import anyio.from_thread
from fastapi import Request, Response

from crosslive.deps import client_ip
from crosslive.media.admission import joins_limit
from crosslive.media.lifespan import media_of, regions_of
from crosslive.media.service import Audience, ShowRef, device_of
from crosslive.shows.models import Show, ShowState
from crosslive.state import state_of

NO_STORE = "no-store"


def page_offer(
    request: Request, show: Show, market: str = "", country: str = ""
) -> dict[str, Any] | None:
    """A waiting offer for the viewer opening SHOW's page (from MARKET and COUNTRY, kept with
    the session for the insights), JSON-ready; None for none. Call
    from a synchronous route (a worker thread): the viewer registry lives on the event loop."""
    media = media_of(request.app)
    state = state_of(request.app)
    if media is None or not state.settings.media_page_offers or show.state != ShowState.LIVE:
        return None
    if request.headers.get("sec-fetch-mode") != "navigate":
        return None
    if regions_of(request.app) is not None:
        return None  # with edge nodes the POST sends the viewer to their region's node
    if media.viewers.prejoined.waiting(show.id) == 0:
        return None
    address = client_ip(request)
    limit = joins_limit(state.settings)
    if not state.limiter.hit(f"{limit.scope}:{address}", limit.count, limit.window_seconds):
        return None
    ref = ShowRef(show_id=show.id, seller_id=show.seller_id)
    device = device_of(request.headers.get("user-agent", ""))
    audience = Audience(market.upper(), country.upper(), device)
    got = anyio.from_thread.run_sync(
        media.viewers.subscribe_waiting, ref, show.slug, address, None, audience
    )
    if got is None:
        return None
    sub, ttl_s = got
    return {
        "viewer_id": sub.viewer_id,
        "sdp": sub.offer_sdp,
        "layer": sub.layer,
        "feeds": sub.feeds,
        "stage": sub.stage,
        "show": show.slug,
        "ttl_s": ttl_s,
    }


def keep_private(response: Response) -> None:
    """A page carrying an offer is this viewer's alone: never stored, never reused."""
    response.headers["Cache-Control"] = NO_STORE
