from __future__ import annotations

import gc
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import inspect

from crosslive import __version__, migrate
from crosslive.db import make_engine
from crosslive.tables import metadata


def test_health_reports_ok(app_client: TestClient) -> None:
    response = app_client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "version": __version__}


def test_a_started_app_keeps_its_startup_objects_out_of_full_collections(
    app_client: TestClient,
) -> None:
    # Full garbage collections then skip everything made while starting (see app.py).
    assert gc.get_freeze_count() > 100_000


def test_openapi_lists_the_api(app_client: TestClient) -> None:
    paths = app_client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/health" in paths
    assert "/api/v1/auth/login" in paths


def test_migrations_build_every_table_and_match_the_models(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'migrated.db'}"
    migrate.upgrade(url)
    migrate.check(url)  # raises if a model change has no migration
    engine = make_engine(url)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert set(metadata.tables) <= tables


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'wal.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()
