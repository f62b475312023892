#!/usr/bin/env bash
# The whole quality gate: lint, types, migrations, the test suite on SQLite and on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/.venv/bin:$PATH"

echo "== ruff"
ruff check src tests benchmarks
ruff format --check src tests benchmarks
echo "== mypy"
mypy
echo "== layering (import-linter)"
lint-imports
echo "== alembic check"
check_dir=$(mktemp -d)
trap 'rm -rf "$check_dir"' EXIT
CROSSLIVE_DATA_DIR="$check_dir" crosslive db upgrade >/dev/null
CROSSLIVE_DATA_DIR="$check_dir" alembic check

echo "== pytest (SQLite)"
# This pass includes the fault suite (tests/faults, marker `faults`, about 50 s): it kills and
# restarts its own app processes, redis-server, PostgreSQL cluster (initdb/pg_ctl) and SMTP
# server on private loopback ports. Alone: `pytest -m faults tests/faults`.
pytest -q "$@"

echo "== pytest (PostgreSQL)"
bash scripts/postgres.sh
db="crosslive_test_$$"
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db" postgres
trap 'psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" postgres; rm -rf "$check_dir"' EXIT
pg_url="postgresql+psycopg://postgres@127.0.0.1:5432/$db"
echo "== alembic check (PostgreSQL)"
CROSSLIVE_DATABASE_URL="$pg_url" crosslive db upgrade >/dev/null
CROSSLIVE_DATABASE_URL="$pg_url" alembic check
# Only the tests that reach the database run again here (tests/conftest.py picks them: they
# use the `settings` fixture or read the PostgreSQL URL); the rest repeated the SQLite pass.
# The fuzzing runs once, on its own SQLite store (tests/fuzz); what only PostgreSQL refuses
# (NUL in text, INTEGER bounds) has tests of its own that run here too. The fault suite brings
# its own PostgreSQL and ran in the SQLite pass.
CROSSLIVE_TEST_DATABASE_URL="$pg_url" pytest -q -m "not e2e and not fuzz and not faults" "$@"
