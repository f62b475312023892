"""`crosslive fit ...`: train and evaluate the fit model, split a feedback file."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Annotated

import typer

from crosslive.fit.bust_model import train_bust_model
from crosslive.fit.model import ModelUnavailable
from crosslive.fit.records import read_records
from crosslive.fit.splits import read_lines, split_lines, write_lines
from crosslive.fit.training import TrainConfig, evaluate_file, train_file

fit_app = typer.Typer(help="Fit model: train, evaluate, split data.", no_args_is_help=True)

DataOpt = Annotated[
    Path,
    typer.Option("--data", exists=True, dir_okay=False, help="RentTheRunway-format .jsonl(.gz)."),
]


def _fail(message: str) -> typer.Exit:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    return typer.Exit(1)


@fit_app.command("train")
def train(
    data: DataOpt,
    out: Annotated[Path, typer.Option("--out", help="Model directory to write.")],
    rounds: Annotated[int, typer.Option(min=5, max=5000, help="Boosting rounds.")] = 150,
    models: Annotated[int, typer.Option(min=1, max=10, help="Models averaged.")] = 3,
    threads: Annotated[int, typer.Option(min=1, max=64)] = 2,
    seed: Annotated[int, typer.Option()] = 7,
    calibration_share: Annotated[
        float, typer.Option(min=0.0, max=0.5, help="Rows held out to calibrate (0: none).")
    ] = 0.0,
) -> None:
    """Train the fit model on DATA and write it to OUT (prints one JSON summary)."""
    logging.basicConfig(level=logging.INFO)
    config = TrainConfig(
        rounds=rounds,
        models=models,
        threads=threads,
        seed=seed,
        calibration_share=calibration_share,
    )
    try:
        summary = train_file(data, out, config)
    except ValueError as exc:
        raise _fail(str(exc)) from None
    typer.echo(json.dumps(summary))


@fit_app.command("eval")
def evaluate(
    model: Annotated[Path, typer.Option("--model", help="Model directory.")],
    data: DataOpt,
) -> None:
    """Print avg_auc, auc_small, auc_fit, auc_large, n, ece (top-label, 15 bins) and the
    reliability table of MODEL on DATA as one JSON object."""
    try:
        report = evaluate_file(model, data)
    except (ModelUnavailable, ValueError) as exc:
        raise _fail(str(exc)) from None
    typer.echo(json.dumps(report))


@fit_app.command("split")
def split(
    data: DataOpt,
    train_out: Annotated[Path, typer.Option("--train-out")],
    test_out: Annotated[Path, typer.Option("--test-out")],
    by: Annotated[str, typer.Option(help="random, or date (latest reviews in test).")] = "random",
    test_share: Annotated[float, typer.Option(min=0.01, max=0.99)] = 0.2,
    seed: Annotated[int, typer.Option()] = 0,
) -> None:
    """Split DATA into train and test files for the evaluation protocol (docs/fit.md)."""
    try:
        train_lines, test_lines = split_lines(read_lines(data), by, test_share, seed)
    except ValueError as exc:
        raise _fail(str(exc)) from None
    write_lines(train_out, train_lines)
    write_lines(test_out, test_lines)
    typer.echo(json.dumps({"train": len(train_lines), "test": len(test_lines), "by": by}))


@fit_app.command("body-train")
def body_train(
    data: DataOpt,
    out: Annotated[Path | None, typer.Option("--out", help="Coefficients JSON to write.")] = None,
) -> None:
    """Fit the bust estimator (height, weight, age, body type -> bust cm) on 80% of DATA's
    renters, print its error on the other 20% as one JSON object, write it to OUT if given."""
    try:
        model, report = train_bust_model(read_records(data))
    except ValueError as exc:
        raise _fail(str(exc)) from None
    if out is not None:
        out.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
    typer.echo(json.dumps(report))
