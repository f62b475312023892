"""A local server speaking an OpenAI-compatible chat endpoint's protocol (POST
/v1/chat/completions) for the answer-rephrasing tests: it answers each user message with the
rewording the test set for it (`replies`), else the message unchanged. `down` makes it
answer 503, `delay` makes it slow. Not a model: only the protocol, on loopback."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.translation.libretranslate_server import _free_port


class FakeChatServer:
    def __init__(self) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self.replies: dict[str, str] = {}
        self.requests: list[dict[str, Any]] = []
        self.down = False
        self.delay = 0.0
        app = Starlette(routes=[Route("/v1/chat/completions", self._chat, methods=["POST"])])
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("fake chat server did not start")
            time.sleep(0.01)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=5)

    async def _chat(self, request: Request) -> JSONResponse:
        await asyncio.sleep(self.delay)
        if self.down:
            return JSONResponse({"error": "overloaded"}, status_code=503)
        body = await request.json()
        self.requests.append({**body, "authorization": request.headers.get("authorization")})
        text = body["messages"][-1]["content"]
        content = self.replies.get(text, text)
        return JSONResponse(
            {"choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]}
        )
