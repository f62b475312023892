"""RTMP ingest for OBS's classic output: Debian's ffmpeg accepts the RTMP push and hands the
stream (copied, not re-encoded) to this process, which republishes it into the show over the
show's own WHIP endpoint (VP8 + Opus, like every other publisher).

One ingest serves one show: `crosslive media rtmp --listen rtmp://0.0.0.0:1935/live/KEY ...`.
When OBS stops, the WHIP session ends and the ingest listens again.

The stream key is the pusher's only credential, and ffmpeg's listener takes a push under any
key, merely warning "Unexpected stream ..." first. It writes that warning before any of the
pushed media reaches its output, so once the first media has been read the warning, if
any, is already waiting on ffmpeg's stderr: the push is then cut before anything is
published.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import subprocess
from dataclasses import dataclass
from typing import IO

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

    @property
    def key(self) -> str:
        """The stream key: the last part of the listen URL's path."""
        return self.listen_url.rstrip("/").rpartition("/")[2]

    def command(self) -> list[str]:
        return [
            self.ffmpeg, "-hide_banner", "-loglevel", "warning", "-listen", "1",
            "-i", self.listen_url, "-c", "copy", "-f", "mpegts", "pipe:1",
        ]  # fmt: skip


WRONG_KEY = "Unexpected stream"


class WrongStreamKey(Exception):
    """A push under another stream key than the ingest's."""


def _read_available(stream: IO[bytes]) -> str:
    """What ffmpeg has written to STREAM (non-blocking) so far."""
    chunks = []
    with contextlib.suppress(BlockingIOError):
        while chunk := os.read(stream.fileno(), 65536):
            chunks.append(chunk)
    return b"".join(chunks).decode("utf-8", errors="replace")


async def _drain(stream: IO[bytes], key: str) -> None:
    """Keep ffmpeg's stderr from filling up (and blocking it) while it runs; its lines are
    logged without the stream key (ffmpeg names its input URL in them)."""
    while True:
        for line in _read_available(stream).splitlines():
            log.info("RTMP ingest ffmpeg: %s", line.replace(key, "***") if key else line)
        await asyncio.sleep(1)


async def _one_push(ingest: RtmpIngest, status: BroadcastStatus) -> None:
    """Wait for one RTMP push and publish it until it ends."""
    process = subprocess.Popen(
        ingest.command(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )
    assert process.stdout is not None and process.stderr is not None
    os.set_blocking(process.stderr.fileno(), False)
    draining: asyncio.Task[None] | None = None
    try:
        # Opening the player blocks until ffmpeg has a pusher and sends the stream header.
        player = await asyncio.to_thread(MediaPlayer, process.stdout, format="mpegts")
        complaints = _read_available(process.stderr)
        if WRONG_KEY in complaints:
            raise WrongStreamKey
        draining = asyncio.create_task(_drain(process.stderr, ingest.key))

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
        if draining is not None:
            draining.cancel()
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
        except WrongStreamKey:
            log.warning("RTMP push under a wrong stream key cut off")
        except (OSError, ValueError) as exc:
            log.warning("RTMP ingest: %r", exc)
        await asyncio.sleep(0.5)
