"""A local server that speaks the part of Stripe's documented API crosslive uses.

Checkout Sessions (create, retrieve, expire), Refunds (create), Idempotency-Key replays and
Bearer key checks, and a hosted page: GET /pay/{session} shows a Pay button while the session
is open; POSTing it completes the payment, emits the signed `checkout.session.completed`
event and redirects to the session's success_url (an expired or completed page takes no
payment). Events are signed the documented way
(`Stripe-Signature: t=..., v1=HMAC-SHA256(secret, f"{t}.{payload}")`), so the app checks
them with the stripe library's own code.

Events are queued by default and delivered by the test (`deliver`) in its own thread, in the
order and as often as the test wants. Given a webhook URL (`forward_to`) the server POSTs each
event itself right after it happens, as Stripe does, from a thread of its own; a `gate`
(threading.Event) holds those posts until the test opens it.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import re
import secrets
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

SECRET_KEY = "sk_test_crosslive_local_0000"
WEBHOOK_SECRET = "whsec_crosslive_local_0000"


def sign(payload: bytes, secret: str = WEBHOOK_SECRET, at: int | None = None) -> str:
    """The Stripe-Signature header for PAYLOAD, as Stripe builds it."""
    t = int(time.time()) if at is None else at
    mac = hmac.new(secret.encode(), f"{t}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"


def _nest(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Stripe's form encoding (line_items[0][price_data][currency]=usd) back to objects."""
    root: dict[str, Any] = {}
    for key, value in pairs:
        parts = re.findall(r"[^\[\]]+", key)
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return root


def _listed(value: dict[str, Any]) -> list[Any]:
    return [value[k] for k in sorted(value, key=int)]


