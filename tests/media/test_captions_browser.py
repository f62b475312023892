"""Live captions end to end, inside the namespaces: a host page publishes generated speech
(espeak-ng, through Chromium's fake microphone); Janus forwards its Opus audio to the app,
which transcribes it; the captions appear on a viewer's real live-room page, which starts
muted and so shows them by default, below the captions button (which sits under the ad
label of a sponsored show) at phone and laptop sizes, never over or touching it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import Browser
from sqlalchemy.orm import Session, sessionmaker

from crosslive.captions import speech
from crosslive.db import transaction
from crosslive.media.lab.netlab import NetLab
from crosslive.settings import Settings
from crosslive.shows.models import Show, ShowState
from tests.media.conftest import SHOW_SLUG, MediaApp, ShowGrant, app_running, publish_page

pytestmark = pytest.mark.e2e

SAID = ("Welcome to the show.", "This linen shirt is only thirty nine dollars.")
CAPTION_SHOWN = """() => {
  const box = document.querySelector(".captions");
  return box && !box.hidden && /linen|shirt|welcome|show|dollars/i.test(box.textContent);
}"""
# The caption box is up and its top edge is below the captions button's bottom edge.
CLEAR_OF_BUTTON = """() => {
  const box = document.querySelector(".captions");
  const button = document.querySelector(".captions-toggle");
  if (!box || box.hidden || !button || button.hidden) return null;
  const gap = box.getBoundingClientRect().top - button.getBoundingClientRect().bottom;
  return gap > 0 ? gap : null;
}"""


@pytest.fixture(scope="module")
def tone_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fake microphone says SAID, with pauses (Chromium loops the file)."""
    parts = [speech.silence(0.5)]
    for sentence in SAID:
        parts += [speech.espeak(sentence), speech.silence(1.2)]
    return speech.write_wav(tmp_path_factory.mktemp("speech") / "speech.wav", np.concatenate(parts))


@pytest.fixture
def captions_app(netlab: NetLab, settings: Settings, tmp_path: Path) -> Iterator[MediaApp]:
    log = tmp_path / "app.log"
    with app_running(netlab, settings, log, CROSSLIVE_CAPTIONS_ENABLED="true") as app:
        yield app


def test_captions_of_the_hosts_speech_appear_on_a_viewers_page(
    captions_app: MediaApp,
    live_show: ShowGrant,
    session_factory: sessionmaker[Session],
    browser_in: Callable[[str], Browser],
) -> None:
    with transaction(session_factory) as db:
        show = db.get(Show, live_show.show_id)
        assert show is not None
        show.state, show.started_at = ShowState.LIVE, datetime.now(UTC)
        show.sponsored = True  # an ad label above the captions button
    lab = captions_app.lab
    publish_page(browser_in(lab.server_ns), captions_app.url, live_show)
    phone = {"width": 390, "height": 844}
    viewer = browser_in(lab.viewer_ns).new_context(viewport=phone, locale="fr-FR").new_page()
    viewer.on("console", lambda message: print(f"[viewer console] {message.text}"))
    viewer.goto(f"{captions_app.url}/live/{SHOW_SLUG}?store=acme")
    assert viewer.locator("body").get_attribute("data-captions") == "on"
    # The model loads, then each phrase is transcribed: generous on a shared machine.
    viewer.wait_for_function(CAPTION_SHOWN, timeout=120_000)
    assert viewer.locator(".ad-label").count() == 1
    assert viewer.wait_for_function(CLEAR_OF_BUTTON, timeout=30_000).json_value() > 0
    viewer.set_viewport_size({"width": 1366, "height": 768})  # a laptop
    assert viewer.wait_for_function(CLEAR_OF_BUTTON, timeout=30_000).json_value() > 0
    toggle = viewer.locator(".captions-toggle")
    assert toggle.get_attribute("aria-pressed") == "true"
    toggle.click()  # the viewer turns them off
    assert toggle.get_attribute("aria-pressed") == "false"
    assert viewer.locator(".captions").is_hidden()
