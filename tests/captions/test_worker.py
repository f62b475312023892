"""Transcription never holds the show up: the queue is bounded, the oldest phrase goes when
it is full, a phrase that waited too long is dropped, and every drop is reported."""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

from crosslive.captions.audio import Phrase
from crosslive.captions.worker import Transcriber


def _phrase(n: int, ended: float = 0.0) -> Phrase:
    return Phrase(show_id=n, audio=np.zeros(1600, np.float32), ended=ended, duration_s=2.0)


def test_a_full_queue_drops_the_oldest_audio_and_says_so() -> None:
    release = threading.Event()
    started = threading.Event()
    done: list[int] = []
    dropped: list[tuple[int, str]] = []

    def slow(phrase: Phrase) -> str:
        started.set()
        release.wait(10)
        return f"phrase {phrase.show_id}"

    worker = Transcriber(
        slow,
        lambda phrase, heard: done.append(phrase.show_id),
        lambda phrase, why: dropped.append((phrase.show_id, why)),
        max_queue=2,
        max_wait_s=1e9,
        clock=lambda: 0.0,
    )
    worker.start()
    try:
        assert worker.submit(_phrase(1))
        assert started.wait(10)  # the worker is busy with phrase 1
        assert worker.submit(_phrase(2))
        assert worker.submit(_phrase(3))
        assert not worker.submit(_phrase(4))  # full: phrase 2 goes, 4 waits
        assert not worker.submit(_phrase(5))  # and 3
        assert dropped == [(2, "queue full"), (3, "queue full")]
    finally:
        release.set()
        worker.stop()
    assert done == [1, 4, 5]
    assert worker.drops == 2


def test_a_phrase_that_waited_too_long_is_dropped() -> None:
    now = [100.0]
    dropped: list[Any] = []
    done: list[int] = []
    worker = Transcriber(
        lambda phrase: "text",
        lambda phrase, heard: done.append(phrase.show_id),
        lambda phrase, why: dropped.append((phrase.show_id, why)),
        max_wait_s=5.0,
        clock=lambda: now[0],
    )
    worker.submit(_phrase(1, ended=90.0))  # ended 10 s ago
    worker.submit(_phrase(2, ended=99.0))
    worker.start()
    worker.stop()
    assert dropped == [(1, "too late")]
    assert done == [2]


def test_phrases_of_one_show_waiting_together_are_transcribed_in_one_call() -> None:
    calls: list[tuple[int, float]] = []
    done: list[Phrase] = []
    worker = Transcriber(
        lambda phrase: calls.append((phrase.show_id, phrase.duration_s)),
        lambda phrase, heard: done.append(phrase),
        lambda phrase, why: None,
        max_queue=5,
        max_wait_s=1e9,
        clock=lambda: 0.0,
    )
    for show_id in (1, 1, 1, 2, 1):
        worker.submit(_phrase(show_id, ended=float(len(done))))
    worker.start()
    worker.stop()
    # Three of show 1 (2 s each, 0.3 s between), then show 2's, then show 1's last.
    assert [(show, round(seconds, 3)) for show, seconds in calls] == [(1, 6.6), (2, 2.0), (1, 2.0)]
    assert len(done[0].audio) == 3 * 1600 + 2 * int(0.3 * 16_000)


def test_a_late_phrase_rides_along_with_a_fresh_one_of_its_show() -> None:
    now = [100.0]
    dropped: list[Any] = []
    calls: list[float] = []
    worker = Transcriber(
        lambda phrase: calls.append(round(phrase.duration_s, 3)),
        lambda phrase, heard: None,
        lambda phrase, why: dropped.append((phrase.show_id, why)),
        max_wait_s=5.0,
        clock=lambda: now[0],
    )
    worker.submit(_phrase(1, ended=90.0))  # waited 10 s: alone it would be dropped
    worker.submit(_phrase(1, ended=99.0))
    worker.start()
    worker.stop()
    assert dropped == []
    assert calls == [4.3]  # both in one call, 0.3 s apart


def test_whisper_saying_its_prompt_back_makes_no_caption() -> None:
    from types import SimpleNamespace

    from crosslive.captions import whisper

    def segment(text: str) -> SimpleNamespace:
        return SimpleNamespace(text=text, no_speech_prob=0.1, avg_logprob=-0.3)

    class Model:
        def transcribe(self, audio: Any, **options: Any) -> tuple[list[Any], Any]:
            assert options["initial_prompt"] == whisper.PROMPTS["zh"]
            said = [
                segment(" 以下是普通的句子。"),
                segment("以下是普通话的句子"),
                segment("满五十包邮。"),
            ]
            return said, SimpleNamespace(language="zh")

    heard = whisper.transcribe(Model(), np.zeros(1600, np.float32), "zh")
    assert heard == whisper.Heard("满五十包邮。", "zh")
