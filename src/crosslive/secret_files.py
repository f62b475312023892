"""Files that hold secrets (the signing key, Janus's configuration, the DTLS private key):
readable by their owner only from the moment they exist.

Writing a file and tightening its mode afterwards leaves a moment in which any local user
can open it (and keep the open file after the chmod). Here every such file is made under a
temporary name with `os.open(..., O_CREAT | O_EXCL, 0o600)`, filled, and only then given
its real name, so its mode never was wider and nobody ever sees it half written.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

OWNER_ONLY = 0o600


def _private_copy(path: Path, text: str) -> Path:
    """TEXT in a new owner-only file next to PATH; returns the new file's name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, OWNER_ONLY)
    try:
        data = memoryview(text.encode("utf-8"))
        while data:
            data = data[os.write(fd, data) :]
        os.fsync(fd)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    finally:
        os.close(fd)
    return temp


def write_private(path: Path, text: str) -> None:
    """Write TEXT to PATH, owner-only, replacing what was there (an earlier file's looser
    mode does not carry over: the new file takes the old one's name)."""
    temp = _private_copy(path, text)
    try:
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def create_private(path: Path, text: str) -> str:
    """Make PATH owner-only with TEXT unless it exists; returns what PATH holds afterwards.
    Two processes racing here agree: the first one's file is kept, whole."""
    if path.exists():
        return path.read_text(encoding="utf-8")
    temp = _private_copy(path, text)
    try:
        with contextlib.suppress(FileExistsError):
            os.link(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    return path.read_text(encoding="utf-8")
