"""Size advice for a catalog product: reads its size chart, asks the advisor."""

from __future__ import annotations

import logging
import threading
from collections.abc import Collection
from pathlib import Path

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from crosslive.catalog.models import Category, Product, SizeChartRow, Variant
from crosslive.catalog.size_option import size_of
from crosslive.errors import InvalidInput, NotFound
from crosslive.fit.advisor import BETWEEN_BELOW, ProductSizing, Profile, advise
from crosslive.fit.body_advice import no_advice_reason
from crosslive.fit.chart import Advice, ChartSize
from crosslive.fit.ease import style_of
from crosslive.fit.feedback import category_tally, product_tally
from crosslive.fit.local_sizes import local_labels
from crosslive.fit.model import FitModel, ModelUnavailable, load_model
from crosslive.fit.models import AdviceGiven
from crosslive.fit.neighbours import (
    MAX_DISTANCE_CM,
    Candidate,
    chart_distance,
    nearest,
    pooled,
)
from crosslive.fit.records import parse_size
from crosslive.fit.schemas import AdviceIn, ChartOut, ChartRowOut, ConversionOut
from crosslive.fit.sizes import SYSTEMS, Garment, SizeSystem, convert, rows_for
from crosslive.fit.store_offset import MIN_ROWS, Tally, item_offset, shifted
from crosslive.i18n import N_

log = logging.getLogger(__name__)
MENS_TAGS = {"men", "mens", "men's", "male"}
# At most this many of the seller's products of a category are compared for cold start.
NEIGHBOUR_POOL = 200


class ModelHolder:
    """Loads the fit model once, on first use; a bad model is logged once and skipped."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._lock = threading.Lock()
        self._loaded = False
        self._model: FitModel | None = None

    def get(self) -> FitModel | None:
        with self._lock:
            if not self._loaded:
                self._loaded = True
                try:
                    self._model = load_model(self.directory)
                    log.info("fit model loaded from %s", self.directory)
                except ModelUnavailable as exc:
                    log.warning("fit model unavailable, using size charts: %s", exc)
            return self._model


def _published_product(db: Session, product_id: int) -> Product:
    product = db.get(Product, product_id)
    if product is None or not product.published:
        raise NotFound(N_("no product {id}"), id=product_id)
    return product


def default_garment(product: Product) -> Garment:
    mens = bool(MENS_TAGS & {t.strip().lower() for t in product.tags})
    if product.category is Category.SHOES:
        return Garment.MENS_SHOES if mens else Garment.WOMENS_SHOES
    return Garment.MENS_APPAREL if mens else Garment.WOMENS_APPAREL


def product_sizing(db: Session, product: Product, garment: Garment | None) -> ProductSizing:
    rows = db.scalars(
        select(SizeChartRow)
        .where(SizeChartRow.product_id == product.id)
        .order_by(SizeChartRow.position, SizeChartRow.id)
    ).all()
    sizes = [ChartSize(r.size_label, dict(r.measurements_cm or {})) for r in rows]
    if not sizes:
        sizes = [ChartSize(label) for label in variant_size_labels(product)]
    fit_item = str((product.extra or {}).get("fit_item_id") or product.handle)
    garment = garment or default_garment(product)
    style = style_of(garment, product.product_type or "", product.tags)
    return ProductSizing(garment, sizes, fit_item, style)


def variant_size(product: Product, variant: Variant) -> str | None:
    """VARIANT's size: its size option (crosslive.catalog.size_option), never a colour. A
    product whose options have no names at all reads its first option as the size when that
    is one (S, M, 38): the size is then the only thing its variants differ by."""
    chart = frozenset(row.size_label for row in product.size_chart)
    size = size_of(variant.options, product.option_names or [], chart)
    if size is None and not product.option_names and parse_size(variant.option1) is not None:
        return variant.option1
    return size


def variant_size_labels(product: Product) -> list[str]:
    """The sizes PRODUCT's variants come in, in the variants' order, each once."""
    found = (variant_size(product, variant) for variant in product.variants)
    return list(dict.fromkeys(size for size in found if size))


def viewer_sizes(product: Product, system: SizeSystem | None) -> dict[str, str]:
    """The product's size labels (chart rows and the variants' sizes) in SYSTEM:
    {"38": "JP 11"}; empty when SYSTEM is None or the labels match no size system."""
    labels = [row.size_label for row in product.size_chart]
    labels += [size for size in variant_size_labels(product) if size not in labels]
    return local_labels(default_garment(product), labels, system)


def advice(
    db: Session, holder: ModelHolder, request: AdviceIn, between_below: float = BETWEEN_BELOW
) -> Advice:
    """The recommended size of the product for this viewer; InvalidInput when impossible."""
    product = _published_product(db, request.product_id)
    sizing = product_sizing(db, product, request.garment)
    if not sizing.sizes:
        raise InvalidInput(N_("this product has no sizes to advise on"))
    usual = None
    if request.usual_system is not None and request.usual_size is not None:
        rows_for(sizing.garment, request.usual_system, request.usual_size)  # validates
        usual = (request.usual_system, request.usual_size)
    profile = Profile(
        height_cm=request.height_cm,
        weight_kg=request.weight_kg,
        preference=request.preference,
        usual=usual,
        bust_cm=request.bust_cm,
        waist_cm=request.waist_cm,
        hips_cm=request.hips_cm,
        foot_cm=request.foot_cm,
        age=request.age,
        body_type=request.body_type or "",
    )
    model = holder.get()
    result = advise(model, sizing, profile, between_below)
    if result is None:
        raise no_advice_reason(sizing, profile)
    if result.source == "model":
        return result
    return store_feedback_advice(db, product, sizing, result, model)


def store_feedback_advice(
    db: Session,
    product: Product,
    sizing: ProductSizing,
    cold: Advice,
    model: FitModel | None = None,
) -> Advice:
    """COLD (chart or size-table advice) moved by the store's own fit feedback on the product
    once it has enough answers (`store_offset`); until then by the answers on its nearest
    items (`neighbours`) when they have enough between them."""
    own = product_tally(db, product.id)
    category = category_tally(db, product.seller_id, product.category, product.id)
    labels = [s.label for s in sizing.sizes]
    if own.rows >= MIN_ROWS:
        return shifted(cold, labels, item_offset(own, category))
    near = nearest(sizing.sizes, _candidates(db, product, sizing.sizes, model))
    borrowed = pooled(near)
    if borrowed.rows < MIN_ROWS:
        return shifted(cold, labels, item_offset(own, category))
    return shifted(cold, labels, item_offset(borrowed, category), tuple(n.key for n in near))


def _candidates(
    db: Session, product: Product, chart: list[ChartSize], model: FitModel | None
) -> list[Candidate]:
    """The seller's other published products of PRODUCT's category whose size chart is close
    to CHART, each with its store answers plus, when linked to an item the model knows, its
    rentals."""
    others = db.scalars(
        select(Product)
        .where(
            Product.seller_id == product.seller_id,
            Product.category == product.category,
            Product.id != product.id,
            Product.published.is_(True),
            exists().where(SizeChartRow.product_id == Product.id),
        )
        .order_by(Product.id)
        .limit(NEIGHBOUR_POOL)
    ).all()
    candidates = []
    for other in others:
        sizes = [ChartSize(r.size_label, dict(r.measurements_cm or {})) for r in other.size_chart]
        distance = chart_distance(chart, sizes)
        if distance is None or distance > MAX_DISTANCE_CM:
            continue
        tally = product_tally(db, other.id)
        linked = (other.extra or {}).get("fit_item_id")
        if model is not None and linked:
            rows, small, large = model.item_counts(str(linked))
            tally = Tally(tally.rows + rows, tally.small + small, tally.large + large)
        candidates.append(Candidate(other.title or other.handle, sizes, tally))
    return candidates


def local_answer(db: Session, request: AdviceIn, given: Advice) -> tuple[str | None, str | None]:
    """The advised size and runner-up in the viewer's size system, when it differs."""
    if request.viewer_system is None:
        return None, None
    sizing = product_sizing(db, _published_product(db, request.product_id), request.garment)
    local = local_labels(sizing.garment, [s.label for s in sizing.sizes], request.viewer_system)
    return local.get(given.size), local.get(given.runner_up or "")


