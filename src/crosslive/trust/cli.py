"""`crosslive trust ...`: check marketing text against the claim rules."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from crosslive.errors import DomainError
from crosslive.trust.claim_lint import lint, read_corpus, score

trust_app = typer.Typer(help="Trust: claims and credentials.", no_args_is_help=True)


@trust_app.command("lint")
def lint_command(
    text: Annotated[str | None, typer.Argument(help="The text to check.")] = None,
    market: Annotated[str, typer.Option(help="Market code: US, EU, UK, JP or KR.")] = "EU",
    corpus: Annotated[
        Path | None,
        typer.Option(
            help='JSON lines of {"market", "text", "bad"}: print recall and false positives.'
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Find banned claims and claims that need a credential in TEXT for a MARKET."""
    if (text is None) == (corpus is None):
        typer.secho("error: give either TEXT or --corpus FILE", fg=typer.colors.RED, err=True)
        raise typer.Exit(2)
    try:
        if corpus is not None:
            if not corpus.is_file():
                raise typer.BadParameter(f"no such file: {corpus}", param_hint="--corpus")
            result = score(read_corpus(corpus))
            out: dict[str, object] = result.as_dict()
            lines = [
                f"recall {result.recall}, false positive rate "
                f"{result.false_positive_rate}, n {result.n}"
            ]
            lines += [f"missed [{r['market']}] {r['text']}" for r in result.missed]
            lines += [f"false positive [{r['market']}] {r['text']}" for r in result.false_positives]
        else:
            findings = lint(text or "", market)
            out = {"findings": [f.as_dict() for f in findings]}
            lines = [
                f"{f.severity} {f.rule} [{f.start}:{f.end}] {(text or '')[f.start : f.end]!r}: "
                f"{f.suggestion}"
                for f in findings
            ] or ["no findings"]
    except DomainError as exc:
        typer.secho(f"error: {exc.message}", fg=typer.colors.RED, err=True)
        raise typer.Exit(1) from None
    typer.echo(json.dumps(out, ensure_ascii=False) if as_json else "\n".join(lines))
