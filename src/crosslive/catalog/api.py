"""Products API: staff of a store read its catalog; owners change it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Response, UploadFile

from crosslive.auth.deps import CurrentStaff
from crosslive.auth.models import Role
from crosslive.auth.service import require_role
from crosslive.catalog import service
from crosslive.catalog.models import Lighting
from crosslive.catalog.schemas import ImageOut, ImageUpdate, ProductIn, ProductOut, ProductSummary
from crosslive.deps import SessionDep, SettingsDep
from crosslive.ids import PathId

router = APIRouter(prefix="/products", tags=["catalog"])


@router.get("", response_model=list[ProductSummary])
def list_products(db: SessionDep, user: CurrentStaff) -> list[ProductSummary]:
    return [service.summarize(p) for p in service.list_products(db, user.seller_id)]


@router.get("/{product_id}", response_model=ProductOut)
def get_product(product_id: PathId, db: SessionDep, user: CurrentStaff) -> ProductOut:
    return ProductOut.model_validate(service.get_product(db, user.seller_id, product_id))


@router.post("", response_model=ProductOut, status_code=201)
def create_product(body: ProductIn, db: SessionDep, user: CurrentStaff) -> ProductOut:
    require_role(user, Role.OWNER)
    return ProductOut.model_validate(service.create_product(db, user.seller, body))


@router.put("/{product_id}", response_model=ProductOut)
def update_product(
    product_id: PathId, body: ProductIn, db: SessionDep, user: CurrentStaff
) -> ProductOut:
    """Replace the product. Variants are matched by SKU and keep their ids; omitted ones go."""
    require_role(user, Role.OWNER)
    return ProductOut.model_validate(service.update_product(db, user.seller, product_id, body))


@router.delete("/{product_id}", status_code=204)
def delete_product(
    product_id: PathId, db: SessionDep, settings: SettingsDep, user: CurrentStaff
) -> Response:
    require_role(user, Role.OWNER)
    service.delete_product(db, settings, user.seller_id, product_id)
    return Response(status_code=204)


@router.post("/{product_id}/images", response_model=ImageOut, status_code=201)
def upload_image(
    product_id: PathId,
    db: SessionDep,
    settings: SettingsDep,
    user: CurrentStaff,
    file: Annotated[UploadFile, File(description="JPEG, PNG or WebP")],
    lighting: Annotated[Lighting, Form()] = Lighting.UNSPECIFIED,
    alt: Annotated[str, Form(max_length=512)] = "",
) -> ImageOut:
    require_role(user, Role.OWNER)
    data = file.file.read(settings.image_max_bytes + 1)
    image = service.add_image(
        db, settings, user.seller_id, product_id, data, lighting=lighting, alt=alt
    )
    return ImageOut.model_validate(image)


@router.patch("/{product_id}/images/{image_id}", response_model=ImageOut)
def update_image(
    product_id: PathId, image_id: PathId, body: ImageUpdate, db: SessionDep, user: CurrentStaff
) -> ImageOut:
    require_role(user, Role.OWNER)
    image = service.update_image(db, user.seller_id, product_id, image_id, body)
    return ImageOut.model_validate(image)


@router.delete("/{product_id}/images/{image_id}", status_code=204)
def delete_image(
    product_id: PathId, image_id: PathId, db: SessionDep, settings: SettingsDep, user: CurrentStaff
) -> Response:
    require_role(user, Role.OWNER)
    service.delete_image(db, settings, user.seller_id, product_id, image_id)
    return Response(status_code=204)
