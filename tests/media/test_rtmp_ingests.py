"""The app's RTMP listeners: port range setting, one free port per show and host, closing;
the stream key kept off ffmpeg's command line and checked against what a push used."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import pytest
from pydantic import ValidationError

from crosslive.media.publishers.rtmp import RtmpIngest, pushed_name
from crosslive.media.publishers.rtmp_ingests import Ingest, NoFreePort, RtmpIngests
from crosslive.settings import Settings
from tests.media.conftest import run_async


def _settings(tmp_path: Path, ports: str) -> Settings:
    return Settings(data_dir=tmp_path, media_rtmp_ports=ports)


def _busy_port_before_a_free_one() -> socket.socket:
    """A socket bound to a port whose next port nothing holds (an ephemeral port's neighbour
    may belong to another test's server)."""
    for _ in range(50):
        busy = socket.socket()
        busy.bind(("0.0.0.0", 0))
        with socket.socket() as neighbour:
            try:
                neighbour.bind(("0.0.0.0", busy.getsockname()[1] + 1))
            except OSError:
                busy.close()
                continue
        return busy
    raise RuntimeError("no two neighbouring ports are free")


def test_the_port_setting_is_a_port_or_a_range(tmp_path: Path) -> None:
    assert _settings(tmp_path, "").media_rtmp_port_range == range(0)
    assert _settings(tmp_path, "1935").media_rtmp_port_range == range(1935, 1936)
    assert list(_settings(tmp_path, "1935-1937").media_rtmp_port_range) == [1935, 1936, 1937]
    for bad in ("rtmp", "1939-1935", "0-10", "1935-70000"):
        with pytest.raises(ValidationError, match="not a port or port range"):
            _settings(tmp_path, bad)


def test_each_listener_gets_a_free_port_until_none_is_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def idle(self: RtmpIngests, entry: Ingest, whip_url: str, token: str) -> None:
        entry.restarts = -1 if token != "token" or not whip_url.endswith("/whip/spring") else 0
        await asyncio.Event().wait()

    monkeypatch.setattr(RtmpIngests, "_supervise", idle)

    async def scenario() -> None:
        with _busy_port_before_a_free_one() as busy:
            first = busy.getsockname()[1]
            ingests = RtmpIngests(_settings(tmp_path, f"{first}-{first + 1}"))
            # The first port is taken by another program: the next one is used.
            one = ingests.open(7, "spring", user_id=1, token="token")
            await asyncio.sleep(0)
            assert (one.port, one.restarts) == (first + 1, 0)
            assert ingests.get(7, 1) is one
            assert ingests.open(7, "spring", user_id=1, token="token") is one  # still running
            with pytest.raises(NoFreePort):
                ingests.open(7, "spring", user_id=2, token="token")
        # Closed: its port is free again, and a new listener gets a new key.
        assert await ingests.close(7, 1)
        assert ingests.get(7, 1) is None
        assert not await ingests.close(7, 1)
        two = ingests.open(7, "spring", user_id=2, token="token")
        assert two.port == first and two.key != one.key
        await ingests.close_all()
        assert ingests.entries == {}

    run_async(scenario)


def test_ffmpeg_never_sees_the_stream_key_and_only_the_key_is_taken() -> None:
    ingest = RtmpIngest("rtmp://0.0.0.0:1935/live/s3cret-key", "http://app/whip/show", "token")
    command = ingest.command("decoy1")
    assert "rtmp://0.0.0.0:1935/live/decoy1" in command
    assert not any("s3cret-key" in part for part in command)
    warned = "[rtmp @ 0x5581] Unexpected stream s3cret-key, expecting decoy1\n"
    assert pushed_name(warned, "decoy1") == "s3cret-key"
    assert pushed_name("[rtmp @ 0x5581] Unexpected stream guess, expecting decoy1\n", "decoy1") == (
        "guess"
    )
    # A push under the decoy itself (ffmpeg's command line is public) draws no warning.
    assert pushed_name("", "decoy1") is None
    # A name dressed up as the warning's tail is still the whole name.
    tricky = "Unexpected stream s3cret-key, expecting decoy1, expecting decoy1\n"
    assert pushed_name(tricky, "decoy1") == "s3cret-key, expecting decoy1"
