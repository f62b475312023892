"""The demo's media regions: `crosslive demo` runs, beside the origin Janus the host publishes
to, an edge per region (each another Janus, the app's child, fed the live show by RTP
forwarding) with the viewer API beside it (media/edge_api_local.py) on a free loopback port,
its passes signed with a secret made for this run: what a three-region deployment does
(docs/media.md, "Regions"), on one machine.

A viewer goes to their region's edge by the country in their browser's languages (`de-DE`:
eu) or by the store market; `GET /api/v1/media/nodes` (staff) lists each node's viewers, and
the live show's host console shows each node, up or down, with the show's viewers on it.
Nodes the operator configured (`CROSSLIVE_MEDIA_NODES`) are kept; the demo only adds a viewer
API to their child edges that have none.
"""

from __future__ import annotations

import secrets

from crosslive.media.supervisor import free_loopback_port
from crosslive.settings import Settings
from crosslive.settings.media_nodes import parse_edge_apis, parse_regions

NODES = "origin; eu<origin; us<origin; ap<origin"
# The demo store's markets (EU, UK, US, JP, KR) and the countries of its viewers' browsers.
REGIONS = (
    "EU=eu, UK=eu, DE=eu, FR=eu, IT=eu, ES=eu, NL=eu, GB=eu, "
    "US=us, CA=us, MX=us, BR=us, "
    "JP=ap, KR=ap, CN=ap, TW=ap, HK=ap, SG=ap, AU=ap"
)


def demo_media_settings(settings: Settings) -> Settings:
    """SETTINGS with the demo's regions and an edge API per child edge; unchanged without
    live video."""
    if not settings.media_enabled:
        return settings
    update: dict[str, str] = {}
    if not settings.media_nodes:
        update = {"media_nodes": NODES, "media_regions": settings.media_regions or REGIONS}
    with_nodes = settings.model_copy(update=update)
    parse_regions(with_nodes.media_regions, with_nodes.media_node_specs)
    have = with_nodes.media_edge_api_map
    local = [
        spec.name
        for spec in with_nodes.media_node_specs
        if not spec.is_origin and not spec.url and spec.name not in have
    ]
    if not local:
        return with_nodes
    apis = [f"{name}={url}" for name, url in have.items()]
    apis += [f"{name}=http://127.0.0.1:{free_loopback_port()}" for name in local]
    update |= {
        "media_edge_apis": ", ".join(apis),
        "media_edge_api_secret": settings.media_edge_api_secret or secrets.token_urlsafe(32),
    }
    done = settings.model_copy(update=update)
    # model_copy does not validate: check what was set, as Settings() would at start-up.
    parse_regions(done.media_regions, done.media_node_specs)
    parse_edge_apis(done.media_edge_apis, done.media_node_specs, done.media_edge_api_secret)
    return done


def region_lines(settings: Settings) -> list[str]:
    """What `crosslive demo` prints about its media nodes (nothing with one node)."""
    specs = settings.media_node_specs
    if not specs:
        return []
    apis = settings.media_edge_api_map
    edges = [
        f"{spec.name} (viewer API {apis[spec.name]})" if spec.name in apis else spec.name
        for spec in specs
        if not spec.is_origin
    ]
    return [
        f"  Media:  origin + edges {', '.join(edges)}",
        "          a viewer plays from their region's edge (browser language de-DE: eu, "
        "en-US: us, ja-JP: ap; ?region= on the viewers API), answering through its viewer API",
        f"          which node plays whom: {settings.public_url}/api/v1/media/nodes (staff);",
        "          the host console shows each node, up or down, and the show's viewers on it",
    ]
