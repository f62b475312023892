"""Every setting and every CLI command is documented."""

from __future__ import annotations

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
