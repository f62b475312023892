"""A userspace impairment link (this kernel has no netem): a TUN device in each of two
namespaces, and a thread of this process moving packets between them with a one-way delay,
random loss and a rate limit (tail drop past a queue bound) per direction."""

from __future__ import annotations

import contextlib
import fcntl
import heapq
import os
import random
import select
import struct
import subprocess
import threading
import time
from dataclasses import dataclass

from crosslive.media.lab.nsexec import run_in_netns

TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000
MAX_QUEUE_S = 0.25


@dataclass(frozen=True)
class Leg:
    """One direction of the link."""

    delay_ms: float = 0.0
    loss: float = 0.0
    rate_kbit: float = 0.0  # 0: unlimited


def _open_tun(name: str) -> int:
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH22x", name.encode(), IFF_TUN | IFF_NO_PI))
    os.set_blocking(fd, False)
    return fd


class _Direction:
    def __init__(self, leg: Leg, out_fd: int, rng: random.Random) -> None:
        self.leg = leg
        self.out_fd = out_fd
        self.rng = rng
        self.link_free_at = 0.0

    def schedule(self, packet: bytes, now: float) -> float | None:
        """When the packet arrives at the far end, or None when it is lost or tail-dropped."""
        if self.leg.loss and self.rng.random() < self.leg.loss:
            return None
        departure = now
        if self.leg.rate_kbit:
            start = max(now, self.link_free_at)
            if start - now > MAX_QUEUE_S:
                return None
            self.link_free_at = start + len(packet) * 8 / (self.leg.rate_kbit * 1000)
            departure = self.link_free_at
        return departure + self.leg.delay_ms / 1000


class ImpairedLink:
    def __init__(
        self, ns_a: str, if_a: str, ip_a: str, ns_b: str, if_b: str, ip_b: str,
        a_to_b: Leg, b_to_a: Leg, seed: int = 7,
        routes: tuple[tuple[str, ...], tuple[str, ...]] = (("default",), ("default",)),
    ) -> None:  # fmt: skip
        """ROUTES: what each end sends into the link (besides its peer's address)."""
        self.ends = ((ns_a, if_a, ip_a, ip_b), (ns_b, if_b, ip_b, ip_a))
        self.routes = routes
        self.legs = (a_to_b, b_to_a)
        self.rng = random.Random(seed)
        self.fds: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._forward, name="impaired-link", daemon=True)

    def up(self) -> None:
        for (ns, dev, ip, peer), routes in zip(self.ends, self.routes, strict=True):
            self.fds.append(run_in_netns(ns, lambda dev=dev: _open_tun(dev)))  # type: ignore[misc]
            for args in (
                ["addr", "add", f"{ip}/32", "peer", f"{peer}/32", "dev", dev],
                ["link", "set", "lo", "up"],
                ["link", "set", dev, "up", "mtu", "1400"],
                *(["route", "add", route, "dev", dev] for route in routes),
            ):
                subprocess.run(["ip", "-n", ns, *args], check=True, capture_output=True)
        self._thread.start()

    def down(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(5)
        for fd in self.fds:
            with contextlib.suppress(OSError):
                os.close(fd)
        self.fds = []

    def _forward(self) -> None:
        a, b = self.fds
        directions = {
            a: _Direction(self.legs[0], b, self.rng),
            b: _Direction(self.legs[1], a, self.rng),
        }
        pending: list[tuple[float, int, int, bytes]] = []
        counter = 0
        while not self._stop.is_set():
            now = time.monotonic()
            while pending and pending[0][0] <= now:
                _, _, out_fd, packet = heapq.heappop(pending)
                with contextlib.suppress(OSError):
                    os.write(out_fd, packet)
            wait = min(0.05, max(0.0, pending[0][0] - now)) if pending else 0.05
            readable, _, _ = select.select([a, b], [], [], wait)
            now = time.monotonic()
            for fd in readable:
                for _ in range(64):
                    try:
                        packet = os.read(fd, 65535)
                    except BlockingIOError:
                        break
                    direction = directions[fd]
                    at = direction.schedule(packet, now)
                    if at is not None:
                        counter += 1
                        heapq.heappush(pending, (at, counter, direction.out_fd, packet))
