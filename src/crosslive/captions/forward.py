"""Janus sends a publisher's audio here: VideoRoom's `rtp_forward` of the audio stream to a
UDP port this process opened on 127.0.0.1, where each packet is decoded and cut into
phrases (audio.py). One `AudioTap` per show on the air with captions on."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

from crosslive.captions.audio import OpusDecoder, Phrase, PhraseCutter, rtp_payload
from crosslive.media.errors import MediaUnavailable
from crosslive.media.gateway import MediaGateway, PublisherEntry
from crosslive.media.janus_client import JanusError

log = logging.getLogger(__name__)

HOST = "127.0.0.1"


def audio_mid(entry: PublisherEntry) -> str:
    for stream in entry.streams:
        if stream.get("type") == "audio" and stream.get("mid") is not None:
            return str(stream["mid"])
    return "0"  # an RTP publisher's audio (rtp_target.RTP_STREAMS)


class _Receiver(asyncio.DatagramProtocol):
    def __init__(self, tap: AudioTap) -> None:
        self._tap = tap

    def datagram_received(self, data: bytes, addr: Any) -> None:
        self._tap.packet(data)


class AudioTap:
    """The audio of one publisher, forwarded by Janus, cut into phrases for ON_PHRASE."""

    def __init__(
        self, show_id: int, feed_id: int, generation: int, on_phrase: Callable[[Phrase], None]
    ) -> None:
        self.show_id = show_id
        self.feed_id = feed_id
        self.generation = generation
        self.port = 0
        self.packets = 0
        self._stream_ids: list[int] = []
        self._transport: asyncio.DatagramTransport | None = None
        self._decoder = OpusDecoder()
        self._cutter = PhraseCutter(show_id, on_phrase)

    async def open(self) -> int:
        """Listen on a free UDP port of 127.0.0.1; returns it."""
        loop = asyncio.get_running_loop()
        transport, _ = await loop.create_datagram_endpoint(
            lambda: _Receiver(self), local_addr=(HOST, 0)
        )
        self._transport = transport
        self.port = int(transport.get_extra_info("sockname")[1])
        return self.port

    def packet(self, data: bytes) -> None:
        parsed = rtp_payload(data)
        if parsed is None:
            return
        self.packets += 1
        samples = self._decoder.decode(*parsed)
        if len(samples):
            self._cutter.feed(samples)

    async def forward_from(self, media: MediaGateway, entry: PublisherEntry) -> None:
        """Ask Janus to send ENTRY's audio to this tap's port."""
        body = {
            "request": "rtp_forward",
            "room": entry.show_id,
            "publisher_id": entry.feed_id,
            "secret": media.room_secret(entry.show_id),
            "host": HOST,
            "host_family": "ipv4",
            "streams": [{"mid": audio_mid(entry), "port": self.port}],
        }
        data = await media.janus().request(media.admin_handle, body)
        for forwarder in data.get("forwarders") or []:
            if "stream_id" in forwarder:
                self._stream_ids.append(int(forwarder["stream_id"]))

    async def close(self, media: MediaGateway | None) -> None:
        self._cutter.flush()
        if media is not None and media.generation == self.generation:
            for stream_id in self._stream_ids:
                body = {
                    "request": "stop_rtp_forward",
                    "room": self.show_id,
                    "publisher_id": self.feed_id,
                    "secret": media.room_secret(self.show_id),
                    "stream_id": stream_id,
                }
                # The publisher (or its room) may be gone already, which stopped it too.
                with contextlib.suppress(JanusError, MediaUnavailable):
                    await media.janus().request(media.admin_handle, body)
        if self._transport is not None:
            self._transport.close()
            self._transport = None
