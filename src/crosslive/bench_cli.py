"""`crosslive bench ...`: benchmarks that print JSON figures (fit, chat, media)."""

from __future__ import annotations

import asyncio
import json
import socket
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from crosslive.answers.cli import bench_ask
from crosslive.chat.cli import bench_chat
from crosslive.fit import bench as fit_bench
from crosslive.insights.cli import bench_insights
from crosslive.media.cli import bench_media
from crosslive.settings import Settings
from crosslive.state import state_of

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


@bench_app.command("captions")
def captions(
    seconds: Annotated[
        float, typer.Option(min=20, help="Seconds of speech, two thirds English, one Mandarin.")
    ] = 240,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object.")] = False,
    details: Annotated[
        Path | None, typer.Option(help="Write each caption (text, latency) here as JSON.")
    ] = None,
) -> None:
    """Live captions on generated speech: latency to a viewer, WER (en), CER (zh), RTF."""
    result = asyncio.run(_captions_bench(seconds))
    lines = {lang: result.pop(f"{lang}_lines") for lang in ("en", "zh")}
    if details is not None:
        details.write_text(json.dumps(lines, ensure_ascii=False, indent=1))
    if as_json:
        typer.echo(json.dumps(result))
        return
    for key, value in result.items():
        typer.echo(f"{key}: {value}")


async def _captions_bench(seconds: float) -> dict[str, Any]:
    """A scratch store with two live shows (English, Mandarin) served on 127.0.0.1."""
    import uvicorn

    from crosslive import migrate
    from crosslive.app import create_app
    from crosslive.auth import service as auth_service
    from crosslive.captions import bench
    from crosslive.captions.live import LiveCaptions
    from crosslive.db import transaction
    from crosslive.shows.models import Show, ShowState

    english = bench.script(bench.ENGLISH, "en", seconds * 2 / 3)
    mandarin = bench.script(bench.MANDARIN, "cmn", seconds / 3)
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(data_dir=folder, database_url="", media_enabled=False)
        settings.prepare_dirs()
        migrate.upgrade(settings.resolved_database_url)
        app = create_app(settings)
        shows: dict[str, tuple[int, str]] = {}
        with transaction(state_of(app).session_factory) as db:
            seller = auth_service.create_seller(db, slug="bench", name="Bench")
            for lang in ("en", "zh"):
                show = Show(
                    seller_id=seller.id, slug=f"captions-{lang}", title=f"Captions {lang}",
                    scheduled_at=datetime.now(UTC), language=lang, state=ShowState.LIVE,
                    started_at=datetime.now(UTC),
                )  # fmt: skip
                db.add(show)
                db.flush()
                shows[lang] = (show.id, show.slug)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
        server = uvicorn.Server(config)
        serving = asyncio.create_task(server.serve())
        while not server.started:
            await asyncio.sleep(0.05)
        captions = LiveCaptions(app, None)
        await captions.start()
        await captions.ready()
        try:
            base = f"ws://127.0.0.1:{port}"
            en = await bench.run_language(captions, base, *shows["en"], "en", english)
            zh = await bench.run_language(captions, base, *shows["zh"], "zh", mandarin)
        finally:
            await captions.stop()
            server.should_exit = True
            await serving
        return bench.summary(en, zh, captions)
