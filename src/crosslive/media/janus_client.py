"""A small async client for the Janus HTTP API: one session, its handles, events by long poll.

The client owns two tasks (the long poll and the keepalive) and cancels and awaits them on
close. Requests carry timeouts; asynchronous plugin replies are matched to their request by
transaction id; everything else is handed to the `on_event` callback. Every request carries
Janus's API secret: in the body of a POST, as `?apisecret=` on the long poll.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import Callable
from typing import Any

import httpx

log = logging.getLogger(__name__)

KEEPALIVE_S = 20.0
REQUEST_TIMEOUT_S = 10.0
LONG_POLL_TIMEOUT_S = 45.0
# Events one long poll may bring: a burst of joins (a restart's rejoins) comes in fewer polls.
MAX_EVENTS = 50

EventHandler = Callable[[int, dict[str, Any]], None]


class JanusError(Exception):
    """Janus answered with an error, or did not answer in time."""

    def __init__(self, reason: str, code: int = 0) -> None:
        super().__init__(f"janus error {code}: {reason}")
        self.reason = reason
        self.code = code


def tls_only(url: str) -> bool:
    """httpx's `verify` for URL: certificates are checked over HTTPS; over plain HTTP (a local
    Janus) no TLS context is made, which costs 50-100 ms of CPU, on the restart's path too."""
    return url.startswith("https://")


def _transaction() -> str:
    return secrets.token_hex(8)


class JanusClient:
    def __init__(
        self, base_url: str, api_secret: str, on_event: EventHandler | None = None
    ) -> None:
        self.base_url = base_url
        self._api_secret = api_secret
        self.on_event = on_event
        self.session_id = 0
        self.lost = asyncio.Event()
        self._http = httpx.AsyncClient(timeout=REQUEST_TIMEOUT_S, verify=tls_only(base_url))
        self._pending: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._tasks: list[asyncio.Task[None]] = []

    async def open(self) -> None:
        reply = await self._post(self.base_url, {"janus": "create"})
        self.session_id = int(reply["data"]["id"])
        self._tasks = [
            asyncio.create_task(self._poll_events(), name="janus-long-poll"),
            asyncio.create_task(self._keepalive(), name="janus-keepalive"),
        ]

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []
        if self.session_id and not self.lost.is_set():
            with contextlib.suppress(httpx.HTTPError, JanusError):
                await self._post(self._session_url, {"janus": "destroy"})
        self._fail_pending(JanusError("session closed"))
        await self._http.aclose()

    @property
    def _session_url(self) -> str:
        return f"{self.base_url}/{self.session_id}"

    async def _post(self, url: str, body: dict[str, Any]) -> dict[str, Any]:
        body = {
            **body,
            "transaction": body.get("transaction") or _transaction(),
            "apisecret": self._api_secret,
        }
        try:
            response = await self._http.post(url, json=body)
        except httpx.HTTPError as exc:
            raise JanusError(f"unreachable: {exc.__class__.__name__}") from exc
        try:
            reply: dict[str, Any] = response.json()
        except ValueError as exc:  # not Janus speaking (a proxy's error page, a dying Janus)
            raise JanusError(f"no JSON reply (HTTP {response.status_code})") from exc
        if reply.get("janus") == "error":
            error = reply.get("error", {})
            if error.get("code") == 458:  # no such session
                self.lost.set()
            raise JanusError(error.get("reason", "unknown"), int(error.get("code", 0)))
        return reply

    async def info(self) -> dict[str, Any]:
        response = await self._http.get(f"{self.base_url}/info")
        info: dict[str, Any] = response.json()
        return info

    async def attach(self, plugin: str = "janus.plugin.videoroom") -> int:
        reply = await self._post(self._session_url, {"janus": "attach", "plugin": plugin})
        return int(reply["data"]["id"])

    async def detach(self, handle_id: int) -> None:
        with contextlib.suppress(JanusError):
            await self._post(f"{self._session_url}/{handle_id}", {"janus": "detach"})

    async def request(self, handle_id: int, body: dict[str, Any]) -> dict[str, Any]:
        """A synchronous plugin request (create, list, kick...): returns the plugin data."""
        reply = await self._post(
            f"{self._session_url}/{handle_id}", {"janus": "message", "body": body}
        )
        data: dict[str, Any] = reply.get("plugindata", {}).get("data", {})
        _raise_plugin_error(data)
        return data

    async def message(
        self,
        handle_id: int,
        body: dict[str, Any],
        jsep: dict[str, Any] | None = None,
        timeout: float = REQUEST_TIMEOUT_S,
    ) -> tuple[dict[str, Any], dict[str, Any] | None]:
        """An asynchronous plugin request: waits for its event, returns (data, jsep)."""
        transaction = _transaction()
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._pending[transaction] = future
        message: dict[str, Any] = {"janus": "message", "body": body, "transaction": transaction}
        if jsep is not None:
            message["jsep"] = jsep
        try:
            reply = await self._post(f"{self._session_url}/{handle_id}", message)
            if reply.get("janus") != "ack":
                event = reply
            else:
                event = await asyncio.wait_for(future, timeout)
        except TimeoutError as exc:
            raise JanusError("no answer in time") from exc
        finally:
            self._pending.pop(transaction, None)
        data: dict[str, Any] = event.get("plugindata", {}).get("data", {})
        _raise_plugin_error(data)
        return data, event.get("jsep")

    async def trickle(self, handle_id: int, candidate: dict[str, Any] | None) -> None:
        body: dict[str, Any] = {"janus": "trickle"}
        body["candidate"] = candidate if candidate is not None else {"completed": True}
        await self._post(f"{self._session_url}/{handle_id}", body)

    async def _keepalive(self) -> None:
        while True:
            await asyncio.sleep(KEEPALIVE_S)
            try:
                await self._post(self._session_url, {"janus": "keepalive"})
            except JanusError as exc:
                log.warning("janus keepalive failed: %s", exc.reason)
                self._mark_lost()
                return

    async def _poll_events(self) -> None:
        failures = 0
        while failures < 3:
            try:
                response = await self._http.get(
                    self._session_url,
                    params={"maxev": MAX_EVENTS, "apisecret": self._api_secret},
                    timeout=LONG_POLL_TIMEOUT_S,
                )
                payload = response.json()
            except (httpx.HTTPError, ValueError):
                failures += 1
                await asyncio.sleep(0.2)
                continue
            failures = 0
            events = payload if isinstance(payload, list) else [payload]
            for event in events:
                if event.get("janus") == "error" and event.get("error", {}).get("code") == 458:
                    failures = 3
                self._dispatch(event)
        self._mark_lost()

    def _dispatch(self, event: dict[str, Any]) -> None:
        future = self._pending.get(str(event.get("transaction", "")))
        if future is not None and not future.done() and event.get("janus") == "event":
            future.set_result(event)
            return
        if self.on_event is not None and event.get("janus") not in {"keepalive", "ack"}:
            try:
                self.on_event(int(event.get("sender", 0)), event)
            except Exception:  # a handler bug must not stop the event stream
                log.exception("janus event handler failed")

    def _mark_lost(self) -> None:
        self.lost.set()
        self._fail_pending(JanusError("session lost"))

    def _fail_pending(self, error: JanusError) -> None:
        for future in self._pending.values():
            if not future.done():
                future.set_exception(error)
        self._pending.clear()


def _raise_plugin_error(data: dict[str, Any]) -> None:
    if "error_code" in data or "error" in data:
        raise JanusError(str(data.get("error", "plugin error")), int(data.get("error_code", 0)))
