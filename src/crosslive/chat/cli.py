"""`crosslive bench chat`: the chat fan-out benchmark."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from crosslive.chat import bench


def bench_chat(
    viewers: Annotated[int, typer.Option(min=1, help="Connected WebSocket viewers.")] = 2000,
    rate: Annotated[float, typer.Option(min=0.1, help="Chat messages posted per second.")] = 20,
    seconds: Annotated[float, typer.Option(min=1, help="How long to post.")] = 10,
    processes: Annotated[
        int,
        typer.Option(
            min=1,
            max=64,
            help="App processes behind one private redis-server; viewers are spread over them.",
        ),
    ] = 1,
    timed_every: Annotated[
        int,
        typer.Option(
            min=1,
            help="Time every Nth viewer's deliveries (1: all of them); the others read their "
            "socket once a second and are counted, so the load they put on a shared machine "
            "is closer to a real audience's (none).",
        ),
    ] = bench.TIMED_EVERY,
    languages: Annotated[
        int,
        typer.Option(
            min=0,
            max=8,
            help="Viewers read this many languages in turn, so each message is translated "
            "and framed once per language (by a fast in-memory provider, not a real one). "
            "0: untranslated chat.",
        ),
    ] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Time from a message's POST to its arrival at every connected viewer, per app process
    and overall, with the messages lost and the CPU each part used. With --languages, chat
    is translated by an in-memory bench provider (said so in the output)."""
    result = bench.run(viewers, rate, seconds, processes, timed_every, languages)
    if as_json:
        typer.echo(json.dumps(result))
    else:
        for key, value in result.items():
            typer.echo(f"{key}: {value}")
