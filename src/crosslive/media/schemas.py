"""Request and response bodies of the viewer playback API."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class EdgeApiPass(BaseModel):
    url: str = Field(description="The viewer API beside the edge: answer and trickle there.")
    token: str = Field(description="The viewer's pass for it, sent in each request's body.")
    ttl_s: float = Field(description="Seconds the pass is valid.")


class ViewerOffer(BaseModel):
    viewer_id: str
    sdp: str = Field(description="Janus's SDP offer; answer it with POST .../answer.")
    layer: int
    feeds: int = Field(description="Publishers in the offer: the host first, co-hosts after.")
    stage: int = Field(
        description="The show's line-up of publishers this offer has; a `stage` event with a "
        "higher number means rejoin."
    )
    node: str = Field(
        default="", description="The media node playing it (with edge nodes; else empty)."
    )
    edge: bool = Field(
        default=False,
        description="Played by an edge node: its Janus gets the answer through the app, well "
        "after the viewer's own checks reach it, so the player leaves Janus the DTLS client.",
    )
    edge_api: EdgeApiPass | None = Field(
        default=None,
        description="With a viewer API beside the edge: send the answer, candidates and leave "
        "there (a short round trip) instead of to this app; on failure, here.",
    )


class MediaNodeOut(BaseModel):
    name: str
    role: str = Field(description="origin or edge")
    upstream: str = ""
    up: bool = True
    reason: str = Field(default="", description="Why an edge is down.")
    viewers: int = 0
    shows: list[int] = Field(default_factory=list, description="Shows forwarded to an edge.")


class ShowNodeOut(BaseModel):
    """A media node as a show's host console shows it."""

    name: str
    role: str = Field(description="origin or edge")
    up: bool
    viewers: int = Field(description="Viewers of the show it plays to now.")


class SdpAnswer(BaseModel):
    sdp: str = Field(min_length=10, max_length=100_000)
    show: str = Field(
        default="",
        max_length=200,
        description="The show (slug) of the page answering; required for an offer handed out "
        "with a show's page.",
    )


class Candidates(BaseModel):
    """Trickled ICE candidates; null marks the end of candidates."""

    candidates: list[dict[str, Any] | None] = Field(max_length=50)


class StatsReport(BaseModel):
    """The viewer page's getStats summary for the last few seconds."""

    kbps: float = Field(default=0, ge=0, le=1_000_000)
    loss: float = Field(default=0, ge=0, le=1)
    jitter_buffer_ms: float = Field(default=0, ge=0, le=600_000)
    freezes: int = Field(default=0, ge=0, le=1_000_000)
    freeze_s: float = Field(default=0, ge=0, le=1_000_000)
    fps: float = Field(default=0, ge=0, le=1000)
    rtt_ms: float = Field(default=0, ge=0, le=600_000)
    available_kbps: float | None = Field(default=None, ge=0)
    first_frame_ms: int | None = Field(default=None, ge=0, le=600_000)


class LayerAdvice(BaseModel):
    layer: int
    reconnect: bool


class PublisherOut(BaseModel):
    feed_id: int
    user_id: int
    connected: bool
    kind: Literal["whip", "rtp"] = Field(
        description="whip: a WebRTC publisher (browser, OBS WHIP, GStreamer); "
        "rtp: the RTMP ingest's three layers over RTP"
    )
    on_stage: bool = Field(False, description="a viewer the host invited on stage")


class ViewerSessionOut(BaseModel):
    model_config = {"from_attributes": True}

    id: int
    viewer_id: str | None = Field(description="Who watched: the viewer's identity (chat, cart).")
    first_frame_ms: int | None
    freezes: int
    freeze_s: float
    start_layer: int
    final_layer: int
    layer_ups: int
    layer_downs: int
    avg_kbps: float
    reports: int
    end_reason: str


class RtmpIngestOut(BaseModel):
    server_url: str = Field(description="OBS: Settings > Stream > Server.")
    stream_key: str = Field(description="OBS: Settings > Stream > Stream Key. Keep it secret.")
    restarts: int = Field(description="Times the listener was restarted after dying.")
    on_air: bool = Field(description="OBS is pushing and its layers are in the show.")


class RtpPublisherOut(BaseModel):
    """Where the RTMP ingest sends its RTP (see rtp_target.RtpPublisher)."""

    host: str
    port: int
    rtcp_port: int
    audio_ssrc: int
    video_ssrcs: list[int] = Field(description="one per simulcast layer, lowest first")
    audio_pt: int
    video_pt: int
