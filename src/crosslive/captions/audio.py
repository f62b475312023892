"""From Opus RTP to phrases: RTP payloads decoded by PyAV's Opus decoder into 16 kHz mono,
and an energy voice-activity detector that cuts the audio into phrases at the host's pauses
(a phrase ends after PAUSE_MS of quiet, or at MAX_PHRASE_S)."""

from __future__ import annotations

import struct
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

RATE = 16_000
FRAME = RATE // 50  # 20 ms
PAUSE_MS = 400
PRE_ROLL_MS = 200
MIN_SPEECH_MS = 250
MAX_PHRASE_S = 8.0
# Speech is louder than the quiet floor by this much (RMS ratio), and never below FLOOR_MIN.
SPEECH_RATIO = 3.0
FLOOR_MIN = 0.004


@dataclass
class Phrase:
    """A stretch of speech: 16 kHz mono float32 AUDIO that ended (its last voiced frame
    arrived) at `ended` (time.monotonic), lasting `duration_s`."""

    show_id: int
    audio: np.ndarray
    ended: float
    duration_s: float
    ended_wall: float = field(default_factory=time.time)


def rtp_payload(packet: bytes) -> tuple[int, bytes] | None:
    """(sequence number, payload) of an RTP packet; None for anything else (RTCP, junk)."""
    if len(packet) < 12 or packet[0] >> 6 != 2:
        return None
    if 72 <= packet[1] & 0x7F <= 76:  # RTCP sent to the RTP port
        return None
    csrc = packet[0] & 0x0F
    offset = 12 + 4 * csrc
    if packet[0] & 0x10:  # header extension
        if len(packet) < offset + 4:
            return None
        (words,) = struct.unpack_from("!H", packet, offset + 2)
        offset += 4 + 4 * words
    end = len(packet)
    if packet[0] & 0x20 and end > offset:  # padding
        end -= packet[-1]
    if end <= offset:
        return None
    (seq,) = struct.unpack_from("!H", packet, 2)
    return seq, packet[offset:end]


class OpusDecoder:
    """Opus payloads in, 16 kHz mono float32 out (PyAV, the package faster-whisper uses)."""

    def __init__(self) -> None:
        import av

        self._av = av
        self._codec = av.CodecContext.create("opus", "r")
        self._resampler = av.AudioResampler(format="flt", layout="mono", rate=RATE)
        self._last_seq: int | None = None

    def decode(self, seq: int, payload: bytes) -> np.ndarray:
        if self._last_seq is not None and (seq - self._last_seq) % 65536 > 32768:
            return np.zeros(0, np.float32)  # late or repeated: its moment has passed
        self._last_seq = seq
        out = []
        try:
            for frame in self._codec.decode(self._av.Packet(payload)):
                for resampled in self._resampler.resample(frame):
                    out.append(resampled.to_ndarray().reshape(-1))
        except self._av.error.FFmpegError:
            return np.zeros(0, np.float32)
        return np.concatenate(out).astype(np.float32) if out else np.zeros(0, np.float32)


class PhraseCutter:
    """Feeds 16 kHz audio in; calls ON_PHRASE with each phrase of speech it finds."""

    def __init__(
        self,
        show_id: int,
        on_phrase: Callable[[Phrase], None],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.show_id = show_id
        self._on_phrase = on_phrase
        self._clock = clock
        self._pending = np.zeros(0, np.float32)
        self._floor = FLOOR_MIN
        self._pre: deque[np.ndarray] = deque(maxlen=PRE_ROLL_MS // 20)
        self._speech: list[np.ndarray] = []
        self._voiced = 0
        self._quiet = 0

    def feed(self, samples: np.ndarray) -> None:
        self._pending = np.concatenate([self._pending, samples])
        while len(self._pending) >= FRAME:
            frame, self._pending = self._pending[:FRAME], self._pending[FRAME:]
            self._frame(frame)

    def _frame(self, frame: np.ndarray) -> None:
        rms = float(np.sqrt(np.mean(frame * frame)))
        voiced = rms > max(self._floor * SPEECH_RATIO, FLOOR_MIN)
        if not voiced:  # the quiet floor follows the room's noise, slowly
            self._floor = max(FLOOR_MIN / SPEECH_RATIO, 0.95 * self._floor + 0.05 * rms)
        if not self._speech:
            if voiced:
                self._speech = [*self._pre, frame]
                self._voiced, self._quiet = 1, 0
            else:
                self._pre.append(frame)
            return
        self._speech.append(frame)
        if voiced:
            self._voiced += 1
            self._quiet = 0
        else:
            self._quiet += 1
        if self._quiet * 20 >= PAUSE_MS or len(self._speech) * FRAME >= MAX_PHRASE_S * RATE:
            self.flush()

    def flush(self) -> None:
        """End the phrase under way (the publisher left, or a pause)."""
        speech, voiced, quiet = self._speech, self._voiced, self._quiet
        self._speech, self._voiced, self._quiet = [], 0, 0
        self._pre.clear()
        if voiced * 20 < MIN_SPEECH_MS:
            return
        audio = np.concatenate(speech)
        # The phrase ended with its last voiced frame, QUIET frames ago.
        ended = self._clock() - quiet * 0.02
        self._on_phrase(
            Phrase(self.show_id, audio, ended, len(audio) / RATE, time.time() - quiet * 0.02)
        )
