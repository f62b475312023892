"""Private network namespaces for media tests: a server side and a viewer side joined by a
veth pair, each with a default route into the other so browsers and Janus gather candidates
while no packet can leave the pair. Names carry the pid and a counter; teardown always runs."""

from __future__ import annotations

import contextlib
import ctypes
import itertools
import os
import shutil
import signal
import subprocess
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
CLONE_NEWNET = 0x40000000
SERVER_IP = "10.99.0.1"
VIEWER_IP = "10.99.0.2"
_counter = itertools.count()


def netns_available() -> str:
    """Empty when namespaces can be made here, else the reason they cannot."""
    if os.geteuid() != 0:
        return "media tests need root (ip netns)"
    if shutil.which("ip") is None:
        return "media tests need iproute2 (ip netns)"
    return ""


def _ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True, text=True)


class NetLab:
    def __init__(self) -> None:
        n = next(_counter)
        self.server_ns = f"clms{os.getpid()}n{n}"
        self.viewer_ns = f"clmv{os.getpid()}n{n}"
        self.server_if = "vsrv"
        self.viewer_if = "vview"

    def up(self) -> None:
        _ip("netns", "add", self.server_ns)
        _ip("netns", "add", self.viewer_ns)
        _ip(
            "-n", self.server_ns, "link", "add", self.server_if, "type", "veth",
            "peer", "name", self.viewer_if, "netns", self.viewer_ns,
        )  # fmt: skip
        for ns, dev, ip, peer in (
            (self.server_ns, self.server_if, SERVER_IP, VIEWER_IP),
            (self.viewer_ns, self.viewer_if, VIEWER_IP, SERVER_IP),
        ):
            _ip("-n", ns, "addr", "add", f"{ip}/24", "dev", dev)
            _ip("-n", ns, "link", "set", "lo", "up")
            _ip("-n", ns, "link", "set", dev, "up")
            _ip("-n", ns, "route", "add", "default", "via", peer)

    def down(self) -> None:
        for ns in (self.server_ns, self.viewer_ns):
            pids = subprocess.run(
                ["ip", "netns", "pids", ns], capture_output=True, text=True
            ).stdout.split()
            for pid in pids:
                with contextlib.suppress(ProcessLookupError, ValueError):
                    os.kill(int(pid), signal.SIGKILL)
            subprocess.run(["ip", "netns", "del", ns], capture_output=True)

    def limit_viewer_rate(self, kbit: int) -> None:
        """Hold the server->viewer direction to `kbit` kbit/s (tbf on the server's veth end)."""
        subprocess.run(
            [
                *self.prefix(self.server_ns), "tc", "qdisc", "replace", "dev", self.server_if,
                "root", "tbf", "rate", f"{kbit}kbit", "burst", "12kb", "latency", "150ms",
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip

    def prefix(self, ns: str) -> list[str]:
        return ["ip", "netns", "exec", ns]

    def pids_named(self, ns: str, name: str) -> list[int]:
        found = []
        pids = subprocess.run(["ip", "netns", "pids", ns], capture_output=True, text=True)
        for pid in pids.stdout.split():
            try:
                with open(f"/proc/{pid}/comm") as comm:
                    if comm.read().strip() == name:
                        found.append(int(pid))
            except OSError:
                continue
        return found


def run_in_netns(ns: str, fn: Callable[[], T]) -> T:
    """Run `fn` on a thread that has joined namespace `ns` (sockets it opens live there)."""
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    outcome: dict[str, object] = {}

    def target() -> None:
        fd = os.open(f"/var/run/netns/{ns}", os.O_RDONLY)
        try:
            if libc.setns(fd, CLONE_NEWNET) != 0:
                raise OSError(ctypes.get_errno(), "setns failed")
        finally:
            os.close(fd)
        try:
            outcome["value"] = fn()
        except BaseException as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]
