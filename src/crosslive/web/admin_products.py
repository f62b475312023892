"""Seller admin pages for the catalog: list, view, create and edit products, upload photos.

Every staff member of the store reads; only owners change. A rejected form is shown again
with what was typed and one clear message; nothing of it is saved.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from crosslive.auth.models import Role, StaffUser
from crosslive.auth.service import require_role
from crosslive.catalog import service
from crosslive.catalog.models import Category, Lighting, Product
from crosslive.catalog.schemas import ImageUpdate
from crosslive.compliance import claims
from crosslive.deps import SessionDep, SettingsDep
from crosslive.errors import DomainError, InvalidInput
from crosslive.i18n import A_
from crosslive.web import market_findings
from crosslive.web.admin_language import seller_error
from crosslive.web.pages import CheckedForm, PageUser, form_str, render
from crosslive.web.product_form import CM_PER_INCH, MEASUREMENTS, ProductForm

router = APIRouter(prefix="/admin/products", include_in_schema=False)


def _base(user: StaffUser, **extra: Any) -> dict[str, Any]:
    return {
        "section": "products",
        "can_edit": user.role == Role.OWNER,
        "currency": user.seller.base_currency,
        **extra,
    }


def _form_page(
    request: Request,
    user: StaffUser,
    form: ProductForm,
    product: Product | None,
    *,
    error: str | None = None,
) -> HTMLResponse:
    context = _base(
        user,
        form=form,
        product=product,
        error=error,
        categories=[c.value for c in Category],
    )
    status = 422 if error else 200
    return render(request, "admin/products/form.html", context, user=user, status_code=status)


def _detail_page(
    request: Request, db: Session, user: StaffUser, product_id: int, **extra: Any
) -> HTMLResponse:
    product = service.get_product(db, user.seller_id, product_id)
    measured = {k for row in product.size_chart for k in row.measurements_cm}
    columns = [m for m in MEASUREMENTS if m in measured] + sorted(measured - set(MEASUREMENTS))
    context = _base(
        user,
        product=product,
        chart_columns=columns,
        cm_per_inch=CM_PER_INCH,
        lightings=[Lighting.STUDIO.value, Lighting.NATURAL.value],
        # Per market: what its rules miss in this product and whether it is hidden there.
        market_rules=market_findings.table(request, db, product),
        # Per market: the claims in its title, description and flaws the rules flag.
        claim_rules=market_findings.claim_table(claims.product_findings(db, product)),
        **extra,
    )
    status = 422 if extra.get("error") else 200
    return render(request, "admin/products/detail.html", context, user=user, status_code=status)


@router.get("", response_class=HTMLResponse)
def product_list(request: Request, db: SessionDep, user: PageUser) -> HTMLResponse:
    products = service.list_products(db, user.seller_id)
    notice = A_("Product deleted.") if request.query_params.get("notice") == "deleted" else None
    context = _base(user, products=products, notice=notice)
    return render(request, "admin/products/list.html", context, user=user)


@router.get("/new", response_class=HTMLResponse)
def new_product(request: Request, user: PageUser) -> HTMLResponse:
    require_role(user, Role.OWNER)
    return _form_page(request, user, ProductForm(), None)


@router.post("/new", response_model=None)
def create_product(
    request: Request, db: SessionDep, user: PageUser, submitted: CheckedForm
) -> Response:
    require_role(user, Role.OWNER)
    form = ProductForm.from_form(submitted)
    try:
        data = form.to_product_in(user.seller.base_currency)
        product = service.create_product(db, user.seller, data)
    except DomainError as exc:
        db.rollback()
        return _form_page(request, user, form, None, error=seller_error(request, exc))
    return RedirectResponse(f"/admin/products/{product.id}?notice=saved", status_code=303)


@router.get("/{product_id}", response_class=HTMLResponse)
def product_detail(
    request: Request, product_id: int, db: SessionDep, user: PageUser
) -> HTMLResponse:
    notice = A_("Saved.") if request.query_params.get("notice") == "saved" else None
    return _detail_page(request, db, user, product_id, notice=notice)


@router.get("/{product_id}/edit", response_class=HTMLResponse)
def edit_product(request: Request, product_id: int, db: SessionDep, user: PageUser) -> HTMLResponse:
    require_role(user, Role.OWNER)
    product = service.get_product(db, user.seller_id, product_id)
    form = ProductForm.from_product(product, user.seller.base_currency)
    return _form_page(request, user, form, product)


@router.post("/{product_id}/edit", response_model=None)
def update_product(
    request: Request, product_id: int, db: SessionDep, user: PageUser, submitted: CheckedForm
) -> Response:
    require_role(user, Role.OWNER)
    form = ProductForm.from_form(submitted)
    try:
        data = form.to_product_in(user.seller.base_currency)
        service.update_product(db, user.seller, product_id, data, keep_other_currencies=True)
    except DomainError as exc:
        db.rollback()
        product = service.get_product(db, user.seller_id, product_id)
        return _form_page(request, user, form, product, error=seller_error(request, exc))
    return RedirectResponse(f"/admin/products/{product_id}?notice=saved", status_code=303)


@router.post("/{product_id}/delete")
def delete_product(
    product_id: int, db: SessionDep, settings: SettingsDep, user: PageUser, submitted: CheckedForm
) -> RedirectResponse:
    require_role(user, Role.OWNER)
    service.delete_product(db, settings, user.seller_id, product_id)
    return RedirectResponse("/admin/products?notice=deleted", status_code=303)


@router.post("/{product_id}/images", response_model=None)
def upload_image(
    request: Request,
    product_id: int,
    db: SessionDep,
    settings: SettingsDep,
    user: PageUser,
    submitted: CheckedForm,
) -> Response:
    require_role(user, Role.OWNER)
    upload = submitted.get("file")
    try:
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise InvalidInput(A_("choose a photo to upload"))
        lighting = form_str(submitted, "lighting")
        if lighting not in (Lighting.STUDIO.value, Lighting.NATURAL.value):
            raise InvalidInput(A_("say whether the photo was taken in studio or natural light"))
        data = upload.file.read(settings.image_max_bytes + 1)
        service.add_image(
            db,
            settings,
            user.seller_id,
            product_id,
            data,
            lighting=Lighting(lighting),
            alt=form_str(submitted, "alt"),
        )
    except InvalidInput as exc:
        db.rollback()
        return _detail_page(request, db, user, product_id, error=seller_error(request, exc))
    return RedirectResponse(f"/admin/products/{product_id}#photos", status_code=303)


@router.post("/{product_id}/images/{image_id}")
def update_image(
    product_id: int,
    image_id: int,
    db: SessionDep,
    settings: SettingsDep,
    user: PageUser,
    submitted: CheckedForm,
) -> RedirectResponse:
    require_role(user, Role.OWNER)
    if form_str(submitted, "action") == "delete":
        service.delete_image(db, settings, user.seller_id, product_id, image_id)
    else:
        lighting, alt = form_str(submitted, "lighting"), form_str(submitted, "alt")
        if lighting not in {x.value for x in Lighting} or len(alt) > 512:
            raise InvalidInput(A_("choose studio or natural light; alt text up to 512 characters"))
        changes = ImageUpdate(alt=alt, lighting=Lighting(lighting))
        service.update_image(db, user.seller_id, product_id, image_id, changes)
    return RedirectResponse(f"/admin/products/{product_id}#photos", status_code=303)
