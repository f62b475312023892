"""The ASGI application factory. Nothing is built at import time."""

from __future__ import annotations

import gc
import math
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from datetime import timedelta
from functools import cache
from typing import TypeVar

from fastapi import FastAPI, Request, WebSocket
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError, WebSocketRequestValidationError
from fastapi.responses import JSONResponse
from prometheus_client import CollectorRegistry
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from crosslive import __version__
from crosslive.api import api_router
from crosslive.auth.passwords import Passwords
from crosslive.captions import service as captions_service
from crosslive.captions.lifespan import captions_lifespan
from crosslive.chat.languages import BacklogTranslations
from crosslive.chat.moderation import ProfanityFilter
from crosslive.consultations.jobs import register_consultation_jobs
from crosslive.db import (
    is_unique_violation,
    make_engine,
    make_session_factory,
    run_in_transaction,
    utcnow,
)
from crosslive.errors import DomainError, RateLimited
from crosslive.events.hub import Hub
from crosslive.events.languages import BacklogFiller
from crosslive.events.unit import commit_then_publish, make_hub
from crosslive.fit.lifespan import fit_model_warming
from crosslive.fit.service import ModelHolder
from crosslive.fit.validation import translated_errors
from crosslive.live.credential_jobs import register_credential_jobs, start_credential_jobs
from crosslive.mail.outbox import outbox_running
from crosslive.media.api import whip_router
from crosslive.media.lifespan import media_lifespan
from crosslive.metrics.api import router as metrics_router
from crosslive.metrics.setup import fanout_histogram, install_metrics, job_lag_histogram
from crosslive.orders.hooks import OrderHooks
from crosslive.orders.jobs import register_jobs as register_order_jobs
from crosslive.orders.jobs import start_jobs as start_order_jobs
from crosslive.ratelimit import make_limiter
from crosslive.replays.captions import CaptionSource, Cue
from crosslive.replays.worker import ReplayWorker
from crosslive.returns.followup_jobs import register_follow_up
from crosslive.returns.jobs import register_jobs as register_return_jobs
from crosslive.scheduler.registry import JobRegistry
from crosslive.scheduler.runner import JobRunner
from crosslive.settings import Settings
from crosslive.shows.models import Show
from crosslive.state import AppState
from crosslive.translation.service import Translator
from crosslive.web.language import page_catalog, page_language
from crosslive.web.routes import mount_web

Result = TypeVar("Result")
RACED = "the same thing was created by another request at this moment; nothing was saved"
DB_AWAY = (
    "the database could not be reached; try again (a checkout with the same Idempotency-Key "
    "places its order at most once)"
)


@cache
def _freeze_startup_objects() -> None:
    """Keep what starting made (modules, routes, models: some 200,000 objects that live as
    long as the process) out of the garbage collector's full passes. Each full pass walked
    them all: one took 459 ms on a busy 2-core machine, and every request and every viewer's
    join waited for it. Once per process; later ones walk only what was made since.

    Cached: gc.get_freeze_count() counts the frozen objects one by one (27 ms of CPU for
    260,000), too much to pay again at each start of a process that starts many apps."""
    if gc.get_freeze_count() == 0:
        gc.collect()
        gc.freeze()


def _domain_jobs(state: AppState) -> JobRegistry:
    """Every domain's job kinds, and what domains add to an order's life (orders.hooks:
    an open return holds its closing back, a delivery schedules the follow-up), installed
    on the app's sessions."""
    jobs, hooks = JobRegistry(), OrderHooks()
    register_return_jobs(jobs, state.settings, hooks)
    register_order_jobs(jobs, state.settings)
    register_follow_up(jobs, hooks, state.settings)
    register_credential_jobs(jobs)
    register_consultation_jobs(jobs)
    hooks.install(state.session_factory)
    return jobs


def _job_runner(
    app: FastAPI, state: AppState, registry: CollectorRegistry, jobs: JobRegistry
) -> JobRunner:
    """The scheduler's runner with the app's job kinds; a job's work commits through
    `commit_then_publish`, so the show events it records reach viewers."""
    lag = job_lag_histogram(registry)
    keep = state.settings.scheduler_keep_finished_days

    async def unit(work: Callable[[Session], Result]) -> Result:
        return await commit_then_publish(app, work)

    return JobRunner(
        state.session_factory,
        jobs,
        unit=unit,
        lease_seconds=state.settings.scheduler_lease_seconds,
        poll_seconds=state.settings.scheduler_poll_seconds,
        keep_finished=timedelta(days=keep) if keep else None,
        on_lag=lambda kind, seconds: lag.labels(kind).observe(seconds),
    )


def _transcript_cues(db: Session, show_id: int, language: str) -> list[Cue]:
    """The live captions' transcript of a show in LANGUAGE ('' for the language the host
    spoke) as the replay's timed cues: the lines heard in it and the translations the
    show's viewers read while it ran."""
    show = db.get(Show, show_id)
    if show is None or show.started_at is None:
        return []
    kept = captions_service.kept_languages(db, show_id)
    if not kept or (language and language not in kept):
        return []
    began = show.started_at
    return [
        Cue(began + timedelta(milliseconds=start), began + timedelta(milliseconds=end), text)
        for start, end, text in captions_service.transcript_in(db, show_id, language or kept[0])
    ]


