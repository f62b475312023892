"""RTMP ingest for OBS's classic output: Debian's ffmpeg accepts the RTMP push and hands the
stream (copied, not re-encoded) to this process, which republishes it into the show over the
show's own WHIP endpoint (VP8 + Opus, like every other publisher).

One ingest serves one show: `crosslive media rtmp --listen rtmp://0.0.0.0:1935/live/KEY ...`.
When OBS stops, the WHIP session ends and the ingest listens again.

The stream key is the pusher's only credential, and ffmpeg's listener takes a push under any
name, merely warning "Unexpected stream NAME, expecting EXPECTED" first. So ffmpeg is told
to expect a throwaway name, never the key (its command line is readable by every local
user), and a push is published only when that warning names the key. ffmpeg writes the
warning before any of the pushed media reaches its output, so once the first media has been
read it is already waiting on ffmpeg's stderr; a push without it, or under another name, is
cut off before anything is published.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import ipaddress
import logging
import os
import re
import secrets
import subprocess
from dataclasses import dataclass
from typing import IO
from urllib.parse import urlsplit

from aiortc import MediaStreamTrack
from aiortc.contrib.media import MediaPlayer

from crosslive.media.children import ending_with_parent
from crosslive.media.publishers.broadcaster import BroadcastStatus, PublishRefused, publish_once
from crosslive.media.publishers.rtp_publish import publish_rtp_once

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RtmpIngest:
    listen_url: str
    whip_url: str
    token: str
    ffmpeg: str = "/usr/bin/ffmpeg"

    def _split(self) -> tuple[str, str]:
        """The listen URL as (everything before the stream key, the stream key)."""
        base, _, key = self.listen_url.rstrip("/").rpartition("/")
        return base, key

    @property
    def key(self) -> str:
        return self._split()[1]

    def command(self, decoy: str) -> list[str]:
        """ffmpeg listening for a push under DECOY, a name no pusher is given."""
        base = self._split()[0]
        return [
            self.ffmpeg, "-hide_banner", "-loglevel", "warning", "-listen", "1",
            "-i", f"{base}/{decoy}", "-c", "copy", "-f", "mpegts", "pipe:1",
        ]  # fmt: skip


def pushed_name(complaints: str, decoy: str) -> str | None:
    """The stream name a push used, from ffmpeg's warning that it was not DECOY."""
    match = re.search(rf"Unexpected stream (.*), expecting {re.escape(decoy)}$", complaints, re.M)
    return match.group(1) if match else None


def on_this_host(url: str) -> bool:
    """Whether URL names this machine's loopback, where the server's RTP port is reachable."""
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    with contextlib.suppress(ValueError):
        return ipaddress.ip_address(host).is_loopback
    return False


class WrongStreamKey(Exception):
    """A push under another name than the ingest's stream key."""


def _read_available(stream: IO[bytes]) -> str:
    """What ffmpeg has written to STREAM (non-blocking) so far."""
    chunks = []
    with contextlib.suppress(BlockingIOError):
        while chunk := os.read(stream.fileno(), 65536):
            chunks.append(chunk)
    return b"".join(chunks).decode("utf-8", errors="replace")


async def _drain(stream: IO[bytes]) -> None:
    """Keep ffmpeg's stderr from filling up (and blocking it) while it runs. Its lines can
    name its input URL, which holds the decoy, never the stream key."""
    while True:
        for line in _read_available(stream).splitlines():
            log.info("RTMP ingest ffmpeg: %s", line)
        await asyncio.sleep(1)


async def _one_push(ingest: RtmpIngest, status: BroadcastStatus) -> None:
    """Wait for one RTMP push and publish it until it ends."""
    decoy = secrets.token_hex(8)
    process = subprocess.Popen(
        ending_with_parent(ingest.command(decoy)),
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
        if not hmac.compare_digest(
            pushed_name(_read_available(process.stderr), decoy) or "", ingest.key
        ):
            raise WrongStreamKey
        draining = asyncio.create_task(_drain(process.stderr))

        def tracks() -> list[MediaStreamTrack]:
            return [t for t in (player.audio, player.video) if t is not None]

        ended = asyncio.create_task(asyncio.to_thread(process.wait))
        # Next to the server the ingest sends three simulcast layers as RTP; from elsewhere
        # it publishes one layer over WHIP.
        publish = publish_rtp_once if on_this_host(ingest.whip_url) else publish_once
        publishing = asyncio.create_task(publish(ingest.whip_url, ingest.token, status, tracks))
        await asyncio.wait({ended, publishing}, return_when=asyncio.FIRST_COMPLETED)
        status.stop.set()  # the push ended (or publishing failed): end this session
        try:
            await publishing
        except PublishRefused:
            raise  # the token was replaced or the show ended: no point taking pushes
        except Exception as exc:  # the push is cut off; OBS reconnects by itself
            log.warning("RTMP ingest: publishing failed: %r", exc)
        ended.cancel()
    finally:
        if draining is not None:
            draining.cancel()
        if process.poll() is None:
            process.kill()
        process.wait()


async def run_rtmp_ingest(ingest: RtmpIngest) -> None:
    """Accept RTMP pushes one after another, forever."""
    logging.getLogger("httpx").setLevel(logging.WARNING)  # a line per keep-alive otherwise
    while True:
        status = BroadcastStatus()
        try:
            await _one_push(ingest, status)
        except PublishRefused as exc:
            log.error("RTMP ingest refused by the WHIP endpoint (check the token): %s", exc)
            return
        except WrongStreamKey:
            log.warning("RTMP push under a wrong stream key cut off")
        except (OSError, ValueError) as exc:
            log.warning("RTMP ingest: %r", exc)
        await asyncio.sleep(0.5)
