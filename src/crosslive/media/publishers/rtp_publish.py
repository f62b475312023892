"""Publishing into a show as RTP to a Janus remote publisher, with simulcast encoded here.

aiortc sends one layer only, so a show pushed from OBS over RTMP would give every viewer the
same stream, and a viewer on a weak link could not step down. Here the picture is encoded
three times in VP8 (the source fitted into 1280x720, then a half and a quarter of that, at
the console's bitrates), packetized with aiortc's VP8 payloader and sent with Opus audio to
the loopback port the server opened for it (`POST /whip/{slug}/rtp`), as plain RTP: Janus
1.1.2 cannot decrypt a remote publisher's SRTP (rtp_target.RtpPublisher). Janus asks for
keyframes over RTCP (the sender reports tell it where to); every layer then encodes one.
It stays on while it says it is alive, and opens anew when the server forgot it or is gone.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, cast

import av
import httpx
from aiortc import MediaStreamTrack
from aiortc.clock import current_ntp_time
from aiortc.codecs.opus import OpusEncoder
from aiortc.codecs.vpx import Vp8Encoder
from aiortc.rtp import (
    RTCP_PSFB_FIR,
    RTCP_PSFB_PLI,
    RtcpPacket,
    RtcpPsfbPacket,
    RtcpSenderInfo,
    RtcpSrPacket,
    RtpPacket,
    is_rtcp,
)
from aiortc.utils import random16, random32, uint16_add, uint32_add
from av.audio.frame import AudioFrame
from av.video.frame import PictureType, VideoFrame

from crosslive.media.publishers.broadcaster import BroadcastStatus, PublishRefused

log = logging.getLogger(__name__)

VIDEO_CLOCK = 90_000
TOP_SIZE = (1280, 720)
ALIVE_EVERY_S = 1.0
REPORT_EVERY_S = 1.0
# Janus passes every keyframe request on to a remote publisher, unthrottled (thousands a
# minute while a subscriber waits for a layer): keyframes at most this often, as browsers do.
MIN_KEYFRAME_GAP_S = 0.3
# Opening a publisher again after the media server (or the app) restarted: back-off, doubling.
REOPEN_FIRST_DELAY_S = 0.5
REOPEN_MAX_DELAY_S = 2.0
# Frames are skipped, not encoded late, once the encoders are this far behind real time.
MAX_LAG_S = 0.1
# A frame the ingest had to wait this long for was not queued up: the encoders are current.
WAITED_S = 0.005


@dataclass(frozen=True)
class Layer:
    divisor: int  # of the top layer's size
    bitrate: int


# Lowest first, as Janus numbers its substreams; as the host console's encodings.
LAYERS = (Layer(4, 150_000), Layer(2, 300_000), Layer(1, 1_800_000))


@dataclass(frozen=True)
class RtpTarget:
    location: str
    host: str
    port: int
    rtcp_port: int
    audio_ssrc: int
    video_ssrcs: tuple[int, ...]
    audio_pt: int
    video_pt: int


def layer_sizes(width: int, height: int) -> list[tuple[int, int]]:
    """Each layer's picture size for a WIDTHxHEIGHT source (even, as VP8 wants)."""
    scale = min(1.0, TOP_SIZE[0] / width, TOP_SIZE[1] / height)

    def even(value: float) -> int:
        return max(2, int(value) // 2 * 2)

    return [(even(width * scale / n.divisor), even(height * scale / n.divisor)) for n in LAYERS]


class LayerEncoder:
    """One layer's VP8: real time, constant bitrate, no frames held back (the settings
    aiortc's own encoder uses), and aiortc's payloader for the RTP payloads."""

    def __init__(self, bitrate: int) -> None:
        self.bitrate = bitrate
        self.codec: av.VideoCodecContext | None = None
        self.payloader = Vp8Encoder()

    def _open(self, size: tuple[int, int]) -> av.VideoCodecContext:
        codec = av.CodecContext.create("libvpx", "w")
        codec.width, codec.height = size
        codec.bit_rate = self.bitrate
        codec.pix_fmt = "yuv420p"
        codec.gop_size = 3000  # keyframes when Janus asks for them
        codec.qmin, codec.qmax = 2, 56
        codec.options = {
            "bufsize": str(self.bitrate),
            "cpu-used": "-6",
            "deadline": "realtime",
            "lag-in-frames": "0",
            "minrate": str(self.bitrate),
            "maxrate": str(self.bitrate),
            "partitions": "0",
            "static-thresh": "1",
            "undershoot-pct": "100",
            "overshoot-pct": "15",
        }
        codec.thread_count = 2 if size[0] * size[1] >= 640 * 360 else 1
        return codec

    def encode(
        self, frame: VideoFrame, size: tuple[int, int], keyframe: bool
    ) -> list[tuple[list[bytes], int]]:
        """The RTP payloads and the 90 kHz timestamp of each encoded frame."""
        if self.codec is None or (self.codec.width, self.codec.height) != size:
            self.codec = self._open(size)
            keyframe = True
        time_base = frame.time_base or Fraction(1, VIDEO_CLOCK)
        scaled = frame.reformat(width=size[0], height=size[1], format="yuv420p")
        scaled.pts, scaled.time_base = frame.pts, time_base
        if keyframe:
            scaled.pict_type = PictureType.I
        encoded = []
        for packet in self.codec.encode(scaled):
            packet.pts, packet.time_base = frame.pts, time_base
            encoded.append(self.payloader.pack(packet))
        return encoded


@dataclass
class _Stream:
    ssrc: int
    payload_type: int
    sequence: int
    offset: int
    timestamp: int = 0
    packets: int = 0
    octets: int = 0


class RtpSender(asyncio.DatagramProtocol):
    """RTP out to Janus, keyframe requests (RTCP) back."""

    def __init__(self, target: RtpTarget, clock: Callable[[], float] = time.monotonic) -> None:
        self.target = target
        self.clock = clock
        self.transport: asyncio.DatagramTransport | None = None
        self.keyframe_wanted = True
        self.keyframe_at = -MIN_KEYFRAME_GAP_S
        self.frames_sent = self.frames_skipped = 0
        ssrcs = [(target.audio_ssrc, target.audio_pt)]
        ssrcs += [(ssrc, target.video_pt) for ssrc in target.video_ssrcs]
        self.streams = {ssrc: _Stream(ssrc, pt, random16(), random32()) for ssrc, pt in ssrcs}

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.DatagramTransport, transport)  # uvloop's is no subclass

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        if not is_rtcp(data) or addr[:2] != (self.target.host, self.target.rtcp_port):
            return  # only Janus's feedback
        try:
            packets = RtcpPacket.parse(data)
        except ValueError:
            return
        for packet in packets:
            if isinstance(packet, RtcpPsfbPacket) and packet.fmt in {RTCP_PSFB_PLI, RTCP_PSFB_FIR}:
                self.keyframe_wanted = True

    def retarget(self, target: RtpTarget) -> None:
        """Send to another publisher from now on (it needs a keyframe to start with)."""
        self.target = target
        self.keyframe_wanted = True
        self.send_reports()  # latch its RTCP port at once

    def take_keyframe_request(self) -> bool:
        """Whether the next frame should be a keyframe (one was asked for, and the last is
        not too recent); a request that has to wait stays pending."""
        now = self.clock()
        if not self.keyframe_wanted or now - self.keyframe_at < MIN_KEYFRAME_GAP_S:
            return False
        self.keyframe_wanted, self.keyframe_at = False, now
        return True

    def send(self, ssrc: int, payloads: list[bytes], timestamp: int, marked: bool) -> None:
        """One frame's payloads; MARKED sets the marker bit on its last packet (video)."""
        if self.transport is None:
            return
        stream = self.streams[ssrc]
        stream.timestamp = uint32_add(stream.offset, timestamp)
        for index, payload in enumerate(payloads):
            packet = RtpPacket(
                payload_type=stream.payload_type,
                sequence_number=stream.sequence,
                timestamp=stream.timestamp,
                ssrc=ssrc,
                marker=int(marked and index == len(payloads) - 1),
                payload=payload,
            )
            stream.sequence = uint16_add(stream.sequence, 1)
            stream.packets += 1
            stream.octets += len(payload)
            self.transport.sendto(packet.serialize(), (self.target.host, self.target.port))

    def send_reports(self) -> None:
        """A sender report per stream: also what lets Janus send its keyframe requests here."""
        if self.transport is None:
            return
        ntp = current_ntp_time()
        for stream in self.streams.values():
            info = RtcpSenderInfo(ntp, stream.timestamp, stream.packets, stream.octets)
            report = bytes(RtcpSrPacket(ssrc=stream.ssrc, sender_info=info))
            self.transport.sendto(report, (self.target.host, self.target.rtcp_port))


