"""Each test builds an app of its own (create_app), and FastAPI builds an included route's
state (its dependencies' analysis, its pydantic adapters) lazily, once per app, on the
first request that walks past it: about 0.15 s of CPU a test, most of an API test's time.
The routes are module-level objects, the same in every app the tests build, and that state
depends only on the route and how its router is included, not on the app's settings (which
the dependencies read from app.state at request time): so it is built once per test run.

An app with dependency overrides still builds its own (the built state keeps the app that
provides them). With a FastAPI that no longer builds routes this way, nothing is shared."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import routing


@contextmanager
def route_state_shared() -> Iterator[None]:
    context_class: Any = getattr(routing, "_EffectiveRouteContext", None)
    build: Callable[..., Any] | None = getattr(
        getattr(context_class, "from_api_route", None), "__func__", None
    )
    if context_class is None or build is None:
        yield
        return
    built: dict[tuple[object, ...], tuple[object, Any]] = {}

    def from_api_route(cls: type, *, original_route: object, include_context: Any) -> Any:
        provider = include_context.dependency_overrides_provider
        if getattr(provider, "dependency_overrides", None):
            return build(cls, original_route=original_route, include_context=include_context)
        key = (
            id(original_route),
            id(include_context.included_router),
            include_context.prefix,
            include_context.max_body_size,
            *(id(dependency) for dependency in include_context.dependencies),
        )
        if key not in built:
            # The route is kept with its state: its id is not reused while the key stands.
            context = build(cls, original_route=original_route, include_context=include_context)
            built[key] = (original_route, context)
        return built[key][1]

    context_class.from_api_route = classmethod(from_api_route)
    try:
        yield
    finally:
        context_class.from_api_route = classmethod(build)
