"""Whose address a request counts against: the peer that connected, unless that peer is a
proxy named in CROSSLIVE_TRUSTED_PROXIES, whose X-Forwarded-For is then believed. Served by
a real uvicorn configured as `crosslive serve` configures it; the size-advice limit (one
request a minute per address, keyed by `deps.client_ip`) shows which address was used."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
import uvicorn
from pydantic import ValidationError

from crosslive.app import create_app
from crosslive.cli import server_config
from crosslive.settings import Settings
from crosslive.state import state_of
from tests.e2e.conftest import free_port

ADVICE = {"product_id": 999_999, "height_cm": 170, "weight_kg": 60}


@contextmanager
def serving(settings: Settings) -> Iterator[str]:
    port = free_port()
    served = settings.model_copy(
        update={"host": "127.0.0.1", "port": port, "fit_advice_per_minute": 1}
    )
    app = create_app(served)
    server = uvicorn.Server(server_config(app, served, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        state_of(app).engine.dispose()


def _advice_from(url: str, forwarded_for: str) -> int:
    """Ask for size advice claiming to come from FORWARDED_FOR; the status (404: counted and
    let through, the product does not exist; 429: this address already had its one)."""
    response = httpx.post(
        f"{url}/api/v1/fit/advice", json=ADVICE, headers={"X-Forwarded-For": forwarded_for}
    )
    return response.status_code


def test_by_default_a_forwarded_address_is_ignored(settings: Settings) -> None:
    assert settings.trusted_proxies == ""
    with serving(settings) as url:
        first = _advice_from(url, "203.0.113.7")
        # Another claimed address from the same peer is still the same client.
        second = _advice_from(url, "198.51.100.9")
    assert (first, second) == (404, 429)


def test_a_forwarded_address_from_a_peer_that_is_not_the_trusted_proxy_is_ignored(
    settings: Settings,
) -> None:
    with serving(settings.model_copy(update={"trusted_proxies": "10.9.8.7"})) as url:
        assert (_advice_from(url, "203.0.113.7"), _advice_from(url, "198.51.100.9")) == (404, 429)


def test_a_trusted_proxys_forwarded_address_is_the_client(settings: Settings) -> None:
    trusted = Settings(**{**settings.model_dump(), "trusted_proxies": "127.0.0.1, 10.0.0.0/8"})
    assert trusted.trusted_proxies == "127.0.0.1,10.0.0.0/8"
    with serving(trusted) as url:
        statuses = [
            _advice_from(url, "203.0.113.7"),
            _advice_from(url, "198.51.100.9"),
            # The nearest address that is not a trusted proxy is the client.
            _advice_from(url, "198.51.100.9, 10.1.2.3"),
            _advice_from(url, "203.0.113.7"),
        ]
    assert statuses == [404, 404, 429, 429]


@pytest.mark.parametrize("value", ["proxy.internal", "10.0.0.0/33", "127.0.0.1, *"])
def test_a_trusted_proxy_must_be_an_address_or_network(settings: Settings, value: str) -> None:
    with pytest.raises(ValidationError, match="is not an IP address or network"):
        Settings(**{**settings.model_dump(), "trusted_proxies": value})
