"""`crosslive bench ...`: benchmarks that print JSON figures (fit, chat, media)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from crosslive.answers.cli import bench_ask
from crosslive.chat.cli import bench_chat
from crosslive.fit import bench as fit_bench
from crosslive.insights.cli import bench_insights
from crosslive.media.cli import bench_media
from crosslive.settings import Settings

bench_app = typer.Typer(help="Benchmarks that print JSON figures.", no_args_is_help=True)
bench_app.command("chat")(bench_chat)
bench_app.command("media")(bench_media)
bench_app.command("ask")(bench_ask)
bench_app.command("insights")(bench_insights)


@bench_app.command("fit")
def fit(
    model: Annotated[
        Path | None, typer.Option("--model", help="Model dir; default the fit_model_dir setting.")
    ] = None,
    runs: Annotated[int, typer.Option(min=10, max=100_000)] = 2000,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object.")] = False,
) -> None:
    """Latency of one size advice: chart-based, and model-based when a model is trained."""
    result = fit_bench.run(model or Settings().resolved_fit_model_dir, runs)
    if as_json:
        typer.echo(json.dumps(result))
        return
    for path, figures in result.items():
        typer.echo(f"{path}: {figures}")