# Something more the app runs while it serves, started last and stopped first (the demo's
# live show: demo.stage).
Extra = Callable[[FastAPI], AbstractAsyncContextManager[None]]


def create_app(settings: Settings | None = None, extras: Sequence[Extra] = ()) -> FastAPI:
    settings = settings or Settings()
    settings.prepare_dirs()
    engine = make_engine(settings.resolved_database_url)
    registry = CollectorRegistry()  # this app's own: tests build many apps in one process
    fanout = fanout_histogram(registry)
    state = AppState(
        settings=settings,
        engine=engine,
        session_factory=make_session_factory(engine),
        limiter=make_limiter(settings.broker_url),
    )
    state.provide(
        Hub, make_hub(settings, on_fanout=fanout.observe, session_factory=state.session_factory)
    )
    state.provide(CollectorRegistry, registry)
    state.provide(Passwords, Passwords(settings.password_hash_concurrency))
    state.provide(ProfanityFilter, ProfanityFilter())
    state.provide(Translator, Translator.from_settings(settings, state.session_factory))
    state.provide(
        BacklogFiller,
        BacklogTranslations(
            state.get(Translator), state.get(ProfanityFilter), state.session_factory
        ),
    )
    state.provide(ModelHolder, ModelHolder(settings.resolved_fit_model_dir))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Everything long-lived is owned here: started with the app, stopped and awaited
        # with it (the media gateway, the live-room hub, the email outbox sender, the job
        # runner, the fit model).
        async with AsyncExitStack() as stack:
            await stack.enter_async_context(media_lifespan(app))
            await stack.enter_async_context(state.get(Hub).running())
            await stack.enter_async_context(captions_lifespan(app))
            await stack.enter_async_context(outbox_running(state.session_factory, settings))
            if settings.scheduler_enabled:
                runner = state.get(JobRunner)
                await run_in_transaction(
                    state.session_factory,
                    lambda db: start_order_jobs(db, runner.registry, utcnow()),
                )
                await run_in_transaction(
                    state.session_factory, lambda db: start_credential_jobs(db, utcnow())
                )
                await stack.enter_async_context(runner.running())
            if settings.replays_enabled:
                await stack.enter_async_context(state.get(ReplayWorker).running())
            await stack.enter_async_context(fit_model_warming(app))
            for extra in extras:
                await stack.enter_async_context(extra(app))
            _freeze_startup_objects()
            yield

    app = FastAPI(
        lifespan=lifespan,
        title="crosslive",
        version=__version__,
        description="Cross-border live selling: catalog, markets, trust, shows.",
        docs_url="/api/docs",
        openapi_url="/api/v1/openapi.json",
        redoc_url=None,
    )
    app.state.crosslive = state
    state.provide(JobRunner, _job_runner(app, state, registry, _domain_jobs(state)))
    state.provide(ReplayWorker, ReplayWorker(settings, lambda work: commit_then_publish(app, work)))
    state.provide(CaptionSource, CaptionSource(_transcript_cues, captions_service.kept_languages))

    @app.exception_handler(DomainError)
    async def _domain_error(request: Request, exc: DomainError) -> JSONResponse:
        headers = {}
        if isinstance(exc, RateLimited) and exc.retry_after_s is not None:
            headers["Retry-After"] = str(math.ceil(exc.retry_after_s))
        # In the viewer's language where the message is one the catalogs translate.
        lang = page_language(request)
        body = {**exc.body_in(lang), "detail": exc.translated(page_catalog(request), lang)}
        return JSONResponse(body, status_code=exc.status_code, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        # FastAPI's answer, with the body checks' messages in the viewer's language.
        errors = translated_errors(jsonable_encoder(exc.errors()), page_catalog(request))
        return JSONResponse({"detail": errors}, status_code=422)

    @app.exception_handler(WebSocketRequestValidationError)
    async def _invalid_socket(websocket: WebSocket, exc: WebSocketRequestValidationError) -> None:
        # Refused before the handshake with the same 422 an HTTP route gives (FastAPI's own
        # answer is a bare 403 from a close); a server without the denial-response
        # extension gets a policy-violation close instead.
        body = {"detail": jsonable_encoder(exc.errors())}
        if "websocket.http.response" in websocket.scope.get("extensions", {}):
            await websocket.send_denial_response(JSONResponse(body, status_code=422))
        else:
            await websocket.close(code=1008, reason="invalid query parameters")

    @app.exception_handler(IntegrityError)
    async def _integrity_error(request: Request, exc: IntegrityError) -> JSONResponse:
        # The services check for duplicates first; this is the race two requests can still
        # run between that check and the commit. Anything else is a bug: let it be a 500.
        if not is_unique_violation(exc):
            raise exc
        return JSONResponse({"detail": RACED}, status_code=409)

    @app.exception_handler(OperationalError)
    async def _database_away(request: Request, exc: OperationalError) -> JSONResponse:
        # The database restarted or is unreachable (the pool's pre-ping replaces dead
        # connections for the next request): a retry will do, so say so instead of a 500.
        return JSONResponse({"detail": DB_AWAY}, status_code=503, headers={"Retry-After": "1"})

    app.include_router(api_router)
    app.include_router(whip_router)
    app.include_router(metrics_router)
    mount_web(app, settings)
    install_metrics(app, state, registry)
    return app
