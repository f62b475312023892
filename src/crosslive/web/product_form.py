"""The product edit form: what the seller typed, kept as text until it all validates.

Variant and size-chart rows arrive as repeated fields (variant_sku, variant_price, ...,
chart_size, chart_chest, ...), one value per table row; rows left blank are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from pydantic import ValidationError
from starlette.datastructures import FormData

from crosslive.catalog.models import Category, Product
from crosslive.catalog.schemas import PriceIn, ProductIn, SizeChartRowIn, VariantIn
from crosslive.catalog.service import SAFETY_FIELDS
from crosslive.errors import InvalidInput
from crosslive.ids import is_whole_number
from crosslive.money import parse_amount, to_decimal

MEASUREMENTS = ("shoulder", "chest", "waist", "hips", "length", "sleeve", "inseam")
# stock_was: the stock shown when the form was opened (hidden). An unchanged stock is left
# alone on save, so orders taken while the seller edits are not overwritten.
VARIANT_FIELDS = (
    "sku",
    "option1",
    "option2",
    "option3",
    "stock",
    "stock_was",
    "price",
    "compare_at",
    "cost",
)
CM_PER_INCH = 2.54
# The catalog's safety fields the form takes as text (the electrical flag is a checkbox).
SAFETY_TEXTS = tuple(name for name in SAFETY_FIELDS if name != "electrical")
_COLUMN = re.compile(r"^[a-z][a-z_]{0,31}$")


def _list(form: FormData, name: str) -> list[str]:
    return [v.strip() if isinstance(v, str) else "" for v in form.getlist(name)]


def _columns(form: FormData, prefix: str, names: tuple[str, ...]) -> list[dict[str, str]]:
    """Repeated fields -> one dict per table row (all columns have one value per row)."""
    columns = {name: _list(form, f"{prefix}_{name}") for name in names}
    count = max((len(values) for values in columns.values()), default=0)
    rows = []
    for index in range(count):
        row = {n: (v[index] if index < len(v) else "") for n, v in columns.items()}
        if any(v for k, v in row.items() if k != "stock_was"):
            rows.append(row)
    return rows


def _number(text: str, what: str) -> float | None:
    if not text:
        return None
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise InvalidInput(f"{what}: {text!r} is not a number") from None
    if not value.is_finite() or value <= 0:
        raise InvalidInput(f"{what}: {text!r} must be a positive number")
    return float(value)


MAX_ITEM_DIGITS = 9  # stock counts: a billion items is not a typo we need to store


def _whole(text: str, what: str) -> int | None:
    if not text:
        return None
    if not is_whole_number(text) or len(text) > MAX_ITEM_DIGITS:
        raise InvalidInput(f"{what}: {text!r} is not a whole number of items")
    return int(text)


def _readable(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = " ".join(str(part) for part in first["loc"] if not isinstance(part, int))
    message = str(first["msg"]).removeprefix("Value error, ")
    return f"{where.replace('_', ' ')}: {message}" if where else message


@dataclass
class ProductForm:
    title: str = ""
    handle: str = ""
    description: str = ""
    vendor: str = ""
    product_type: str = ""
    category: str = Category.APPAREL.value
    tags: str = ""
    published: bool = True
    materials: str = ""
    hs_code: str = ""
    option_names: list[str] = field(default_factory=lambda: ["Size", "Color", ""])
    flaws: str = ""
    model_height: str = ""
    model_weight: str = ""
    model_size: str = ""
    fit_item_id: str = ""
    # Product safety (GPSR) and the electrical flag (PSE/KC), name -> text.
    safety: dict[str, str] = field(default_factory=dict)
    electrical: bool = False
    variants: list[dict[str, str]] = field(default_factory=list)
    chart: list[dict[str, str]] = field(default_factory=list)
    # Size chart columns: the usual ones plus any the product already has (e.g. via the API).
    measurements: list[str] = field(default_factory=lambda: list(MEASUREMENTS))

    @classmethod
    def from_form(cls, form: FormData) -> ProductForm:
        def text(name: str) -> str:
            value = form.get(name)
            return value.strip() if isinstance(value, str) else ""

        extra = [c for c in _list(form, "chart_column") if _COLUMN.match(c)]
        measurements = list(dict.fromkeys([*MEASUREMENTS, *extra]))
        return cls(
            title=text("title"),
            handle=text("handle"),
            description=text("description"),
            vendor=text("vendor"),
            product_type=text("product_type"),
            category=text("category"),
            tags=text("tags"),
            published=text("published") == "on",
            materials=text("materials"),
            hs_code=text("hs_code"),
            option_names=[text(f"option{n}_name") for n in (1, 2, 3)],
            flaws=text("flaws"),
            model_height=text("model_height"),
            model_weight=text("model_weight"),
            model_size=text("model_size"),
            fit_item_id=text("fit_item_id"),
            safety={name: text(name) for name in SAFETY_TEXTS},
            electrical=text("electrical") == "on",
            variants=_columns(form, "variant", VARIANT_FIELDS),
            chart=_columns(form, "chart", ("size", *measurements)),
            measurements=measurements,
        )

    @classmethod
    def from_product(cls, product: Product, currency: str) -> ProductForm:
        def money(amount: int | None) -> str:
            return "" if amount is None else str(to_decimal(amount, currency))

        variants = []
        for v in product.variants:
            price = v.price_in(currency)
            options = [v.option1 or "", v.option2 or "", v.option3 or ""]
            variants.append(
                {
                    "sku": v.sku or "",
                    "option1": options[0],
                    "option2": options[1],
                    "option3": options[2],
                    "stock": str(v.stock),
                    "stock_was": str(v.stock),
                    "price": money(price.amount_minor if price else None),
                    "compare_at": money(price.compare_at_minor if price else None),
                    "cost": money(price.unit_cost_minor if price else None),
                }
            )
        chart = [
            {"size": r.size_label, **{k: f"{v:g}" for k, v in r.measurements_cm.items()}}
            for r in product.size_chart
        ]
        names = [*product.option_names, "", "", ""][:3]
        measured = [k for row in product.size_chart for k in row.measurements_cm]
        return cls(
            title=product.title,
            handle=product.handle,
            description=product.description_html,
            vendor=product.vendor,
            product_type=product.product_type,
            category=product.category.value,
            tags=", ".join(product.tags),
            published=product.published,
            materials=product.materials,
            hs_code=product.hs_code or "",
            option_names=names,
            flaws="\n".join(product.disclosed_flaws),
            model_height=f"{product.model_height_cm:g}" if product.model_height_cm else "",
            model_weight=f"{product.model_weight_kg:g}" if product.model_weight_kg else "",
            model_size=product.model_size_worn or "",
            fit_item_id=str((product.extra or {}).get("fit_item_id") or ""),
            safety={name: getattr(product, name) or "" for name in SAFETY_TEXTS},
            electrical=product.electrical,
            variants=variants,
            chart=chart,
            measurements=list(dict.fromkeys([*MEASUREMENTS, *measured])),
        )

    def _variant(self, number: int, row: dict[str, str], currency: str) -> VariantIn:
        where = f"variant row {number}"
        options = []
        for index in (1, 2, 3):
            value = row[f"option{index}"]
            name = self.option_names[index - 1]
            if value and not name:
                raise InvalidInput(f"{where}: option {index} has a value but no option name")
            if name and not value:
                raise InvalidInput(f"{where}: enter the {name}")
            if value:
                options.append(value)
        if not row["price"]:
            raise InvalidInput(f"{where}: enter a price in {currency}")
        try:
            amount = parse_amount(row["price"], currency)
            compare = parse_amount(row["compare_at"], currency) if row["compare_at"] else None
            cost = parse_amount(row["cost"], currency) if row["cost"] else None
        except InvalidInput as exc:
            raise InvalidInput(f"{where}: {exc.message}") from None
        unchanged = bool(row["stock_was"]) and row["stock"] == row["stock_was"]
        return VariantIn(
            sku=row["sku"] or None,
            options=options,
            stock=None if unchanged else (_whole(row["stock"], f"{where} stock") or 0),
            prices=[
                PriceIn(
                    currency=currency,
                    amount_minor=amount,
                    compare_at_minor=compare,
                    unit_cost_minor=cost,
                )
            ],
        )

    def _chart_row(self, number: int, row: dict[str, str]) -> SizeChartRowIn:
        if not row["size"]:
            raise InvalidInput(f"size chart row {number}: enter the size label (e.g. M)")
        measured = {
            name: _number(row[name], f"size {row['size']} {name}") for name in self.measurements
        }
        return SizeChartRowIn(
            size_label=row["size"],
            measurements_cm={k: v for k, v in measured.items() if v is not None},
        )

    def to_product_in(self, currency: str) -> ProductIn:
        """The validated product, or InvalidInput naming the first field to fix."""
        if self.category not in {c.value for c in Category}:
            raise InvalidInput("choose a category")
        try:
            variants = [self._variant(n, r, currency) for n, r in enumerate(self.variants, 1)]
            chart = [self._chart_row(n, r) for n, r in enumerate(self.chart, start=1)]
            return ProductIn(
                title=self.title,
                handle=self.handle or None,
                description_html=self.description,
                vendor=self.vendor,
                product_type=self.product_type,
                category=Category(self.category),
                tags=self.tags.split(","),
                published=self.published,
                materials=self.materials,
                hs_code=self.hs_code or None,
                option_names=[n for n in self.option_names if n],
                disclosed_flaws=self.flaws.splitlines(),
                model_height_cm=_number(self.model_height, "model height"),
                model_weight_kg=_number(self.model_weight, "model weight"),
                model_size_worn=self.model_size or None,
                fit_item_id=self.fit_item_id,
                **{name: self.safety.get(name, "") for name in SAFETY_TEXTS[:-1]},
                safety_warnings_lang=self.safety.get("safety_warnings_lang") or "en",
                electrical=self.electrical,
                variants=variants,
                size_chart=chart,
            )
        except ValidationError as exc:
            raise InvalidInput(_readable(exc)) from None
