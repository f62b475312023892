"""Public size-advice API: advice for a product, its size chart, size conversion."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from crosslive.deps import SessionDep, SettingsDep, client_ip, enforce, page_language
from crosslive.fit import service
from crosslive.fit.lifespan import holder_of
from crosslive.fit.schemas import AdviceIn, AdviceOut, ChartOut, ConversionOut, SizeChance
from crosslive.fit.sizes import Garment, SizeSystem
from crosslive.i18n import N_
from crosslive.ids import PathId
from crosslive.ratelimit import Limit
from crosslive.viewers import MaybeViewer

router = APIRouter(prefix="/fit", tags=["fit"])


def model_holder(request: Request) -> service.ModelHolder:
    """One model holder per app (warmed at start-up by `fit_model_warming`)."""
    return holder_of(request.app)


def rate_limit(request: Request, settings: SettingsDep) -> None:
    limit = Limit(
        "fit-advice",
        count=settings.fit_advice_per_minute,
        window_seconds=60.0,
        message=N_("too many size-advice requests; try again in a minute"),
    )
    enforce(request, limit, client_ip(request))


HolderDep = Annotated[service.ModelHolder, Depends(model_holder)]


@router.post(
    "/advice",
    response_model=AdviceOut,
    dependencies=[Depends(rate_limit)],
    responses={429: {"description": "Too many requests from this address"}},
)
def advice(
    body: AdviceIn,
    request: Request,
    db: SessionDep,
    holder: HolderDep,
    viewer: MaybeViewer,
    settings: SettingsDep,
) -> AdviceOut:
    """Recommend a size of one product for a viewer's body, usual size and fit preference.
    With the viewer's X-Viewer-Token, the size advised is kept with their identity. The
    reason and the hint are written in the page's language (?lang=, the crosslive_lang
    cookie, else Accept-Language)."""
    lang = page_language(request)
    result = service.advice(db, holder, body, settings.fit_between_below)
    if viewer is not None:
        service.record_advice(db, viewer.id, body.product_id, result)
    size_local, runner_up_local = service.local_answer(db, body, result)
    return AdviceOut(
        product_id=body.product_id,
        size=result.size,
        confidence=result.confidence,
        runner_up=result.runner_up,
        reason=result.reason.render(lang),
        source=result.source,
        probabilities=result.probabilities,
        estimated=list(result.estimated),
        sharpen=result.sharpen.render(lang) if result.sharpen else None,
        between=[SizeChance(size=s, confidence=c) for s, c in result.between] or None,
        viewer_system=body.viewer_system,
        size_local=size_local,
        runner_up_local=runner_up_local,
    )


@router.get("/products/{product_id}/chart", response_model=ChartOut)
def chart(product_id: PathId, db: SessionDep, system: SizeSystem | None = None) -> ChartOut:
    """The product's garment measurements per size, in cm and inches; with `system`, each
    size also in that size system (e.g. the viewer's market's)."""
    return service.size_chart(db, product_id, system)


@router.get("/convert", response_model=ConversionOut)
def convert(
    garment: Garment,
    system: SizeSystem,
    size: Annotated[str, Query(min_length=1, max_length=16)],
) -> ConversionOut:
    """One size in every size system."""
    return service.conversion(garment, system, size)
