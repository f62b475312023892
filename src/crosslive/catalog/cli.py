"""`crosslive import ...`: bring a catalog over from another platform."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from crosslive.catalog.shopify_import import ImportFailed, import_shopify_csv, store_for_import
from crosslive.db import make_engine, make_session_factory, transaction
from crosslive.errors import DomainError
from crosslive.settings import Settings

import_app = typer.Typer(help="Import a catalog from other platforms.", no_args_is_help=True)


# Exit statuses (docs/cli.md): 0 imported; 1 nothing imported (bad rows, or no such store);
# 2 the command line itself was wrong (Typer's usage errors).
REFUSED = 1


def _fail(file: Path, errors: list[dict[str, object]], message: str, as_json: bool) -> typer.Exit:
    for error in errors:
        typer.echo(str(error["text"]), err=True)
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    if as_json:
        nothing = {"products": 0, "variants": 0, "images": 0}
        summary = {"file": str(file), **nothing, "error": message, "errors": errors}
        typer.echo(json.dumps(summary))
    return typer.Exit(REFUSED)


@import_app.command("shopify")
def import_shopify(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="products_export.csv")],
    store: Annotated[
        str | None, typer.Option(help="Store slug (needed with several stores).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Import a Shopify product CSV export: all rows in one transaction, or none.

    Re-importing updates products by Handle and variants by SKU. Prices are read in the
    store's base currency. Every bad row is reported as FILE:LINE: reason.
    """
    settings = Settings()
    settings.prepare_dirs()
    engine = make_engine(settings.resolved_database_url)
    try:
        with transaction(make_session_factory(engine)) as db:
            report = import_shopify_csv(db, store_for_import(db, store), file.read_bytes())
    except ImportFailed as exc:
        errors: list[dict[str, object]] = [
            {"line": e.line, "message": e.message, "text": f"{file}:{e.line}: {e.message}"}
            for e in exc.errors
        ]
        raise _fail(file, errors, exc.message, as_json) from None
    except DomainError as exc:
        raise _fail(file, [], exc.message, as_json) from None
    finally:
        engine.dispose()
    if as_json:
        typer.echo(json.dumps({"file": str(file), **asdict(report)}))
    else:
        typer.echo(
            f"imported {report.products} products ({report.created} new, {report.updated} "
            f"updated), {report.variants} variants, {report.images} images into store "
            f"{report.store} (prices in {report.currency})"
        )