class StripeState:
    def __init__(self, base: str) -> None:
        self.base = base
        self.sessions: dict[str, dict[str, Any]] = {}
        self.refunds: list[dict[str, Any]] = []
        self.replays: dict[str, dict[str, Any]] = {}
        self.events: list[dict[str, Any]] = []  # queued, not yet delivered
        self.lock = threading.Lock()
        self.webhook_url: str | None = None  # set: events are posted there, not queued
        self.gate: threading.Event | None = None  # set: posts wait until it is
        self.forwarded: list[tuple[str, int]] = []  # (event type, the app's HTTP status)
        self.senders: list[threading.Thread] = []
        self.expired_by_api: list[str] = []

    def create_session(self, form: dict[str, Any]) -> dict[str, Any]:
        items = _listed(form.get("line_items", {}))
        total = sum(int(i["price_data"]["unit_amount"]) * int(i["quantity"]) for i in items)
        sid = f"cs_test_{secrets.token_hex(12)}"
        session = {
            "id": sid,
            "object": "checkout.session",
            "mode": form["mode"],
            "url": f"{self.base}/pay/{sid}",
            "amount_total": total,
            "currency": items[0]["price_data"]["currency"],
            "client_reference_id": form.get("client_reference_id"),
            "customer_email": form.get("customer_email"),
            "metadata": form.get("metadata", {}),
            "line_items_sent": items,
            "success_url": form["success_url"],
            "cancel_url": form["cancel_url"],
            "expires_at": int(form["expires_at"]),
            "status": "open",
            "payment_status": "unpaid",
            "payment_intent": None,
            "livemode": False,
        }
        self.sessions[sid] = session
        return session

    def event(self, kind: str, session: dict[str, Any]) -> dict[str, Any]:
        event = {
            "id": f"evt_{secrets.token_hex(12)}",
            "object": "event",
            "type": kind,
            "created": int(time.time()),
            "livemode": False,
            "data": {"object": dict(session)},
        }
        if self.webhook_url:
            sender = threading.Thread(target=self._post, args=(self.webhook_url, event))
            self.senders.append(sender)
            sender.start()
        else:
            self.events.append(event)
        return event

    def _post(self, url: str, event: dict[str, Any]) -> None:
        """Send EVENT signed to URL, as Stripe's webhook delivery does."""
        if self.gate is not None:
            self.gate.wait(timeout=30)
        body = json.dumps(event).encode()
        request = urllib.request.Request(
            url,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", "Stripe-Signature": sign(body)},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                status = int(answer.status)
        except urllib.error.HTTPError as refused:
            status = refused.code
        with self.lock:
            self.forwarded.append((str(event["type"]), status))

    def complete(self, sid: str) -> dict[str, Any]:
        session = self.sessions[sid]
        session.update(
            status="complete", payment_status="paid", payment_intent=f"pi_{secrets.token_hex(8)}"
        )
        return self.event("checkout.session.completed", session)

    def expire(self, sid: str) -> dict[str, Any]:
        self.sessions[sid].update(status="expired")
        return self.event("checkout.session.expired", self.sessions[sid])

    def expire_open(self, sid: str) -> tuple[int, dict[str, Any]]:
        """POST /v1/checkout/sessions/{id}/expire: only an open session can be expired."""
        session = self.sessions.get(sid)
        if session is None:
            return 404, {"error": {"message": f"No such checkout.session: '{sid}'"}}
        if session["status"] != "open":
            message = 'Only Checkout Sessions with a status in ["open"] can be expired.'
            return 400, {"error": {"message": message, "type": "invalid_request_error"}}
        self.expire(sid)
        self.expired_by_api.append(sid)
        return 200, session


_CLOSED_PAGE = "<!doctype html><title>Expired</title><p>This payment page has expired.</p>"


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return

    def _send(self, status: int, body: Any, kind: str = "application/json") -> None:
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _form(self) -> dict[str, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        return _nest(parse_qsl(self.rfile.read(length).decode(), keep_blank_values=True))

    def _authorized(self) -> bool:
        if self.headers.get("Authorization") == f"Bearer {SECRET_KEY}":
            return True
        error = {"message": "Invalid API Key provided", "type": "invalid_request_error"}
        self._send(401, {"error": error})
        return False

    def do_GET(self) -> None:
        state = self.server.state
        page = re.fullmatch(r"/pay/(cs_test_\w+)", self.path)
        if page and page.group(1) in state.sessions:
            session = state.sessions[page.group(1)]
            if session["status"] != "open":
                self._send(410, _CLOSED_PAGE, "text/html")
                return
            self._send(
                200,
                f"<!doctype html><title>Pay</title><form method=post>"
                f"<p>Total {html.escape(str(session['amount_total']))}</p>"
                f"<button>Pay</button></form>",
                "text/html",
            )
            return
        found = re.fullmatch(r"/v1/checkout/sessions/(\w+)", self.path)
        if found and self._authorized():
            session = state.sessions.get(found.group(1))
            self._send(200 if session else 404, session or {"error": {"message": "no such"}})
        elif not found:
            self._send(404, {"error": {"message": "unknown path"}})

    def do_POST(self) -> None:
        state = self.server.state
        page = re.fullmatch(r"/pay/(cs_test_\w+)", self.path)
        if page:
            with state.lock:
                session = state.sessions.get(page.group(1))
                is_open = session is not None and session["status"] == "open"
                if is_open:
                    state.complete(page.group(1))
            if not is_open:
                self._send(410, _CLOSED_PAGE, "text/html")
                return
            self.send_response(303)
            self.send_header("Location", state.sessions[page.group(1)]["success_url"])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if not self._authorized():
            return
        form = self._form()
        key = f"{self.path}:{self.headers.get('Idempotency-Key')}"
        with state.lock:
            if key in state.replays:
                self._send(200, state.replays[key])
                return
            expiring = re.fullmatch(r"/v1/checkout/sessions/(\w+)/expire", self.path)
            if expiring:
                status, answer = state.expire_open(expiring.group(1))
                if status != 200:
                    self._send(status, answer)
                    return
            elif self.path == "/v1/checkout/sessions":
                answer = state.create_session(form)
            elif self.path == "/v1/refunds":
                answer = {
                    "id": f"re_{secrets.token_hex(8)}",
                    "object": "refund",
                    "payment_intent": form["payment_intent"],
                    "amount": int(form["amount"]),
                    "status": "succeeded",
                }
                state.refunds.append(answer)
            else:
                self._send(404, {"error": {"message": "unknown path"}})
                return
            state.replays[key] = answer
        self._send(200, answer)


class _Server(ThreadingHTTPServer):
    state: StripeState


class LocalStripe:
    def __init__(self, server: _Server) -> None:
        self._server = server
        self.state = server.state
        self.base = server.state.base

    def forward_to(self, url: str, gate: threading.Event | None = None) -> None:
        """From now on POST each event signed to URL (the app's webhook) as it happens;
        with GATE, each post waits until the gate is set."""
        self.state.webhook_url, self.state.gate = url, gate

    def deliver(
        self, post: Callable[[bytes, dict[str, str]], Any], event: dict[str, Any] | None = None
    ) -> list[Any]:
        """Post EVENT (default: every queued event, once each) signed, through POST."""
        with self.state.lock:
            events = [event] if event else list(self.state.events)
            if event is None:
                self.state.events.clear()
        answers = []
        for one in events:
            body = json.dumps(one).encode()
            answers.append(post(body, {"Stripe-Signature": sign(body)}))
        return answers


@contextmanager
def local_stripe() -> Iterator[LocalStripe]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.state = StripeState(f"http://127.0.0.1:{server.server_address[1]}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LocalStripe(server)
    finally:
        if server.state.gate is not None:
            server.state.gate.set()
        for sender in list(server.state.senders):
            sender.join(timeout=10)
        server.shutdown()
        server.server_close()
        thread.join()
