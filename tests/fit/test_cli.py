"""`crosslive fit split/train/eval` and `crosslive bench fit` on small slices."""

from __future__ import annotations

import gzip
import json
from itertools import islice
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crosslive.cli import app
from tests.fit.conftest import synthetic_rows, write_jsonl_gz

SHARED_DATA = Path("/work/shared/data/renttherunway_fit_dev.jsonl.gz")
runner = CliRunner()


def malformed_lines() -> list[str]:
    return [
        "{broken json",
        "[]",
        json.dumps({"fit": "fit", "user_id": "", "item_id": "dress-1"}),
        json.dumps(
            {
                "fit": "fit",
                "user_id": "u9",
                "item_id": "dress-2",
                "size": "huge",
                "height": "5' 8\"",
                "weight": "heavy",
                "bust size": "34ddd+",
                "age": "",
                "body type": None,
                "review_date": "someday",
            }
        ),
        json.dumps({"fit": "", "user_id": "u9", "item_id": "dress-2", "size": 8}),
    ]


def mixed_file(path: Path, rows: int, seed: int) -> Path:
    write_jsonl_gz(path, synthetic_rows(rows, seed=seed))
    with gzip.open(path, "at", encoding="utf-8") as handle:
        handle.write("\n".join(malformed_lines()) + "\n")
    return path


def test_split_train_eval_with_malformed_rows(tmp_path: Path) -> None:
    data = mixed_file(tmp_path / "all.jsonl.gz", 3000, seed=3)
    train, test = tmp_path / "train.jsonl.gz", tmp_path / "test.jsonl.gz"
    split = runner.invoke(
        app,
        [
            "fit",
            "split",
            "--data",
            str(data),
            "--by",
            "date",
            "--train-out",
            str(train),
            "--test-out",
            str(test),
        ],
    )
    assert split.exit_code == 0, split.output
    assert json.loads(split.output) == {"train": 2404, "test": 601, "by": "date"}
    trained = runner.invoke(
        app,
        [
            "fit",
            "train",
            "--data",
            str(train),
            "--out",
            str(tmp_path / "model"),
            "--rounds",
            "30",
            "--threads",
            "1",
        ],
    )
    assert trained.exit_code == 0, trained.output
    assert (
        json.loads(trained.output.strip().splitlines()[-1])["rows"] == 2400
    )  # 2399 synthetic + the one malformed row with a label
    evaluated = runner.invoke(
        app, ["fit", "eval", "--model", str(tmp_path / "model"), "--data", str(test)]
    )
    assert evaluated.exit_code == 0, evaluated.output
    report = json.loads(evaluated.output)
    assert {"avg_auc", "auc_small", "auc_fit", "auc_large", "n", "ece"} <= set(report)
    assert report["n"] == 601
    assert 0.0 <= report["ece"] <= 1.0 and report["reliability"][0]["n"] >= 1
    assert report["avg_auc"] > 0.75


def test_eval_of_a_missing_model_says_why(tmp_path: Path) -> None:
    data = write_jsonl_gz(tmp_path / "d.jsonl.gz", synthetic_rows(30))
    result = runner.invoke(
        app, ["fit", "eval", "--model", str(tmp_path / "none"), "--data", str(data)]
    )
    assert result.exit_code == 1
    assert "no fit model at" in result.output
    assert not (tmp_path / "none").exists()


def test_train_refuses_too_few_rows(tmp_path: Path) -> None:
    data = write_jsonl_gz(tmp_path / "d.jsonl.gz", synthetic_rows(12))
    result = runner.invoke(app, ["fit", "train", "--data", str(data), "--out", str(tmp_path / "m")])
    assert result.exit_code == 1
    assert "need at least 20 labelled rows to train, got 12" in result.output
    assert not (tmp_path / "m").exists()


@pytest.mark.skipif(not SHARED_DATA.exists(), reason="shared RentTheRunway file not here")
def test_train_and_eval_on_a_slice_of_the_real_data(tmp_path: Path) -> None:
    with gzip.open(SHARED_DATA, "rt", encoding="utf-8") as handle:
        lines = list(islice(handle, 4000))
    for name, part in (("train", lines[:3000]), ("test", lines[3000:])):
        with gzip.open(tmp_path / f"{name}.jsonl.gz", "wt", encoding="utf-8") as out:
            out.writelines(part)
    trained = runner.invoke(
        app,
        [
            "fit",
            "train",
            "--data",
            str(tmp_path / "train.jsonl.gz"),
            "--out",
            str(tmp_path / "m"),
            "--rounds",
            "30",
            "--threads",
            "1",
        ],
    )
    assert trained.exit_code == 0, trained.output
    result = runner.invoke(
        app,
        ["fit", "eval", "--model", str(tmp_path / "m"), "--data", str(tmp_path / "test.jsonl.gz")],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["n"] == 1000
    assert 0.5 < report["avg_auc"] < 1.0


def test_bench_fit_json(tmp_path: Path) -> None:
    data = write_jsonl_gz(tmp_path / "d.jsonl.gz", synthetic_rows(600))
    trained = runner.invoke(
        app,
        [
            "fit",
            "train",
            "--data",
            str(data),
            "--out",
            str(tmp_path / "m"),
            "--rounds",
            "10",
            "--threads",
            "1",
        ],
    )
    assert trained.exit_code == 0, trained.output
    result = runner.invoke(
        app, ["bench", "fit", "--json", "--runs", "20", "--model", str(tmp_path / "m")]
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["chart"]["source"] == "chart"
    assert figures["model"]["source"] == "model"
    assert figures["model"]["runs"] == 20
