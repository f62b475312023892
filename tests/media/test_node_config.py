"""The media nodes' configuration: one origin, edges fed down a tree, regions that name
nodes; anything else stops the app at start-up with a message that says what to change."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from crosslive.settings import Settings
from crosslive.settings.media_nodes import NodeSpec, parse_nodes, parse_regions


def test_no_nodes_is_one_janus_as_before() -> None:
    assert parse_nodes("") == []
    assert parse_nodes(" ; ") == []


def test_an_origin_with_local_and_remote_edges() -> None:
    nodes = parse_nodes("origin; eu<origin; us < origin @ http://10.8.0.3:8088/janus; ap<origin")
    assert nodes == [
        NodeSpec("origin"),
        NodeSpec("eu", "origin"),
        NodeSpec("us", "origin", "http://10.8.0.3:8088/janus"),
        NodeSpec("ap", "origin"),
    ]
    assert nodes[0].is_origin and not nodes[1].is_origin
    assert nodes[2].remote_host == "10.8.0.3" and nodes[1].remote_host == ""


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("origin; eu<us; us<eu", "forwarding loop eu -> us -> eu"),
        ("origin; eu<eu", "forwarding loop eu -> eu"),
        ("origin; eu<origin; ap<us; us<ap", "forwarding loop ap -> us -> ap"),
        ("origin; backup; eu<origin", "a second origin (origin, backup"),
        ("origin; eu<moon", "fed from 'moon', which is not configured"),
        ("origin; eu<origin; ap<eu", "feed it from the origin (ap<origin)"),
        ("origin; eu<origin; eu<origin", "'eu' is configured twice"),
        ("origin@http://10.0.0.1:8088/janus", "only an edge may have a URL"),
        ("origin; eu<origin@ftp://x", "is not a Janus API URL"),
        ("origin; EU!<origin", "a name is 1-32 lower-case letters"),
    ],
)
def test_bad_node_configurations_are_refused_with_a_clear_message(
    config: str, message: str
) -> None:
    with pytest.raises(ValueError) as refused:
        parse_nodes(config)
    assert message in str(refused.value)


def test_regions_must_name_a_configured_node() -> None:
    nodes = parse_nodes("origin; eu<origin; us<origin")
    assert parse_regions("de=eu, FR = eu, US=us, jp-market=origin", nodes) == {
        "DE": "eu",
        "FR": "eu",
        "US": "us",
        "JP-MARKET": "origin",
    }
    with pytest.raises(ValueError, match="'ap', which is not a configured media node"):
        parse_regions("JP=ap", nodes)
    with pytest.raises(ValueError, match="is not COUNTRY_OR_MARKET=REGION"):
        parse_regions("JP", nodes)


def test_the_app_does_not_start_with_a_loop_or_a_second_origin(tmp_path: Path) -> None:
    base: dict[str, Any] = {"data_dir": tmp_path, "secret_key": "test-secret"}
    for config, message in [
        ("origin; eu<us; us<eu", "forwarding loop"),
        ("origin; other", "a second origin"),
    ]:
        with pytest.raises(ValidationError) as refused:
            Settings(**{**base, "media_nodes": config})
        assert message in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        Settings(**{**base, "media_nodes": "origin; eu<origin", "media_regions": "DE=us"})
    assert "not a configured media node" in str(refused.value)
    good = Settings(**{**base, "media_nodes": "origin; eu<origin", "media_regions": "DE=eu"})
    assert good.media_region_map == {"DE": "eu"}
