"""RTMP ingest for OBS's classic output: Debian's ffmpeg accepts the RTMP push and hands the
stream (copied, not re-encoded) to this process, which republishes it into the show over the
show's own WHIP endpoint (VP8 + Opus, like every other publisher).

One ingest serves one show: `crosslive media rtmp --listen rtmp://0.0.0.0:1935/live/KEY ...`.
When OBS stops, the WHIP session ends and the ingest listens again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import subprocess
from dataclasses import dataclass

from aiortc import MediaStreamTrack
from aiortc.contrib.media import MediaPlayer

from crosslive.media.broadcaster import BroadcastStatus, PublishRefused, publish_once

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RtmpIngest:
    listen_url: str
    whip_url: str
    token: str
    ffmpeg: str = "/usr/bin/ffmpeg"

    def command(self) -> list[str]:
        return [
            self.ffmpeg, "-hide_banner", "-loglevel", "error", "-listen", "1",
            "-i", self.listen_url, "-c", "copy", "-f", "mpegts", "pipe:1",
        ]  # fmt: skip


async def _one_push(ingest: RtmpIngest, status: BroadcastStatus) -> None:
    """Wait for one RTMP push and publish it until it ends."""
    process = subprocess.Popen(ingest.command(), stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
    assert process.stdout is not None
    try:
        # Opening the player blocks until ffmpeg has a pusher and sends the stream header.
        player = await asyncio.to_thread(MediaPlayer, process.stdout, format="mpegts")

        def tracks() -> list[MediaStreamTrack]:
            return [t for t in (player.audio, player.video) if t is not None]

        ended = asyncio.create_task(asyncio.to_thread(process.wait))
        publishing = asyncio.create_task(
            publish_once(ingest.whip_url, ingest.token, status, tracks)
        )
        await asyncio.wait({ended, publishing}, return_when=asyncio.FIRST_COMPLETED)
        status.stop.set()  # the push ended (or publishing failed): end this WHIP session
        with contextlib.suppress(Exception):
            await publishing
        ended.cancel()
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()


async def run_rtmp_ingest(ingest: RtmpIngest) -> None:
    """Accept RTMP pushes one after another, forever."""
    while True:
        status = BroadcastStatus()
        try:
            await _one_push(ingest, status)
        except PublishRefused:
            log.error("RTMP ingest refused by the WHIP endpoint: check the token")
            return
        except (OSError, ValueError) as exc:
            log.warning("RTMP ingest: %r", exc)
        await asyncio.sleep(0.5)
