"""The publishers crosslive ships, when the app itself is gone for a while (killed, then
started again): the RTP ingest takes an unreachable server for one that forgot it and opens
a new publisher as soon as one answers; the WHIP client, after a session that was on the
air, tries again almost at once even though its check found no server.

(The whole scenario, with Janus, a browser and real processes, is in
tests/faults/test_app_restart_media.py.)"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import httpx
import pytest

from crosslive.media.publishers import broadcaster, rtp_publish
from crosslive.media.publishers.broadcaster import BroadcastStatus
from crosslive.media.publishers.rtp_publish import RtpTarget

WHIP = "http://app.test/whip/spring-drop"


def _target(location: str) -> RtpTarget:
    return RtpTarget(location, "127.0.0.1", 5002, 5003, 1000, (1010, 1011, 1012), 111, 96)


class Sender:
    """Stands for RtpSender: where the media goes."""

    def __init__(self) -> None:
        self.target = _target(f"{WHIP}/old")
        self.targets: list[str] = []

    def retarget(self, target: RtpTarget) -> None:
        self.target = target
        self.targets.append(target.location)


async def test_the_rtp_ingest_opens_a_new_publisher_once_a_restarted_app_answers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(rtp_publish, "ALIVE_EVERY_S", 0)
    monkeypatch.setattr(rtp_publish, "REOPEN_FIRST_DELAY_S", 0)
    down = {"calls": 3}  # the app answers nothing for the first three requests
    seen: list[str] = []

    def app(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.method} {request.url.path}")
        if down["calls"]:
            down["calls"] -= 1
            raise httpx.ConnectError("connection refused", request=request)
        if request.url.path.endswith("/rtp"):
            body = {
                "host": "127.0.0.1", "port": 6000, "rtcp_port": 6001, "audio_ssrc": 1000,
                "video_ssrcs": [1010, 1011, 1012], "audio_pt": 111, "video_pt": 96,
            }  # fmt: skip
            return httpx.Response(201, json=body, headers={"location": "/whip/spring-drop/new"})
        return httpx.Response(204)  # alive

    sender, status = Sender(), BroadcastStatus()
    async with httpx.AsyncClient(transport=httpx.MockTransport(app)) as http:
        alive = asyncio.create_task(
            rtp_publish._keep_alive(http, WHIP, {}, sender, status)  # type: ignore[arg-type]
        )
        while not sender.targets and not alive.done():
            await asyncio.sleep(0.01)
        alive.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await alive  # an exception here: it gave up instead of reopening

    assert seen[:4] == [
        "POST /whip/spring-drop/old/alive",  # refused: the app is gone
        "POST /whip/spring-drop/rtp",  # tried again while it is down
        "POST /whip/spring-drop/rtp",
        "POST /whip/spring-drop/rtp",  # the new app: a new publisher
    ]
    assert sender.targets == [f"{WHIP}/new"]
    assert status.location == f"{WHIP}/new"


async def test_the_whip_client_tries_again_almost_at_once_after_a_session_on_the_air(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pauses: list[float] = []
    real_wait_for = asyncio.wait_for

    async def paused(awaitable: Any, timeout: float) -> Any:
        pauses.append(timeout)
        return await real_wait_for(awaitable, 0)

    calls = {"n": 0}

    async def publish_once(whip_url: str, token: str, status: BroadcastStatus) -> None:
        calls["n"] += 1
        request = httpx.Request("POST", whip_url)
        if calls["n"] == 1:  # on the air, then its alive check finds no server at all
            status.sessions += 1
        if calls["n"] == 6:
            status.stop.set()
            return
        raise httpx.ConnectError("connection refused", request=request)

    monkeypatch.setattr(broadcaster.asyncio, "wait_for", paused)
    monkeypatch.setattr(broadcaster, "publish_once", publish_once)
    await broadcaster.broadcast(WHIP, "token", BroadcastStatus())

    # After the session on the air: 0.2 s, then doubling up to 2 s (not from the first
    # try's 0.5 s up to 5 s).
    assert pauses == [0.2, 0.4, 0.8, 1.6, 2.0, 2.0]
