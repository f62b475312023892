"""`crosslive media ...`: the synthetic broadcaster, and `crosslive bench media`."""

from __future__ import annotations

import asyncio
import logging
from typing import Annotated

import typer

from crosslive.media.broadcaster import BroadcastStatus, broadcast
from crosslive.media.rtmp import RtmpIngest, run_rtmp_ingest

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
        str, typer.Option(help="RTMP URL to accept, e.g. rtmp://0.0.0.0:1935/live/KEY")
    ],
    whip_url: Annotated[str, typer.Option(help="The show's WHIP endpoint.")],
    token: Annotated[str, typer.Option(help="The host's publish token for the show.")],
) -> None:
    """Bring an RTMP push (OBS classic output) into a show through ffmpeg."""
    logging.basicConfig(level=logging.INFO)
    asyncio.run(run_rtmp_ingest(RtmpIngest(listen, whip_url, token)))
