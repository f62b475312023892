"""Transcription off the event loop: one worker thread and a bounded queue of phrases. The
show never waits for it: when the queue is full the oldest phrase is dropped, and phrases
that waited longer than MAX_WAIT_S are dropped when their turn comes unless a fresher phrase
of the show waits with them (its caption would be too late to be of use); each drop is
reported, so the host console can say so. Phrases of one show that wait together are
transcribed together (one Whisper call costs about the same for 3 s or 20 s of audio)."""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from crosslive.captions.audio import RATE, Phrase

logger = logging.getLogger(__name__)

MAX_QUEUE = 3
MAX_WAIT_S = 6.0
# Phrases of one show waiting together are transcribed in one call, up to this long
# (Whisper's window is 30 s; measured: three 3-s phrases in one call took 1.5 CPU-s, one
# alone 1.3 CPU-s).
MERGE_MAX_S = 20.0
MERGE_GAP_S = 0.3

Transcribe = Callable[[Phrase], Any]
Deliver = Callable[[Phrase, Any], None]
Dropped = Callable[[Phrase, str], None]


class Transcriber:
    def __init__(
        self,
        transcribe: Transcribe,
        deliver: Deliver,
        dropped: Dropped,
        *,
        max_queue: int = MAX_QUEUE,
        max_wait_s: float = MAX_WAIT_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._transcribe = transcribe
        self._deliver = deliver
        self._dropped = dropped
        self._queue: queue.Queue[Phrase | None] = queue.Queue(maxsize=max_queue)
        self._max_wait = max_wait_s
        self._clock = clock
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.done = 0
        self.drops = 0
        self.busy_s = 0.0  # time spent transcribing
        self.audio_s = 0.0  # audio transcribed

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="captions", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        if self._thread is None:
            return
        try:  # what is queued is transcribed first, as long as that takes little time
            self._queue.put(None, timeout=timeout / 2)
        except queue.Full:
            with self._lock:
                self._take_oldest("stopping")
                self._queue.put_nowait(None)
        self._thread.join(timeout)
        self._thread = None

    def submit(self, phrase: Phrase) -> bool:
        """Queue PHRASE; never blocks. False when an older phrase had to be dropped for it."""
        with self._lock:
            try:
                self._queue.put_nowait(phrase)
                return True
            except queue.Full:
                self._take_oldest("queue full")
                self._queue.put_nowait(phrase)
                return False

    def _take_oldest(self, why: str) -> None:
        try:
            old = self._queue.get_nowait()
        except queue.Empty:
            return
        if old is not None:
            self._drop(old, why)

    def _drop(self, phrase: Phrase, why: str) -> None:
        self.drops += 1
        logger.warning(
            "captions behind: dropped %.1f s of audio (%s)",
            phrase.duration_s,
            why,
            extra={"show": phrase.show_id},
        )
        try:
            self._dropped(phrase, why)
        except Exception:
            logger.exception("could not report dropped caption audio")

    def _run(self) -> None:
        pending: list[Phrase | None] = []
        while True:
            phrase = pending.pop() if pending else self._queue.get()
            if phrase is None:
                return
            # Merge first, then judge: a phrase that waited too long still rides along with
            # fresher ones of its show at almost no cost (one call costs about the same for
            # 3 s or 20 s), so only a batch whose newest phrase is stale is dropped.
            phrase = self._catch_up(phrase, pending)
            if self._clock() - phrase.ended > self._max_wait:
                self._drop(phrase, "too late")
                continue
            started = time.monotonic()
            try:
                heard = self._transcribe(phrase)
            except Exception:
                logger.exception("transcription failed", extra={"show": phrase.show_id})
                continue
            self.busy_s += time.monotonic() - started
            self.audio_s += phrase.duration_s
            self.done += 1
            try:
                self._deliver(phrase, heard)
            except Exception:
                logger.exception("could not deliver a caption", extra={"show": phrase.show_id})

    def _catch_up(self, phrase: Phrase, pending: list[Phrase | None]) -> Phrase:
        """PHRASE joined with the phrases of the same show waiting behind it (up to
        MERGE_MAX_S in all): Whisper pads every call to 30 s, so one call for several
        phrases costs little more than one, and a worker that fell behind catches up
        with fewer, longer captions instead of dropping audio. What cannot join is left
        in PENDING, to be taken next."""
        batch = [phrase]
        total = phrase.duration_s
        while True:
            try:
                waiting = self._queue.get_nowait()
            except queue.Empty:
                break
            joins = waiting is not None and waiting.show_id == phrase.show_id
            if waiting is None or not joins or total + waiting.duration_s > MERGE_MAX_S:
                pending.append(waiting)
                break
            batch.append(waiting)
            total += waiting.duration_s + MERGE_GAP_S
        if len(batch) == 1:
            return phrase
        gap = np.zeros(int(MERGE_GAP_S * RATE), np.float32)
        parts: list[np.ndarray] = []
        for each in batch:
            parts += [each.audio, gap]
        last = batch[-1]
        return Phrase(
            phrase.show_id, np.concatenate(parts[:-1]), last.ended, total, last.ended_wall
        )
