"""Apertium's listing of its pairs is asked for once, however many translations of one message
(into every language of the room) start together, and with nothing written to it; and Apertium
translates under the server's event loop."""

from __future__ import annotations

import asyncio
import shutil
import stat
from pathlib import Path

import pytest
import uvloop

from crosslive.translation.providers import ApertiumProvider

# Lists one pair without reading its input; notes each run; translates by upper-casing.
FAKE = """#!/bin/sh
echo "$@" >> "{log}"
if [ "$1" = "-l" ]; then sleep 0.2; echo "eng-spa"; exit 0; fi
tr a-z A-Z
"""


def _fake_apertium(tmp_path: Path) -> tuple[Path, Path]:
    log = tmp_path / "runs.txt"
    binary = tmp_path / "apertium"
    binary.write_text(FAKE.format(log=log))
    binary.chmod(binary.stat().st_mode | stat.S_IXUSR)
    return binary, log


async def test_translations_started_together_list_the_pairs_once(tmp_path: Path) -> None:
    binary, log = _fake_apertium(tmp_path)
    provider = ApertiumProvider(str(binary))
    done = await asyncio.gather(*(provider.translate(["hola"], "en", "es") for _ in range(6)))
    assert done == [["HOLA"]] * 6
    runs = log.read_text().splitlines()
    assert runs.count("-l") == 1, runs
    assert await provider.modes() == {("en", "es"): "eng-spa"}
    assert log.read_text().splitlines().count("-l") == 1


@pytest.mark.skipif(shutil.which("apertium") is None, reason="Debian's apertium is not installed")
def test_apertium_translates_under_the_servers_event_loop() -> None:
    """The server runs on uvloop, whose subprocess pipes are sockets."""

    async def translate() -> list[str]:
        return await ApertiumProvider().translate(["The bag is very beautiful"], "en", "es")

    assert uvloop.run(translate()) == ["El bolso es muy bello"]
