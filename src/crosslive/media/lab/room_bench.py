"""The media benchmark's real live room: its own page loaded over the viewer's link, timed
from navigation to the first displayed frame."""

from __future__ import annotations

import time
from typing import Any

from playwright.sync_api import Browser, Page, Request

from crosslive.media.lab.stats import percentile

# The live room's own page, loaded over the viewer's link: it times its first displayed
# frame on #video (the room's player is unchanged; this only watches it).
ROOM_FIRST_FRAME = """window.frameTimes = [];
const watch = () => { const video = document.getElementById("video"); if (!video) return false;
  video.requestVideoFrameCallback(
    () => window.frameTimes.push(performance.timeOrigin + performance.now()));
  return true; };
if (!watch()) { const seen = new MutationObserver(() => { if (watch()) seen.disconnect(); });
  seen.observe(document, { childList: true, subtree: true }); }"""


def _answers(page: Page) -> list[str]:
    """The answers PAGE posts, by address (each names its viewer session)."""
    seen: list[str] = []

    def note(request: Request) -> None:
        if request.url.endswith("/answer"):
            seen.append(request.url)

    page.on("request", note)
    return seen


def room_joins(viewers: Browser, samples: int, url: str, gap_s: float) -> dict[str, Any]:
    """Open the real live room at URL `samples` times, GAP_S apart (page, scripts and styles
    over the viewer's link, as a viewer gets them): first frame from navigation, and how many
    of the pages came with a ready offer (sent no-store) rather than asking for one."""
    page_first: list[float] = []
    with_offer = 0
    for _ in range(samples):
        page = viewers.new_page()
        page.add_init_script(ROOM_FIRST_FRAME)
        answers = _answers(page)
        response = page.goto(url)
        with_offer += bool(response and response.headers.get("cache-control") == "no-store")
        # Functions, not bare expressions: the room's policy refuses eval.
        page.wait_for_function("() => window.frameTimes.length > 0", timeout=60_000)
        page_first.append(page.evaluate("() => window.frameTimes[0] - performance.timeOrigin"))
        # End the session as the player's stop() would: Janus would go on sending to a
        # closed page (filling a slow link) until the session timed out.
        for answered in answers:
            session = answered.rsplit("/", 1)[0]
            page.evaluate("(url) => fetch(url, { method: 'DELETE' })", session)
        page.close()
        time.sleep(gap_s)
    return {
        "room_page_to_first_frame_ms_p50": percentile(page_first, 0.5),
        "room_page_to_first_frame_ms_p95": percentile(page_first, 0.95),
        "room_pages_with_offer": with_offer,
        "room_page_to_first_frame_ms_all": [round(v) for v in page_first],
    }
