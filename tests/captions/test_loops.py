"""Whisper's loops are cut back to one saying, its decoding is bounded by the phrase's
length, a phrase is not held back for others while the worker is free, and the bench's
viewer pings as a page does (else the server drops it after a minute)."""

from __future__ import annotations

import asyncio
import threading
from types import SimpleNamespace
from typing import Any

import numpy as np

from crosslive.captions import bench, whisper
from crosslive.captions.audio import Phrase
from crosslive.captions.worker import Transcriber


def test_a_looped_hallucination_is_said_once() -> None:
    assert whisper.unloop("寂寞,寂寞,寂寞,寂寞,寂寞") == "寂寞"
    assert whisper.unloop("满五十包邮。好好好好好") == "满五十包邮。好"
    assert whisper.unloop("Welcome to the show the show the show") == "Welcome to the show"
    assert whisper.unloop("Thank you. Thank you. Thank you.") == "Thank you."
    assert whisper.unloop("第1,1,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,") == "第1,1,5,"


def test_what_is_said_twice_and_figures_are_kept() -> None:
    for said in (
        "Welcome back to the show, everyone!",
        "Very very soft.",
        "好好好",
        "It costs 1,000,000,000 dollars.",
        "Call 555-5555 or 1000000.",
        "Returns are free for thirty days after delivery.",
    ):
        assert whisper.unloop(said) == said


def test_decoding_is_bounded_by_the_phrase_and_loops_are_left_out() -> None:
    seen: dict[str, Any] = {}

    class Model:
        def transcribe(self, audio: Any, **options: Any) -> tuple[list[Any], Any]:
            seen.update(options)
            said = "寂寞,寂寞,寂寞,寂寞\ufffd"  # cut inside a character's bytes
            loop = SimpleNamespace(text=said, no_speech_prob=0.1, avg_logprob=-0.3)
            return [loop], SimpleNamespace(language="zh")

    heard = whisper.transcribe(Model(), np.zeros(4 * 16_000, np.float32), "zh")
    assert heard.text == "寂寞"
    assert seen["max_new_tokens"] == whisper.TOKENS_BASE + 4 * whisper.TOKENS_PER_S
    assert seen["temperature"] == whisper.TEMPERATURES


def test_a_phrase_is_not_held_for_a_merge_while_the_worker_is_free() -> None:
    calls: list[float] = []
    finished = threading.Semaphore(0)

    def transcribe(phrase: Phrase) -> str:
        calls.append(round(phrase.duration_s, 3))
        return "text"

    worker = Transcriber(
        transcribe, lambda phrase, heard: finished.release(), lambda p, w: None, clock=lambda: 0.0
    )
    worker.start()
    try:
        for _ in range(3):  # each arrives after the one before was done
            worker.submit(Phrase(1, np.zeros(1600, np.float32), 0.0, 2.0))
            assert finished.acquire(timeout=10)
    finally:
        worker.stop()
    assert calls == [2.0, 2.0, 2.0]


def test_the_bench_viewer_pings_like_a_page(monkeypatch: Any) -> None:
    sent: list[str] = []

    class Socket:
        async def send(self, text: str) -> None:
            sent.append(text)

    async def run() -> None:
        monkeypatch.setattr(bench, "PING_S", 0.01)
        task = asyncio.create_task(bench._ping(Socket()))
        while len(sent) < 2:
            await asyncio.sleep(0.01)
        task.cancel()

    asyncio.run(asyncio.wait_for(run(), 10))
    assert sent[:2] == ["ping", "ping"]
