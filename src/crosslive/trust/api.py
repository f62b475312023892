"""Credentials and their evidence: staff read, owners write, within the caller's store.
Viewers reach an evidence file only through the public route, and only while its
credential may be shown."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, File, Form, Response, UploadFile
from fastapi.responses import FileResponse

from crosslive.auth.deps import CurrentStaff
from crosslive.auth.models import Role
from crosslive.auth.service import require_role
from crosslive.deps import SessionDep, SettingsDep
from crosslive.ids import PathId, QueryId
from crosslive.trust import service, verification
from crosslive.trust.evidence import FILE_POLICY
from crosslive.trust.models import EvidenceFile
from crosslive.trust.schemas import (
    CredentialIn,
    CredentialOut,
    CredentialUpdate,
    VerificationIn,
    VerificationOut,
)

router = APIRouter(prefix="/credentials", tags=["trust"])
public_router = APIRouter(prefix="/public/credentials", tags=["trust"])


def read_upload(upload: UploadFile, max_bytes: int) -> bytes:
    """At most one byte over the limit: enough to refuse an oversized file without
    holding all of it in memory."""
    return upload.file.read(max_bytes + 1)


def evidence_response(record: EvidenceFile, path: object, *, disposition: str) -> FileResponse:
    """The file, sandboxed. A PDF is always downloaded: browsers' PDF viewers refuse to run
    in a sandboxed document, and a downloaded PDF opens outside this site."""
    if record.media_type == "application/pdf":
        disposition = "attachment"
    response = FileResponse(
        str(path),
        media_type=record.media_type,
        filename=record.original_name,
        content_disposition_type=disposition,
    )
    response.headers["Content-Security-Policy"] = FILE_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@router.get("", response_model=list[CredentialOut])
def list_credentials(db: SessionDep, user: CurrentStaff) -> list[CredentialOut]:
    today = service.today()
    return [service.credential_out(c, today) for c in service.list_credentials(db, user.seller_id)]


@router.get("/displayable", response_model=list[CredentialOut])
def displayable(
    market: str, db: SessionDep, user: CurrentStaff, product_id: QueryId = None
) -> list[CredentialOut]:
    """What a viewer in MARKET sees for a product, in the order the trust panel shows it."""
    today = service.today()
    found = service.displayable_credentials(db, user.seller_id, product_id, market, today)
    return [service.credential_out(c, today) for c in found]


@router.post("", response_model=CredentialOut, status_code=201)
def create_credential(body: CredentialIn, db: SessionDep, user: CurrentStaff) -> CredentialOut:
    require_role(user, Role.OWNER)
    credential = service.create_credential(db, user.seller_id, body)
    return service.credential_out(credential, service.today())


@router.get("/{credential_id}", response_model=CredentialOut)
def get_credential(credential_id: PathId, db: SessionDep, user: CurrentStaff) -> CredentialOut:
    credential = service.get_credential(db, user.seller_id, credential_id)
    return service.credential_out(credential, service.today())


@router.patch("/{credential_id}", response_model=CredentialOut)
def update_credential(
    credential_id: PathId, body: CredentialUpdate, db: SessionDep, user: CurrentStaff
) -> CredentialOut:
    require_role(user, Role.OWNER)
    credential = service.update_credential(db, user.seller_id, credential_id, body)
    return service.credential_out(credential, service.today())


@router.delete("/{credential_id}", status_code=204)
def delete_credential(
    credential_id: PathId, db: SessionDep, settings: SettingsDep, user: CurrentStaff
) -> Response:
    require_role(user, Role.OWNER)
    service.delete_credential(db, settings, user.seller_id, credential_id)
    return Response(status_code=204)


@router.post("/{credential_id}/evidence", response_model=CredentialOut)
def upload_evidence(
    credential_id: PathId,
    db: SessionDep,
    settings: SettingsDep,
    user: CurrentStaff,
    file: UploadFile = File(description="PDF, PNG, JPEG or WebP"),
) -> CredentialOut:
    require_role(user, Role.OWNER)
    credential = service.attach_evidence(
        db,
        settings,
        user.seller_id,
        credential_id,
        original_name=file.filename or "evidence",
        data=read_upload(file, settings.evidence_max_bytes),
    )
    return service.credential_out(credential, service.today())


@router.get("/{credential_id}/evidence", response_class=FileResponse)
def download_evidence(
    credential_id: PathId, db: SessionDep, settings: SettingsDep, user: CurrentStaff
) -> FileResponse:
    record, path = service.staff_evidence(db, settings, user.seller_id, credential_id)
    return evidence_response(record, path, disposition="attachment")


@router.post("/{credential_id}/clip", response_model=CredentialOut)
def upload_clip(
    credential_id: PathId,
    db: SessionDep,
    settings: SettingsDep,
    user: CurrentStaff,
    file: UploadFile = File(description="A video (MP4, MOV, WebM, MKV ...), at most 30 s"),
    subtitles: UploadFile | None = File(default=None, description="WebVTT or SRT, UTF-8"),
    subtitles_lang: str = Form(default="", description="The subtitles' language, e.g. en"),
) -> CredentialOut:
    """Store a short video as the credential's clip (checked by content, transcoded to
    H.264/AAC MP4). Owners only. Replaces the previous clip."""
    require_role(user, Role.OWNER)
    credential = service.attach_clip(
        db,
        settings,
        user.seller_id,
        credential_id,
        original_name=file.filename or "clip",
        data=read_upload(file, settings.clip_max_bytes),
        subtitle_data=read_upload(subtitles, 256 * 1024) if subtitles is not None else None,
        subtitle_lang=subtitles_lang,
    )
    return service.credential_out(credential, service.today())


@router.delete("/{credential_id}/clip", status_code=204)
def delete_clip(
    credential_id: PathId, db: SessionDep, settings: SettingsDep, user: CurrentStaff
) -> Response:
    require_role(user, Role.OWNER)
    service.remove_clip(db, settings, user.seller_id, credential_id)
    return Response(status_code=204)


@router.get("/{credential_id}/verifications", response_model=list[VerificationOut])
def list_verifications(
    credential_id: PathId, db: SessionDep, user: CurrentStaff
) -> list[VerificationOut]:
    rows = verification.list_verifications(db, user.seller_id, credential_id)
    return [VerificationOut.model_validate(r) for r in rows]


@router.post("/{credential_id}/verifications", response_model=VerificationOut, status_code=201)
def record_verification(
    credential_id: PathId,
    body: VerificationIn,
    db: SessionDep,
    user: CurrentStaff,
    response: Response,
) -> VerificationOut:
    """Record that staff checked the credential against its issuer, or withdraw it. Owners
    only. A retry with the same idempotency_key answers 200 with the first record."""
    row, created = verification.record_verification(db, user, credential_id, body)
    if not created:
        response.status_code = 200
    return VerificationOut.model_validate(row)


@public_router.get("/{credential_id}/evidence", response_class=FileResponse)
def public_evidence(credential_id: PathId, db: SessionDep, settings: SettingsDep) -> FileResponse:
    """The evidence behind a credential on show, opened from the viewer's trust panel."""
    record, path = service.public_evidence(db, settings, credential_id, service.today())
    response = evidence_response(record, path, disposition="inline")
    response.headers["Cache-Control"] = "no-cache"
    return response


@public_router.get("/{credential_id}/clip/{part}", response_class=FileResponse)
def public_clip(
    credential_id: PathId,
    part: Literal["video", "poster", "subtitles"],
    db: SessionDep,
    settings: SettingsDep,
) -> FileResponse:
    """A pushed credential's clip (video, poster, subtitles), only while viewers may see the
    credential: 404 once it expired or was withdrawn."""
    path, media_type = service.public_clip(db, settings, credential_id, part, service.today())
    response = FileResponse(str(path), media_type=media_type)
    response.headers["Content-Security-Policy"] = FILE_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-cache"
    return response