def record_advice(db: Session, viewer_id: str, product_id: int, given: Advice) -> None:
    """Keep the size advised to a viewer (not the measurements they gave)."""
    db.add(
        AdviceGiven(
            viewer_id=viewer_id,
            product_id=product_id,
            size=given.size,
            confidence=given.confidence,
            source=given.source,
        )
    )
    db.flush()


def advised_sizes(db: Session, viewer_id: str, product_ids: Collection[int]) -> dict[int, str]:
    """The latest size advised to VIEWER_ID for each of PRODUCT_IDS that got advice."""
    if not product_ids:
        return {}
    rows = db.execute(
        select(AdviceGiven.product_id, AdviceGiven.size)
        .where(AdviceGiven.viewer_id == viewer_id, AdviceGiven.product_id.in_(product_ids))
        .order_by(AdviceGiven.created_at, AdviceGiven.id)
    )
    return {product_id: size for product_id, size in rows}  # the latest wins


def size_chart(db: Session, product_id: int, system: SizeSystem | None = None) -> ChartOut:
    """The product's garment measurements in cm and inches (sizes also in SYSTEM if given)."""
    product = _published_product(db, product_id)
    sizing = product_sizing(db, product, None)
    local = local_labels(sizing.garment, [s.label for s in sizing.sizes], system)
    rows = [
        ChartRowOut(
            size=size.label,
            local=local.get(size.label),
            cm={k: round(float(v), 1) for k, v in size.measurements_cm.items()},
            inches={k: round(float(v) / 2.54, 1) for k, v in size.measurements_cm.items()},
        )
        for size in sizing.sizes
        if size.measurements_cm
    ]
    return ChartOut(product_id=product.id, garment=sizing.garment, rows=rows)


def conversion(garment: Garment, system: SizeSystem, size: str) -> ConversionOut:
    """SIZE of SYSTEM in every other system."""
    sizes = {target.value: convert(garment, system, size, target) for target in SYSTEMS}
    return ConversionOut(garment=garment, system=system, size=size, sizes=sizes)
