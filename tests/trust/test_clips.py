"""A credential's video clip: checked by content, capped, transcoded to one web-safe MP4 with
a poster and WebVTT subtitles; served to viewers only while the credential may be shown."""

from __future__ import annotations

import json
import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from crosslive.errors import InvalidInput
from crosslive.settings import Settings
from crosslive.trust import clips
from crosslive.trust.models import Credential, CredentialClip
from tests.factories import page_login
from tests.trust.conftest import PDF, PNG

H = dict[str, str]
CREDENTIAL = {
    "type": "supply_chain",
    "claim": "Sewn in our own workshop in Porto",
    "issuer": "Bureau Veritas",
    "identifier": "BV-2026-0042",
    "all_products": True,
    "valid_from": "2026-01-01",
    "valid_until": "2030-12-31",
}
SRT = (
    b"1\r\n00:00:00,000 --> 00:00:01,200\r\nCutting <b>linen</b> & cotton\r\n\r\n"
    b"2\r\n00:00:01,200 --> 00:00:02,000\r\n<script>alert(1)</script>a --> b\r\n"
)


def make_video(path: Path, seconds: float, *, size: str = "320x240", codec: str = "libvpx") -> Path:
    """A test pattern (and a tone) from ffmpeg's lavfi sources."""
    args = ["ffmpeg", "-y", "-v", "error", "-f", "lavfi", "-i"]
    args += [f"testsrc=size={size}:rate=15:duration={seconds}", "-f", "lavfi", "-i"]
    args += [f"sine=frequency=440:duration={seconds}", "-c:v", codec, "-shortest", str(path)]
    subprocess.run(args, check=True, timeout=60)
    return path


@pytest.fixture(scope="module")
def webm(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return make_video(tmp_path_factory.mktemp("clip") / "factory.webm", 2).read_bytes()


def ffprobe(path: Path) -> dict[str, Any]:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_format", "-show_streams", "-of", "json", str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    info: dict[str, Any] = json.loads(out)
    return info


def _credential(client: TestClient, headers: H, **fields: Any) -> int:
    made = client.post("/api/v1/credentials", json={**CREDENTIAL, **fields}, headers=headers)
    assert made.status_code == 201, made.text
    evidence = {"file": ("report.pdf", PDF, "application/pdf")}
    uploaded = client.post(
        f"/api/v1/credentials/{made.json()['id']}/evidence", files=evidence, headers=headers
    )
    assert uploaded.status_code == 200, uploaded.text
    return int(made.json()["id"])


def _upload(client: TestClient, headers: H, cid: int, data: bytes, **extra: Any) -> Any:
    files: dict[str, Any] = {"file": (extra.pop("name", "factory.mp4"), data, "video/mp4")}
    if "srt" in extra:
        files["subtitles"] = ("factory.srt", extra.pop("srt"), "application/x-subrip")
    return client.post(f"/api/v1/credentials/{cid}/clip", files=files, data=extra, headers=headers)


def _stored(db: Session, settings: Settings) -> tuple[int, list[str]]:
    db.expire_all()
    rows = int(db.scalar(select(func.count()).select_from(CredentialClip)) or 0)
    folder = settings.clips_dir
    return rows, sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_clip_is_transcoded_to_h264_aac_faststart_with_poster_and_webvtt(
    app_client: TestClient, auth_headers: H, db: Session, settings: Settings, webm: bytes
) -> None:
    cid = _credential(app_client, auth_headers)
    answer = _upload(app_client, auth_headers, cid, webm, srt=SRT, subtitles_lang="en")
    assert answer.status_code == 200, answer.text
    clip = answer.json()["clip"]
    assert (clip["width"], clip["height"], clip["subtitles_lang"]) == (320, 240, "en")
    assert 1900 <= clip["duration_ms"] <= 2100
    row = db.scalar(select(CredentialClip).where(CredentialClip.credential_id == cid))
    assert row is not None
    video = settings.clips_dir / row.video_name
    info = ffprobe(video)
    streams = {s["codec_type"]: s for s in info["streams"]}
    assert info["format"]["format_name"].startswith("mov,mp4")
    assert (streams["video"]["codec_name"], streams["video"]["pix_fmt"]) == ("h264", "yuv420p")
    assert streams["video"]["profile"] == "High"
    assert (streams["audio"]["codec_name"], streams["audio"]["sample_rate"]) == ("aac", "48000")
    data = video.read_bytes()
    assert data.index(b"moov") < data.index(b"mdat")  # faststart: the index comes first
    assert ffprobe(settings.clips_dir / row.poster_name)["streams"][0]["codec_name"] == "mjpeg"
    assert (settings.clips_dir / str(row.subtitles_name)).read_text() == (
        "WEBVTT\n\n"
        "00:00:00.000 --> 00:00:01.200\nCutting linen &amp; cotton\n\n"
        "00:00:01.200 --> 00:00:02.000\nalert(1)a -- &gt; b\n"
    )


def test_big_clip_is_scaled_to_1280_on_its_long_side(
    db: Session, settings: Settings, tmp_path: Path
) -> None:
    found = clips.clip_media.probe(
        make_video(tmp_path / "4k.mp4", 0.2, size="1920x1080", codec="libx264")
    )
    assert clips.clip_media.output_size(found.width, found.height) == (1280, 720)
    assert clips.clip_media.output_size(1080, 1920) == (720, 1280)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("factory.mp4", PNG, "could not be read as a video"),
        ("factory.mp4", PDF, "could not be read as a video"),
        ("factory.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64, "could not be read"),
        ("factory.mp4", b"", "the clip is empty"),
    ],
)
def test_what_is_not_a_video_is_refused_and_nothing_is_stored(
    app_client: TestClient,
    auth_headers: H,
    db: Session,
    settings: Settings,
    name: str,
    data: bytes,
    message: str,
) -> None:
    cid = _credential(app_client, auth_headers)
    answer = _upload(app_client, auth_headers, cid, data, name=name)
    assert answer.status_code == 422, answer.text
    assert message in answer.text
    assert _stored(db, settings) == (0, [])


