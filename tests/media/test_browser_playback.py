"""A host page publishes the fake camera and microphone over WHIP; a viewer page in another
namespace plays it: frames decode and audio arrives."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Browser

from tests.media.conftest import MediaApp, ShowGrant, publish_page, watch_page

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
    media_app: MediaApp, live_show: ShowGrant, browser_in: Callable[[str], Browser]
) -> None:
    lab = media_app.lab
    publish_page(browser_in(lab.server_ns), media_app.url, live_show)
    viewer = watch_page(browser_in(lab.viewer_ns), media_app.url)
    viewer.wait_for_function("window.player && window.player.state.playing", timeout=30_000)
    viewer.wait_for_function("window.player.state.framesDecoded > 30", timeout=30_000)
    audio = viewer.evaluate(AUDIO_ENERGY)
    assert audio["packets"] > 50
    assert audio["energy"] > 0
    state = viewer.evaluate("window.player.state")
    assert state["layer"] == 1
    assert state["firstFrameMs"] > 0
