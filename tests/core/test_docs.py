"""Every setting and every CLI command is documented."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import typer.main

from crosslive.cli import app
from crosslive.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def _commands(group: typer.Typer, prefix: str = "") -> list[str]:
    click_group = typer.main.get_command(group)
    names: list[str] = []

    def walk(command: object, path: str) -> None:
        subcommands = getattr(command, "commands", None)
        if subcommands is None:
            names.append(path)
            return
        for name, sub in subcommands.items():
            walk(sub, f"{path} {name}".strip())

    walk(click_group, prefix)
    return names


def test_every_setting_is_documented() -> None:
    text = (ROOT / "docs" / "configuration.md").read_text()
    missing = [
        f"CROSSLIVE_{name.upper()}"
        for name in Settings.model_fields
        if f"`CROSSLIVE_{name.upper()}`" not in text
    ]
    assert missing == []


def test_every_cli_command_is_documented() -> None:
    text = (ROOT / "docs" / "cli.md").read_text()
    missing = [name for name in _commands(app) if f"`crosslive {name}" not in text]
    assert missing == []


NOT_DOMAINS = {"web", "demo", "migrations", "metrics", "settings"}


def _documented_domains() -> set[str]:
    text = (ROOT / "docs" / "architecture.md").read_text()
    table = text.split("## The domains", 1)[1].split("Above the domains", 1)[0]
    return set(re.findall(r"^\| `(\w+)` \|", table, flags=re.M))


def test_the_architecture_page_lists_the_domains_the_folders_and_contracts_have() -> None:
    folders = {
        path.name
        for path in (ROOT / "src" / "crosslive").iterdir()
        if (path / "__init__.py").is_file() and path.name not in NOT_DOMAINS
    }
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    [per_domain] = [c for c in contracts["contracts"] if "containers" in c]
    contained = {name.removeprefix("crosslive.") for name in per_domain["containers"]}
    [layered] = [
        c for c in contracts["contracts"] if c["type"] == "layers" and "containers" not in c
    ]
    domain_layer = next(layer for layer in layered["layers"] if "crosslive.shows" in layer)
    layered_domains = {name.strip().removeprefix("crosslive.") for name in domain_layer.split(":")}
    assert len(folders) >= 12
    assert _documented_domains() == folders == contained == layered_domains
