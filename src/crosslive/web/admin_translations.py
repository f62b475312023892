"""Seller admin pages for content per language: a product's, a credential's or a show's
text side by side with its translations, saved a field at a time; machine drafts and their
approval; the upload of Shopify's translation export.

Every staff member of the store reads; only owners write (as for the entities themselves).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from crosslive import i18n
from crosslive.auth.models import Role, StaffUser
from crosslive.auth.service import require_role
from crosslive.content import drafts, fields, service
from crosslive.content.languages import WRITTEN, draftable, normalise
from crosslive.content.shopify_csv import (
    MAX_IMPORT_BYTES,
    TranslationImportFailed,
    import_translations,
)
from crosslive.db import run_in_transaction
from crosslive.deps import SessionDep
from crosslive.errors import DomainError, InvalidInput, NotFound
from crosslive.i18n import A_
from crosslive.state import state_of
from crosslive.translation.service import Translator
from crosslive.web.admin_language import seller_error, seller_text
from crosslive.web.pages import CheckedForm, PageUser, PageUserOffLoop, form_str, render

router = APIRouter(prefix="/admin/translations", include_in_schema=False)
KINDS = {"product": "products", "credential": "credentials", "show": "shows"}
NOTICES = {"saved": A_("Saved."), "approved": A_("Approved.")}
NOT_DRAFTED = A_("Machine translation does not write {languages}: type that text yourself.")


def _label(request: Request, field: str) -> str:
    template, values = fields.label_parts(field)
    return seller_text(request, template, **values)


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise NotFound(f"no such kind of content: {kind!r}")
    return kind


def _page(
    request: Request,
    db: Session,
    user: StaffUser,
    kind: str,
    entity_id: int,
    *,
    notice: str | None = None,
    error: str | None = None,
) -> HTMLResponse:
    originals = service.originals(db, user.seller_id, _kind(kind), entity_id)
    added = [a for a in request.query_params.getlist("add") if a in WRITTEN]
    languages = service.columns_for(db, user.seller_id, kind, entity_id, added)
    context: dict[str, Any] = {
        "section": KINDS[kind],
        "can_edit": user.role == Role.OWNER,
        "kind": kind,
        "entity_id": entity_id,
        "back": f"/admin/{KINDS[kind]}/{entity_id}",
        "name": originals.get("title") or originals.get("claim", ""),
        "originals": originals,
        "labels": {name: _label(request, name) for name in originals},
        "languages": languages,
        "addable": [lang for lang in WRITTEN if lang not in languages],
        "rows": service.rows_of(db, kind, entity_id),
        "notice": notice,
        "error": error,
    }
    status = 422 if error else 200
    return render(request, "admin/translations.html", context, user=user, status_code=status)


@router.get("/import", response_class=HTMLResponse)
def import_page(request: Request, user: PageUser) -> HTMLResponse:
    require_role(user, Role.OWNER)
    return render(request, "admin/translations_import.html", {"section": "products"}, user=user)


@router.post("/import", response_model=None)
def import_upload(
    request: Request, db: SessionDep, user: PageUser, submitted: CheckedForm
) -> HTMLResponse:
    require_role(user, Role.OWNER)
    upload = submitted.get("file")
    context: dict[str, Any] = {"section": "products"}
    try:
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise InvalidInput("choose the CSV file Shopify exported")
        data = upload.file.read(MAX_IMPORT_BYTES + 1)
        context["report"] = import_translations(db, user.seller, data)
    except DomainError as exc:
        db.rollback()
        context["error"] = seller_error(request, exc)
        if isinstance(exc, TranslationImportFailed):
            context["errors"] = exc.errors
        return render(
            request, "admin/translations_import.html", context, user=user, status_code=422
        )
    return render(request, "admin/translations_import.html", context, user=user)


@router.get("/{kind}/{entity_id}", response_class=HTMLResponse)
def translations_page(
    request: Request, kind: str, entity_id: int, db: SessionDep, user: PageUser
) -> HTMLResponse:
    notice = NOTICES.get(request.query_params.get("notice", ""))
    drafted = request.query_params.get("drafted")
    if drafted is not None:
        missing = request.query_params.get("unavailable", "0")
        notice = seller_text(
            request, A_("Drafted {count} field(s) with machine translation."), count=drafted
        )
        if missing != "0":
            unavailable = A_(
                "Translation unavailable for {count} field(s): they show the original."
            )
            notice += " " + seller_text(request, unavailable, count=missing)
        named = {normalise(tag) for tag in request.query_params.get("not_drafted", "").split(",")}
        not_drafted = [lang for lang in WRITTEN if lang in named and not draftable(lang)]
        if not_drafted:
            names = ", ".join(i18n.native_name(lang) for lang in not_drafted)
            notice += " " + seller_text(request, NOT_DRAFTED, languages=names)
    return _page(request, db, user, kind, entity_id, notice=notice)


@router.post("/{kind}/{entity_id}", response_model=None)
def save_field(
    request: Request,
    kind: str,
    entity_id: int,
    db: SessionDep,
    user: PageUser,
    submitted: CheckedForm,
) -> Response:
    """Save one field in one language (the seller's words: approved), or approve a draft."""
    require_role(user, Role.OWNER)
    name, locale = form_str(submitted, "field"), form_str(submitted, "locale")
    try:
        if form_str(submitted, "action") == "approve":
            service.approve(db, user.seller_id, _kind(kind), entity_id, name, locale)
            notice = "approved"
        else:
            text = submitted.get("text")
            value = text if isinstance(text, str) else ""
            service.save(db, user.seller_id, _kind(kind), entity_id, name, locale, value)
            notice = "saved"
    except InvalidInput as exc:
        db.rollback()
        return _page(request, db, user, kind, entity_id, error=seller_error(request, exc))
    url = f"/admin/translations/{kind}/{entity_id}?notice={notice}"
    return RedirectResponse(url, status_code=303)


@router.post("/{kind}/{entity_id}/draft")
async def draft(
    request: Request, kind: str, entity_id: int, user: PageUserOffLoop, submitted: CheckedForm
) -> RedirectResponse:
    """Draft every missing field with the configured translation provider."""
    require_role(user, Role.OWNER)
    state = state_of(request.app)

    def languages(db: Session) -> list[str]:
        return service.columns_for(db, user.seller_id, _kind(kind), entity_id)

    wanted = await run_in_transaction(state.session_factory, languages)
    report = await drafts.draft_missing(
        state.session_factory, state.get(Translator), user.seller_id, kind, entity_id, wanted
    )
    url = (
        f"/admin/translations/{kind}/{entity_id}?drafted={len(report.drafted)}"
        f"&unavailable={len(report.unavailable)}&not_drafted={','.join(report.not_drafted)}"
    )
    return RedirectResponse(url, status_code=303)
