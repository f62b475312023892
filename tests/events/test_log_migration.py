"""Migration 0002 moves the event log from chat_events to show_events with its rows, ids and
the chat messages that point at them, on SQLite and on PostgreSQL, and back again."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, create_engine, inspect, text
from sqlalchemy.engine import make_url

from crosslive import migrate
from crosslive.db import make_engine, make_session_factory, transaction, utcnow
from crosslive.shows.models import Show, ShowState
from tests.factories import old_seller

PG_URL = os.environ.get("CROSSLIVE_TEST_DATABASE_URL", "")


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrated.db'}"
        return
    if not PG_URL:
        pytest.skip("needs CROSSLIVE_TEST_DATABASE_URL (the PostgreSQL run of the suite)")
    server = make_url(PG_URL)
    name = f"crosslive_migration_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _show(engine: Engine) -> int:
    with transaction(make_session_factory(engine)) as db:
        show = Show(
            seller_id=old_seller(db),
            slug="spring",
            title="Spring",
            description="",
            scheduled_at=utcnow(),
            duration_minutes=60,
            language="en",
            market_codes=[],
            sponsored=False,
            state=ShowState.LIVE,
        )
        db.add(show)
        db.flush()
        return show.id


def _rows(engine: Engine, table: str, conn: Connection | None = None) -> list[tuple[Any, ...]]:
    query = text(f"SELECT id, kind FROM {table} ORDER BY id")
    if conn is not None:
        return [tuple(r) for r in conn.execute(query)]
    with engine.connect() as own:
        return [tuple(r) for r in own.execute(query)]


def test_the_event_log_keeps_its_rows_and_message_links_through_the_rename(
    database_url: str,
) -> None:
    migrate.upgrade(database_url, "0001")
    engine = make_engine(database_url)
    show_id = _show(engine)
    now = utcnow()
    with engine.begin() as conn:
        for kind in ("message", "pinned"):
            conn.execute(
                text(
                    "INSERT INTO chat_events (show_id, kind, payload, created_at)"
                    " VALUES (:show, :kind, '{}', :at)"
                ),
                {"show": show_id, "kind": kind, "at": now},
            )
        first, second = (row[0] for row in _rows(engine, "chat_events", conn))
        conn.execute(
            text(
                "INSERT INTO chat_messages (show_id, viewer_id, display_name, body, event_id,"
                " is_staff, is_question, created_at)"
                " VALUES (:show, 'v1', 'Kim', 'hi', :event, false, false, :at)"
            ),
            {"show": show_id, "event": first, "at": now},
        )
    engine.dispose()

    migrate.upgrade(database_url)
    migrate.check(database_url)
    engine = make_engine(database_url)
    tables = set(inspect(engine).get_table_names())
    assert "show_events" in tables and "chat_events" not in tables
    assert _rows(engine, "show_events") == [(first, "message"), (second, "pinned")]
    with engine.begin() as conn:
        # New events continue after the old ids; the message still points at its event.
        conn.execute(
            text(
                "INSERT INTO show_events (show_id, kind, payload, created_at)"
                " VALUES (:show, 'answered', '{}', :at)"
            ),
            {"show": show_id, "at": now},
        )
        conn.execute(text("DELETE FROM show_events WHERE id = :id"), {"id": first})
        link = conn.execute(text("SELECT event_id FROM chat_messages")).scalar_one()
    assert link is None  # ON DELETE SET NULL survived the rename
    assert [kind for _, kind in _rows(engine, "show_events")] == ["pinned", "answered"]
    engine.dispose()

    migrate.downgrade(database_url, "0001")
    engine = make_engine(database_url)
    assert [kind for _, kind in _rows(engine, "chat_events")] == ["pinned", "answered"]
    engine.dispose()
