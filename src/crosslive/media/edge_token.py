"""The short-lived pass with which a viewer signals to their edge's viewer API (edge_api.py)
instead of the origin's app: the origin signs it (HMAC-SHA256 with the secret it shares with
the edge APIs, `CROSSLIVE_MEDIA_EDGE_API_SECRET`) when it hands an edge viewer their offer.

It is bound to the show, the viewer session, the edge and an expiry, and carries the Janus
session and handle of the viewer's subscription on that edge's Janus (which the origin's app
opened), so the edge API keeps no state: it checks the pass and talks to its own Janus. A
pass that is expired, forged, altered or made for another edge or viewer is refused.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from dataclasses import asdict, dataclass

from crosslive.errors import NotAuthenticated
from crosslive.settings.media_nodes import MIN_SECRET_CHARS

REFUSED = "the edge pass is missing, forged, expired or not for this edge; join again"
# Long enough for a slow answer and the trickled candidates, short enough that a leaked pass
# is soon worthless.
DEFAULT_TTL_S = 60.0
__all__ = ["MIN_SECRET_CHARS", "EdgeGrant", "issue", "verify"]


@dataclass(frozen=True)
class EdgeGrant:
    show: int
    viewer: str
    edge: str
    session: int
    handle: int
    expires: float


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(secret: str, payload: str) -> str:
    return _b64(hmac.new(secret.encode(), payload.encode(), hashlib.sha256).digest())


def issue(
    secret: str,
    *,
    show: int,
    viewer: str,
    edge: str,
    session: int,
    handle: int,
    ttl_s: float = DEFAULT_TTL_S,
    now: float | None = None,
) -> str:
    """A pass for VIEWER of SHOW on EDGE, valid TTL_S seconds."""
    if not secret:
        raise ValueError("no edge API secret to sign with")
    expires = round((time.time() if now is None else now) + ttl_s, 3)
    grant = EdgeGrant(show, viewer, edge, session, handle, expires)
    payload = _b64(json.dumps(asdict(grant), separators=(",", ":")).encode())
    return f"{payload}.{_mac(secret, payload)}"


def verify(
    secret: str, token: str, *, edge: str, viewer: str, now: float | None = None
) -> EdgeGrant:
    """The grant of TOKEN for VIEWER on EDGE; NotAuthenticated (401) otherwise."""
    payload, _, mac = token.partition(".")
    if not secret or not payload or not hmac.compare_digest(mac, _mac(secret, payload)):
        raise NotAuthenticated(REFUSED)
    try:
        grant = EdgeGrant(**json.loads(_unb64(payload)))
    except (ValueError, TypeError) as exc:
        raise NotAuthenticated(REFUSED) from exc
    if grant.edge != edge or grant.viewer != viewer:
        raise NotAuthenticated(REFUSED)
    if (time.time() if now is None else now) >= grant.expires:
        raise NotAuthenticated(REFUSED)
    return grant
