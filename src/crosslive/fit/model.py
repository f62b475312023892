"""The trained fit model on disk: a LightGBM text model plus the encoding tables, versioned.

MODEL_DIR/
  meta.json        format, version, feature names, priors, category codes, file checksums
  booster-N.txt    LightGBM text models (multiclass: small, fit, large), averaged
  tables.json.gz   the group tables behind the target encodings
  (meta.json also holds the calibrator, when one was fitted: fit/calibration.py)

`load_model` raises ModelUnavailable with one clear reason for a missing, stale or corrupt
directory; callers log that reason and fall back to chart-based advice.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from crosslive.fit.calibration import Calibrator
from crosslive.fit.features import Encoder, Frame, lookup_matrix
from crosslive.fit.records import FitRecord
from crosslive.fit.tables import FloatArray, GroupTable

if TYPE_CHECKING:
    import lightgbm as lgb

FORMAT = "crosslive-fit-model"
VERSION = 3
META_FILE = "meta.json"
TABLES_FILE = "tables.json.gz"


class ModelUnavailable(Exception):
    """The model directory cannot be used; the message says why."""


@dataclass
class FitModel:
    encoder: Encoder
    boosters: list[lgb.Booster]
    tables: dict[str, GroupTable]
    info: dict[str, Any]
    # Binary boosters P(y >= fit), P(y >= large), blended in with ORDINAL_WEIGHT (or none).
    ordinal: list[lgb.Booster] = field(default_factory=list)
    ordinal_weight: float = 0.0
    calibrator: Calibrator | None = None

    def predict(self, records: list[FitRecord]) -> FloatArray:
        """P(small), P(fit), P(large) per record (rows x 3), calibrated when the model has
        a calibrator."""
        proba = self.predict_raw(records)
        return proba if self.calibrator is None else self.calibrator.apply(proba)

    def predict_raw(self, records: list[FitRecord]) -> FloatArray:
        """The boosters' blended probabilities, before calibration."""
        if not records:
            return np.zeros((0, 3))
        matrix = lookup_matrix(self.encoder, Frame.from_records(records), self.tables)
        total = np.zeros((len(records), 3))
        for booster in self.boosters:
            total += np.asarray(booster.predict(matrix, num_threads=1))
        proba: FloatArray = total / len(self.boosters)
        if len(self.ordinal) == 2 and self.ordinal_weight > 0:
            at_least_fit, large = (
                np.asarray(b.predict(matrix, num_threads=1)) for b in self.ordinal
            )
            ordinal = np.column_stack(
                [1.0 - at_least_fit, np.clip(at_least_fit - large, 1e-6, None), large]
            )
            proba = (1.0 - self.ordinal_weight) * proba + self.ordinal_weight * ordinal
        return proba

    def item_rentals(self, item_id: str) -> int:
        """How many labelled rentals of this item the model learned from."""
        table = self.tables["label:item"]
        position = table.index.get(item_id)
        return 0 if position is None else int(table.sums[position, 0])

    def item_counts(self, item_id: str) -> tuple[int, int, int]:
        """(rentals, said small, said large) of this item over all its sizes."""
        table = self.tables["label:item"]
        position = table.index.get(item_id)
        if position is None:
            return 0, 0, 0
        row = table.sums[position]
        return int(row[0]), int(row[1]), int(row[2])

    def item_size_counts(self, item_id: str, size_key: str) -> tuple[int, int, int]:
        """(rentals, said small, said large) of this item in this size."""
        table = self.tables["label:item_size"]
        position = table.index.get(f"{item_id}|{size_key}")
        if position is None:
            return 0, 0, 0
        row = table.sums[position]
        return int(row[0]), int(row[1]), int(row[2])


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def booster_file(index: int) -> str:
    return f"booster-{index}.txt"


def ordinal_file(index: int) -> str:
    return f"ordinal-{index}.txt"


