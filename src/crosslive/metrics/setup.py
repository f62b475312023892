"""Wires the metrics into one app: its own registry, the request middleware, the live
collector and the hub's fan-out histogram."""

from __future__ import annotations

from fastapi import FastAPI
from prometheus_client import CollectorRegistry, Histogram

from crosslive.metrics.collector import LiveCollector
from crosslive.metrics.requests import RequestMetrics
from crosslive.state import AppState

# Seconds from an event being made (in its unit of work) to its frame written to viewers.
FANOUT_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1.0, 2.5)


def fanout_histogram(registry: CollectorRegistry) -> Histogram:
    return Histogram(
        "crosslive_event_fanout_seconds",
        "Age of a show event when this process wrote it to its viewers.",
        buckets=FANOUT_BUCKETS,
        registry=registry,
    )


# Seconds from a scheduled job's due time to a runner starting it (the poll interval is the
# floor; more means the runners are behind, or none is running).
JOB_LAG_BUCKETS = (0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0, 3600.0)


def job_lag_histogram(registry: CollectorRegistry) -> Histogram:
    return Histogram(
        "crosslive_scheduled_job_lag_seconds",
        "Seconds between a scheduled job's due time and a runner starting it, by kind.",
        labelnames=["kind"],
        buckets=JOB_LAG_BUCKETS,
        registry=registry,
    )


def install_metrics(app: FastAPI, state: AppState, registry: CollectorRegistry) -> None:
    registry.register(LiveCollector(state))
    app.add_middleware(RequestMetrics, registry=registry)
