"""The demo accounts' generated passwords, kept in DATA_DIR/demo-credentials.txt (mode 0600)
so that a later `crosslive demo` can print them again."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from crosslive.settings import Settings

FILE_NAME = "demo-credentials.txt"


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str  # empty when it is no longer known


def logins_path(settings: Settings) -> Path:
    return settings.data_dir / FILE_NAME


def write_logins(settings: Settings, store_slug: str, logins: list[DemoLogin]) -> Path:
    path = logins_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        f"# crosslive demo store {store_slug!r}: staff logins (role email password).",
        "# Generated when the store was seeded. Keep this file private.",
        *(f"{login.role} {login.email} {login.password}" for login in logins),
    ]
    # Created with owner-only permissions from the start; never world-readable, not even briefly.
    path.unlink(missing_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    return path


def read_logins(settings: Settings, store_slug: str) -> list[DemoLogin]:
    """The saved logins, or an empty list when the file is missing or for another store."""
    path = logins_path(settings)
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or f"store {store_slug!r}" not in lines[0]:
        return []
    logins = []
    for line in lines:
        fields = line.split()
        if len(fields) == 3 and not line.startswith("#"):
            logins.append(DemoLogin(*fields))
    return logins