def test_bad_subtitles_are_refused_before_any_video_is_stored(
    app_client: TestClient, auth_headers: H, db: Session, settings: Settings, webm: bytes
) -> None:
    cid = _credential(app_client, auth_headers)
    answer = _upload(app_client, auth_headers, cid, webm, srt=b"1\nhello there\n")
    assert answer.status_code == 422, answer.text
    assert "not a valid SRT subtitle file" in answer.text
    assert _stored(db, settings) == (0, [])


def _db_credential(db: Session, seller_id: int) -> Credential:
    credential = Credential(seller_id=seller_id, type="supply_chain", claim="Our workshop")
    db.add(credential)
    db.flush()
    return credential


def test_too_long_and_too_big_clips_are_refused(
    db: Session, settings: Settings, owner: dict[str, str | int], webm: bytes
) -> None:
    credential = _db_credential(db, int(owner["seller_id"]))
    short = settings.model_copy(update={"clip_max_seconds": 1.5})
    with pytest.raises(InvalidInput, match=r"2\.0 s long; at most 1\.5 s"):
        clips.attach_clip(db, short, credential, original_name="a.webm", data=webm)
    small = settings.model_copy(update={"clip_max_bytes": len(webm) - 1})
    with pytest.raises(InvalidInput, match="larger than the"):
        clips.attach_clip(db, small, credential, original_name="a.webm", data=webm)
    assert _stored(db, settings) == (0, [])


def test_only_the_stores_owner_uploads_a_clip(
    app_client: TestClient,
    auth_headers: H,
    host_headers: H,
    other_headers: H,
    db: Session,
    settings: Settings,
    webm: bytes,
) -> None:
    cid = _credential(app_client, auth_headers)
    assert _upload(app_client, host_headers, cid, webm).status_code == 403
    assert _upload(app_client, other_headers, cid, webm).status_code == 404
    assert _upload(app_client, {}, cid, webm).status_code == 401
    assert _stored(db, settings) == (0, [])


