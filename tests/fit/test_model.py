"""Training, saving, loading and evaluating the fit model; a bad model falls back."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np
import pytest

from crosslive.fit.advisor import ProductSizing, Profile, advise
from crosslive.fit.chart import ChartSize, Preference
from crosslive.fit.features import Frame, lookup_matrix
from crosslive.fit.model import FitModel, ModelUnavailable, load_model, save_model
from crosslive.fit.records import FitRecord
from crosslive.fit.service import ModelHolder
from crosslive.fit.sizes import Garment, SizeSystem
from crosslive.fit.training import evaluate
from tests.fit.conftest import synthetic_rows, to_records

LABELS = [ChartSize(str(s), {"bust": 80 + s * 1.5}) for s in (4, 8, 12, 16)]


def test_model_learns_the_synthetic_truth(small_model: FitModel) -> None:
    report = evaluate(small_model, to_records(synthetic_rows(900, seed=11)))
    assert set(report) == {
        "avg_auc",
        "auc_small",
        "auc_fit",
        "auc_large",
        "n",
        "ece",
        "reliability",
    }
    assert 0.0 <= report["ece"] < 0.15
    assert sum(b["n"] for b in report["reliability"]) == 900
    assert report["n"] == 900
    assert report["avg_auc"] > 0.8


def test_save_and_load_predict_the_same(small_model: FitModel, tmp_path: Path) -> None:
    save_model(small_model, tmp_path / "m")
    loaded = load_model(tmp_path / "m")
    rows = to_records(synthetic_rows(50, seed=5))
    assert np.allclose(loaded.predict(rows), small_model.predict(rows))
    assert loaded.info["rows"] == 3000


def test_ordinal_pair_is_saved_and_blended_in(small_model: FitModel, tmp_path: Path) -> None:
    assert len(small_model.ordinal) == 2 and small_model.ordinal_weight == 0.3
    save_model(small_model, tmp_path / "m")
    meta = json.loads((tmp_path / "m" / "meta.json").read_text())
    assert (meta["ordinal"], meta["ordinal_weight"]) == (["ordinal-0.txt", "ordinal-1.txt"], 0.3)
    loaded = load_model(tmp_path / "m")
    rows = to_records(synthetic_rows(50, seed=5))
    blended = loaded.predict_raw(rows)
    loaded.ordinal_weight = 0.0
    multiclass = loaded.predict_raw(rows)
    at_least_fit, large = (np.asarray(b.predict(_matrix(loaded, rows))) for b in loaded.ordinal)
    ordinal = np.column_stack([1 - at_least_fit, np.clip(at_least_fit - large, 1e-6, None), large])
    assert np.allclose(blended, 0.7 * multiclass + 0.3 * ordinal)
    assert not np.allclose(blended, multiclass)


def test_corrupt_ordinal_booster_is_detected(small_model: FitModel, tmp_path: Path) -> None:
    save_model(small_model, tmp_path)
    booster = tmp_path / "ordinal-1.txt"
    booster.write_text(booster.read_text().replace("Tree=0", "Tree=X", 1))
    with pytest.raises(ModelUnavailable, match=r"checksum of ordinal-1\.txt does not match"):
        load_model(tmp_path)
    meta = json.loads((tmp_path / "meta.json").read_text())
    (tmp_path / "meta.json").write_text(json.dumps({**meta, "ordinal": ["ordinal-0.txt"]}))
    with pytest.raises(ModelUnavailable, match="broken ordinal pair"):
        load_model(tmp_path)


def _matrix(model: FitModel, rows: list[FitRecord]) -> np.ndarray:
    return lookup_matrix(model.encoder, Frame.from_records(rows), model.tables)


def test_missing_model(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailable, match=r"no fit model at .* \(missing meta.json\)"):
        load_model(tmp_path / "nothing-here")


def test_corrupt_booster_is_detected(small_model: FitModel, tmp_path: Path) -> None:
    save_model(small_model, tmp_path)
    booster = tmp_path / "booster-1.txt"
    booster.write_text(booster.read_text().replace("Tree=0", "Tree=X", 1))
    with pytest.raises(ModelUnavailable, match=r"checksum of booster-1\.txt does not match"):
        load_model(tmp_path)


def test_stale_version_is_detected(small_model: FitModel, tmp_path: Path) -> None:
    save_model(small_model, tmp_path)
    meta = json.loads((tmp_path / "meta.json").read_text())
    (tmp_path / "meta.json").write_text(json.dumps({**meta, "version": 0}))
    with pytest.raises(ModelUnavailable, match="version 0 is stale"):
        load_model(tmp_path)
    (tmp_path / "meta.json").write_text("{broken")
    with pytest.raises(ModelUnavailable, match="meta unreadable"):
        load_model(tmp_path)


def test_holder_logs_once_and_advice_falls_back_to_the_chart(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "meta.json").write_text("not json")
    holder = ModelHolder(tmp_path)
    with caplog.at_level(logging.WARNING, logger="crosslive.fit.service"):
        assert holder.get() is None
        assert holder.get() is None
    lines = [r.getMessage() for r in caplog.records if r.name == "crosslive.fit.service"]
    assert len(lines) == 1
    assert lines[0].startswith("fit model unavailable, using size charts: fit model meta")
    profile = Profile(165, 60, Preference.REGULAR, bust_cm=90.0)
    product = ProductSizing(Garment.WOMENS_APPAREL, LABELS, fit_item_id="dress-1")
    advice = advise(holder.get(), product, profile)
    assert advice is not None and advice.source == "chart" and advice.size == "12"


def test_model_drives_advice_where_it_has_data(small_model: FitModel) -> None:
    """dress-1 runs a size small: a usual US 8 (weight ~124 lbs) is told 12."""
    profile = Profile(168, 124 * 0.4536, Preference.REGULAR, usual=(SizeSystem.US, "8"))
    product = ProductSizing(Garment.WOMENS_APPAREL, LABELS, fit_item_id="dress-1")
    advice = advise(small_model, product, profile)
    assert advice is not None
    assert (advice.source, advice.size) == ("model", "12")
    rows = [r for r in synthetic_rows(3000) if r["item_id"] == "dress-1" and r["size"] == 8]
    share = sum(r["fit"] == "small" for r in rows) / len(rows)
    assert str(advice.reason) == f"runs small: {share:.0%} of buyers your size said it was small"
    assert advice.reason.render("de") == (
        f"fällt klein aus: {share:.0%}".replace("%", "\xa0%")
        + " der Käufer mit Ihrer Größe fanden es zu klein"
    )
    assert advice.probabilities is not None
    assert advice.confidence == round(advice.probabilities["fit"], 2)
    # The same viewer on a true-to-size dress keeps her usual size.
    plain = advise(small_model, ProductSizing(Garment.WOMENS_APPAREL, LABELS, "dress-2"), profile)
    assert plain is not None and (plain.source, plain.size) == ("model", "8")


def test_unknown_item_uses_the_chart(small_model: FitModel) -> None:
    profile = Profile(165, 60, Preference.REGULAR, bust_cm=90.0)
    product = ProductSizing(Garment.WOMENS_APPAREL, LABELS, fit_item_id="never-rented")
    advice = advise(small_model, product, profile)
    assert advice is not None and advice.source == "chart"


def test_unsure_advice_names_two_sizes(small_model: FitModel) -> None:
    profile = Profile(168, 124 * 0.4536, Preference.REGULAR, usual=(SizeSystem.US, "8"))
    product = ProductSizing(Garment.WOMENS_APPAREL, LABELS, fit_item_id="dress-1")
    sure = advise(small_model, product, profile, between_below=0.0)
    assert sure is not None and sure.between == ()
    unsure = advise(small_model, product, profile, between_below=1.0)
    assert unsure is not None and unsure.size == "12"
    sizes = [size for size, _ in unsure.between]
    assert sizes == sorted(sizes, key=int) and "12" in sizes and len(sizes) == 2
    assert sizes[0 if sizes[0] != "12" else 1] == unsure.runner_up
    assert dict(unsure.between)["12"] == unsure.confidence
