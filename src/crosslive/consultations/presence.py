"""Whether both sides of a video call are still there. Each call page pings every PING_S
(`POST /api/v1/calls/{id}/ping`); a page that closes sends a hang-up beacon. A page that died
without one (a crashed tab, a phone that lost its network) goes silent: a scheduler job
(SILENCE_JOB, one per call, due when its quieter side would have been silent for SILENT) ends
the call with `host_gone` / `viewer_gone` and tells the other side through a `consult_ended`
event. The call's room is destroyed on the other side's next ping (or hang-up). A check that
runs LATE after its time ran in an app that was down meanwhile (a restart, which takes the
media server with it): nobody could ping, so it ends nothing and gives both pages SILENT
from now to come back."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from crosslive.consultations import service
from crosslive.consultations.models import Consultation
from crosslive.consultations.models import ConsultationState as State
from crosslive.db import utcnow
from crosslive.events import service as events

PING_S = 5
# A silence check this far past its time was held up by an app that was not running.
LATE = timedelta(seconds=10)


def _last(row: Consultation, side: str) -> datetime:
    stamp = row.host_seen_at if side == service.HOST else row.viewer_seen_at
    return stamp or row.accepted_at or row.requested_at


def silent_side(row: Consultation, now: datetime) -> str | None:
    """The side silent for service.SILENT at NOW (the host first), if any."""
    for side in (service.HOST, service.VIEWER):
        if _last(row, side) <= now - service.SILENT:
            return side
    return None


def end_silent(db: Session, now: datetime | None = None) -> list[Consultation]:
    """Accepted calls with a silent side end (`<side>_gone`); the other side is told."""
    now = now or utcnow()
    ended = []
    query = select(Consultation).where(Consultation.state == State.ACCEPTED)
    for row in db.scalars(query.order_by(Consultation.id)).all():
        side = silent_side(row, now)
        if side is None:
            continue
        moved = update(Consultation).where(
            Consultation.id == row.id, Consultation.state == State.ACCEPTED
        )
        values = {"state": State.ENDED, "open_key": None, "ended_at": now}
        if not service.changed(db, moved.values(**values)):
            continue
        db.refresh(row)
        row.end_reason = f"{side}_gone"
        db.flush()
        data = {
            "consultation_id": row.id,
            "to": service.tag(row.viewer_id),
            "reason": row.end_reason,
        }
        events.record(db, row.show_id, "consult_ended", data)
        ended.append(row)
    return ended


def check_job(db: Session, payload: Mapping[str, Any], now: datetime | None = None) -> None:
    """The job: end silent calls; if this job's call goes on, check it again when its
    quieter side would have been silent for service.SILENT (or SILENT from now when this
    check comes LATE: the pages could not ping a server that was down)."""
    now = now or utcnow()
    due = payload.get("due")
    late = isinstance(due, str) and datetime.fromisoformat(due) < now - LATE
    if not late:
        end_silent(db, now)
    row = db.get(Consultation, int(payload.get("consultation_id", 0)))
    if late and row is not None and row.state == State.ACCEPTED:
        service.plan_silence_check(db, row, now + service.SILENT)
    elif row is not None and row.state == State.ACCEPTED:
        quieter = min(_last(row, service.HOST), _last(row, service.VIEWER))
        service.plan_silence_check(
            db, row, max(quieter + service.SILENT, now + timedelta(seconds=1))
        )
