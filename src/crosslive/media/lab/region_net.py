"""Namespaces for an origin and three regions, as far apart as the issue's deployment: the
origin (app, origin Janus, the host's browser) in one namespace; per region an edge Janus in
its own namespace, 150 ms RTT from the origin, and a viewers' namespace 20 ms RTT from its
edge. The viewers reach the origin through their edge's namespace (which routes), so they
are 170 ms from it. Every link is a userspace impairment link (this kernel has no netem).

    origin 10.99.0.1 --veth-- router --75 ms-- edge 10.98.N.2 | 10.97.N.1 --10 ms-- viewers

The origin has one interface (a veth to a router namespace, no delay): Janus binds its ICE
sockets to an interface, so an origin with a link per region would answer every region's
viewers through the first one.

Each edge Janus is a node "on another machine": the app reaches it by URL (its HTTP API
listens on the edge's address) and forwards RTP to that address.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from crosslive.media.children import ending_with_parent
from crosslive.media.janus_config import write_config
from crosslive.media.lab.impairment import ImpairedLink, Leg
from crosslive.media.lab.netlab import SERVER_IP
from crosslive.media.lab.nsexec import run_in_netns
from crosslive.settings import Settings

EDGE_ONE_WAY_MS = 75.0  # origin <-> edge: 150 ms RTT
VIEWER_ONE_WAY_MS = 10.0  # edge <-> its viewers: 20 ms RTT
EDGE_PORT = 8088
EDGE_API_PORT = 8090  # the viewer API beside each edge (crosslive media edge-api)
ROUTER_IP = "10.99.0.254"
# A country of each region (the browser's Accept-Language sends its viewers there), and one
# no region has (its viewers play from the origin).
COUNTRIES = {"eu": "DE", "us": "US", "ap": "JP"}
LOCALES = {"eu": "de-DE", "us": "en-US", "ap": "ja-JP", "origin": "pt-BR"}


@dataclass(frozen=True)
class Region:
    name: str
    index: int
    edge_ns: str
    viewer_ns: str

    @property
    def edge_ip(self) -> str:
        """The edge's address towards the origin (its Janus API, forwarded RTP)."""
        return f"10.98.{self.index}.2"

    @property
    def edge_viewer_ip(self) -> str:
        return f"10.97.{self.index}.1"

    @property
    def viewer_ip(self) -> str:
        return f"10.97.{self.index}.2"

    @property
    def url(self) -> str:
        return f"http://{self.edge_ip}:{EDGE_PORT}/janus"

    @property
    def api_url(self) -> str:
        """The edge's viewer API, on its viewers' side (20 ms from them)."""
        return f"http://{self.edge_viewer_ip}:{EDGE_API_PORT}"


