"""Generated speech for the captions tests and bench: espeak-ng (Debian) says a text into a
WAV, read back as 16 kHz mono; and audio sent as a publisher's would be, in 20 ms Opus RTP
packets."""

from __future__ import annotations

import shutil
import struct
import subprocess
import tempfile
import wave
from pathlib import Path

import numpy as np

from crosslive.captions.audio import RATE

OPUS_RATE = 48_000
PACKET_MS = 20


def espeak(text: str, voice: str = "en", words_per_minute: int = 160) -> np.ndarray:
    """TEXT said by espeak-ng in VOICE, as 16 kHz mono float32."""
    binary = shutil.which("espeak-ng")
    if binary is None:
        raise RuntimeError("espeak-ng is not installed (scripts/setup.sh installs it)")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "said.wav"
        command = [binary, "-v", voice, "-s", str(words_per_minute), "-w", str(path), text]
        subprocess.run(command, check=True, capture_output=True)
        return read_wav(path)


def read_wav(path: Path) -> np.ndarray:
    with wave.open(str(path), "rb") as wav:
        rate, width, channels = wav.getframerate(), wav.getsampwidth(), wav.getnchannels()
        raw = wav.readframes(wav.getnframes())
    if width != 2:
        raise ValueError("16-bit WAV expected")
    samples = np.frombuffer(raw, np.int16).astype(np.float32) / 32768
    samples = samples.reshape(-1, channels).mean(axis=1)
    return resample(samples, rate, RATE)


def resample(samples: np.ndarray, rate: int, to: int) -> np.ndarray:
    if rate == to:
        return samples.astype(np.float32)
    positions = np.arange(0, len(samples), rate / to)
    return np.interp(positions, np.arange(len(samples)), samples).astype(np.float32)


def write_wav(path: Path, samples: np.ndarray, rate: int = RATE) -> Path:
    """SAMPLES (float32 at RATE) as a 16-bit mono WAV at 48 kHz (a fake microphone's file)."""
    audio = resample(samples, rate, OPUS_RATE)
    pcm = (np.clip(audio, -1, 1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(OPUS_RATE)
        wav.writeframes(pcm.tobytes())
    return path


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * RATE), np.float32)


def opus_rtp(samples: np.ndarray, ssrc: int = 0x1234, payload_type: int = 111) -> list[bytes]:
    """SAMPLES (16 kHz mono float32) as RTP packets of 20 ms Opus, as a browser sends them."""
    import av

    encoder = av.CodecContext.create("libopus", "w")
    encoder.sample_rate = OPUS_RATE
    encoder.layout = "mono"
    encoder.format = "s16"
    encoder.bit_rate = 32_000
    audio = resample(samples, RATE, OPUS_RATE)
    pcm = (np.clip(audio, -1, 1) * 32767).astype(np.int16)
    step = OPUS_RATE * PACKET_MS // 1000
    packets: list[bytes] = []
    for n, start in enumerate(range(0, len(pcm) - step + 1, step)):
        frame = av.AudioFrame.from_ndarray(
            pcm[start : start + step].reshape(1, -1), format="s16", layout="mono"
        )
        frame.sample_rate = OPUS_RATE
        frame.pts = start
        for packet in encoder.encode(frame):
            header = struct.pack(
                "!BBHII", 0x80, payload_type, len(packets) & 0xFFFF, start & 0xFFFFFFFF, ssrc
            )
            packets.append(header + bytes(packet))
        del n
    return packets
