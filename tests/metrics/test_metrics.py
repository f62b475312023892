"""GET /metrics for operators: who may read it, and that the figures are the app's own:
requests per route template, viewers per show, event fan-out, the outbox's backlog, scheduled
jobs due and their lag."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.orm import Session, sessionmaker

from crosslive.app import create_app
from crosslive.db import transaction, utcnow
from crosslive.logs import configure_logging
from crosslive.orders.holds import EXPIRE_UNPAID
from crosslive.scheduler import service as scheduler
from crosslive.scheduler.runner import JobRunner
from crosslive.settings import Settings
from crosslive.state import state_of
from tests.chat.factories import Room, viewer_headers

TOKEN = "scrape-me-please"


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings.model_copy(update={"metrics_token": TOKEN}))
    with TestClient(app) as client:
        yield client
    state_of(app).engine.dispose()


def _samples(client: TestClient) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def test_metrics_need_the_token_or_a_local_client(client: TestClient, settings: Settings) -> None:
    assert client.get("/metrics").status_code == 401
    wrong = client.get("/metrics", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    # Without a token only this machine may read them (the test client is not loopback).
    with TestClient(create_app(settings)) as tokenless:
        refused = tokenless.get("/metrics")
        assert refused.status_code == 403
        assert refused.json()["detail"].startswith("metrics are served to this machine only")
        local = TestClient(tokenless.app, client=("127.0.0.1", 50000))
        assert local.get("/metrics").status_code == 200


def test_without_a_token_a_visitor_through_a_local_proxy_is_not_this_machine(
    settings: Settings,
) -> None:
    """A proxy on this machine that CROSSLIVE_TRUSTED_PROXIES does not name connects from
    127.0.0.1 for every visitor; the X-Forwarded-For it adds shows they are not local."""
    with TestClient(create_app(settings), client=("127.0.0.1", 50000)) as local:
        proxied = local.get("/metrics", headers={"X-Forwarded-For": "203.0.113.7"})
        assert proxied.status_code == 403
        assert local.get("/metrics").status_code == 200


def test_requests_are_counted_per_route_template_not_per_url(
    client: TestClient, room: Room
) -> None:
    for slug in (room.slug, "nope"):
        client.get(f"/api/v1/live/{slug}/events")
    samples = _samples(client)
    route = "/api/v1/live/{slug}/events"
    assert (
        samples[
            (
                "crosslive_http_requests_total",
                (("method", "GET"), ("route", route), ("status", "200")),
            )
        ]
        == 1
    )
    assert (
        samples[
            (
                "crosslive_http_requests_total",
                (("method", "GET"), ("route", route), ("status", "404")),
            )
        ]
        == 1
    )
    assert (
        samples[("crosslive_http_request_seconds_count", (("method", "GET"), ("route", route)))]
        == 2
    )
    assert not any(room.slug in str(labels) for _, labels in samples)


def test_viewers_fan_out_and_outbox_are_read_live(client: TestClient, room: Room) -> None:
    with client.websocket_connect(f"/live/{room.slug}/ws") as ws:
        headers = viewer_headers(client, room.slug, "Kim")
        client.post(f"/api/v1/live/{room.slug}/messages", json={"body": "hi"}, headers=headers)
        assert ws.receive_json()["kind"] == "message"
        samples = _samples(client)
        assert samples[("crosslive_ws_viewers", (("show", str(room.show_id)),))] == 1
    assert samples[("crosslive_event_fanout_seconds_count", ())] == 1
    assert samples[("crosslive_events_delivered_total", ())] == 1
    assert samples[("crosslive_outbox_emails", (("status", "pending"),))] == 0
    assert ("crosslive_janus_viewers", ()) not in samples  # live video is off in this app


def test_json_logs_carry_the_request_fields(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    try:
        configure_logging(settings.model_copy(update={"log_format": "json"}))
        logging.getLogger("crosslive.requests").info(
            "GET /x 200", extra={"route": "/x", "status": 200, "ms": 1.5}
        )
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)
    line = capsys.readouterr().err.strip().splitlines()[-1]
    record = json.loads(line)
    assert {k: record[k] for k in ("level", "logger", "message", "route", "status", "ms")} == {
        "level": "INFO",
        "logger": "crosslive.requests",
        "message": "GET /x 200",
        "route": "/x",
        "status": 200,
        "ms": 1.5,
    }
    assert re.match(r"\d{4}-\d\d-\d\d", record["time"])


def test_scheduled_jobs_due_and_their_lag_are_exported(
    settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    app = create_app(
        settings.model_copy(update={"metrics_token": TOKEN, "scheduler_enabled": False})
    )
    with transaction(session_factory) as db:
        minute_ago = utcnow() - timedelta(minutes=1)
        scheduler.schedule(db, EXPIRE_UNPAID, minute_ago, {"order_id": 999}, key="gone")
        scheduler.schedule(db, "not.here", minute_ago, {}, key="other")
        scheduler.schedule(db, EXPIRE_UNPAID, utcnow() + timedelta(hours=1), {}, key="later")
    with TestClient(app) as client:
        samples = _samples(client)
        assert samples[("crosslive_scheduled_jobs_due", (("kind", EXPIRE_UNPAID),))] == 1
        assert samples[("crosslive_scheduled_jobs_due", (("kind", "not.here"),))] == 1
        assert samples[("crosslive_scheduled_jobs", (("state", "pending"),))] == 3
        assert client.portal is not None
        assert client.portal.call(state_of(app).get(JobRunner).run_due) == 1
        samples = _samples(client)
    state_of(app).engine.dispose()
    lag = "crosslive_scheduled_job_lag_seconds"
    assert samples[(f"{lag}_count", (("kind", EXPIRE_UNPAID),))] == 1
    assert samples[(f"{lag}_bucket", (("kind", EXPIRE_UNPAID), ("le", "30.0")))] == 0
    assert samples[(f"{lag}_bucket", (("kind", EXPIRE_UNPAID), ("le", "300.0")))] == 1
    assert ("crosslive_scheduled_jobs_due", (("kind", EXPIRE_UNPAID),)) not in samples
    assert samples[("crosslive_scheduled_jobs", (("state", "done"),))] == 1
