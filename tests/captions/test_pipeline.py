"""The captions pipeline on generated speech: espeak-ng says a known sentence, it travels as
a publisher's Opus RTP packets, is decoded, cut into phrases at the pauses and transcribed.
A quality check (word error rate under a bar), not a timing one."""

from __future__ import annotations

from typing import Any

import numpy as np

from crosslive.captions import speech, whisper
from crosslive.captions.audio import OpusDecoder, Phrase, PhraseCutter, rtp_payload
from crosslive.captions.bench import word_error_rate

SENTENCES = (
    "Welcome to the show, everyone.",
    "This linen shirt is only thirty nine dollars today.",
    "Shipping is free on orders over fifty dollars.",
)
# Whisper base on synthetic speech: 0.14 measured here ("to me" for "today"); the
# bench target is 0.35.
WER_BAR = 0.3


def _through_rtp(audio: np.ndarray) -> list[Phrase]:
    phrases: list[Phrase] = []
    decoder, cutter = OpusDecoder(), PhraseCutter(7, phrases.append)
    for packet in speech.opus_rtp(audio):
        parsed = rtp_payload(packet)
        assert parsed is not None
        cutter.feed(decoder.decode(*parsed))
    cutter.flush()
    return phrases


def test_phrases_are_cut_at_the_pauses_and_transcribed(whisper_model: Any) -> None:
    parts = [speech.silence(0.8)]
    for sentence in SENTENCES:
        parts += [speech.espeak(sentence), speech.silence(1.0)]
    phrases = _through_rtp(np.concatenate(parts))
    assert len(phrases) == len(SENTENCES)
    assert all(p.show_id == 7 for p in phrases)
    heard = [whisper.transcribe(whisper_model, p.audio, "en") for p in phrases]
    assert {h.language for h in heard} == {"en"}
    said = " ".join(h.text for h in heard)
    assert word_error_rate(" ".join(SENTENCES), said) <= WER_BAR, said


def test_silence_and_a_steady_tone_make_no_caption(whisper_model: Any) -> None:
    quiet = speech.silence(3.0) + np.float32(0.0005) * np.random.default_rng(1).standard_normal(
        48_000
    ).astype(np.float32)
    assert _through_rtp(quiet) == []
    tone = (0.3 * np.sin(2 * np.pi * 440 * np.arange(3 * 16_000) / 16_000)).astype(np.float32)
    for phrase in _through_rtp(tone):
        assert whisper.transcribe(whisper_model, phrase.audio, "en").text == ""


def test_rtp_parsing_skips_rtcp_and_strips_extensions() -> None:
    assert rtp_payload(b"\x80\xc8" + b"\x00" * 26) is None  # a sender report
    assert rtp_payload(b"junk") is None
    extended = b"\x90\x6f\x00\x05" + b"\x00" * 8 + b"\xbe\xde\x00\x01" + b"\x00" * 4 + b"opus"
    assert rtp_payload(extended) == (5, b"opus")
