.PHONY: setup demo test serve

# The demo store with a live show, on http://127.0.0.1:8000
demo:
	bash scripts/setup.sh
	.venv/bin/crosslive demo

# Lint, types, migrations and the test suite on SQLite and PostgreSQL.
test:
	bash scripts/test.sh

setup:
	bash scripts/setup.sh