class Lag:
    """Whether a frame should be skipped because encoding fell behind the source: three
    layers on a busy machine can take longer than a frame lasts, and late frames would pile
    up as delay for every viewer. Frames that arrive late from the source itself (a stall
    in OBS's upload) are not skipped: the clock is set again whenever the ingest had to
    wait for a frame, since then nothing is queued."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.origin: tuple[float, float] | None = None

    def behind(self, frame_time: float, waited_s: float) -> bool:
        now = self.clock()
        if self.origin is None or waited_s >= WAITED_S:
            self.origin = (now, frame_time)
            return False
        wall, media = self.origin
        return (now - wall) - (frame_time - media) > MAX_LAG_S


def encode_layers(
    encoders: list[LayerEncoder], frame: VideoFrame, keyframe: bool
) -> list[list[tuple[list[bytes], int]]]:
    sizes = layer_sizes(frame.width, frame.height)
    return [e.encode(frame, size, keyframe) for e, size in zip(encoders, sizes, strict=True)]


async def _send_video(track: MediaStreamTrack, sender: RtpSender) -> None:
    encoders = [LayerEncoder(layer.bitrate) for layer in LAYERS]
    lag = Lag()
    while True:
        asked = time.monotonic()
        frame = await track.recv()
        assert isinstance(frame, VideoFrame)
        if frame.time is not None and lag.behind(frame.time, time.monotonic() - asked):
            sender.frames_skipped += 1
            continue
        sender.frames_sent += 1
        keyframe = sender.take_keyframe_request()
        layers = await asyncio.to_thread(encode_layers, encoders, frame, keyframe)
        for ssrc, frames in zip(sender.target.video_ssrcs, layers, strict=True):
            for payloads, timestamp in frames:
                sender.send(ssrc, payloads, timestamp, marked=True)


async def _send_audio(track: MediaStreamTrack, sender: RtpSender) -> None:
    encoder = OpusEncoder()
    while True:
        frame = await track.recv()
        assert isinstance(frame, AudioFrame)
        payloads, timestamp = encoder.encode(frame)
        for index, payload in enumerate(payloads):
            sender.send(sender.target.audio_ssrc, [payload], timestamp + 960 * index, False)


async def _report(sender: RtpSender) -> None:
    while True:
        sender.send_reports()
        await asyncio.sleep(REPORT_EVERY_S)


async def _open(http: httpx.AsyncClient, whip_url: str, headers: dict[str, str]) -> RtpTarget:
    """A new RTP publisher of the show at WHIP_URL."""
    response = await http.post(f"{whip_url.rstrip('/')}/rtp", headers=headers)
    if response.status_code in {401, 403, 409}:  # bad token, or the show has ended
        raise PublishRefused(response.text)
    response.raise_for_status()
    return _target(whip_url, response)


async def _reopen(http: httpx.AsyncClient, whip_url: str, headers: dict[str, str]) -> RtpTarget:
    """`_open`, retried while the media server restarts (503) or cannot be reached."""
    delay = REOPEN_FIRST_DELAY_S
    while True:
        try:
            return await _open(http, whip_url, headers)
        except httpx.HTTPError as exc:
            log.info("RTP publisher not open yet (%r); trying again", exc)
        await asyncio.sleep(delay)
        delay = min(delay * 2, REOPEN_MAX_DELAY_S)


async def _keep_alive(
    http: httpx.AsyncClient,
    whip_url: str,
    headers: dict[str, str],
    sender: RtpSender,
    status: BroadcastStatus,
) -> None:
    """Tell the server the publisher is alive; when it is gone (a restarted media server
    forgets every publisher), open a new one and send there, the source never noticing."""
    while True:
        await asyncio.sleep(ALIVE_EVERY_S)
        try:
            response = await http.post(f"{sender.target.location}/alive", headers=headers)
        except httpx.TransportError:  # the app restarting: the new one will not know us
            response = httpx.Response(404)
        if response.status_code == 404:
            log.warning("RTP publisher gone from the server; opening a new one")
            sender.retarget(await _reopen(http, whip_url, headers))
            status.location = sender.target.location
            status.attempts += 1
        elif response.status_code in {401, 403, 409}:
            raise PublishRefused(response.text)


def _target(whip_url: str, response: httpx.Response) -> RtpTarget:
    body = response.json()
    return RtpTarget(
        location=str(httpx.URL(whip_url).join(response.headers["location"])),
        host=body["host"],
        port=int(body["port"]),
        rtcp_port=int(body["rtcp_port"]),
        audio_ssrc=int(body["audio_ssrc"]),
        video_ssrcs=tuple(int(ssrc) for ssrc in body["video_ssrcs"]),
        audio_pt=int(body["audio_pt"]),
        video_pt=int(body["video_pt"]),
    )


async def publish_rtp_once(
    whip_url: str,
    token: str,
    status: BroadcastStatus,
    tracks: Callable[[], list[MediaStreamTrack]],
) -> None:
    """Publish `tracks()` (one audio, one video) as an RTP publisher of the show at WHIP_URL
    until `status.stop`, a track ends, or the server refuses the publisher (PublishRefused).
    A media server restart is ridden out: the tracks go on into a new publisher."""
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(timeout=15) as http:
        target = await _open(http, whip_url, headers)
        transport, sender = await asyncio.get_running_loop().create_datagram_endpoint(
            lambda: RtpSender(target), local_addr=("127.0.0.1", 0)
        )
        status.connected, status.location = True, target.location
        jobs = [_report(sender), _keep_alive(http, whip_url, headers, sender, status)]
        sources = tracks()
        for track in sources:
            jobs.append((_send_video if track.kind == "video" else _send_audio)(track, sender))
        tasks = [asyncio.create_task(job) for job in jobs]
        stopped = asyncio.create_task(status.stop.wait())
        every: list[asyncio.Task[Any]] = [*tasks, stopped]
        started = time.monotonic()
        failure: BaseException | None = None
        try:
            await asyncio.wait(every, return_when=asyncio.FIRST_COMPLETED)
            for task in tasks:
                if task.done() and not task.cancelled() and task.exception() is not None:
                    failure = task.exception()
                    status.last_error = repr(failure)
                    log.warning("RTP publishing ended: %s", status.last_error)
        finally:
            for task in every:
                task.cancel()
            await asyncio.gather(*every, return_exceptions=True)
            for track in sources:
                track.stop()  # a MediaPlayer's reading thread ends with its last track
            transport.close()
            status.connected = False
            with contextlib.suppress(httpx.HTTPError):
                await http.delete(sender.target.location, headers=headers)
            log.info(
                "RTP publishing stopped after %.0f s: %d frames sent, %d skipped (encoding behind)",
                time.monotonic() - started,
                sender.frames_sent,
                sender.frames_skipped,
            )
        if isinstance(failure, PublishRefused):
            raise failure
