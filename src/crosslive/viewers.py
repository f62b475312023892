"""Who a viewer is: one anonymous identity for chat, questions, the cart, size advice and the
video session, so a buyer's journey can be followed from the first frame to a return.

Viewers never log in. An identity is a random id and, once they join a show's chat, a
display name with the show and the time until which they may write there, signed by the
server (`issue`). The id lasts; the right to chat under a name is bound to one show and
expires (the chat join hands out a fresh one). The token travels in the X-Viewer-Token request
header, not a cookie: a SameSite cookie does not reach the live room embedded on a seller's
own site, and a header cannot be sent by another site's form. Pages hand a fresh token to
viewers who have none; routes that need an identity but got none (or one that no longer
verifies) issue a new one and return it in the same header, which the page keeps.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import json
import secrets
import unicodedata
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Response

from crosslive.deps import client_ip
from crosslive.errors import InvalidInput, NotAuthenticated
from crosslive.i18n import N_
from crosslive.state import state_of

VIEWER_HEADER = "X-Viewer-Token"
MAX_NAME = 40
_INVALID = NotAuthenticated("the viewer token is not valid; reload the page")


@dataclass(frozen=True)
class Viewer:
    id: str
    name: str = ""  # empty until the viewer chooses one to chat
    chat_show: int | None = None  # the show whose chat they joined under that name
    chat_until: int | None = None  # until when (Unix seconds) they may write there


def clean_name(name: str) -> str:
    """Trim, drop control characters, refuse empty or long names."""
    text = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    if not text:
        raise InvalidInput(N_("choose a display name"))
    if len(text) > MAX_NAME:
        raise InvalidInput(f"a display name has at most {MAX_NAME} characters")
    return text


def _sign(key: str, body: str) -> str:
    return hmac.new(key.encode(), b"viewer:" + body.encode(), hashlib.sha256).hexdigest()[:32]


def issue(
    key: str,
    name: str = "",
    viewer_id: str | None = None,
    *,
    chat_show: int | None = None,
    chat_until: int | None = None,
) -> tuple[Viewer, str]:
    """A signed token for VIEWER_ID (a new random id when None), with NAME when given, and
    the right to chat in CHAT_SHOW until CHAT_UNTIL (Unix seconds) when given."""
    viewer = Viewer(
        id=viewer_id or secrets.token_urlsafe(12),
        name=clean_name(name) if name else "",
        chat_show=chat_show,
        chat_until=chat_until,
    )
    claims: dict[str, str | int] = {"i": viewer.id, "n": viewer.name}
    if chat_show is not None and chat_until is not None:
        claims |= {"s": chat_show, "x": chat_until}
    raw = json.dumps(claims, separators=(",", ":"))
    body = base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")
    return viewer, f"{body}.{_sign(key, body)}"


def read(key: str, token: str | None) -> Viewer:
    """The viewer a token names; NotAuthenticated when it is missing, forged or damaged."""
    if not token or "." not in token:
        raise NotAuthenticated("this needs the viewer token the page gives (X-Viewer-Token)")
    body, signature = token.rsplit(".", 1)
    if not hmac.compare_digest(_sign(key, body), signature):
        raise _INVALID
    try:
        data = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        show, until = data.get("s"), data.get("x")
        return Viewer(
            id=str(data["i"]),
            name=str(data.get("n", "")),
            chat_show=int(show) if show is not None else None,
            chat_until=int(until) if until is not None else None,
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        raise _INVALID from None


def _network(address: str) -> str:
    """The address, or for IPv6 its /64: one household's devices, whose privacy addresses
    change every day, share it as they share one IPv4 address behind their router."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


def fingerprint(key: str, address: str, user_agent: str) -> str:
    """Who is writing, as far as the server can tell without an identity: a keyed hash of
    the network address and the browser's User-Agent. Neither is kept in clear, and without
    the server's key the hash cannot be matched back to an address."""
    material = f"browser:{_network(address)}\n{user_agent}".encode()
    return hmac.new(key.encode(), material, hashlib.sha256).hexdigest()


def address_key(key: str, address: str) -> str:
    """The network address alone (an IPv6 /64), hashed with the server's key: what orders
    keep to count a client address's purchases without storing the address itself."""
    return hmac.new(
        key.encode(), f"address:{_network(address)}".encode(), hashlib.sha256
    ).hexdigest()


def _signing_key(request: Request) -> str:
    return state_of(request.app).settings.signing_key()


def token_of(request: Request) -> str | None:
    return request.headers.get(VIEWER_HEADER)


def current_viewer(request: Request) -> Viewer:
    """The viewer behind the request's token; 401 without a valid one."""
    return read(_signing_key(request), token_of(request))


def browser_of(request: Request) -> str:
    """The request's `fingerprint` (address and browser, hashed with the server's key)."""
    user_agent = request.headers.get("user-agent", "")
    return fingerprint(_signing_key(request), client_ip(request), user_agent)


def address_of(request: Request) -> str:
    """The request's `address_key` (its client address, hashed with the server's key)."""
    return address_key(_signing_key(request), client_ip(request))


def viewer_or_new(request: Request, response: Response) -> Viewer:
    """The viewer behind the request's token, or a new identity (its token is returned in
    the X-Viewer-Token response header) when there is none or it no longer verifies."""
    key = _signing_key(request)
    try:
        return read(key, token_of(request))
    except NotAuthenticated:
        viewer, token = issue(key)
        response.headers[VIEWER_HEADER] = token
        return viewer


def viewer_if_any(request: Request) -> Viewer | None:
    """The viewer behind a valid token, or None (requests that work without an identity)."""
    try:
        return current_viewer(request)
    except NotAuthenticated:
        return None


CurrentViewer = Annotated[Viewer, Depends(current_viewer)]
AnyViewer = Annotated[Viewer, Depends(viewer_or_new)]
MaybeViewer = Annotated[Viewer | None, Depends(viewer_if_any)]
