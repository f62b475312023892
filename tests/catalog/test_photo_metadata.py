"""Uploaded photos lose their metadata (location, camera, comments, XMP, appended pictures)
before they are stored; the picture, its colour profile and its orientation stay exactly."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from PIL import Image, ImageCms
from PIL.PngImagePlugin import PngInfo

from crosslive.catalog.photo_metadata import without_metadata
from crosslive.errors import InvalidInput
from crosslive.settings import Settings
from tests.chat.factories import Room

GPS_IFD = 0x8825
ORIENTATION = 0x0112
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _picture() -> Image.Image:
    image = Image.new("RGB", (64, 48), (10, 120, 200))
    for x in range(64):
        image.putpixel((x, x % 48), (x * 4, 255 - x, 0))
    return image


def _exif(orientation: int = 6) -> Image.Exif:
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "Acme Phones"  # make
    exif[0xA431] = "SN-0042-7731"  # the camera body's serial number
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2] = "N", (51.0, 30.0, 26.0)
    gps[3], gps[4] = "W", (0.0, 7.0, 39.0)
    return exif


def _saved(image: Image.Image, fmt: str, **options: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def _read(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def _assert_only_the_picture_is_left(original: bytes, stored: bytes, orientation: int) -> None:
    before, after = _read(original), _read(stored)
    assert after.tobytes() == before.tobytes()  # not one pixel changed
    assert dict(after.getexif()) == ({ORIENTATION: orientation} if orientation != 1 else {})
    assert after.getexif().get_ifd(GPS_IFD) == {}
    assert after.info.get("icc_profile") == SRGB
    for kept_out in ("comment", "xmp", "GPSLatitude", "Comment"):
        assert kept_out not in after.info
    for secret in (b"Acme Phones", b"SN-0042-7731", b"shot at home", b"xmpmeta"):
        assert secret not in stored


def _upload(client: TestClient, headers: dict[str, str], room: Room, data: bytes) -> Any:
    response = client.post(
        f"/api/v1/products/{room.product_id}/images",
        files={"file": ("photo", data, "application/octet-stream")},
        data={"lighting": "natural"},
        headers=headers,
    )
    assert response.status_code == 201, response.text
    return response.json()


def _stored(settings: Settings, src: str) -> bytes:
    return (settings.media_dir / Path(src).name).read_bytes()


def test_an_uploaded_jpeg_keeps_its_picture_and_orientation_only(
    app_client: TestClient, auth_headers: dict[str, str], room: Room, settings: Settings
) -> None:
    original = _saved(
        _picture(),
        "JPEG",
        exif=_exif(),
        icc_profile=SRGB,
        comment=b"shot at home",
        xmp=b"<x:xmpmeta>GPS 51.5074</x:xmpmeta>",
        progressive=True,
    )
    # Phones append more pictures after the first (depth, gain maps), each with its own EXIF.
    appended = _saved(_picture(), "JPEG", exif=_exif())
    image = _upload(app_client, auth_headers, room, original + appended)
    stored = _stored(settings, image["src"])
    _assert_only_the_picture_is_left(original, stored, orientation=6)
    assert stored.endswith(b"\xff\xd9") and stored.count(b"\xff\xd8") == 1


def test_an_uploaded_png_loses_its_text_and_exif(
    app_client: TestClient, auth_headers: dict[str, str], room: Room, settings: Settings
) -> None:
    text = PngInfo()
    text.add_text("Comment", "shot at home")
    text.add_itxt("GPSLatitude", "51.5074")
    original = _saved(_picture(), "PNG", exif=_exif(1), icc_profile=SRGB, pnginfo=text)
    image = _upload(app_client, auth_headers, room, original)
    _assert_only_the_picture_is_left(original, _stored(settings, image["src"]), orientation=1)


def test_an_uploaded_webp_loses_its_exif_and_xmp(
    app_client: TestClient, auth_headers: dict[str, str], room: Room, settings: Settings
) -> None:
    original = _saved(
        _picture(),
        "WEBP",
        quality=80,
        exif=_exif(3),
        icc_profile=SRGB,
        xmp=b"<x:xmpmeta>GPS 51.5074</x:xmpmeta>",
    )
    image = _upload(app_client, auth_headers, room, original)
    _assert_only_the_picture_is_left(original, _stored(settings, image["src"]), orientation=3)


def test_a_photo_without_metadata_is_stored_byte_for_byte(
    app_client: TestClient, auth_headers: dict[str, str], room: Room, settings: Settings
) -> None:
    original = _saved(_picture(), "JPEG", quality=90)
    image = _upload(app_client, auth_headers, room, original)
    assert _stored(settings, image["src"]) == original


def test_a_photo_of_evidence_loses_its_location_too(
    app_client: TestClient, auth_headers: dict[str, str], room: Room, settings: Settings
) -> None:
    original = _saved(_picture(), "JPEG", exif=_exif(1), icc_profile=SRGB)
    response = app_client.post(
        f"/api/v1/credentials/{room.credentials['oeko']}/evidence",
        files={"file": ("certificate.jpg", original, "image/jpeg")},
        headers=auth_headers,
    )
    assert response.status_code == 200, response.text
    evidence = response.json()["evidence"]
    [stored] = [p.read_bytes() for p in settings.evidence_dir.glob("*.jpg")]
    _assert_only_the_picture_is_left(original, stored, orientation=1)
    assert evidence["sha256"] == hashlib.sha256(stored).hexdigest()
    assert evidence["size_bytes"] == len(stored)


@pytest.mark.parametrize("media_type", ["image/jpeg", "image/png", "image/webp"])
def test_a_photo_cut_short_is_refused(media_type: str) -> None:
    fmt = media_type.split("/")[1].upper()
    whole = _saved(_picture(), fmt, exif=_exif())
    with pytest.raises(InvalidInput, match="the file is not a JPEG, PNG or WebP image"):
        without_metadata(whole[: len(whole) // 2], media_type)
