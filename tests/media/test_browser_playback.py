"""A host page publishes the fake camera and microphone over WHIP; a viewer page in another
namespace plays it: frames decode and audio arrives. The tests share one app and show
(`shared_show`): each publishes and watches anew."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page

from tests.media.conftest import (
    SHOW_SLUG,
    SharedShow,
    open_test_page,
    publish_page,
    staff_headers,
    wait_until,
    watch_page,
)

pytestmark = pytest.mark.e2e

AUDIO_ENERGY = """async () => {
  const report = await window.player.peer().getStats();
  let energy = 0, packets = 0;
  report.forEach((s) => {
    if (s.type === "inbound-rtp" && s.kind === "audio") {
      energy += s.totalAudioEnergy || 0; packets += s.packetsReceived || 0;
    }
  });
  return { energy, packets };
}"""


def test_browser_host_publishes_and_viewer_plays_video_and_audio(
    shared_show: SharedShow, browser_in: Callable[[str], Browser]
) -> None:
    app = shared_show.app
    publish_page(browser_in(app.lab.server_ns), app.url, shared_show.grant)
    viewer = watch_page(browser_in(app.lab.viewer_ns), app.url)
    viewer.wait_for_function("window.player && window.player.state.playing", timeout=30_000)
    viewer.wait_for_function("window.player.state.framesDecoded > 30", timeout=30_000)
    audio = viewer.evaluate(AUDIO_ENERGY)
    assert audio["packets"] > 50
    assert audio["energy"] > 0
    state = viewer.evaluate("window.player.state")
    assert state["layer"] == 1
    assert state["firstFrameMs"] > 0


PREWARMED_PAGE = """<!doctype html><html><head>%(head)s</head>
<body><video id="main" playsinline></video>
<script type="module">
import { mountPlayer } from "/static/media/player.js";
window.early = await window.joining;
window.player = mountPlayer(document.getElementById("main"), {
  showSlug: %(slug)r, prefetched: window.joining,
});
</script></body></html>"""

# Older pages: only the offer is fetched early (the player answers it).
FETCHED_OFFER = """<script>
  window.joining = fetch("/api/v1/media/shows/%s/viewers", {method: "POST", body: "{}",
    headers: {"Content-Type": "application/json"}})
    .then((r) => (r.status === 201 ? r.json() : null));
</script>"""
# As the live room does: the whole join runs before the player module loads. The page
# keeps what it posts, when the offer came, and the peer connections it makes.
EARLY_JOIN = """<script>
  window.posted = [];
  window.peers = [];
  const send = window.fetch;
  window.fetch = (url, init) => {
    if (init && init.method === "POST") window.posted.push([String(url), init.body]);
    const reply = send(url, init);
    if (String(url).endsWith("/viewers")) reply.then(() => { window.offerAt = performance.now(); });
    return reply;
  };
  const Peer = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Peer {
    constructor(config) {
      super(config);
      window.peers.push({ peer: this, at: performance.now(), pool: config.iceCandidatePoolSize });
    }
  };
</script>
<script src="/static/media/early-join.js"></script>
<script>window.joining = crossliveJoin.start("/api/v1/media/shows/%s/viewers");</script>"""


def _candidate_key(candidate: str) -> str:
    """Foundation, component, transport, priority, address, port and type."""
    return " ".join(candidate.split()[:8])


def _prewarmed_viewer(
    shared_show: SharedShow, browser_in: Callable[[str], Browser], head: str
) -> Page:
    app = shared_show.app
    publish_page(browser_in(app.lab.server_ns), app.url, shared_show.grant)
    html = PREWARMED_PAGE % {"head": head % SHOW_SLUG, "slug": SHOW_SLUG}
    viewer = open_test_page(browser_in(app.lab.viewer_ns), app.url, html)
    viewer.wait_for_function("window.player && window.player.state.framesDecoded > 10")
    assert viewer.evaluate("window.player.state.attempts") == 1
    return viewer


def test_a_prewarmed_page_plays_with_the_offer_it_fetched_while_loading(
    shared_show: SharedShow, browser_in: Callable[[str], Browser]
) -> None:
    viewer = _prewarmed_viewer(shared_show, browser_in, FETCHED_OFFER)
    early_id = viewer.evaluate("window.early.viewer_id")
    assert viewer.evaluate("window.player.state.viewerId") == early_id


def test_the_player_takes_over_a_connection_the_page_prepared_while_loading(
    shared_show: SharedShow, browser_in: Callable[[str], Browser]
) -> None:
    app = shared_show.app
    headers = staff_headers(app, shared_show.owner)
    sessions_url = f"/api/v1/media/shows/{shared_show.grant.show_id}/viewer-sessions"
    # The module's other tests watched this show too: this test's session is the one after.
    earlier = max(
        (row["id"] for row in app.request("GET", sessions_url, headers=headers).json()), default=0
    )
    viewer = _prewarmed_viewer(shared_show, browser_in, EARLY_JOIN)
    # The peer connection made in the page head is the one playing: no second join.
    assert viewer.evaluate("window.player.peer() === window.early.peer")
    early_id = viewer.evaluate("window.early.offer.viewer_id")
    assert viewer.evaluate("window.player.state.viewerId") == early_id
    # The join says how long the server spent on it, so the page can tell that from the link.
    timings = viewer.evaluate(
        "performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/viewers'))"
        ".flatMap((e) => e.serverTiming.map((t) => [t.name, t.duration]))"
    )
    assert len(timings) == 1 and timings[0][0] == "join" and timings[0][1] > 0
    # The connection was made, gathering, while the offer was on its way.
    made = viewer.evaluate("window.peers.map((p) => [p.at < window.offerAt, p.pool])")
    assert made == [[True, 1]]
    # A join that gets no offer (no such show) closes the connection it made.
    nowhere = "/api/v1/media/shows/no-such-show/viewers"
    assert viewer.evaluate(f"crossliveJoin.start({nowhere!r})") is None
    assert viewer.evaluate("window.peers.at(-1).peer.signalingState") == "closed"
    # Every candidate reaches the server once: in the answer or trickled after it.
    posted = viewer.evaluate("window.posted")
    [answer] = [json.loads(body)["sdp"] for url, body in posted if url.endswith("/answer")]
    sent = [line[2:] for line in answer.splitlines() if line.startswith("a=candidate:")]
    sent += [
        candidate["candidate"]
        for url, body in posted
        if url.endswith("/candidates")
        for candidate in json.loads(body)["candidates"]
        if candidate
    ]
    keys = [_candidate_key(candidate) for candidate in sent]
    assert keys and len(keys) == len(set(keys))

    # The session's record counts the viewer's wait from the join's start in the page head,
    # not from the player's (later) start.
    def recorded() -> int | None:
        rows = app.request("GET", sessions_url, headers=headers).json()
        ours = [row for row in rows if row["id"] > earlier]
        return ours[0]["first_frame_ms"] if ours else None

    wait_until(lambda: recorded() is not None, 20, "the first stats report")
    state = viewer.evaluate("window.player.state")
    assert abs(recorded() - state["joinFirstFrameMs"]) <= 1  # rounded by the page
    assert state["joinFirstFrameMs"] > state["firstFrameMs"] > 0
