"""`crosslive media ...`: the synthetic broadcaster, and `crosslive bench media`."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Annotated

import typer

from crosslive.media.publishers.broadcaster import BroadcastStatus, broadcast
from crosslive.media.publishers.rtmp import RtmpIngest, run_rtmp_ingest

app = typer.Typer(help="Live media.", no_args_is_help=True)


@app.command("broadcast")
def broadcast_command(
    whip_url: Annotated[str, typer.Option(help="WHIP endpoint, e.g. http://host/whip/SHOW")],
    token: Annotated[str, typer.Option(help="The host's publish token for the show.")],
) -> None:
    """Publish the synthetic demo show (moving products, clock, tone) until interrupted."""
    logging.basicConfig(level=logging.INFO)
    status = BroadcastStatus()
    asyncio.run(broadcast(whip_url, token, status))
    if status.last_error:
        raise typer.Exit(1)


@app.command("rtmp")
def rtmp_command(
    listen: Annotated[
        str,
        typer.Option(
            help="RTMP URL to accept, e.g. rtmp://0.0.0.0:1935/live/KEY (the last part is the "
            "stream key).",
            envvar="CROSSLIVE_RTMP_LISTEN",
        ),
    ],
    whip_url: Annotated[str, typer.Option(help="The show's WHIP endpoint.")],
    token: Annotated[
        str,
        typer.Option(help="The host's publish token for the show.", envvar="CROSSLIVE_RTMP_TOKEN"),
    ],
) -> None:
    """Bring RTMP pushes (OBS classic output) into a show through ffmpeg, one after another;
    exits (status 0) once the WHIP endpoint refuses the token or the show has ended."""
    logging.basicConfig(level=logging.INFO)
    asyncio.run(run_rtmp_ingest(RtmpIngest(listen, whip_url, token)))


def bench_media(
    scenario: Annotated[
        str,
        typer.Option(
            help="same-host, rtt100, rtt200, rtt100-loss2, rtt100-loss10, viewer-500k, "
            "capacity, rtmp-ingest, janus-restart, app-restart or regions"
        ),
    ] = "same-host",
    both_legs: Annotated[
        bool, typer.Option("--both-legs", help="Impair the host's leg too.")
    ] = False,
    samples: Annotated[int, typer.Option(help="Viewer joins timed for first frame.")] = 20,
    seconds: Annotated[float, typer.Option(help="Playback watched for delay/smoothness.")] = 20,
    viewers: Annotated[
        int,
        typer.Option(
            help="janus-/app-restart: lightweight viewers (plus one browser page); "
            "regions: a quarter of them per region, to its edge and to the origin."
        ),
    ] = 20,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Media figures (needs root, Chromium and the dev extra's Playwright)."""
    # Imported here: Playwright is a dev-only dependency, the rest of the CLI must not need it.
    from crosslive.media.lab.bench import SCENARIOS, run_bench

    if scenario not in SCENARIOS:
        raise typer.BadParameter(f"unknown scenario {scenario!r}")
    result = run_bench(
        scenario, samples=samples, seconds=seconds, both_legs=both_legs, viewers=viewers
    )
    typer.echo(json.dumps(result) if as_json else json.dumps(result, indent=2))
