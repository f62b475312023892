"""In-process latency of one size advice (`crosslive bench fit --json`)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np

from crosslive.fit.advisor import ProductSizing, Profile, advise
from crosslive.fit.chart import ChartSize, Preference
from crosslive.fit.model import FitModel, ModelUnavailable, load_model
from crosslive.fit.sizes import Garment, SizeSystem

CHART = [
    ChartSize(label, {"bust": bust, "waist": bust - 18, "hips": bust + 8})
    for label, bust in (("0", 86), ("2", 89), ("4", 92), ("8", 97), ("12", 102), ("16", 108))
]
PROFILE = Profile(
    height_cm=168, weight_kg=62, preference=Preference.REGULAR, usual=(SizeSystem.US, "4")
)


def _timings(model: FitModel | None, product: ProductSizing, runs: int) -> dict[str, Any]:
    advise(model, product, PROFILE)  # warm-up
    wall, cpu = [], []
    source = ""
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.thread_time()
        result = advise(model, product, PROFILE)
        wall.append((time.perf_counter() - start) * 1000.0)
        cpu.append((time.thread_time() - start_cpu) * 1000.0)
        source = result.source if result else "none"
    ms, cpu_ms = np.asarray(wall), np.asarray(cpu)
    return {
        "source": source,
        "runs": runs,
        "p50_ms": round(float(np.percentile(ms, 50)), 3),
        "p99_ms": round(float(np.percentile(ms, 99)), 3),
        "max_ms": round(float(ms.max()), 3),
        # CPU time of the calling thread: the cost without waiting for a busy machine.
        "cpu_p99_ms": round(float(np.percentile(cpu_ms, 99)), 3),
    }


def _busiest_item(model: FitModel) -> str:
    table = model.tables["label:item"]
    best = int(np.argmax(table.sums[:, 0]))
    return next(key for key, pos in table.index.items() if pos == best)


def run(model_dir: Path, runs: int = 2000) -> dict[str, Any]:
    """p50/p99 of chart-based advice, and of model advice when MODEL_DIR holds a model."""
    result: dict[str, Any] = {"target_p99_ms": 5.0}
    chart_product = ProductSizing(Garment.WOMENS_APPAREL, CHART, fit_item_id=None)
    result["chart"] = _timings(None, chart_product, runs)
    try:
        model = load_model(model_dir)
    except ModelUnavailable as exc:
        result["model"] = {"skipped": str(exc)}
        return result
    item = _busiest_item(model)
    # The feedback data's own size labels, so the model path is the one measured.
    labels = [ChartSize(label) for label in ("4", "8", "12", "16", "20", "24")]
    result["model"] = _timings(model, ProductSizing(Garment.WOMENS_APPAREL, labels, item), runs)
    result["model"]["item_rows"] = model.item_rentals(item)
    return result
