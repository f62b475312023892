"""Private network namespaces for media tests: a server side and a viewer side joined by a
veth pair, each with a default route into the other so browsers and Janus gather candidates
while no packet can leave the pair. Names carry the pid and a counter; teardown always runs."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import subprocess

from crosslive.media.lab.impairment import ImpairedLink, Leg

SERVER_IP = "10.99.0.1"
VIEWER_IP = "10.99.0.2"


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
    """Two namespaces joined by a veth pair, or by an impaired userspace link when
    `impair` is given as (server->viewer leg, viewer->server leg)."""

    def __init__(self, impair: tuple[Leg, Leg] | None = None) -> None:
        n = secrets.token_hex(3)
        self.impair = impair
        self.link: ImpairedLink | None = None
        self.server_ns = f"clms{os.getpid()}n{n}"
        self.viewer_ns = f"clmv{os.getpid()}n{n}"
        self.server_if = "vsrv"
        self.viewer_if = "vview"

    def up(self) -> None:
        _ip("netns", "add", self.server_ns)
        _ip("netns", "add", self.viewer_ns)
        if self.impair is not None:
            self.link = ImpairedLink(
                self.server_ns, self.server_if, SERVER_IP,
                self.viewer_ns, self.viewer_if, VIEWER_IP,
                a_to_b=self.impair[0], b_to_a=self.impair[1],
            )  # fmt: skip
            self.link.up()
            return
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
        if self.link is not None:
            self.link.down()
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
