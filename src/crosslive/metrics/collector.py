"""What the app holds right now, read when Prometheus scrapes: viewers per show on this
process, the hub's deliveries and cuts, Janus's viewers, publishers and restarts, the
email outbox by status and the scheduled jobs (one small query each per scrape)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from crosslive.db import transaction, utcnow
from crosslive.events.hub import Hub
from crosslive.mail import outbox
from crosslive.media.gateway import MediaGateway
from crosslive.scheduler import service as scheduler
from crosslive.state import AppState


class LiveCollector(Collector):
    def __init__(self, state: AppState) -> None:
        self._state = state

    def collect(self) -> Iterator[Any]:
        yield from self._hub(self._state.get(Hub))
        media = self._state.find(MediaGateway)
        if media is not None:
            yield from self._media(media)
        yield self._outbox()
        yield from self._jobs()

    def _hub(self, hub: Hub) -> Iterator[Any]:
        viewers = GaugeMetricFamily(
            "crosslive_ws_viewers",
            "Viewers connected to a show's event log on this process.",
            labels=["show"],
        )
        for show_id, count in sorted(hub.audiences().items()):
            viewers.add_metric([str(show_id)], count)
        yield viewers
        yield CounterMetricFamily(
            "crosslive_events_delivered",
            "Event frames written to viewers by this process.",
            value=hub.delivered,
        )
        yield CounterMetricFamily(
            "crosslive_events_viewers_cut",
            "Viewers cut for falling behind or going idle (they resume on reconnect).",
            value=hub.cut_count,
        )

    def _media(self, media: MediaGateway) -> Iterator[Any]:
        yield GaugeMetricFamily(
            "crosslive_janus_viewers",
            "Video viewers subscribed through this process's Janus.",
            value=len(media.viewers.viewers),
        )
        yield GaugeMetricFamily(
            "crosslive_janus_publishers",
            "Hosts publishing video into this process's Janus.",
            value=len(media.publishers),
        )
        yield CounterMetricFamily(
            "crosslive_janus_restarts",
            "Times the supervisor restarted Janus after it died.",
            value=media.supervisor.restarts,
        )

    def _outbox(self) -> GaugeMetricFamily:
        emails = GaugeMetricFamily(
            "crosslive_outbox_emails", "Emails in the outbox, by status.", labels=["status"]
        )
        with transaction(self._state.session_factory) as db:
            for status, count in outbox.counts_by_status(db).items():
                emails.add_metric([status], count)
        return emails

    def _jobs(self) -> Iterator[GaugeMetricFamily]:
        due = GaugeMetricFamily(
            "crosslive_scheduled_jobs_due",
            "Scheduled jobs past their due time that no runner has started, by kind.",
            labels=["kind"],
        )
        jobs = GaugeMetricFamily(
            "crosslive_scheduled_jobs", "Scheduled jobs, by state.", labels=["state"]
        )
        with transaction(self._state.session_factory) as db:
            for kind, count in scheduler.due_counts(db, utcnow()).items():
                due.add_metric([kind], count)
            for state, count in scheduler.counts_by_state(db).items():
                jobs.add_metric([state], count)
        yield due
        yield jobs
