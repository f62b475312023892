from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.translation.libretranslate_server import LibreTranslateStub


@pytest.fixture(scope="session")
def _libretranslate_server() -> Iterator[LibreTranslateStub]:
    server = LibreTranslateStub()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def libretranslate(_libretranslate_server: LibreTranslateStub) -> LibreTranslateStub:
    """The LibreTranslate-protocol server, up, quick and with no requests seen."""
    _libretranslate_server.down = False
    _libretranslate_server.delay = 0.0
    _libretranslate_server.requests.clear()
    return _libretranslate_server
