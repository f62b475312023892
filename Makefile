.PHONY: setup demo test test-impairment serve fit-model

# The demo store with a live show, on http://127.0.0.1:8000
demo:
	bash scripts/setup.sh
	.venv/bin/crosslive demo

# Lint, types, migrations and the test suite on SQLite and PostgreSQL.
test:
	bash scripts/test.sh

# The long media scenarios on impaired links (lossy, 500 kbit/s), run on demand (root).
test-impairment:
	bash scripts/setup.sh
	.venv/bin/pytest -q -m impairment tests/media

setup:
	bash scripts/setup.sh

# Train the size advisor's fit model from the shared RentTheRunway data into the data dir
# (CROSSLIVE_DATA_DIR, default crosslive-data); the app loads it from DATA_DIR/fit-model.
FIT_DATA ?= ../shared/data/renttherunway_fit_dev.jsonl.gz
fit-model:
	.venv/bin/crosslive fit train --data $(FIT_DATA) --out $${CROSSLIVE_FIT_MODEL_DIR:-$${CROSSLIVE_DATA_DIR:-crosslive-data}/fit-model}
