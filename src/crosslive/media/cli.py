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


@app.command("edge-api")
def edge_api_command(
    edge: Annotated[str, typer.Option(help="The edge this API serves (its node name, e.g. eu).")],
    origin_url: Annotated[
        str, typer.Option(help="The origin app's URL (viewers' leaves are forwarded there).")
    ],
    allow_origin: Annotated[
        list[str], typer.Option(help="A store origin whose pages may call it (repeat).")
    ],
    janus_url: Annotated[
        str, typer.Option(help="This edge's Janus HTTP API.")
    ] = "http://127.0.0.1:8088/janus",
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "0.0.0.0",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8090,
    rate_per_minute: Annotated[int, typer.Option(help="Requests per address a minute.")] = 240,
    secret: Annotated[
        str,
        typer.Option(
            help="The origin's edge API secret.",
            envvar="CROSSLIVE_MEDIA_EDGE_API_SECRET",
            show_default=False,
        ),
    ] = "",
    janus_secret: Annotated[
        str,
        typer.Option(
            help="This edge's Janus api_secret.",
            envvar="CROSSLIVE_MEDIA_NODE_API_SECRET",
            show_default=False,
        ),
    ] = "",
) -> None:
    """Serve the viewer API beside an edge's Janus: edge viewers' answers, candidates and
    leaves, with the passes the origin signs (stateless; run one or more per edge)."""
    import uvicorn

    from crosslive.media.edge_api import EdgeApiConfig, EdgeApiConfigError, create_edge_app

    config = EdgeApiConfig(
        edge=edge,
        janus_url=janus_url,
        janus_secret=janus_secret,
        secret=secret,
        origin_url=origin_url,
        allowed_origins=tuple(allow_origin),
        rate_per_minute=rate_per_minute,
    )
    try:
        edge_app = create_edge_app(config)
    except EdgeApiConfigError as exc:
        typer.echo(f"edge-api: {exc}", err=True)
        raise typer.Exit(2) from exc
    logging.basicConfig(level=logging.INFO)
    uvicorn.run(edge_app, host=host, port=port, log_level="warning")


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
    node: Annotated[
        str,
        typer.Option(
            help="capacity: ramp the viewers of this edge of the regions lab (eu, us or ap) "
            "instead of the single Janus; the report is per node."
        ),
    ] = "",
    steps: Annotated[
        str,
        typer.Option(
            help="capacity: the ramp's viewer counts, rising and comma-separated "
            "(default 10,25,50,75,100,150,200,250,300)."
        ),
    ] = "",
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Media figures (needs root, Chromium and the dev extra's Playwright)."""
    from crosslive.media.lab.capacity import check_node, parse_steps

    try:
        ramp = parse_steps(steps)
        if node:
            check_node(node)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    if (node or steps) and scenario != "capacity":
        raise typer.BadParameter("--node and --steps go with --scenario capacity only")
    # Imported here: Playwright is a dev-only dependency, the rest of the CLI must not need it.
    from crosslive.media.lab.bench import SCENARIOS, run_bench

    if scenario not in SCENARIOS:
        raise typer.BadParameter(f"unknown scenario {scenario!r}")
    result = run_bench(
        scenario, samples=samples, seconds=seconds, both_legs=both_legs, viewers=viewers,
        node=node, steps=ramp,
    )  # fmt: skip
    typer.echo(json.dumps(result) if as_json else json.dumps(result, indent=2))
