"""`crosslive import translations FILE`: Shopify's translation export into the catalog."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from crosslive.catalog.shopify_import import store_for_import
from crosslive.content.shopify_csv import TranslationImportFailed, import_translations
from crosslive.db import make_engine, make_session_factory, transaction
from crosslive.errors import DomainError
from crosslive.settings import Settings

REFUSED = 1  # nothing imported: bad rows, or no such store (docs/cli.md)


def import_translations_command(
    file: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="The translations export CSV")
    ],
    store: Annotated[
        str | None, typer.Option(help="Store slug (needed with several stores).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Import Shopify's translation export (Translate & Adapt) into the products.

    All rows in one transaction, or none: every bad row is reported as FILE:ROW: reason.
    Imported translations are approved (the seller's own).
    """
    settings = Settings()
    settings.prepare_dirs()
    engine = make_engine(settings.resolved_database_url)
    try:
        with transaction(make_session_factory(engine)) as db:
            report = import_translations(db, store_for_import(db, store), file.read_bytes())
    except DomainError as exc:
        errors = exc.errors if isinstance(exc, TranslationImportFailed) else []
        for error in errors:
            typer.echo(f"{file}:{error.line}: {error.message}", err=True)
        typer.secho(f"error: {exc.message}", fg=typer.colors.RED, err=True)
        if as_json:
            rows = [{"row": e.line, "message": e.message} for e in errors]
            typer.echo(
                json.dumps({"file": str(file), "imported": 0, "error": exc.message, "errors": rows})
            )
        raise typer.Exit(REFUSED) from None
    finally:
        engine.dispose()
    if as_json:
        typer.echo(json.dumps({"file": str(file), **asdict(report)}))
    else:
        skipped = sum(report.skipped.values())
        typer.echo(
            f"imported {report.imported} translations of {report.products} products into "
            f"store {report.store} ({skipped} rows skipped)"
        )
