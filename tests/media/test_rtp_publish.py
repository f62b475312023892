"""A publisher on the server's host (the RTMP ingest) sends three simulcast layers as RTP into
a Janus remote publisher: viewers get a layer of it, it needs the host's token, and it goes
when it stops saying it is alive."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from aiortc import MediaStreamTrack
from aiortc.contrib.media import MediaPlayer
from playwright.sync_api import Browser
from sqlalchemy.orm import Session, sessionmaker

from crosslive.media.gateway import RTP_ALIVE_TIMEOUT_S
from crosslive.media.lab.netlab import NetLab
from crosslive.media.lab.nsexec import run_in_netns
from crosslive.media.models import ViewerSession
from crosslive.media.publishers.broadcaster import (
    BroadcastStatus,
    PublishRefused,
    TrackSource,
    synthetic_tracks,
)
from crosslive.media.publishers.rtp_publish import (
    Lag,
    RtpSender,
    RtpTarget,
    layer_sizes,
    publish_rtp_once,
)
from crosslive.settings import Settings
from tests.media.conftest import (
    SHOW_SLUG,
    MediaApp,
    ShowGrant,
    app_running,
    publishers,
    replace_publish_token,
    staff_headers,
    wait_until,
    watch_page,
)


class Publishing:
    """publish_rtp_once on its own thread in the server's namespace, its outcome kept."""

    def __init__(self, app: MediaApp, token: str, tracks: TrackSource = synthetic_tracks):
        self.status = BroadcastStatus()
        self.error: BaseException | None = None
        whip_url = f"http://127.0.0.1:8000/whip/{SHOW_SLUG}"

        def publish() -> None:
            try:
                asyncio.run(publish_rtp_once(whip_url, token, self.status, tracks))
            except BaseException as exc:
                self.error = exc

        self.thread = threading.Thread(target=run_in_netns, args=(app.lab.server_ns, publish))
        self.thread.start()

    def stop(self) -> None:
        self.status.stop.set()
        self.thread.join(30)


def test_layers_are_the_source_fitted_into_720p_then_halved() -> None:
    assert layer_sizes(1280, 720) == [(320, 180), (640, 360), (1280, 720)]
    assert layer_sizes(1920, 1080) == [(320, 180), (640, 360), (1280, 720)]
    assert layer_sizes(640, 360) == [(160, 90), (320, 180), (640, 360)]
    assert layer_sizes(720, 1280) == [(100, 180), (202, 360), (404, 720)]  # portrait phone


@pytest.mark.e2e
def test_an_rtp_publisher_plays_in_layers_and_needs_the_hosts_token(
    media_app: MediaApp,
    live_show: ShowGrant,
    owner: dict[str, str | int],
    browser_in: Callable[[str], Browser],
) -> None:
    headers = staff_headers(media_app, owner)
    url = f"/whip/{SHOW_SLUG}/rtp"
    # No token, or another one: refused, nothing opened.
    assert media_app.request("POST", url).status_code == 401
    wrong = {"Authorization": "Bearer not-the-token"}
    assert media_app.request("POST", url, headers=wrong).status_code == 401
    assert publishers(media_app, live_show.show_id, headers) == []

    publishing = Publishing(media_app, live_show.token)
    try:
        wait_until(lambda: publishing.status.connected, 20, "the RTP publisher to open")
        [publisher] = publishers(media_app, live_show.show_id, headers)
        assert publisher["kind"] == "rtp" and publisher["user_id"] == live_show.user_id
        viewer = watch_page(browser_in(media_app.lab.viewer_ns), media_app.url)
        viewer.wait_for_function("window.player.state.framesDecoded > 20", timeout=40_000)
        # The synthetic show is 640x360; a viewer starts on the middle layer, half of it.
        assert viewer.evaluate("window.player.state.width") == 320
        viewer.evaluate("window.player.stop()")
    finally:
        publishing.stop()
    # Stopping ends the publisher at once (DELETE).
    wait_until(
        lambda: publishers(media_app, live_show.show_id, headers) == [], 10, "the publisher to go"
    )


@pytest.mark.e2e
def test_an_rtp_publisher_that_stops_saying_it_is_alive_is_evicted(
    media_app: MediaApp, live_show: ShowGrant, owner: dict[str, str | int]
) -> None:
    headers = staff_headers(media_app, owner)
    token = {"Authorization": f"Bearer {live_show.token}"}
    opened = media_app.request("POST", f"/whip/{SHOW_SLUG}/rtp", headers=token)
    assert opened.status_code == 201, opened.text
    body = opened.json()
    assert body["host"] == "127.0.0.1"
    assert body["video_ssrcs"] == [1010, 1011, 1012]
    location = opened.headers["location"]
    assert media_app.request("POST", f"{location}/alive", headers=token).status_code == 204
    assert len(publishers(media_app, live_show.show_id, headers)) == 1
    wait_until(
        lambda: publishers(media_app, live_show.show_id, headers) == [],
        RTP_ALIVE_TIMEOUT_S + 5,
        "the silent RTP publisher to be evicted",
    )
    assert media_app.request("POST", f"{location}/alive", headers=token).status_code == 404