class RegionLab:
    """The origin's namespace is `server_ns` (as NetLab's), at SERVER_IP."""

    server_if = "oe"  # the origin's one interface (SERVER_IP): its Janus gathers here

    def __init__(self, names: tuple[str, ...] = ("eu", "us", "ap")) -> None:
        tag = f"{os.getpid()}n{secrets.token_hex(2)}"
        self.server_ns = f"clro{tag}"
        self.router_ns = f"clrr{tag}"
        self.regions = [
            Region(name, i, f"clre{i}{tag}", f"clrv{i}{tag}")
            for i, name in enumerate(names, start=1)
        ]
        self.viewer_ns = self.regions[0].viewer_ns
        self.links: list[ImpairedLink] = []
        self.edge_secret = secrets.token_urlsafe(24)
        self.edges: dict[str, subprocess.Popen[bytes]] = {}
        self.edge_apis: dict[str, subprocess.Popen[bytes]] = {}
        self.edge_api_secret = secrets.token_urlsafe(32)
        # How the edges and their APIs were started, for revive().
        self._edges_started: tuple[Path, str, str] | None = None
        self._apis_started: tuple[Path, str, tuple[str, ...]] | None = None

    @property
    def namespaces(self) -> list[str]:
        regions = [ns for r in self.regions for ns in (r.edge_ns, r.viewer_ns)]
        return [self.server_ns, self.router_ns, *regions]

    def up(self) -> None:
        for ns in self.namespaces:
            subprocess.run(["ip", "netns", "add", ns], check=True, capture_output=True)
        o, rt = self.server_ns, self.router_ns
        for args in (
            ["-n", o, "link", "add", "oe", "type", "veth", "peer", "name", "ro", "netns", rt],
            ["-n", o, "addr", "add", f"{SERVER_IP}/24", "dev", "oe"],
            ["-n", rt, "addr", "add", ROUTER_IP + "/24", "dev", "ro"],
            *(["-n", ns, "link", "set", dev, "up"] for ns, dev in ((o, "oe"), (rt, "ro"))),
            *(["-n", ns, "link", "set", "lo", "up"] for ns in (o, rt)),
            ["-n", o, "route", "add", "default", "via", ROUTER_IP],
        ):
            subprocess.run(["ip", *args], check=True, capture_output=True)
        for ns in [rt] + [r.edge_ns for r in self.regions]:
            subprocess.run(
                ["ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv4.ip_forward=1"],
                check=True,
                capture_output=True,
            )
        for r in self.regions:
            self._link(
                rt, f"re{r.index}", f"10.98.{r.index}.1", r.edge_ns, "eo", r.edge_ip,
                Leg(EDGE_ONE_WAY_MS), ((f"10.97.{r.index}.0/24",), ("default",)),
            )  # fmt: skip
            self._link(
                r.edge_ns, "ev", r.edge_viewer_ip, r.viewer_ns, "ve", r.viewer_ip,
                Leg(VIEWER_ONE_WAY_MS), ((), ("default",)),
            )  # fmt: skip

    def _link(
        self, ns_a: str, if_a: str, ip_a: str, ns_b: str, if_b: str, ip_b: str, leg: Leg,
        routes: tuple[tuple[str, ...], tuple[str, ...]],
    ) -> None:  # fmt: skip
        link = ImpairedLink(ns_a, if_a, ip_a, ns_b, if_b, ip_b, leg, leg, routes=routes)
        self.links.append(link)
        link.up()

    def down(self) -> None:
        for link in self.links:
            link.down()
        for ns in self.namespaces:
            pids = subprocess.run(["ip", "netns", "pids", ns], capture_output=True, text=True)
            for pid in pids.stdout.split():
                with contextlib.suppress(ProcessLookupError, ValueError):
                    os.kill(int(pid), signal.SIGKILL)
            subprocess.run(["ip", "netns", "del", ns], capture_output=True)

    def prefix(self, ns: str) -> list[str]:
        return ["ip", "netns", "exec", ns]

    def pids_named(self, ns: str, name: str) -> list[int]:
        found = []
        pids = subprocess.run(["ip", "netns", "pids", ns], capture_output=True, text=True)
        for pid in pids.stdout.split():
            with contextlib.suppress(OSError), open(f"/proc/{pid}/comm") as comm:
                if comm.read().strip() == name:
                    found.append(int(pid))
        return found

    def region(self, name: str) -> Region:
        return next(r for r in self.regions if r.name == name)

    # --- the edges' Janus --------------------------------------------------------------------

    def start_edges(
        self,
        data_dir: Path,
        names: tuple[str, ...] = (),
        janus_binary: str = "/usr/bin/janus",
        ice_interfaces: str = "ev",
    ) -> None:
        """Each region's edge Janus (those of NAMES only, when given) in its namespace, its
        API on the edge's address with `edge_secret`, its viewer candidates on the viewers'
        side only (ICE_INTERFACES; "ev,eo" adds the origin's side, where a call's host
        reaches it). It ends with the thread that started it."""
        self._edges_started = (data_dir, janus_binary, ice_interfaces)
        regions = [r for r in self.regions if not names or r.name in names]
        for r in regions:
            settings = Settings(data_dir=data_dir, media_ice_interfaces=ice_interfaces)
            layout = write_config(settings, EDGE_PORT, self.edge_secret, r.name, r.edge_ip)
            with (layout.config_dir / "janus.log").open("ab") as log:
                self.edges[r.name] = subprocess.Popen(
                    [*self.prefix(r.edge_ns), *ending_with_parent(layout.command(janus_binary))],
                    stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                    cwd=layout.config_dir,
                )  # fmt: skip
        for r in regions:
            deadline = time.monotonic() + 30
            while not run_in_netns(self.server_ns, lambda r=r: _answers(r.url)):  # type: ignore[misc]
                if time.monotonic() > deadline or self.edges[r.name].poll() is not None:
                    raise RuntimeError(f"the {r.name} edge's Janus did not start")
                time.sleep(0.1)

    def start_edge_apis(
        self,
        data_dir: Path,
        origin_url: str,
        store_origins: tuple[str, ...],
        names: tuple[str, ...] = (),
    ) -> None:
        """The viewer API beside each edge Janus (those of NAMES only, when given), in the
        edge's namespace (listening on both its sides), for the store pages at STORE_ORIGINS
        of the app at ORIGIN_URL."""
        self._apis_started = (data_dir, origin_url, store_origins)
        regions = [r for r in self.regions if not names or r.name in names]
        env = {
            **os.environ,
            "CROSSLIVE_MEDIA_EDGE_API_SECRET": self.edge_api_secret,
            "CROSSLIVE_MEDIA_NODE_API_SECRET": self.edge_secret,
        }
        data_dir.mkdir(parents=True, exist_ok=True)
        for r in regions:
            command = [
                sys.executable, "-m", "crosslive.cli", "media", "edge-api", "--edge", r.name,
                "--origin-url", origin_url, "--janus-url", r.url, "--host", "0.0.0.0",
                "--port", str(EDGE_API_PORT),
                *(arg for origin in store_origins for arg in ("--allow-origin", origin)),
            ]  # fmt: skip
            with (data_dir / f"edge-api-{r.name}.log").open("ab") as log:
                self.edge_apis[r.name] = subprocess.Popen(
                    [*self.prefix(r.edge_ns), *ending_with_parent(command)],
                    stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env,
                )  # fmt: skip
        # Three Pythons importing the CLI at once take a while on a loaded 2-core machine.
        deadline = time.monotonic() + 120
        for r in regions:
            health = f"{r.api_url}/health"
            while not run_in_netns(r.viewer_ns, lambda u=health: _ok(u)):  # type: ignore[misc]
                if self.edge_apis[r.name].poll() is not None:
                    raise RuntimeError(f"the {r.name} edge API exited (see {data_dir})")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the {r.name} edge API did not answer in time")
                time.sleep(0.2)

    def revive(self) -> list[str]:
        """Start again, as first started, each edge Janus and edge API that no longer runs
        (a scenario killed it, or the thread that started it ended); returns what it started,
        as "eu" (a Janus) or "eu api"."""
        janus = tuple(n for n, process in self.edges.items() if process.poll() is not None)
        apis = tuple(n for n, process in self.edge_apis.items() if process.poll() is not None)
        if janus and self._edges_started:
            data_dir, binary, interfaces = self._edges_started
            self.start_edges(data_dir, janus, binary, interfaces)
        if apis and self._apis_started:
            self.start_edge_apis(*self._apis_started, names=apis)
        return [*janus, *(f"{name} api" for name in apis)]

    def app_env(self) -> dict[str, str]:
        """The app's settings for this topology: the edges by URL, a country per region,
        and each edge's viewer API once they run (start_edge_apis)."""
        nodes = "; ".join(f"{r.name}<origin@{r.url}" for r in self.regions)
        regions = ", ".join(f"{COUNTRIES[r.name]}={r.name}" for r in self.regions)
        env = {
            "CROSSLIVE_MEDIA_NODES": f"origin; {nodes}",
            "CROSSLIVE_MEDIA_REGIONS": regions,
            "CROSSLIVE_MEDIA_NODE_API_SECRET": self.edge_secret,
            "CROSSLIVE_MEDIA_ICE_INTERFACES": self.server_if,
        }
        if self.edge_apis:
            apis = ", ".join(f"{r.name}={r.api_url}" for r in self.regions)
            env["CROSSLIVE_MEDIA_EDGE_APIS"] = apis
            env["CROSSLIVE_MEDIA_EDGE_API_SECRET"] = self.edge_api_secret
        return env


def _ok(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def _answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/info", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False
