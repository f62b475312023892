"""`crosslive bench captions`: latency and accuracy of live captions on generated speech.

The app serves a live show over HTTP on 127.0.0.1 with one viewer connected to the show's
event socket, as a page is. espeak-ng says a script (English, then Mandarin) into phrases
with pauses between them; the bench sends it to the captions' UDP port as a publisher's
20 ms Opus RTP packets, paced in real time, exactly as Janus forwards the host's audio. The
captions pipeline decodes, cuts, transcribes, keeps and sends each caption; the viewer
stamps it on arrival. Latency = arrival at the viewer - the moment the phrase's last sound
was sent. WER (English) and CER (Mandarin) compare all captions with the script.

Not measured here: Janus's own hop (the RTP forward on the same host, well under 10 ms)
and the load of the show's video (a Janus relaying it, the browsers).
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np

from crosslive.captions import speech
from crosslive.captions.audio import RATE
from crosslive.captions.live import LiveCaptions

ENGLISH = (
    "Welcome back to the show, everyone.",
    "Today we have a lovely linen shirt in four colours.",
    "It is only thirty nine dollars while we are live.",
    "Shipping is free on orders over fifty dollars.",
    "The fabric is soft, light and washes well.",
    "Ask me anything in the chat and I will answer.",
    "This jacket comes in small, medium and large.",
    "Tap the product card to add it to your cart.",
    "We ship to Europe, Japan and the United States.",
    "Returns are free for thirty days after delivery.",
)
MANDARIN = (
    "欢迎来到我们的直播间。",
    "今天的衬衫只要三十九块钱。",
    "满五十块钱包邮。",
    "这件外套有三个尺码。",
    "有问题可以在评论区问我。",
)
PAUSE_S = 1.5
DRAIN_S = 8.0
PING_S = 20.0  # as web/static/live/socket.js


_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def number_words(n: int) -> list[str]:
    """N (below a million) in English words, as a script says it."""
    if n < 20:
        return [_ONES[n]]
    if n < 100:
        return [_TENS[n // 10]] + ([_ONES[n % 10]] if n % 10 else [])
    if n < 1000:
        rest = number_words(n % 100) if n % 100 else []
        return [_ONES[n // 100], "hundred", *rest]
    rest = number_words(n % 1000) if n % 1000 else []
    return [*number_words(n // 1000), "thousand", *rest]


def words(text: str) -> list[str]:
    """TEXT's words, lower case, with figures said ("$39" -> "thirty nine dollars")."""
    kept = "".join(c.lower() if c.isalnum() or c in " $" else " " for c in text)
    out: list[str] = []
    for token in kept.split():
        dollars = token.startswith("$")
        token = token.lstrip("$")
        if token.isdigit() and len(token) < 7:
            out += number_words(int(token))
        elif token:
            out.append(token)
        if dollars:
            out.append("dollars")
    return out


def _distance(ref: list[str], hyp: list[str]) -> int:
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[-1]


def word_error_rate(reference: str, heard: str) -> float:
    ref = words(reference)
    return _distance(ref, words(heard)) / max(1, len(ref))


def char_error_rate(reference: str, heard: str) -> float:
    """Over the characters that are letters or digits (Chinese has no spaces)."""
    ref = [c for c in reference if c.isalnum()]
    hyp = [c for c in heard if c.isalnum()]
    return _distance(ref, hyp) / max(1, len(ref))


@dataclass
class Script:
    audio: np.ndarray
    text: str
    ends: list[float] = field(default_factory=list)  # seconds into AUDIO each phrase ends


def script(sentences: tuple[str, ...], voice: str, seconds: float) -> Script:
    parts, text, ends, at = [speech.silence(0.5)], [], [], 0.5
    n = 0
    while at < seconds:
        said = speech.espeak(sentences[n % len(sentences)], voice)
        loud = np.nonzero(np.abs(said) > 0.01)[0]
        said = said[: (loud[-1] + 1) if len(loud) else len(said)]
        parts += [said, speech.silence(PAUSE_S)]
        text.append(sentences[n % len(sentences)])
        ends.append(at + len(said) / RATE)
        at += len(said) / RATE + PAUSE_S
        n += 1
    return Script(np.concatenate(parts), " ".join(text), ends)


