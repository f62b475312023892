"""Content translations API: staff of a store read them; owners write, draft and import."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Literal

from fastapi import APIRouter, File, Request, Response, UploadFile

from crosslive.auth.deps import CurrentStaff, StaffOffLoop
from crosslive.auth.models import Role
from crosslive.auth.service import require_role
from crosslive.content import drafts, service
from crosslive.content.schemas import (
    DraftIn,
    DraftOut,
    EntityTranslations,
    ImportOut,
    TranslationIn,
    TranslationOut,
)
from crosslive.content.shopify_csv import MAX_IMPORT_BYTES, import_translations
from crosslive.db import run_in_transaction
from crosslive.deps import SessionDep
from crosslive.errors import InvalidInput
from crosslive.ids import PathId
from crosslive.state import state_of
from crosslive.translation.service import Translator

router = APIRouter(prefix="/translations", tags=["content"])
Kind = Literal["product", "credential", "show"]


@router.get("/{kind}/{entity_id}", response_model=EntityTranslations)
def entity_translations(
    kind: Kind, entity_id: PathId, db: SessionDep, user: CurrentStaff
) -> EntityTranslations:
    originals = service.originals(db, user.seller_id, kind, entity_id)
    rows = service.rows_of(db, kind, entity_id)
    return EntityTranslations(
        entity_type=kind,
        entity_id=entity_id,
        originals=originals,
        languages=service.columns_for(db, user.seller_id, kind, entity_id),
        translations=[TranslationOut.model_validate(r) for r in rows.values()],
    )


@router.put("/{kind}/{entity_id}/{field}/{locale}", response_model=TranslationOut)
def save_translation(
    kind: Kind,
    entity_id: PathId,
    field: str,
    locale: str,
    body: TranslationIn,
    db: SessionDep,
    user: CurrentStaff,
) -> TranslationOut | Response:
    """Set one field in one language (approved: the seller's own words); empty removes it."""
    require_role(user, Role.OWNER)
    row = service.save(db, user.seller_id, kind, entity_id, field, locale, body.text)
    if row is None:
        return Response(status_code=204)
    return TranslationOut.model_validate(row)


@router.post("/{kind}/{entity_id}/{field}/{locale}/approve", response_model=TranslationOut)
def approve_translation(
    kind: Kind, entity_id: PathId, field: str, locale: str, db: SessionDep, user: CurrentStaff
) -> TranslationOut:
    require_role(user, Role.OWNER)
    row = service.approve(db, user.seller_id, kind, entity_id, field, locale)
    return TranslationOut.model_validate(row)


@router.post("/{kind}/{entity_id}/draft", response_model=DraftOut)
async def draft_translations(
    request: Request, kind: Kind, entity_id: PathId, body: DraftIn, user: StaffOffLoop
) -> DraftOut:
    """Draft the missing translations with the configured provider (status "machine");
    fields it cannot translate come back as `unavailable`."""
    require_role(user, Role.OWNER)
    state = state_of(request.app)
    factory = state.session_factory

    def languages(db: SessionDep) -> list[str]:
        if body.languages:
            return [service.checked_locale(lang) for lang in body.languages]
        return service.columns_for(db, user.seller_id, kind, entity_id)

    wanted = await run_in_transaction(factory, languages)
    report = await drafts.draft_missing(
        factory, state.get(Translator), user.seller_id, kind, entity_id, wanted
    )
    return DraftOut(**asdict(report))


@router.post("/import", response_model=ImportOut)
def import_file(
    file: Annotated[UploadFile, File(description="Shopify's translations export CSV")],
    db: SessionDep,
    user: CurrentStaff,
) -> ImportOut:
    """Import Shopify's translation export: every row or none (422 lists the bad rows)."""
    require_role(user, Role.OWNER)
    data = file.file.read(MAX_IMPORT_BYTES + 1)
    if not data:
        raise InvalidInput("the file is empty")
    return ImportOut(**asdict(import_translations(db, user.seller, data)))
