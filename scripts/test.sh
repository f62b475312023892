#!/usr/bin/env bash
# The whole quality gate: lint, types, migrations, the test suite on SQLite and on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
# Five pytest runs below each collect the whole suite: where PYTHONDONTWRITEBYTECODE is set,
# each would compile and assertion-rewrite every test module again (about half of the
# collection's CPU time). The compiled files go to __pycache__/, which git ignores.
unset PYTHONDONTWRITEBYTECODE

check_dir=$(mktemp -d)
trap '[ -z "${mypy_job:-}" ] || kill "$mypy_job" 2>/dev/null || true; rm -rf "$check_dir"' EXIT
# The demo store on SQLite is seeded once for the run (most of a minute of CPU), by the first
# test process that needs it, and copied by the others: the two lanes and the last stage
# (tests/demo/seeding.py). It goes when check_dir does.
export CROSSLIVE_TEST_DEMO_DIR="$check_dir/demo"
# mypy, from a fresh clone, is the longest check (about a minute of CPU): it runs beside the
# other checks and the two test lanes, and its report is printed before the last stage.
mypy_log="$check_dir/mypy.log"
mypy >"$mypy_log" 2>&1 &
mypy_job=$!

echo "== ruff"
ruff check src tests benchmarks
ruff format --check src tests benchmarks
echo "== layering (import-linter)"
lint-imports
echo "== alembic check"
CROSSLIVE_DATA_DIR="$check_dir" crosslive db upgrade >/dev/null
CROSSLIVE_DATA_DIR="$check_dir" alembic check

echo "== PostgreSQL"
bash scripts/postgres.sh
db="crosslive_test_$$"
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db" postgres
cleanup() {
    [ -z "${side_lane:-}" ] || kill "$side_lane" 2>/dev/null || true
    [ -z "${mypy_job:-}" ] || kill "$mypy_job" 2>/dev/null || true
    psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" postgres || true
    rm -rf "$check_dir"
}
trap cleanup EXIT
pg_url="postgresql+psycopg://postgres@127.0.0.1:5432/$db"
echo "== alembic check (PostgreSQL)"
CROSSLIVE_DATABASE_URL="$pg_url" crosslive db upgrade >/dev/null
CROSSLIVE_DATABASE_URL="$pg_url" alembic check

# The tests run in two lanes side by side: most of them wait (on browsers, servers, the
# network lab) rather than compute. The side lane runs the tests that drive Chromium (marker
# `browser`, set in tests/conftest.py), then the PostgreSQL pass; it prints when it is done.
# then the fault suite on SQLite (tests/faults, marker `faults`, about 50 s: it kills and
# restarts its own app processes, redis-server, PostgreSQL cluster and SMTP server on private
# loopback ports; alone: `pytest -m faults tests/faults`). The two lanes take about as long.
# The browser tests of live video (marker `alone`) run after both lanes, on a quiet machine;
# of those, the long scenarios on impaired links (marker `impairment`) run on demand only,
# with `make test-impairment`, like the benchmarks.
# The main lane runs the rest on SQLite.
#
# On PostgreSQL only the tests that reach the database run again (tests/conftest.py picks
# them: they use the `settings` fixture or read the PostgreSQL URL); the rest would repeat the
# SQLite pass. The fuzzing runs once, on its own SQLite store (tests/fuzz); what only
# PostgreSQL refuses (NUL in text, INTEGER bounds) has tests of its own that run there too.
# The fault suite brings its own PostgreSQL; the browser tests run on SQLite.
side_log="$check_dir/side-lane.log"
(
    status=0
    echo "== pytest (SQLite, the browser tests but the media ones)"
    pytest -q -m "browser and not alone" --durations=10 "$@" || status=1
    echo "== pytest (PostgreSQL)"
    CROSSLIVE_TEST_DATABASE_URL="$pg_url" \
        pytest -q -m "not browser and not e2e and not fuzz and not faults" --durations=15 "$@" \
        || status=1
    echo "== pytest (SQLite, the fault suite)"
    pytest -q -m "faults and not browser" "$@" || status=1
    exit "$status"
) >"$side_log" 2>&1 &
side_lane=$!

failed=0
echo "== pytest (SQLite, all but the browser tests and the fault suite)"
# The slowest tests are listed at the end: where to look when the suite grows slow.
pytest -q -m "not browser and not faults" --durations=15 "$@" || failed=1
wait "$side_lane" || failed=1
side_lane=
cat "$side_log"
echo "== mypy"
wait "$mypy_job" || failed=1
mypy_job=
cat "$mypy_log"
# Last, with the machine to themselves: the browser tests of live video (marker `alone`).
echo "== pytest (SQLite, the media browser tests, alone)"
pytest -q -m "alone and not impairment" --durations=10 "$@" || failed=1
exit "$failed"
