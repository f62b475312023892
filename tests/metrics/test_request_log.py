"""The request log line: heartbeats answered go to DEBUG, everything else (and a heartbeat
refused) to INFO; all are counted."""

from __future__ import annotations

import logging

import pytest
from fastapi import FastAPI, Response
from fastapi.testclient import TestClient
from prometheus_client import CollectorRegistry

from crosslive.metrics.requests import RequestMetrics


def _app(registry: CollectorRegistry) -> FastAPI:
    app = FastAPI()

    @app.post("/whip/{show}/{resource}/alive")
    def alive(show: str, resource: str) -> Response:
        return Response(status_code=204 if show == "live" else 404)

    @app.post("/api/v1/calls/{call}/ping")
    def ping(call: str) -> dict[str, bool]:
        return {"publishing": True, "watching": True}

    @app.get("/api/v1/shows/{ref}")
    def show(ref: str) -> dict[str, str]:
        return {"ref": ref}

    app.add_middleware(RequestMetrics, registry=registry)
    return app


def test_answered_heartbeats_log_at_debug_the_rest_at_info(
    caplog: pytest.LogCaptureFixture,
) -> None:
    registry = CollectorRegistry()
    client = TestClient(_app(registry))
    with caplog.at_level(logging.DEBUG, logger="crosslive.requests"):
        assert client.post("/whip/live/r1/alive").status_code == 204
        assert client.post("/api/v1/calls/7/ping").status_code == 200
        assert client.get("/api/v1/shows/s1").status_code == 200
        assert client.post("/whip/gone/r1/alive").status_code == 404
    levels = {(r.route, r.status): r.levelno for r in caplog.records}  # type: ignore[attr-defined]
    assert levels == {
        ("/whip/{show}/{resource}/alive", 204): logging.DEBUG,
        ("/api/v1/calls/{call}/ping", 200): logging.DEBUG,
        ("/api/v1/shows/{ref}", 200): logging.INFO,
        ("/whip/{show}/{resource}/alive", 404): logging.INFO,
    }
    counted = registry.get_sample_value(
        "crosslive_http_requests_total",
        {"method": "POST", "route": "/whip/{show}/{resource}/alive", "status": "204"},
    )
    assert counted == 1