async def _send(port: int, packets: list[bytes], started: float) -> None:
    """PACKETS to 127.0.0.1:PORT, one every 20 ms from STARTED (time.time())."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        for n, packet in enumerate(packets):
            delay = started + n * speech.PACKET_MS / 1000 - time.time()
            if delay > 0:
                await asyncio.sleep(delay)
            sock.sendto(packet, ("127.0.0.1", port))
    finally:
        sock.close()


async def _viewer(url: str, seen: list[tuple[float, dict[str, Any]]], ready: asyncio.Event) -> None:
    import websockets

    async with websockets.connect(url) as ws:
        ready.set()
        pinger = asyncio.create_task(_ping(ws))
        try:
            async for message in ws:
                event = json.loads(message)
                if event.get("kind") == "caption":
                    seen.append((time.time(), event["data"]))
        finally:
            pinger.cancel()
    seen.append((time.time(), {"cut": True}))  # the server closed the socket


async def _ping(ws: Any) -> None:
    """Text every PING_S, as the live page's socket sends it: the server drops a viewer that
    sent nothing for a minute (before this, a 240 s bench lost every caption after about 60 s
    of each language, which read as WER 0.61 and half the captions missing)."""
    while True:
        await asyncio.sleep(PING_S)
        await ws.send("ping")


def _covered(data: dict[str, Any], ends: list[float]) -> list[float]:
    """The script's phrase ends a caption covers: a caption of several phrases transcribed
    together counts once for each (the first waited longest), not only for its last."""
    spoken = datetime.fromisoformat(data["spoken_at"]).timestamp()
    length = (data["end_ms"] - data["start_ms"]) / 1000
    inside = [end for end in ends if spoken - length - 0.5 <= end <= spoken + 0.5]
    return inside or [min(ends, key=lambda end: abs(end - spoken))]


async def run_language(
    captions: LiveCaptions, base_ws: str, show_id: int, slug: str, lang: str, audio: Script
) -> dict[str, Any]:
    seen: list[tuple[float, dict[str, Any]]] = []
    ready = asyncio.Event()
    viewer = asyncio.create_task(_viewer(f"{base_ws}/live/{slug}/ws", seen, ready))
    await asyncio.wait_for(ready.wait(), 10)
    tap = await captions.listen(show_id, lang)
    started = time.time() + 0.2
    await _send(tap.port, speech.opus_rtp(audio.audio), started)
    await asyncio.sleep(DRAIN_S)
    await tap.close(None)
    viewer.cancel()
    cut = any("cut" in data for _, data in seen)
    seen = [(at, data) for at, data in seen if "cut" not in data]
    ends = [started + end for end in audio.ends]
    latencies = []
    for arrived, data in seen:
        latencies += [(arrived - end) * 1000 for end in _covered(data, ends)]
    heard = " ".join(data["body"] for _, data in seen)
    return {
        "phrases": len(audio.ends),
        "captions": len(seen),
        "latencies": latencies,
        "heard": heard,
        "reference": audio.text,
        "audio_s": len(audio.audio) / RATE,
        "viewer_cut": cut,
        "lines": [
            {"ms": round(lat), "body": data["body"]}
            for (arrived, data) in seen
            for lat in [(arrived - max(_covered(data, ends))) * 1000]
        ],
    }


def summary(en: dict[str, Any], zh: dict[str, Any], captions: LiveCaptions) -> dict[str, Any]:
    latencies = np.array(en["latencies"] + zh["latencies"]) if en["latencies"] else np.zeros(1)
    worker = captions.transcriber
    return {
        "latency_ms_p50": round(float(np.percentile(latencies, 50))),
        "latency_ms_p95": round(float(np.percentile(latencies, 95))),
        "wer": round(word_error_rate(en["reference"], en["heard"]), 3),
        "cer": round(char_error_rate(zh["reference"], zh["heard"]), 3),
        "rtf": round(worker.busy_s / worker.audio_s, 3) if worker.audio_s else None,
        "phrases": en["phrases"] + zh["phrases"],
        "captions": en["captions"] + zh["captions"],
        "dropped": worker.drops,
        "audio_s": round(en["audio_s"] + zh["audio_s"], 1),
        "zh_heard_sample": zh["heard"][:80],
        "viewer_cut": en["viewer_cut"] or zh["viewer_cut"],
        "en_lines": en["lines"],
        "zh_lines": zh["lines"],
        "loadavg": os.getloadavg()[0],
        "cpus": os.cpu_count(),
    }
