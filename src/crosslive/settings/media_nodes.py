"""The media nodes of a multi-region deployment, as configured, and the checks they must pass
before the app starts.

`CROSSLIVE_MEDIA_NODES` lists the nodes, separated by `;`: `NAME` for the origin (the Janus
the hosts publish to, the app's own child), `NAME<UPSTREAM` for an edge fed by RTP forwarding
from UPSTREAM (the origin: Janus 1.1 cannot forward a publisher forwarded to it), and `@URL`
after an edge run elsewhere (its Janus HTTP API), e.g. `origin; eu<origin; us<origin@http://10.8.0.3:8088/janus`.
An edge without a URL runs as another child of the app. Its name is the region it serves.
`CROSSLIVE_MEDIA_REGIONS` sends countries and markets to a region: `DE=eu, FR=eu, US=us`.

A forwarding loop, a second origin, an upstream nobody configured, an edge fed from an edge or
a region that names no node is refused here, with a message that says what to change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")
KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")
# The shortest edge API secret taken (crosslive.media.edge_token signs with it).
MIN_SECRET_CHARS = 32


@dataclass(frozen=True)
class NodeSpec:
    """One configured Janus node: the origin has no upstream; a remote one has a URL."""

    name: str
    upstream: str = ""
    url: str = ""

    @property
    def is_origin(self) -> bool:
        return not self.upstream

    @property
    def remote_host(self) -> str:
        """The remote node's address (the origin forwards RTP to it); empty when local."""
        return urlsplit(self.url).hostname or "" if self.url else ""


def _node(entry: str) -> NodeSpec:
    spec, _, url = entry.partition("@")
    name, arrow, upstream = (part.strip() for part in spec.partition("<"))
    url = url.strip()
    if not NAME.match(name):
        raise ValueError(
            f"media node {name!r}: a name is 1-32 lower-case letters, digits or dashes"
        )
    if arrow and not NAME.match(upstream):
        raise ValueError(f"media node {name!r}: name the node it is fed from after '<'")
    if url:
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.hostname or not parts.port:
            raise ValueError(
                f"media node {name!r}: {url!r} is not a Janus API URL like "
                "http://10.8.0.3:8088/janus"
            )
        if not arrow:
            raise ValueError(
                f"media node {name!r}: the origin runs as the app's own child; "
                "only an edge may have a URL"
            )
    return NodeSpec(name, upstream, url)


def _path_to_origin(node: NodeSpec, by_name: dict[str, NodeSpec]) -> list[str]:
    path = [node.name]
    while not by_name[path[-1]].is_origin:
        upstream = by_name[path[-1]].upstream
        if upstream in path:
            loop = " -> ".join([*path[path.index(upstream) :], upstream])
            raise ValueError(
                f"media nodes: forwarding loop {loop}; every edge must be fed, "
                "through its upstreams, from the one origin"
            )
        path.append(upstream)
    return path


def parse_nodes(text: str) -> list[NodeSpec]:
    """The nodes configured in TEXT, checked; empty when TEXT is (one node, today's default)."""
    entries = [entry.strip() for entry in text.split(";") if entry.strip()]
    nodes = [_node(entry) for entry in entries]
    by_name: dict[str, NodeSpec] = {}
    for node in nodes:
        if node.name in by_name:
            raise ValueError(f"media nodes: {node.name!r} is configured twice")
        by_name[node.name] = node
    for node in nodes:
        if node.upstream == node.name:
            raise ValueError(f"media nodes: forwarding loop {node.name} -> {node.name}")
        if node.upstream and node.upstream not in by_name:
            raise ValueError(
                f"media node {node.name!r} is fed from {node.upstream!r}, which is not configured"
            )
    origins = [node.name for node in nodes if node.is_origin]
    if len(origins) > 1:
        raise ValueError(
            f"media nodes: a second origin ({', '.join(origins)} all have no upstream); "
            "hosts publish to exactly one origin, so give every other node one with '<'"
        )
    for node in nodes:
        _path_to_origin(node, by_name)
    if nodes and not origins:
        raise ValueError("media nodes: no origin (a node without '<')")
    for node in nodes:
        if node.upstream and not by_name[node.upstream].is_origin:
            raise ValueError(
                f"media node {node.name!r} is fed from the edge {node.upstream!r}: Janus 1.1 "
                f"forwards only publishers of its own, so feed it from the origin "
                f"({node.name}<{origins[0]})"
            )
    return nodes


def parse_regions(text: str, nodes: list[NodeSpec]) -> dict[str, str]:
    """Country or market code (upper-cased) -> the node serving it, checked against NODES."""
    names = {node.name for node in nodes}
    regions: dict[str, str] = {}
    for entry in (item.strip() for item in text.split(",")):
        if not entry:
            continue
        key, equals, region = (part.strip() for part in entry.partition("="))
        if not equals or not KEY.match(key):
            raise ValueError(f"media regions: {entry!r} is not COUNTRY_OR_MARKET=REGION")
        if region not in names:
            raise ValueError(
                f"media regions: {key} is sent to {region!r}, which is not a configured media "
                "node (CROSSLIVE_MEDIA_NODES)"
            )
        regions[key.upper()] = region
    return regions


def parse_edge_apis(text: str, nodes: list[NodeSpec], secret: str) -> dict[str, str]:
    """Edge name -> the URL of the viewer API beside it (`eu=https://eu.shop.example/edge`),
    checked against NODES; an edge API needs SECRET (the passes it checks are signed with it)."""
    edges = {node.name for node in nodes if not node.is_origin}
    apis: dict[str, str] = {}
    for entry in (item.strip() for item in text.split(",")):
        if not entry:
            continue
        name, equals, url = (part.strip() for part in entry.partition("="))
        if not equals:
            raise ValueError(f"media edge APIs: {entry!r} is not EDGE=URL")
        if name not in edges:
            raise ValueError(
                f"media edge APIs: {name!r} is not an edge in CROSSLIVE_MEDIA_NODES; an edge "
                "API serves the viewers of one edge"
            )
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ValueError(
                f"media edge API of {name!r}: {url!r} is not a URL like https://eu.shop.example/edge"
            )
        apis[name] = url.rstrip("/")
    if apis and not secret:
        raise ValueError(
            "media edge APIs are configured without a shared secret: set "
            "CROSSLIVE_MEDIA_EDGE_API_SECRET (the same value on the origin and every edge API)"
        )
    if apis and len(secret) < MIN_SECRET_CHARS:
        raise ValueError(
            f"CROSSLIVE_MEDIA_EDGE_API_SECRET is too short: use at least {MIN_SECRET_CHARS} "
            "random characters"
        )
    return apis
