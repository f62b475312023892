"""A local server speaking LibreTranslate's HTTP protocol (POST /translate, GET /languages),
translating from a small fixed dictionary, for the protocol tests and the browser test. It
also answers DeepL's (POST /v2/translate) and an OpenAI-compatible chat endpoint's (POST
/v1/chat/completions) from the same dictionary, for those providers' protocol tests.

It is not LibreTranslate, DeepL or a model: only their protocols. A sentence in the
dictionary comes back as the dictionary says; any other text in a known pair comes back word
by word, unknown words (the glossary's placeholders among them) untouched. A pair the
dictionary lacks gets a 400 answer, as LibreTranslate and DeepL give.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

SENTENCES: dict[tuple[str, str], dict[str, str]] = {
    ("de", "ja"): {"Ist die Tasche wasserdicht?": "そのバッグは防水ですか？"},
    ("ja", "de"): {"サイズMはありますか？": "Gibt es Größe M?"},
    ("de", "en"): {"Ist die Tasche wasserdicht?": "Is the bag waterproof?"},
    ("ja", "en"): {"サイズMはありますか？": "Is there size M?"},
    # The second line: an engine that words a clean line rudely (the chat masks it).
    ("en", "de"): {
        "Yes, it is waterproof.": "Ja, sie ist wasserdicht.",
        "What a day": "Was für ein shit Tag",
    },
    ("en", "ko"): {"Hi there": "안녕 " * 100},  # a model that rambles on
    # The second one drops a glossary placeholder, as a careless engine might.
    ("en", "ja"): {"Yes, it is waterproof.": "はい、防水です。", "I love ZQX0QZ": "大好き"},
    ("en", "zh"): {"Yes, it is waterproof.": "是的，它是防水的。"},
}
WORDS: dict[tuple[str, str], dict[str, str]] = {
    ("en", "de"): {"i": "ich", "love": "liebe", "the": "die", "bag": "Tasche", "red": "rote"},
    ("en", "ja"): {"bag": "バッグ", "red": "赤い"},
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class LibreTranslateStub:
    """Serves the protocol on a free loopback port in a thread; `down` makes it answer 503,
    `delay` makes it slow."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.requests: list[dict[str, Any]] = []
        self.down = False
        self.delay = 0.0  # seconds each translation takes
        app = Starlette(
            routes=[
                Route("/translate", self._translate, methods=["POST"]),
                Route("/languages", self._languages, methods=["GET"]),
                Route("/v2/translate", self._deepl, methods=["POST"]),
                Route("/v1/chat/completions", self._chat, methods=["POST"]),
            ]
        )
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the LibreTranslate-protocol server did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)

    async def _languages(self, request: Request) -> JSONResponse:
        codes = sorted({code for pair in SENTENCES | WORDS for code in pair})
        return JSONResponse(
            [
                {
                    "code": code,
                    "name": code,
                    "targets": sorted(t for s, t in SENTENCES | WORDS if s == code),
                }
                for code in codes
            ]
        )

    async def _translate(self, request: Request) -> JSONResponse:
        await asyncio.sleep(self.delay)
        if self.down:
            return JSONResponse({"error": "overloaded"}, status_code=503)
        body = await request.json()
        self.requests.append(body)
        pair = (body.get("source"), body.get("target"))
        if pair not in SENTENCES and pair not in WORDS:
            return JSONResponse(
                {"error": f"{pair[0]} -> {pair[1]} is not supported"}, status_code=400
            )
        texts = body["q"] if isinstance(body["q"], list) else [body["q"]]
        done = [self._one(text, pair) for text in texts]
        return JSONResponse({"translatedText": done if isinstance(body["q"], list) else done[0]})

    async def _deepl(self, request: Request) -> JSONResponse:
        if not request.headers.get("authorization", "").startswith("DeepL-Auth-Key "):
            return JSONResponse({"message": "Forbidden"}, status_code=403)
        body = await request.json()
        self.requests.append(body)
        codes = {"ZH-HANS": "zh", "ZH": "zh", "EN-US": "en", "EN-GB": "en"}
        source = codes.get(body["source_lang"], body["source_lang"].lower())
        target = codes.get(body["target_lang"], body["target_lang"].lower())
        if (source, target) not in SENTENCES and (source, target) not in WORDS:
            return JSONResponse({"message": "Value for 'target_lang' not supported."}, 400)
        return JSONResponse(
            {
                "translations": [
                    {
                        "detected_source_language": body["source_lang"],
                        "text": self._one(t, (source, target)),
                    }
                    for t in body["text"]
                ]
            }
        )

    async def _chat(self, request: Request) -> JSONResponse:
        """Reads the pair from the system prompt ("... from German to Japanese. ...")."""
        body = await request.json()
        self.requests.append(body)
        names = {"English": "en", "German": "de", "Japanese": "ja", "Simplified Chinese": "zh"}
        prompt, text = body["messages"][0]["content"], body["messages"][1]["content"]
        found = [(prompt.find(f" {n}"), code) for n, code in names.items() if f" {n}" in prompt]
        pair = tuple(code for _, code in sorted(found))
        content = self._one(text, (pair[0], pair[1])) if len(pair) == 2 else text
        return JSONResponse(
            {"choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]}
        )

    @staticmethod
    def _one(text: str, pair: tuple[str, str]) -> str:
        sentence = SENTENCES.get(pair, {}).get(text)
        if sentence is not None:
            return sentence
        words = WORDS.get(pair, {})
        return " ".join(words.get(word.lower(), word) for word in text.split())
