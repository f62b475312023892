"""Request bodies are limited by the class of route, before the route reads them: a declared
Content-Length over the limit is refused with nothing read, a chunked body is cut off once it
passes the limit, and an upload from someone who is not logged in is refused unread."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.catalog.models import ProductImage
from crosslive.chat.models import ChatMessage
from crosslive.settings import Settings
from crosslive.trust.models import EvidenceFile
from crosslive.web.body_limits import FORM_SLACK
from tests.chat.factories import Room, viewer_headers

SMALL = 4096


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Uploads of at most 4 KB (set before the app is made)."""
    settings.image_max_bytes = SMALL
    settings.evidence_max_bytes = SMALL
    return settings


class Raw:
    """One request straight into the ASGI app, noting whether the app asked for the body."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self.body_read = False
        self.status = 0
        self.headers: dict[str, str] = {}
        self.body = b""

    async def send(
        self, method: str, path: str, headers: dict[str, str], body: bytes = b"{}"
    ) -> Raw:
        async def receive() -> dict[str, Any]:
            self.body_read = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def reply(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                self.status = message["status"]
                self.headers = {k.decode(): v.decode() for k, v in message["headers"]}
            elif message["type"] == "http.response.body":
                self.body += message.get("body", b"")

        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "root_path": "",
            "query_string": b"",
            "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
            "client": ("203.0.113.5", 50000),
            "server": ("testserver", 80),
            "state": {},
        }
        await self.app(scope, receive, reply)
        return self

    @property
    def detail(self) -> str:
        return str(json.loads(self.body)["detail"])


def _count(session_factory: sessionmaker[Session], table: type) -> int:
    with session_factory() as db:
        return int(db.scalar(select(func.count()).select_from(table)) or 0)


def _png(size: int = 8) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (size, size), (200, 40, 40)).save(out, "PNG")
    return out.getvalue()


async def test_a_chat_message_declared_over_16_kb_is_refused_unread(
    app_client: TestClient, room: Room
) -> None:
    headers = {"Content-Type": "application/json", "Content-Length": str(16 * 1024 + 1)}
    raw = await Raw(app_client.app).send("POST", f"/api/v1/live/{room.slug}/messages", headers)
    assert (raw.status, raw.detail, raw.body_read) == (
        413,
        "the chat message is larger than the 16 KB limit",
        False,
    )
    # The refusal carries the same browser protections as any answer.
    assert raw.headers["x-content-type-options"] == "nosniff"
    # At the limit the route reads it (and wants a viewer's identity, which this one lacks).
    body = b'{"body": "hi", "pad": "' + b" " * (16 * 1024 - 25) + b'"}'
    at_limit = await Raw(app_client.app).send(
        "POST",
        f"/api/v1/live/{room.slug}/messages",
        {**headers, "Content-Length": str(len(body))},
        body,
    )
    assert (len(body), at_limit.body_read, at_limit.status) == (16 * 1024, True, 401)


def test_a_chunked_chat_message_is_cut_off_past_16_kb(
    app_client: TestClient, room: Room, session_factory: sessionmaker[Session]
) -> None:
    alice = {**viewer_headers(app_client, room.slug, "Alice"), "Content-Type": "application/json"}
    url = f"/api/v1/live/{room.slug}/messages"

    def chunks(padding: int) -> Iterator[bytes]:
        yield b'{"body": "hello", "pad": "'
        for _ in range(padding // 1024):
            yield b" " * 1024
        yield b'"}'

    big = app_client.post(url, content=chunks(17 * 1024), headers=alice)
    assert (big.status_code, big.json()) == (
        413,
        {"detail": "the chat message is larger than the 16 KB limit"},
    )
    assert "content-length" not in big.request.headers  # it really was sent chunked
    assert _count(session_factory, ChatMessage) == 0
    small = app_client.post(url, content=chunks(8 * 1024), headers=alice)
    assert small.status_code == 201, small.text
    assert _count(session_factory, ChatMessage) == 1


async def test_a_whip_offer_over_the_sdp_limit_is_refused_before_anything_else(
    app_client: TestClient, room: Room
) -> None:
    headers = {"Content-Type": "application/sdp", "Content-Length": "100001"}
    raw = await Raw(app_client.app).send("POST", f"/whip/{room.slug}", headers)
    assert (raw.status, raw.detail, raw.body_read) == (
        413,
        "the offer is larger than the 97.7 KB limit",
        False,
    )


@pytest.mark.parametrize(
    ("path", "auth"),
    [
        ("/api/v1/products/{product}/images", {}),
        ("/api/v1/products/{product}/images", {"Authorization": "Bearer not-a-session"}),
        ("/api/v1/credentials/{credential}/evidence", {}),
    ],
)
async def test_an_api_upload_from_someone_not_logged_in_is_refused_unread(
    app_client: TestClient, room: Room, path: str, auth: dict[str, str]
) -> None:
    url = path.format(product=room.product_id, credential=room.credentials["oeko"])
    headers = {"Content-Type": "multipart/form-data; boundary=x", "Content-Length": "2000", **auth}
    raw = await Raw(app_client.app).send("POST", url, headers)
    assert (raw.status, raw.detail, raw.body_read) == (401, "log in first", False)


@pytest.mark.parametrize("path", ["/admin/products/{product}/images", "/admin/credentials/new"])
async def test_an_admin_upload_from_someone_not_logged_in_goes_to_the_login_unread(
    app_client: TestClient, room: Room, path: str
) -> None:
    url = path.format(product=room.product_id)
    headers = {"Content-Type": "multipart/form-data; boundary=x", "Content-Length": "2000"}
    raw = await Raw(app_client.app).send("POST", url, headers)
    assert (raw.status, raw.headers["location"], raw.body_read) == (
        303,
        f"/admin/login?next={url}",
        False,
    )


async def test_an_upload_declared_over_the_file_limit_is_refused_unread_even_logged_in(
    app_client: TestClient, room: Room, auth_headers: dict[str, str]
) -> None:
    declared = str(SMALL + FORM_SLACK + 1)
    headers = {"Content-Type": "multipart/form-data; boundary=x", "Content-Length": declared}
    image = await Raw(app_client.app).send(
        "POST", f"/api/v1/products/{room.product_id}/images", {**headers, **auth_headers}
    )
    assert (image.status, image.detail, image.body_read) == (
        413,
        "the image is larger than the 4 KB limit",
        False,
    )
    evidence = await Raw(app_client.app).send(
        "POST", f"/api/v1/credentials/{room.credentials['oeko']}/evidence", headers
    )
    assert (evidence.status, evidence.detail, evidence.body_read) == (
        413,
        "the evidence file is larger than the 4 KB limit",
        False,
    )


def test_a_chunked_upload_past_the_limit_stores_nothing(
    app_client: TestClient,
    room: Room,
    auth_headers: dict[str, str],
    settings: Settings,
    session_factory: sessionmaker[Session],
) -> None:
    images = _count(session_factory, ProductImage)
    evidence = _count(session_factory, EvidenceFile)
    boundary = "crosslive-test"

    def form(data: bytes, name: str) -> Iterator[bytes]:
        yield (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        ).encode()
        for start in range(0, len(data), 8192):
            yield data[start : start + 8192]
        yield f"\r\n--{boundary}--\r\n".encode()

    headers = {**auth_headers, "Content-Type": f"multipart/form-data; boundary={boundary}"}
    padding = _png() + b"\0" * (SMALL + FORM_SLACK)
    image = app_client.post(
        f"/api/v1/products/{room.product_id}/images",
        content=form(padding, "big.png"),
        headers=headers,
    )
    assert (image.status_code, image.json()) == (
        413,
        {"detail": "the image is larger than the 4 KB limit"},
    )
    proof = app_client.post(
        f"/api/v1/credentials/{room.credentials['oeko']}/evidence",
        content=form(padding, "scan.png"),
        headers=headers,
    )
    assert (proof.status_code, proof.json()) == (
        413,
        {"detail": "the evidence file is larger than the 4 KB limit"},
    )
    assert _count(session_factory, ProductImage) == images
    assert _count(session_factory, EvidenceFile) == evidence
    assert list(settings.media_dir.iterdir()) == []
    # A small one, sent the same way, is stored.
    stored = app_client.post(
        f"/api/v1/products/{room.product_id}/images",
        content=form(_png(), "small.png"),
        headers=headers,
    )
    assert stored.status_code == 201, stored.text
    assert _count(session_factory, ProductImage) == images + 1


@pytest.mark.parametrize("declared", ["lots", "-5", "\u00b2"])
async def test_a_content_length_that_is_not_a_number_is_refused(
    app_client: TestClient, room: Room, declared: str
) -> None:
    headers = {"Content-Type": "application/json", "Content-Length": declared}
    raw = await Raw(app_client.app).send("POST", "/api/v1/auth/login", headers)
    assert (raw.status, raw.detail, raw.body_read) == (400, "Content-Length is not a number", False)


async def test_any_other_path_falls_in_the_general_class(app_client: TestClient) -> None:
    """Paths the router will not even match (a decoded newline) still get a limit."""
    headers = {"Content-Type": "application/json", "Content-Length": str(2 * 1024 * 1024 + 1)}
    raw = await Raw(app_client.app).send("POST", "/api/v1/live/\n/events", headers)
    assert (raw.status, raw.detail, raw.body_read) == (
        413,
        "the request is larger than the 2 MB limit",
        False,
    )
