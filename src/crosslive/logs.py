"""Logging for the app and the CLI: plain lines by default, one JSON object a line with
CROSSLIVE_LOG_FORMAT=json (fields from each record's `extra`, e.g. route, status, ms, show).
Messages name routes, shows and counts, never a person (no addresses, emails or names)."""

from __future__ import annotations

import logging

from pythonjsonlogger.json import JsonFormatter

from crosslive.settings import Settings

TEXT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(settings: Settings) -> None:
    """Route every logger (uvicorn's too) through one handler in the chosen format. The
    command line calls this once per process (`crosslive serve`, `demo`); create_app leaves
    the process's logging alone."""
    handler = logging.StreamHandler()
    if settings.log_format == "json":
        handler.setFormatter(
            JsonFormatter(
                "%(asctime)s %(levelname)s %(name)s %(message)s",
                rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            )
        )
    else:
        handler.setFormatter(logging.Formatter(TEXT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