def test_keyframe_requests_are_taken_at_most_every_300_ms() -> None:
    clock = [100.0]
    target = RtpTarget("/whip/x/y", "127.0.0.1", 1, 2, 1000, (1010, 1011, 1012), 111, 96)
    sender = RtpSender(target, clock=lambda: clock[0])
    assert sender.take_keyframe_request()  # the first frame
    assert not sender.take_keyframe_request()  # nothing asked since
    sender.keyframe_wanted = True
    clock[0] += 0.1
    assert not sender.take_keyframe_request()  # too soon: kept for later
    clock[0] += 0.25
    assert sender.take_keyframe_request()
    assert not sender.take_keyframe_request()


def test_frames_are_skipped_while_encoding_lags_but_not_after_a_source_stall() -> None:
    clock = [0.0]
    lag = Lag(clock=lambda: clock[0])
    assert not lag.behind(frame_time=10.0, waited_s=0.03)
    # Encoding took 80 ms a frame; the next frames were already queued (no wait).
    clock[0] = 0.08
    assert not lag.behind(10.033, waited_s=0.0)  # 47 ms behind: encoded
    clock[0] = 0.16
    assert not lag.behind(10.066, waited_s=0.0)  # 94 ms: encoded
    clock[0] = 0.24
    assert lag.behind(10.1, waited_s=0.0)  # 140 ms: skipped
    assert lag.behind(10.133, waited_s=0.0)  # 107 ms: skipped
    # Caught up: the ingest waits for the next frame, and encodes it.
    clock[0] = 0.27
    assert not lag.behind(10.166, waited_s=0.02)
    # OBS stalled for 2 s and goes on in real time: late, but nothing queued, nothing skipped.
    clock[0] = 2.3
    assert not lag.behind(10.233, waited_s=2.0)
    clock[0] = 2.333
    assert not lag.behind(10.266, waited_s=0.03)
    clock[0] = 2.34
    assert not lag.behind(10.3, waited_s=0.0)  # queued, but on time against the new start


@pytest.mark.e2e
@pytest.mark.impairment  # the same layer move as test_layers.py, from an RTP publisher
def test_a_viewer_of_an_rtp_publisher_on_a_500_kbit_link_is_moved_down(
    netlab: NetLab,
    settings: Settings,
    live_show: ShowGrant,
    browser_in: Callable[[str], Browser],
    session_factory: sessionmaker[Session],
    tmp_path: Path,
) -> None:
    def tracks() -> list[MediaStreamTrack]:
        # A busy 720p picture, so the top layer needs its full 1.8 Mbit/s.
        player = MediaPlayer("testsrc2=size=1280x720:rate=30", format="lavfi")
        assert player.video is not None
        return [player.video]

    with app_running(
        netlab, settings, tmp_path / "app.log", CROSSLIVE_MEDIA_START_LAYER="2"
    ) as app:
        netlab.limit_viewer_rate(500)
        publishing = Publishing(app, live_show.token, tracks)
        try:
            viewer = watch_page(browser_in(netlab.viewer_ns), app.url, every_s=2)
            viewer.wait_for_function("window.player.state.playing", timeout=40_000)
            viewer.wait_for_function(
                "window.player.state.layer !== null && window.player.state.layer < 2",
                timeout=60_000,
            )
            viewer.wait_for_function(
                "window.stats.length >= 3 && window.stats.slice(-3).every("
                "(s) => s.fps >= 8 && s.layer < 2 && s.width > 0 && s.width <= 640)",
                timeout=60_000,
            )
            viewer.evaluate("window.player.stop()")
        finally:
            publishing.stop()
    with session_factory() as db:
        first = db.query(ViewerSession).order_by(ViewerSession.id).first()
        assert first is not None and first.start_layer == 2
        assert first.layer_downs >= 1


@pytest.mark.e2e
def test_an_rtp_publisher_rides_out_a_janus_restart(
    media_app: MediaApp,
    live_show: ShowGrant,
    owner: dict[str, str | int],
    browser_in: Callable[[str], Browser],
) -> None:
    headers = staff_headers(media_app, owner)
    publishing = Publishing(media_app, live_show.token)
    try:
        wait_until(lambda: publishing.status.connected, 20, "the RTP publisher to open")
        first = publishing.status.location
        viewer = watch_page(browser_in(media_app.lab.viewer_ns), media_app.url)
        viewer.wait_for_function("window.player.state.framesDecoded > 20", timeout=40_000)
        [janus_pid] = media_app.janus_pids()
        os.kill(janus_pid, signal.SIGKILL)
        # The same publishing session opens a new publisher on the new Janus...
        wait_until(
            lambda: (
                publishing.status.location != first
                and len(publishers(media_app, live_show.show_id, headers)) == 1
            ),
            40,
            "a new RTP publisher after the restart",
        )
        assert publishing.thread.is_alive() and publishing.error is None
        # ...and the viewer plays it again by itself.
        viewer.wait_for_function(
            "window.player.state.reconnects >= 1 && window.player.state.playing", timeout=60_000
        )
        viewer.wait_for_function("window.player.state.framesDecoded > 20", timeout=30_000)
    finally:
        publishing.stop()
    assert publishing.error is None


@pytest.mark.e2e
def test_an_rtp_publisher_whose_token_is_replaced_is_refused(
    media_app: MediaApp,
    live_show: ShowGrant,
    session_factory: sessionmaker[Session],
) -> None:
    publishing = Publishing(media_app, live_show.token)
    try:
        wait_until(lambda: publishing.status.connected, 20, "the RTP publisher to open")
        replace_publish_token(session_factory, live_show)  # e.g. the console's camera
        publishing.thread.join(15)
        assert not publishing.thread.is_alive()
        assert isinstance(publishing.error, PublishRefused)
    finally:
        publishing.stop()
