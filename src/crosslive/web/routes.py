"""Mounts static files and every page router on the app."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from crosslive.settings import Settings

STATIC_DIR = Path(__file__).parent / "static"


def mount_web(app: FastAPI, settings: Settings) -> None:
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