def test_clip_is_served_only_while_its_credential_may_be_shown(
    app_client: TestClient, auth_headers: H, db: Session, settings: Settings, webm: bytes
) -> None:
    cid = _credential(app_client, auth_headers)
    assert _upload(app_client, auth_headers, cid, webm, srt=SRT).status_code == 200
    base = f"/api/v1/public/credentials/{cid}/clip"
    video = app_client.get(f"{base}/video")
    assert (video.status_code, video.headers["content-type"]) == (200, "video/mp4")
    assert video.content[4:8] == b"ftyp"
    assert app_client.get(f"{base}/subtitles").text.startswith("WEBVTT")
    assert app_client.get(f"{base}/poster").headers["content-type"] == "image/jpeg"
    assert app_client.get(f"{base}/other").status_code == 422
    # Expired yesterday: never served again.
    yesterday = date.today() - timedelta(days=1)
    db.execute(update(Credential).where(Credential.id == cid).values(valid_until=yesterday))
    db.commit()
    assert [app_client.get(f"{base}/{p}").status_code for p in clips.PARTS] == [404, 404, 404]


def test_withdrawn_credentials_clip_is_not_served(
    app_client: TestClient, auth_headers: H, webm: bytes
) -> None:
    cid = _credential(app_client, auth_headers)
    assert _upload(app_client, auth_headers, cid, webm).status_code == 200
    withdraw = {"outcome": "withdrawn", "method": "issuer_contact", "observed": "Revoked"}
    answer = app_client.post(
        f"/api/v1/credentials/{cid}/verifications", json=withdraw, headers=auth_headers
    )
    assert answer.status_code == 201, answer.text
    assert app_client.get(f"/api/v1/public/credentials/{cid}/clip/video").status_code == 404
    # Without subtitles there is no subtitles file to serve.
    assert app_client.get(f"/api/v1/public/credentials/{cid}/clip/subtitles").status_code == 404


def test_deleting_the_credential_deletes_its_clip_files(
    app_client: TestClient, auth_headers: H, db: Session, settings: Settings, webm: bytes
) -> None:
    cid = _credential(app_client, auth_headers)
    assert _upload(app_client, auth_headers, cid, webm, srt=SRT).status_code == 200
    assert len(_stored(db, settings)[1]) == 3
    assert app_client.delete(f"/api/v1/credentials/{cid}", headers=auth_headers).status_code == 204
    assert _stored(db, settings) == (0, [])


def test_admin_credential_page_uploads_a_clip_and_refuses_a_renamed_image(
    app_client: TestClient,
    db: Session,
    settings: Settings,
    owner: dict[str, str | int],
    webm: bytes,
) -> None:
    credential = _db_credential(db, int(owner["seller_id"]))
    db.commit()
    csrf = page_login(app_client, str(owner["email"]))
    url = f"/admin/credentials/{credential.id}/clip"
    refused = app_client.post(
        url,
        data={"csrf_token": csrf},
        files={"clip": ("lab.mp4", PNG, "video/mp4")},
    )
    assert refused.status_code == 422 and "could not be read as a video" in refused.text
    assert _stored(db, settings) == (0, [])
    # A seller reading the admin in Chinese gets the refusals in Chinese, values filled in.
    chinese = {"Accept-Language": "zh-Hans"}
    refused = app_client.post(
        url, data={"csrf_token": csrf}, files={"clip": ("lab.mp4", PNG)}, headers=chinese
    )
    assert refused.status_code == 422 and "此文件无法作为视频读取" in refused.text
    refused = app_client.post(
        url,
        data={"csrf_token": csrf},
        files={"clip": ("lab.webm", webm), "subtitles": ("lab.srt", b"hello", "text/plain")},
        headers=chinese,
    )
    assert refused.status_code == 422 and "不是有效的 SRT 字幕文件：" in refused.text
    assert "hello" in refused.text and _stored(db, settings) == (0, [])
    saved = app_client.post(
        url,
        data={"csrf_token": csrf, "subtitles_lang": "en"},
        files={
            "clip": ("lab.webm", webm, "video/webm"),
            "subtitles": ("lab.srt", SRT, "text/plain"),
        },
    )
    assert saved.status_code == 200 and saved.url.path == f"/admin/credentials/{credential.id}"
    assert "Now: lab.webm, 2.0 s, 320\u00d7240" in saved.text and "with subtitles" in saved.text
    assert len(_stored(db, settings)[1]) == 3
