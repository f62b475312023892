"""The media server's settings (Janus, ICE/TURN, RTMP, viewer limits): part of `Settings`,
read from `CROSSLIVE_`-prefixed environment variables like the rest."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings

from crosslive.settings.media_nodes import NodeSpec, parse_edge_apis, parse_nodes, parse_regions


class MediaSettings(BaseSettings):
    media_enabled: bool = Field(
        default=False,
        description="Run the Janus media server as a supervised child process (live video).",
    )
    janus_binary: str = Field(default="/usr/bin/janus", description="Path of the janus program.")
    janus_lib_dir: Path = Field(
        default=Path("/usr/lib/x86_64-linux-gnu/janus"),
        description="Folder holding Janus's plugins/ and transports/ (Debian's default).",
    )
    janus_http_port: int = Field(
        default=0, ge=0, le=65535, description="Janus HTTP API port on 127.0.0.1; 0 picks one."
    )
    media_ice_interfaces: str = Field(
        default="",
        description="Comma-separated interfaces or IP prefixes Janus gathers ICE candidates on "
        "(ice_enforce_list). Empty: all non-loopback interfaces.",
    )
    media_ice_ignore: str = Field(
        default="vmnet", description="Comma-separated interfaces Janus never gathers on."
    )
    media_stun_server: str = Field(default="", description="STUN server host:port for Janus.")
    media_turn_server: str = Field(
        default="", description="TURN server host:port (coturn) Janus and browsers relay through."
    )
    media_turn_user: str = Field(default="", description="TURN user name.")
    media_turn_password: str = Field(default="", description="TURN password.")
    media_nat_1_1: str = Field(
        default="",
        description="Public IP address(es) to advertise for a server behind 1:1 NAT "
        "(Janus nat_1_1_mapping), comma-separated.",
    )
    media_rtp_ports: str = Field(default="20000-40000", description="UDP port range for media.")
    media_rtmp_ports: str = Field(
        default="",
        description="TCP ports (e.g. 1935-1939) the app may open for hosts streaming from OBS "
        "over RTMP, one per show and host streaming at once. Empty: RTMP is off.",
    )
    media_rtmp_host: str = Field(
        default="",
        description="Host name in the RTMP server URL the console shows. Empty: the host name "
        "the console was opened with.",
    )
    media_start_layer: int = Field(
        default=1, ge=0, le=2, description="Simulcast layer a new viewer starts on (0 low, 2 high)."
    )
    media_prejoined_viewers: int = Field(
        default=2,
        ge=0,
        le=20,
        description="Viewer subscriptions kept joined and waiting per live show (0: none).",
    )
    media_page_offers: bool = Field(
        default=True,
        description="Hand a waiting viewer subscription's offer out with a live show's page, "
        "so the page need not ask for one (false: it always asks with a POST).",
    )
    media_viewers_per_show: int = Field(
        default=500,
        ge=1,
        le=100_000,
        description="Viewer sessions one show may have at once on this server; more are "
        "refused with 503 until one ends.",
    )
    media_viewers_per_address: int = Field(
        default=20,
        ge=1,
        le=100_000,
        description="Viewer sessions one client address may hold at once, across all shows; "
        "more are refused with 429.",
    )
    media_viewer_joins_per_minute: int = Field(
        default=60,
        ge=1,
        le=100_000,
        description="Start-viewing requests per client address per minute; more are refused "
        "with 429.",
    )
    media_publisher_idle_s: float = Field(
        default=6.0, gt=0, description="A publisher sending no media this long is evicted."
    )
    captions_enabled: bool = Field(
        default=True,
        description="Live captions of the host's audio (needs the `captions` extra and media "
        "on). Each show's host can still turn them off.",
    )
    captions_threads: int = Field(
        default=2, ge=1, le=64, description="CPU threads the captions' Whisper model uses."
    )
    captions_queue_phrases: int = Field(
        default=3,
        ge=1,
        le=100,
        description="Phrases waiting for transcription; past that the oldest is dropped (the "
        "console says captions are behind).",
    )
    media_nodes: str = Field(
        default="",
        description="Media nodes of a multi-region deployment, `;`-separated: `NAME` for the "
        "origin, `NAME<UPSTREAM` for an edge fed from UPSTREAM, `@URL` after an edge run "
        "elsewhere (its Janus API). Empty: one Janus, the app's child.",
    )
    media_regions: str = Field(
        default="",
        description="Which node serves which countries or markets: `DE=eu, US=us`. Viewers "
        "elsewhere go to the origin.",
    )
    media_node_api_secret: str = Field(
        default="", description="Janus API secret of the remote media nodes (`@URL` ones)."
    )
    media_edge_apis: str = Field(
        default="",
        description="The viewer API beside each edge (`crosslive media edge-api`): "
        "`eu=https://eu.shop.example/edge, us=...`. Its viewers then answer and trickle there "
        "instead of through the origin.",
    )
    media_edge_api_secret: str = Field(
        default="",
        description="Shared secret (32+ characters) the origin signs edge viewers' passes "
        "with; the same on every edge API.",
    )
    media_edge_api_ttl_s: float = Field(
        default=60.0, gt=0, le=600, description="Seconds an edge viewer's pass is valid."
    )
    media_node_check_s: float = Field(
        default=2.0, gt=0, description="Seconds between health checks of each edge node."
    )

    @field_validator("media_nodes")
    @classmethod
    def _nodes(cls, value: str) -> str:
        parse_nodes(value)
        return value

    @model_validator(mode="after")
    def _regions(self) -> MediaSettings:
        nodes = parse_nodes(self.media_nodes)
        parse_regions(self.media_regions, nodes)
        parse_edge_apis(self.media_edge_apis, nodes, self.media_edge_api_secret)
        return self

    @property
    def media_node_specs(self) -> list[NodeSpec]:
        return parse_nodes(self.media_nodes)

    @property
    def media_edge_api_map(self) -> dict[str, str]:
        return parse_edge_apis(
            self.media_edge_apis, self.media_node_specs, self.media_edge_api_secret
        )

    @property
    def media_region_map(self) -> dict[str, str]:
        return parse_regions(self.media_regions, self.media_node_specs)

    @field_validator("media_rtmp_ports")
    @classmethod
    def _port_range(cls, value: str) -> str:
        _ports(value)
        return value

    @property
    def media_rtmp_port_range(self) -> range:
        return _ports(self.media_rtmp_ports)


def _ports(spec: str) -> range:
    """`1935-1939` or `1935` -> those ports; empty -> none."""
    if not spec.strip():
        return range(0)
    low, _, high = spec.partition("-")
    try:
        first, last = int(low), int(high or low)
    except ValueError:
        raise ValueError(f"not a port or port range: {spec!r}") from None
    if not 1 <= first <= last <= 65535:
        raise ValueError(f"not a port or port range: {spec!r}")
    return range(first, last + 1)
