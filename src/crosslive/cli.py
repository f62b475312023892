"""The `crosslive` command line."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated

import typer
import uvicorn
from starlette.types import ASGIApp

from crosslive import migrate
from crosslive.answers.cli import ask_app
from crosslive.app import Extra, create_app
from crosslive.auth import service as auth_service
from crosslive.auth.models import Role
from crosslive.bench_cli import bench_app
from crosslive.catalog.cli import import_app
from crosslive.content.cli import import_translations_command
from crosslive.db import make_engine, make_session_factory, transaction, utcnow
from crosslive.demo import announce as demo_announce
from crosslive.demo import live_show as demo_live
from crosslive.demo import regions as demo_regions
from crosslive.demo import seed as demo_seed
from crosslive.demo.stage import demo_stage
from crosslive.errors import DomainError
from crosslive.fit.cli import fit_app
from crosslive.insights.cli import insights_app
from crosslive.logs import configure_logging
from crosslive.media import cli as media_cli
from crosslive.media.publishers.broadcaster import start_demo_broadcaster
from crosslive.settings import Settings
from crosslive.trust.cli import trust_app

app = typer.Typer(help="crosslive: cross-border live selling.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
seller_app = typer.Typer(help="Seller stores and staff accounts.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(seller_app, name="seller")
app.add_typer(bench_app, name="bench")
app.add_typer(fit_app, name="fit")
import_app.command("translations")(import_translations_command)
app.add_typer(import_app, name="import")
app.add_typer(media_cli.app, name="media")
app.add_typer(insights_app, name="insights")
app.add_typer(ask_app, name="ask")
app.add_typer(trust_app, name="trust")


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


Stop = Callable[[], None]


def server_config(app: ASGIApp, settings: Settings, log_level: str | None = None) -> uvicorn.Config:
    """How uvicorn serves the app: on HOST:PORT, believing X-Forwarded-For and
    X-Forwarded-Proto only from TRUSTED_PROXIES (none by default: then the client is the
    peer that connected, whatever headers it sends). The app logs each request itself
    (structured, without the client's address), and its logging setup also carries
    uvicorn's own lines."""
    return uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        log_level=log_level,
        access_log=False,
        log_config=None,
        proxy_headers=bool(settings.trusted_proxies),
        forwarded_allow_ips=settings.trusted_proxies or None,
    )


def serve_app(
    settings: Settings, once_up: Callable[[], Stop] | None = None, extras: Sequence[Extra] = ()
) -> None:
    """Serve until interrupted. ONCE_UP runs when the server answers; what it returns runs at
    exit (the demo's broadcaster lives exactly as long as the server). EXTRAS run with the
    app (the demo's live show)."""
    configure_logging(settings)
    migrate.upgrade(settings.resolved_database_url)
    server = uvicorn.Server(server_config(create_app(settings, extras), settings))
    stops: list[Stop] = []

    def when_up() -> None:
        while not server.started and not server.should_exit:
            time.sleep(0.05)
        if server.started and once_up is not None:
            stops.append(once_up())

    threading.Thread(target=when_up, name="serve-once-up", daemon=True).start()
    try:
        server.run()
    finally:
        server.should_exit = True
        for stop in stops:
            stop()


HostOption = Annotated[
    str | None, typer.Option(help="Bind address (default: CROSSLIVE_HOST, 127.0.0.1).")
]
PortOption = Annotated[
    int | None, typer.Option(min=1, max=65535, help="Port (default: CROSSLIVE_PORT, 8000).")
]


def _bind(settings: Settings, host: str | None, port: int | None) -> Settings:
    """SETTINGS with the address the command line gave, where it gave one."""
    overrides = {name: value for name, value in (("host", host), ("port", port)) if value}
    return settings.model_copy(update=overrides)


@app.command()
def serve(host: HostOption = None, port: PortOption = None) -> None:
    """Serve an existing store (applies pending migrations first)."""
    serve_app(_bind(load_settings(), host, port))


@app.command()
def demo(
    host: HostOption = None,
    port: PortOption = None,
    serve: Annotated[bool, typer.Option(help="Serve after seeding.")] = True,
    media: Annotated[
        bool,
        typer.Option(help="Live video: run Janus and broadcast a synthetic show live."),
    ] = True,
    regions: Annotated[
        bool,
        typer.Option(
            help="With live video: an edge Janus and its viewer API per region (eu, us, ap) "
            "beside the origin, as a multi-region deployment runs them."
        ),
    ] = True,
) -> None:
    """Create the demo store if it is absent, print its logins, then serve it."""
    settings = _bind(load_settings(), host, port)
    if media and not Path(settings.janus_binary).exists():
        typer.secho(
            f"warning: no Janus at {settings.janus_binary}; serving without live video "
            "(install janus, or pass --no-media to silence this)",
            fg=typer.colors.YELLOW,
            err=True,
        )
        media = False
    settings = settings.model_copy(update={"media_enabled": media})
    if regions:
        settings = demo_regions.demo_media_settings(settings)
    migrate.upgrade(settings.resolved_database_url)
    engine = make_engine(settings.resolved_database_url)
    started = time.perf_counter()
    try:
        factory = make_session_factory(engine)
        result = demo_seed.ensure_demo(factory, settings)
        token = demo_live.broadcaster_token(factory) if media and serve else ""
    finally:
        engine.dispose()
    elapsed = time.perf_counter() - started
    lines = demo_announce.startup_lines(result, settings, utcnow(), elapsed, media=media)
    typer.echo("\n".join(lines))
    if not serve:
        return
    if not token:
        serve_app(settings, extras=[demo_stage])
        return

    def broadcast() -> Stop:
        return start_demo_broadcaster(settings, result.live_show_slug, token).stop

    serve_app(settings, once_up=broadcast, extras=[demo_stage])


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
