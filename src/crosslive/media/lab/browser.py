"""Chromium flags for headless runs against servers on this machine (tests, benchmarks)."""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

HEADLESS_ARGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
    "--autoplay-policy=no-user-gesture-required",
)
# A page served from a private address inside a test network namespace is plain http: these
# checks would block it, and WebRTC must see real addresses instead of mDNS names.
_PRIVATE_NETWORK_FEATURES = (
    "LocalNetworkAccessChecks",
    "BlockInsecurePrivateNetworkRequests",
    "PrivateNetworkAccessSendPreflights",
)


def chromium_args(insecure_origin: str | None = None) -> list[str]:
    """Flags for Debian's Chromium; INSECURE_ORIGIN (http://ip:port) is treated as secure."""
    features = ["WebRtcHideLocalIpsWithMdns"]
    args = list(HEADLESS_ARGS)
    if insecure_origin:
        features.extend(_PRIVATE_NETWORK_FEATURES)
        args.append(f"--unsafely-treat-insecure-origin-as-secure={insecure_origin}")
    args.append(f"--disable-features={','.join(features)}")
    return args


def fake_tone(path: Path) -> Path:
    """A 4 s 440 Hz mono WAV at PATH, for `--use-file-for-fake-audio-capture`."""
    rate = 48_000
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(
            b"".join(
                struct.pack("<h", int(9000 * math.sin(2 * math.pi * 440 * i / rate)))
                for i in range(rate * 4)
            )
        )
    return path
