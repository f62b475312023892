"""The `crosslive` command line."""

from __future__ import annotations

import json
import time
from typing import Annotated

import typer
import uvicorn

from crosslive import migrate
from crosslive.app import create_app
from crosslive.auth import service as auth_service
from crosslive.auth.models import Role
from crosslive.bench_cli import bench_app
from crosslive.catalog.cli import import_app
from crosslive.db import make_engine, make_session_factory, transaction, utcnow
from crosslive.demo import announce as demo_announce
from crosslive.demo import seed as demo_seed
from crosslive.errors import DomainError
from crosslive.fit.cli import fit_app
from crosslive.media import cli as media_cli
from crosslive.settings import Settings

app = typer.Typer(help="crosslive: cross-border live selling.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
seller_app = typer.Typer(help="Seller stores and staff accounts.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(seller_app, name="seller")
app.add_typer(bench_app, name="bench")
app.add_typer(fit_app, name="fit")
app.add_typer(import_app, name="import")
app.add_typer(media_cli.app, name="media")


def load_settings() -> Settings:
    settings = Settings()
    settings.prepare_dirs()
    return settings


def fail(message: str, code: int = 1) -> typer.Exit:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    return typer.Exit(code)


@db_app.command("upgrade")
def db_upgrade(revision: str = "head") -> None:
    """Apply Alembic migrations up to REVISION (default: the newest)."""
    settings = load_settings()
    migrate.upgrade(settings.resolved_database_url, revision)
    typer.echo(f"database at {revision}")


def serve_app(settings: Settings) -> None:
    migrate.upgrade(settings.resolved_database_url)
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info")


@app.command()
def serve() -> None:
    """Serve an existing store (applies pending migrations first)."""
    serve_app(load_settings())


@app.command()
def demo(
    host: Annotated[str | None, typer.Option(help="Bind address (default: settings).")] = None,
    port: Annotated[
        int | None, typer.Option(min=1, max=65535, help="Port (default: settings).")
    ] = None,
    serve: Annotated[bool, typer.Option(help="Serve after seeding.")] = True,
) -> None:
    """Create the demo store if it is absent, print its logins, then serve it."""
    settings = load_settings()
    overrides = {name: value for name, value in (("host", host), ("port", port)) if value}
    settings = settings.model_copy(update=overrides)
    migrate.upgrade(settings.resolved_database_url)
    engine = make_engine(settings.resolved_database_url)
    started = time.perf_counter()
    try:
        result = demo_seed.ensure_demo(make_session_factory(engine), settings)
    finally:
        engine.dispose()
    lines = demo_announce.startup_lines(result, settings, utcnow(), time.perf_counter() - started)
    typer.echo("\n".join(lines))
    if serve:
        serve_app(settings)


@seller_app.command("create")
def seller_create(
    store: Annotated[str, typer.Option(help="Store slug; created if it does not exist.")],
    email: Annotated[str, typer.Option()],
    password: Annotated[str, typer.Option(prompt=True, hide_input=True)],
    name: Annotated[str, typer.Option(help="Person's display name.")] = "",
    store_name: Annotated[str, typer.Option(help="Store display name (new stores).")] = "",
    role: Annotated[Role, typer.Option(case_sensitive=False)] = Role.OWNER,
    currency: Annotated[str, typer.Option(help="Base currency (new stores).")] = "USD",
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Create a staff account (owner, host or moderator) in a store."""
    settings = load_settings()
    migrate.upgrade(settings.resolved_database_url)
    factory = make_session_factory(make_engine(settings.resolved_database_url))
    try:
        with transaction(factory) as db:
            seller = auth_service.find_seller(db, store) or auth_service.create_seller(
                db, slug=store, name=store_name or store, base_currency=currency
            )
            user = auth_service.create_staff(
                db, seller, email=email, name=name, password=password, role=role
            )
            result = {"store": seller.slug, "email": user.email, "role": user.role.value}
    except DomainError as exc:
        raise fail(exc.message) from None
    if as_json:
        typer.echo(json.dumps(result))
    else:
        typer.echo(f"created {result['role']} {result['email']} in store {result['store']}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
