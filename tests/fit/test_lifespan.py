"""Warming the fit model at start-up: loaded before the first advice, once per app."""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi import FastAPI

from crosslive.app import create_app
from crosslive.fit.lifespan import fit_model_warming, holder_of
from crosslive.fit.model import FitModel, save_model
from crosslive.settings import Settings


def _app(settings: Settings, model_dir: Path) -> FastAPI:
    return create_app(settings.model_copy(update={"fit_model_dir": model_dir}))


async def _start_and_stop(app: FastAPI) -> None:
    async with fit_model_warming(app):
        pass


def _run_lifespan(app: FastAPI) -> None:
    """Start and stop the warming in a loop of its own thread: in a full run the browser
    tests' Playwright driver already owns an event loop in the main thread."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, _start_and_stop(app)).result()


def test_warming_loads_the_model_without_a_request(
    tmp_path: Path, settings: Settings, small_model: FitModel, caplog: pytest.LogCaptureFixture
) -> None:
    save_model(small_model, tmp_path / "model")
    app = _app(settings, tmp_path / "model")
    with caplog.at_level(logging.INFO, logger="crosslive.fit.service"):
        _run_lifespan(app)
    assert f"fit model loaded from {tmp_path / 'model'}" in caplog.text
    caplog.clear()
    model = holder_of(app).get()  # already loaded: no second load
    assert model is not None
    assert "fit model loaded" not in caplog.text
    item = next(iter(small_model.tables["label:item"].index))
    assert model.item_rentals(item) == small_model.item_rentals(item)


def test_warming_a_missing_model_logs_once_and_leaves_the_charts(
    tmp_path: Path, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    app = _app(settings, tmp_path / "nothing-here")
    with caplog.at_level(logging.INFO, logger="crosslive.fit.service"):
        _run_lifespan(app)
        assert holder_of(app).get() is None
    assert caplog.text.count("fit model unavailable, using size charts") == 1
