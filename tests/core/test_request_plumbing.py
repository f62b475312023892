"""How requests reach the database: synchronous routes take the request's unit of work
(SessionDep, run in a worker thread); async routes never hold a session, so no query of
theirs can run on the event loop that every WebSocket and video join shares."""

from __future__ import annotations

import inspect
from collections.abc import Iterator

from fastapi.routing import APIRoute, APIWebSocketRoute
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from starlette.routing import BaseRoute

from crosslive.deps import get_db


def _takes_a_session(endpoint: object) -> list[str]:
    signature = inspect.signature(endpoint)  # type: ignore[arg-type]
    return [
        name
        for name, parameter in signature.parameters.items()
        if parameter.annotation in (Session, "Session", "SessionDep")
        or "get_db" in repr(parameter.annotation)
    ]


def _routes(routes: list[BaseRoute]) -> Iterator[BaseRoute]:
    """Every route, inside included routers too (FastAPI keeps those as a private wrapper
    holding the router it included)."""
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from _routes(included.routes)
        else:
            yield route


def test_no_async_route_holds_a_database_session(app_client: TestClient) -> None:
    offenders = []
    checked = 0
    for route in _routes(app_client.app.routes):  # type: ignore[attr-defined]
        if not isinstance(route, APIRoute | APIWebSocketRoute):
            continue
        if not inspect.iscoroutinefunction(route.endpoint):
            continue
        checked += 1
        direct = [dep.call for dep in route.dependant.dependencies]
        if get_db in direct or _takes_a_session(route.endpoint):
            offenders.append(f"{route.path} ({route.endpoint.__module__})")
    assert checked > 30  # the async routes are really looked at
    assert offenders == []