def save_model(model: FitModel, directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    files = [booster_file(i) for i in range(len(model.boosters))]
    ordinal = [ordinal_file(i) for i in range(len(model.ordinal))]
    for name, booster in zip([*files, *ordinal], [*model.boosters, *model.ordinal], strict=True):
        booster.save_model(str(directory / name))
    tables = {name: table.to_json() for name, table in model.tables.items()}
    with gzip.open(directory / TABLES_FILE, "wt", encoding="utf-8") as handle:
        json.dump(tables, handle, separators=(",", ":"))
    meta = {
        "format": FORMAT,
        "version": VERSION,
        "feature_names": model.encoder.names(),
        "encoder": model.encoder.to_json(),
        "info": model.info,
        "boosters": files,
        "ordinal": ordinal,
        "ordinal_weight": model.ordinal_weight if ordinal else 0.0,
        "calibrator": None if model.calibrator is None else model.calibrator.to_json(),
        "sha256": {name: _sha256(directory / name) for name in [*files, *ordinal, TABLES_FILE]},
    }
    (directory / META_FILE).write_text(json.dumps(meta, indent=1, sort_keys=True))


def _read_meta(directory: Path) -> dict[str, Any]:
    meta_path = directory / META_FILE
    if not meta_path.is_file():
        raise ModelUnavailable(f"no fit model at {directory} (missing {META_FILE})")
    try:
        meta = json.loads(meta_path.read_text())
    except (OSError, ValueError) as exc:
        raise ModelUnavailable(f"fit model meta unreadable: {exc}") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ModelUnavailable(f"{meta_path} is not a crosslive fit model")
    if meta.get("version") != VERSION:
        raise ModelUnavailable(
            f"fit model version {meta.get('version')!r} is stale (this build reads {VERSION}); "
            "retrain with `crosslive fit train`"
        )
    boosters = meta.get("boosters")
    if not isinstance(boosters, list) or not boosters:
        raise ModelUnavailable("fit model meta lists no boosters")
    ordinal = meta.get("ordinal", [])
    if not isinstance(ordinal, list) or len(ordinal) not in (0, 2):
        raise ModelUnavailable("fit model meta lists a broken ordinal pair")
    for name in [*boosters, *ordinal, TABLES_FILE]:
        path = directory / str(name)
        if not path.is_file():
            raise ModelUnavailable(f"fit model incomplete: missing {name}")
        if _sha256(path) != meta.get("sha256", {}).get(name):
            raise ModelUnavailable(f"fit model corrupt: checksum of {name} does not match")
    return meta


def load_model(directory: Path) -> FitModel:
    """The model in DIRECTORY, or ModelUnavailable saying why it cannot be used."""
    meta = _read_meta(directory)
    # Imported here: LightGBM (with the scipy, scikit-learn and narwhals it loads) is slow to
    # import, and an app without a fit model, or before its first advice, needs none of it.
    import lightgbm as lgb

    try:
        encoder = Encoder.from_json(meta["encoder"])
        if encoder.names() != meta["feature_names"]:
            raise ModelUnavailable("fit model features differ from this build; retrain it")
        boosters = [lgb.Booster(model_file=str(directory / name)) for name in meta["boosters"]]
        ordinal = [lgb.Booster(model_file=str(directory / name)) for name in meta["ordinal"]]
        weight = float(meta["ordinal_weight"])
        raw_calibrator = meta.get("calibrator")
        calibrator = None if raw_calibrator is None else Calibrator.from_json(raw_calibrator)
        with gzip.open(directory / TABLES_FILE, "rt", encoding="utf-8") as handle:
            raw_tables = json.load(handle)
        tables = {name: GroupTable.from_json(data) for name, data in raw_tables.items()}
    except ModelUnavailable:
        raise
    except (KeyError, TypeError, ValueError, OSError, lgb.basic.LightGBMError) as exc:
        raise ModelUnavailable(f"fit model unreadable: {exc}") from None
    info = dict(meta.get("info", {}))
    return FitModel(encoder, boosters, tables, info, ordinal, weight, calibrator)
