"""One show's event ids commit in id order, so a viewer resuming after id N has seen every
event below N. On PostgreSQL two transactions could take ids 10 and 11 and commit 11 first;
events.service.record holds a per-show lock from taking an id to the commit."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from crosslive.events import service as events
from tests.chat.factories import Room

WAIT_S = 30.0


def _waiting_on_a_lock(db: Session, pid: int) -> bool:
    state = db.execute(
        text("SELECT wait_event_type FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}
    ).scalar()
    db.rollback()
    return state == "Lock"


def test_a_second_event_of_the_show_waits_for_the_first_to_commit(
    session_factory: sessionmaker[Session], room: Room
) -> None:
    first = session_factory()
    if first.get_bind().dialect.name != "postgresql":
        first.close()
        pytest.skip("SQLite has one writer: its ids commit in order by construction")
    first_id = events.record(first, room.show_id, "message", {"n": 1})["id"]
    recorded: list[int] = []
    pids: list[int] = []

    def second() -> None:
        with session_factory() as db:
            pids.append(int(db.execute(text("SELECT pg_backend_pid()")).scalar_one()))
            recorded.append(events.record(db, room.show_id, "message", {"n": 2})["id"])
            db.commit()

    thread = threading.Thread(target=second)
    thread.start()
    with session_factory() as watcher:
        deadline = time.monotonic() + WAIT_S
        while not (pids and _waiting_on_a_lock(watcher, pids[0])):
            assert time.monotonic() < deadline, "the second event never waited for the first"
            time.sleep(0.02)
    assert recorded == []  # still waiting: it has no id yet
    first.commit()
    first.close()
    thread.join(WAIT_S)
    assert recorded and recorded[0] > first_id
