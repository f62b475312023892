"""Seller admin: credentials with their evidence files. Staff read; owners write."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData, UploadFile

from crosslive.auth.models import Role, StaffUser
from crosslive.auth.service import require_role
from crosslive.catalog import service as catalog_service
from crosslive.deps import SessionDep, SettingsDep
from crosslive.errors import DomainError, InvalidInput
from crosslive.i18n import A_
from crosslive.markets import service as markets_service
from crosslive.settings import Settings
from crosslive.state import state_of
from crosslive.trust import service, verification
from crosslive.trust.models import Credential, CredentialType
from crosslive.trust.registries import registry_check
from crosslive.trust.schemas import CredentialIn, CredentialUpdate, VerificationIn
from crosslive.web.admin_language import seller_error, seller_text
from crosslive.web.pages import CheckedForm, PageUser, form_str, render

router = APIRouter(prefix="/admin/credentials", include_in_schema=False)

TYPE_LABELS = {
    CredentialType.BRAND_ENDORSEMENT: A_("Brand endorsement"),
    CredentialType.CERTIFICATION: A_("Certification"),
    CredentialType.SALES_PROOF: A_("Sales proof"),
    CredentialType.REVIEWS: A_("Reviews"),
    CredentialType.SUPPLY_CHAIN: A_("Supply-chain transparency"),
    CredentialType.AFTER_SALES: A_("After-sales guarantee"),
}
_MISSING = {"issuer", "identifier", "scope", "valid from", "valid until", "evidence"}
_STATES = {"expired", "not yet valid", "withdrawn"}
# How the verification history names its outcomes and methods.
VERIFICATION_WORDS = {
    "verified": A_("Verified"),
    "withdrawn": A_("Withdrawn"),
    "registry": A_("Public registry"),
    "evidence": A_("Evidence file"),
    "issuer_contact": A_("Contacted the issuer"),
}
_TEXT_FIELDS = (
    "type",
    "claim",
    "issuer",
    "identifier",
    "registry_url",
    "valid_from",
    "valid_until",
)


def badge(problems: list[str]) -> dict[str, str]:
    """The list badge: 'shown', or what is missing / expired / not allowed."""
    if not problems:
        return {"css": "ok", "text": A_("shown")}
    missing = [p for p in problems if p in _MISSING]
    parts = [p for p in problems if p in _STATES]
    if missing:
        parts.append("missing " + ", ".join(missing))
    if any(p not in _MISSING and p not in _STATES for p in problems):
        parts.append("claim not allowed")
    bad = any(p not in _MISSING for p in problems)
    return {"css": "bad" if bad else "warn", "text": "; ".join(parts)}


def _date(form: FormData, name: str, label: str) -> date | None:
    text = form_str(form, name)
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(A_("{label} must be a date like 2026-12-31"), label=label) from None


def _ints(form: FormData, name: str) -> list[int]:
    values = [v for v in form.getlist(name) if isinstance(v, str) and v.strip()]
    try:
        return [int(v) for v in values]
    except ValueError:
        raise InvalidInput(f"{name} must be numbers") from None


def parse_form(form: FormData) -> dict[str, Any]:
    """The typed form as credential fields; InvalidInput with a clear message if unusable."""
    type_text = form_str(form, "type")
    if type_text not in {t.value for t in CredentialType}:
        raise InvalidInput(A_("choose what kind of credential this is"))
    claim = form_str(form, "claim")
    if not claim:
        raise InvalidInput(A_("write the claim viewers will read"))
    return {
        "type": CredentialType(type_text),
        "claim": claim[:500],
        "issuer": form_str(form, "issuer")[:255],
        "identifier": form_str(form, "identifier")[:255],
        "registry_url": form_str(form, "registry_url")[:2048],
        "market_codes": [v for v in form.getlist("markets") if isinstance(v, str)],
        "all_products": form_str(form, "all_products") == "on",
        "product_ids": _ints(form, "products"),
        "valid_from": _date(form, "valid_from", A_("valid from")),
        "valid_until": _date(form, "valid_until", A_("valid until")),
    }


def read_evidence(form: FormData, settings: Settings) -> tuple[str, bytes] | None:
    """The chosen evidence file (at most one byte over the limit is read), or None."""
    upload = form.get("evidence")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None
    return upload.filename, upload.file.read(settings.evidence_max_bytes + 1)


def _typed_values(form: FormData) -> dict[str, Any]:
    """What the person typed, to put back into the form after a refusal."""
    values: dict[str, Any] = {name: form_str(form, name) for name in _TEXT_FIELDS}
    values["markets"] = [v for v in form.getlist("markets") if isinstance(v, str)]
    values["products"] = [v for v in form.getlist("products") if isinstance(v, str)]
    values["all_products"] = form_str(form, "all_products") == "on"
    return values


def _stored_values(credential: Credential) -> dict[str, Any]:
    return {
        "type": credential.type.value,
        "claim": credential.claim,
        "issuer": credential.issuer,
        "identifier": credential.identifier,
        "registry_url": credential.registry_url,
        "valid_from": credential.valid_from.isoformat() if credential.valid_from else "",
        "valid_until": credential.valid_until.isoformat() if credential.valid_until else "",
        "markets": list(credential.market_codes),
        "products": [str(p.id) for p in credential.products],
        "all_products": credential.all_products,
    }


def _form_page(
    request: Request,
    db: SessionDep,
    user: StaffUser,
    values: dict[str, Any],
    credential: Credential | None = None,
    error: str | None = None,
) -> HTMLResponse:
    market_codes = [m.code for m in markets_service.list_markets(db, user.seller_id)]
    context = {
        "section": "credentials",
        "values": values,
        "credential": credential,
        "types": TYPE_LABELS,
        "market_codes": list(dict.fromkeys(market_codes + values.get("markets", []))),
        "products": catalog_service.product_choices(db, user.seller_id),
        "max_mb": f"{state_of(request.app).settings.evidence_max_bytes / (1024 * 1024):.3g}",
        "clip_max_mb": f"{state_of(request.app).settings.clip_max_bytes / (1024 * 1024):.3g}",
        "clip_max_s": f"{state_of(request.app).settings.clip_max_seconds:g}",
        "error": error,
        "verifications": list(credential.verifications) if credential else [],
        "check": registry_check(credential.type, credential.issuer, credential.identifier)
        if credential
        else None,
        "can_verify": user.role == Role.OWNER,
        "verification_words": VERIFICATION_WORDS,
        "verify_key": secrets.token_urlsafe(16),
    }
    status = 422 if error else 200
    return render(request, "admin/credentials/form.html", context, user=user, status_code=status)


@router.get("", response_class=HTMLResponse)
def list_page(request: Request, db: SessionDep, user: PageUser, saved: str = "") -> HTMLResponse:
    today = service.today()
    rows = [
        {
            "credential": c,
            "badge": badge(service.display_problems(c, today)),
            "recheck_due": verification.recheck_due(c, today),
        }
        for c in service.list_credentials(db, user.seller_id)
    ]
    notice = {
        "created": A_("Credential added."),
        "updated": A_("Credential saved."),
        "settings": A_("Setting saved."),
    }.get(saved)
    context = {
        "section": "credentials",
        "unverified": service.unverified_setting(db, user.seller_id),
        "rows": rows,
        "types": TYPE_LABELS,
        "can_edit": user.role == Role.OWNER,
        "notice": notice,
    }
    return render(request, "admin/credentials/list.html", context, user=user)


@router.post("/settings")
def settings_submit(db: SessionDep, user: PageUser, form: CheckedForm) -> Response:
    """Whether viewers see credentials no owner verified (marked as the seller's) or not."""
    require_role(user, Role.OWNER)
    service.set_unverified_setting(db, user.seller_id, form_str(form, "unverified_credentials"))
    return RedirectResponse("/admin/credentials?saved=settings", status_code=303)


@router.get("/new", response_class=HTMLResponse)
def new_page(request: Request, db: SessionDep, user: PageUser) -> HTMLResponse:
    require_role(user, Role.OWNER)
    values = {"type": "certification", "markets": [], "products": [], "all_products": True}
    return _form_page(request, db, user, values)


@router.post("/new")
def create_submit(
    request: Request, db: SessionDep, settings: SettingsDep, user: PageUser, form: CheckedForm
) -> Response:
    require_role(user, Role.OWNER)
    try:
        data = CredentialIn(**parse_form(form))
        upload = read_evidence(form, settings)
        credential = service.create_credential(db, user.seller_id, data)
        if upload is not None:
            service.attach_evidence(
                db, settings, user.seller_id, credential.id, original_name=upload[0], data=upload[1]
            )
    except DomainError as exc:
        db.rollback()
        return _form_page(request, db, user, _typed_values(form), error=seller_error(request, exc))
    return RedirectResponse("/admin/credentials?saved=created", status_code=303)


@router.get("/{credential_id}", response_class=HTMLResponse)
def edit_page(request: Request, credential_id: int, db: SessionDep, user: PageUser) -> Response:
    credential = service.get_credential(db, user.seller_id, credential_id)
    return _form_page(request, db, user, _stored_values(credential), credential)


@router.post("/{credential_id}")
def update_submit(
    request: Request,
    credential_id: int,
    db: SessionDep,
    settings: SettingsDep,
    user: PageUser,
    form: CheckedForm,
) -> Response:
    require_role(user, Role.OWNER)
    credential = service.get_credential(db, user.seller_id, credential_id)
    try:
        update = CredentialUpdate(**parse_form(form))
        upload = read_evidence(form, settings)
        service.update_credential(db, user.seller_id, credential_id, update)
        if upload is not None:
            service.attach_evidence(
                db, settings, user.seller_id, credential_id, original_name=upload[0], data=upload[1]
            )
    except DomainError as exc:
        db.rollback()
        credential = service.get_credential(db, user.seller_id, credential_id)
        return _form_page(
            request, db, user, _typed_values(form), credential, seller_error(request, exc)
        )
    return RedirectResponse("/admin/credentials?saved=updated", status_code=303)


@router.post("/{credential_id}/clip")
def clip_submit(
    request: Request,
    credential_id: int,
    db: SessionDep,
    settings: SettingsDep,
    user: PageUser,
    form: CheckedForm,
) -> Response:
    """A video clip (and subtitles) for the credential: checked, transcoded, stored; or, with
    `remove`, the clip taken off. A refused file changes nothing."""
    require_role(user, Role.OWNER)
    video, subtitles = form.get("clip"), form.get("subtitles")
    try:
        if form_str(form, "remove") == "on":
            service.remove_clip(db, settings, user.seller_id, credential_id)
        elif not isinstance(video, UploadFile) or not video.filename:
            raise InvalidInput(A_("choose a video file"))
        else:
            has_subtitles = isinstance(subtitles, UploadFile) and bool(subtitles.filename)
            service.attach_clip(
                db,
                settings,
                user.seller_id,
                credential_id,
                original_name=video.filename,
                data=video.file.read(settings.clip_max_bytes + 1),
                subtitle_data=subtitles.file.read(256 * 1024 + 1)
                if has_subtitles and isinstance(subtitles, UploadFile)
                else None,
                subtitle_lang=form_str(form, "subtitles_lang"),
            )
    except DomainError as exc:
        db.rollback()
        credential = service.get_credential(db, user.seller_id, credential_id)
        return _form_page(
            request, db, user, _stored_values(credential), credential, seller_error(request, exc)
        )
    return RedirectResponse(f"/admin/credentials/{credential_id}", status_code=303)


@router.post("/{credential_id}/delete")
def delete_submit(
    credential_id: int, db: SessionDep, settings: SettingsDep, user: PageUser, form: CheckedForm
) -> Response:
    require_role(user, Role.OWNER)
    service.delete_credential(db, settings, user.seller_id, credential_id)
    return RedirectResponse("/admin/credentials", status_code=303)


@router.post("/{credential_id}/verifications")
def verify_submit(
    request: Request, credential_id: int, db: SessionDep, user: PageUser, form: CheckedForm
) -> Response:
    """Record a verification or withdrawal; a double submit records once (the form's key)."""
    require_role(user, Role.OWNER)
    try:
        data = VerificationIn.model_validate(
            {
                "outcome": form_str(form, "outcome") or "verified",
                "method": form_str(form, "method"),
                "observed": form_str(form, "observed")[:4000] or " ",
                "registry_reference": form_str(form, "registry_reference")[:2048],
                "idempotency_key": form_str(form, "idempotency_key")[:64] or None,
            }
        )
        verification.record_verification(db, user, credential_id, data)
    except ValidationError:
        db.rollback()
        return _verify_refused(
            request, db, user, credential_id, seller_text(request, A_("choose the outcome and how"))
        )
    except DomainError as exc:
        db.rollback()
        return _verify_refused(request, db, user, credential_id, seller_error(request, exc))
    return RedirectResponse(f"/admin/credentials/{credential_id}", status_code=303)


def _verify_refused(
    request: Request, db: SessionDep, user: StaffUser, credential_id: int, message: str
) -> Response:
    credential = service.get_credential(db, user.seller_id, credential_id)
    return _form_page(request, db, user, _stored_values(credential), credential, message)
