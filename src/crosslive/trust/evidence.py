"""Evidence files: the type is read from the content, the size is capped, photo metadata is
removed, SHA-256 recorded (of the file as stored)."""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path

import filetype
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crosslive.catalog import service as catalog_service
from crosslive.db import remove_after_commit
from crosslive.errors import InvalidInput
from crosslive.settings import Settings
from crosslive.trust.models import Credential, EvidenceFile

# What an evidence file may do when a browser opens it as a document of its own: nothing
# (no script, no plugin, no request; the inline style is how browsers lay out an image).
FILE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
ACCEPTED = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/webp": "webp",
}


def readable_size(size: int) -> str:
    """2048 -> '2 KB'; 10485760 -> '10 MB'."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.3g} MB"
    return f"{size / 1024:.3g} KB"


def sniff(data: bytes) -> str:
    """The media type the bytes really are, or InvalidInput if not a PDF or image we accept."""
    if not data:
        raise InvalidInput("the evidence file is empty")
    kind = filetype.guess(data)
    if kind is None or kind.mime not in ACCEPTED:
        found = kind.mime if kind else "an unknown type"
        raise InvalidInput(f"evidence must be a PDF, PNG, JPEG or WebP file; this is {found}")
    return str(kind.mime)


def store_evidence(
    db: Session, settings: Settings, *, seller_id: int, original_name: str, data: bytes
) -> EvidenceFile:
    """Validate and store one evidence file; nothing is written when it is refused."""
    if len(data) > settings.evidence_max_bytes:
        limit = readable_size(settings.evidence_max_bytes)
        raise InvalidInput(f"the evidence file is larger than the {limit} limit")
    media_type = sniff(data)
    # A photo of a certificate must not tell viewers where it was taken.
    data = catalog_service.without_photo_metadata(data, media_type)
    storage_name = f"{secrets.token_hex(16)}.{ACCEPTED[media_type]}"
    settings.evidence_dir.mkdir(parents=True, exist_ok=True)
    path = settings.evidence_dir / storage_name
    path.write_bytes(data)
    record = EvidenceFile(
        seller_id=seller_id,
        original_name=Path(original_name).name[:255] or "evidence",
        media_type=media_type,
        size_bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        storage_name=storage_name,
    )
    db.add(record)
    try:
        db.flush()
    except Exception:
        path.unlink(missing_ok=True)
        raise
    return record


def evidence_path(settings: Settings, record: EvidenceFile) -> Path:
    return settings.evidence_dir / record.storage_name


def discard_evidence(db: Session, settings: Settings, record: EvidenceFile) -> None:
    """Delete RECORD if no credential uses it any more, and its file once DB commits (the
    file stays if the transaction rolls back). Call after the credentials' changes are
    flushed."""
    in_use = db.scalar(
        select(func.count()).select_from(Credential).where(Credential.evidence_id == record.id)
    )
    if in_use:
        return
    db.delete(record)
    remove_after_commit(db, evidence_path(settings, record))
