"""Latency of one instant answer, over the demo store's question set (models loaded first:
the figure is per question, not per process start)."""

from __future__ import annotations

import statistics
from pathlib import Path

from sqlalchemy.orm import Session

from crosslive.answers import evaluation, service


def run(
    db: Session, eng: service.Engine, data: Path, *, store: str, show: str, rounds: int
) -> dict[str, float | int]:
    cases = evaluation.load(data)
    found = service.resolve_show(db, store, show)
    eng.warm()
    timings: list[float] = []
    for _ in range(rounds):
        for case in cases:
            timings.append(evaluation.answer_case(db, eng, found, case).ms)
    timings.sort()
    return {
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[max(0, int(len(timings) * 0.95) - 1)], 1),
        "questions": len(timings),
    }
