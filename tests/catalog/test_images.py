from __future__ import annotations

import io

import pytest
from PIL import Image

from crosslive.catalog.images import image_file, store_image
from crosslive.errors import InvalidInput
from crosslive.settings import Settings


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 40, 80)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_png_is_stored_under_media(settings: Settings) -> None:
    data = _png()
    src = store_image(settings, data)
    assert src.startswith("/media/") and src.endswith(".png")
    stored = image_file(settings, src)
    assert stored is not None and stored.read_bytes() == data


def test_non_image_is_refused(settings: Settings) -> None:
    with pytest.raises(InvalidInput, match="not a JPEG, PNG or WebP"):
        store_image(settings, b"%PDF-1.4 not an image")
    assert list(settings.media_dir.iterdir()) == []


def test_external_urls_have_no_local_file(settings: Settings) -> None:
    assert image_file(settings, "https://cdn.example/x.png") is None
