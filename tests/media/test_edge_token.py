"""The pass an edge viewer signals to their edge's viewer API with: signed by the origin,
bound to the show, viewer, edge and an expiry; forged, altered, expired or other-edge passes
are refused; and the settings that hand them out are checked at start-up."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from crosslive.errors import NotAuthenticated
from crosslive.media import edge_token
from crosslive.settings import Settings
from crosslive.settings.media_nodes import parse_edge_apis, parse_nodes

SECRET = "s" * 40
NOW = 1_000_000.0


def a_pass(**changes: Any) -> str:
    fields: dict[str, Any] = {
        "show": 7,
        "viewer": "v1",
        "edge": "eu",
        "session": 11,
        "handle": 22,
        "ttl_s": 60.0,
        "now": NOW,
    }
    return edge_token.issue(SECRET, **(fields | changes))


def test_a_valid_pass_names_the_viewers_handle_on_that_edge() -> None:
    grant = edge_token.verify(SECRET, a_pass(), edge="eu", viewer="v1", now=NOW + 59)
    assert (grant.show, grant.viewer, grant.edge, grant.session, grant.handle) == (
        7,
        "v1",
        "eu",
        11,
        22,
    )


@pytest.mark.parametrize(
    ("token", "edge", "viewer", "at"),
    [
        (a_pass(), "eu", "v1", NOW + 60),  # expired
        (a_pass(), "us", "v1", NOW),  # for another edge
        (a_pass(), "eu", "v2", NOW),  # another viewer's
        (
            edge_token.issue("x" * 40, show=7, viewer="v1", edge="eu", session=1, handle=2),
            "eu",
            "v1",
            NOW,
        ),
        ("", "eu", "v1", NOW),
        ("garbage", "eu", "v1", NOW),
        ("a.b", "eu", "v1", NOW),
    ],
)
def test_forged_expired_and_misdirected_passes_are_refused(
    token: str, edge: str, viewer: str, at: float
) -> None:
    with pytest.raises(NotAuthenticated):
        edge_token.verify(SECRET, token, edge=edge, viewer=viewer, now=at)


def test_an_altered_pass_is_refused() -> None:
    payload, _, mac = a_pass().partition(".")
    fields = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    fields["handle"] = 999  # someone else's subscription
    forged = base64.urlsafe_b64encode(json.dumps(fields).encode()).rstrip(b"=").decode()
    with pytest.raises(NotAuthenticated):
        edge_token.verify(SECRET, f"{forged}.{mac}", edge="eu", viewer="v1", now=NOW)
    with pytest.raises(NotAuthenticated):  # no secret configured: nothing is valid
        edge_token.verify("", a_pass(), edge="eu", viewer="v1", now=NOW)


def test_edge_api_settings_are_checked_at_start_up(tmp_path: Path) -> None:
    nodes = parse_nodes("origin; eu<origin; us<origin")
    assert parse_edge_apis(
        "eu=http://10.98.1.2:8090/, us=https://us.example/edge", nodes, SECRET
    ) == {
        "eu": "http://10.98.1.2:8090",
        "us": "https://us.example/edge",
    }
    for text, secret, message in [
        ("eu=http://10.98.1.2:8090", "", "without a shared secret"),
        ("eu=http://10.98.1.2:8090", "short", "too short"),
        ("origin=http://10.98.1.2:8090", SECRET, "not an edge"),
        ("mars=http://10.98.1.2:8090", SECRET, "not an edge"),
        ("eu=ftp://x", SECRET, "is not a URL"),
        ("eu", SECRET, "is not EDGE=URL"),
    ]:
        with pytest.raises(ValueError, match=message):
            parse_edge_apis(text, nodes, secret)
    base: dict[str, Any] = {"data_dir": tmp_path, "media_nodes": "origin; eu<origin"}
    with pytest.raises(ValidationError, match="CROSSLIVE_MEDIA_EDGE_API_SECRET"):
        Settings(**base, media_edge_apis="eu=http://10.98.1.2:8090")
    good = Settings(
        **base, media_edge_apis="eu=http://10.98.1.2:8090", media_edge_api_secret=SECRET
    )
    assert good.media_edge_api_map == {"eu": "http://10.98.1.2:8090"}
