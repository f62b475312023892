"""`crosslive ask ...`: one question answered as JSON, and the evaluation over a question set.

`crosslive ask --store S --show S --market M "QUESTION"` answers; `crosslive ask eval` and
`crosslive ask index` are subcommands (a first word that is not one is the start of a
question's options)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from crosslive.answers import bench, evaluation, service
from crosslive.answers.encoder import write_packaged
from crosslive.db import make_engine, make_session_factory, utcnow
from crosslive.errors import DomainError
from crosslive.settings import Settings

DEFAULT_EVAL = Path(__file__).parent / "data" / "eval_demo.jsonl"


class _AskGroup(TyperGroup):
    """Routes `ask [options] QUESTION` to the question command, `ask eval ...` to eval."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] not in self.commands:
            return "question", self.commands["question"], args
        return super().resolve_command(ctx, args)


ask_app = typer.Typer(
    cls=_AskGroup,
    help="Instant answers to viewers' questions, from the store's facts.",
    no_args_is_help=True,
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
)


def _engine(settings: Settings) -> service.Engine:
    return service.engine(settings.data_dir / "answers")


@ask_app.command("question", hidden=True)
def question(
    text: Annotated[str, typer.Argument(metavar="QUESTION")],
    store: Annotated[str, typer.Option("--store", help="The store's slug.")],
    show: Annotated[str, typer.Option("--show", help="The show's slug.")],
    market: Annotated[str, typer.Option("--market", help="The viewer's market code.")],
    product: Annotated[str | None, typer.Option("--product", help="Product id or handle.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object.")] = False,
) -> None:
    """Answer QUESTION as a viewer of SHOW in MARKET would get it."""
    settings = Settings()
    factory = make_session_factory(make_engine(settings.resolved_database_url))
    eng = _engine(settings)
    eng.warm()
    try:
        with factory() as db:
            found = service.resolve_show(db, store, show)
            answer = service.ask(
                db,
                eng,
                show=found,
                market_code=market,
                question=text,
                product_ref=product,
                now=utcnow(),
            )
    except DomainError as exc:
        typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
        raise typer.Exit(1) from exc
    if as_json:
        typer.echo(json.dumps(answer.as_dict(), ensure_ascii=False))
        return
    typer.echo(answer.answer)
    typer.echo(
        f"[{answer.language} {answer.intent}{' escalated' if answer.escalated else ''}] "
        f"{', '.join(answer.sources)}"
    )


@ask_app.command("eval")
def eval_command(
    data: Annotated[Path, typer.Option("--data", help="JSON lines question set.")] = DEFAULT_EVAL,
    store: Annotated[str, typer.Option("--store")] = "qinglan",
    show: Annotated[str, typer.Option("--show")] = evaluation.DEMO_SHOW,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object.")] = False,
    failures: Annotated[bool, typer.Option("--failures", help="List what failed.")] = False,
) -> None:
    """Answer every question of DATA and score the answers."""
    settings = Settings()
    factory = make_session_factory(make_engine(settings.resolved_database_url))
    try:
        cases = evaluation.load(data)
        with factory() as db:
            report = evaluation.run(db, _engine(settings), cases, store=store, show=show)
    except (DomainError, ValueError, OSError) as exc:
        typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
        raise typer.Exit(1) from exc
    out: dict[str, Any] = report.scores()
    if failures:
        out["failures"] = report.failures
    typer.echo(
        json.dumps(out, ensure_ascii=False)
        if as_json
        else json.dumps(out, indent=2, ensure_ascii=False)
    )


@ask_app.command("index")
def index() -> None:
    """Recompute the exemplar vectors shipped in the package (after editing exemplars.py)."""
    typer.echo(str(write_packaged(service.Engine().encoder)))


def bench_ask(
    data: Annotated[Path, typer.Option("--data", help="JSON lines question set.")] = DEFAULT_EVAL,
    store: Annotated[str, typer.Option("--store")] = "qinglan",
    show: Annotated[str, typer.Option("--show")] = evaluation.DEMO_SHOW,
    rounds: Annotated[int, typer.Option(min=1, max=20)] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object.")] = False,
) -> None:
    """Latency of one answer over a question set (the demo store's by default)."""
    settings = Settings()
    factory = make_session_factory(make_engine(settings.resolved_database_url))
    try:
        with factory() as db:
            result = bench.run(db, _engine(settings), data, store=store, show=show, rounds=rounds)
    except (DomainError, ValueError, OSError) as exc:
        typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
        raise typer.Exit(1) from exc
    typer.echo(json.dumps(result) if as_json else f"{result}")
