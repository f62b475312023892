"""`crosslive insights ...`: a report over a whole store, as JSON or as text tables."""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from sqlalchemy import event, select, text
from sqlalchemy.orm import Session

from crosslive import migrate
from crosslive.db import make_engine, make_session_factory, transaction
from crosslive.errors import DomainError
from crosslive.insights import bench, service
from crosslive.insights.report import Report
from crosslive.insights.scope import Filters
from crosslive.settings import Settings
from crosslive.shows.models import Show

insights_app = typer.Typer(help="Figures over orders, returns and shows.", no_args_is_help=True)
Store = Annotated[str, typer.Option("--store", help="The store's slug.")]
Since = Annotated[
    datetime | None, typer.Option("--since", formats=["%Y-%m-%d"], help="First order day (UTC).")
]
AsJson = Annotated[bool, typer.Option("--json", help="Print the report as JSON.")]
T = TypeVar("T")


def _in_database(work: Callable[[Session], T]) -> T:
    """WORK done in one transaction on the configured database (brought up to date first); a
    domain error is printed and exits with status 1."""
    settings = Settings()
    settings.prepare_dirs()
    migrate.upgrade(settings.resolved_database_url)
    factory = make_session_factory(make_engine(settings.resolved_database_url))
    try:
        with transaction(factory) as db:
            return work(db)
    except DomainError as exc:
        typer.secho(f"error: {exc.message}", fg=typer.colors.RED, err=True)
        raise typer.Exit(1) from None


def _run(name: str, store: str, since: datetime | None, as_json: bool) -> None:
    day: date | None = since.date() if since else None
    result = _in_database(lambda db: service.store_report(db, store, name, Filters(since=day)))
    typer.echo(json.dumps(result.as_json(), indent=2) if as_json else _text(result))


def _text(result: Report) -> str:
    parts = []
    for table in result.tables.values():
        parts.append(f"== {table.title}\n{table.as_csv()}")
    return "\n".join(parts)


@insights_app.command("returns")
def returns(store: Store, since: Since = None, as_json: AsJson = False) -> None:
    """Return rates by category, product, size, market, show and reason; fit answers."""
    _run("returns", store, since, as_json)


@insights_app.command("effects")
def effects(store: Store, since: Since = None, as_json: AsJson = False) -> None:
    """Return rates of lines whose buyer followed, ignored or never asked the size advisor."""
    _run("effects", store, since, as_json)


@insights_app.command("economics")
def economics(store: Store, since: Since = None, as_json: AsJson = False) -> None:
    """Margins after return costs per market and category; products losing money."""
    _run("economics", store, since, as_json)


@insights_app.command("shows")
def shows(store: Store, since: Since = None, as_json: AsJson = False) -> None:
    """Per show: funnel, viewers, watch time, chat and answers, conversion by market, money."""
    _run("shows", store, since, as_json)


@insights_app.command("quality")
def quality(store: Store, since: Since = None, as_json: AsJson = False) -> None:
    """Video quality: first frame, frozen time, freezes, bitrate, switches, early leavers."""
    _run("quality", store, since, as_json)


@insights_app.command("rebuild")
def rebuild(store: Store) -> None:
    """Recompute the store's summary tables from its raw records (after a bulk import)."""
    counted = _in_database(lambda db: service.rebuild_summaries(db, store))
    typer.echo(json.dumps({"store": store, "summarized": counted}))


def bench_insights(
    orders: Annotated[int, typer.Option("--orders", min=1, max=5_000_000)] = 10_000,
    repeat: Annotated[int, typer.Option("--repeat", min=1, max=100)] = 5,
    database_url: Annotated[
        str | None,
        typer.Option(
            "--database-url", help="Build in this (empty) database; default a new SQLite file."
        ),
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Build a store with N orders and time each insights page's queries."""
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="crosslive-bench-") as scratch:
        url = database_url or f"sqlite:///{Path(scratch) / 'insights.db'}"
        migrate.upgrade(url)
        phases: dict[str, float] = {}
        started = time.perf_counter()
        loader = make_engine(url)
        event.listen(loader, "connect", _bulk_load_settings(loader.dialect.name))
        with make_session_factory(loader)() as db:
            seller_id = bench.build(db, orders, phases=phases)
            db.commit()
        loader.dispose()
        built_s = round(time.perf_counter() - started, 1)
        # The pages are timed through an engine as the application makes it.
        engine = make_engine(url)
        with make_session_factory(engine)() as db:
            analyzed = time.perf_counter()
            db.execute(text("ANALYZE"))  # the planner's statistics, as a live database has
            db.commit()
            phases["analyze"] = round(time.perf_counter() - analyzed, 2)
            show_id = db.scalar(select(Show.id).where(Show.seller_id == seller_id).limit(1))
            pages = bench.measure(db, seller_id, repeat, show_id)
        engine.dispose()
    result = {
        "orders": orders,
        "database": engine.dialect.name,
        "build_s": built_s,
        "build_phases_s": phases,
        "load_average": {"start": list(load_before), "end": list(os.getloadavg())},
        "pages": pages,
    }
    typer.echo(json.dumps(result) if as_json else json.dumps(result, indent=2))


def _bulk_load_settings(dialect: str) -> Callable[[Any, Any], None]:
    """The settings of the connection that loads the benchmark's store. SQLite (a scratch
    file): no journal on disk, no fsync, a 1 GiB page cache, as a crash only loses the
    file. PostgreSQL: commits not waiting for the disk, more memory for the rebuild's
    sorts. The pages are then timed with the application's own settings."""
    settings: list[str] = []
    if dialect == "sqlite":
        settings = ["PRAGMA journal_mode=MEMORY", "PRAGMA synchronous=OFF"]
        settings.append("PRAGMA cache_size=-1048576")
    elif dialect == "postgresql":
        settings = ["SET synchronous_commit = off", "SET work_mem = '256MB'"]

    def apply(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        for statement in settings:
            cursor.execute(statement)
        cursor.close()
        if dialect == "postgresql":
            dbapi_connection.commit()

    return apply
