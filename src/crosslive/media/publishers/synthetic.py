"""A synthetic show: product-style pictures that move, a clock, and a host's voice (a script
said by espeak-ng, so live captions have something to caption; a tone without espeak-ng).

Used by the demo broadcaster so a fresh install has a playing live room without a camera.
Backgrounds are drawn once; each frame only pastes the moving product card and the clock.
"""

from __future__ import annotations

import asyncio
import fractions
import functools
import math
import shutil
import struct
import subprocess
import tempfile
import time
import wave
from datetime import UTC, datetime

import numpy as np
from aiortc.mediastreams import AudioStreamTrack, VideoStreamTrack
from av import AudioFrame, VideoFrame
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 640, 360
PRODUCTS = (
    ("Linen shirt", "$39", (214, 196, 170)),
    ("Trail sneaker", "$84", (70, 110, 160)),
    ("Ceramic mug", "$18", (180, 90, 70)),
)
FONT_PATH = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
AUDIO_RATE = 48_000
AUDIO_PTIME = 0.02
# What the demo's host says, over and over, with a pause after each line.
SCRIPT = (
    "Welcome to the studio desk live show.",
    "This linen shirt is only thirty nine dollars today.",
    "The trail sneaker is eighty four dollars, and shipping is free over fifty dollars.",
    "Ask me anything in the chat, in your own language.",
)
SCRIPT_PAUSE_S = 2.0


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype(FONT_PATH, size)
    except OSError:
        return ImageFont.load_default()


def _product_card(name: str, price: str, colour: tuple[int, int, int]) -> Image.Image:
    card = Image.new("RGB", (220, 220), (250, 250, 248))
    draw = ImageDraw.Draw(card)
    draw.rounded_rectangle((20, 20, 200, 150), radius=18, fill=colour)
    draw.ellipse((70, 45, 150, 125), fill=tuple(min(255, c + 40) for c in colour))
    draw.text((20, 160), name, fill=(30, 30, 30), font=_font(20))
    draw.text((20, 188), price, fill=(200, 40, 40), font=_font(20))
    return card


class ShowPictureTrack(VideoStreamTrack):
    """640x360 frames: a studio backdrop, a product card gliding across, and a live clock."""

    def __init__(self) -> None:
        super().__init__()
        self.background = Image.new("RGB", (WIDTH, HEIGHT), (24, 28, 38))
        draw = ImageDraw.Draw(self.background)
        for x in range(0, WIDTH, 40):
            draw.line((x, 0, x, HEIGHT), fill=(32, 37, 50))
        draw.text((20, 16), "crosslive demo show", fill=(240, 240, 240), font=_font(22))
        self.cards = [_product_card(*product) for product in PRODUCTS]
        self.clock_font = _font(28)

    async def recv(self) -> VideoFrame:
        pts, time_base = await self.next_timestamp()
        seconds = pts * time_base
        image = self.background.copy()
        card = self.cards[int(seconds // 6) % len(self.cards)]
        x = int((WIDTH - 220) / 2 + math.sin(float(seconds) * 1.3) * 180)
        y = int(90 + math.cos(float(seconds) * 0.9) * 30)
        image.paste(card, (x, y))
        clock = datetime.now(UTC).strftime("%H:%M:%S.%f")[:-4] + " UTC"
        ImageDraw.Draw(image).text(
            (20, HEIGHT - 48), clock, fill=(255, 220, 0), font=self.clock_font
        )
        frame = VideoFrame.from_image(image)
        frame.pts, frame.time_base = pts, time_base
        return frame


def _tone_bytes(hz: float, seconds: int = 1) -> bytes:
    samples = AUDIO_RATE * seconds
    return b"".join(
        struct.pack("<h", int(6000 * math.sin(2 * math.pi * hz * i / AUDIO_RATE)))
        for i in range(samples)
    )


@functools.cache
def spoken_script() -> bytes | None:
    """SCRIPT said by espeak-ng, as 48 kHz 16-bit mono; None where espeak-ng is missing."""
    binary = shutil.which("espeak-ng")
    if binary is None:
        return None
    parts: list[np.ndarray] = []
    with tempfile.TemporaryDirectory() as folder:
        path = f"{folder}/line.wav"
        for line in SCRIPT:
            try:
                subprocess.run([binary, "-v", "en", "-s", "150", "-w", path, line], check=True,
                               capture_output=True, timeout=30)  # fmt: skip
            except (OSError, subprocess.SubprocessError):
                return None
            with wave.open(path, "rb") as said:
                rate = said.getframerate()
                pcm = np.frombuffer(said.readframes(said.getnframes()), "<i2").astype(np.float32)
            at = np.arange(0, len(pcm), rate / AUDIO_RATE)
            parts += [np.interp(at, np.arange(len(pcm)), pcm)]
            parts += [np.zeros(int(SCRIPT_PAUSE_S * AUDIO_RATE), np.float32)]
    return np.concatenate(parts).astype("<i2").tobytes()


class ToneTrack(AudioStreamTrack):
    """PCM (48 kHz 16-bit mono; default a soft 440 Hz tone) over and over in 20 ms frames,
    paced by the wall clock."""

    def __init__(self, pcm: bytes | None = None) -> None:
        super().__init__()
        self.tone = pcm or _tone_bytes(440.0)
        self.samples = int(AUDIO_RATE * AUDIO_PTIME)
        self.sent = 0
        self.started = 0.0

    async def recv(self) -> AudioFrame:
        if self.sent == 0:
            self.started = time.time()
        else:
            await asyncio.sleep(max(0.0, self.started + self.sent / AUDIO_RATE - time.time()))
        frame = AudioFrame(format="s16", layout="mono", samples=self.samples)
        offset = (self.sent * 2) % len(self.tone)
        chunk = self.tone[offset : offset + self.samples * 2]
        chunk += self.tone[: self.samples * 2 - len(chunk)]  # wrapping round to the start
        frame.planes[0].update(chunk)
        frame.pts = self.sent
        frame.sample_rate = AUDIO_RATE
        frame.time_base = fractions.Fraction(1, AUDIO_RATE)
        self.sent += self.samples
        return frame
