"""A credential's video clip: upload (size and length capped, checked by content, transcoded),
subtitles, and the files a viewer may fetch while the credential may be shown.

Transcoding runs synchronously in the upload request (the route is a plain `def`, so it runs
in the server's thread pool, not on the event loop): a clip is capped at 30 s, which
converts in seconds, and the seller learns in the same answer whether it was refused, with
nothing stored. The replays' long recordings go through a background worker instead."""

from __future__ import annotations

import hashlib
import re
import secrets
import tempfile
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from crosslive.db import remove_after_commit
from crosslive.errors import InvalidInput, NotFound
from crosslive.i18n import A_
from crosslive.settings import Settings
from crosslive.trust import clip_media, subtitles
from crosslive.trust.claims import claim_problems
from crosslive.trust.evidence import readable_size
from crosslive.trust.models import Credential, CredentialClip

CLIP_PATH = "/api/v1/public/credentials/{id}/clip/{part}"
PARTS = {"video": "video/mp4", "poster": "image/jpeg", "subtitles": "text/vtt; charset=utf-8"}
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


def _paths(settings: Settings, clip: CredentialClip) -> list[Path]:
    names = [clip.video_name, clip.poster_name, clip.subtitles_name]
    return [settings.clips_dir / n for n in names if n]


def _discard(db: Session, settings: Settings, clip: CredentialClip) -> None:
    """Delete CLIP's row now and its files once the transaction commits."""
    for path in _paths(settings, clip):
        remove_after_commit(db, path)
    db.delete(clip)
    db.flush()


def _subtitles(data: bytes | None, lang: str) -> tuple[str | None, str]:
    """The subtitles as WebVTT and their language, checked before anything is written."""
    if data is None:
        return None, ""
    lang = lang.strip()
    if lang and not _LANG.match(lang):
        raise InvalidInput(
            A_("the subtitles' language must be a language tag such as en or zh-Hans")
        )
    return subtitles.to_webvtt(subtitles.parse(data)), lang or "en"


def attach_clip(
    db: Session,
    settings: Settings,
    credential: Credential,
    *,
    original_name: str,
    data: bytes,
    subtitle_data: bytes | None = None,
    subtitle_lang: str = "",
) -> CredentialClip:
    """Check, transcode and store a clip (with optional subtitles) as CREDENTIAL's clip,
    replacing its previous one. Refused (InvalidInput): over the size or length cap, not a
    video by its content, subtitles not WebVTT/SRT; then nothing is stored or changed."""
    if not data:
        raise InvalidInput(A_("the clip is empty"))
    if len(data) > settings.clip_max_bytes:
        raise InvalidInput(
            A_("the clip is larger than the {limit} limit"),
            limit=readable_size(settings.clip_max_bytes),
        )
    vtt, lang = _subtitles(subtitle_data, subtitle_lang)
    token = secrets.token_hex(16)
    video_name, poster_name = f"{token}.mp4", f"{token}.jpg"
    subtitles_name = f"{token}.vtt" if vtt is not None else None
    settings.clips_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=settings.clips_dir) as work:
        source = Path(work) / "source.bin"
        source.write_bytes(data)
        found = clip_media.probe(source)
        if found.duration_s > settings.clip_max_seconds:
            raise InvalidInput(
                A_("the clip is {length} s long; at most {limit} s is accepted"),
                length=f"{found.duration_s:.1f}",
                limit=f"{settings.clip_max_seconds:g}",
            )
        video, poster = Path(work) / video_name, Path(work) / poster_name
        clip_media.transcode(source, found, video, poster)
        out = clip_media.probe(video)
        written = [video.replace(settings.clips_dir / video_name)]
        written.append(poster.replace(settings.clips_dir / poster_name))
    if subtitles_name is not None and vtt is not None:
        (settings.clips_dir / subtitles_name).write_text(vtt, encoding="utf-8")
        written.append(settings.clips_dir / subtitles_name)
    stored = settings.clips_dir / video_name
    clip = CredentialClip(
        credential_id=credential.id,
        original_name=Path(original_name).name[:255] or "clip",
        source_bytes=len(data),
        size_bytes=stored.stat().st_size,
        sha256=hashlib.sha256(stored.read_bytes()).hexdigest(),
        duration_ms=round(out.duration_s * 1000),
        width=out.width,
        height=out.height,
        video_name=video_name,
        poster_name=poster_name,
        subtitles_name=subtitles_name,
        subtitles_lang=lang,
    )
    try:
        if credential.clip is not None:
            _discard(db, settings, credential.clip)
        credential.clip = clip
        db.flush()
    except Exception:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return clip


def remove_clip(db: Session, settings: Settings, credential: Credential) -> None:
    if credential.clip is None:
        raise NotFound(f"credential {credential.id} has no clip")
    _discard(db, settings, credential.clip)
    credential.clip = None
    db.flush()


def _hidden(credential: Credential, today: date) -> bool:
    """As service.display_problems: expired, withdrawn, incomplete or a refused claim."""
    return bool(
        credential.missing_for_display(today)
        or claim_problems(
            credential.type, credential.claim, credential.issuer, credential.identifier
        )
    )


def clip_urls(credential: Credential) -> dict[str, str | int]:
    """Where a viewer's page fetches the clip's parts (served while the credential may be
    shown); empty without a clip."""
    clip = credential.clip
    if clip is None:
        return {}
    urls: dict[str, str | int] = {
        part: CLIP_PATH.format(id=credential.id, part=part) for part in ("video", "poster")
    }
    urls["duration_ms"] = clip.duration_ms
    if clip.subtitles_name:
        urls["subtitles"] = CLIP_PATH.format(id=credential.id, part="subtitles")
        urls["subtitles_lang"] = clip.subtitles_lang
    return urls


def public_clip_file(
    db: Session, settings: Settings, credential_id: int, part: str, today: date
) -> tuple[Path, str]:
    """The path and media type of a clip part of a credential viewers may see today: never
    one expired, withdrawn, not yet valid or incomplete (NotFound, as if none existed)."""
    credential = db.scalar(
        select(Credential)
        .where(Credential.id == credential_id)
        .options(selectinload(Credential.products), selectinload(Credential.clip))
    )
    clip = credential.clip if credential is not None else None
    name = {
        "video": clip.video_name if clip else None,
        "poster": clip.poster_name if clip else None,
        "subtitles": clip.subtitles_name if clip else None,
    }.get(part)
    if credential is None or name is None or _hidden(credential, today):
        raise NotFound("no such clip")
    return settings.clips_dir / name, PARTS[part]
