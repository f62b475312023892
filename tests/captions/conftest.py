"""Captions fixtures: the Whisper model, loaded once per test session, and generated speech."""

from __future__ import annotations

from typing import Any

import pytest

from crosslive.captions import whisper


@pytest.fixture(scope="session")
def whisper_model(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return whisper.load(tmp_path_factory.mktemp("models"), threads=2)
