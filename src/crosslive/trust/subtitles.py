"""A clip's subtitles: WebVTT or SRT in, one WebVTT out. Every cue is parsed and written
again (timings normalised, text escaped: no markup, styles, regions or notes survive), so
what a viewer's browser reads is only cue times and plain text."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from crosslive.errors import InvalidInput
from crosslive.i18n import A_

MAX_BYTES = 256 * 1024
MAX_CUES = 2000
MAX_CUE_CHARS = 500
# 00:01:02,500 (SRT) or 00:01:02.500 / 01:02.500 (WebVTT).
_TIME = r"(?:(\d{1,2}):)?([0-5]\d):([0-5]\d)[.,](\d{3})"
_TIMING = re.compile(rf"^{_TIME}\s+-->\s+{_TIME}(?:\s+.*)?$")
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Cue:
    start_ms: int
    end_ms: int
    text: str


def _ms(hours: str | None, minutes: str, seconds: str, millis: str) -> int:
    return ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + int(millis)


def _stamp(ms: int) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def _decode(data: bytes) -> str:
    if not data.strip():
        raise InvalidInput(A_("the subtitle file is empty"))
    if len(data) > MAX_BYTES:
        raise InvalidInput(A_("the subtitle file is larger than the 256 KB limit"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(A_("subtitles must be UTF-8 text (WebVTT or SRT)")) from exc
    if "\x00" in text:
        raise InvalidInput(A_("subtitles must be UTF-8 text (WebVTT or SRT)"))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse(data: bytes) -> list[Cue]:
    """The cues of a WebVTT or SRT file; InvalidInput (naming the line) when it is neither."""
    text = _decode(data)
    is_vtt = text.startswith("WEBVTT")
    blocks = [b for b in re.split(r"\n\s*\n", text.strip()) if b.strip()]
    if is_vtt:
        blocks = blocks[1:]  # the header block
    cues: list[Cue] = []
    for block in blocks:
        lines = block.split("\n")
        if is_vtt and lines[0].startswith(("NOTE", "STYLE", "REGION")):
            continue
        at = next((i for i, line in enumerate(lines[:2]) if "-->" in line), None)
        match = _TIMING.match(lines[at].strip()) if at is not None else None
        if match is None or at is None:
            kind = "WebVTT" if is_vtt else "SRT"
            raise InvalidInput(
                A_("not a valid {kind} subtitle file: no cue timing in {line}"),
                kind=kind,
                line=repr(lines[0]),
            )
        g = match.groups()
        start, end = _ms(*g[:4]), _ms(*g[4:])
        if end <= start:
            raise InvalidInput(
                A_("a subtitle ends before it starts: {line}"), line=repr(lines[at].strip())
            )
        words = _TAG.sub("", "\n".join(lines[at + 1 :])).strip()
        cues.append(Cue(start, end, html.unescape(words)[:MAX_CUE_CHARS]))
        if len(cues) > MAX_CUES:
            raise InvalidInput(A_("a clip's subtitles hold at most {limit} cues"), limit=MAX_CUES)
    if not cues:
        raise InvalidInput(A_("the subtitle file holds no cues"))
    return cues


def to_webvtt(cues: list[Cue]) -> str:
    """WebVTT with each cue's text escaped (&, <, > as entities), so nothing in it is markup."""
    out = ["WEBVTT", ""]
    for cue in cues:
        body = "\n".join(
            html.escape(line, quote=False) for line in cue.text.split("\n") if line.strip()
        )
        # "-->" in a cue's text would read as a timing line.
        body = body.replace("--&gt;", "-- &gt;")
        out += [f"{_stamp(cue.start_ms)} --> {_stamp(cue.end_ms)}", body or " ", ""]
    return "\n".join(out)
