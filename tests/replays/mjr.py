"""Janus recordings made without Janus: ffmpeg's test sources sent as VP8 and Opus RTP to
loopback sockets, each packet written into an .mjr file the way Janus's recorder writes it
(MJR00002: a JSON header, then per packet "MEET", ms since the first, length, RTP)."""

from __future__ import annotations

import json
import socket
import struct
import subprocess
import threading
import time
from pathlib import Path


def _mjr_writer(
    sock: socket.socket, path: Path, kind: str, codec: str, first_us: int, stop: threading.Event
) -> None:
    sock.settimeout(0.2)
    started: float | None = None
    with path.open("wb") as f:
        f.write(b"MJR00002")
        while not stop.is_set():
            try:
                packet = sock.recv(65536)
            except TimeoutError:
                continue
            now = time.monotonic()
            if started is None:
                started = now
                header = {"t": kind, "c": codec, "s": first_us, "u": first_us}
                text = json.dumps(header).encode()
                f.write(struct.pack("!H", len(text)) + text)
            f.write(b"MEET" + struct.pack("!IH", int((now - started) * 1000), len(packet)) + packet)


def record_segment(
    rec_dir: Path, key: str, at: float, seconds: float = 2.0, audio: bool = True
) -> None:
    """Write REC_DIR/KEY-video-1.mjr (and -audio-0.mjr) holding SECONDS of test pattern whose
    first packet the header dates AT (a Unix time, as Janus writes it)."""
    rec_dir.mkdir(parents=True, exist_ok=True)
    socks: list[tuple[socket.socket, Path, str, str]] = []
    video = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    video.bind(("127.0.0.1", 0))
    video.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    socks.append((video, rec_dir / f"{key}-video-1.mjr", "v", "vp8"))
    args = [
        "ffmpeg",
        "-v",
        "error",
        "-re",
        "-f",
        "lavfi",
        "-i",
        f"testsrc2=size=320x180:rate=30:duration={seconds}",
    ]
    args += ["-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={seconds}"]
    args += ["-map", "0:v", "-c:v", "libvpx", "-deadline", "realtime", "-b:v", "300k"]
    args += ["-payload_type", "100", "-f", "rtp", f"rtp://127.0.0.1:{video.getsockname()[1]}"]
    if audio:
        sound = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sound.bind(("127.0.0.1", 0))
        socks.append((sound, rec_dir / f"{key}-audio-0.mjr", "a", "opus"))
        args += ["-map", "1:a", "-c:a", "libopus", "-payload_type", "111", "-f", "rtp"]
        args += [f"rtp://127.0.0.1:{sound.getsockname()[1]}"]
    stop = threading.Event()
    threads = [
        threading.Thread(target=_mjr_writer, args=(s, p, k, c, int(at * 1e6), stop), daemon=True)
        for s, p, k, c in socks
    ]
    for t in threads:
        t.start()
    try:
        subprocess.run(args, check=True, timeout=60)
        time.sleep(0.3)
    finally:
        stop.set()
        for t in threads:
            t.join()
        for s, *_ in socks:
            s.close()
