"""Uploaded product images: decoded with Pillow to prove they are images, size capped, their
metadata (where the photo was taken, the camera) removed before they are stored.
A deleted image's file goes once the deleting transaction commits (kept if it rolls back)."""

from __future__ import annotations

import io
import secrets
from pathlib import Path

from PIL import Image, UnidentifiedImageError
from sqlalchemy.orm import Session

from crosslive.catalog.photo_metadata import without_metadata
from crosslive.db import remove_after_commit
from crosslive.errors import InvalidInput
from crosslive.settings import Settings

_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
_MEDIA_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
MAX_PIXELS = 40_000_000


def store_image(settings: Settings, data: bytes) -> str:
    """Validate an uploaded image and store it; returns its URL path under /media/."""
    if len(data) > settings.image_max_bytes:
        limit_mb = settings.image_max_bytes / (1024 * 1024)
        raise InvalidInput(f"the image is larger than the {limit_mb:g} MB limit")
    try:
        with Image.open(io.BytesIO(data)) as image:
            fmt = image.format or ""
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise InvalidInput("the file is not a JPEG, PNG or WebP image") from None
    if fmt not in _FORMATS:
        raise InvalidInput("the file is not a JPEG, PNG or WebP image")
    if width * height > MAX_PIXELS:
        raise InvalidInput("the image has too many pixels")
    data = without_metadata(data, _MEDIA_TYPES[fmt])
    name = f"{secrets.token_hex(16)}.{_FORMATS[fmt]}"
    settings.media_dir.mkdir(parents=True, exist_ok=True)
    (settings.media_dir / name).write_bytes(data)
    return f"/media/{name}"


def image_file(settings: Settings, src: str) -> Path | None:
    """The stored file behind a /media/ URL, or None for external URLs."""
    if not src.startswith("/media/"):
        return None
    name = Path(src).name
    return settings.media_dir / name


def discard_after_commit(db: Session, settings: Settings, src: str) -> None:
    """Remove the stored file behind `src` when `db` commits (nothing for external URLs).
    An uploaded file has a random name and belongs to one image row: imports only take
    http(s) URLs, so no other row can point at it."""
    path = image_file(settings, src)
    if path is not None:
        remove_after_commit(db, path)
